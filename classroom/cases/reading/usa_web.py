"""Family 5: the Amnesty USA web page (and its email), as in the seed.

    July 29, 2020 • Urgent Action
    Urgent Action Update: Human Rights Defenders Face Secret Trial (China: UA 113.19)
    <the story>
    Take Action  /  Write a letter in your own words or use the sample below ...
    [In your letter, ask the authorities to:  - asks]
    Contact:  <recipient blocks>   [And copies to: <blocks>]
    Sample letter:  Dear ... Sincerely, <name>
    Please take action before September 9, 2020.
    Additional Information  <background>
    Name: ...   Gender/Pronouns: ...
"""
from __future__ import annotations

import re

from flask_babel import gettext as _, ngettext

from .common import add_background, read_asks, read_copies_section, read_deadline_heading, read_people, read_story
from .core import Line, Source
from .values import country_name, find_date, find_ua
from .letter import letter_lines, read_letter
from .sections import by_name, heading_re, split

HEADLINE_RE = re.compile(
    r"^urgent\s+action(?:\s+(?P<kind>victory|update))?\s*[!:]?\s*(?P<title>.+?)\s*"
    r"\((?P<country>[^():]+?):\s*(?P<ua>UA\s*\d{1,4}[./]\d{2})\)$", re.IGNORECASE)
DATELINE_RE = re.compile(r"^(?P<date>[A-Za-z]+\.? \d{1,2}, \d{4})\s*[•·|–-]\s*urgent\s+action$", re.IGNORECASE)
HEADINGS = [
    ("action", heading_re(r"TAKE ACTION\s*:?\s*$|WRITE A LETTER\b|WRITE YOUR OWN\b")),
    ("asks", heading_re(r"(?:IN YOUR LETTER, )?(?:ASK|URGE|CALL ON|DEMAND)\b[^:]*:\s*$")),
    ("targets", heading_re(r"CONTACT\s*:?\s*$|CONTACT (?:THE|THESE)? ?OFFICIALS?\b.*:?\s*$")),
    ("copies", heading_re(r"(?:AND\s+|ALSO SEND\s+)?COPIES(?:\s+TO)?\s*:?(?P<rest>.*)$")),
    ("letter", heading_re(r"SAMPLE LETTER\s*:?\s*$")),
    ("deadline", heading_re(r"PLEASE TAKE ACTION BEFORE\b|TAKE ACTION BEFORE\b|PLEASE ACT BEFORE\b")),
    ("background", heading_re(r"ADDITIONAL INFORMATION\s*:?\s*$")),
    ("no_further", heading_re(r"NO FURTHER ACTION IS (?:REQUESTED|NEEDED)")),
    ("name", heading_re(r"NAMES?\s*:(?P<rest>.*)$")),
    ("pronouns", heading_re(r"(?:GENDER|PRONOUNS?)\s*:(?P<rest>.*)$")),
]


def _one_action(source: Source) -> list[Line]:
    """The lines of the first Urgent Action: from its date line (or headline) to the next one's.

    A whole listing page pasted ("Browse Urgent Actions": several date lines and headlines,
    with the site's menus around them) gives its first action; the page text before it and the
    other actions stay in the not-used list, and a warning says so.
    """
    lines = source.lines
    heads = [i for i, line in enumerate(lines) if HEADLINE_RE.match(line.text)]
    if not heads:
        return lines
    def start_of(head: int) -> int:
        return head - 1 if head > 0 and DATELINE_RE.match(lines[head - 1].text) else head
    first = start_of(heads[0])
    end = start_of(heads[1]) if len(heads) > 1 else len(lines)
    if len(heads) > 1:
        others = ", ".join(str(lines[i].no) for i in heads[1:4]) + (" …" if len(heads) > 4 else "")
        source.warn(lines[heads[0]], "title", _("This text holds %(count)d Urgent Actions (headlines on lines "
                                                "%(first)d, %(others)s); only the first was read. Paste one Urgent "
                                                "Action at a time.", count=len(heads), first=lines[heads[0]].no,
                                                others=others))
    if first > 0:
        source.warn(lines[first], "summary", ngettext(
            "The line before line %(line)d is not part of the Urgent Action (the page around it) and was not used.",
            "The %(num)d lines before line %(line)d are not part of the Urgent Action (the page around it) and "
            "were not used.", first, line=lines[first].no))
    return lines[first:end]


def read(source: Source) -> None:
    """Fill ``source.case`` from an Amnesty USA page."""
    sections = split(_one_action(source), HEADINGS)
    story = list(sections[0].lines)
    while story:
        line = story.pop(0)
        dateline, headline = DATELINE_RE.match(line.text), HEADLINE_RE.match(line.text)
        if dateline:
            source.put("issue_date", find_date(dateline["date"]), line)
        elif headline:
            source.take(line, "title, country, ua_number, status")
            source.case.update(title=headline["title"], country=country_name(headline["country"]),
                               ua_number=find_ua(headline["ua"]), status=(headline["kind"] or "action").lower())
        else:
            story.insert(0, line)
            break
    if story:
        read_story(source, story)
    else:
        source.missing("summary", _("No story was found under the headline."))
    for section in by_name(sections, "action"):
        source.take(section.heading, "model_letter")
        for line in section.lines:
            source.take(line, "model_letter")
    for section in by_name(sections, "asks"):
        read_asks(source, section)
    source.case.setdefault("targets", [])
    for section in by_name(sections, "targets"):
        from .targets import read_targets
        source.take(section.heading, "targets")
        source.case["targets"] = read_targets(source, section.lines)
    for section in by_name(sections, "copies"):
        read_copies_section(source, section, None)
    for section in by_name(sections, "letter"):
        source.take(section.heading, "model_letter")
        letter, _rest = letter_lines(section.lines)
        read_letter(source, letter, derive_asks=True)
    for section in by_name(sections, "deadline"):
        read_deadline_heading(source, section.heading)
    for section in by_name(sections, "background"):
        add_background(source, section)
    for section in by_name(sections, "name"):
        read_people(source, [Line(section.heading.no, section.rest, section.heading.nos)])
    for section in by_name(sections, "no_further"):
        source.take(section.heading, "status")
    for section in by_name(sections, "pronouns"):
        source.take(section.heading, "people")
        for one in source.case.get("people") or []:
            one["pronouns"] = one["pronouns"] or section.rest.strip().lower()
