"""The ready demo: a school, its staff, a class with students (idempotent)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from .auth import services as accounts
from .auth.models import School, User
from .auth.passwords import hash_password
from .classes import services as classes
from .classes.models import ClassTeacher, Classroom, Enrolment
from .extensions import db

SCHOOL: dict[str, Any] = {
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
    from .network.mail import load_starter

    load_library()
    load_starter()
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
    db.session.flush()
    _demo_work(classroom, teacher)
    db.session.commit()
    return logins


DEMO_CASE = "UA 123.20"
DEMO_LETTERS = {
    "maya.k": ("I am writing to you about the Garifuna activists who were taken from their homes on 18 July 2020.\n\n"
               "My name is Maya. I am a student at Riverside Community School, and my class has been learning about "
               "the right to be safe and free.\n\nI am worried because their families still do not know where they are.\n\n"
               "I respectfully ask you to find out where they are, to make sure there is an independent investigation, "
               "and to bring the people responsible to justice.\n\nThank you for reading my letter.", "approved"),
    "omar.h": ("I am writing about Alberth Snider Centeno Tomas and the other activists who are missing.\n\n"
               "My name is Omar and I think everyone has the right to be safe. Please find them. "
               "You can call me on 07700 900123.", "submitted"),
    "lucia.f": ("Hello. The activists are missing and you must find them.", "changes_requested"),
    "tom.b": ("I am writing about the missing activists in Honduras.", "draft"),
}


def _demo_work(classroom: Classroom, teacher: User) -> None:
    """An assignment of a starter case with letters in several states (only made once)."""
    from .assignments.models import Assignment
    from .cases.models import Case
    from .letters import services as letters
    from .network.models import Subscription
    from .review import services as review

    if db.session.scalar(select(Assignment.id).where(Assignment.class_id == classroom.id)) is not None:
        return
    case = db.session.scalar(select(Case).where(Case.ua_number == DEMO_CASE, Case.owner_id.is_(None)))
    if case is None:
        return
    assignment = Assignment(class_id=classroom.id, case_id=case.id, letter_kinds=["appeal", "solidarity"],
                            target_ids=[t.id for t in case.letter_targets],
                            lesson_slugs=["writing-an-appeal", "case-discussion"],
                            instructions="Write to the Secretary of Security. Be polite, and ask for what the case asks.",
                            created_by_id=teacher.id)
    db.session.add(assignment)
    db.session.flush()
    for username, (body, state) in DEMO_LETTERS.items():
        student = db.session.execute(select(User).where(User.username == username)).scalar_one()
        letter = letters.start(assignment, student, "appeal", case.letter_targets[0].id, use_scaffold=False)
        letters.save(letter, body, letter.version)
        if state == "draft":
            continue
        letters.submit(letter, student)
        if state == "approved":
            review.decide(letter, teacher, "approve", dict.fromkeys(review.RUBRIC, True))
        elif state == "changes_requested":
            review.add_comment(letter, teacher, "Say who you are and why you care, and use a polite greeting.",
                               "you must find them")
            review.decide(letter, teacher, "request_changes", {"factual": True})
    db.session.add(Subscription(teacher_id=teacher.id, themes=["Indigenous peoples' rights"], regions=["Americas"]))
