"""Delimited text: CSV from any spreadsheet (comma, semicolon, tab or pipe), in the encodings
school systems save in, and blocks pasted from a spreadsheet (tabs)."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l

import codecs
import csv
import io
from collections import Counter

from charset_normalizer import from_bytes

from .core import MAX_CELL, Table, finish

DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes"}
BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
# What charset-normalizer may answer for a class list; anything else is a file that isn't text.
TEXT_ENCODINGS = {
    "utf_8": "UTF-8", "utf_16": "UTF-16", "utf_16_le": "UTF-16", "utf_16_be": "UTF-16",
    "cp1252": "Windows-1252 (Western European)", "latin_1": "ISO-8859-1 (Western European)",
    "iso8859_15": "ISO-8859-15 (Western European)", "cp1250": "Windows-1250 (Central European)",
    "iso8859_2": "ISO-8859-2 (Central European)", "cp1251": "Windows-1251 (Cyrillic)",
    "mac_roman": "Mac Roman", "cp1254": "Windows-1254 (Turkish)", "cp1257": "Windows-1257 (Baltic)",
    "ascii": "UTF-8",
}
NOT_TEXT = _l("This isn't a class list we can read. Save the list as CSV or as an Excel workbook (.xlsx) "
              "and upload that.")


def sources() -> set[str]:
    """Every ``source`` a reader names: the form carries it between pages, and only these."""
    return {f"{label} text" for label in TEXT_ENCODINGS.values()}


def decode(raw: bytes) -> tuple[str | None, str, str | None]:
    """The text of a file, the name of its encoding, or why it can't be read as text."""
    for bom, codec, label in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec).lstrip("\ufeff"), label, None
            except UnicodeDecodeError:
                return None, "", str(NOT_TEXT)
    try:
        if b"\x00" not in raw:
            return raw.decode("utf-8"), "UTF-8", None
    except UnicodeDecodeError:
        pass
    results = list(from_bytes(raw, cp_isolation=list(TEXT_ENCODINGS)[:-1]))
    if not results:
        return None, "", str(NOT_TEXT)
    # Short lists fit several code pages equally well: prefer the reading whose non-ASCII
    # characters are letters (Łukasz, not £ukasz), then the commoner code page.
    least = min(result.chaos for result in results)
    order = list(TEXT_ENCODINGS)
    guess = min((r for r in results if r.chaos <= least + 0.05),
                key=lambda r: (_oddities(str(r)), order.index(r.encoding)))
    return str(guess), TEXT_ENCODINGS[guess.encoding], None


def _oddities(text: str) -> int:
    """Non-ASCII characters that are not letters: a sign of the wrong code page in a list of names."""
    return sum(1 for char in text if ord(char) > 127 and not char.isalpha() and char not in "’‘–")


def sniff(text: str) -> str:
    """The separator that splits the first lines into the same number (>1) of cells most often."""
    sample = [line for line in text.splitlines() if line.strip()][:20]
    best, best_score = ",", 0
    for candidate in DELIMITERS:
        widths = Counter(len(cells) for cells in csv.reader(sample, delimiter=candidate))
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        score = count * 100 + width if width > 1 else 0
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_text(text: str, source: str = "Text") -> Table:
    """The table in pasted or decoded text; ``source`` says what it came from ("UTF-8 text")."""
    text = text.lstrip("\ufeff")
    separator = sniff(text)
    try:
        rows = [[cell[:MAX_CELL * 5] for cell in cells]
                for cells in csv.reader(io.StringIO(text, newline=""), delimiter=separator)]
    except csv.Error as error:
        return Table(problem=_("The file can't be read as CSV (%(error)s).", error=error))
    if source.startswith("Excel"):
        return finish(rows, source)
    return finish(rows, f"{source}, separated by {DELIMITERS[separator]}")


def read_delimited_bytes(raw: bytes) -> Table:
    """The table in an uploaded CSV or text file."""
    text, encoding, problem = decode(raw)
    if text is None:
        return Table(problem=problem)
    return read_text(text, f"{encoding} text")
