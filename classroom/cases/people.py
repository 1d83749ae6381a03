"""How the people of a case are named in a sentence.

A case lists each person at risk by name, or, for a group it describes rather than names
(pronouns "group": "Families held in detention"), by that description. A description is no
name: a sentence says "the families held in detention", and nobody is greeted by it.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_OBJECT_PRONOUNS = {"he": "him", "she": "her", "they": "them"}
NOBODY = "the people in this case"


def lower_first(text: str) -> str:
    """"Families held…" → "families held…"; a name or an acronym ("UN", "José") keeps its capital."""
    text = text.strip()
    return text[0].lower() + text[1:] if len(text) > 1 and text[0].isupper() and text[1].islower() else text


def join(items: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def is_group(person: Mapping[str, Any]) -> bool:
    """An entry that describes several people instead of naming one."""
    return person.get("pronouns") == "group"


def _name(person: Mapping[str, Any]) -> str:
    return str(person.get("name") or "").strip()


def people_phrase(people: Iterable[Mapping[str, Any]]) -> str:
    """The people at risk as a sentence names them: names as written, groups as "the …"."""
    parts = []
    for person in people:
        words = _name(person)
        if words and is_group(person):
            words = lower_first(words)
            words = words if words.startswith("the ") else "the " + words
        if words:
            parts.append(words)
    return join(parts) if parts else NOBODY


def named_people(people: Iterable[Mapping[str, Any]]) -> str:
    """Only the people named one by one (to greet them); empty when the case names only groups."""
    names = [_name(p) for p in people if not is_group(p) and _name(p)]
    return join(names) if names else ""


def object_pronoun(people: Sequence[Mapping[str, Any]]) -> str:
    """The people once named: "her", "him", "them"; the phrase itself when no pronoun is known."""
    if not people:
        return NOBODY
    if len(people) > 1 or is_group(people[0]):
        return "them"
    subject = str(people[0].get("pronouns") or "").split("/", 1)[0].strip().lower()
    return _OBJECT_PRONOUNS.get(subject) or people_phrase(people)
