"""Builders for letter and review tests: a case, an assignment, letters, and a SQL statement counter.

Call them inside a test's app context (the ``app`` fixture provides one).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from classroom.assignments.models import Assignment
from classroom.auth.models import User
from classroom.cases import services as cases
from classroom.cases.models import Case
from classroom.classes.models import Classroom
from classroom.extensions import db
from classroom.letters import services as letters
from classroom.letters.models import Letter

from .factories import TARGET, case_data

SECOND_TARGET = {**TARGET, "name": "Prosecutor General", "title": "Office of the Prosecutor General",
                 "salutation": "Dear Prosecutor General,", "email": "prosecutor@example.org"}


def make_case(**overrides: Any) -> Case:
    """A public case with two officials to write to (Minister first, Prosecutor second)."""
    overrides.setdefault("targets", [dict(TARGET), dict(SECOND_TARGET)])
    case = cases.create_case(case_data(**overrides), created_by=None)
    db.session.commit()
    return case


def assign(classroom: Classroom, case: Case, kinds: tuple[str, ...] = ("appeal", "solidarity"),
           targets: list[int] | None = None) -> Assignment:
    """Assign the case to the class (every official allowed unless ``targets`` says otherwise)."""
    target_ids = targets if targets is not None else [t.id for t in case.letter_targets]
    assignment = Assignment(class_id=classroom.id, case_id=case.id, letter_kinds=list(kinds),
                            target_ids=target_ids if "appeal" in kinds else [], lesson_slugs=[])
    db.session.add(assignment)
    db.session.commit()
    return assignment


def write(assignment: Assignment, student: User, body: str | None = None, kind: str = "appeal",
          target_id: int | None = None) -> Letter:
    """Start a letter (to the first allowed official for an appeal) and, when given, save ``body``."""
    if kind == "appeal" and target_id is None:
        target_id = assignment.allowed_targets[0].id
    letter = letters.start(assignment, student, kind, target_id, use_scaffold=body is None)
    if body is not None:
        result = letters.save(letter, body, letter.version)
        assert result.saved
    db.session.commit()
    return letter


@contextmanager
def count_statements() -> Iterator[list[str]]:
    """Collect every SQL statement the app's engine runs inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
