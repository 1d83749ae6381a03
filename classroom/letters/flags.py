"""The safety and print flags of a letter's text, as the student sees them and the teacher keeps them."""
from __future__ import annotations

from ..printing.fonts import unprintable
from .kinds import SOCIAL_LIMIT
from .models import PAPER_KINDS, Letter
from .safety import check_letter
from .safety.findings import Flag
from .signature import hidden_surnames


def safety_check(letter: Letter) -> list[Flag]:
    """The child-safety checks for the letter's current text (a post's limit is SOCIAL_LIMIT characters)."""
    page_kind = letter.kind if letter.kind in PAPER_KINDS else "appeal"
    school = letter.assignment.classroom.school
    public = [school.address] + ([letter.target.address] if letter.target else [])  # no child's address
    flags = check_letter(letter.body, hidden_surnames=hidden_surnames(letter), kind=page_kind,
                         page_size=school.page_size, language=letter.language, public_addresses=public)
    if letter.kind in PAPER_KINDS:
        flags += print_flags(letter.body)
    if letter.kind == "social":
        flags = [f for f in flags if f.kind != "length"]
        if len(letter.body) > SOCIAL_LIMIT:
            flags.append(Flag("length", (), (), {"limit": SOCIAL_LIMIT, "count": len(letter.body)}))
    return flags


def print_flags(body: str) -> list[Flag]:
    """A flag naming the characters of a paper letter that would print as boxes, if any."""
    chars = unprintable(body)
    return [Flag("unprintable", tuple(chars), ())] if chars else []
