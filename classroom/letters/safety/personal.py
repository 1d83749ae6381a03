"""Contact details in a letter: phone numbers, email addresses, social accounts, hidden surnames."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from ...datafiles import word_list
from .words import LETTER, TOKEN, Span, adjacent, fold

# --- phone numbers ----------------------------------------------------------------------

_PHONE_RUN = re.compile(
    r"(?<![\w/.,\-+])(?:\+[ \u00a0]?)?\(?\d(?:[\d()]|[ \t\u00a0.\-](?=[\d(]))*")


_MAX_PHONE_GROUPS = 7  # "+33 1 23 45 67 89" has six


def _is_phone(groups: Sequence[str], seps: Sequence[str], plus: bool) -> bool:
    """True when digit groups read as a phone number rather than a date, year or count."""
    digits = "".join(groups)
    sizes = [len(g) for g in groups]
    n = len(digits)
    if plus:
        return 8 <= n <= 15
    if digits.startswith("00"):
        return 10 <= n <= 17
    if n == 7:
        return sizes == [3, 4] and seps[0] in ("-", ".")
    if n == 10 and digits[0] in "23456789":
        return sizes in ([3, 3, 4], [3, 7], [10])
    if n in (10, 11) and digits[0] == "0":
        return sizes == [n] or 3 <= sizes[0] <= 5
    if n == 11 and digits[0] == "1":
        return sizes in ([1, 3, 3, 4], [11])
    return False


def phone_spans(text: str) -> list[Span]:
    """Spans of phone numbers: US, UK and international (with + or 00) formats."""
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
                if _is_phone(digits[i:j + 1], seps[i:j], plus):
                    start = run.start() if plus else bounds[i][0]
                    if not plus and start > run.start() and text[start - 1] == "(":
                        start -= 1
                    spans.append((start, bounds[j][1]))
                    i = j
                    break
            i += 1
    return spans


# --- email addresses and social handles --------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}\b")
_SPOKEN_EMAIL = re.compile(
    r"(?<![\w.+\-])[\w.+\-]+\s*(?:[(\[{]at[)\]}]|\bat\b)\s*[\w\-]+"
    r"(?:\s*(?:[(\[{]dot[)\]}]|\bdot\b)\s*[\w\-]+)+", re.IGNORECASE)
_AT_HANDLE = re.compile(r"(?<![\w@.+\-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
_VALUE = r"@?[\w#\-]+(?:\.[\w#\-]+)*"
_ODD_VALUE = r"@?(?=[\w.#\-]*[\d_#])(?=[\w.#\-]*[^\W\d_])[\w#\-]+(?:\.[\w#\-]+)*"


def alternation(name: str) -> str:
    """A regex alternation of the entries of a word list, longest first."""
    entries = sorted(word_list(f"wordlists/{name}.txt"), key=len, reverse=True)
    return "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in entries)


@cache
def _handle_patterns() -> tuple[re.Pattern[str], ...]:
    """Patterns for account names given by phrasing or by profile link."""
    plat = rf"(?:{alternation('social_platforms')})\b"
    said = r"\s*(?:is\s*:?|:|=)\s*"
    return tuple(re.compile(p, re.IGNORECASE) for p in (
        rf"\bmy\s+{plat}(?:\s+(?:user\s*name|name|handle|account|acc|id|tag|gamer\s*tag|code|page|channel))?"
        rf"{said}{_VALUE}",
        rf"\bmy\s+(?:user\s*name|gamer\s*tag|handle|screen\s*name|account\s+name){said}{_VALUE}",
        rf"\b(?:follow|add|find|friend|message|dm|text|subscribe\s+to|check\s+out)\s+"
        rf"(?:me|us|my\s+(?:account|channel|page))\s+(?:on|at)\s+{plat}"
        rf"(?:\s*(?::|\bat\b|\bas\b)\s*{_VALUE}|\s+@{_VALUE})?",
        rf"\b(?:i\s*'?m|i\s+am|we\s+are)\s+{_ODD_VALUE}\s+on\s+{plat}",
        rf"(?<![\w.@])(?:https?://)?(?:www\.|m\.)?(?:{alternation('social_domains')})"
        rf"/[\w@.~%+\-]*[\w@~%+\-]",
    ))


def email_spans(text: str) -> list[Span]:
    """Spans of email addresses, written normally or spoken ("maya at gmail dot com")."""
    return [m.span() for pattern in (_EMAIL, _SPOKEN_EMAIL) for m in pattern.finditer(text)]


def handle_spans(text: str) -> list[Span]:
    """Spans of social media handles, profile links and "my TikTok is ..." phrasing."""
    spans = [m.span() for m in _AT_HANDLE.finditer(text) if LETTER.search(m.group())]
    return spans + [m.span() for p in _handle_patterns() for m in p.finditer(text)]


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
