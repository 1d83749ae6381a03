"""Reading an Urgent Action from pasted text, YAML or JSON into the case-file shape.

Three readers produce the same thing, a ``ParsedSource``: the data in the shape of
docs/case-format.md (values still as the source wrote them), the line where every field
was found, and the problems of reading itself. ``parse`` runs the whole pipeline and hands
the data to ``schema.validate``, which owns every rule about the values. Nothing here
touches the database.

The pasted-text form is the one Urgent Action emails and web pages use: labelled
sections ("UA number: UA 123.20", "SUMMARY", "TARGETS" ...), see TEXT_LABELS for the
labels and their synonyms. Labels are matched without regard to case; how freely a label
may appear depends on where the reader is, so that the prose of a summary or a model
letter ("We demand ...", "Date: ...") is not mistaken for a new section:

- a label alone on its line ("SUMMARY", "Summary:") always starts its section;
- "Label: value" starts it too, except inside a model letter: there a label in capitals
  ends the letter, but a common word ("Name", "Date", "Title") does not, because a
  letter's signature lines use them;
- "Label value" without a colon counts in the header part of the paste, or when the
  label is written in capitals ("THEMES Indigenous peoples' rights").
A line that starts with a bullet (-, *, •, 1.) is never a label.
"""
from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass, field
from json.decoder import scanstring
from json.scanner import NUMBER_RE
from pathlib import PurePosixPath
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .schema import CASE_FIELDS, DATE_PREFIX_PATTERN, MAX_SOURCE_BYTES, UA_NUMBER_RE, Problem, validate


@dataclass
class ParsedSource:
    """What a reader found: data in the case-file shape, where each field was, and reading problems."""

    data: dict[str, Any]  # in the docs/case-format.md shape (values still strings where the source had strings)
    lines: dict[str, int] = field(default_factory=dict)  # dotted field path -> 1-based line where it was found
    problems: list[Problem] = field(default_factory=list)  # problems of reading itself, each with its line


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
            isinstance(key, ScalarNode) and key.value in CASE_FIELDS for key, _ in root.value):
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
            self.problem(node, path, "This part of the YAML refers to itself (an alias inside its own anchor).")
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
            self.problem(node, path, f"The YAML tag {node.tag} is not supported here; write plain fields.")
            return None
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag == f"{_TAG}merge":
                self.problem(key_node, path, "Field names must be plain words such as 'title' "
                                             "(merge keys and complex keys are not supported).")
                continue
            key = key_node.value
            child = f"{path}.{key}" if path else key
            if key in first_line:
                self.problem(key_node, child, f"The field '{key}' appears twice (lines {first_line[key]} and {line}); "
                                              "keep one.")
                continue
            first_line[key] = line
            self.result.lines[child] = line
            out[key] = self.walk(value_node, child)
        return out

    def sequence(self, node: SequenceNode, path: str) -> list[Any] | None:
        """A list, recording each item's first line."""
        if node.tag != f"{_TAG}seq":
            self.problem(node, path, f"The YAML tag {node.tag} is not supported here; write a plain list.")
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
        self.problem(node, path, f"The YAML tag {tag} is not supported; write plain text.")
        return None


# PyYAML's words for the usual mistakes, and what they mean for someone editing a case file.
_YAML_HINTS: tuple[tuple[str, str], ...] = (
    ("expected <block end>", "this line is indented differently from the lines above it"),
    ("mapping values are not allowed", "there is a colon (:) YAML did not expect; put text that contains "
                                       "': ' in quotes"),
    ("could not find expected ':'", "a field name is not followed by a colon"),
    ("cannot start any token", "there is a tab or another character YAML does not allow here; indent with spaces"),
    ("found unexpected end of stream", "a quote or bracket is opened but never closed"),
    ("found undefined alias", "there is a *name with no &name anchor before it"),
)


