"""Lesson plans: loading and checking the files, who sees which part, sanitising, handouts."""
from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import lxml.html
import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from classroom.assignments.models import Assignment
from classroom.cases.services import create_case
from classroom.config import PACKAGE_DIR
from classroom.extensions import db
from classroom.lessons import library as lesson_library
from classroom.lessons.library import default_library, load_file, load_library
from classroom.lessons.render import case_values, fill, to_html

from .factories import case_data

GOOD = """---
slug: {slug}
title: A good lesson
bands: [middle, high]
duration: 30 minutes
objectives:
  - Students can say what a right is.
udhr_articles: [1, 19]
---

::: student
## For students
Everyone has rights.
:::

::: teacher
## Teacher notes
Keep it calm.
:::
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _good(slug: str) -> str:
    return GOOD.format(slug=slug)


# --- the project's own lessons -----------------------------------------------------------

def test_every_bundled_lesson_loads() -> None:
    library = load_library()
    assert library.problems == []
    assert {"what-are-human-rights", "what-is-an-urgent-action", "writing-an-appeal", "solidarity-messages",
            "case-discussion"} <= set(library.lessons)
    for lesson in library.lessons.values():
        assert any(s.audience == "student" for s in lesson.sections)
        assert any(s.audience == "teacher" for s in lesson.sections), lesson.slug


# --- bad files are reported by file and field, and the rest still load -----------------------

BAD_FRONT_MATTER = [
    (GOOD.replace("title: A good lesson\n", ""), "title", "missing"),
    (GOOD.replace("duration: 30 minutes\n", "duration: 30 minutes\nauthor: Me\n"), "author", "unknown field"),
    (GOOD.replace("slug: {slug}", "slug: another-name"), "slug", "must be the file name"),
    (GOOD.replace("bands: [middle, high]", "bands: [middle, toddlers]"), "bands", "must be a list from"),
    (GOOD.replace("bands: [middle, high]", "bands: middle"), "bands", "must be a list from"),
    (GOOD.replace("udhr_articles: [1, 19]", "udhr_articles: [1, 31]"), "udhr_articles", "from 1 to 30"),
    (GOOD.replace("duration: 30 minutes\n", "duration: 30 minutes\nkind: quiz\n"), "kind", "must be one of"),
    (GOOD.replace("  - Students can say what a right is.", "  - {a: b}"), "objectives", "list of text lines"),
    (GOOD.replace("::: teacher", "::: student\n::: teacher"), "body", "opens inside another block"),
    (GOOD.replace("Keep it calm.\n:::", "Keep it calm."), "body", "not closed"),
    (GOOD.replace("::: student", "::: teacher"), "body", "no '::: student' section"),
    (GOOD.replace("title: A good lesson", "title: [unclosed"), None, "unreadable"),
    (GOOD.replace("---\n\n::: student", "\n::: student", 1)[4:], None, "front matter"),
    (GOOD.replace("slug: {slug}\n", "- just a list\n"), None, "unreadable"),
]


@pytest.mark.parametrize("text, field, message", BAD_FRONT_MATTER)
def test_a_bad_file_is_reported_by_file_and_field(tmp_path: Path, text: str, field: str | None,
                                                  message: str) -> None:
    path = _write(tmp_path, "broken.md", text.replace("{slug}", "broken"))
    lesson, problems = load_file(path)
    assert lesson is None and problems
    assert any(p.file == "broken.md" and p.field == field and message in p.message for p in problems), problems
    assert str(problems[0]).startswith("broken.md")


def test_a_bad_file_never_breaks_the_rest(tmp_path: Path) -> None:
    _write(tmp_path, "good-one.md", _good("good-one"))
    _write(tmp_path, "broken.md", _good("broken").replace("bands: [middle, high]", "bands: [nursery]"))
    _write(tmp_path, "not-utf8.md", "")
    (tmp_path / "not-utf8.md").write_bytes(_good("not-utf8").encode("utf-16"))
    _write(tmp_path, "README.md", "# Not a lesson\n")
    library = load_library(tmp_path)
    assert list(library.lessons) == ["good-one"]
    assert sorted((p.file, p.field) for p in library.problems) == [("broken.md", "bands"), ("not-utf8.md", None)]


def test_unmarked_text_is_teacher_only(tmp_path: Path) -> None:
    text = _good("loose").replace("::: student", "Loose words before any block.\n\n::: student")
    lesson, problems = load_file(_write(tmp_path, "loose.md", text))
    assert problems == [] and lesson is not None
    assert "Loose words" not in lesson.markdown_for("student")
    assert "Loose words" in lesson.markdown_for("teacher")


def test_check_command_reports_file_and_field(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _write(tmp_path, "good-one.md", _good("good-one"))
    _write(tmp_path, "broken.md", _good("broken").replace("title: A good lesson\n", ""))
    _write(tmp_path, "worse.md", _good("worse").replace("udhr_articles: [1, 19]", "udhr_articles: [0]"))
    result = runner.invoke(args=["lessons", "check", "--folder", str(tmp_path)])
    assert result.exit_code == 1
    assert "1 lessons load." in result.output
    assert "Problem: broken.md (title): missing" in result.output
    assert "Problem: worse.md (udhr_articles): must be a list of article numbers from 1 to 30" in result.output
    ok = runner.invoke(args=["lessons", "check", "--folder", str(PACKAGE_DIR / "lesson_plans")])
    assert ok.exit_code == 0 and "Problem" not in ok.output


def test_start_up_logs_bad_lesson_files(make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        caplog: pytest.LogCaptureFixture, database_url: str) -> None:
    _write(tmp_path, "good-one.md", _good("good-one"))
    _write(tmp_path, "broken.md", _good("broken").replace("slug: broken", "slug: Broken Lesson"))
    monkeypatch.setattr(lesson_library, "default_library", lambda: load_library(tmp_path))
    with caplog.at_level(logging.WARNING):
        started = make_app(SQLALCHEMY_DATABASE_URI=database_url)
    messages = [r.getMessage() for r in caplog.records]
    assert any("broken.md (slug)" in m and "must be the file name" in m for m in messages), messages
    assert not any("good-one.md" in m for m in messages)
    assert started.test_client().get("/healthz").status_code == 200


# --- who sees what, through HTTP ------------------------------------------------------------------

@pytest.fixture
def lesson_world(app, make_class, make_student):  # type: ignore[no-untyped-def]
    """A middle-school class with every bundled lesson assigned, its teacher and a student."""
    classroom = make_class(name="7B", band="middle")
    teacher = classroom.teacher_links[0].teacher
    case = create_case(case_data(student_summaries={"middle": "Ana wrote about a protest and was put in prison."}),
                       created_by=None)
    assignment = Assignment(class_id=classroom.id, case_id=case.id, letter_kinds=["solidarity"], target_ids=[],
                            lesson_slugs=sorted(default_library().lessons), instructions="", created_by_id=teacher.id)
    db.session.add(assignment)
    db.session.commit()
    return {"assignment": assignment, "teacher": teacher, "student": make_student(classroom), "case": case}


def _sections(html: str) -> list[tuple[str, str]]:
    """(class, text) of each lesson section on a page."""
    tree = lxml.html.fromstring(html)
    for label in tree.xpath('//section[contains(@class, "lesson-section")]/p[@class="eyebrow"]'):
        label.drop_tree()  # the teacher view's "For students" / "Teacher only" labels
    return [(s.get("class").split()[-1], " ".join(s.text_content().split()))
            for s in tree.xpath('//section[contains(@class, "lesson-section")]')]


def _distinctive_lines(lesson, audience: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Plain-text lines that only the ``audience`` sections have (for checking what must not show)."""
    other = "\n".join(s.markdown for s in lesson.sections if s.audience != audience)
    lines = []
    for section in lesson.sections:
        if section.audience != audience:
            continue
        for line in section.markdown.splitlines():
            if line.lstrip().startswith("|"):
                continue  # a table row renders only as part of its table
            text = " ".join(lxml.html.fromstring(str(to_html(line)) or "<p></p>").text_content().split())
            if len(text) > 25 and "{{" not in line and line.strip() not in other and text not in other:
                lines.append(text)
    return lines


