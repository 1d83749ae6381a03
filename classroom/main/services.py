"""What each home page shows."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..classes.models import ClassTeacher, Classroom, Enrolment
from ..extensions import db


def teacher_home(teacher: User) -> dict[str, Any]:
    """A teacher's classes (active first)."""
    classes = db.session.scalars(
        select(Classroom)
        .join(ClassTeacher, ClassTeacher.class_id == Classroom.id)
        .where(ClassTeacher.teacher_id == teacher.id)
        .options(selectinload(Classroom.enrolments))
        .order_by(Classroom.archived_at.is_not(None), Classroom.name)
    ).all()
    return {"classes": classes}


def student_home(student: User) -> dict[str, Any]:
    """A student's classes."""
    enrolments = db.session.scalars(
        select(Enrolment)
        .where(Enrolment.student_id == student.id)
        .options(selectinload(Enrolment.classroom))
    ).all()
    return {"enrolments": enrolments}
