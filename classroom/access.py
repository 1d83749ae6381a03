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
from typing import Any, TypeVar, cast

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from .assignments.models import Assignment
from .auth.models import School, User
from .cases.models import Case
from .classes.models import ClassTeacher, Classroom, Enrolment
from .extensions import db, login_manager
from .inputs import id_or_none
from .letters.models import Letter
from .printing.models import PrintBatch

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M")


def _get(model: type[M], row_id: Any) -> M | None:
    """The row with this id; None for anything that can't be an id (huge, negative, not a number)."""
    checked = id_or_none(row_id)
    return db.session.get(model, checked) if checked is not None else None


def has_role(user: Any, role: str) -> bool:
    """True when a signed-in user has the role or capability."""
    if not getattr(user, "is_authenticated", False):
        return False
    signed_in: User = user  # anyone signed in is a User (the others are Flask-Login's anonymous user)
    if role == "teacher":
        return signed_in.role == "teacher"
    if role == "student":
        return signed_in.role == "student"
    if role == "curator":
        return signed_in.role == "teacher" and signed_in.is_curator
    if role == "coordinator":
        return signed_in.role == "teacher" and signed_in.is_print_coordinator and signed_in.school_id is not None
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

        return cast(F, wrapped)  # wraps() keeps the view's signature

    return decorator


def ensure(allowed: bool) -> None:
    """Stop with 404 unless allowed: a person never learns what they may not see."""
    if not allowed:
        abort(404)


def found_or_404(row: M | None, allowed: Callable[[M], bool] = lambda _row: True) -> M:
    """The row, when it exists and ``allowed`` says yes for it; otherwise stop as ``ensure`` does."""
    if row is None or not allowed(row):
        abort(404)
    return row


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
    return is_active_membership(_enrolment_status(user, classroom.id))


def is_active_membership(status: str | None) -> bool:
    """An enrolment counts while it is active (not while waiting for approval, not after leaving)."""
    return status == "active"


def _enrolment_status(user: User, class_id: int) -> str | None:
    """The status of a student's enrolment in the class; None for anyone not enrolled there."""
    if not has_role(user, "student"):
        return None
    enrolment = db.session.get(Enrolment, (class_id, user.id))
    return enrolment.status if enrolment else None


def taught_class_or_404(class_id: int) -> Classroom:
    """Load a class the current teacher teaches."""
    return found_or_404(_get(Classroom, class_id), lambda classroom: teaches(current_user, classroom))


def can_manage_student(user: User, student: User) -> bool:
    """A teacher manages (resets, prints cards for, deletes) a student account only when both hold:

    - the student belongs to the teacher's own school: no power ever reaches another school's child;
    - the student is an *active* member of a class the teacher teaches: waiting to join grants nothing.
    """
    if not has_role(user, "teacher") or student.role != "student":
        return False
    if user.school_id is None or student.school_id != user.school_id:
        return False
    query = (
        select(ClassTeacher.class_id)
        .join(Enrolment, Enrolment.class_id == ClassTeacher.class_id)
        .where(ClassTeacher.teacher_id == user.id, Enrolment.student_id == student.id,
               Enrolment.status == "active")
        .limit(1)
    )
    return db.session.scalar(query) is not None


def can_decide_join(user: User, enrolment: Enrolment) -> bool:
    """The class's teachers let in or decline a student waiting to join (nothing more of the account)."""
    return enrolment.status == "pending" and teaches(user, enrolment.classroom)


def may_delete_with_last_class(classroom: Classroom, student: User) -> bool:
    """Leaving their last class deletes a student's account only when it belongs to the class's school.

    A child of another school who joined (or asked to join) this class keeps their account.
    """
    return student.role == "student" and student.school_id == classroom.school_id


# --- the case library ----------------------------------------------------------

def can_browse_library(user: User) -> bool:
    """Teachers (and curators, who are teachers) browse the library."""
    return has_role(user, "teacher")


def can_curate(user: User) -> bool:
    """Curators import, rate, update and publish public cases."""
    return has_role(user, "curator")


def can_view_case(user: User, case: Case) -> bool:
    """Public published cases are for all staff; a private import only for its owner."""
    if not has_role(user, "teacher"):
        return False
    if case.owner_id is not None:
        return case.owner_id == user.id
    return case.published or can_curate(user)


def can_edit_case(user: User, case: Case) -> bool:
    """Curators edit public cases; a teacher edits (and deletes) their own private import."""
    if case.owner_id is not None:
        return has_role(user, "teacher") and case.owner_id == user.id
    return can_curate(user)


def viewable_case_or_404(case_id: int) -> Case:
    """Load a case the current user may see."""
    return found_or_404(_get(Case, case_id), lambda case: can_view_case(current_user, case))


def curated_case_or_404(case_id: int) -> Case:
    """Load a public case for a curator to change (403 for non-curators is handled by the route)."""
    return found_or_404(_get(Case, case_id), lambda case: case.owner_id is None and can_curate(current_user))


# --- assignments ------------------------------------------------------------------

def can_view_assignment(user: User, assignment: Assignment) -> bool:
    """The class's teachers and its active students see an assignment."""
    return teaches(user, assignment.classroom) or is_enrolled(user, assignment.classroom)


def visible_assignment_or_404(assignment_id: int) -> Assignment:
    """Load an assignment the current user may see."""
    return found_or_404(_get(Assignment, assignment_id),
                        lambda assignment: can_view_assignment(current_user, assignment))


def taught_assignment_or_404(assignment_id: int) -> Assignment:
    """Load an assignment of a class the current teacher teaches."""
    return found_or_404(_get(Assignment, assignment_id), lambda assignment: teaches(current_user, assignment.classroom))


# --- letters ---------------------------------------------------------------------------

def is_author(user: User, letter: Letter) -> bool:
    """Only the student who writes a letter edits it, and only while in the class."""
    status = _enrolment_status(user, letter.assignment.class_id)
    return status is not None and writes_letter(user.role, user.id, letter.student_id, status)


def writes_letter(role: str, user_id: int, author_id: int, enrolment_status: str | None) -> bool:
    """The author rule on plain values: a student, the letter's own writer, active in its class.

    ``is_author`` applies it to loaded objects; the quick autosave
    (``letters.services.quick_autosave``) to the columns of one row.
    """
    return role == "student" and author_id == user_id and is_active_membership(enrolment_status)


def can_review(user: User, letter: Letter) -> bool:
    """The teachers of the letter's class review it."""
    return teaches(user, letter.assignment.classroom)


def can_read_letter(user: User, letter: Letter) -> bool:
    """Its author and its class's teachers read a letter; no other student, ever."""
    return is_author(user, letter) or can_review(user, letter)


def authored_letter_or_404(letter_id: int) -> Letter:
    """Load the current student's own letter."""
    return found_or_404(_get(Letter, letter_id), lambda letter: is_author(current_user, letter))


def reviewable_letter_or_404(letter_id: int) -> Letter:
    """Load a letter of a class the current teacher teaches."""
    return found_or_404(_get(Letter, letter_id), lambda letter: can_review(current_user, letter))


def readable_letter_or_404(letter_id: int) -> Letter:
    """Load a letter the current user may read (author or teacher)."""
    return found_or_404(_get(Letter, letter_id), lambda letter: can_read_letter(current_user, letter))


# --- printing ---------------------------------------------------------------------------

def coordinated_batch_or_404(batch_id: int) -> PrintBatch:
    """Load a print batch of the current coordinator's school."""
    return found_or_404(_get(PrintBatch, batch_id), lambda batch: has_role(current_user, "coordinator")
                        and batch.school_id == current_user.school_id)
