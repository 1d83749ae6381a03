"""Word-list matching: finds the phrases of the insult and threat lists in a letter.

Letter words are folded (case and accents dropped), short forms are written out
(``contractions.txt``), and spelling tricks are undone (stretched letters, numbers for
letters) before they meet the list phrases; a list's "!" lines are harmless phrases whose
matches are not flagged. Each list says in its header how to edit it. A letter is checked with
the lists of its own language (``insults.es.txt`` for Spanish), else with the English ones.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import product

from ...datafiles import data_path, word_list
from ..languages import primary

Span = tuple[int, int]

TOKEN = re.compile(r"[\w$@]+(?:['’][\w$@]+)*")
LETTER = re.compile(r"[^\W\d_]")
_STRETCH = re.compile(r"([^\W\d_])\1\1")
_GAP = re.compile(r"[\s\-‐–—]*")
_LEET = str.maketrans("03457890@$", "oeastbgoas")
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "’": "'"})


def fold(text: str) -> str:
    """Lower-case text without accents, for accent- and case-insensitive comparison."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_UNDECOMPOSED)


def adjacent(text: str, end: int, start: int) -> bool:
    """True when only spaces or hyphens lie between two words (or they share one token)."""
    return start <= end or bool(_GAP.fullmatch(text, end, start))


def _squeeze(word: str) -> str:
    """The word with every run of one repeated letter cut to a single letter."""
    return re.sub(r"(.)\1+", r"\1", word)


@dataclass(frozen=True)
class Word:
    """A word of the letter as list phrases see it; a short form yields several."""

    forms: frozenset[str]
    squeezed: frozenset[str]
    start: int
    end: int


def lists_language(language: str) -> str:
    """The language whose lists check a letter in ``language``: its own when it has them, else English.

    A language has lists when ``data/wordlists/insults.<code>.txt`` exists (see the README,
    "Adding a language"); English lists are the ones without a code.
    """
    code = primary(language)
    return code if code != "en" and data_path(list_file("insults", code)).is_file() else "en"


def list_file(name: str, language: str) -> str:
    """The path under ``data/`` of word list ``name`` in ``language`` ("wordlists/insults.es.txt")."""
    return f"wordlists/{name}.txt" if language == "en" else f"wordlists/{name}.{language}.txt"


@cache
def _contractions(language: str) -> dict[str, tuple[str, ...]]:
    """Short forms and their long forms, from ``contractions.txt`` (``contractions.<code>.txt``)."""
    rules = (line.split("=", 1) for line in word_list(list_file("contractions", language)))
    return {fold(short.strip()): tuple(fold(long).split()) for short, long in rules}


def _spellings(norm: str) -> frozenset[str]:
    """The folded word, plus its letters-for-numbers reading when it mixes both ("1d10t").

    At least two real letters are needed, so road names such as "A55" stay as they are.
    """
    if len(LETTER.findall(norm)) < 2 or not re.search(r"[\d$@]", norm):
        return frozenset({norm})
    base = norm.translate(_LEET)
    return frozenset({norm, base.replace("1", "i"), base.replace("1", "l")})


def letter_words(text: str, language: str = "en") -> list[Word]:
    """The letter's words with the short forms of ``language`` expanded, ready for phrase matching."""
    words: list[Word] = []
    rules = _contractions(language)
    for match in TOKEN.finditer(text):
        norm = fold(match.group())
        for part in rules.get(norm, (norm,)):
            forms = _spellings(part)
            stretched = any(_STRETCH.search(f) for f in forms)
            squeezed = frozenset(_squeeze(f) for f in forms) if stretched else frozenset()
            words.append(Word(forms, squeezed, match.start(), match.end()))
    return words


def _expand(line: str, language: str) -> list[tuple[str, ...]]:
    """Every phrase a list line stands for: "(i|we) will hurt" gives two phrases."""
    choices: list[list[tuple[str, ...]]] = []
    for group, word in re.findall(r"\(([^()]*)\)|([^\s()]+)", line):
        alternatives = group.split("|") if group else [word]
        choices.append([_phrase_words(alt, language) for alt in alternatives])
    return [tuple(w for part in combo for w in part) for combo in product(*choices)]


def _phrase_words(phrase: str, language: str) -> tuple[str, ...]:
    """A list phrase's words, folded and with short forms written out."""
    rules = _contractions(language)
    return tuple(w for raw in fold(phrase).split() for w in rules.get(raw, (raw,)))


_Index = dict[str, tuple[tuple[str, ...], ...]]


def _index(phrases: Iterable[tuple[str, ...]]) -> _Index:
    """Phrases filed under their first word, and under its squeezed form for stretched spellings."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        for key in {phrase[0], _squeeze(phrase[0])}:
            index.setdefault(key, []).append(phrase)
    return {key: tuple(found) for key, found in index.items()}


@cache
def _lexicon(name: str, language: str) -> tuple[_Index, _Index]:
    """Phrases to flag and harmless phrases of word list ``name`` in ``language`` (cached)."""
    lines = sorted(word_list(list_file(name, language)))
    flagged = [p for line in lines if not line.startswith("!") for p in _expand(line, language)]
    harmless = [p for line in lines if line.startswith("!") for p in _expand(line[1:], language)]
    return _index(flagged), _index(harmless)


def _word_matches(listed: str, word: Word) -> bool:
    """True when a letter word is the listed word, a plural of it, or a stretched spelling."""
    endings = ("", "s", "es") if len(listed) >= 3 else ("",)
    if any(listed + e in word.forms for e in endings):
        return True
    if not word.squeezed:
        return False
    squeezed = _squeeze(listed)
    return any(squeezed + e in word.squeezed for e in endings)


def _phrase_end(words: Sequence[Word], text: str, i: int, phrase: tuple[str, ...]) -> int | None:
    """Index of the last letter word of ``phrase`` when it starts at word ``i``, else None."""
    if i + len(phrase) > len(words):
        return None
    for k, listed in enumerate(phrase):
        word = words[i + k]
        if not _word_matches(listed, word):
            return None
        if k and not adjacent(text, words[i + k - 1].end, word.start):
            return None
    return i + len(phrase) - 1


def _candidates(word: Word) -> set[str]:
    """Index keys under which phrases starting with this word may be filed."""
    keys = set(word.forms) | set(word.squeezed)
    keys |= {f[:-1] for f in keys if f.endswith("s")} | {f[:-2] for f in keys if f.endswith("es")}
    return keys


def _found(text: str, words: Sequence[Word], index: _Index) -> list[Span]:
    """Spans of the indexed phrases found among the letter's words."""
    spans: list[Span] = []
    for i, word in enumerate(words):
        for key in _candidates(word):
            for phrase in index.get(key, ()):
                end = _phrase_end(words, text, i, phrase)
                if end is not None:
                    spans.append((word.start, words[end].end))
    return spans


def phrase_spans(text: str, words: Sequence[Word], name: str, language: str = "en") -> list[Span]:
    """Spans of the phrases of word list ``name`` (in ``language``) found in the text, minus harmless ones."""
    flagged, harmless = _lexicon(name, language)
    safe = _found(text, words, harmless)
    return [s for s in _found(text, words, flagged) if not any(a <= s[0] and s[1] <= b for a, b in safe)]
