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

import bisect
import json
import math
import re
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]  # there at run time (C), not in typeshed
from json.scanner import NUMBER_RE
from pathlib import PurePosixPath
from typing import Any, ClassVar

import yaml
from flask_babel import gettext as _, lazy_gettext as _l
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .reading import Reading, read_case
from .reading.labelled import TEXT_LABELS as TEXT_LABELS, parse_text as parse_text  # the labelled text form, for tests
from .reading.parsed import ParsedSource
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
    if not _CASE_KEY_RE.search(source) or _flow_depth(source) > _MAX_FLOW_DEPTH:
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


# --- YAML ------------------------------------------------------------------------------

_TAG = "tag:yaml.org,2002:"
_INT_RE = re.compile(r"[-+]?\d+")
_FLOAT_RE = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
# A billion-laughs document (aliases of aliases) expands exponentially; a real case has a
# few hundred nodes, so anything near this many is refused rather than expanded.
_MAX_YAML_NODES = 50_000


class _TooLarge(Exception):
    """The YAML's aliases expand beyond _MAX_YAML_NODES."""


class _YamlWalker:
    """Turns composed YAML nodes into plain data while recording the line of every key and item."""

    def __init__(self, result: ParsedSource) -> None:
        """Write data lines and problems into ``result``."""
        self.result = result
        self.active: set[int] = set()  # collections being walked: seeing one again is a loop
        self.visited = 0

    def problem(self, node: Node, path: str | None, message: str) -> None:
        """A reading problem at ``node``'s line."""
        self.result.problems.append(Problem(node.start_mark.line + 1, path or None, message))

    def walk(self, node: Node, path: str) -> Any:
        """The plain value of ``node`` (dict, list, str, int, float, bool or None)."""
        self.visited += 1
        if self.visited > _MAX_YAML_NODES:
            raise _TooLarge
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.active:
            self.problem(node, path, _("This part of the YAML refers to itself (an alias inside its own anchor)."))
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self.mapping(node, path)
            if isinstance(node, SequenceNode):
                return self.sequence(node, path)
        finally:
            self.active.discard(id(node))
        return None

    def mapping(self, node: MappingNode, path: str) -> dict[str, Any] | None:
        """A mapping, with duplicate keys reported (PyYAML would silently keep the last one)."""
        if node.tag != f"{_TAG}map":
            self.problem(node, path, _("The YAML tag %(tag)s is not supported here; write plain fields.", tag=node.tag))
            return None
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag == f"{_TAG}merge":
                self.problem(key_node, path, _("Field names must be plain words such as 'title' "
                                               "(merge keys and complex keys are not supported)."))
                continue
            key = key_node.value
            child = f"{path}.{key}" if path else key
            if key in first_line:
                self.problem(key_node, child, _("The field '%(key)s' appears twice (lines %(first)d and %(line)d); "
                                                "keep one.", key=key, first=first_line[key], line=line))
                continue
            first_line[key] = line
            self.result.lines[child] = line
            out[key] = self.walk(value_node, child)
        return out

    def sequence(self, node: SequenceNode, path: str) -> list[Any] | None:
        """A list, recording each item's first line."""
        if node.tag != f"{_TAG}seq":
            self.problem(node, path, _("The YAML tag %(tag)s is not supported here; write a plain list.", tag=node.tag))
            return None
        items = []
        for index, item in enumerate(node.value):
            child = f"{path}.{index}"
            self.result.lines[child] = item.start_mark.line + 1
            items.append(self.walk(item, child))
        return items

    def scalar(self, node: ScalarNode, path: str) -> Any:
        """A scalar under YAML 1.2 rules: only true/false are booleans; dates stay text.

        Dates stay text so schema.validate reports "2020-02-30" as an impossible date
        (PyYAML's own constructor would crash on it), and "no" stays the word, not false.
        """
        value, tag = node.value, node.tag
        if tag == f"{_TAG}str":
            return value
        if tag == f"{_TAG}null":
            return None
        if tag == f"{_TAG}bool":
            return {"true": True, "false": False}.get(value.lower(), value)
        if tag == f"{_TAG}int":
            return int(value) if _INT_RE.fullmatch(value) else value
        if tag == f"{_TAG}float":
            return float(value) if _FLOAT_RE.fullmatch(value) else value
        if tag == f"{_TAG}timestamp":
            return value
        self.problem(node, path, _("The YAML tag %(tag)s is not supported; write plain text.", tag=tag))
        return None


