"""Sections every Urgent Action family shares once the headings are found: asks, targets, copies, deadline."""
from __future__ import annotations

import re

from flask_babel import gettext as _

from ..languages import language_code
from .core import Line, Source, asks, first_paragraph, prose
from .values import find_date, person
from .sections import Section
from .targets import read_copies, read_targets

# "in Spanish or your own language", "in Arabic, English or your own language"
_WRITE_IN_RE = re.compile(r"\bin ([A-Z][a-z]+)(?:\s*,\s*[A-Z][a-z]+)*(?:,)?\s+or (?:in )?your own language", re.IGNORECASE)
_GENDER = {"f": "she/her", "m": "he/him", "female": "she/her", "male": "he/him", "both": "group"}


def language_in(text: str) -> str | None:
    """The language code a "write in Spanish or your own language" sentence names, else None."""
    match = _WRITE_IN_RE.search(text)
    return language_code(match.group(1)) if match else None


def read_asks(source: Source, section: Section) -> None:
    """An asks section: the heading line (it may name the language) and the bulleted asks."""
    if section.heading is not None:
        source.take(section.heading, "asks")
    source.case["asks"] = asks(source, section.lines)
    if not source.case["asks"]:
        source.missing("asks", _("No asks were found under the heading."), after=section.heading)


def read_deadline_heading(source: Source, line: Line) -> None:
    """ "PLEASE SEND APPEALS BEFORE 25 JUNE 2009 TO:" and closing lines that repeat the date."""
    source.take(line, "deadline")
    when = find_date(line.text)
    if when and not source.case.get("deadline"):
        source.case["deadline"] = when


def read_target_section(source: Source, section: Section, language: str | None) -> None:
    """A targets heading (it may carry the deadline) and the recipient blocks under it."""
    if section.heading is not None:
        if find_date(section.heading.text):
            read_deadline_heading(source, section.heading)
        else:
            source.take(section.heading, "targets")
    source.case["targets"] = read_targets(source, section.lines, "targets", language)
    if not source.case["targets"]:
        source.missing("targets", _("No official to write to was found under the heading."), after=section.heading)


def read_copies_section(source: Source, section: Section, language: str | None) -> None:
    """ "COPIES TO: diplomatic representatives of ..." on one line, or a heading over recipient blocks."""
    assert section.heading is not None
    lines = section.lines
    if section.rest:
        rest_line = Line(section.heading.no, section.rest, section.heading.nos, section.heading.gap)
        lines = [rest_line, *lines]
    else:
        source.take(section.heading, "copies_to")
    read_copies(source, lines, language)


def read_people(source: Source, lines: list[Line], path: str = "people") -> None:
    """Lines naming the people at risk ("Name (f), aged 34", or several on one line with commas and "and")."""
    people = source.case.setdefault("people", [])
    for line in lines:
        parts = re.split(r"\s*;\s*|\s*,\s*(?=[A-Z])|\s+and\s+(?=[A-Z])", line.text)
        for part in parts:
            if part.strip() and not re.match(r"^(?:aged|age)\b", part.strip(), re.IGNORECASE):
                people.append(person(part.strip()))
        source.take(line, path)


def read_gender(source: Source, line: Line, value: str) -> None:
    """ "Gender m/f: f" (or "both", "all m") sets the pronouns of the people read so far."""
    source.take(line, "people")
    marks = re.split(r"[\s,/]+", value.lower().replace("all", "").strip())
    people = source.case.get("people") or []
    if len(marks) == 1 and marks[0] in _GENDER:
        for one in people:
            one["pronouns"] = one["pronouns"] or _GENDER[marks[0]]
    elif len(marks) == len(people) and all(m in _GENDER for m in marks):
        for one, mark in zip(people, marks, strict=True):
            one["pronouns"] = _GENDER[mark]
    else:
        source.warn(line, "people", _("'%(value)s' does not say each person's gender; set the pronouns by hand.",
                                       value=value))


def read_story(source: Source, story: list[Line]) -> None:
    """A story with no headings of its own: its first paragraph is the summary, the rest background."""
    first, rest = first_paragraph(source, story)
    source.case["summary"] = prose(source, first, "summary")
    if rest:
        source.case["background"] = prose(source, rest, "background")


def add_background(source: Source, section: Section) -> None:
    """A background section, after any background the story already gave (a paragraph apart)."""
    source.take(section.heading, "background")
    text = prose(source, section.lines, "background")
    source.case["background"] = "\n\n".join(p for p in (source.case.get("background"), text) if p)
