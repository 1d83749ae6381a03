"""Contact details in a letter: email addresses, social accounts, hidden surnames (phone numbers: ``phones``)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from ...datafiles import word_list
from .words import LETTER, TOKEN, Span, adjacent, fold

# --- email addresses and social handles --------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}\b")
# An address read aloud: "maya at gmail dot com", "maya arroba gmail punto com".
_SPOKEN = {"en": ("at", "dot"), "es": ("arroba", "punto")}


@cache
def _spoken_email(language: str) -> re.Pattern[str]:
    """An email address spelled out with the words for "@" and "." of ``language``."""
    at, dot = _SPOKEN.get(language, _SPOKEN["en"])
    return re.compile(
        rf"(?<![\w.+\-])[\w.+\-]+\s*(?:[(\[{{]{at}[)\]}}]|\b{at}\b)\s*[\w\-]+"
        rf"(?:\s*(?:[(\[{{]{dot}[)\]}}]|\b{dot}\b)\s*[\w\-]+)+", re.IGNORECASE)


_AT_HANDLE = re.compile(r"(?<![\w@.+\-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
_VALUE = r"@?[\w#\-]+(?:\.[\w#\-]+)*"
_ODD_VALUE = r"@?(?=[\w.#\-]*[\d_#])(?=[\w.#\-]*[^\W\d_])[\w#\-]+(?:\.[\w#\-]+)*"


def alternation(name: str) -> str:
    """A regex alternation of the entries of a word list, longest first."""
    entries = sorted(word_list(f"wordlists/{name}.txt"), key=len, reverse=True)
    return "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in entries)


def _english_phrasing(plat: str) -> tuple[str, ...]:
    """ "my TikTok is ...", "add me on Roblox: ...", "I'm maya_k on Discord"."""
    said = r"\s*(?:is\s*:?|:|=)\s*"
    return (
        rf"\bmy\s+{plat}(?:\s+(?:user\s*name|name|handle|account|acc|id|tag|gamer\s*tag|code|page|channel))?"
        rf"{said}{_VALUE}",
        rf"\bmy\s+(?:user\s*name|gamer\s*tag|handle|screen\s*name|account\s+name){said}{_VALUE}",
        rf"\b(?:follow|add|find|friend|message|dm|text|subscribe\s+to|check\s+out)\s+"
        rf"(?:me|us|my\s+(?:account|channel|page))\s+(?:on|at)\s+{plat}"
        rf"(?:\s*(?::|\bat\b|\bas\b)\s*{_VALUE}|\s+@{_VALUE})?",
        rf"\b(?:i\s*'?m|i\s+am|we\s+are)\s+{_ODD_VALUE}\s+on\s+{plat}",
    )


def _spanish_phrasing(plat: str) -> tuple[str, ...]:
    """ "mi TikTok es ...", "sígueme en Instagram: ...", "soy maya_k en Discord"."""
    said = r"\s*(?:es\s*:?|:|=)\s*"
    return (
        rf"\bmi\s+(?:(?:cuenta|usuario|perfil|canal|nombre|id)\s+(?:de|en)\s+)?{plat}{said}{_VALUE}",
        rf"\bmi\s+(?:usuario|nombre\s+de\s+usuario|gamer\s*tag|nick|apodo\s+en\s+{plat}){said}{_VALUE}",
        rf"\b(?:s[ií]g(?:ue|a)me|s[ií]ganme|s[ií]ganos|agr[eé]g(?:a|ue)me|agr[eé]guenme|b[uú]sc(?:a|ue)me|"
        rf"b[uú]squenme|escr[ií]b(?:e|a)me|escr[ií]banme|suscr[ií]b(?:e|a)te\s+a\s+mi\s+canal)\s+(?:en|por)\s+{plat}"
        rf"(?:\s*(?::|\bcomo\b)\s*{_VALUE}|\s+@{_VALUE})?",
        rf"\b(?:soy|somos)\s+{_ODD_VALUE}\s+en\s+{plat}",
    )


_PHRASING = {"en": _english_phrasing, "es": _spanish_phrasing}


@cache
def _handle_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    """Patterns for account names given by phrasing (in ``language``) or by profile link (in any)."""
    plat = rf"(?:{alternation('social_platforms')})\b"
    phrasing = _PHRASING.get(language, _english_phrasing)(plat)
    link = (rf"(?<![\w.@])(?:https?://)?(?:www\.|m\.)?(?:{alternation('social_domains')})"
            rf"/[\w@.~%+\-]*[\w@~%+\-]")
    return tuple(re.compile(p, re.IGNORECASE) for p in (*phrasing, link))


def email_spans(text: str, language: str = "en") -> list[Span]:
    """Spans of email addresses, written normally or spoken ("maya at gmail dot com")."""
    return [m.span() for pattern in (_EMAIL, _spoken_email(language)) for m in pattern.finditer(text)]


def handle_spans(text: str, language: str = "en") -> list[Span]:
    """Spans of social media handles, profile links and "my TikTok is ..." phrasing."""
    spans = [m.span() for m in _AT_HANDLE.finditer(text) if LETTER.search(m.group())]
    return spans + [m.span() for p in _handle_patterns(language) for m in p.finditer(text)]


# --- surnames ---------------------------------------------------------------------------

def surname_spans(text: str, surnames: Iterable[str]) -> list[Span]:
    """Spans where a hidden surname appears as whole words, ignoring case and accents."""
    tokens = []
    for m in TOKEN.finditer(text):
        norm, end = fold(m.group()), m.end()
        if norm.endswith("'s"):  # "Fernández's dog": highlight the name only
            norm, end = norm[:-2], end - 2
        tokens.append((norm, m.start(), end))
    spans: list[Span] = []
    for surname in surnames:
        parts = [fold(p) for p in re.split(r"[\s\-‐]+", surname.strip()) if p]
        if not parts or len("".join(parts)) < 2:
            continue
        for i in range(len(tokens) - len(parts) + 1):
            window = tokens[i:i + len(parts)]
            if [t[0] for t in window] == parts and all(
                    adjacent(text, a[2], b[1]) for a, b in zip(window, window[1:])):
                spans.append((window[0][1], window[-1][2]))
    return spans
