"""Two "Start" clicks at the same moment make one letter, and both students land on it
(security review, issue 11, finding 5). Real threads against the app, on SQLite and PostgreSQL."""
from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from classroom.auth.models import User
from classroom.extensions import db
from classroom.letters import starting
from classroom.letters.models import Letter

from .factories import MINISTER, PROSECUTOR, assign, make_case


@pytest.fixture
def racing(monkeypatch: pytest.MonkeyPatch) -> threading.Barrier:
    """Both requests look for the letter, find none, and only then go on: the race, every time."""
    barrier = threading.Barrier(2, timeout=20)
    real = starting.find_letter
    seen = threading.local()

    def find_after_both_looked(*args, **kwargs):  # type: ignore[no-untyped-def]
        if getattr(seen, "looked", False):
            return real(*args, **kwargs)
        seen.looked = True
        found = real(*args, **kwargs)
        barrier.wait()
        return found

    monkeypatch.setattr(starting, "find_letter", find_after_both_looked)
    return barrier


def _both_start(app: Flask, student: User, data: dict[str, str], login: Callable[..., None]) -> list:  # type: ignore[type-arg]
    clients: list[FlaskClient] = []
    for _ in range(2):
        each = app.test_client()
        login(student, who=each)
        clients.append(each)
    responses: list = [None, None]  # type: ignore[type-arg]

    def click(n: int) -> None:
        responses[n] = clients[n].post("/letters/new", data=data)

    threads = [threading.Thread(target=click, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


@pytest.mark.parametrize("kind", ["solidarity", "appeal"])
def test_two_start_clicks_at_once_make_one_letter(app: Flask, make_class, make_student, login, racing,
                                                  kind: str) -> None:  # type: ignore[no-untyped-def]
    classroom = make_class()
    student = make_student(classroom)
    assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    choice = f"appeal:{assignment.allowed_targets[0].id}" if kind == "appeal" else "solidarity"
    responses = _both_start(app, student, {"assignment_id": str(assignment.id), "choice": choice}, login)
    assert [r.status_code for r in responses] == [302, 302], [r.get_data(as_text=True)[:300] for r in responses]
    mine = list(db.session.scalars(select(Letter).where(Letter.student_id == student.id, Letter.kind == kind)))
    assert len(mine) == 1
    assert {r.headers["Location"] for r in responses} == {f"/letters/{mine[0].id}"}


def test_the_database_refuses_a_second_solidarity_letter(app: Flask, make_class, make_student) -> None:  # type: ignore[no-untyped-def]
    """The rule holds in the database itself, whatever the code does."""
    classroom = make_class()
    student = make_student(classroom)
    assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    for _ in range(2):
        db.session.add(Letter(assignment_id=assignment.id, student_id=student.id, kind="solidarity", body="", version=1))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_appeals_whose_officials_were_removed_may_share_no_target(app: Flask, make_class, make_student) -> None:  # type: ignore[no-untyped-def]
    """Removing an official sets its appeals' target to nothing: two such appeals of one student stay."""
    classroom = make_class()
    student = make_student(classroom)
    assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    for _ in range(2):
        db.session.add(Letter(assignment_id=assignment.id, student_id=student.id, kind="appeal", body="", version=1))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Letter).where(Letter.student_id == student.id)) == 2
