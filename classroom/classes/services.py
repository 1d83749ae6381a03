"""Class and roster rules."""
from __future__ import annotations

from babel.lists import format_list
from flask_babel import gettext as _, lazy_gettext as _l

from ..i18n import page_locale

from dataclasses import dataclass

from sqlalchemy import select

from ..auth import cards, names, services as accounts
from ..auth.models import User
from ..auth.passwords import generate_password, hash_passwords
from ..clock import utcnow
from ..extensions import db
from .models import ClassTeacher, Classroom, Enrolment


@dataclass(frozen=True)
class LoginCard:
    """What a student needs to sign in; the password is shown once and never stored in clear."""

    class_name: str
    name: str
    username: str
    password: str
    card_token: str = ""  # the QR code's secret (auth.cards); shown once, like the password


def taught_bands(teacher: User) -> set[str]:
    """The bands of the classes a teacher teaches now (archived classes left out)."""
    return set(db.session.scalars(
        select(Classroom.band).join(ClassTeacher, ClassTeacher.class_id == Classroom.id)
        .where(ClassTeacher.teacher_id == teacher.id, Classroom.archived_at.is_(None))))


def create_class(teacher: User, name: str, band: str, school_year: str, signature_rule: str) -> Classroom:
    """A new class in the teacher's school, with the teacher as its owner."""
    classroom = Classroom(school_id=teacher.school_id, name=name.strip(), band=band,
                          school_year=school_year.strip(), signature_rule=signature_rule,
                          join_code=new_join_code())
    classroom.teacher_links.append(ClassTeacher(teacher_id=teacher.id, is_owner=True))
    db.session.add(classroom)
    db.session.flush()
    return classroom


def add_student(classroom: Classroom, name: str, username: str | None = None,
                password: str | None = None, *, family: str | None = None,
                family_first: bool = False, password_hash: str | None = None) -> LoginCard:
    """Create a student account in the class with the given (checked) or a generated password.

    ``name`` is the given name when ``family`` is given, else a full name in the written order.
    """
    given, family = (name, family) if family is not None else names.split(name, family_first)
    # A taken username becomes a free variant without saying so: it may be another school's child.
    username = (accounts.free_username(username) if username
                else accounts.free_username(accounts.username_base(
                    given, family, shows_family_initial(classroom.signature_rule))))
    password = password or generate_password()
    student = accounts.create_student(given, username, password, classroom.school,
                                      family=family, family_first=family_first, password_hash=password_hash)
    db.session.add(Enrolment(class_id=classroom.id, student_id=student.id, status="active"))
    token = cards.new_card(student)
    db.session.flush()
    return LoginCard(classroom.name, student.name, username, password, token)


def reset_password(classroom: Classroom, student: User) -> LoginCard:
    """Give a student a new generated password (their old sessions end)."""
    return reset_passwords(classroom, [student])[0]


def reset_passwords(classroom: Classroom, students: list[User]) -> list[LoginCard]:
    """New generated passwords and card QR codes for several students, hashed side by side
    (their old sessions end and their old cards stop working)."""
    passwords = [generate_password() for _ in students]
    for student, password, hashed in zip(students, passwords, hash_passwords(passwords), strict=True):
        accounts.set_password(student, password, hashed)
    return [LoginCard(classroom.name, student.name, student.username or "", password, cards.new_card(student))
            for student, password in zip(students, passwords, strict=True)]


def shows_family_initial(rule: str) -> bool:
    """Whether a signature rule shows (at least) the family name's initial: usernames may show no more."""
    return rule != "first"


def signature(given: str, family: str, rule: str, family_first: bool = False) -> str:
    """How a student signs, by the class rule: Maya / Maya K. / Maya Kowalski / M. K.

    The parts, not the written order, decide: 王 小明 (family name first) signs 小明 王. under
    "first name + family initial", never 王 小.; the full rule keeps the written order.
    """
    given, family = given.strip(), family.strip()
    if not given:
        given, family = family, ""
    if not given:
        return ""
    if rule == "first":
        return given
    if rule == "first_last_initial":
        return f"{given} {names.initial(family)}." if names.initial(family) else given
    if rule == "initials":
        parts = [family, given] if family_first else [given, family]
        return " ".join(f"{names.initial(word)}." for part in parts for word in part.split() if names.initial(word))
    return names.written(given, family, family_first)


