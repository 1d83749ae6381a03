"""How a letter is signed under its class's rule, and which names the rule keeps off it."""
from __future__ import annotations

from ..classes.services import signature_of
from .models import Letter

HIDES_SURNAME = ("first", "first_last_initial", "initials")


def hidden_surnames(letter: Letter) -> list[str]:
    """The student's family name (each of its words: García López) when the class's signature rule keeps it off the letter."""
    rule = letter.assignment.classroom.signature_rule
    return letter.student.last_name.split() if rule in HIDES_SURNAME else []


def sign_as(letter: Letter) -> str:
    """How this letter is signed, by the class's rule."""
    return signature_of(letter.student, letter.assignment.classroom.signature_rule)
