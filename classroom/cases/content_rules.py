"""The content-note rule table: read from ``data/content_rules.yaml``, checked and compiled.

Curators edit the table; a table that could rate wrongly (an unknown band, a pattern that
matches empty text or an identity term on its own, an example without its one [phrase]) is
refused with the file's name and the place, rather than loaded. Applying it is ``rating``'s.
"""
from __future__ import annotations

import contextlib

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from flask_babel import gettext

from .. import bands
from ..datafiles import data_path

RULES_FILE = "content_rules.yaml"
NOTE_FIELDS = frozenset({"key", "label", "description", "min_band", "patterns", "examples"})
REQUIRED_NOTE_FIELDS = ("key", "label", "description", "min_band", "patterns")
TOP_LEVEL_FIELDS = frozenset({"notes", "identity_terms"})
KEY_SHAPE = re.compile(r"[a-z][a-z0-9_]*")
EXAMPLE_SHAPE = re.compile(r"([^\[\]]*)\[([^\[\]]+)\]([^\[\]]*)")


@dataclass(frozen=True)
class NoteRule:
    """One row of the rule table."""

    key: str
    label: str
    description: str
    min_band: str
    patterns: tuple[str, ...]  # as written in the file
    examples: tuple[str, ...] = ()  # sentences with the expected phrase in [brackets]
    compiled: tuple[re.Pattern[str], ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class RuleTable:
    """The parsed and compiled content-note rules."""

    notes: tuple[NoteRule, ...]
    identity_terms: tuple[str, ...]
    identity_pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def note(self, key: str) -> NoteRule:
        """The rule with this key (KeyError when there is none)."""
        for rule in self.notes:
            if rule.key == key:
                return rule
        raise KeyError(key)

    def mask_identity(self, text: str) -> str:
        """``text`` with every identity term replaced by spaces of the same length."""
        if self.identity_pattern is None:
            return text
        return self.identity_pattern.sub(lambda m: " " * len(m.group(0)), text)


# --- compiling --------------------------------------------------------------------

def _spaces_to_whitespace(pattern: str) -> str:
    """Turn each run of literal spaces (outside [...] classes) into ``\\s+``."""
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif in_class:
            out.append(char)
            in_class = char != "]"
        elif char == "[":
            out.append(char)
            in_class = True
        elif char == " ":
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        else:
            out.append(char)
    return "".join(out)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A rule pattern as the rater uses it: whole words, case-insensitive, spaces = whitespace."""
    return re.compile(rf"(?<!\w)(?:{_spaces_to_whitespace(pattern)})(?!\w)", re.IGNORECASE)


def _identity_regex(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One regex matching any identity term as a whole word or phrase (longest first)."""
    escaped = [_spaces_to_whitespace(re.escape(t.strip()).replace(r"\ ", " "))
               for t in sorted(terms, key=len, reverse=True)]
    if not escaped:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(escaped)})(?!\w)", re.IGNORECASE)


def split_example(example: str) -> tuple[str, str]:
    """``"Police [arrested] him."`` -> ``("Police arrested him.", "arrested")``."""
    match = EXAMPLE_SHAPE.fullmatch(example)
    if match is None:
        raise ValueError(f"example {example!r} must mark exactly one phrase in [square brackets]")
    before, phrase, after = match.groups()
    return before + phrase + after, phrase


# --- loading and validating -------------------------------------------------------

def _fail(source: str, where: str, problem: str) -> ValueError:
    """A ValueError that names the file, the note or pattern, and the problem."""
    return ValueError(f"{source}: {where}: {problem}")


def _string_list(value: object, source: str, where: str, *, allow_empty: bool = False) -> list[str]:
    """A list of non-empty strings, or a clear error."""
    if not isinstance(value, list) or (not value and not allow_empty):
        raise _fail(source, where, "must be a non-empty list" if not allow_empty else "must be a list")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise _fail(source, where, f"every entry must be non-empty text, not {item!r}")
    return value


def _check_pattern(pattern: str, identity: tuple[str, ...], source: str, where: str) -> re.Pattern[str]:
    """Compile one pattern and refuse it when it is broken, matches nothing-at-all or an identity term."""
    try:
        compiled = compile_pattern(pattern)
    except re.error as exc:
        raise _fail(source, where, f"pattern {pattern!r} is not a valid regular expression ({exc})") from exc
    if compiled.search("") is not None:
        raise _fail(source, where, f"pattern {pattern!r} matches empty text, so it would match everywhere")
    for term in identity:
        if compiled.search(term):
            raise _fail(source, where, f"pattern {pattern!r} matches the identity term {term!r}; "
                                       "identity is a theme, never a content note")
    return compiled


