"""The safety and print flags of a letter's text, as the student sees them and the teacher keeps them."""
from __future__ import annotations

from typing import Any

from ..printing.fonts import describe, unprintable
from .kinds import SOCIAL_LIMIT
from .models import PAPER_KINDS, Letter
from .safety import Flag, check_letter
from .signature import hidden_surnames


def safety_check(letter: Letter) -> list[Flag]:
    """The child-safety checks for the letter's current text (a post's limit is SOCIAL_LIMIT characters)."""
    page_kind = letter.kind if letter.kind in PAPER_KINDS else "appeal"
    flags = check_letter(letter.body, hidden_surnames=hidden_surnames(letter), kind=page_kind,
                         page_size=letter.assignment.classroom.school.page_size)
    if letter.kind in PAPER_KINDS:
        flags += print_flags(letter.body)
    if letter.kind == "social":
        flags = [f for f in flags if f.kind != "length"]
        if len(letter.body) > SOCIAL_LIMIT:
            flags.append(Flag("length", f"A post can have at most {SOCIAL_LIMIT} characters; this one has "
                                        f"{len(letter.body)}. Cut {len(letter.body) - SOCIAL_LIMIT}.", (), ()))
    return flags


def unprintable_message(chars: list[str]) -> str:
    """What the student and teacher are told about characters no installed font can draw."""
    one = len(chars) == 1
    return (f"{'This character' if one else 'These characters'} will not print: {describe(chars)}. "
            f"No font on the printing computer has {'it' if one else 'them'}, so "
            f"{'it' if one else 'they'} would come out as an empty box. Take "
            f"{'it' if one else 'them'} out or write {'it' if one else 'them'} another way.")


def print_flags(body: str) -> list[Flag]:
    """A flag naming the characters of a paper letter that would print as boxes, if any."""
    chars = unprintable(body)
    return [Flag("unprintable", unprintable_message(chars), tuple(chars), ())] if chars else []


def flags_as_data(flags: list[Flag]) -> list[dict[str, Any]]:
    """Flags in the form kept on the letter (for the teacher's review)."""
    return [{"kind": f.kind, "message": f.message, "matches": list(f.matches),
             "spans": [list(span) for span in f.spans]} for f in flags]
