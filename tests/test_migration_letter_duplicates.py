"""Migration 0005 settles solidarity letters duplicated before the unique index existed
(security review, issue 11, finding 5)."""
from __future__ import annotations

from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from classroom.extensions import db
from classroom.letters import services as letters
from classroom.letters.models import Letter

from .factories import MINISTER, PROSECUTOR, assign, make_case

COPY = ("INSERT INTO letters (assignment_id, student_id, kind, target_id, body, version, state, safety_flags, "
        "created_at, updated_at) SELECT assignment_id, student_id, kind, target_id, body, version, state, "
        "safety_flags, created_at, updated_at FROM letters WHERE id = :id")


def test_untouched_duplicates_go_and_the_index_comes(app: Flask, make_class, make_student) -> None:
    classroom = make_class()
    student = make_student(classroom)
    assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    letter = letters.start(assignment, student, "solidarity", None, use_scaffold=False)
    db.session.commit()
    first_id, student_id = letter.id, student.id
    db.session.remove()
    downgrade(revision="0004_sign_in_sessions")
    with db.engine.begin() as connection:
        connection.execute(text(COPY), {"id": first_id})  # what two clicks made before
    upgrade()
    remaining = list(db.session.scalars(select(Letter.id).where(Letter.student_id == student_id)))
    assert remaining == [first_id]
    with db.engine.begin() as connection:
        try:
            connection.execute(text(COPY), {"id": first_id})
        except Exception as error:  # noqa: BLE001 - either backend's IntegrityError
            assert "unique" in str(error).lower() or "duplicate" in str(error).lower()
        else:
            raise AssertionError("the index let a duplicate in")
