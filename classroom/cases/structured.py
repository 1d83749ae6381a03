"""Case files in YAML and JSON, read with the line of every key (nested ones too) for messages.

PyYAML's node tree and a small JSON scanner on the standard library's number and string readers
keep positions that ``yaml.safe_load`` and ``json.loads`` throw away; both are bounded (nodes,
nesting, size) so a hostile file costs little. ``parse_structured`` is the door; parsing.py
decides which format a source is and runs the whole import.
"""
from __future__ import annotations

import bisect
import json
import math
import re
from json.decoder import scanstring  # type: ignore[attr-defined]  # there at run time (C), not in typeshed
from json.scanner import NUMBER_RE
from typing import Any, ClassVar

import yaml
from flask_babel import gettext as _, lazy_gettext as _l
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .case_format import Problem
from .reading.parsed import ParsedSource

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


MAX_FLOW_DEPTH = 100
_FLOW_BRACKET_RE = re.compile(r"[\[\]{}]")


def flow_depth(source: str) -> int:
    """How deeply [ and { nest (brackets inside quotes are counted too: only a bound is needed)."""
    depth = deepest = 0
    for match in _FLOW_BRACKET_RE.finditer(source):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def _parse_yaml(source: str) -> ParsedSource:
    """Read YAML keeping the line of every key (yaml.compose keeps node marks; safe_load would not)."""
    result = ParsedSource({})
    if flow_depth(source) > MAX_FLOW_DEPTH:
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
