"""Builders for the network tests (alerts, other channels, mail conditions, thanks).

Call them inside a test's app context (the ``app`` fixture provides one).
"""
from __future__ import annotations

from typing import Any

from classroom.assignments.models import Assignment
from classroom.auth.models import User
from classroom.cases import services as cases
from classroom.cases.models import Case
from classroom.classes.models import Classroom
from classroom.extensions import db
from classroom.letters import services as letters
from classroom.letters.models import Letter
from classroom.review import services as review

from .factories import case_data


def public_case(min_band: str | None = None, **overrides: Any) -> Case:
    """A published library case (a curator's import); ``min_band`` as a curator would set it."""
    case = cases.create_case(case_data(**overrides), created_by=None)
    if min_band:
        case.min_band = min_band
    db.session.commit()
    return case


def assign(classroom: Classroom, case: Case, kinds: tuple[str, ...] = ("appeal",),
           lessons: tuple[str, ...] = ()) -> Assignment:
    """Assign the case to the class, every official allowed."""
    assignment = Assignment(class_id=classroom.id, case_id=case.id, letter_kinds=list(kinds),
                            target_ids=[t.id for t in case.letter_targets] if "appeal" in kinds else [],
                            lesson_slugs=list(lessons))
    db.session.add(assignment)
    db.session.commit()
    return assignment


def written(assignment: Assignment, student: User, body: str, kind: str = "appeal", submit: bool = True) -> Letter:
    """A letter of ``kind`` with ``body`` (an appeal goes to the first official), submitted unless told."""
    target_id = assignment.allowed_targets[0].id if kind == "appeal" else None
    letter = letters.start(assignment, student, kind, target_id, use_scaffold=False)
    assert letters.save(letter, body, letter.version).saved
    if submit:
        letters.submit(letter, student)
    db.session.commit()
    return letter


def approved(assignment: Assignment, student: User, teacher: User, body: str, kind: str = "appeal") -> Letter:
    """A letter written, submitted and approved by the teacher."""
    letter = written(assignment, student, body, kind)
    review.decide(letter, teacher, "approve", {})
    db.session.commit()
    return letter