# PyYAML's words for the usual mistakes, and what they mean for someone editing a case file.
_YAML_HINTS: tuple[tuple[str, Any], ...] = (  # (what YAML says, what it means, lazy)
    ("expected <block end>", _l("this line is indented differently from the lines above it")),
    ("mapping values are not allowed", _l("there is a colon (:) YAML did not expect; put text that contains "
                                          "': ' in quotes")),
    ("could not find expected ':'", _l("a field name is not followed by a colon")),
    ("cannot start any token", _l("there is a tab or another character YAML does not allow here; indent with "
                                  "spaces")),
    ("found unexpected end of stream", _l("a quote or bracket is opened but never closed")),
    ("found undefined alias", _l("there is a *name with no &name anchor before it")),
)


def _yaml_error(source: str, exc: Exception) -> Problem:
    """A plain-language problem for a YAML syntax error, at the line the parser stopped on."""
    if isinstance(exc, yaml.MarkedYAMLError):
        detail = exc.problem or exc.context or "unexpected text"
        mark = exc.problem_mark or exc.context_mark
        if "could not find expected ':'" in detail and exc.context_mark:
            mark = exc.context_mark  # the key without its colon, not the line where YAML gave up looking

        plain = next((hint for words, hint in _YAML_HINTS if words in detail), None)
        line = mark.line + 1 if mark else None
        if plain:
            return Problem(line, None, _("This YAML can't be read: %(hint)s (YAML says: %(detail)s).", hint=plain,
                                         detail=detail))
        return Problem(line, None, _("This YAML can't be read: %(detail)s.", detail=detail))
    if isinstance(exc, yaml.reader.ReaderError):
        line = source.count("\n", 0, exc.position) + 1
        return Problem(line, None, _("This YAML contains a character that is not allowed in text (code %(code)s); "
                                     "remove it.", code=repr(exc.character)))
    return Problem(None, None, _("This YAML can't be read: %(detail)s.", detail=str(exc)))


_MAX_FLOW_DEPTH = 100
_FLOW_BRACKET_RE = re.compile(r"[\[\]{}]")


def _flow_depth(source: str) -> int:
    """How deeply [ and { nest (brackets inside quotes are counted too: only a bound is needed)."""
    depth = deepest = 0
    for match in _FLOW_BRACKET_RE.finditer(source):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def _parse_yaml(source: str) -> ParsedSource:
    """Read YAML keeping the line of every key (yaml.compose keeps node marks; safe_load would not)."""
    result = ParsedSource({})
    if _flow_depth(source) > _MAX_FLOW_DEPTH:
        # PyYAML takes seconds over "[[[[..." before it runs out of recursion; a case never nests so deep.
        result.problems.append(Problem(None, None, _("This YAML is nested too deeply to read.")))
        return result
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        result.problems.append(_yaml_error(source, exc))
        return result
    except RecursionError:
        result.problems.append(Problem(None, None, _("This YAML is nested too deeply to read.")))
        return result
    if root is None:
        result.problems.append(Problem(None, None, _("There is nothing to import: the YAML has no fields.")))
        return result
    walker = _YamlWalker(result)
    try:
        data = walker.walk(root, "")
    except (_TooLarge, RecursionError):
        result.problems.append(Problem(None, None, _("This YAML repeats parts of itself (anchors and aliases) "
                                                     "too many times to read.")))
        return result
    if not isinstance(data, dict):
        result.problems.append(Problem(root.start_mark.line + 1, None, _not_a_case(data)))
        return result
    result.data = data
    return result


def _not_a_case(value: Any) -> str:
    """The message for a file whose top level is not a mapping of fields."""
    if isinstance(value, list):
        return _("The file should describe one case as fields (ua_number: …, title: …), not a list.")
    return _("The file should describe one case as fields (ua_number: …, title: …), not a single value.")


# --- JSON ------------------------------------------------------------------------------

