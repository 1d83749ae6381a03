"""Who may do what: every access rule of the product, one function each.

Routes call these and nothing else decides access. ``tests/access`` walks every
route and checks it against the table of who may use it.

Roles and capabilities:
- ``teacher``: a teacher account; ``coordinator`` and ``curator`` are capabilities
  a teacher account may hold on top.
- ``student``: a student account.
Objects a person may not see answer 404, so ids reveal nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from .auth.models import School, User
from .classes.models import ClassTeacher, Classroom, Enrolment
from .extensions import db, login_manager

F = TypeVar("F", bound=Callable[..., Any])


def has_role(user: Any, role: str) -> bool:
    """True when a signed-in user has the role or capability."""
    if not getattr(user, "is_authenticated", False):
        return False
    if role == "teacher":
        return user.role == "teacher"
    if role == "student":
        return user.role == "student"
    if role == "curator":
        return user.role == "teacher" and user.is_curator
    if role == "coordinator":
        return user.role == "teacher" and user.is_print_coordinator and user.school_id is not None
    raise ValueError(f"unknown role {role!r}")


def role_required(*roles: str) -> Callable[[F], F]:
    """Only signed-in users holding one of ``roles`` reach the view (others: sign-in or 403)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not any(has_role(current_user, role) for role in roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def ensure(allowed: bool) -> None:
    """Stop with 404 unless allowed: a person never learns what they may not see."""
    if not allowed:
        abort(404)


# --- schools -----------------------------------------------------------------

def can_manage_school(user: User, school: School) -> bool:
    """Teachers of a school manage its details and see its code."""
    return has_role(user, "teacher") and user.school_id == school.id


def can_coordinate_school(user: User, school: School) -> bool:
    """Print coordinators see their own school's print queue."""
    return has_role(user, "coordinator") and user.school_id == school.id


# --- classes -----------------------------------------------------------------

def teaches(user: User, classroom: Classroom) -> bool:
    """The class's teachers (creator and co-teachers) have all rights on it."""
    if not has_role(user, "teacher"):
        return False
    return db.session.get(ClassTeacher, (classroom.id, user.id)) is not None


def is_enrolled(user: User, classroom: Classroom) -> bool:
    """Students see the classes they are active members of."""
    if not has_role(user, "student"):
        return False
    enrolment = db.session.get(Enrolment, (classroom.id, user.id))
    return enrolment is not None and enrolment.status == "active"


def taught_class_or_404(class_id: int) -> Classroom:
    """Load a class the current teacher teaches."""
    classroom = db.session.get(Classroom, class_id)
    ensure(classroom is not None and teaches(current_user, classroom))
    return classroom  # type: ignore[return-value]


def can_manage_student(user: User, student: User) -> bool:
    """A teacher manages the students enrolled (or waiting) in a class they teach."""
    if not has_role(user, "teacher") or student.role != "student":
        return False
    query = (
        select(ClassTeacher.class_id)
        .join(Enrolment, Enrolment.class_id == ClassTeacher.class_id)
        .where(ClassTeacher.teacher_id == user.id, Enrolment.student_id == student.id)
        .limit(1)
    )
    return db.session.scalar(query) is not None
