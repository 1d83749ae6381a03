"""The labels and field-name hints the case importer recognises, from ``data/import_labels.yaml``.

The words are people-edited data (Urgent Actions change their headings; curators write what they
know); this module checks the file when it is read, naming the file and the entry that is wrong,
so a typo stops the importer with a message instead of quietly matching nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..datafiles import yaml_file
from .case_format import CASE_FIELDS, TARGET_FIELDS

FILE = "import_labels.yaml"
SECTIONS = ("text_labels", "target_labels", "ignored_target_labels", "weak_in_letter", "key_hints")
_HINT_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class ImportLabelsError(ValueError):
    """The data file has mistakes; ``str(error)`` names the file and lists them, one a line."""


@dataclass(frozen=True)
class ImportLabels:
    """The checked contents of the data file."""

    text_labels: dict[str, tuple[str, ...]]  # field -> labels of its section in pasted text
    target_labels: dict[str, tuple[str, ...]]  # an official's field -> its labels
    ignored_target_labels: tuple[str, ...]  # an official's contact details the case does not keep
    weak_in_letter: frozenset[str]  # text labels (lower case) that end a model letter only in capitals
    key_hints: dict[str, str]  # an unknown case-file field -> the field it probably means


def label_key(label: str) -> str:
    """How a label is compared: lower case, single spaces."""
    return " ".join(label.lower().split())


def _labels(where: str, value: Any, problems: list[str]) -> tuple[str, ...]:
    """A non-empty list of one-line labels (empty, with problems noted, when it is wrong)."""
    if not isinstance(value, list) or not value:
        problems.append(f"{where}: give a list of labels")
        return ()
    bad = [item for item in value if not isinstance(item, str) or not item.strip() or "\n" in item]
    if bad:
        problems.append(f"{where}: each label is a word or words on one line, not {bad[0]!r}")
        return ()
    return tuple(item.strip() for item in value)


def _table(section: str, value: Any, fields: tuple[str, ...], problems: list[str]) -> dict[str, tuple[str, ...]]:
    """field -> labels, for known fields only, with no label given to two fields."""
    if not isinstance(value, dict) or not value:
        problems.append(f"{section}: give the labels of each field")
        return {}
    table: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for field, labels in value.items():
        if field not in fields:
            problems.append(f"{section}: {field!r} is not a field ({', '.join(fields)})")
            continue
        table[field] = _labels(f"{section}: {field}", labels, problems)
        for label in table[field]:
            if owner.setdefault(label_key(label), field) != field:
                problems.append(f"{section}: {field}: {label!r} is already a label of {owner[label_key(label)]}")
    return table


def parse(data: object, name: str = FILE) -> ImportLabels:
    """Check the file's contents (see the comments in the file for what each section holds)."""
    if not isinstance(data, dict):
        raise ImportLabelsError(f"{name}: expected the sections {', '.join(SECTIONS)}")
    problems = [f"{section}: missing" for section in SECTIONS if section not in data]
    problems += [f"{section!r} is not a section ({', '.join(SECTIONS)})" for section in data if section not in SECTIONS]
    text = _table("text_labels", data.get("text_labels", {}), CASE_FIELDS, problems)
    target = _table("target_labels", data.get("target_labels", {}), TARGET_FIELDS, problems)
    ignored = _labels("ignored_target_labels", data.get("ignored_target_labels"), problems)
    weak = _labels("weak_in_letter", data.get("weak_in_letter"), problems)
    known = {label_key(label) for labels in text.values() for label in labels}
    problems += [f"weak_in_letter: {word!r} is not one of the text_labels" for word in weak
                 if known and label_key(word) not in known]
    hints = data.get("key_hints")
    if not isinstance(hints, dict) or not hints:
        problems.append("key_hints: give the field each unknown name means")
        hints = {}
    for key, field in hints.items():
        if not isinstance(key, str) or not _HINT_KEY_RE.match(key):
            problems.append(f"key_hints: {key!r} must be lower case, with underscores for spaces")
        if field not in CASE_FIELDS:
            problems.append(f"key_hints: {key}: {field!r} is not a field ({', '.join(CASE_FIELDS)})")
    if problems:
        raise ImportLabelsError(f"{name}:\n" + "\n".join(problems))
    return ImportLabels(text, target, ignored, frozenset(label_key(word) for word in weak), dict(hints))


@cache
def load() -> ImportLabels:
    """The project's file, checked (read once per process: it changes only with a deploy)."""
    return parse(yaml_file(FILE))
