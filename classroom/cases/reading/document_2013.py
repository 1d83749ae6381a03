"""Family 3: the case-sheet document of 2013-2019 (and follow-ups printed in it).

    [Further information on UA: 104/11 Index: AMR 41/030/2011 Mexico Date: 3 July 2011]
    URGENT ACTION
    HEADLINE IN CAPITALS
    <lead paragraph and story>
    PLEASE WRITE IMMEDIATELY in Spanish or your own language: / TAKE ACTION:
    - asks
    PLEASE SEND APPEALS BEFORE 12 JUNE 2014 TO:  <recipient blocks>
    And copies to: <blocks>  /  Also send copies to diplomatic representatives ...
    URGENT ACTION  HEADLINE (page 2 repeats them)
    ADDITIONAL INFORMATION  <background>
    Name: ...   Gender m/f: ...
    UA: 104/14 Index: MDE 12/3456/2014 Issue Date: 1 May 2014
"""
from __future__ import annotations

import re

from flask_babel import gettext as _

from .common import (add_background, language_in, read_asks, read_copies_section, read_deadline_heading, read_gender,
                     read_people, read_story, read_target_section)
from .core import Line, Source
from .values import INDEX_REGIONS, country_name, find_ai_index, find_date, find_ua
from .letter import letter_lines, read_letter
from .sections import by_name, heading_re, split
from .targets import read_targets

HEADINGS = [
    ("heading", heading_re(r"URGENT ACTION(?: UPDATE| VICTORY)?\s*$")),
    ("no_further", heading_re(r"NO FURTHER ACTION IS (?:REQUESTED|NEEDED)")),  # the follow-up reader's line
    ("targets", heading_re(r"PLEASE SEND APPEALS BEFORE .*TO\s*:?\s*$")),
    ("asks", heading_re(r"PLEASE WRITE IMMEDIATELY\b|TAKE ACTION\s*:|WRITE A LETTER\b")),
    ("copies", heading_re(r"(?:AND\s+|ALSO SEND\s+)?COPIES(?:\s+TO)?\s*:?(?P<rest>.*)$")),
    ("closing", heading_re(r"PLEASE CHECK WITH|PLEASE SEND APPEALS IMMEDIATELY")),
    ("background", heading_re(r"ADDITIONAL INFORMATION\s*:?\s*$")),
    ("name", heading_re(r"NAMES?\s*:(?P<rest>.*)$")),
    ("gender", heading_re(r"GENDER\s*(?:M/F)?\s*:(?P<rest>.*)$")),
    ("reference", heading_re(r"(?:FURTHER INFORMATION ON\s+)?UA\s*:?\s*\d{1,4}\s*[/.]\s*\d{2}\b.*INDEX")),
]
_PLACEHOLDER_RE = re.compile(r"^Name\s+Address 1\b", re.IGNORECASE)
_FU_COUNTRY_RE = re.compile(r"Index:\s*\S+\s+\S+\s+(?P<country>(?!Issue\b).+?)\s+(?:Issue\s+)?Date:", re.IGNORECASE)


def _reference(source: Source, line: Line) -> None:
    """ "UA: 104/14 Index: MDE 12/3456/2014 Issue Date: 1 May 2014" (or a "Further information on UA:" line)."""
    if "ua_number" in source.case:
        source.take(line, "ua_number")
        return
    source.case["ua_number"] = find_ua(line.text)
    parts = ["ua_number"]
    index = find_ai_index(line.text)
    if index:
        source.case["ai_index"] = index
        parts.append("ai_index")
        if index[:3] in INDEX_REGIONS:
            source.case["region"] = INDEX_REGIONS[index[:3]]
    country = _FU_COUNTRY_RE.search(line.text)
    if country:
        source.case["country"] = country_name(country["country"])
        parts.append("country")
    when = find_date(line.text.split("Date", 1)[-1])
    if when:
        source.case["issue_date"] = when
        parts.append("issue_date")
    source.take(line, ", ".join(parts))


def read(source: Source) -> None:
    """Fill ``source.case`` from the document layout."""
    sections = split(source.lines, HEADINGS)
    for section in by_name(sections, "reference"):
        _reference(source, section.heading)
    headings = by_name(sections, "heading")
    lead = headings[0] if headings else sections[0]
    if headings:
        source.take(headings[0].heading, "status")
    story = lead.lines
    if story:
        source.put("title", story[0].text, story[0])
        story = story[1:]
    else:
        source.missing("title", _("No headline was found under 'URGENT ACTION'."), after=lead.heading)
    if story:
        read_story(source, story)
    else:
        source.missing("summary", _("No lead paragraph was found under the headline."), after=lead.heading)
    language = None
    for section in by_name(sections, "asks"):
        language = language_in(section.heading.text) or language
        letter_at = next((i for i, line in enumerate(section.lines) if line.text.lower().startswith("dear ")), None)
        if letter_at is None:
            read_asks(source, section)
            continue
        # 2017-2019: "TAKE ACTION: WRITE AN APPEAL ... OR USE THIS MODEL LETTER", the official, then the letter.
        source.take(section.heading, "model_letter")
        source.case["targets"] = read_targets(source, section.lines[:letter_at], "targets", language)
        letter, _after = letter_lines(section.lines[letter_at:])
        read_letter(source, letter, derive_asks=True)
    for section in by_name(sections, "targets"):
        read_target_section(source, section, language)
    for section in by_name(sections, "copies"):
        keep = [line for line in section.lines if not _PLACEHOLDER_RE.match(line.text)]
        section.lines = keep
        read_copies_section(source, section, language)
    for section in by_name(sections, "closing"):
        read_deadline_heading(source, section.heading)
    for section in by_name(sections, "background"):
        add_background(source, section)
    for section in by_name(sections, "name"):
        lines = section.lines
        if section.rest:  # "Names: A, B" wrapped by a column: the lines right under it end the list
            wrapped = 0
            while wrapped < len(lines) and lines[wrapped].gap == 0:
                source.take(lines[wrapped], "people")
                wrapped += 1
            rest = " ".join([section.rest, *(line.text for line in lines[:wrapped])])
            read_people(source, [Line(section.heading.no, rest, section.heading.nos)])
            lines = lines[wrapped:]
        for line in lines:  # "Names:" then one person a line
            read_people(source, [line])
    for section in by_name(sections, "gender"):
        read_gender(source, section.heading, section.rest)
    if "country" not in source.case:
        _country_from_address(source)
    source.case.setdefault("status", "action")


def _country_from_address(source: Source) -> None:
    """The document does not print the country: the first target's last address line names it."""
    targets = source.case.get("targets") or []
    address = targets[0]["address"] if targets and targets[0]["address"] else []
    if not address:
        source.missing("country", _("The country is not printed in this layout and no target address names it."))
        return
    line = max(no for no, path in source.ledger.fields.items() if path == "targets.0.address")
    country = country_name(address[-1].split(",")[-1])
    source.case["country"] = country
    source.where.setdefault("country", line)
    source.warn(line, "country", _("The country '%(country)s' was taken from the last address line of target 1; "
                                   "check it.", country=country))