class _JsonScanner:
    """A tiny JSON reader for text json.loads has already accepted, recording lines of keys and items.

    json.loads reports syntax errors with their line but does not say where values were;
    this second pass does, and reports duplicate keys, which json.loads silently drops.
    """

    _LITERALS: ClassVar[dict[str, Any]] = {"true": True, "false": False, "null": None, "NaN": math.nan, "Infinity": math.inf,
                 "-Infinity": -math.inf}

    def __init__(self, text: str, result: ParsedSource) -> None:
        """Index the line breaks of ``text`` once so each position's line is a binary search."""
        self.text = text
        self.result = result
        self.breaks = [i for i, char in enumerate(text) if char == "\n"]

    def line(self, position: int) -> int:
        """1-based line of a character position."""
        return bisect.bisect_left(self.breaks, position) + 1

    def skip(self, i: int) -> int:
        """Position of the next non-whitespace character."""
        while i < len(self.text) and self.text[i] in " \t\r\n":
            i += 1
        return i

    def value(self, i: int, path: str) -> tuple[Any, int]:
        """The value starting at ``i`` and the position after it."""
        i = self.skip(i)
        char = self.text[i]
        if char == "{":
            return self.object(i + 1, path)
        if char == "[":
            return self.array(i + 1, path)
        if char == '"':
            return scanstring(self.text, i + 1)
        for word, literal in self._LITERALS.items():
            if self.text.startswith(word, i):
                return literal, i + len(word)
        match = NUMBER_RE.match(self.text, i)
        if match is None:  # json.loads accepted the text, so this cannot happen
            raise ValueError(f"unexpected JSON at {i}")
        integer, fraction, exponent = match.groups()
        number = float(integer + (fraction or "") + (exponent or "")) if fraction or exponent else int(integer)
        return number, match.end()

    def object(self, i: int, path: str) -> tuple[dict[str, Any], int]:
        """An object; ``i`` is just after its ``{``."""
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        i = self.skip(i)
        if self.text[i] == "}":
            return out, i + 1
        while True:
            i = self.skip(i)
            line = self.line(i)
            key, i = scanstring(self.text, i + 1)
            i = self.skip(i) + 1  # the colon
            child = f"{path}.{key}" if path else key
            value, i = self.value(i, child if key not in first_line else f"{child}.duplicate")
            if key in first_line:
                self.result.problems.append(Problem(line, child, _(
                    "The field '%(key)s' appears twice (lines %(first)d and %(line)d); keep one.", key=key,
                    first=first_line[key], line=line)))
            else:
                first_line[key] = line
                self.result.lines[child] = line
                out[key] = value
            i = self.skip(i)
            if self.text[i] == ",":
                i += 1
                continue
            return out, i + 1

    def array(self, i: int, path: str) -> tuple[list[Any], int]:
        """An array; ``i`` is just after its ``[``."""
        items: list[Any] = []
        i = self.skip(i)
        if self.text[i] == "]":
            return items, i + 1
        while True:
            i = self.skip(i)
            child = f"{path}.{len(items)}"
            self.result.lines[child] = self.line(i)
            value, i = self.value(i, child)
            items.append(value)
            i = self.skip(i)
            if self.text[i] == ",":
                i += 1
                continue
            return items, i + 1


def _parse_json(source: str) -> ParsedSource:
    """Read JSON: syntax errors come from json.loads with their line, positions from _JsonScanner."""
    result = ParsedSource({})
    try:
        json.loads(source)
    except json.JSONDecodeError as exc:
        result.problems.append(Problem(exc.lineno, None, _("This JSON can't be read: %(detail)s (column %(column)d).", detail=exc.msg,
                                                            column=exc.colno)))
        return result
    except RecursionError:
        result.problems.append(Problem(None, None, _("This JSON is nested too deeply to read.")))
        return result
    scanner = _JsonScanner(source, result)
    try:
        data, _end = scanner.value(0, "")
    except RecursionError:
        result.problems.append(Problem(None, None, _("This JSON is nested too deeply to read.")))
        return result
    if not isinstance(data, dict):
        result.problems.append(Problem(scanner.line(scanner.skip(0)), None, _not_a_case(data)))
        return result
    result.data = data
    return result


def parse_structured(source: str, fmt: str) -> ParsedSource:
    """Read a case file in ``fmt`` ("yaml" or "json"), recording the line of every key, nested ones too."""
    if fmt == "yaml":
        return _parse_yaml(source)
    if fmt == "json":
        return _parse_json(source)
    raise ValueError(f"not a structured format: {fmt!r}")


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
