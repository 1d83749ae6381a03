"""Fonts for the print renderer: WeasyPrint's font configuration, and which characters print.

Fonts come from fontconfig (scripts/setup.sh installs the Noto families and an emoji
font). A character that no installed font covers would print as an empty box, or not at
all; ``unprintable`` finds such characters so the editor, the submit check and the
teacher's review can name them before anything is printed. ``compact_cid_fonts`` shrinks
the CJK fonts WeasyPrint embeds to the glyphs a page uses.
"""
from __future__ import annotations

import bisect
import io
import logging
import shutil
import subprocess
import threading
import unicodedata
from functools import cache
from typing import Any

import uharfbuzz as hb
from fontTools.cffLib import CFFFontSet
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
    for first, last in ranges:
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
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


def compact_cid_fonts(document: object, pdf: Any) -> None:
    """WeasyPrint finisher: shrink embedded CJK fonts to the glyphs the page uses.

    WeasyPrint subsets with HarfBuzz keeping glyph ids (``RETAIN_GIDS``), so a subset of
    Noto CJK (63,000 glyphs) still carries an empty entry, metrics and offsets for every
    glyph below the highest one used: 150 KB for a one-page letter. Noto CJK's CFF is
    CID-keyed with CID = glyph id, and a CID-keyed CFF finds glyphs through its charset,
    not their order; so the glyphs the page uses are kept under their CIDs, the rest go,
    and the font is embedded as bare CFF (``/CIDFontType0C``), which readers look up by
    CID, instead of OpenType, which some of them read by glyph order. A one-page Chinese
    letter drops from about 165 KB to about 25 KB. A font this does not recognise, or
    whose CIDs would not match the page's codes, is left exactly as WeasyPrint wrote it.
    """
    objects = {item.number: item for item in pdf.objects if hasattr(item, "number")}
    for item in list(objects.values()):
        if not isinstance(item, dict) or item.get("Subtype") != "/CIDFontType0" or "W" not in item:
            continue
        try:
            descriptor = objects[_number(item["FontDescriptor"])]
            stream = objects[_number(descriptor["FontFile3"])]
            if stream.extra.get("Subtype") != "/OpenType":
                continue
            compact = _compact_cid_cff(b"".join(stream.stream), _codes(item["W"]))
        except Exception:
            log.debug("left an embedded font as it was", exc_info=True)
            continue
        if compact is not None:
            stream.stream = [compact]
            stream.extra["Subtype"] = "/CIDFontType0C"


def _number(reference: bytes | str) -> int:
    """The object number of a pydyf reference such as b"12 0 R"."""
    return int(reference.split()[0])


def _codes(widths: list[Any]) -> list[int]:
    """The glyph codes a CIDFont's /W array lists: [first [w w w] first [w] ...]."""
    codes = {0}
    for first, run in zip(widths[0::2], widths[1::2]):
        codes.update(range(int(first), int(first) + len(run)))
    return sorted(codes)


def _compact_cid_cff(data: bytes, codes: list[int]) -> bytes | None:
    """The bare CFF of a CID-keyed OpenType font with only the glyphs ``codes``, or None.

    HarfBuzz numbers the kept glyphs in order and keeps each one's CID; the page's codes
    are the old glyph ids, so the result is used only when every kept glyph's CID is its
    old glyph id (always so for Noto CJK, whose CIDs are its glyph ids).
    """
    face = hb.Face(hb.Blob(data))
    plan = hb.SubsetInput()
    for code in codes:
        plan.glyph_set.add(code)
    plan.flags = hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    try:
        subsetted = hb.subset(face, plan)
    except RuntimeError:
        return None  # HarfBuzz could not read it as a font
    cff = subsetted.reference_table("CFF ").data
    if not cff:
        return None
    check = CFFFontSet()
    check.decompile(io.BytesIO(cff), None)
    top = check.topDictIndex[0]
    if not hasattr(top, "ROS"):
        return None  # name-keyed: readers would find glyphs by their new order
    names = top.charset
    if len(names) != len(codes) or any(
            name != f"cid{code:05d}" for code, name in zip(codes[1:], names[1:])):
        return None
    return bytes(cff)
