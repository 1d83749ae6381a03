"""Helper sentences and writing tips beside a letter, from ``data/writing_help.yaml``.

The wording is people-edited data; this module checks the file when it is read and fills
the sentences in from the case, the class and the student. The people of a case are named as
a sentence names them (``cases.people``): a group is never greeted as if its description were a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from string import Formatter
from typing import TYPE_CHECKING, Any

from ..cases.people import join, lower_first, named_people, object_pronoun, people_phrase
from ..cases.readability import summary_for
from ..datafiles import yaml_file
from .kinds import KINDS

if TYPE_CHECKING:
    from ..assignments.models import Assignment
    from ..auth.models import User

FILE = "writing_help.yaml"
PLACEHOLDERS = frozenset({"people", "them", "names", "first", "school", "country", "asks", "facts", "title",
                          "hashtag"})
# Sentence openers that read lower-case after "I learned that" (names keep their capitals).
_PLAIN_OPENERS = ("The", "A", "An", "On", "In", "At", "After", "Last", "This", "These", "Police", "People")


class WritingHelpError(ValueError):
    """The data file has mistakes; ``str(error)`` lists them, one a line."""


@dataclass(frozen=True)
class Sentence:
    """One suggested paragraph: its label, its text, and the text for a case that names no one."""

    label: str
    text: str
    without_names: str = ""


@dataclass(frozen=True)
class WritingHelp:
    """The checked contents of the data file."""

    sentences: dict[str, tuple[Sentence, ...]]
    tips: tuple[str, ...]


def _placeholder_problems(where: str, text: str) -> list[str]:
    """Unknown or malformed ``{placeholders}`` in one text."""
    try:
        used = {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError as error:
        return [f"{where}: {error} (write {{{{ or }}}} for a brace)"]
    return [f"{where}: unknown placeholder {{{name}}}; use one of {', '.join(sorted(PLACEHOLDERS))}"
            for name in sorted(used - PLACEHOLDERS)]


def _sentence(where: str, item: Any, problems: list[str]) -> Sentence | None:
    """One checked entry of a kind's list (None, with problems noted, when it is wrong)."""
    if not isinstance(item, dict) or set(item) - {"label", "text", "without_names"}:
        problems.append(f"{where}: give a label, a text and (only with {{names}}) without_names")
        return None
    label, text, without = item.get("label"), item.get("text"), item.get("without_names", "")
    if not (isinstance(label, str) and isinstance(text, str) and isinstance(without, str)) \
            or not label.strip() or not text.strip():
        problems.append(f"{where}: label and text must be words")
        return None
    found = _placeholder_problems(where, text) + _placeholder_problems(f"{where} without_names", without)
    if "{names}" in text and not without.strip():
        found.append(f"{where}: a text with {{names}} needs without_names, for a case that names only groups")
    if "{names}" in without:
        found.append(f"{where}: without_names can't use {{names}}")
    problems.extend(found)
    return None if found else Sentence(label.strip(), text.strip(), without.strip())


def parse(data: object, name: str = FILE) -> WritingHelp:
    """Check the file's contents: every kind has sentences, every text known placeholders, tips are lines."""
    if not isinstance(data, dict):
        raise WritingHelpError(f"{name}: expected 'sentences' and 'tips'")
    problems: list[str] = []
    raw = data.get("sentences")
    sentences: dict[str, tuple[Sentence, ...]] = {}
    if not isinstance(raw, dict):
        problems.append("sentences: give a list for each kind of letter")
        raw = {}
    for kind in sorted(set(raw) - set(KINDS)):
        problems.append(f"sentences: {kind!r} is not a kind of letter ({', '.join(KINDS)})")
    for kind in KINDS:
        items = raw.get(kind)
        if not isinstance(items, list) or not items:
            problems.append(f"sentences: {kind}: give at least one sentence")
            continue
        checked = [_sentence(f"sentences: {kind} #{number}", item, problems) for number, item in enumerate(items, 1)]
        sentences[kind] = tuple(s for s in checked if s is not None)
    tips = data.get("tips")
    if not isinstance(tips, list) or not tips or not all(isinstance(t, str) and t.strip() for t in tips):
        problems.append("tips: give a list of tips, one line each")
        tips = []
    if problems:
        raise WritingHelpError(f"{name}:\n" + "\n".join(problems))
    return WritingHelp(sentences, tuple(t.strip() for t in tips))


@cache
def load() -> WritingHelp:
    """The project's file, checked (read once per process: it changes only with a deploy)."""
    return parse(yaml_file(FILE))


def tips() -> tuple[str, ...]:
    """The writing tips shown beside every letter."""
    return load().tips


def ask_list(asks: list[str]) -> str:
    """The asks as one sentence part: "release her, let her see her family and drop the charges"."""
    items = [lower_first(a.strip().rstrip(".")) for a in asks[:3] if a.strip()]
    return join(items) if items else "act on this case"


def facts(assignment: Assignment) -> str:
    """The first two sentences of the case summary written for the class's band."""
    case = assignment.case
    text = summary_for(case.student_summaries, assignment.classroom.band, case.summary).strip()
    joined = " ".join(re.split(r"(?<=[.!?])\s+", text)[:2])
    if joined.split(" ", 1)[0] in _PLAIN_OPENERS:
        joined = joined[0].lower() + joined[1:]
    return joined if joined.endswith((".", "!", "?")) else joined + "."


def sentences(assignment: Assignment, student: User, kind: str) -> list[tuple[str, str]]:
    """Suggested paragraphs (label, text) for this kind of letter, filled in for this case and student."""
    case = assignment.case
    school = assignment.classroom.school
    people = list(case.people or [])
    values = {
        "people": people_phrase(people), "them": object_pronoun(people), "names": named_people(people),
        "first": student.first_name, "school": school.name, "country": school.country,
        "asks": ask_list(case.asks), "title": case.title.strip().rstrip("."),
        "hashtag": case.ua_number.replace(" ", "").replace(".", "_"),
    }
    result = []
    for sentence in load().sentences[kind]:
        text = sentence.without_names if sentence.without_names and not values["names"] else sentence.text
        if "{facts}" in text:  # the summary is read only when a sentence uses it
            values["facts"] = facts(assignment)
        result.append((sentence.label, text.format(**values)))
    return result


def as_text(parts: list[tuple[str, str]]) -> str:
    """The sentences as letter text (paragraphs separated by blank lines)."""
    return "\n\n".join(text for _, text in parts)
