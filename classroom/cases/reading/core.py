"""The shared core of every Urgent Action reader: clean lines, the line ledger, prose and asks.

Each family reader (plain_text, followup, document_2013, template_2020, usa_web) walks
the same ``Source``: the pasted text cut into non-blank ``Line``s after the clean-up a
browser or PDF paste needs (Windows line ends, non-breaking spaces, words hyphenated
across lines, an appeals heading wrapped by a narrow column, page headers and footers). A reader *takes* each line it uses for a field
through the ``Ledger``; a line nobody took is reported as "not used" with its number.
So the rule "every line ends in exactly one field or in the not-used list" is kept in
one place, and a test checks it for every fixture.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from flask_babel import gettext as _

from ..case_format import Problem
from .values import find_date, strip_bullet

_SPACES: dict[int, str | None] = {ord(c): " " for c in "\u00a0\u2007\u202f\u2002\u2003\u2009\t"}
_SPACES.update({ord(c): None for c in "\u200b\ufeff\u00ad"})
# Page furniture a PDF or a printed case-sheet repeats on each page.
_FURNITURE_RE = re.compile(
    r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d{1,3}\s*/\s*\d{1,3}|-\s*\d{1,3}\s*-|\d{1,3}"
    r"|amnesty\s+international(?:\s+(?:ltd|is|publications))?\b.*\bpage\s+\d+.*"
    r"|www\.amnesty\.org|amnesty\.org)$", re.IGNORECASE)
_HYPHEN_END_RE = re.compile(r"[A-Za-zÀ-ÿ]-$")
# The appeals heading wrapped by a narrow PDF column ("PLEASE SEND APPEALS BEFORE 14 APRIL" then
# "2017 TO:") is one heading: the second line is only the end of a date and "TO:".
_HEADING_START_RE = re.compile(r"^PLEASE SEND APPEALS BEFORE\b(?!.*\bTO\s*:?\s*$)", re.IGNORECASE)
_HEADING_END_RE = re.compile(r"^(?:[A-Za-z]+\s+)?(?:\d{1,2}\s+)?(?:[A-Za-z]+\s+)?(?:\d{4}\s+)?TO\s*:\s*$", re.IGNORECASE)
# Other lines a narrow PDF column wraps that are one line to the readers: the asks' lead-in ("Please
# write immediately in Arabic, English" then "or your own language:"), the sheet's reference line
# ("UA: 104/14 Index: MDE 12/021/2014 Issue" then "Date: 1 May 2014"), the closing "Please check with
# your section office if" then "sending appeals after the above date." and the copies-to placeholder row.
_LEAD_IN_START_RE = re.compile(r"^(?:PLEASE WRITE IMMEDIATELY|RECOMMENDED ACTION|TAKE ACTION)\b.*[^:]$", re.IGNORECASE)
_LEAD_IN_END_RE = re.compile(r"^[a-z][^:]{0,40}:$")
_REFERENCE_START_RE = re.compile(r"^(?:Further information on\s+)?UA\s*:?\s*\d{1,4}\s*[/.]\s*\d{2}\b.*\bIndex\b",
                                 re.IGNORECASE)
_CLOSING_START_RE = re.compile(r"^Please check with\b.*[^.]$", re.IGNORECASE)
_PLACEHOLDER_START_RE = re.compile(r"^Name\s+Address 1\b", re.IGNORECASE)
_PLACEHOLDER_WORDS = frozenset({"name", "address", "1", "2", "3", "fax", "number", "email", "salutation"})

@dataclass
class Line:
    """One non-blank line as the readers see it (several source lines when a hyphenated word was joined)."""

    no: int  # 1-based line number of its first source line
    raw: str  # spaces normalised, outer space stripped, inner runs kept (columns)
    nos: tuple[int, ...]  # every source line it is made of
    gap: int = 0  # blank lines just before it
    furniture: bool = False  # a page header, footer or page number
    parts: tuple[str, ...] = ()  # the source lines' own text (for the not-used list)

    @cached_property
    def text(self) -> str:
        """The line with runs of spaces collapsed (computed once the line is complete)."""
        return " ".join(self.raw.split())

    @cached_property
    def key(self) -> str:
        """Upper case, straight quotes: what labels are matched against."""
        return self.text.replace("’", "'").replace("‘", "'").upper()


def clean_lines(source: str) -> list[Line]:
    """The non-blank lines of ``source`` after the paste clean-up (see the module docstring)."""
    raw = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[Line] = []
    gap = 0
    for number, text in enumerate(raw, start=1):
        text = text.translate(_SPACES).strip()
        if not text:
            gap += 1
            continue
        previous = lines[-1] if lines else None
        if previous and gap == 0 and _HYPHEN_END_RE.search(previous.raw) and text[:1].islower():
            previous.raw = previous.raw[:-1] + text
            previous.nos += (number,)
            previous.parts += (text,)
            continue
        if previous and gap == 0 and ((_HEADING_START_RE.match(previous.raw) and _HEADING_END_RE.match(text))
                                      or _wrapped(previous.raw, text)):
            previous.raw = f"{previous.raw} {text}"
            previous.nos += (number,)
            previous.parts += (text,)
            continue
        furniture = len(text) < 80 and bool(_FURNITURE_RE.match(" ".join(text.split())))
        lines.append(Line(number, text, (number,), gap, furniture, (text,)))
        gap = 0
    # A repeated "URGENT ACTION" heading on a later page is furniture too.
    seen: set[str] = set()
    for line in lines:
        if line.key in seen and line.key in ("URGENT ACTION",):
            line.furniture = True
        seen.add(line.key)
    return lines


def _wrapped(previous: str, text: str) -> bool:
    """Is ``text`` the end of ``previous`` wrapped by a narrow column (see _LEAD_IN_START_RE)?"""
    if _LEAD_IN_START_RE.match(previous) and _LEAD_IN_END_RE.match(text):
        return True
    if _CLOSING_START_RE.match(previous) and re.match(r"^[a-z][^:]{0,80}\.$", text):
        return True
    if _REFERENCE_START_RE.match(previous) and find_date(previous.split("Date", 1)[-1]) is None:
        unfinished = re.search(r"(?:\bIndex:?|\bIssue|\bDate:?.*)$", previous, re.IGNORECASE)
        return bool(unfinished) and len(text) <= 60 and not _REFERENCE_START_RE.match(text)
    return bool(_PLACEHOLDER_START_RE.match(previous)) and set(text.lower().split()) <= _PLACEHOLDER_WORDS


class Ledger:
    """Which field each source line went to; every line goes to at most one field."""

    def __init__(self, lines: list[Line]) -> None:
        """Start with every line unused."""
        self.lines = lines
        self.fields: dict[int, str] = {}  # source line number -> dotted field path
        self.conflicts: list[tuple[int, str, str]] = []  # a bug guard the ledger test checks

    def take(self, line: Line, path: str) -> None:
        """Record that ``line`` (all its source lines) went into ``path``."""
        for number in line.nos:
            if number in self.fields:
                self.conflicts.append((number, self.fields[number], path))
                continue
            self.fields[number] = path

    def taken(self, line: Line) -> bool:
        """True when ``line`` is already in a field."""
        return line.no in self.fields

    def unused(self) -> list[tuple[int, str]]:
        """Lines no field took, with their numbers (each source line of a hyphen-joined pair on its own)."""
        return [(number, " ".join(part.split())) for line in self.lines if line.no not in self.fields
                for number, part in zip(line.nos, line.parts or (line.text,), strict=False)]


@dataclass
class Reading:
    """What reading a pasted Urgent Action gave: the case, the problems, the lines not used."""

    family: str
    case: dict[str, Any]  # docs/case-format.md shape; dates as ISO text, as a YAML file would have them
    problems: list[Problem] = field(default_factory=list)  # (line, field, message); warnings have warning=True
    unused: list[tuple[int, str]] = field(default_factory=list)
    fields: dict[int, str] = field(default_factory=dict)  # source line -> field (the ledger)
    lines: dict[str, int] = field(default_factory=dict)  # field path -> first line (for validate's messages)
    conflicts: list[tuple[int, str, str]] = field(default_factory=list)  # a line taken twice: always a reader bug


class Source:
    """The lines of one paste, the ledger, and the case a reader is building."""

    def __init__(self, text: str) -> None:
        """Clean ``text`` into lines; furniture lines are set aside (not used) from the start."""
        self.all = clean_lines(text)
        self.lines = [line for line in self.all if not line.furniture]
        self.ledger = Ledger(self.all)
        self.case: dict[str, Any] = {}
        self.where: dict[str, int] = {}
        self.problems: list[Problem] = []
        widths = sorted(len(line.text) for line in self.lines)
        self.width = widths[len(widths) * 3 // 4] if widths else 0
        gaps = [line.gap for line in self.lines[1:]]
        # Blank lines between every line (a browser paste) or none at all (PDF text): blank lines
        # don't mark paragraphs, so sentence ends on short lines do (see sentence_break).
        self.double_spaced = bool(gaps) and (sum(1 for g in gaps if g >= 1) >= 0.8 * len(gaps) or not any(gaps))

    # recording

    def put(self, path: str, value: Any, *lines: Line) -> None:
        """Set a top-level field from ``lines`` (all taken for it)."""
        self.case[path] = value
        for line in lines:
            self.take(line, path)

    def take(self, line: Line, path: str) -> None:
        """Take one line for ``path`` and remember the field's first line."""
        self.ledger.take(line, path)
        self.where.setdefault(path, line.no)

    def warn(self, line: Line | int | None, path: str | None, message: str) -> None:
        """Say beside a field that the reader is unsure; the case can still be saved."""
        number = line.no if isinstance(line, Line) else line
        self.problems.append(Problem(number, path, message, warning=True))

    def missing(self, path: str, message: str, after: Line | None = None) -> None:
        """A field no line gave: where it was expected, or that nothing looked like it."""
        where = (_("It was expected after line %(line)d.", line=after.no) if after
                 else _("No line looked like it."))
        self.problems.append(Problem(after.no if after else None, path, f"{message} {where}", warning=True))

    def finish(self, family: str) -> Reading:
        """The reading: the case plus the ledger's view of every line."""
        return Reading(family, self.case, sorted(self.problems, key=lambda p: (p.line or 0)),
                       self.ledger.unused(), dict(self.ledger.fields), dict(self.where), list(self.ledger.conflicts))


