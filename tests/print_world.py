"""Builders for printing tests: a school with classes, cases with officials in several
languages, approved letters, and helpers that read generated PDFs back with pypdf.

Call the builders inside a test's app context (the ``app`` fixture provides one).
"""
from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader

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

from .factories import case_data

PASSWORD = "correct-horse-battery"
SCHOOL_ADDRESS = "14 Alder Lane\nRiverside RV4 7QP\nUnited Kingdom"

MINISTER = {"name": "Minister of the Interior", "title": "Ministry of the Interior", "salutation": "Dear Minister,",
            "address": ["Ministry of the Interior", "1 Government Street", "Capital City", "Examplestan"],
            "email": "minister@example.org", "language": "en", "verify": True}
PROSECUTOR = {"name": "Prosecutor General", "title": "Office of the Prosecutor General",
              "salutation": "Dear Prosecutor General,", "address": ["Office of the Prosecutor General",
                                                                     "5 Justice Square", "Capital City", "Examplestan"],
              "email": "", "language": "en", "verify": True}
FISCAL = {"name": "Fiscal General de la Nación", "title": "Fiscalía General", "salutation": "Estimado Fiscal General:",
          "address": ["Fiscalía General de la Nación", "Avenida Abancay 491", "Lima 15001", "Perú"],
          "email": "", "language": "es", "verify": True}


def pdf_reader(pdf: bytes) -> PdfReader:
    """A pypdf reader over PDF bytes."""
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page, as pypdf extracts it."""
    return [page.extract_text() for page in pdf_reader(pdf).pages]


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF, page after page."""
    return "\n".join(page_texts(pdf))


def squash(text: str) -> str:
    """Text without whitespace or hyphens, so line breaks and hyphenation don't matter."""
    return re.sub(r"[\s\-\u00ad\u2010]", "", text)


def in_order(text: str, parts: Sequence[str]) -> bool:
    """Whether every part appears in ``text``, each after the one before (whitespace ignored)."""
    haystack, at = squash(text), 0
    for part in parts:
        found = haystack.find(squash(part), at)
        if found < 0:
            return False
        at = found + len(squash(part))
    return True


def catalog_lang(pdf: bytes) -> str | None:
    """The /Lang entry of the PDF catalog."""
    value = pdf_reader(pdf).trailer["/Root"].get("/Lang")
    return None if value is None else str(value)


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
    """A student in the class (password ``PASSWORD``)."""
    card = classes.add_student(classroom, name)
    student = accounts.find_account(card.username)
    assert student is not None
    accounts.set_password(student, PASSWORD)
    world.students[name] = student
    db.session.commit()
    return student


def make_case(ua: str = "UA 1.26", country: str = "Examplestan", targets: Sequence[dict[str, Any]] = (MINISTER,),
              people: Sequence[str] = ("Ana Example",), **overrides: Any) -> Case:
    """A public case with these officials."""
    data = case_data(ua_number=ua, country=country, targets=[dict(t) for t in targets],
                     people=[{"name": p, "pronouns": "she/her"} for p in people], **overrides)
    case = cases.create_case(data, created_by=None)
    db.session.commit()
    return case


def assign(classroom: Classroom, case: Case, kinds: Sequence[str] = ("appeal", "solidarity")) -> Assignment:
    """Assign the case to the class with every official allowed."""
    assignment = Assignment(class_id=classroom.id, case_id=case.id, letter_kinds=list(kinds),
                            target_ids=[t.id for t in case.letter_targets] if "appeal" in kinds else [],
                            lesson_slugs=[])
    db.session.add(assignment)
    db.session.commit()
    return assignment


def write(assignment: Assignment, student: User, body: str, kind: str = "appeal", target: int = 0,
          submit: bool = True) -> Letter:
    """A letter to the assignment's ``target``-th official (or a card), submitted unless told not to."""
    target_id = assignment.allowed_targets[target].id if kind == "appeal" else None
    letter = letters.start(assignment, student, kind, target_id, use_scaffold=False)
    result = letters.save(letter, body, letter.version)
    assert result.saved
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
    return approve(write(assignment, student, body, kind, target), teacher)


def fresh(letter_id: int) -> Letter:
    """The letter as the database has it now."""
    letter = db.session.get(Letter, letter_id, populate_existing=True)
    assert letter is not None
    return letter


class FakeRenderer:
    """Stands in for WeasyPrint where a test needs many approved letters but not their look.

    Returns one real letter PDF (rendered once per process) and counts the calls.
    """

    stock: bytes | None = None

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, doc: Any) -> bytes:
        from dataclasses import replace

        from classroom.printing.render import render_letter

        self.calls += 1
        if FakeRenderer.stock is None:
            FakeRenderer.stock = render_letter(replace(doc, body="Stock letter.", draft=False))
        return FakeRenderer.stock


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    """A page's text with tags removed and whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))
