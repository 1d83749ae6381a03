"""Family 1: the plain-text Urgent Action of the 1990s to 2012 (and its "Further information" follow-ups).

    PUBLIC                      AI Index: AMR 41/022/2009
    UA 104/09      Fear of torture
    MEXICO         Rosa Elvira Campos (f), community leader
    14 May 2009
    <the story; BACKGROUND INFORMATION; more story>
    RECOMMENDED ACTION: ... in Spanish or your own language:
    - asks
    PLEASE SEND APPEALS BEFORE 25 JUNE 2009 TO:
    <recipient blocks, each ending with "Salutation: ...">
    COPIES TO: diplomatic representatives of Mexico accredited to your country.
    PLEASE SEND APPEALS IMMEDIATELY. Check with ... if sending appeals after 25 June 2009.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _

from .common import (language_in, read_asks, read_copies_section, read_deadline_heading, read_people, read_story,
                     read_target_section)
from .core import Line, Source, prose
from .values import INDEX_REGIONS, country_name, find_ai_index, find_date, find_ua
from .sections import by_name, heading_re, split

HEADINGS = [
    ("targets", heading_re(r"PLEASE SEND APPEALS BEFORE .*TO\s*:?\s*$|APPEALS TO\s*:|PLEASE SEND APPEALS TO\s*:")),
    ("asks", heading_re(r"RECOMMENDED ACTIONS?\b|PLEASE WRITE IMMEDIATELY\b|PLEASE SEND APPEALS TO ARRIVE\b")),
    ("copies", heading_re(r"(?:AND\s+|ALSO SEND\s+)?COPIES(?:\s+TO)?\s*:?(?P<rest>.*)$")),
    ("background", heading_re(r"BACKGROUND INFORMATION\s*:?\s*$")),
    ("no_further", heading_re(r"NO FURTHER ACTION IS (?:REQUESTED|NEEDED)")),  # the follow-up reader's line
    ("closing", heading_re(r"PLEASE SEND APPEALS IMMEDIATELY|PLEASE SEND APPEALS BEFORE\b|PLEASE CHECK WITH"
                           r"|CHECK WITH THE INTERNATIONAL")),
]
_UA_LINE_RE = re.compile(r"^UA\s*:?\s*\d{1,4}\s*[/.]\s*\d{2}\b\s*(?P<rest>.*)$", re.IGNORECASE)
_FURTHER_RE = re.compile(r"^Further information on UA\b", re.IGNORECASE)
# "MEXICO   Rosa Elvira Campos (f)", "SUDAN: Amal ...", "RUSSIAN FEDERATION Irina ..." (columns lost in a paste).
_COUNTRY_RE = re.compile(r"^(?P<country>[A-Z][A-Z'.()/-]+(?: [A-Z][A-Z'.()/-]+)*)(?::\s*|\s+(?=[A-Z][a-z])|$)(?P<rest>.*)$")
_DATE_ONLY_RE = re.compile(r"^\d{1,2}\s+[A-Za-z]+\s+\d{4}$")
_CONCERN_SPLIT_RE = re.compile(r"\s+[-–—]\s+")


def read_header(source: Source, lines: list[Line], *, followup: bool) -> list[Line]:
    """The header lines (index, UA line, country and people, date); returns the body lines after it."""
    country_line: Line | None = None
    for index, line in enumerate(lines):
        text = line.text
        index_value = find_ai_index(text)
        if index_value and re.search(r"\bAI Index\b|^PUBLIC\b|^EXTERNAL\b", text, re.IGNORECASE):
            source.put("ai_index", index_value, line)
        elif (_UA_LINE_RE.match(text) or _FURTHER_RE.match(text)) and "ua_number" not in source.case:
            source.case["ua_number"] = find_ua(text)
            rest = _UA_LINE_RE.match(text)["rest"] if _UA_LINE_RE.match(text) else _after_reference(text)
            source.case["title"] = rest or None
            source.take(line, "ua_number, title" if rest else "ua_number")
            if not rest:
                source.missing("title", _("The UA line names no concern to use as the title."), after=line)
        elif _COUNTRY_RE.match(line.raw) and country_line is None and "ua_number" in source.case:
            match = _COUNTRY_RE.match(line.raw)
            country_line = line
            source.case["country"] = country_name(match["country"])
            source.where["country"] = line.no
            if match["rest"]:
                read_people(source, [Line(line.no, match["rest"], line.nos, line.gap)], "country, people")
            else:
                source.take(line, "country")
        elif _DATE_ONLY_RE.match(text) and find_date(text):
            source.put("issue_date", find_date(text), line)
            return lines[index + 1:]
        elif country_line is not None:
            read_people(source, [line])
        else:
            return lines[index:]
    return []


def _after_reference(text: str) -> str:
    """The concern after "Further information on UA 104/09 (AMR 41/022/2009, 14 May 2009) - "."""
    parts = _CONCERN_SPLIT_RE.split(text, maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


def read(source: Source, *, followup: bool = False) -> None:
    """Fill ``source.case`` from a plain-text UA."""
    sections = split(source.lines, HEADINGS)
    body = read_header(source, sections[0].lines, followup=followup)
    index = source.case.get("ai_index")
    if index and index[:3] in INDEX_REGIONS:
        source.case["region"] = INDEX_REGIONS[index[:3]]
    story = [line for line in body]
    backgrounds = by_name(sections, "background")
    if backgrounds:
        source.case["summary"] = prose(source, story, "summary")
        source.take(backgrounds[0].heading, "background")
        source.case["background"] = prose(source, backgrounds[0].lines, "background")
    elif story:
        read_story(source, story)
    if not story:
        source.missing("summary", _("No story was found under the header."), after=sections[0].lines[-1]
                       if sections[0].lines else None)
    language = None
    for section in by_name(sections, "asks"):
        language = language_in(section.heading.text) or language
        read_asks(source, section)
    for section in by_name(sections, "targets"):
        read_target_section(source, section, language)
    for section in by_name(sections, "copies"):
        read_copies_section(source, section, language)
    for section in by_name(sections, "closing"):
        read_deadline_heading(source, section.heading)
        for line in section.lines:
            read_deadline_heading(source, line)
    if "ua_number" not in source.case:
        source.missing("ua_number", _("No line starting with 'UA' and a number was found."))
    source.case.setdefault("status", "action")
