"""Which way a piece of printed text runs, decided from the text itself."""
from __future__ import annotations

import unicodedata

from .documents import Direction


def auto_direction(text: str, fallback: Direction = "ltr") -> Direction:
    """Direction of ``text`` from its first strong character, as HTML's dir=auto does.

    WeasyPrint supports neither dir=auto nor unicode-bidi: plaintext, and a school's
    English address inside an Arabic letter must still read left to right.
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return fallback