def sentence_break(source: Source, previous: Line, line: Line) -> bool:
    """Does ``line`` start a new paragraph after ``previous``?"""
    if not source.double_spaced:
        return line.gap >= 1
    if line.gap >= 2:
        return True
    ends = previous.text.endswith((".", "!", "?", "”", '"', ":"))
    return ends and (len(previous.text) < 0.8 * source.width or len(previous.text) > 200)


def first_paragraph(source: Source, lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The lines of the first paragraph, and the rest."""
    for index in range(1, len(lines)):
        if sentence_break(source, lines[index - 1], lines[index]):
            return lines[:index], lines[index:]
    return lines, []


def prose(source: Source, lines: list[Line], path: str, *, keep_breaks: bool = False) -> str:
    """Take ``lines`` for ``path`` and join them into paragraphs separated by blank lines."""
    paragraphs: list[list[str]] = []
    previous: Line | None = None
    for line in lines:
        source.take(line, path)
        if previous is None or sentence_break(source, previous, line) or (
                keep_breaks and line.text.lower().startswith(("dear ", "yours", "sincerely"))):
            paragraphs.append([])
        elif (keep_breaks and len(previous.text) >= 0.7 * source.width
              and not previous.text.endswith((".", "!", "?", ":", ",", "”", '"'))):
            # A wide line that stops mid-sentence is one a PDF wrapped, not one the writer broke.
            paragraphs[-1][-1] += " " + line.text
            previous = line
            continue
        paragraphs[-1].append(line.text)
        previous = line
    return "\n\n".join(("\n" if keep_breaks else " ").join(p) for p in paragraphs)


def asks(source: Source, lines: list[Line]) -> list[str]:
    """Bulleted asks; an unbulleted line after a bulleted one continues it. Taken as asks.N."""
    result: list[str] = []
    for line in lines:
        text, bulleted = strip_bullet(line.text)
        if result and not bulleted:
            result[-1] = f"{result[-1]} {text}"
        else:
            result.append(text)
        source.take(line, f"asks.{len(result) - 1}")
    return [(text[:1].upper() + text[1:]).rstrip(";, ").removesuffix(" and").rstrip(";, ") for text in result]
