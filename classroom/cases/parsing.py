"""Reading an Urgent Action from pasted text, YAML or JSON into the case-file shape.

Three readers produce the same thing, a ``ParsedSource``: the data in the shape of
docs/case-format.md (values still as the source wrote them), the line where every field
was found, and the problems of reading itself. ``parse`` runs the whole pipeline and hands
the data to ``schema.validate``, which owns every rule about the values. Nothing here
touches the database.

Pasted text is read by ``reading.read_case``: one reader per published family of Urgent
Actions (see classroom/cases/reading/__init__.py), each keeping a ledger of its lines.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import yaml
from flask_babel import gettext as _
from yaml.nodes import MappingNode, ScalarNode

from .reading import Reading, read_case
from .reading.labelled import TEXT_LABELS as TEXT_LABELS, parse_text as parse_text  # the labelled text form, for tests
from .reading.parsed import ParsedSource
from .structured import MAX_FLOW_DEPTH, flow_depth
from .structured import parse_structured as parse_structured  # re-exported for tests
from .case_format import CASE_FIELDS, MAX_SOURCE_BYTES, Problem
from .schema import validate


# --- format detection ----------------------------------------------------------------

_EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".txt": "text", ".text": "text", ".md": "text"}
# Keys written with underscores exist only in the file form; a paste never has them, so
# seeing one means YAML even when the YAML is broken (its error is then reported, not a
# confusing list of "unknown labels").
_FILE_ONLY_KEY_RE = re.compile(
    r"^(?:ua_number|follows_up|issue_date|model_letter|copies_to|student_summaries)\s*:", re.MULTILINE)
# A case file has at least one of these at the start of a line; a paste (almost) never does.
_CASE_KEY_RE = re.compile(rf"^(?:{'|'.join(CASE_FIELDS)})\s*:", re.MULTILINE)


def detect_format(source: str, filename: str | None = None) -> str:
    """ "text", "yaml" or "json": by the file name's extension when it has a known one, else by content."""
    if filename:
        suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
        if suffix in _EXTENSIONS:
            return _EXTENSIONS[suffix]
    start = source.lstrip("\ufeff \t\r\n")
    if start.startswith(("{", "[")):
        return "json"  # a pasted Urgent Action never starts with a bracket
    if start.startswith(("---", "%YAML")) or _FILE_ONLY_KEY_RE.search(source):
        return "yaml"
    if not _CASE_KEY_RE.search(source) or flow_depth(source) > MAX_FLOW_DEPTH:
        return "text"  # no lower-case field name at the start of a line: no need to try YAML
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except Exception:  # noqa: BLE001 - any failure here just means "not YAML"
        return "text"
    # "Title: ...\nCountry: ..." is valid YAML too; only the file form's lower-case keys make it a case file.
    if isinstance(root, MappingNode) and any(
            isinstance(key, ScalarNode) and key.value in CASE_FIELDS for key, _value in root.value):
        return "yaml"
    return "text"


# --- the pipeline ------------------------------------------------------------------------

@dataclass
class Imported:
    """The whole import of one source: the case as it will be saved, every problem, the lines not used."""

    case: dict[str, Any] | None  # normalised (validate's shape); None while a blocking problem remains
    problems: list[Problem] = field(default_factory=list)  # blocking problems and warnings (p.warning)
    unused: list[tuple[int, str]] = field(default_factory=list)  # (line, text) no field took
    family: str = ""  # "yaml", "json", or the text family read_case chose
    read: dict[str, Any] | None = None  # the case as read, before validation (shown when it can't be saved)

    @property
    def blocking(self) -> list[Problem]:
        """The problems that stop the import (warnings do not)."""
        return [p for p in self.problems if not p.warning]

    def as_json(self) -> dict[str, Any]:
        """``{"case", "problems": [{"line", "field", "message", "warning"}], "unused": [{"line", "text"}]}``.

        The case is the normalised one when it can be saved, else the case as read; dates as ISO text.
        """
        case = self.case if self.case is not None else self.read
        return {
            "case": json.loads(json.dumps(case, default=str)) if isinstance(case, dict) else None,
            "family": self.family,
            "problems": [{"line": p.line, "field": p.field, "message": p.message, "warning": p.warning}
                         for p in self.problems],
            "unused": [{"line": line, "text": text} for line, text in self.unused],
        }


def read_source(source: str, filename: str | None = None) -> Imported:
    """Size limit, empty input, format, reading and validation, keeping warnings and unused lines."""
    source = source.removeprefix("\ufeff")
    size = len(source.encode("utf-8", "surrogatepass"))
    if size > MAX_SOURCE_BYTES:
        # One problem only: reading a text this long would just bury the reason in noise.
        return Imported(None, [Problem(None, None, _(
            "The text is too long to import: %(size)d kB, and the limit is %(limit)d kB. Remove what is not part of "
            "the Urgent Action, or split it.", size=math.ceil(size / 1000), limit=MAX_SOURCE_BYTES // 1000))])
    if not source.strip():
        return Imported(None, [Problem(None, None, _("There is nothing to import: the text is empty."))])
    fmt = detect_format(source.replace("\r\n", "\n").replace("\r", "\n"), filename)
    if fmt == "text":
        reading: Reading = read_case(source)
        parsed = ParsedSource(reading.case, reading.lines, reading.problems)
        unused, family = reading.unused, reading.family
    else:
        parsed = parse_structured(source.replace("\r\n", "\n").replace("\r", "\n"), fmt)
        unused, family = [], fmt
    if not parsed.data and parsed.problems:
        # unreadable: a list of "missing" fields would only confuse
        return Imported(None, in_line_order(parsed.problems), unused, family, parsed.data)
    normalised, problems = validate(parsed.data, parsed.lines)
    # A field the reader already complained about (a repeated key, an unsupported YAML
    # tag) would only come back from validate as "missing": say it once.
    read_fields = {p.field for p in parsed.problems if p.field and not p.warning}
    problems = [p for p in problems
                if not any(p.field == f or (p.field or "").startswith(f + ".") for f in read_fields)]
    problems = in_line_order(parsed.problems + problems)
    blocking = any(not p.warning for p in problems)
    return Imported(None if blocking else normalised, problems, unused, family, parsed.data)


def parse(source: str, filename: str | None = None) -> tuple[dict[str, Any] | None, list[Problem]]:
    """(normalised case, blocking problems): the case is None whenever there is a problem.

    "UA number already in the library" is the caller's check (it needs the database).
    """
    result = read_source(source, filename)
    return result.case, result.blocking


def in_line_order(problems: list[Problem]) -> list[Problem]:
    """Problems without repeats, those about the whole case first, then by line."""
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: -1 if p.line is None else p.line)
