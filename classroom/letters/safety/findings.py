"""What the safety checks found (``Flag``) and what the student and the teacher are told about it."""
from __future__ import annotations

from dataclasses import dataclass

Span = tuple[int, int]

MESSAGES = {
    "phone": "This looks like a phone number. Letters never include phone numbers.",
    "email": "This looks like an email address. Letters never include email addresses.",
    "address": "This looks like a home address. Letters are sent from the school's address, "
               "so leave yours out.",
    "handle": "This looks like a social media or game account. Letters never include account names.",
    "surname": "This looks like a last name. Your class signs letters without last names, "
               "so please take it out.",
    "insult": "These words could sound rude to the reader. Polite letters work best, "
              "so try saying how you feel instead.",
    "threat": "This could sound like a threat. Letters must never threaten anyone, "
              "so please take it out.",
}


@dataclass(frozen=True)
class Flag:
    """One kind of problem found in a letter, with every place it was found."""

    kind: str
    message: str
    matches: tuple[str, ...]
    spans: tuple[Span, ...]


def length_message(over: int, kind: str) -> str:
    """Tell the child roughly how many words to cut."""
    where = "one page" if kind == "appeal" else "the card"
    return f"This letter is about {over} words too long for {where}. Try to cut about {over} words."
