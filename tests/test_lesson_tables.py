"""Every table in a lesson has a heading over each column (axe: empty-table-header; issue 12 #15)."""
from __future__ import annotations

import re

from classroom.lessons.library import default_library
from classroom.lessons.render import fill, to_html

HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)


def test_no_lesson_table_has_an_empty_column_header() -> None:
    lessons = list(default_library().lessons.values())
    tables = 0
    for lesson in lessons:
        for section in lesson.sections:
            html = str(to_html(fill(section.markdown, None)))
            tables += html.count("<table")
            for header in HEADER.findall(html):
                assert re.sub(r"<[^>]+>", "", header).strip(), f"{lesson.slug}: a table column without a heading"
    assert tables >= 3, "the lessons' tables were read"
