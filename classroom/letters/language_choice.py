"""The language a letter is written in: the one it starts in, the editor's list, changing it."""
from __future__ import annotations

from ..assignments.models import Assignment
from ..clock import utcnow
from ..extensions import db
from . import languages, states
from .limits import LetterError, not_editable, writing_blocked
from .models import Letter


def starting_language(assignment: Assignment) -> str:
    """A new letter's language: the class's (classes have none yet), else the school's, else English."""
    return languages.default_language(assignment.classroom.school.locale,
                                      getattr(assignment.classroom, "language", None))


def language_choices(letter: Letter) -> list[tuple[str, list[tuple[str, str]]]]:
    """The editor's language list: the official's languages first, then the class's, then the rest."""
    official = languages.official_languages(letter.target.language if letter.target else None)
    return languages.choices(official, starting_language(letter.assignment))


def set_language(letter: Letter, language: str) -> None:
    """Write the letter in another language (only while the student may change it)."""
    if letter.state not in states.EDITABLE_STATES:
        raise LetterError(not_editable(letter))
    if writing_blocked(letter.assignment):
        raise LetterError(writing_blocked(letter.assignment))  # type: ignore[arg-type]
    if not languages.is_known(language) or languages.primary(language) != language:
        raise LetterError("Choose one of the languages in the list.")
    if letter.language != language:
        letter.language = language
        letter.updated_at = utcnow()
    db.session.flush()
