"""Fonts for the print renderer: WeasyPrint's font configuration, and which characters print.

Fonts come from fontconfig (scripts/setup.sh installs the Noto families and an emoji
font). A character that no installed font covers would print as an empty box, or not at
all; ``unprintable`` finds such characters so the editor, the submit check and the
teacher's review can name them before anything is printed.
"""
from __future__ import annotations

import bisect
import logging
import shutil
import subprocess
import threading
import unicodedata
from functools import cache

from weasyprint.text.fonts import FontConfiguration

log = logging.getLogger(__name__)
_local = threading.local()

# Characters that are never drawn themselves, so need no glyph: joiners and other format
# characters (ZWJ in emoji sequences, bidi marks), variation selectors, emoji tag letters.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}
_INVISIBLE_RANGES = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0xE0000, 0xE007F))


def _font_config() -> FontConfiguration:
    """One FontConfiguration per thread: building it is slow, sharing it is not safe."""
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def parse_charsets(listing: str) -> tuple[list[int], list[int]]:
    """Merged (starts, ends) of the code point ranges in ``fc-list --format '%{charset}'``.

    Each line is one font's charset as space-separated hex values and ranges ("20-7e a0").
    """
    ranges = []
    for token in listing.split():
        low, _, high = token.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue  # not a charset token; fontconfig never writes one, but never trust it
    ranges.sort()
    starts: list[int] = []
    ends: list[int] = []
    for low, high in ranges:
        if ends and low <= ends[-1] + 1:
            ends[-1] = max(ends[-1], high)
        else:
            starts.append(low)
            ends.append(high)
    return starts, ends


@cache
def coverage() -> tuple[list[int], list[int]] | None:
    """Every code point some installed font covers, read from fontconfig once per process.

    None when fontconfig's ``fc-list`` is missing: then nothing can be checked, and that
    is logged rather than passed off as "everything prints".
    """
    program = shutil.which("fc-list")
    if program is None:
        log.warning("fc-list is missing: characters without a font cannot be found before printing")
        return None
    listing = subprocess.run([program, "--format", "%{charset}\n"], capture_output=True,
                             text=True, timeout=30, check=False).stdout
    return parse_charsets(listing)


def _invisible(char: str) -> bool:
    """Whether a character is never drawn, so needs no font."""
    point = ord(char)
    return (unicodedata.category(char) in _INVISIBLE_CATEGORIES
            or any(low <= point <= high for low, high in _INVISIBLE_RANGES))


def unprintable(text: str) -> list[str]:
    """The distinct characters of ``text`` that no installed font can draw, in text order."""
    covered = coverage()
    if covered is None:
        return []
    starts, ends = covered
    found: dict[str, None] = {}
    for char in set(text):
        if char in found or _invisible(char):
            continue
        at = bisect.bisect_right(starts, ord(char)) - 1
        if at < 0 or ord(char) > ends[at]:
            found[char] = None
    return sorted(found, key=text.index)


def describe(chars: list[str]) -> str:
    """Characters as a student can find them: each one and its Unicode name or number."""
    return ", ".join(f"{c} ({unicodedata.name(c, f'U+{ord(c):04X}').title()})" for c in chars)
