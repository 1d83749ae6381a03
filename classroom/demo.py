"""The ready demo: a school, its staff, a class with students (idempotent)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from .auth import services as accounts
from .auth.models import School, User
from .auth.passwords import hash_password
from .classes import services as classes
from .classes.models import ClassTeacher, Classroom, Enrolment
from .extensions import db

SCHOOL = {
    "name": "Riverside Community School",
    "address": "12 Orchard Lane\nRiverside RV1 2AB",
    "country": "United Kingdom",
}
STAFF = [
    # (name, email, password, coordinator, curator)
    ("Ms Ana Rivera", "teacher@demo.example", "demo-teacher-2026", False, False),
    ("Mr Sam Okafor", "coordinator@demo.example", "demo-coordinator-2026", True, False),
    ("Dr Lin Chen", "curator@demo.example", "demo-curator-2026", False, True),
]
CLASS = {"name": "7B Humanities", "band": "middle", "school_year": "2026–27", "signature_rule": "first_last_initial"}
STUDENTS = [
    ("Maya Kowalski", "maya.k", "brave-otter-42"),
    ("Omar Haddad", "omar.h", "sunny-maple-17"),
    ("Lucía Fernández", "lucia.f", "quick-heron-58"),
    ("Tom Becker", "tom.b", "calm-rocket-33"),
]


@dataclass(frozen=True)
class Login:
    """One demo login to print."""

    role: str
    login: str
    password: str


def _upsert_staff(school: School, name: str, email: str, password: str, coordinator: bool, curator: bool) -> User:
    """Create the staff account, or reset it to its demo state."""
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = accounts.create_teacher(name, email, password, school, coordinator, curator)
    else:
        user.password_hash = hash_password(password)
        user.is_print_coordinator, user.is_curator = coordinator, curator
    return user


def load_demo() -> list[Login]:
    """Make (or refresh) the demo data and return the logins."""
    from .cases.starter import load_library

    load_library()
    school = db.session.scalar(select(School).where(School.name == SCHOOL["name"]))
    if school is None:
        school = accounts.create_school(**SCHOOL)
    logins = []
    staff = []
    for name, email, password, coordinator, curator in STAFF:
        staff.append(_upsert_staff(school, name, email, password, coordinator, curator))
        role = "curator" if curator else "print coordinator" if coordinator else "teacher"
        logins.append(Login(role, email, password))
    teacher = staff[0]
    classroom = db.session.scalar(
        select(Classroom).join(ClassTeacher).where(ClassTeacher.teacher_id == teacher.id, Classroom.name == CLASS["name"]))
    if classroom is None:
        classroom = classes.create_class(teacher, **CLASS)
    for name, username, password in STUDENTS:
        student = db.session.scalar(select(User).where(User.username == username))
        if student is None:
            student = accounts.create_student(name, username, password, school)
        else:
            student.password_hash = hash_password(password)
        if db.session.get(Enrolment, (classroom.id, student.id)) is None:
            db.session.add(Enrolment(class_id=classroom.id, student_id=student.id))
        logins.append(Login("student", username, password))
    db.session.commit()
    return logins
