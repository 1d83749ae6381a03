"""Class and roster rules."""
from __future__ import annotations

from dataclasses import dataclass

from ..auth import services as accounts
from ..auth.models import User
from ..auth.passwords import generate_password
from ..extensions import db
from .models import ClassTeacher, Classroom, Enrolment


@dataclass(frozen=True)
class LoginCard:
    """What a student needs to sign in; the password is shown once and never stored in clear."""

    class_name: str
    name: str
    username: str
    password: str


def create_class(teacher: User, name: str, band: str, school_year: str, signature_rule: str) -> Classroom:
    """A new class in the teacher's school, with the teacher as its owner."""
    classroom = Classroom(school_id=teacher.school_id, name=name.strip(), band=band,
                          school_year=school_year.strip(), signature_rule=signature_rule)
    classroom.teacher_links.append(ClassTeacher(teacher_id=teacher.id, is_owner=True))
    db.session.add(classroom)
    db.session.flush()
    return classroom


def add_student(classroom: Classroom, name: str, username: str | None = None) -> LoginCard:
    """Create a student account in the class with a generated password."""
    username = accounts.normalise_username(username) if username else accounts.suggest_username(name)
    password = generate_password()
    student = accounts.create_student(name, username, password, classroom.school)
    db.session.add(Enrolment(class_id=classroom.id, student_id=student.id, status="active"))
    db.session.flush()
    return LoginCard(classroom.name, student.name, username, password)


def reset_password(classroom: Classroom, student: User) -> LoginCard:
    """Give a student a new generated password (their old sessions end)."""
    password = generate_password()
    accounts.set_password(student, password)
    return LoginCard(classroom.name, student.name, student.username or "", password)


def signature(name: str, rule: str) -> str:
    """How a student signs, by the class rule: Maya / Maya K. / Maya Kowalski / M. K."""
    parts = name.split()
    if not parts:
        return ""
    if rule == "first":
        return parts[0]
    if rule == "first_last_initial":
        return parts[0] if len(parts) == 1 else f"{parts[0]} {parts[-1][0]}."
    if rule == "initials":
        return " ".join(f"{p[0]}." for p in parts)
    return " ".join(parts)
