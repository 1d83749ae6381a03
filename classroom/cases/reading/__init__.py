"""Reading a pasted Urgent Action into a case: one reader per published family, one shared core.

``read_case(text) -> Reading`` is the entry point:

- ``reading.family``: which layout was recognised (see FAMILIES);
- ``reading.case``: the case in the shape of docs/case-format.md, values as read (dates as
  ISO text), before ``schema.validate`` checks and normalises it;
- ``reading.problems``: ``Problem(line, field, message, warning)``; the readers only warn
  (the reader was unsure, or a field is missing), ``validate`` adds the blocking ones;
- ``reading.unused``: ``(line, text)`` for every non-blank line no field took;
- ``reading.fields``: the ledger, source line -> the field it went into.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import LazyString, gettext as _, lazy_gettext as _l

from . import document_2013, followup, plain_text, template_2020, usa_web
from .core import Reading, Source
from .labelled import parse_text

FAMILIES: dict[str, LazyString] = {
    "plain_text": _l("Plain-text Urgent Action (1990s to 2012)"),
    "followup": _l("Follow-up (Further information / Update / Victory)"),
    "document_2013": _l("Case-sheet document (2013 to 2019)"),
    "template_2020": _l("Labelled template (2020 onwards)"),
    "usa_web": _l("Amnesty USA web page"),
    "labelled": _l("Labelled sections (docs/case-format.md)"),
}
_READERS: dict[str, Callable[[Source], None]] = {
    "plain_text": plain_text.read, "followup": followup.read, "document_2013": document_2013.read,
    "template_2020": template_2020.read, "usa_web": usa_web.read,
}
_SIGNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("template_2020", re.compile(r"^URGENT ACTION (?:TITLE|TYPE AND NUMBER)\s*:", re.IGNORECASE)),
    ("followup", re.compile(r"^Further information on UA\b", re.IGNORECASE)),
    ("usa_web", re.compile(r"^Urgent Action\b.*\([^():]+:\s*UA\s*\d{1,4}\.\d{2}\)\s*$"
                           r"|^[A-Za-z]+\.? \d{1,2}, \d{4}\s*[•·|]\s*Urgent Action\s*$", re.IGNORECASE)),
    ("followup", re.compile(r"^Urgent Action (?:Update|Victory)\b", re.IGNORECASE)),
    ("document_2013", re.compile(r"^UA\s*:\s*\d{1,4}/\d{2}\s+Index\s*:", re.IGNORECASE)),
    ("plain_text", re.compile(r"^UA\s*\d{1,4}\s*/\s*\d{2}\b", re.IGNORECASE)),
)
# A plain-text UA also has its action heading (checked apart: one pattern spanning both would
# rescan the text from every UA line, quadratic in a paste of many such lines).
_PLAIN_ACTION_RE = re.compile(r"^(?:PLEASE SEND APPEALS|RECOMMENDED ACTION|PLEASE WRITE IMMEDIATELY)",
                              re.MULTILINE | re.IGNORECASE)


# What every case needs (docs/case-format.md); a reader that found no line for one says so.
# What the message says when no line gave a required field.
_REQUIRED = {"ua_number": _l("No line gave the UA number."), "title": _l("No line gave the title."),
             "country": _l("No line gave the country."), "issue_date": _l("No line gave the issue date."),
             "people": _l("No line gave the people at risk."), "summary": _l("No line gave the summary.")}
# Labels only the form of docs/case-format.md uses; two of them make a paste that form.
_LABELLED_RE = re.compile(r"^(?:people at risk|summary|targets|themes|timeline|status|model letter|region|title"
                          r"|country|we demand|ua number)\b\s*:?", re.IGNORECASE)


def detect_family(text: str) -> str:
    """The family whose signs ``text`` shows first in the order above; "labelled" otherwise."""
    # Line by line with match(): a MULTILINE search would try every character of a 100 kB paste.
    lines = [line.strip() for line in text.replace("\u00a0", " ").splitlines() if line.strip()]
    template = any(_SIGNS[0][1].match(line) for line in lines)
    if not template and sum(1 for line in lines if _LABELLED_RE.match(line)) >= 2:
        return "labelled"
    for family, sign in _SIGNS:
        if any(sign.match(line) for line in lines) and (
                family != "plain_text" or any(_PLAIN_ACTION_RE.match(line) for line in lines)):
            return family
    return "labelled"


def read_case(text: str) -> Reading:
    """Read ``text`` with its family's reader; every non-blank line ends in a field or in ``unused``."""
    family = detect_family(text)
    if family == "labelled":
        return _read_labelled(text)
    source = Source(text)
    _READERS[family](source)
    said = {problem.field for problem in source.problems}
    for key, message in _REQUIRED.items():
        if not source.case.get(key) and key not in said:
            source.missing(key, str(message))
    for index, target in enumerate(source.case.get("targets") or []):
        if not target.get("salutation"):
            source.missing(f"targets.{index}.salutation",
                           _("Target %(number)d has no salutation (a 'Salutation:' or 'Dear …' line).",
                             number=index + 1))
    _drop_empty(source.case)
    return source.finish(family)


def _drop_empty(case: dict) -> None:
    """Leave out what the source did not give, so validate says "missing" rather than "empty"."""
    for key in [k for k, v in case.items() if v is None]:
        del case[key]
    for key in ("targets", "copies_to"):
        for target in case.get(key) or []:
            for name in [k for k, v in target.items() if v in (None, [])]:
                del target[name]


def _read_labelled(text: str) -> Reading:
    """The labelled form: its reader reports stray lines as problems, so every line is in a field."""
    parsed = parse_text(text)
    firsts = sorted((line, path) for path, line in parsed.lines.items() if "." not in path)
    fields: dict[int, str] = {}
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    current = "header"
    for number, line in enumerate(lines, start=1):
        while firsts and firsts[0][0] <= number:
            current = firsts.pop(0)[1]
        if line.strip():
            fields[number] = current
    return Reading("labelled", parsed.data, parsed.problems, [], fields, parsed.lines)