def _yaml_error(source: str, exc: Exception) -> Problem:
    """A plain-language problem for a YAML syntax error, at the line the parser stopped on."""
    if isinstance(exc, yaml.MarkedYAMLError):
        detail = exc.problem or exc.context or "unexpected text"
        mark = exc.problem_mark or exc.context_mark
        if "could not find expected ':'" in detail and exc.context_mark:
            mark = exc.context_mark  # the key without its colon, not the line where YAML gave up looking

        plain = next((hint for words, hint in _YAML_HINTS if words in detail), None)
        explanation = f"{plain} (YAML says: {detail})" if plain else detail
        return Problem(mark.line + 1 if mark else None, None, f"This YAML can't be read: {explanation}.")
    if isinstance(exc, yaml.reader.ReaderError):
        line = source.count("\n", 0, exc.position) + 1
        return Problem(line, None, "This YAML contains a character that is not allowed in text "
                                   f"(code {exc.character!r}); remove it.")
    return Problem(None, None, f"This YAML can't be read: {exc}.")


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
        result.problems.append(Problem(None, None, "This YAML is nested too deeply to read."))
        return result
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        result.problems.append(_yaml_error(source, exc))
        return result
    except RecursionError:
        result.problems.append(Problem(None, None, "This YAML is nested too deeply to read."))
        return result
    if root is None:
        result.problems.append(Problem(None, None, "There is nothing to import: the YAML has no fields."))
        return result
    walker = _YamlWalker(result)
    try:
        data = walker.walk(root, "")
    except (_TooLarge, RecursionError):
        result.problems.append(Problem(None, None, "This YAML repeats parts of itself (anchors and aliases) "
                                                   "too many times to read."))
        return result
    if not isinstance(data, dict):
        result.problems.append(Problem(root.start_mark.line + 1, None, _not_a_case(data)))
        return result
    result.data = data
    return result


def _not_a_case(value: Any) -> str:
    """The message for a file whose top level is not a mapping of fields."""
    kind = "a list" if isinstance(value, list) else "a single value"
    return f"The file should describe one case as fields (ua_number: …, title: …), not {kind}."


# --- JSON ------------------------------------------------------------------------------

class _JsonScanner:
    """A tiny JSON reader for text json.loads has already accepted, recording lines of keys and items.

    json.loads reports syntax errors with their line but does not say where values were;
    this second pass does, and reports duplicate keys, which json.loads silently drops.
    """

    _LITERALS = {"true": True, "false": False, "null": None, "NaN": math.nan, "Infinity": math.inf,
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
                self.result.problems.append(Problem(line, child, f"The field '{key}' appears twice "
                                                                 f"(lines {first_line[key]} and {line}); keep one."))
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
        result.problems.append(Problem(exc.lineno, None, f"This JSON can't be read: {exc.msg} (column {exc.colno})."))
        return result
    except RecursionError:
        result.problems.append(Problem(None, None, "This JSON is nested too deeply to read."))
        return result
    scanner = _JsonScanner(source, result)
    try:
        data, _ = scanner.value(0, "")
    except RecursionError:
        result.problems.append(Problem(None, None, "This JSON is nested too deeply to read."))
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


# --- the labelled-section text form ----------------------------------------------------

# field -> the labels a curator may write for it (matched without regard to case).
TEXT_LABELS: dict[str, tuple[str, ...]] = {
    "ua_number": ("UA number", "UA no.", "UA no", "UA"),
    "follows_up": ("Follows up", "Follows up on", "Follow-up to", "Follow up to", "Further information on"),
    "title": ("Title", "Headline"),
    "country": ("Country",),
    "region": ("Region",),
    "issue_date": ("Date", "Issue date", "Date issued", "Issued"),
    "deadline": ("Deadline", "Action deadline", "Please take action before", "Act before"),
    "status": ("Status",),
    "people": ("People at risk", "People", "Person at risk", "Name(s)", "Names", "Name"),
    "summary": ("Summary",),
    "background": ("Background", "Additional information"),
    "asks": ("Recommended action", "Recommended actions", "Asks", "What to ask", "Please write", "We demand"),
    "targets": ("Targets", "Target", "Please write to", "Send appeals to"),
    "copies_to": ("Copies to", "Copies", "Also send copies to"),
    "themes": ("Themes", "Issues", "Tags"),
    "model_letter": ("Model letter", "Sample letter"),
    "timeline": ("Timeline", "Updates"),
}
# Inside TARGETS and COPIES TO, these labels describe one official (they win over the
# case's own "Title" and "Name").
TARGET_LABELS: dict[str, tuple[str, ...]] = {
    "name": ("Name",),
    "title": ("Title", "Position"),
    "address": ("Address", "Postal address"),
    "salutation": ("Salutation",),
    "email": ("Email", "E-mail"),
    "language": ("Preferred language", "Language"),
}
# Contact details the case shape has no place for: Urgent Actions list them, letters don't use them.
IGNORED_TARGET_LABELS: tuple[str, ...] = ("Phone", "Telephone", "Tel", "Fax", "Twitter", "Facebook",
                                          "Instagram", "Website", "Web", "X")
# Common words that end a model letter only when written in capitals ("Name" under a
# letter is the signature line, not the people at risk).
_WEAK_IN_LETTER = frozenset({"name", "names", "people", "date", "issued", "issues", "tags", "copies", "title",
                             "please write", "we demand", "asks", "target", "updates", "status", "country",
                             "region", "ua"})

# Sections whose lines describe officials.
_TARGET_SECTIONS = frozenset({"targets", "copies_to"})
_SCALARS = frozenset({"ua_number", "follows_up", "title", "country", "region", "issue_date", "deadline", "status"})
_PROSE = frozenset({"summary", "background", "model_letter"})


def _label_regex(synonyms: list[str]) -> re.Pattern[str]:
    """Matches a line that starts with one of ``synonyms`` (longest first), then an optional colon and value."""
    ordered = sorted(synonyms, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in label.split()) for label in ordered)
    # (?![\w(]) stops "Title" matching "Titles" and "Name" matching "Name(s)".
    return re.compile(rf"^(?P<label>{alternatives})(?![\w(])\s*(?P<colon>:)?\s*(?P<value>.*)$", re.IGNORECASE)


