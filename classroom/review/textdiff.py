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
    """What changed from ``old`` to ``new``, word by word."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                pieces.append(Piece("delete", "".join(a[i1:i2])))
            if j2 > j1:
                pieces.append(Piece("insert", "".join(b[j1:j2])))
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