def _parse_note(raw: object, index: int, identity: tuple[str, ...], source: str) -> NoteRule:
    """One validated note row."""
    if not isinstance(raw, Mapping):
        raise _fail(source, f"note #{index + 1}", "must be a mapping with key, label, description, min_band, patterns")
    key = raw.get("key")
    where = f"note {key!r}" if isinstance(key, str) and key else f"note #{index + 1}"
    unknown = sorted(set(raw) - NOTE_FIELDS)
    if unknown:
        raise _fail(source, where, f"unknown field(s) {', '.join(map(str, unknown))}")
    for name in REQUIRED_NOTE_FIELDS:
        if raw.get(name) in (None, "", []):
            raise _fail(source, where, f"missing {name}")
    for name in ("key", "label", "description", "min_band"):
        if not isinstance(raw[name], str):
            raise _fail(source, where, f"{name} must be text")
    if not KEY_SHAPE.fullmatch(raw["key"]):
        raise _fail(source, where, "key must be lower_snake_case")
    if raw["min_band"] not in bands.BAND_KEYS:
        raise _fail(source, where, f"min_band {raw['min_band']!r} is not one of {', '.join(bands.BAND_KEYS)}")
    patterns = _string_list(raw["patterns"], source, f"{where} patterns")
    compiled = tuple(_check_pattern(p, identity, source, where) for p in patterns)
    examples = _string_list(raw.get("examples") or [], source, f"{where} examples", allow_empty=True)
    for example in examples:
        try:
            split_example(example)
        except ValueError as exc:
            raise _fail(source, where, str(exc)) from exc
    return NoteRule(raw["key"], raw["label"].strip(), raw["description"].strip(), raw["min_band"],
                    tuple(patterns), tuple(examples), compiled)


def parse_rules(data: object, source: str = RULES_FILE) -> RuleTable:
    """Validate parsed YAML of a rule table; raise ValueError naming the bad note or pattern."""
    if not isinstance(data, Mapping):
        raise _fail(source, "top level", "must be a mapping with notes and identity_terms")
    unknown = sorted(set(data) - TOP_LEVEL_FIELDS)
    if unknown:
        raise _fail(source, "top level", f"unknown field(s) {', '.join(map(str, unknown))}")
    identity = tuple(t.strip() for t in _string_list(data.get("identity_terms", []), source,
                                                     "identity_terms", allow_empty=True))
    raw_notes = data.get("notes")
    if not isinstance(raw_notes, list) or not raw_notes:
        raise _fail(source, "notes", "must be a non-empty list")
    notes = tuple(_parse_note(raw, i, identity, source) for i, raw in enumerate(raw_notes))
    seen: set[str] = set()
    for rule in notes:
        if rule.key in seen:
            raise _fail(source, f"note {rule.key!r}", "appears twice")
        seen.add(rule.key)
    return RuleTable(notes, identity, _identity_regex(identity))


@cache
def _default_rules() -> RuleTable:
    """The project's own rule table, read once per process."""
    return load_rules(data_path(RULES_FILE))


def load_rules(path: Path | None = None) -> RuleTable:
    """Read and validate a rule table (default: ``data/content_rules.yaml``, cached)."""
    if path is None:
        return _default_rules()
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path.name}: not valid YAML ({exc})") from exc
    return parse_rules(data, path.name)


def note_label(note: Mapping[str, object] | object) -> str:
    """A found note's name in the page's language (a stored note dict or a ``rating.NoteHit``).

    The table's labels are the catalog's messages (``scripts/translations`` extracts them from
    the data file with ``classroom.i18n_extract``), so a stored note is shown by its key through
    the current table; a note whose key left the table keeps the label it was stored with.
    """
    key = note.get("note") if isinstance(note, Mapping) else getattr(note, "note", None)
    label = note.get("label") if isinstance(note, Mapping) else getattr(note, "label", "")
    with contextlib.suppress(KeyError):
        label = load_rules().note(str(key)).label
    return gettext(str(label or key or ""))
