"""Sending a letter to the teacher (with its safety flags) and taking it back."""
from __future__ import annotations

from ..auth.models import User
from ..extensions import db
from . import states
from .flags import safety_check
from .safety import findings
from .limits import LetterError, too_long, writing_blocked
from .models import Letter


def submit(letter: Letter, student: User) -> None:
    """Send the letter to the teacher, keeping the safety flags found in it."""
    problem = writing_blocked(letter.assignment)
    if problem:
        raise LetterError(problem)
    if not letter.body.strip():
        raise LetterError("Write your letter before sending it to your teacher.")
    problem = too_long(letter.body)  # a draft saved before the limits were lowered
    if problem:
        raise LetterError(problem)
    letter.safety_flags = findings.as_data(safety_check(letter))
    states.apply(letter, "submit", "student", student.id)
    db.session.flush()


def unsubmit(letter: Letter, student: User) -> None:
    """Take a letter back before the teacher starts reading it."""
    states.apply(letter, "unsubmit", "student", student.id)
    db.session.flush()
