"""What each home page shows."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..access import has_role
from ..assignments.models import Assignment
from ..assignments.services import for_student
from ..auth.models import User
from ..cases.models import Case, CaseEvent
from ..classes.models import ClassTeacher, Classroom, Enrolment
from ..extensions import db
from ..letters.models import STATE_LABELS, Letter
from ..letters.services import writing_blocked
from ..network import student_news
from ..network.alerts import feed
from ..printing.batches import queue as print_queue
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
    return {"classes": classes, "waiting": waiting, "waiting_total": sum(waiting.values()),
            "news": class_news(teacher), "feed": feed(teacher, limit=5),
            "queue_count": _queue_count(teacher), "drafts": _drafts(teacher)}


def class_news(teacher: User, limit: int = 6) -> list[tuple[CaseEvent, Case]]:
    """The latest updates and victories of the cases the teacher's classes were given."""
    taught_cases = (select(Assignment.case_id).join(ClassTeacher, ClassTeacher.class_id == Assignment.class_id)
                    .where(ClassTeacher.teacher_id == teacher.id))
    rows = db.session.execute(
        select(CaseEvent, Case).join(Case, Case.id == CaseEvent.case_id)
        .where(CaseEvent.case_id.in_(taught_cases))
        .order_by(CaseEvent.date.desc(), CaseEvent.id.desc()).limit(limit)).all()
    return [(event, case) for event, case in rows]


def _queue_count(teacher: User) -> int | None:
    """Letters waiting in the school's print queue, for print coordinators."""
    if not has_role(teacher, "coordinator") or teacher.school is None:
        return None
    return len(print_queue(teacher.school))


def _drafts(teacher: User) -> list[Case] | None:
    """Public cases not yet published, for curators."""
    if not has_role(teacher, "curator"):
        return None
    return list(db.session.scalars(select(Case).where(Case.owner_id.is_(None), Case.published.is_(False))
                                   .order_by(Case.updated_at.desc())))


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
            "attention": attention, "to_start": to_start, "cases": cases, "state_labels": STATE_LABELS,
            "news": student_news.for_student(student)}
