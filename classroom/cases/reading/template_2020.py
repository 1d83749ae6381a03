"""Family 4: the labelled template of 2020 onwards.

    URGENT ACTION TITLE: ...          PUBLICATION DATE: ...
    URGENT ACTION TYPE AND NUMBER: First UA 57/21 | Update 2 on UA 57/21
    AI INDEX: ...   COUNTRY: ...
    <lead paragraph>
    TAKE ACTION: WRITE AN APPEAL IN YOUR OWN WORDS OR USE THIS MODEL LETTER
    TARGET'S CONTACT DETAILS  <recipient blocks>
    Dear ... <model letter> ... Yours sincerely,
    ADDITIONAL INFORMATION  <background>
    PREFERRED LANGUAGE TO ADDRESS TARGET: Spanish, English
    PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: 9 June 2021
    NAME AND PRONOUN: Karim Nabil (he/him)
    LINK TO PREVIOUS UA: N/A
"""
from __future__ import annotations

import re

from flask_babel import gettext as _

from ..languages import preferred_language
from .common import read_deadline_heading, read_people
from .core import Line, Source, prose
from .values import INDEX_REGIONS, country_name, find_ai_index, find_date, find_ua, no_value
from .letter import letter_lines, read_letter
from .sections import by_name, heading_re, split
from .targets import read_copies, read_targets

HEADINGS = [
    ("title", heading_re(r"URGENT ACTION TITLE\s*:(?P<rest>.*)$")),
    ("date", heading_re(r"PUBLICATION DATE\s*:(?P<rest>.*)$")),
    ("type", heading_re(r"URGENT ACTION TYPE AND NUMBER\s*:(?P<rest>.*)$")),
    ("index", heading_re(r"AI INDEX\s*:(?P<rest>.*)$")),
    ("country", heading_re(r"COUNTRY\s*:(?P<rest>.*)$")),
    ("action", heading_re(r"TAKE ACTION\s*:")),
    ("targets", heading_re(r"TARGET'?S? CONTACT DETAILS\s*:?\s*$")),
    ("letter", heading_re(r"Dear\s")),
    ("copies", heading_re(r"(?:AND\s+|ALSO SEND\s+)?COPIES(?:\s+TO)?\s*:?(?P<rest>.*)$")),
    ("background", heading_re(r"ADDITIONAL INFORMATION\s*:?\s*$")),
    ("language", heading_re(r"PREFERRED LANGUAGES? TO ADDRESS TARGETS?\s*:(?P<rest>.*)$")),
    ("deadline", heading_re(r"PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL\s*:|APPEAL DEADLINE NOTICE\s*:")),
    ("people", heading_re(r"NAMES? AND PRONOUNS?\s*:(?P<rest>.*)$")),
    ("link", heading_re(r"LINK TO PREVIOUS UA\s*:(?P<rest>.*)$")),
]
_TYPE_RE = re.compile(r"^(?P<kind>first|update|victory|final update)\b", re.IGNORECASE)
_LANGUAGE_NOTE_RE = re.compile(r"^you can also write in your own language", re.IGNORECASE)
_CHECK_RE = re.compile(r"^please check with\b", re.IGNORECASE)


def _labelled(source: Source, sections: list, name: str, path: str) -> str | None:
    """The value of a one-line label; its line taken for ``path``."""
    for section in by_name(sections, name):
        source.take(section.heading, path)
        return section.rest or None
    return None


def read(source: Source) -> None:
    """Fill ``source.case`` from the 2020 template."""
    sections = split(source.lines, HEADINGS)
    source.case["title"] = _labelled(source, sections, "title", "title")
    date_text = _labelled(source, sections, "date", "issue_date")
    source.case["issue_date"] = find_date(date_text or "")
    kind = _labelled(source, sections, "type", "ua_number, status") or ""
    source.case["ua_number"] = find_ua(kind)
    match = _TYPE_RE.match(kind)
    status = {"first": "action", "update": "update", "victory": "victory", "final update": "update"}
    source.case["status"] = status[match["kind"].lower()] if match else "action"
    if not match:
        source.missing("status", _("The type line should start with First, Update or Victory."),
                       after=None)
    index = find_ai_index(_labelled(source, sections, "index", "ai_index") or "")
    if index:
        source.case["ai_index"] = index
        source.case["region"] = INDEX_REGIONS.get(index[:3])
    country = _labelled(source, sections, "country", "country")
    if country:
        source.case["country"] = country_name(country)
    summary = [line for section in sections if section.name in ("start", "title", "date", "type", "index",
                                                                 "country") for line in section.lines]
    source.case["summary"] = prose(source, summary, "summary")
    for section in by_name(sections, "action"):
        source.take(section.heading, "model_letter")
    language = None
    for section in by_name(sections, "language"):
        source.take(section.heading, "targets.language")
        language = preferred_language(section.rest) if section.rest else None
        for line in section.lines:
            if _LANGUAGE_NOTE_RE.match(line.text):
                source.take(line, "targets.language")
    source.case["targets"] = []
    for section in by_name(sections, "targets"):
        source.take(section.heading, "targets")
        source.case["targets"] = read_targets(source, section.lines, "targets", language)
    for section in by_name(sections, "copies"):
        if section.rest:
            read_copies(source, [Line(section.heading.no, section.rest, section.heading.nos), *section.lines])
        else:
            source.take(section.heading, "copies_to")
            read_copies(source, section.lines)
    for section in by_name(sections, "letter"):
        letter, _after = letter_lines([section.heading, *section.lines])
        read_letter(source, letter, derive_asks=True)
    for section in by_name(sections, "background"):
        source.take(section.heading, "background")
        source.case["background"] = prose(source, section.lines, "background")
    for section in by_name(sections, "deadline"):
        read_deadline_heading(source, section.heading)
        for line in section.lines:
            if _CHECK_RE.match(line.text):
                source.take(line, "deadline")
    for section in by_name(sections, "people"):
        read_people(source, [Line(section.heading.no, section.rest, section.heading.nos)])
    for section in by_name(sections, "link"):
        if no_value(section.rest):
            source.take(section.heading, "follows_up")