@pytest.mark.parametrize("slug", sorted(default_library().lessons))
def test_students_never_see_the_teacher_parts(client: FlaskClient, app, login, lesson_world, slug: str) -> None:
    lesson = default_library().get(slug)
    url = f"/assignments/{lesson_world['assignment'].id}/lessons/{slug}"
    login(lesson_world["teacher"])
    teacher_view = _sections(client.get(url).get_data(as_text=True))
    child = app.test_client()
    login(lesson_world["student"], who=child)
    response = child.get(url)
    assert response.status_code == 200
    student_html = response.get_data(as_text=True)
    student_view = _sections(student_html)

    assert [kind for kind, _ in teacher_view] == [s.audience for s in lesson.sections]
    assert student_view == [(kind, text) for kind, text in teacher_view if kind == "student"]
    student_text = " ".join(lxml.html.fromstring(student_html).text_content().split())
    teacher_only = _distinctive_lines(lesson, "teacher")
    assert teacher_only, "every lesson has teacher notes worth checking"
    for line in teacher_only:
        assert line not in student_text
    for line in _distinctive_lines(lesson, "student"):
        assert line in student_text
    assert "Teacher only" not in student_html and "Print student handout" not in student_html


def test_case_placeholders_are_filled_for_the_class_band(client: FlaskClient, app, login, lesson_world) -> None:
    child = app.test_client()
    login(lesson_world["student"], who=child)
    page = child.get(f"/assignments/{lesson_world['assignment'].id}/lessons/case-discussion").get_data(as_text=True)
    assert "Our case: Student journalist detained" in page
    assert "Ana wrote about a protest and was put in prison." in page
    assert "Release Ana Example immediately" in page
    assert "{{" not in page


