"""Phone numbers in a letter: international ones, and the national formats of the letter's language."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .words import Span

_PHONE_RUN = re.compile(
    r"(?<![\w/.,\-+])(?:\+[ \u00a0]?)?\(?\d(?:[\d()]|[ \t\u00a0.\-](?=[\d(]))*")


_MAX_PHONE_GROUPS = 7  # "+33 1 23 45 67 89" has six


def _north_american(digits: str, sizes: list[int], seps: Sequence[str]) -> bool:
    """US and Canada: "555-1234", "(555) 123-4567", "1 555 123 4567"."""
    n = len(digits)
    if n == 7:
        return sizes == [3, 4] and seps[0] in ("-", ".")
    if n == 10 and digits[0] in "23456789":
        return sizes in ([3, 3, 4], [3, 7], [10])
    return n == 11 and digits[0] == "1" and sizes in ([1, 3, 3, 4], [11])


def _british(digits: str, sizes: list[int], seps: Sequence[str]) -> bool:
    """UK (and other trunk-0) numbers: "07700 900123", "020 7946 0000"."""
    n = len(digits)
    return n in (10, 11) and digits[0] == "0" and (sizes == [n] or 3 <= sizes[0] <= 5)


def _spanish(digits: str, sizes: list[int], seps: Sequence[str]) -> bool:
    """Spain: nine digits from 6, 7, 8 or 9: "612 34 56 78", "91 123 45 67", "612 345 678".

    "612.345.678" is how Spanish writes a count (612 million), so dots are no phone there.
    """
    if len(digits) != 9 or digits[0] not in "6789":
        return False
    return sizes in ([3, 2, 2, 2], [2, 3, 2, 2], [9]) or (sizes == [3, 3, 3] and "." not in seps)


def _mexican(digits: str, sizes: list[int], seps: Sequence[str]) -> bool:
    """Mexico's ten digits in the big cities' 2-4-4 grouping: "55 1234 5678" (3-3-4 is as in the US)."""
    return len(digits) == 10 and digits[0] in "23456789" and sizes == [2, 4, 4]


# The national formats each letter language is checked for ("+" and "00" numbers always are):
# a Spanish letter may come from Spain, Mexico or a US bilingual class.
_NATIONAL = {"en": (_north_american, _british), "es": (_north_american, _spanish, _mexican)}


def _is_phone(groups: Sequence[str], seps: Sequence[str], plus: bool, language: str = "en") -> bool:
    """True when digit groups read as a phone number rather than a date, year or count."""
    digits = "".join(groups)
    sizes = [len(g) for g in groups]
    n = len(digits)
    if plus:
        return 8 <= n <= 15
    if digits.startswith("00"):
        return 10 <= n <= 17
    return any(rule(digits, sizes, seps) for rule in _NATIONAL.get(language, _NATIONAL["en"]))


def phone_spans(text: str, language: str = "en") -> list[Span]:
    """Spans of phone numbers: international (with + or 00) and the national formats of ``language``."""
    spans: list[Span] = []
    for run in _PHONE_RUN.finditer(text):
        if re.match(r"/\d", text[run.end():run.end() + 2]):
            continue  # a UA number such as 229/10 or a date such as 14/07/2020
        found = list(re.finditer(r"\d+", run.group()))
        digits = [m.group() for m in found]
        bounds = [(m.start() + run.start(), m.end() + run.start()) for m in found]
        seps = [text[a[1]:b[0]] for a, b in zip(bounds, bounds[1:])]
        i = 0
        while i < len(found):
            plus = i == 0 and run.group().startswith("+")
            for j in range(min(len(found), i + _MAX_PHONE_GROUPS) - 1, i - 1, -1):
                if _is_phone(digits[i:j + 1], seps[i:j], plus, language):
                    start = run.start() if plus else bounds[i][0]
                    if not plus and start > run.start() and text[start - 1] == "(":
                        start -= 1
                    spans.append((start, bounds[j][1]))
                    i = j
                    break
            i += 1
    return spans
