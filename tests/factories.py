"""Test factories, the one place that builds data: cases, schools, classes, students, assignments, letters.

Plain functions (no fixtures): call them inside a test's app context (the ``app`` fixture gives
one). Each commits, as a request would. The fixtures in tests/conftest.py (``make_teacher``,
``make_class``, ``make_student``...) build people for tests that take them as arguments; the
functions here build a whole school (``make_world``) and the case, assignment and letters
around them.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from classroom.assignments.models import Assignment
from classroom.auth import services as accounts
from classroom.auth.models import School, User
from classroom.cases import services as cases
from classroom.cases.models import Case
from classroom.classes import services as classes
from classroom.classes.models import Classroom
from classroom.extensions import db
from classroom.letters import services as letters
from classroom.letters.models import Letter
from classroom.review import services as review

PASSWORD = "correct-horse-battery"  # every test account's password unless a test says otherwise
SCHOOL_ADDRESS = "14 Alder Lane\nRiverside RV4 7QP\nUnited Kingdom"

MINISTER = {
    "name": "Minister of the Interior", "title": "Ministry of the Interior", "salutation": "Dear Minister,",
    "address": ["Ministry of the Interior", "1 Government Street", "Capital City", "Examplestan"],
    "email": "minister@example.org", "language": "en", "verify": True,
}
PROSECUTOR = {"name": "Prosecutor General", "title": "Office of the Prosecutor General",
              "salutation": "Dear Prosecutor General,", "address": ["Office of the Prosecutor General",
                                                                     "5 Justice Square", "Capital City", "Examplestan"],
              "email": "", "language": "en", "verify": True}
FISCAL = {"name": "Fiscal General de la Nación", "title": "Fiscalía General", "salutation": "Estimado Fiscal General:",
          "address": ["Fiscalía General de la Nación", "Avenida Abancay 491", "Lima 15001", "Perú"],
          "email": "", "language": "es", "verify": True}


# --- cases ------------------------------------------------------------------------------------------


def case_data(**overrides: Any) -> dict[str, Any]:
    """A valid, normalised case dict (the shape of docs/case-format.md)."""
    data: dict[str, Any] = {
        "ua_number": "UA 1.26", "follows_up": None, "country": "Examplestan", "region": "Europe and Central Asia",
        "title": "Student journalist detained", "issue_date": date(2026, 10, 1), "deadline": date(2027, 3, 1),
        "status": "action", "people": [{"name": "Ana Example", "pronouns": "she/her"}],
        "summary": "Ana Example, a student journalist, was detained after writing about a protest.",
        "background": "", "asks": ["Release Ana Example immediately", "Let her see her family"],
        "model_letter": "", "targets": [dict(MINISTER)], "copies_to": [], "themes": ["freedom of expression"],
        "student_summaries": {"elementary": "Ana wrote about a protest. Now she is in prison. We ask for her to be free."},
        "timeline": [], "thanks": [],
    }
    data.update(overrides)
    return data


def _free_ua_number() -> str:
    """``UA 1.26``, or the first ``UA n.26`` no public case has yet (so a test can make several)."""
    taken = set(db.session.scalars(select(Case.ua_number).where(Case.owner_id.is_(None))))
    return next(f"UA {n}.26" for n in range(1, 10_000) if f"UA {n}.26" not in taken)


def make_case(*, people: Sequence[str | Mapping[str, str]] | None = None, min_band: str | None = None, **overrides: Any) -> Case:
    """A published library case (a curator's import) from ``case_data(**overrides)``.

    ``people`` are names (she/her) or whole entries (``{"name": …, "pronouns": "group"}``); ``min_band`` is set as a curator would; without a
    ``ua_number`` the case gets the first free ``UA n.26``.
    """
    overrides.setdefault("ua_number", _free_ua_number())
    if "targets" in overrides:
        overrides["targets"] = [dict(target) for target in overrides["targets"]]
    if people is not None:
        overrides["people"] = [{"name": name, "pronouns": "she/her"} if isinstance(name, str) else dict(name)
                               for name in people]
    case = cases.create_case(case_data(**overrides), created_by=None)
    if min_band:
        case.min_band = min_band
    db.session.commit()
    return case


# --- a school, its classes and students ---------------------------------------------------------------


@dataclass
class SchoolWorld:
    """A school with its people, for one test."""

    school: School
    teacher: User
    coordinator: User
    classes: dict[str, Classroom] = field(default_factory=dict)
    students: dict[str, User] = field(default_factory=dict)


def make_world(name: str = "Riverside School", page_size: str = "A4", locale: str = "en-GB",
               address: str = SCHOOL_ADDRESS) -> SchoolWorld:
    """A school, a teacher and a print coordinator (who teaches nothing)."""
    school = accounts.create_school(name, address, "United Kingdom", page_size=page_size, locale=locale)
    teacher = accounts.create_teacher("Teacher Tess", f"tess{school.id}@example.org", PASSWORD, school)
    coordinator = accounts.create_teacher("Coordinator Cora", f"cora{school.id}@example.org", PASSWORD, school,
                                          coordinator=True)
    db.session.commit()
    return SchoolWorld(school, teacher, coordinator)


def add_class(world: SchoolWorld, name: str = "7B", rule: str = "first_last_initial", band: str = "middle",
              teacher: User | None = None) -> Classroom:
    """A class of the world's school, taught by its teacher unless given."""
    classroom = classes.create_class(teacher or world.teacher, name, band, "2026–27", rule)
    world.classes[name] = classroom
    db.session.commit()
    return classroom


def add_student(world: SchoolWorld, classroom: Classroom, name: str) -> User:
    """A student in the class, username from the class's rule (password ``PASSWORD``)."""
    card = classes.add_student(classroom, name)
    student = accounts.find_account(card.username)
    assert student is not None
    accounts.set_password(student, PASSWORD)
    world.students[name] = student
    db.session.commit()
    return student


# --- assignments and letters ---------------------------------------------------------------------------


def assign(classroom: Classroom, case: Case, kinds: Sequence[str] = ("appeal", "solidarity"),
           targets: list[int] | None = None, lessons: Sequence[str] = (), by: User | None = None) -> Assignment:
    """Assign the case to the class (every official allowed unless ``targets`` lists their ids)."""
    target_ids = targets if targets is not None else [t.id for t in case.letter_targets]
    assignment = Assignment(class_id=classroom.id, case_id=case.id, letter_kinds=list(kinds),
                            target_ids=target_ids if "appeal" in kinds else [], lesson_slugs=list(lessons),
                            created_by_id=by.id if by else None)
    db.session.add(assignment)
    db.session.commit()
    return assignment


def write(assignment: Assignment, student: User, body: str | None = None, kind: str = "appeal",
          target_id: int | None = None, *, target: int = 0) -> Letter:
    """A draft: start a letter and save ``body`` (the helper sentences when no body is given).

    An appeal goes to the official ``target_id``, or else to the ``target``-th allowed one.
    """
    if kind == "appeal" and target_id is None:
        target_id = assignment.allowed_targets[target].id
    letter = letters.start(assignment, student, kind, target_id, use_scaffold=body is None)
    if body is not None:
        result = letters.save(letter, body, letter.version)
        assert result.saved
    db.session.commit()
    return letter


def written(assignment: Assignment, student: User, body: str, kind: str = "appeal", target: int = 0,
            submit: bool = True) -> Letter:
    """A letter with ``body`` to the ``target``-th allowed official (or of another kind), submitted unless told."""
    letter = write(assignment, student, body, kind, target=target)
    if submit:
        letters.submit(letter, student)
        db.session.commit()
    return letter


def approve(letter: Letter, teacher: User) -> Letter:
    """The teacher approves the letter (which renders its PDF)."""
    review.decide(letter, teacher, "approve", {})
    db.session.commit()
    return letter


def approved(assignment: Assignment, student: User, body: str, teacher: User, kind: str = "appeal",
             target: int = 0) -> Letter:
    """Write, submit and approve a letter."""
    return approve(written(assignment, student, body, kind, target), teacher)


def fresh(letter_id: int) -> Letter:
    """The letter as the database has it now."""
    letter = db.session.get(Letter, letter_id, populate_existing=True)
    assert letter is not None
    return letter
