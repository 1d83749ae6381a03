"""Helper sentences and writing tips beside a letter, from ``data/writing_help.yaml``.

The wording is people-edited data; this module checks the file when it is read and fills
the sentences in from the case, the class and the student. The people of a case are named as
a sentence names them (``cases.people``): a group is never greeted as if its description were a name.

The file has one part per language (``en``, ``es``, …). A letter gets the sentences and tips of
the language it is written in (not the page's: a Spanish letter on an English page gets Spanish
help), or English when the file has none in it. Some placeholders are filled with English words
(``{people}``: "the activists…", ``{them}``: "her", ``{asks}`` and ``{facts}``: the case's own
text), so only the English part may use them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from string import Formatter
from typing import TYPE_CHECKING, Any

from ..cases.people import is_group, join, lower_first, named_people, object_pronoun, people_phrase
from ..cases.readability import summary_for
from ..datafiles import yaml_file
from .kinds import KINDS
from .languages import FALLBACK, default_language, join_names, primary

if TYPE_CHECKING:
    from ..assignments.models import Assignment
    from ..auth.models import User

FILE = "writing_help.yaml"
PLACEHOLDERS = frozenset({"people", "them", "names", "first", "school", "country", "asks", "facts", "title",
                          "hashtag"})
# Placeholders filled with English words: only the English sentences may use them.
ENGLISH_ONLY = frozenset({"people", "them", "asks", "facts"})
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


def _placeholder_problems(where: str, text: str, language: str = FALLBACK) -> list[str]:
    """Unknown or malformed ``{placeholders}`` in one text (and English ones in another language)."""
    try:
        used = {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError as error:
        return [f"{where}: {error} (write {{{{ or }}}} for a brace)"]
    allowed = PLACEHOLDERS if language == FALLBACK else PLACEHOLDERS - ENGLISH_ONLY
    return [f"{where}: unknown placeholder {{{name}}}; use one of {', '.join(sorted(allowed))}"
            + (" (its words are English: write the sentence without it)" if name in ENGLISH_ONLY else "")
            for name in sorted(used - allowed)]


def _sentence(where: str, item: Any, problems: list[str], language: str = FALLBACK) -> Sentence | None:
    """One checked entry of a kind's list (None, with problems noted, when it is wrong)."""
    if not isinstance(item, dict) or set(item) - {"label", "text", "without_names"}:
        problems.append(f"{where}: give a label, a text and (only with {{names}}) without_names")
        return None
    label, text, without = item.get("label"), item.get("text"), item.get("without_names", "")
    if not (isinstance(label, str) and isinstance(text, str) and isinstance(without, str)) \
            or not label.strip() or not text.strip():
        problems.append(f"{where}: label and text must be words")
        return None
    found = (_placeholder_problems(where, text, language)
             + _placeholder_problems(f"{where} without_names", without, language))
    if "{names}" in text and not without.strip():
        found.append(f"{where}: a text with {{names}} needs without_names, for a case that names only groups")
    if "{names}" in without:
        found.append(f"{where}: without_names can't use {{names}}")
    problems.extend(found)
    return None if found else Sentence(label.strip(), text.strip(), without.strip())


def parse(data: object, name: str = FILE, language: str = FALLBACK) -> WritingHelp:
    """Check one language's part: every kind has sentences, every text known placeholders, tips are lines."""
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
        checked = [_sentence(f"sentences: {kind} #{number}", item, problems, language)
                   for number, item in enumerate(items, 1)]
        sentences[kind] = tuple(s for s in checked if s is not None)
    tips = data.get("tips")
    if not isinstance(tips, list) or not tips or not all(isinstance(t, str) and t.strip() for t in tips):
        problems.append("tips: give a list of tips, one line each")
        tips = []
    if problems:
        raise WritingHelpError(f"{name}:\n" + "\n".join(problems))
    return WritingHelp(sentences, tuple(t.strip() for t in tips))


def parse_file(data: object, name: str = FILE) -> dict[str, WritingHelp]:
    """Check the whole file: a part per language (its primary tag), English among them."""
    if not isinstance(data, dict) or FALLBACK not in data:
        raise WritingHelpError(f"{name}: give a part per language ({FALLBACK}: …, es: …), English among them")
    found: dict[str, WritingHelp] = {}
    problems: list[str] = []
    for language, part in data.items():
        if not isinstance(language, str) or primary(language) != language:
            problems.append(f"{name}: {language!r} is not a language tag (en, es, …)")
            continue
        try:
            found[language] = parse(part, f"{name}: {language}", language)
        except WritingHelpError as error:
            problems.append(str(error))
    if problems:
        raise WritingHelpError("\n".join(problems))
    return found


@cache
def load() -> dict[str, WritingHelp]:
    """The project's file, checked (read once per process: it changes only with a deploy)."""
    return parse_file(yaml_file(FILE))


def language_of(letter_language: str) -> str:
    """The language of the help shown beside a letter: the letter's, or English when the file has none."""
    wanted = primary(letter_language)
    return wanted if wanted in load() else FALLBACK


def tips(letter_language: str = FALLBACK) -> tuple[str, ...]:
    """The writing tips shown beside a letter, in its language."""
    return load()[language_of(letter_language)].tips


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


def sentences(assignment: Assignment, student: User, kind: str,
              letter_language: str | None = None) -> list[tuple[str, str]]:
    """Suggested paragraphs (label, text) for this kind of letter, filled in for this case and student,
    in the letter's language (a new letter's: the class's, else the school's, else English)."""
    case = assignment.case
    school = assignment.classroom.school
    language = language_of(letter_language or default_language(school.locale, assignment.classroom.language))
    people = list(case.people or [])
    names = named_people(people) if language == FALLBACK else join_names(
        language, [str(p.get("name") or "").strip() for p in people if not is_group(p) and p.get("name")])
    values = {
        "people": people_phrase(people), "them": object_pronoun(people), "names": names,
        "first": student.first_name, "school": school.name, "country": school.country,
        "asks": ask_list(case.asks), "title": case.title.strip().rstrip("."),
        "hashtag": case.ua_number.replace(" ", "").replace(".", "_"),
    }
    result = []
    for sentence in load()[language].sentences[kind]:
        text = sentence.without_names if sentence.without_names and not values["names"] else sentence.text
        if "{facts}" in text:  # the summary is read only when a sentence uses it
            values["facts"] = facts(assignment)
        result.append((sentence.label, text.format(**values)))
    return result


def as_text(parts: list[tuple[str, str]]) -> str:
    """The sentences as letter text (paragraphs separated by blank lines)."""
    return "\n\n".join(text for _, text in parts)