def test_a_lesson_not_in_the_assignment_is_not_shown(client: FlaskClient, app, login, lesson_world) -> None:
    assignment = lesson_world["assignment"]
    assignment.lesson_slugs = ["writing-an-appeal"]
    db.session.commit()
    child = app.test_client()
    login(lesson_world["student"], who=child)
    assert child.get(f"/assignments/{assignment.id}/lessons/case-discussion").status_code == 404
    assert child.get(f"/assignments/{assignment.id}/lessons/no-such-lesson").status_code == 404
    assert child.get("/lessons/writing-an-appeal").status_code == 403
    assert child.get("/lessons/writing-an-appeal/handout.pdf").status_code == 403


# --- sanitising ---------------------------------------------------------------------------------------

HOSTILE_LESSON = """---
slug: hostile
title: "Hostile <script>alert('title')</script>"
bands: [middle]
duration: 10 minutes
kind: case
objectives:
  - Students can stay safe.
udhr_articles: [19]
---

::: student
## About {{case.title}}

<script>alert("raw")</script>

<img src="x" onerror="alert('img')">

<a href="javascript:alert('raw anchor')">raw anchor</a>

[Click here](javascript:alert('link'))

[Shouting](JAVASCRIPT:alert('caps'))

[Encoded](jav&#x61;script:alert('entity'))

[Data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

<javascript:alert('autolink')>

![picture](javascript:alert('image'))

[The Declaration](https://www.un.org/en/about-us/universal-declaration-of-human-rights)

People: {{case.people}}

{{case.summary}}

{{case.asks}}
:::

::: teacher
Teacher notes <iframe src="https://evil.example"></iframe> <style>body{display:none}</style>
:::
"""

HOSTILE_CASE = {
    "title": "<script>alert('case title')</script>](javascript:alert('t'))",
    "people": [{"name": "<img src=x onerror=alert('person')>", "pronouns": "group"}],
    "summary": "A summary <a href=\"javascript:alert('summary')\">click</a>",
    "student_summaries": {"middle": "[Tap me](javascript:alert('summary link')) <svg onload=alert('svg')>\n\n"
                                    "<script>alert('summary script')</script>"},
    "asks": ["[Free them](javascript:alert('ask'))", "<iframe src=javascript:alert('ask2')>"],
}


def _assert_inert(fragment: lxml.html.HtmlElement) -> None:
    """Nothing in the fragment can run: no script-capable elements, handlers or script URLs."""
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in {"script", "iframe", "img", "svg", "style", "object", "embed", "form", "input",
                                    "base", "meta", "link"}, element.tag
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            assert name in {"href", "rel", "class", "aria-label", "align", "lang"}, (element.tag, name)
            if name == "href":
                assert re.match(r"(https?|mailto):", value.strip(), re.IGNORECASE), value


