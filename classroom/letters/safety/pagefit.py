"""How much of a printed page (or card) a letter fills, and how many words to cut when it overflows."""
from __future__ import annotations

import math
import re
import unicodedata
from functools import cache

from ...paper import DEFAULT_PAGE_SIZE, PAPERS, check_page_size
from ..kinds import PAPER_KINDS

# Keep in step with the print templates. Widths are of an average character of running
# serif text (0.45 em); lines are 1.4 times the type size.
_LETTER_PT, _CARD_PT = 12.0, 13.0  # cards use slightly larger type
PARAGRAPH_GAP = 0.5               # space between paragraphs, in lines
_APPEAL_MARGIN_MM = 25.0
_APPEAL_BODY_SHARE = 0.6           # sender, date, recipient, salutation and signature take ~40%
_CARD_MARGIN_MM = 10.0             # a solidarity card is a quarter sheet (A6 from A4): ~120 words
_CARD_RESERVED_LINES = 2           # greeting and signature


def layout(kind: str, page_size: str) -> tuple[int, float]:
    """Characters per line and lines available for the body of this kind of letter.

    The editor's live count (static/js/editor.js) wraps text with the same numbers.
    """
    if kind not in PAPER_KINDS:  # the page limit is about paper
        raise ValueError(f"unknown letter kind {kind!r}; expected one of {PAPER_KINDS}")
    paper = PAPERS[check_page_size(page_size)]
    width, height = paper.width_mm, paper.height_mm
    if kind == "appeal":
        font_mm = _LETTER_PT * 25.4 / 72
        usable_w, usable_h = width - 2 * _APPEAL_MARGIN_MM, height - 2 * _APPEAL_MARGIN_MM
        return int(usable_w / (font_mm * 0.45)), usable_h / (font_mm * 1.4) * _APPEAL_BODY_SHARE
    font_mm = _CARD_PT * 25.4 / 72
    usable_w, usable_h = width / 2 - 2 * _CARD_MARGIN_MM, height / 2 - 2 * _CARD_MARGIN_MM
    return int(usable_w / (font_mm * 0.45)), usable_h / (font_mm * 1.4) - _CARD_RESERVED_LINES


def _is_wide(char: str) -> bool:
    """A character that takes the room of two on paper (CJK, full-width forms, most emoji)."""
    return unicodedata.east_asian_width(char) in "WF"


def printed_width(text: str) -> int:
    """Width of a text in average characters; wide (CJK) characters count double."""
    return sum(2 if _is_wide(c) else 1 for c in text)


_LAST_PLANE_WITH_WIDE = 0x40000  # CJK extensions end in plane 3; no later plane has a wide character


@cache
def wide_ranges() -> str:
    """The characters ``printed_width`` counts double, as hex ranges ("1100-115f 231a-231b …").

    The editor's live count (static/js/editor.js) reads them from the page, so the browser's
    estimate and the server's agree without a second list. A range runs on over unassigned
    code points (no text holds them), which keeps the list short.
    """
    ranges: list[list[int]] = []
    wide_run = False  # the last assigned character was wide
    for code in range(_LAST_PLANE_WITH_WIDE):
        char = chr(code)
        if unicodedata.category(char) in ("Cn", "Cs"):
            continue
        if not _is_wide(char):
            wide_run = False
        elif wide_run:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
            wide_run = True
    return " ".join(f"{start:x}-{end:x}" for start, end in ranges)


def _lines_needed(text: str, per_line: int) -> float:
    """Printed lines the text needs when wrapped word by word; each line break starts a paragraph."""
    paragraphs = [words for words in (line.split() for line in text.splitlines()) if words]
    total = 0
    for words in paragraphs:
        lines, used = 1, 0
        for word in words:
            width = printed_width(word)
            if used and used + 1 + width <= per_line:
                used += 1 + width
                continue
            if used:
                lines += 1
            lines += (width - 1) // per_line
            used = width - (width - 1) // per_line * per_line
        total += lines
    return total + PARAGRAPH_GAP * max(0, len(paragraphs) - 1)


def word_count(text: str) -> int:
    """Words in the text: runs without spaces that hold at least one letter or digit."""
    return sum(1 for chunk in text.split() if re.search(r"[^\W_]", chunk))


def page_fraction(text: str, kind: str = "appeal", page_size: str = DEFAULT_PAGE_SIZE) -> float:
    """Estimated share of one printed page (or card) the body fills; 1.0 is exactly full."""
    per_line, lines = layout(kind, page_size)
    return _lines_needed(text, per_line) / lines


def words_over(text: str, fraction: float) -> int:
    """Roughly how many words to cut from a text filling ``fraction`` of its page, rounded up to five."""
    words = word_count(text)
    return max(5, math.ceil(max(words - words / fraction, 1) / 5) * 5)
