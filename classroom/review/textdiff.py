"""Word-level differences between two versions of a letter."""
from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup, escape

TOKEN_RE = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    """A run of text that is unchanged (``equal``), added (``insert``) or removed (``delete``)."""

    op: str
    text: str


def tokens(text: str) -> list[str]:
    """Words and the spaces between them (so the diff keeps paragraphs)."""
    return TOKEN_RE.findall(text)


# Work budgets, in difflib's inner-loop steps (a few million a second in CPython). The
# matcher is quadratic or worse on texts with many repeated tokens (every space is the
# same token; a text of one-letter words is nothing else): two 20,000-character versions
# took minutes. A one-page letter's diff takes 150,000-190,000 steps, well inside
# WORD_BUDGET, and reads exactly as it always did; past it, lines are matched first and
# each changed block is refined word by word while REFINE_BUDGET lasts; past that, the
# changed middle shows as one change.
WORD_BUDGET = 250_000
LINE_BUDGET = 40_000
REFINE_BUDGET = 80_000

Change = tuple[str, str, str]  # (opcode, removed text, added text)


class _OverBudget(Exception):
    """The matcher would need more comparisons than it was given."""


class _BudgetedMatcher(difflib.SequenceMatcher[str]):
    """difflib's matcher (no autojunk) that stops once it has spent its comparisons.

    A search for the longest match costs the places in ``b`` (before ``bhi``) where the
    tokens of ``a``'s range occur; that is charged before the search runs, so a diff never
    does more than its budget whatever the texts are.
    """

    # Set by difflib (set_seqs, chain_b); its stubs do not declare them.
    a: list[str]
    b: list[str]
    b2j: dict[str, list[int]]

    def __init__(self, a: list[str], b: list[str], budget: list[int]) -> None:
        """Match ``a`` against ``b``, charging ``budget[0]`` (shared between matchers)."""
        self.budget = budget
        super().__init__(None, a, b, autojunk=False)

    def find_longest_match(self, alo: int = 0, ahi: int | None = None, blo: int = 0,
                           bhi: int | None = None) -> difflib.Match:
        """As difflib's, after charging its worst case to the budget."""
        ahi = len(self.a) if ahi is None else ahi
        bhi = len(self.b) if bhi is None else bhi
        b2j = self.b2j
        # difflib walks each token's places in b up to bhi (its lists are sorted).
        self.budget[0] -= (ahi - alo) + sum(bisect_left(b2j.get(token, ()), bhi) for token in self.a[alo:ahi])
        if self.budget[0] < 0:
            raise _OverBudget
        return super().find_longest_match(alo, ahi, blo, bhi)


def _changes(a: list[str], b: list[str], budget: list[int]) -> list[Change]:
    """difflib's opcodes of token lists as texts; raises ``_OverBudget``."""
    # The first search's cost, counted in C before difflib indexes anything: long
    # repetitive texts are turned away in a few milliseconds.
    in_b = Counter(b)
    if len(a) + sum(n * in_b[token] for token, n in Counter(a).items()) > budget[0]:
        raise _OverBudget
    matcher = _BudgetedMatcher(a, b, budget)
    return [(op, "".join(a[i1:i2]), "".join(b[j1:j2])) for op, i1, i2, j1, j2 in matcher.get_opcodes()]


def _trimmed(a: list[str], b: list[str]) -> list[Change]:
    """The common beginning and end as equal, everything between as one change (linear)."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle = ("replace", "".join(a[head:len(a) - tail]), "".join(b[head:len(b) - tail]))
    parts = [("equal", "".join(a[:head]), "".join(a[:head])), middle,
             ("equal", "".join(a[len(a) - tail:]), "".join(a[len(a) - tail:]))]
    return [part for part in parts if part[1] or part[2]]


def _by_lines(old: str, new: str, old_tokens: list[str], new_tokens: list[str]) -> list[Change]:
    """The coarse diff: lines first, then words inside each changed block while budget lasts."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    try:
        blocks = _changes(a, b, [LINE_BUDGET])
    except _OverBudget:
        return _trimmed(old_tokens, new_tokens)
    if not any(op == "equal" for op, _, _ in blocks):
        return _trimmed(old_tokens, new_tokens)  # the word-level diff of this failed already
    refine = [REFINE_BUDGET]
    changes: list[Change] = []
    for op, removed, added in blocks:
        if op == "equal":
            changes.append((op, removed, added))
            continue
        before, after = tokens(removed), tokens(added)
        try:
            changes += _changes(before, after, refine)
        except _OverBudget:
            changes += _trimmed(before, after)
    return changes


def diff(old: str, new: str) -> list[Piece]:
    """What changed from ``old`` to ``new``, word by word.

    A rewritten sentence reads as one removed and one added phrase: the single spaces
    the two versions happen to share between changed words don't split it up. The work
    is bounded (see ``WORD_BUDGET``): very long or very repetitive texts get a coarser diff.
    """
    a, b = tokens(old), tokens(new)
    try:
        changes = _changes(a, b, [WORD_BUDGET])
    except _OverBudget:
        changes = _by_lines(old, new, a, b)
    runs: list[list[str]] = []  # [op, old text, new text]; op is "equal" or "change"
    for n, (op, removed, added) in enumerate(changes):
        between_changes = 0 < n < len(changes) - 1 and removed.isspace()
        kind = "equal" if op == "equal" and not between_changes else "change"
        if runs and runs[-1][0] == kind == "change":
            runs[-1][1] += removed
            runs[-1][2] += added
        else:
            runs.append([kind, removed, added])
    pieces: list[Piece] = []
    for kind, removed, added in runs:
        if kind == "equal":
            pieces.append(Piece("equal", removed))
            continue
        if removed:
            pieces.append(Piece("delete", removed))
        if added:
            pieces.append(Piece("insert", added))
    return pieces


def has_changes(pieces: list[Piece]) -> bool:
    """True when anything was added or removed."""
    return any(p.op != "equal" for p in pieces)


def to_html(pieces: list[Piece]) -> Markup:
    """The diff as escaped HTML with ``<ins>`` and ``<del>``."""
    parts = []
    for piece in pieces:
        text = escape(piece.text)
        if piece.op == "insert":
            parts.append(Markup("<ins>{}</ins>").format(text))
        elif piece.op == "delete":
            parts.append(Markup("<del>{}</del>").format(text))
        else:
            parts.append(text)
    return Markup("").join(parts)