def signature_of(student: User, rule: str) -> str:
    """A student's signature by the class rule (see ``signature``)."""
    given, family = student.given_name, student.family_name
    if not given and not family:  # an account from before names were kept apart
        given, family = names.split(student.name)
    return signature(given, family, rule, student.family_first)


def band_change_problem(classroom: Classroom, band: str) -> str | None:
    """Why the class can't move to ``band``: a case assigned to it would then be above the class's band.

    Without this, assigning to an older band and then lowering it would sidestep the age gate.
    Assignments made under the school's override policy keep their recorded reason.
    """
    from ..assignments.services import for_class
    from ..cases.age_gate import age_gate

    blocked = [a.case.title for a in for_class(classroom) if not a.override_reason and not age_gate(a.case, band).allowed]
    if not blocked:
        return None
    return _("These assigned cases are rated above that band: %(cases)s. "
             "Keep the band, or make a new class for the younger students.",
             cases=format_list(sorted(set(blocked)), locale=page_locale()))


# --- join codes ---------------------------------------------------------------------

def new_join_code() -> str:
    """A unique six-character class code, easy to read off a projector."""
    while True:
        code = accounts.random_code(6)
        if db.session.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
            return code


def rotate_join_code(classroom: Classroom) -> str:
    """Give the class a new code (the old one stops working)."""
    classroom.join_code = new_join_code()
    return classroom.join_code


def class_by_code(code: str) -> Classroom | None:
    """The open, active class with this code (spaces, dashes and case ignored)."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if not cleaned:
        return None
    classroom = db.session.scalar(select(Classroom).where(Classroom.join_code == cleaned))
    return classroom if classroom and not classroom.is_archived else None


def format_code(code: str | None) -> str:
    """``K7MQ9P`` shown as ``K7M Q9P``."""
    return f"{code[:3]} {code[3:]}" if code else ""


def join_with_code(classroom: Classroom, given: str, username: str, password: str, family: str = "",
                   family_first: bool = False) -> tuple[User, Enrolment]:
    """A student creates their account by class code (waiting for approval if the class asks for it)."""
    student = accounts.create_student(given, username, password, classroom.school, family=family,
                                      family_first=family_first)
    enrolment = enrol(classroom, student)
    return student, enrolment


def enrol(classroom: Classroom, student: User) -> Enrolment:
    """Put an existing student into a class (pending when the class approves joins)."""
    enrolment = db.session.get(Enrolment, (classroom.id, student.id))
    if enrolment is None:
        status = "pending" if classroom.join_requires_approval else "active"
        enrolment = Enrolment(class_id=classroom.id, student_id=student.id, status=status)
        db.session.add(enrolment)
        db.session.flush()
    return enrolment


def add_students(classroom: Classroom, rows: list[tuple[str, str, str, str, bool]]) -> list[LoginCard]:
    """Create several students at once: (given, family, username, password, family first), already checked.

    The passwords are hashed side by side first (``hash_passwords``): that is most of the time it takes.
    """
    passwords = [password or generate_password() for _, _, _, password, _ in rows]
    return [add_student(classroom, given, username, password, family=family, family_first=family_first,
                        password_hash=hashed)
            for (given, family, username, _, family_first), password, hashed
            in zip(rows, passwords, hash_passwords(passwords), strict=True)]


# --- teachers -----------------------------------------------------------------------

NO_COLLEAGUE = _l("No teacher of your school has this email. Check it with your colleague.")


def add_co_teacher(classroom: Classroom, email: str) -> tuple[User | None, str | None]:
    """Add a teacher of the same school as co-teacher; or say why not.

    No account and another school's teacher get the same answer: the form must not tell
    who has an account elsewhere.
    """
    colleague = accounts.find_account(email)
    if (colleague is None or not colleague.is_teacher or "@" not in email
            or colleague.school_id != classroom.school_id):
        return None, str(NO_COLLEAGUE)
    if db.session.get(ClassTeacher, (classroom.id, colleague.id)) is not None:
        return None, _("%(name)s already teaches this class.", name=colleague.name)
    db.session.add(ClassTeacher(class_id=classroom.id, teacher_id=colleague.id, is_owner=False))
    db.session.flush()
    return colleague, None


# --- archive ------------------------------------------------------------------------

def archive(classroom: Classroom) -> None:
    """Archive: the class becomes read-only, its code stops working, deletion is scheduled."""
    classroom.archived_at = utcnow()
    classroom.join_code = None


def restore(classroom: Classroom) -> None:
    """Bring an archived class back (only while its students' data still exists)."""
    classroom.archived_at = None
