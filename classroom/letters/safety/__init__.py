"""Child-safety checks run when a student submits a letter.

They FLAG; the teacher decides. Each check is a pure function of the letter text and of
the human-edited lists in ``data/wordlists/`` (each list explains in its header how to
edit it). Flags come back in a fixed order of kinds, each with the exact text matched and
its character offsets, so the student and the teacher see the same highlighted passages.

The checks live beside this module, one kind of finding each: ``personal`` (phone numbers,
email addresses, social accounts, surnames), ``addresses``, ``words`` (the insult and threat
lists), ``pagefit`` (the one-page limit); ``findings`` holds the flags and their messages.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ...paper import DEFAULT_PAGE_SIZE
from .addresses import address_spans
from .findings import Flag
from .pagefit import page_fraction, words_over
from .personal import email_spans, handle_spans, phone_spans, surname_spans
from .words import Span, letter_words, phrase_spans

KINDS = ("phone", "email", "address", "handle", "surname", "insult", "threat", "length")


def _merge(spans: Iterable[Span], text: str, join: str | None = None) -> list[Span]:
    """Sorted spans with overlaps united; also spans separated only by ``join`` characters."""
    merged: list[Span] = []
    for start, end in sorted(set(spans)):
        if merged and (start < merged[-1][1] or (
                join is not None and re.fullmatch(join, text[merged[-1][1]:start]))):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _outside(spans: Iterable[Span], taken: Sequence[Span]) -> list[Span]:
    """The spans that do not overlap any of ``taken``."""
    return [s for s in spans if not any(s[0] < b and a < s[1] for a, b in taken)]


def find_spans(text: str, hidden_surnames: Iterable[str] = ()) -> dict[str, list[Span]]:
    """Spans found for every text kind (all kinds but "length"), merged and in text order."""
    words = letter_words(text)
    emails = _merge(email_spans(text), text)
    return {
        "phone": _merge(_outside(phone_spans(text), emails), text),
        "email": emails,
        "address": _merge(_outside(address_spans(text), emails), text, join=r"[ \t,]*"),
        "handle": _merge(_outside(handle_spans(text), emails), text),
        "surname": _merge(surname_spans(text, list(hidden_surnames)), text),
        "insult": _merge(phrase_spans(text, words, "insults"), text),
        "threat": _merge(phrase_spans(text, words, "threats"), text),
    }


def check_letter(text: str, *, hidden_surnames: Iterable[str] = (), kind: str = "appeal",
                 page_size: str = DEFAULT_PAGE_SIZE) -> list[Flag]:
    """All child-safety flags for a letter body, ordered by kind as in ``KINDS``.

    ``hidden_surnames`` are the surnames the class signature rule keeps off letters
    (pass none when the rule shows full names). ``kind`` is "appeal" or "solidarity";
    ``page_size`` is one of paper.PAGE_SIZES.
    """
    flags = [Flag(kind_, tuple(text[a:b] for a, b in spans), tuple(spans))
             for kind_, spans in find_spans(text, hidden_surnames).items() if spans]
    fraction = page_fraction(text, kind, page_size)
    if fraction > 1.0:
        flags.append(Flag("length", (), (), {"over": words_over(text, fraction), "page": kind}))
    return flags
