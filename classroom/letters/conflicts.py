"""Two versions of one letter (saved in another tab, and the one on screen), side by side.

The student resolves the conflict rather than picking blindly: each side marks what only it
has (a word diff, ``review.textdiff``), and "combine" puts both in one text to tidy up.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..review.textdiff import Piece, diff


@dataclass(frozen=True)
class Conflict:
    """What the conflict box shows: both texts, each with its own parts marked, and the two combined."""

    other: str
    mine: str
    other_version: int
    other_html: Markup
    mine_html: Markup
    combined: str

    def as_json(self) -> dict[str, object]:
        """For the editor script (the HTML is escaped here, on the server)."""
        return {"conflict": True, "server_body": self.other, "server_version": self.other_version,
                "other_html": str(self.other_html), "mine_html": str(self.mine_html), "combined": self.combined}


def _side(pieces: list[Piece], own: str) -> Markup:
    """One version's text with the parts only it has in ``<mark>`` (the other side's parts left out)."""
    parts = []
    for piece in pieces:
        if piece.op == "equal":
            parts.append(escape(piece.text))
        elif piece.op == own:
            parts.append(Markup('<mark>{}</mark>').format(piece.text))
    return Markup("").join(parts)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def combine(other: str, mine: str) -> str:
    """Both texts in one, paragraph by paragraph: what they share once; where they differ, the
    other's paragraphs, then mine (whole paragraphs, so the child tidies sentences, not word salad)."""
    a, b = _paragraphs(other), _paragraphs(mine)
    kept: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        kept += a[i1:i2] if op == "equal" else a[i1:i2] + b[j1:j2]
    return "\n\n".join(kept)


def compare(other: str, mine: str, other_version: int) -> Conflict:
    """The conflict between the saved ``other`` (version ``other_version``) and ``mine``."""
    pieces = diff(other, mine)
    return Conflict(other=other, mine=mine, other_version=other_version,
                    other_html=_side(pieces, "delete"), mine_html=_side(pieces, "insert"),
                    combined=combine(other, mine))
