"""What the safety checks found (``Flag``), how it is kept on a letter, and what each reader is told.

A flag is data: its kind, the passages found, and the numbers a message needs (``details``).
The words come from the catalogs when someone reads them, in the page's language, so the same
flag kept on a letter reads in English for one teacher and in Spanish for another. The student
(check page, editor) and the teacher (review page) read the same English; other languages
address each in their own register ("student": tú, "teacher": usted).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import npgettext, pgettext

from ...printing.fonts import describe

Span = tuple[int, int]
READERS = ("student", "teacher")
KNOWN = frozenset(("phone", "email", "address", "handle", "surname", "insult", "threat", "length", "unprintable"))


def _fixed(reader: str) -> dict[str, str]:
    """The message of every kind that needs no numbers, for one reader (gettext needs literal text)."""
    if reader == "student":
        return {
            "phone": pgettext("student", "This looks like a phone number. Letters never include phone numbers."),
            "email": pgettext("student", "This looks like an email address. Letters never include email addresses."),
            "address": pgettext("student", "This looks like a home address. Letters are sent from the school's "
                                           "address, so leave yours out."),
            "handle": pgettext("student", "This looks like a social media or game account. Letters never include "
                                          "account names."),
            "surname": pgettext("student", "This looks like a last name. Your class signs letters without last "
                                           "names, so please take it out."),
            "insult": pgettext("student", "These words could sound rude to the reader. Polite letters work best, "
                                          "so try saying how you feel instead."),
            "threat": pgettext("student", "This could sound like a threat. Letters must never threaten anyone, "
                                          "so please take it out."),
        }
    return {
        "phone": pgettext("teacher", "This looks like a phone number. Letters never include phone numbers."),
        "email": pgettext("teacher", "This looks like an email address. Letters never include email addresses."),
        "address": pgettext("teacher", "This looks like a home address. Letters are sent from the school's "
                                       "address, so leave yours out."),
        "handle": pgettext("teacher", "This looks like a social media or game account. Letters never include "
                                      "account names."),
        "surname": pgettext("teacher", "This looks like a last name. Your class signs letters without last "
                                       "names, so please take it out."),
        "insult": pgettext("teacher", "These words could sound rude to the reader. Polite letters work best, "
                                      "so try saying how you feel instead."),
        "threat": pgettext("teacher", "This could sound like a threat. Letters must never threaten anyone, "
                                      "so please take it out."),
    }


def _too_long(reader: str, details: Mapping[str, Any]) -> str:
    """Roughly how many words to cut (a page or a card), or how many characters (a post)."""
    if "limit" in details:  # a post
        count, limit = int(details["count"]), int(details["limit"])
        if reader == "student":
            return str(npgettext("student", "A post can have at most %(limit)d characters; this one has %(count)d. "
                                            "Cut %(num)d.",
                                 "A post can have at most %(limit)d characters; this one has %(count)d. Cut %(num)d.",
                                 count - limit, limit=limit, count=count))
        return str(npgettext("teacher", "A post can have at most %(limit)d characters; this one has %(count)d. "
                                        "Cut %(num)d.",
                             "A post can have at most %(limit)d characters; this one has %(count)d. Cut %(num)d.",
                             count - limit, limit=limit, count=count))
    over, card = int(details["over"]), details.get("page") == "solidarity"
    if reader == "student":
        if card:
            return str(npgettext("student", "This letter is about %(num)d word too long for the card. "
                                            "Try to cut about %(num)d word.",
                                 "This letter is about %(num)d words too long for the card. "
                                 "Try to cut about %(num)d words.", over))
        return str(npgettext("student", "This letter is about %(num)d word too long for one page. "
                                        "Try to cut about %(num)d word.",
                             "This letter is about %(num)d words too long for one page. "
                             "Try to cut about %(num)d words.", over))
    if card:
        return str(npgettext("teacher", "This letter is about %(num)d word too long for the card. "
                                        "Try to cut about %(num)d word.",
                             "This letter is about %(num)d words too long for the card. "
                             "Try to cut about %(num)d words.", over))
    return str(npgettext("teacher", "This letter is about %(num)d word too long for one page. "
                                    "Try to cut about %(num)d word.",
                         "This letter is about %(num)d words too long for one page. "
                         "Try to cut about %(num)d words.", over))


def _unprintable(reader: str, chars: list[str]) -> str:
    """Characters no installed font can draw: they would print as empty boxes."""
    if reader == "student":
        return str(npgettext("student", "This character will not print: %(chars)s. No font on the printing computer "
                                        "has it, so it would come out as an empty box. Take it out or write it "
                                        "another way.",
                             "These characters will not print: %(chars)s. No font on the printing computer has "
                             "them, so they would come out as an empty box. Take them out or write them another way.",
                             len(chars), chars=describe(chars)))
    return str(npgettext("teacher", "This character will not print: %(chars)s. No font on the printing computer "
                                    "has it, so it would come out as an empty box. Take it out or write it "
                                    "another way.",
                         "These characters will not print: %(chars)s. No font on the printing computer has "
                         "them, so they would come out as an empty box. Take them out or write them another way.",
                         len(chars), chars=describe(chars)))


def message(kind: str, reader: str, matches: list[str] | tuple[str, ...] = (),
            details: Mapping[str, Any] | None = None) -> str:
    """What ``reader`` ("student" or "teacher") is told about a finding, in the page's language."""
    if reader not in READERS:
        raise ValueError(f"unknown reader {reader!r}; expected one of {READERS}")
    details = details or {}
    if kind == "length":
        return _too_long(reader, details)
    if kind == "unprintable":
        return _unprintable(reader, list(matches))
    return _fixed(reader)[kind]


@dataclass(frozen=True)
class Flag:
    """One kind of problem found in a letter, with every place it was found."""

    kind: str
    matches: tuple[str, ...]
    spans: tuple[Span, ...]
    details: Mapping[str, Any] = field(default_factory=dict)  # numbers the message needs: {"over": 15, ...}

    @property
    def message(self) -> str:
        """What the student is told (the check page and the editor are the student's)."""
        return message(self.kind, "student", self.matches, self.details)


def as_data(flags: list[Flag]) -> list[dict[str, Any]]:
    """Flags in the form kept on the letter for the teacher's review: codes and data, no words."""
    return [{"kind": f.kind, "matches": list(f.matches), "spans": [list(span) for span in f.spans],
             "details": dict(f.details)} for f in flags]


def kept_message(flag: Mapping[str, Any], reader: str = "teacher") -> str:
    """The message for a flag kept on a letter (``as_data``), in the page's language.

    Letters sent before flags were kept as data hold an English ``message``: it is shown
    only where the numbers it gives (a length) were not kept.
    """
    kind, details = flag.get("kind", ""), flag.get("details")
    if (kind == "length" and not details) or kind not in KNOWN:
        return str(flag.get("message", ""))
    return message(kind, reader, flag.get("matches", ()), details)
