"""Single values read from a line of an Urgent Action: a date, a UA number, an AI Index, a country, a person."""
from __future__ import annotations

import re

from ..case_dates import DATE_PREFIX_PATTERN, DateFormatError, ImpossibleDateError, parse_date
from ..case_format import REGIONS, normalise_ua_number

_BULLET_RE = re.compile(r"^(?:[-*•‣◦▪●–—\uf0b7\uf0a7\uf076\uf0d8➢]+\s*|\d{1,2}[.)]\s+|\(\d{1,2}\)\s*)")
_DATE_RE = re.compile(rf"(?<![\w/])({DATE_PREFIX_PATTERN})(?![\w/])")
_UA_RE = re.compile(r"\bUA\s*[:#]?\s*(\d{1,4})\s*([/.])\s*(\d{2})\b", re.IGNORECASE)
_AI_INDEX_RE = re.compile(r"\b(AFR|AMR|ASA|EUR|MDE|ACT|IOR|POL)\s*(\d{2})\s*/\s*(\d{3,4})\s*/\s*(\d{4})\b")
NO_VALUE = frozenset({"(not published)", "not published", "n/a", "na", "none", "(none)", "-", "—", "not available",
                      "(not available)", "unknown"})
# The AI Index's first letters name the region: docs/case-format.md's five regions, in the same order.
INDEX_REGIONS = dict(zip(("AFR", "AMR", "ASA", "EUR", "MDE"), REGIONS, strict=True))


def strip_bullet(text: str) -> tuple[str, bool]:
    """The text without a leading bullet, and whether it had one."""
    match = _BULLET_RE.match(text)
    return (text[match.end():].strip(), True) if match else (text, False)


def find_date(text: str) -> str | None:
    """The first real calendar date written in ``text``, as ISO text, else None."""
    for match in _DATE_RE.finditer(text):
        try:
            return parse_date(match.group(1).rstrip(",")).isoformat()
        except (DateFormatError, ImpossibleDateError):
            continue
    return None


def find_ua(text: str) -> str | None:
    """The first UA number in ``text`` in the library's spelling ("UA 113.19", "104/09")."""
    match = _UA_RE.search(text)
    if not match:
        return None
    number, sep, year = match.groups()
    return normalise_ua_number(f"UA {number}.{year}" if sep == "." else f"{number}/{year}")


def find_ai_index(text: str) -> str | None:
    """An AI Index such as "AMR 41/022/2009", spaced the usual way."""
    match = _AI_INDEX_RE.search(text)
    return f"{match[1]} {match[2]}/{match[3]}/{match[4]}" if match else None


def no_value(text: str) -> bool:
    """True for "(not published)", "N/A", "none" and the like: the source says there is no value."""
    return text.strip().strip(".").lower() in NO_VALUE or not text.strip()


def country_name(text: str) -> str:
    """ "MEXICO" -> "Mexico"; a name already in mixed case stays as written."""
    text = text.strip().strip(":").strip()
    if not text.isupper() or len(text) <= 3:  # "Mexico" as written; "USA", "UK", "DRC" stay acronyms
        return text
    small = {"and", "of", "the", "de"}
    words = [w.capitalize() if i == 0 or w.lower() not in small else w.lower()
             for i, w in enumerate(text.lower().split())]
    return " ".join(words)


_PRONOUN_MARKS = {"f": "she/her", "m": "he/him", "female": "she/her", "male": "he/him"}
_PRONOUNS_RE = re.compile(r"^(?:group|[a-z]+(?:\s*/\s*[a-z]+)+)$", re.IGNORECASE)


def person(text: str) -> dict[str, str]:
    """ "Rosa Campos (f), aged 34" -> name and pronouns; "(she/her)" as written; else the name alone."""
    match = re.match(r"^(?P<name>[^(,]+?)\s*\((?P<mark>[^()]+)\)", text)
    if match:
        mark = match["mark"].strip().lower()
        if mark in _PRONOUN_MARKS:
            return {"name": match["name"].strip(), "pronouns": _PRONOUN_MARKS[mark]}
        if _PRONOUNS_RE.match(mark):
            return {"name": match["name"].strip(), "pronouns": re.sub(r"\s*/\s*", "/", mark)}
    return {"name": text.split(",")[0].strip(), "pronouns": ""}
