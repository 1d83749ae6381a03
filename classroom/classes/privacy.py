"""Deleting children's data: removing a student, purging an archived class, retention.

Deletion removes everything of a student. What stays is anonymous: per case and class,
how many letters of each kind were approved and went out (printed, mailed, emailed, posted, called).
"""
from __future__ import annotations

from flask_babel import gettext as _, ngettext

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from ..letters.models import COUNTED_STEPS, Letter, LetterTally
from .models import Classroom, Enrolment

def _tally(letters: list[Letter]) -> None:
    """Keep anonymous counts of letters that reached approval, per case, class and kind."""
    counts: Counter[tuple[int, int, str, str]] = Counter()
    for letter in letters:
        for step, states in COUNTED_STEPS.items():
            if letter.state in states:
                counts[(letter.assignment.case_id, letter.assignment.class_id, letter.kind, step)] += 1
    groups = {key[:3] for key in counts}
    for case_id, class_id, kind in sorted(groups):
        # One row per case, class and kind, added to as students go: a row per student would
        # keep each child's own record, only without the name.
        tally = db.session.scalar(select(LetterTally).where(LetterTally.case_id == case_id,
                                                            LetterTally.class_id == class_id,
                                                            LetterTally.kind == kind))
        if tally is None:
            tally = LetterTally(case_id=case_id, class_id=class_id, kind=kind,
                                **dict.fromkeys(COUNTED_STEPS, 0))
            db.session.add(tally)
        for step in COUNTED_STEPS:
            setattr(tally, step, getattr(tally, step) + counts[(case_id, class_id, kind, step)])


def _delete_letters(letters: list[Letter], purge: bool = False) -> None:
    """Delete letters after counting them (revisions, comments and reviews go with them).

    ``purge``: they go because their archived class is purged (print batches say so).
    """
    from ..printing.models import forget_letters

    _tally(letters)
    forget_letters([letter.id for letter in letters], purge=purge)
    for letter in letters:
        db.session.delete(letter)
    db.session.flush()


@dataclass
class Removal:
    """What taking students out of a class deleted, counted as it was deleted."""

    accounts_deleted: int = 0
    accounts_kept: int = 0  # students also in another class: only this class's part of them went
    letters_deleted: int = 0

    def __iadd__(self, other: Removal) -> Removal:
        self.accounts_deleted += other.accounts_deleted
        self.accounts_kept += other.accounts_kept
        self.letters_deleted += other.letters_deleted
        return self

    def sentence(self) -> str:
        """The counts as a whole sentence in the page's language (what the teacher reads)."""
        said = _("Deleted %(accounts)s and %(letters)s.",
                 accounts=ngettext("%(num)d student account", "%(num)d student accounts", self.accounts_deleted),
                 letters=ngettext("%(num)d letter", "%(num)d letters", self.letters_deleted))
        if self.accounts_kept:
            said += " " + ngettext("%(num)d student also in another class kept their account.",
                                   "%(num)d students also in another class kept their accounts.", self.accounts_kept)
        return said

    @property
    def summary(self) -> str:
        """The counts in a sentence, in English (the command line's log)."""
        said = (f"deleted {_count(self.accounts_deleted, 'student account')} and "
                f"{_count(self.letters_deleted, 'letter')}")
        if self.accounts_kept:
            said += (f"; {_count(self.accounts_kept, 'student')} also in another class kept "
                     f"{'their account' if self.accounts_kept == 1 else 'their accounts'}")
        return said


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def delete_student(student: User, purge: bool = False) -> int:
    """Remove a student account and everything of it; returns how many letters were deleted."""
    letters = list(db.session.scalars(select(Letter).where(Letter.student_id == student.id)))
    _delete_letters(letters, purge)
    db.session.execute(delete(Enrolment).where(Enrolment.student_id == student.id))
    db.session.delete(student)
    db.session.flush()
    return len(letters)


def remove_student(classroom: Classroom, student: User, purge: bool = False) -> Removal:
    """Take a student out of a class; their account goes too when it was their only class
    and it belongs to the class's school (``access.may_delete_with_last_class``)."""
    from ..access import may_delete_with_last_class

    others = db.session.scalar(
        select(Enrolment.class_id).where(Enrolment.student_id == student.id, Enrolment.class_id != classroom.id).limit(1))
    if others is None and may_delete_with_last_class(classroom, student):
        return Removal(accounts_deleted=1, letters_deleted=delete_student(student, purge))
    letters = list(db.session.scalars(
        select(Letter).join(Letter.assignment).where(Letter.student_id == student.id)
        .where(Letter.assignment.has(class_id=classroom.id))))
    _delete_letters(letters, purge)
    db.session.execute(delete(Enrolment).where(Enrolment.student_id == student.id,
                                               Enrolment.class_id == classroom.id))
    db.session.flush()
    return Removal(accounts_kept=1, letters_deleted=len(letters))


def remove_from_class(classroom: Classroom, student: User) -> bool:
    """Take a student out of a class; returns True when the whole account was deleted."""
    return remove_student(classroom, student).accounts_deleted == 1


def purge_class(classroom: Classroom) -> Removal:
    """Delete the student data of an archived class; returns exactly what was deleted."""
    if not classroom.is_archived:
        raise ValueError("Only archived classes are purged.")
    students = list(db.session.scalars(
        select(User).join(Enrolment, Enrolment.student_id == User.id).where(Enrolment.class_id == classroom.id)))
    removal = Removal()
    for student in students:
        removal += remove_student(classroom, student, purge=True)
    classroom.purged_at = utcnow()
    db.session.flush()
    return removal


def retention() -> timedelta:
    """How long an archived class's student data is kept (the RETENTION_DAYS setting)."""
    return timedelta(days=current_app.config["RETENTION_DAYS"])


def deletes_on(classroom: Classroom) -> datetime | None:
    """When the class's student data is deleted: the retention period after archiving (None while in use)."""
    return classroom.archived_at + retention() if classroom.archived_at else None


def purge_expired() -> list[tuple[Classroom, Removal]]:
    """Purge every class whose ``deletes_on`` has come (for a daily cron).

    Returns each purged class with what was deleted of it.
    """
    cutoff = utcnow() - retention()  # archived_at <= cutoff is deletes_on <= now, in SQL
    due = list(db.session.scalars(select(Classroom).where(
        Classroom.archived_at.is_not(None), Classroom.archived_at <= cutoff, Classroom.purged_at.is_(None))
        .order_by(Classroom.id)))
    return [(classroom, purge_class(classroom)) for classroom in due]
