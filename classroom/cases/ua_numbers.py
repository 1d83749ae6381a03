"""One rule for "is this the same Urgent Action number?".

Amnesty International writes a UA number as ``UA 104/09`` (``UA: 104/09`` on the 2013–2019
case sheets, ``UA 219 /06`` in some older web pages, ``First UA 57/21`` in the 2020+ template);
Amnesty USA writes ``UA 113.19``; the library's own files use ``UA 59.20`` or ``229/10``. All
of them are a running number and a two-digit year, so they compare by that pair: the key
``"104/09"``. Leading zeros do not count (``UA 059.20`` is ``UA 59.20``).

A four-digit year (``UA 104/2009``) is taken only after an explicit ``UA``: Amnesty never
writes UA numbers that way, but a curator might, while a bare ``22/2009`` is far more likely a
piece of an AI Index (``AMR 41/022/2009``) or of a date (``24/07/2020``).

The reader (``parsing``/``schema``) decides how a number is spelled when stored; everything
that *compares* numbers (duplicate detection, follow-ups) goes through ``ua_key``.
"""
from __future__ import annotations

import re

_PREFIX = r"(?:(?:first|update\s*\d*\s*on|further\s+information\s+on)\s+)?UA(?![a-z])\s*(?:no\.?|number|#)?\s*:?\s*"
_TWO_DIGIT = re.compile(rf"^\s*(?P<prefix>{_PREFIX})?(?P<number>\d{{1,4}})\s*[./]\s*(?P<year>\d{{2}})\s*$", re.IGNORECASE)
_FOUR_DIGIT = re.compile(rf"^\s*{_PREFIX}(?P<number>\d{{1,4}})\s*/\s*(?P<year>(?:19|20)\d{{2}})\s*$", re.IGNORECASE)


def ua_key(value: str | None) -> str | None:
    """``"104/09"`` for any spelling of UA 104 of 2009, or None when ``value`` is not a UA number.

    >>> [ua_key(v) for v in ("104/09", "UA 104/09", "UA: 104/09", "UA 104.09", "ua104.09", "UA 104/2009")]
    ['104/09', '104/09', '104/09', '104/09', '104/09', '104/09']
    >>> ua_key("41/022/2009") is None and ua_key("22/2009") is None
    True
    """
    if not value:
        return None
    text = value.replace("\u00a0", " ")
    match = _TWO_DIGIT.match(text) or _FOUR_DIGIT.match(text)
    if match is None or int(match["number"]) == 0:
        return None
    return f"{int(match['number'])}/{match['year'][-2:]}"


def same_ua(first: str | None, second: str | None) -> bool:
    """True when both are UA numbers and name the same Urgent Action."""
    key = ua_key(first)
    return key is not None and key == ua_key(second)


def line_of(source: str | None, ua_number: str | None) -> int | None:
    """The first line of ``source`` naming this UA number in any spelling (for a problem's line)."""
    key = ua_key(ua_number)
    if key is None:
        return None
    for number, line in enumerate((source or "").splitlines(), start=1):
        if any(ua_key(token) == key for token in _candidates(line)):
            return number
    return None


def _candidates(line: str) -> list[str]:
    """Pieces of a line that may be a UA number ("UA 104/09", "104.09")."""
    return [m.group(0) for m in _CANDIDATE.finditer(line)]


_CANDIDATE = re.compile(r"(?:UA(?![a-z])\s*:?\s*)?\d{1,4}\s*[./]\s*\d{2,4}", re.IGNORECASE)