def _synonym_index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Lower-cased, single-spaced label -> field."""
    return {" ".join(label.lower().split()): key for key, labels in table.items() for label in labels}


_TOP_RE = _label_regex([label for labels in TEXT_LABELS.values() for label in labels])
_TOP_FIELD = _synonym_index(TEXT_LABELS)
_TARGET_RE = _label_regex([label for labels in TARGET_LABELS.values() for label in labels]
                          + list(IGNORED_TARGET_LABELS))
_TARGET_FIELD = _synonym_index(TARGET_LABELS)

_BULLET_RE = re.compile(r"^(?:[-*•‣◦▪●–—]+\s*|\d{1,2}[.)]\s+|\(\d{1,2}\)\s*)")
# Something that looks like a label the importer does not know: "Gender m/f: both" or a
# heading in capitals ("CONTACT"). Digits are excluded so "On 19 July 2020: ..." is prose.
_LABEL_LIKE_RE = re.compile(r"^(?P<label>[A-Za-z][A-Za-z'’()/&\- ]{0,38}?)\s*:\s*(?P<value>.*)$")
_HEADING_RE = re.compile(r"^[A-Z][A-Z'’()/&\- ]{2,39}:?$")
_URGENT_ACTION_RE = re.compile(r"^urgent\s+action(?:\s+(?P<kind>update|victory))?\s*!?:?$", re.IGNORECASE)
# The seed's headline: "Urgent Action Victory! Kelly Gonzalez Aguilar is Free (USA: UA 59.20)".
_HEADLINE_RE = re.compile(
    r"^urgent\s+action(?:\s+(?P<kind>victory|update))?\s*[!:]?\s*(?P<title>.+?)\s*"
    r"\((?P<country>[^():]+?):\s*(?P<ua>UA\s*\d{1,4}\.\d{2}|\d{1,4}/\d{2})\)$", re.IGNORECASE)
# The seed's date line: "July 30, 2020 • Urgent Action".
_DATELINE_RE = re.compile(rf"^(?P<date>{DATE_PREFIX_PATTERN})\s*[•·|–-]\s*urgent\s+action$", re.IGNORECASE)
_TIMELINE_RE = re.compile(
    rf"^(?P<date>{DATE_PREFIX_PATTERN})\s*(?:[-–—:,]\s*)?(?P<kind>[A-Za-z]+)\s*[:–—-]\s*(?P<text>.*)$")
_DATE_START_RE = re.compile(rf"^(?:{DATE_PREFIX_PATTERN})\b")
_PRONOUNS_RE = re.compile(r"^(?:group|[a-z]+(?:\s*/\s*[a-z]+)+)$", re.IGNORECASE)
_EMAIL_LINE_RE = re.compile(r"^(?:mailto:)?[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$", re.IGNORECASE)
_UA_VALUE_RE = re.compile(r"^(?:UA\s*[:#]?\s*)?(?P<number>\d{1,4}[./]\d{2})$", re.IGNORECASE)


def _strip_bullet(text: str) -> tuple[str, bool]:
    """The text without a leading bullet, and whether it had one."""
    match = _BULLET_RE.match(text)
    return (text[match.end():].strip(), True) if match else (text, False)


def _ua_value(value: str) -> str:
    """ "123.20", "UA: 123/20" and "UA 123.20" as the validator expects them ("UA 123.20", "123/20")."""
    match = _UA_VALUE_RE.match(value.strip())
    if not match:
        return value.strip()
    number = match["number"]
    return f"UA {number}" if "." in number else number


def _person(text: str) -> dict[str, str]:
    """ "Name (she/her)" -> name and pronouns; a parenthesis that is not pronouns stays in the name."""
    match = re.fullmatch(r"(?P<name>.*?)\s*\((?P<pronouns>[^()]+)\)", text)
    if match and match["name"] and _PRONOUNS_RE.match(match["pronouns"].strip()):
        pronouns = re.sub(r"\s*/\s*", "/", match["pronouns"].strip()).lower()
        return {"name": match["name"].strip(), "pronouns": pronouns}
    return {"name": text.strip()}


@dataclass
class _Label:
    """A recognised label on a line."""

    field: str
    label: str  # as written
    value: str


class _TextReader:
    """A line-by-line state machine over the labelled-section form."""

    def __init__(self) -> None:
        """Start in the header, before any section."""
        self.result = ParsedSource({})
        self.data = self.result.data
        self.lines = self.result.lines
        self.section: str | None = None  # the list or prose section lines go to; None = header
        self.pending: str | None = None  # a scalar whose label stood alone: its value is on the next line
        self.label_lines: dict[str, int] = {}  # scalar/prose field -> line of its label (to spot repeats)
        self.prose: dict[str, list[str]] = {}
        self.soft: dict[str, tuple[str, int]] = {}  # from the seed headline; explicit labels win
        self.headline_seen = False
        self.target: dict[str, Any] | None = None
        self.target_last: str | None = None  # the last target label, so address lines can continue
        self.target_pending: str | None = None  # a target label whose value is on the next line
        self.target_freeform = False
        self.ask_bulleted = False
        self.lineno = 0

    # helpers

    def problem(self, path: str | None, message: str, line: int | None = None) -> None:
        """A reading problem at the current line (or ``line``)."""
        self.result.problems.append(Problem(line or self.lineno, path, message))

    def context(self) -> str:
        """Where the reader is, which decides how freely labels are recognised."""
        if self.pending:
            return "pending"
        if self.section is None:
            return "header"
        if self.section == "model_letter":
            return "letter"
        if self.section in _TARGET_SECTIONS:
            return "target"
        if self.section in _PROSE:
            return "prose"
        return "list"

    def match_label(self, text: str) -> _Label | None:
        """The section label this line starts with, if it counts as one where the reader is."""
        if _BULLET_RE.match(text):
            return None
        match = _TOP_RE.match(text)
        if not match:
            return None
        label, value = match["label"], match["value"].strip()
        key = " ".join(label.lower().split())
        upper, colon = label.isupper(), bool(match["colon"])
        context = self.context()
        if context == "letter":
            counts = upper or (key not in _WEAK_IN_LETTER and (colon or not value))
        elif not value or colon or upper:
            counts = True
        else:
            counts = context == "header"
        if not counts:
            return None
        field_name = _TOP_FIELD[key]
        if field_name in ("ua_number", "follows_up") and key == "ua" and not colon:
            value = text  # "UA 123.20" on its own: the label is part of the number
        return _Label(field_name, label, value)

    def match_target_label(self, text: str) -> _Label | None:
        """A label describing one official ("Salutation: …"), or one alone on its line ("Address")."""
        match = _TARGET_RE.match(text)
        if not match:
            return None
        label, value = match["label"], match["value"].strip()
        key = " ".join(label.lower().split())
        ignored = key not in _TARGET_FIELD
        # Address lines can look like labels ("Tel Aviv", "TITLE HOUSE"): only a colon, or a
        # label alone on its line, counts; the ignored contact labels need their colon.
        if not (match["colon"] or (not value and not ignored)):
            return None
        return _Label(_TARGET_FIELD.get(key, ""), label, value)  # "" = a contact detail we ignore

    # the main loop

    def read(self, source: str) -> ParsedSource:
        """Read every line, then finish the sections still open."""
        for self.lineno, raw in enumerate(source.split("\n"), start=1):
            self.line(raw.strip())
        self.close_target()
        self.finish()
        return self.result

    def line(self, text: str) -> None:
        """Handle one stripped line."""
        if not text:
            self.blank()
            return
        if self.context() == "target":
            target_label = self.match_target_label(text)
            if target_label:
                self.target_labelled(target_label)
                return
        if self.pending in ("ua_number", "follows_up") and _UA_VALUE_RE.match(text):
            # "Follows up:" then "UA 59.20": the number is the value, not a new "UA" label.
            self.set_scalar(self.pending, text, self.lineno)
            self.pending = None
            return
        label = self.match_label(text)
        if label:
            self.start(label)
            return
        if self.pending:
            self.set_scalar(self.pending, text, self.lineno)
            self.pending = None
            return
        handler = {"people": self.person_line, "asks": self.ask_line, "targets": self.target_line,
                   "copies_to": self.target_line, "themes": self.theme_line, "timeline": self.timeline_line}
        if self.section in _PROSE:
            self.prose_line(text)
        elif self.section in handler:
            handler[self.section](text)
        else:
            self.header_line(text)

    def blank(self) -> None:
        """A blank line ends a target and a continued ask, and separates prose paragraphs."""
        if self.section in _TARGET_SECTIONS:
            self.close_target()
        elif self.section in _PROSE:
            self.prose[self.section].append("")
        self.ask_bulleted = False

    def start(self, label: _Label) -> None:
        """A section label: set a scalar or open a section."""
        name = label.field
        self.close_target()
        self.pending = None
        if name in _SCALARS or name in _PROSE:
            if name in self.label_lines:
                self.problem(name, f"'{label.label}' appears twice (lines {self.label_lines[name]} and "
                                   f"{self.lineno}); keep one.")
                # Keep reading a repeated prose section into the first, so its lines are not
                # each reported as "not under any label" as well.
                self.section = name if name in _PROSE else None
                if name in _PROSE and label.value:
                    self.prose[name].append(label.value)
                return
            self.label_lines[name] = self.lineno
        if name in _SCALARS:
            self.section = None
            if label.value:
                self.set_scalar(name, label.value, self.lineno)
            else:
                self.pending = name
                self.set_scalar(name, "", self.lineno)  # stays "" (-> "is empty") unless a value line follows
            return
        self.section = name
        self.lines.setdefault(name, self.lineno)
        if name in _PROSE:
            self.prose[name] = [label.value] if label.value else []
            return
        self.data.setdefault(name, [])
        if not label.value:
            return
        if name == "people":
            # "Names: Cheng Yuan, Liu Yongze and Wu Gejianxiong" lists several people on one line;
            # "Families and children (group)" is one group.
            whole = _person(label.value).get("pronouns") == "group"
            for part in [label.value] if whole else re.split(r"\s*[;,]\s*|\s+and\s+", label.value):
                if part.strip():
                    self.add_person(part)
        elif name == "themes":
            self.theme_line(label.value)
            self.section = None  # "Themes: a, b" is complete on its line
        else:
            {"asks": self.ask_line, "targets": self.target_line, "copies_to": self.target_line,
             "timeline": self.timeline_line}[name](label.value)

    def set_scalar(self, name: str, value: str, line: int) -> None:
        """Store a scalar value as written (UA numbers get their usual spelling back)."""
        if name in ("ua_number", "follows_up") and value:
            value = _ua_value(value)
        self.data[name] = value
        self.lines[name] = line

    # the header

    def header_line(self, text: str) -> None:
        """An unlabelled line before any section: the seed's headline and date line, or a stray line."""
        headline = _HEADLINE_RE.match(text)
        if headline and not self.headline_seen:
            self.headline_seen = True
            status = (headline["kind"] or "action").lower()
            for name, value in (("title", headline["title"]), ("country", headline["country"].strip()),
                                ("ua_number", _ua_value(headline["ua"])), ("status", status)):
                self.soft[name] = (value, self.lineno)
            if "summary" in self.prose:
                return
            # The seed puts the summary right under the headline, without a label.
            self.section = "summary"
            self.label_lines.setdefault("summary", self.lineno + 1)
            self.lines.setdefault("summary", self.lineno + 1)
            self.prose["summary"] = []
            return
        urgent = _URGENT_ACTION_RE.match(text)
        if urgent:
            self.soft.setdefault("status", ((urgent["kind"] or "action").lower(), self.lineno))
            return
        dateline = _DATELINE_RE.match(text)
        if dateline:
            self.soft.setdefault("issue_date", (dateline["date"], self.lineno))
            return
        if UA_NUMBER_RE.match(text) and "ua_number" not in self.data:
            self.label_lines["ua_number"] = self.lineno
            self.set_scalar("ua_number", text, self.lineno)
            return
        label_like = _LABEL_LIKE_RE.match(text)
        if (label_like and len(label_like["label"].split()) <= 5) or _HEADING_RE.match(text):
            self.unknown_label(label_like["label"] if label_like else text)
            return
        preview = text if len(text) <= 60 else text[:57] + "…"
        self.problem(None, f"This line is not under any label: '{preview}'. Put a label such as "
                           "'Summary:' above it, or remove it.")

    def unknown_label(self, label: str, target: int | None = None) -> None:
        """Report a label the importer does not know (``target``: the number of the official it is in)."""
        label = label.strip().rstrip(":")
        if target is None:
            self.problem(None, f"Unknown label '{label}'. Use a label such as Title, Country, Summary or Targets, "
                               "or remove the line.")
        else:
            self.problem(None, f"Unknown label '{label}' in {self.target_noun(target)}. An official's labels are "
                               "Name, Title, Address, Salutation, Email and Preferred language.")

    # prose and lists

    def prose_line(self, text: str) -> None:
        """A line of a summary, background or model letter (capitalised stray headings are reported)."""
        if self.section != "model_letter":
            label_like = _LABEL_LIKE_RE.match(text)
            if _HEADING_RE.match(text) and len(re.sub(r"[^A-Z]", "", text)) >= 4:
                self.unknown_label(text)
                return
            if label_like and label_like["label"].isupper() and len(label_like["label"].split()) <= 5:
                self.unknown_label(label_like["label"])
                return
        assert self.section is not None
        self.prose[self.section].append(text)

    def add_person(self, text: str) -> None:
        """One person (or group) at risk."""
        text, _ = _strip_bullet(text)
        if not text:
            return
        people = self.data.setdefault("people", [])
        path = f"people.{len(people)}"
        people.append(_person(text))
        self.lines[path] = self.lines[f"{path}.name"] = self.lineno
        if "pronouns" in people[-1]:
            self.lines[f"{path}.pronouns"] = self.lineno

    def person_line(self, text: str) -> None:
        """A line of PEOPLE AT RISK: one person per line."""
        self.add_person(text)

    def ask_line(self, text: str) -> None:
        """A line of RECOMMENDED ACTION; an unbulleted line right after a bulleted one continues it."""
        text, bulleted = _strip_bullet(text)
        if not text:
            return
        asks = self.data.setdefault("asks", [])
        if asks and not bulleted and self.ask_bulleted:
            asks[-1] = f"{asks[-1]} {text}"
            return
        self.lines[f"asks.{len(asks)}"] = self.lineno
        asks.append(text)
        self.ask_bulleted = bulleted

    def theme_line(self, text: str) -> None:
        """Themes, separated by commas or semicolons, or one per line."""
        text, _ = _strip_bullet(text)
        themes = self.data.setdefault("themes", [])
        self.lines.setdefault("themes", self.lineno)
        for part in re.split(r"\s*[;,]\s*", text):
            if part.strip():
                self.lines[f"themes.{len(themes)}"] = self.lineno
                themes.append(part.strip())

    def timeline_line(self, text: str) -> None:
        """ "2020-07-30 victory: what happened"; a line without a date continues the entry above."""
        text, _ = _strip_bullet(text)
        entries = self.data.setdefault("timeline", [])
        match = _TIMELINE_RE.match(text)
        if match:
            path = f"timeline.{len(entries)}"
            entries.append({"date": match["date"], "kind": match["kind"], "text": match["text"]})
            for key in ("", ".date", ".kind", ".text"):
                self.lines[path + key] = self.lineno
            return
        if entries and not _DATE_START_RE.match(text):
            entries[-1]["text"] = f"{entries[-1]['text']} {text}".strip()
            return
        self.problem(None, "A timeline line should look like '2020-07-30 victory: what happened' "
                                 "(the kind is update, victory or closed).")

    # targets

    def open_target(self) -> dict[str, Any]:
        """Start a new official in the current TARGETS or COPIES TO section."""
        assert self.section is not None
        targets = self.data.setdefault(self.section, [])
        self.target = {}
        targets.append(self.target)
        self.lines[f"{self.section}.{len(targets) - 1}"] = self.lineno
        self.target_last = self.target_pending = None
        self.target_freeform = False
        return self.target

    def close_target(self) -> None:
        """End the current official (a blank line or a new section)."""
        self.target = None
        self.target_last = self.target_pending = None

    def target_noun(self, number: int) -> str:
        """ "target 2" or "copies-to entry 2", as schema.validate numbers them."""
        return f"{'copies-to entry' if self.section == 'copies_to' else 'target'} {number}"

    def target_path(self, key: str) -> str:
        """Dotted path of ``key`` in the current official."""
        return f"{self.section}.{len(self.data[self.section]) - 1}.{key}"

    def target_labelled(self, label: _Label) -> None:
        """ "Name: …", "Address: …", "Salutation: …" inside a target block."""
        key = label.field
        target = self.target
        if target is None or (key == "name" and "name" in target):
            target = self.open_target()  # a second "Name:" starts the next official
        if not key:  # phone, fax, social media: not part of the case shape
            self.target_last = self.target_pending = None
            return
        if key in target:
            number = len(self.data[self.section])
            self.problem(self.target_path(key), f"{self.target_noun(number).capitalize()} has '{label.label}' twice; "
                                                "leave a blank line between officials.")
            return
        self.lines[self.target_path(key)] = self.lineno
        if key == "address":
            target["address"] = [label.value] if label.value else []
            if label.value:
                self.lines[self.target_path("address.0")] = self.lineno
        else:
            target[key] = label.value
        self.target_last = key
        self.target_pending = key if not label.value and key != "address" else None

    def target_line(self, text: str) -> None:
        """An unlabelled line in a target block: a continued address, or the free form (name, then address)."""
        target = self.target if self.target is not None else self.open_target()
        if self.target_pending:
            target[self.target_pending] = text
            self.lines[self.target_path(self.target_pending)] = self.lineno
            self.target_pending = None
            return
        if self.target_last == "address" or (self.target_freeform and "name" in target and
                                             not _EMAIL_LINE_RE.match(text) and not text.lower().startswith("dear ")):
            address = target.setdefault("address", [])
            self.lines.setdefault(self.target_path("address"), self.lineno)
            self.lines[self.target_path(f"address.{len(address)}")] = self.lineno
            address.append(text)
            return
        if _EMAIL_LINE_RE.match(text) and "email" not in target:
            target["email"] = text
            self.lines[self.target_path("email")] = self.lineno
            return
        if text.lower().startswith("dear ") and "salutation" not in target:
            target["salutation"] = text
            self.lines[self.target_path("salutation")] = self.lineno
            return
        if not target:  # the first line of an unlabelled block names the official
            target["name"] = text
            self.lines[self.target_path("name")] = self.lineno
            self.target_freeform = True
            return
        label_like = _LABEL_LIKE_RE.match(text)
        number = len(self.data[self.section])
        if label_like and len(label_like["label"].split()) <= 5:
            self.unknown_label(label_like["label"], number)
            return
        self.problem(None, f"This line of {self.target_noun(number)} is not under a label (Name, Title, Address, "
                           "Salutation, Email or Preferred language).")

    # the end

    def finish(self) -> None:
        """Join prose paragraphs and fill in what only the seed headline gave."""
        for name, lines in self.prose.items():
            paragraphs: list[list[str]] = [[]]
            for text in lines:
                if text:
                    paragraphs[-1].append(text)
                elif paragraphs[-1]:
                    paragraphs.append([])
            # A letter keeps its line breaks (greeting, sign-off); other prose was wrapped by an email client.
            joiner = "\n" if name == "model_letter" else " "
            self.data[name] = "\n\n".join(joiner.join(p) for p in paragraphs if p)
        for name, (value, line) in self.soft.items():
            if name not in self.data:
                self.data[name] = value
                self.lines[name] = line


