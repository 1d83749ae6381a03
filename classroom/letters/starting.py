"""Starting a letter: the checks, the first text (a scaffold when asked), one letter even for two clicks."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..assignments.models import Assignment
from ..auth.models import User
from ..extensions import db
from . import writing_help
from .language_choice import starting_language
from .limits import LetterError, writing_blocked
from .models import TARGETED_KIND, Letter, LetterRevision


def find_letter(assignment: Assignment, student: User, kind: str, target_id: int | None) -> Letter | None:
    """The student's letter of this kind (and to this target) for the assignment."""
    query = select(Letter).where(Letter.assignment_id == assignment.id, Letter.student_id == student.id,
                                 Letter.kind == kind)
    query = query.where(Letter.target_id == target_id) if target_id else query.where(Letter.target_id.is_(None))
    return db.session.scalar(query)


def start(assignment: Assignment, student: User, kind: str, target_id: int | None, use_scaffold: bool) -> Letter:
    """Begin a letter (or return the one already begun)."""
    problem = writing_blocked(assignment)
    if problem:
        raise LetterError(problem)
    if not kind:
        raise LetterError("Choose what you will write first: pick one of the choices, then press Start writing.")
    if kind not in assignment.letter_kinds:
        raise LetterError("Your teacher didn't ask for this kind of letter.")
    target = None
    if kind == TARGETED_KIND:
        target = next((t for t in assignment.allowed_targets if t.id == target_id), None)
        if target is None:
            raise LetterError("Choose one of the officials your teacher listed.")
    existing = find_letter(assignment, student, kind, target.id if target else None)
    if existing:
        return existing
    body = writing_help.as_text(writing_help.sentences(assignment, student, kind)) if use_scaffold else ""
    letter = Letter(assignment_id=assignment.id, student_id=student.id, kind=kind,
                    target_id=target.id if target else None, body=body, version=1,
                    language=starting_language(assignment))
    try:
        # Two "Start" clicks at once both find no letter; the database's unique keys let one in.
        with db.session.begin_nested():
            db.session.add(letter)
            db.session.flush()
            db.session.add(LetterRevision(letter_id=letter.id, version=1, body=body, reason="start"))
            db.session.flush()
    except IntegrityError:
        existing = find_letter(assignment, student, kind, target.id if target else None)
        if existing is None:
            raise
        return existing
    return letter
