"""What each home page shows."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..assignments.services import for_student
from ..auth.models import User
from ..classes.models import ClassTeacher, Classroom, Enrolment
from ..extensions import db
from ..letters.models import STATE_LABELS, Letter
from ..letters.services import writing_blocked
from ..review.services import waiting_by_class

# Letters the student has to act on: sent back by the teacher, or not sent yet.
NEEDS_ATTENTION = ("changes_requested", "draft")


def teacher_home(teacher: User) -> dict[str, Any]:
    """A teacher's classes (active first) and the letters waiting for their review."""
    classes = db.session.scalars(
        select(Classroom)
        .join(ClassTeacher, ClassTeacher.class_id == Classroom.id)
        .where(ClassTeacher.teacher_id == teacher.id)
        .options(selectinload(Classroom.enrolments))
        .order_by(Classroom.archived_at.is_not(None), Classroom.name)
    ).all()
    waiting = waiting_by_class(teacher)
    return {"classes": classes, "waiting": waiting, "waiting_total": sum(waiting.values())}


def student_home(student: User) -> dict[str, Any]:
    """A student's classes, assignments with their letters, and how many letters need them now."""
    enrolments = db.session.scalars(
        select(Enrolment)
        .where(Enrolment.student_id == student.id)
        .options(selectinload(Enrolment.classroom))
    ).all()
    assignments = for_student(student)
    letters = db.session.scalars(
        select(Letter).where(Letter.student_id == student.id,
                             Letter.assignment_id.in_([a.id for a in assignments]))
        .options(selectinload(Letter.target)).order_by(Letter.id)).all()
    by_assignment: dict[int, list[Letter]] = {a.id: [] for a in assignments}
    for letter in letters:
        by_assignment[letter.assignment_id].append(letter)
    open_ids = {a.id for a in assignments if not writing_blocked(a)}
    attention = sorted((letter for letter in letters
                        if letter.state in NEEDS_ATTENTION and letter.assignment_id in open_ids),
                       key=lambda letter: NEEDS_ATTENTION.index(letter.state))
    cases = {a.id: a.case for a in assignments}
    to_start = [a for a in assignments if a.id in open_ids and not by_assignment[a.id]]
    return {"enrolments": enrolments, "assignments": assignments, "letters": by_assignment,
            "attention": attention, "to_start": to_start, "cases": cases, "state_labels": STATE_LABELS}