def parse_text(source: str) -> ParsedSource:
    """Read the labelled-section form of an Urgent Action (see the module docstring and TEXT_LABELS)."""
    return _TextReader().read(source.replace("\r\n", "\n").replace("\r", "\n"))


# --- the pipeline ------------------------------------------------------------------------

def parse(source: str, filename: str | None = None) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Size limit, empty input, format, reading and validation: (normalised case, problems).

    The case is None whenever there is a problem, so nothing half-read can be saved.
    "UA number already in the library" is the caller's check (it needs the database).
    """
    source = source.removeprefix("\ufeff")
    size = len(source.encode("utf-8", "surrogatepass"))
    if size > MAX_SOURCE_BYTES:
        # One problem only: reading a text this long would just bury the reason in noise.
        return None, [Problem(None, None, f"The text is too long to import: {math.ceil(size / 1000)} kB, and the "
                                          f"limit is {MAX_SOURCE_BYTES // 1000} kB. Remove what is not part of the "
                                          "Urgent Action, or split it.")]
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    if not source.strip():
        return None, [Problem(None, None, "There is nothing to import: the text is empty.")]
    fmt = detect_format(source, filename)
    parsed = parse_text(source) if fmt == "text" else parse_structured(source, fmt)
    if not parsed.data and parsed.problems:
        return None, _ordered(parsed.problems)  # unreadable: a list of "missing" fields would only confuse
    normalised, problems = validate(parsed.data, parsed.lines)
    # A field the reader already complained about (a repeated key, an unsupported YAML
    # tag) would only come back from validate as "missing": say it once.
    read_fields = {p.field for p in parsed.problems if p.field}
    problems = [p for p in problems
                if not any(p.field == f or (p.field or "").startswith(f + ".") for f in read_fields)]
    problems = _ordered(parsed.problems + problems)
    return (None, problems) if problems else (normalised, [])


def _ordered(problems: list[Problem]) -> list[Problem]:
    """Problems without repeats, those about the whole case first, then by line."""
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: -1 if p.line is None else p.line)
