"""The content-note rater: which notes a case's text suggests, and its minimum age band.

The rules live in ``data/content_rules.yaml`` so curators can read and edit them;
``content_rules`` loads that table and this module applies it. Everything here is a pure
function of the text and the table: no database, no app context.

Identity is never a content note. The table's ``identity_terms`` are blanked out of the
text (replaced by spaces, so offsets stay put) before any note pattern runs, and the
loader refuses a note pattern that matches an identity term on its own.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .. import bands
from .content_rules import NoteRule, RuleTable, load_rules


@dataclass(frozen=True)
class NoteHit:
    """One content note found in a text, with the phrases that triggered it."""

    note: str  # key, e.g. "detention"
    label: str  # e.g. "Detention"
    min_band: str  # the youngest band this note suits
    phrases: tuple[str, ...]  # as written in the text, in order of appearance, without repeats


@dataclass(frozen=True)
class Rating:
    """What the rule table suggests for a text or a case."""

    notes: tuple[NoteHit, ...]  # in the table's order
    band: str  # highest min_band of the notes; "elementary" when there are none

    @property
    def note_keys(self) -> tuple[str, ...]:
        """The keys of the notes found, in the table's order."""
        return tuple(hit.note for hit in self.notes)


def _dedupe(phrases: Iterable[str]) -> tuple[str, ...]:
    """Keep the first spelling of each phrase (ignoring case and spacing), in order."""
    seen: set[str] = set()
    kept: list[str] = []
    for phrase in phrases:
        marker = " ".join(phrase.split()).casefold()
        if marker not in seen:
            seen.add(marker)
            kept.append(phrase)
    return tuple(kept)


def _find(rule: NoteRule, text: str, masked: str) -> list[str]:
    """The phrases of ``text`` that ``rule`` matches, in order; a match inside a longer one is dropped."""
    spans = sorted(((m.start(), m.end()) for rx in rule.compiled for m in rx.finditer(masked) if m.end() > m.start()),
                   key=lambda span: (span[0], span[0] - span[1]))
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if not any(s <= start and end <= e for s, e in kept):
            kept.append((start, end))
    return [text[start:end] for start, end in kept]


def _rate_texts(texts: Iterable[str], rules: RuleTable) -> Rating:
    """Rate several texts as one: phrases in the order the texts are given."""
    found: dict[str, list[str]] = {rule.key: [] for rule in rules.notes}
    for text in texts:
        masked = rules.mask_identity(text)
        for rule in rules.notes:
            found[rule.key].extend(_find(rule, text, masked))
    hits = tuple(NoteHit(rule.key, rule.label, rule.min_band, _dedupe(found[rule.key]))
                 for rule in rules.notes if found[rule.key])
    band = max((hit.min_band for hit in hits), key=bands.rank, default=bands.BAND_KEYS[0])
    return Rating(hits, band)


def rate_text(text: str, rules: RuleTable | None = None) -> Rating:
    """The content notes and suggested minimum band of one text."""
    return _rate_texts([text], rules if rules is not None else load_rules())


def case_texts(case: Mapping[str, Any]) -> Iterator[str]:
    """Every text of a case that readers see, in reading order.

    Title, summary, background, asks, model letter, timeline texts, student summaries
    and quotes of thanks. Never people's names, themes, targets or addresses.
    """
    for name in ("title", "summary", "background"):
        if isinstance(case.get(name), str):
            yield case[name]
    for ask in case.get("asks") or []:
        if isinstance(ask, str):
            yield ask
    if isinstance(case.get("model_letter"), str):
        yield case["model_letter"]
    for entry in case.get("timeline") or []:
        if isinstance(entry, Mapping) and isinstance(entry.get("text"), str):
            yield entry["text"]
    summaries = case.get("student_summaries") or {}
    if isinstance(summaries, Mapping):
        yield from (text for text in summaries.values() if isinstance(text, str))
    for thanks in case.get("thanks") or []:
        if isinstance(thanks, Mapping) and isinstance(thanks.get("quote"), str):
            yield thanks["quote"]


def rate_case(case: Mapping[str, Any], rules: RuleTable | None = None) -> Rating:
    """The content notes and suggested minimum band of a case dict (docs/case-format.md shape)."""
    return _rate_texts(case_texts(case), rules if rules is not None else load_rules())
