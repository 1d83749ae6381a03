"""Child-safety checks run when a student submits a letter.

They FLAG; the teacher decides. Each check is a pure function of the letter text and of
the human-edited lists in ``data/wordlists/`` (each list explains in its header how to
edit it). Flags come back in a fixed order of kinds, each with the exact text matched and
its character offsets, so the student and the teacher see the same highlighted passages.

The checks live beside this module, one kind of finding each: ``phones``, ``personal`` (email
addresses, social accounts, surnames), ``addresses`` (and ``addresses_es`` for letters in
Spanish), ``words`` (the insult and threat lists), ``pagefit`` (the one-page limit);
``findings`` holds the flags and their messages. A letter is checked in its own language:
its word lists, its national phone and address formats; see ``find_spans``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ...paper import DEFAULT_PAGE_SIZE
from .addresses import address_spans
from .addresses_es import address_spans as spanish_address_spans
from .findings import Flag
from .pagefit import page_fraction, words_over
from .personal import email_spans, handle_spans, surname_spans
from .phones import phone_spans
from .words import Span, fold, letter_words, lists_language, phrase_spans

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


def _addresses(text: str, language: str) -> list[Span]:
    """Street addresses in the formats of the letter's language."""
    return spanish_address_spans(text) if language == "es" else address_spans(text)


def _flattened(address: str) -> str:
    """An address folded, with line breaks, commas and runs of spaces as one space, for comparison."""
    return " ".join(re.split(r"[\s,]+", fold(address))).strip()


def _not_public(spans: Iterable[Span], text: str, public: Sequence[str]) -> list[Span]:
    """The address spans that are not part of a public address (the official's, the school's)."""
    flat = [_flattened(a) for a in public if a.strip()]
    return [s for s in spans if not any(_flattened(text[s[0]:s[1]]) in a for a in flat)]


def find_spans(text: str, hidden_surnames: Iterable[str] = (), language: str = "en",
               public_addresses: Sequence[str] = ()) -> dict[str, list[Span]]:
    """Spans found for every text kind (all kinds but "length"), merged and in text order.

    ``language`` is the letter's (``Letter.language``): it picks the word lists, the national
    phone and address formats and the phrasing of accounts; emails, links, international
    phone numbers and surnames are found in any language. ``public_addresses`` are addresses
    that are no child's (the official's office, the school): a street address found within
    one of them is not flagged ("su oficina de Av. Juárez 20").
    """
    language = lists_language(language)
    words = letter_words(text, language)
    emails = _merge(email_spans(text, language), text)
    addresses = _merge(_outside(_addresses(text, language), emails), text, join=r"[ \t,]*")
    return {
        "phone": _merge(_outside(phone_spans(text, language), emails), text),
        "email": emails,
        "address": _not_public(addresses, text, public_addresses),
        "handle": _merge(_outside(handle_spans(text, language), emails), text),
        "surname": _merge(surname_spans(text, list(hidden_surnames)), text),
        "insult": _merge(phrase_spans(text, words, "insults", language), text),
        "threat": _merge(phrase_spans(text, words, "threats", language), text),
    }


def check_letter(text: str, *, hidden_surnames: Iterable[str] = (), kind: str = "appeal",
                 page_size: str = DEFAULT_PAGE_SIZE, language: str = "en",
                 public_addresses: Sequence[str] = ()) -> list[Flag]:
    """All child-safety flags for a letter body, ordered by kind as in ``KINDS``.

    ``hidden_surnames`` are the surnames the class signature rule keeps off letters
    (pass none when the rule shows full names). ``kind`` is "appeal" or "solidarity";
    ``page_size`` is one of paper.PAGE_SIZES; ``language`` is the letter's (BCP 47);
    ``public_addresses`` are addresses a letter may quote (see ``find_spans``).
    """
    found = find_spans(text, hidden_surnames, language, public_addresses)
    flags = [Flag(kind_, tuple(text[a:b] for a, b in spans), tuple(spans)) for kind_, spans in found.items() if spans]
    fraction = page_fraction(text, kind, page_size)
    if fraction > 1.0:
        flags.append(Flag("length", (), (), {"over": words_over(text, fraction), "page": kind}))
    return flags
