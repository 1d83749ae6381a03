"""Word-level differences between two versions of a letter."""
from __future__ import annotations

import difflib
import re
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


def diff(old: str, new: str) -> list[Piece]:
    """What changed from ``old`` to ``new``, word by word.

    A rewritten sentence reads as one removed and one added phrase: the single spaces
    the two versions happen to share between changed words don't split it up.
    """
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    runs: list[list[str]] = []  # [op, old text, new text]; op is "equal" or "change"
    opcodes = matcher.get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        between_changes = 0 < n < len(opcodes) - 1 and removed.isspace()
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
