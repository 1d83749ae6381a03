"""People's names: a given name and a family name kept apart, and the order they are written in.

王 小明 is written family name first; Maya Kowalski given name first. What the product shows
in full follows the written order; the signature rule and usernames read the parts, never
"the first word" (classes.services.signature, auth.services.username_base).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

import unicodedata

NAME_ORDERS = {
    "given_first": _l("Given name first (Maya Kowalski)"),
    "family_first": _l("Family name first (王 小明, Nagy Anna)"),
}
# Scripts whose names are usually written family name first; a list can say otherwise.
_FAMILY_FIRST_SCRIPTS = ("CJK", "HANGUL", "HIRAGANA", "KATAKANA")


def written(given: str, family: str, family_first: bool = False) -> str:
    """The full name in the order the person writes it."""
    parts = (family, given) if family_first else (given, family)
    return " ".join(part.strip() for part in parts if part and part.strip())


def split(full: str, family_first: bool = False) -> tuple[str, str]:
    """Given and family name of a full name written in one piece.

    Given first: the first word is the given name, the rest the family name (García López).
    Family first: the first word is the family name, the rest the given name (王 小明).
    A single word is a given name.
    """
    words = full.split()
    if len(words) < 2:
        return (words[0] if words else ""), ""
    if family_first:
        return " ".join(words[1:]), words[0]
    return words[0], " ".join(words[1:])


def looks_family_first(full: str) -> bool:
    """Whether a name is in a script usually written family name first (Chinese, Japanese, Korean)."""
    letters = [ch for ch in full if ch.isalpha()]
    if not letters:
        return False
    hits = sum(any(script in unicodedata.name(ch, "") for script in _FAMILY_FIRST_SCRIPTS) for ch in letters)
    return hits * 2 > len(letters)


def initial(part: str) -> str:
    """The first letter of a name part (王 for 王, K for Kowalski, Ł for Łukasz)."""
    for ch in part:
        if ch.isalpha():
            return ch
    return ""