@pytest.fixture
def hostile_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The lesson library replaced by one hostile lesson file (in every module that reads it)."""
    _write(tmp_path, "hostile.md", HOSTILE_LESSON)
    library = load_library(tmp_path)
    assert list(library.lessons) == ["hostile"], library.problems
    import classroom.assignments.routes
    import classroom.assignments.services
    import classroom.lessons.routes
    for module in (lesson_library, classroom.assignments.routes, classroom.assignments.services,
                   classroom.lessons.routes):
        monkeypatch.setattr(module, "default_library", lambda: library)
    return library


def test_hostile_lesson_and_case_text_are_made_harmless(app, client: FlaskClient, make_class, make_student,
                                                        login, hostile_library) -> None:
    classroom = make_class(band="middle")
    teacher = classroom.teacher_links[0].teacher
    case = create_case(case_data(**HOSTILE_CASE), created_by=None)
    assignment = Assignment(class_id=classroom.id, case_id=case.id, letter_kinds=["solidarity"], target_ids=[],
                            lesson_slugs=["hostile"], instructions="", created_by_id=teacher.id)
    db.session.add(assignment)
    db.session.commit()
    child = app.test_client()
    login(make_student(classroom), who=child)
    login(teacher)
    pages = {
        "student": child.get(f"/assignments/{assignment.id}/lessons/hostile"),
        "teacher": client.get(f"/assignments/{assignment.id}/lessons/hostile"),
        "library": client.get("/lessons/hostile"),
    }
    for who, response in pages.items():
        assert response.status_code == 200, who
        html = response.get_data(as_text=True)
        tree = lxml.html.fromstring(html)
        sections = tree.xpath('//section[contains(@class, "lesson-section")]')
        assert sections, who
        for section in sections:
            _assert_inert(section)
        assert "alert(" not in "".join(tree.xpath("//script/text()")), who
        assert not tree.xpath("//*[starts-with(translate(@href, 'JAVSCRIPT', 'javscript'), 'javascript')]"), who
        text = " ".join(section.text_content() for section in sections)
        assert "The Declaration" in text  # an ordinary link survives
    student_text = lxml.html.fromstring(pages["student"].get_data(as_text=True)).text_content()
    assert "<script>alert('case title')</script>" in student_text  # shown as text, not run
    assert "Teacher notes" not in student_text
    safe_links = lxml.html.fromstring(pages["student"].get_data(as_text=True)).xpath(
        '//section[contains(@class, "lesson-section")]//a')
    assert [a.get("href") for a in safe_links] == [
        "https://www.un.org/en/about-us/universal-declaration-of-human-rights"]
    assert safe_links[0].get("rel") == "noopener noreferrer"


def test_render_escapes_every_case_value(app, make_class) -> None:
    case = create_case(case_data(**HOSTILE_CASE), created_by=None)
    values = case_values(case, "middle")
    for name in values:
        html = str(to_html(fill(f"{{{{case.{name}}}}}", values)))
        fragment = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
        _assert_inert(fragment)


def test_handout_of_the_hostile_lesson_has_no_active_content(client: FlaskClient, make_teacher, login,
                                                             hostile_library) -> None:
    login(make_teacher())
    response = client.get("/lessons/hostile/handout.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.data))
    assert "/JavaScript" not in str(reader.trailer["/Root"])
    uris = [annot.get_object().get("/A", {}).get("/URI") for page in reader.pages
            for annot in page.get("/Annots", []) or []]
    assert all(uri is None or str(uri).startswith("https://") for uri in uris), uris
    assert b"javascript" not in response.data.lower()


# --- browsing and handouts --------------------------------------------------------------------------

def test_teacher_browses_lessons_by_band(client: FlaskClient, make_teacher, login) -> None:
    login(make_teacher())
    library = default_library()
    everything = client.get("/lessons/").get_data(as_text=True)
    assert all(lesson.title in everything for lesson in library.lessons.values())
    for band in ("elementary", "middle", "high", "adult"):
        page = client.get(f"/lessons/?band={band}").get_data(as_text=True)
        for lesson in library.lessons.values():
            assert (f"/lessons/{lesson.slug}\"" in page) is (band in lesson.bands), (band, lesson.slug)
    elementary = client.get("/lessons/?band=elementary").get_data(as_text=True)
    assert "/lessons/solidarity-messages\"" in elementary
    assert "/lessons/writing-an-appeal\"" not in elementary
    assert client.get("/lessons/?band=nonsense").status_code == 200


def test_teacher_sees_the_whole_lesson_with_parts_marked(client: FlaskClient, make_teacher, login) -> None:
    login(make_teacher())
    lesson = default_library().get("writing-an-appeal")
    page = client.get("/lessons/writing-an-appeal").get_data(as_text=True)
    assert [kind for kind, _ in _sections(page)] == [s.audience for s in lesson.sections]
    assert "Teacher only" in page and "For students" in page and "/lessons/writing-an-appeal/handout.pdf" in page


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def _headings(lesson, audience: str) -> list[str]:  # type: ignore[no-untyped-def]
    other = "\n".join(s.markdown for s in lesson.sections if s.audience != audience)
    found = []
    for section in lesson.sections:
        if section.audience == audience:
            for line in section.markdown.splitlines():
                if line.startswith("#") and "{{" not in line and line not in other:
                    found.append(line.lstrip("#").strip().replace("**", ""))
    return found


@pytest.mark.parametrize("slug", ["writing-an-appeal", "case-discussion"])
def test_handout_pdf_has_only_the_student_parts(client: FlaskClient, make_teacher, login, slug: str) -> None:
    login(make_teacher())
    response = client.get(f"/lessons/{slug}/handout.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    lesson = default_library().get(slug)
    assert lesson.title in text
    student_headings, teacher_headings = _headings(lesson, "student"), _headings(lesson, "teacher")
    assert student_headings and teacher_headings
    for heading in student_headings:
        assert heading in text, heading
    for heading in teacher_headings:
        assert heading not in text, heading
    for line in _distinctive_lines(lesson, "teacher"):
        assert line[:60] not in text
    assert "Safeguarding" not in text
