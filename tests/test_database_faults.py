"""The database goes away and comes back: 503 (never 500) meanwhile, and the same app recovers by itself."""
from __future__ import annotations

import html
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from classroom.auth.models import User
from classroom.classes.models import Classroom
from classroom.database import engine_options

from .faults import database_away
from .factories import MINISTER, PROSECUTOR, assign, make_case, write

AWAY_TITLE = "We can't open or save letters just now"


@pytest.fixture
def world(app: Flask, make_class: Callable[..., Classroom], make_student: Callable[..., User]) -> SimpleNamespace:
    """Maya in class 7B with a letter under way."""
    classroom = make_class(name="7B")
    student = make_student(classroom, name="Maya Kowalski", username="maya.k")
    assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    letter = write(assignment, student, "Please release Ana Example.")
    return SimpleNamespace(student=student, letter_id=letter.id, version=letter.version)


def autosave(client, letter_id: int, body: str, version: int):
    return client.put(f"/letters/{letter_id}/draft", json={"body": body, "base_version": version},
                      headers={"Accept": "application/json"})


def drop_every_connection(url: str) -> None:
    """PostgreSQL ends every session of the test database (as a restart does); SQLite has no server to do it."""
    if not url.startswith("postgresql"):
        return
    engine = create_engine(url)
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    engine.dispose()


def test_while_the_database_is_away_saves_pages_and_health_answer_503_then_recover(
        app: Flask, world: SimpleNamespace, client, login, database_url: str) -> None:
    login(world.student)
    assert autosave(client, world.letter_id, "Please release Ana Example now.", world.version).status_code == 200
    version = world.version + 1

    with database_away(app):
        save = autosave(client, world.letter_id, "Please release Ana Example now. She is a student.", version)
        assert save.status_code == 503
        assert save.is_json and save.get_json()["status"] == 503
        assert save.get_json()["error"] == AWAY_TITLE
        assert int(save.headers["Retry-After"]) > 0
        page = client.get(f"/letters/{world.letter_id}")
        assert page.status_code == 503 and page.mimetype == "text/html"
        assert AWAY_TITLE in html.unescape(page.get_data(as_text=True))
        assert "Traceback" not in page.get_data(as_text=True)
        assert int(page.headers["Retry-After"]) > 0
        home = client.get("/")
        assert home.status_code == 503
        assert client.get("/healthz").status_code == 503

    # Back: the same app, no restart; the refused save is sent again, as the editor does.
    assert client.get("/healthz").status_code == 200
    save = autosave(client, world.letter_id, "Please release Ana Example now. She is a student.", version)
    assert save.status_code == 200 and save.get_json()["version"] == version + 1
    assert client.get(f"/letters/{world.letter_id}").status_code == 200

    # The server ends every connection (a restart): the pool notices before use, nothing fails.
    drop_every_connection(database_url)
    save = autosave(client, world.letter_id, "Please release Ana Example now. She is a student. Thanks.", version + 1)
    assert save.status_code == 200 and save.get_json()["version"] == version + 2
    assert client.get("/healthz").status_code == 200
    assert client.get(f"/letters/{world.letter_id}").status_code == 200


def test_no_postgresql_server_answers_503_quickly(make_app, tmp_path: Path) -> None:
    """A real PostgreSQL URL whose server isn't there (a socket folder with nothing in it)."""
    app = make_app(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://postgres@/classroom?host={tmp_path}&port=5999")
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:some-session-token:some-sign-in-key"  # signed in as far as the cookie says
    started = time.monotonic()
    save = client.put("/letters/1/draft", json={"body": "Hello", "base_version": 1})
    assert save.status_code == 503 and save.get_json()["status"] == 503
    assert save.headers["Retry-After"] == "5"
    page = client.get("/")
    assert page.status_code == 503 and AWAY_TITLE in html.unescape(page.get_data(as_text=True))
    assert "Sign out" not in page.get_data(as_text=True), "the page doesn't pretend to know who is signed in"
    assert client.get("/healthz").status_code == 503
    assert time.monotonic() - started < 5


def test_postgresql_gets_a_pre_ping_and_timeouts_sqlite_nothing() -> None:
    settings = {"DATABASE_PRE_PING": True, "DATABASE_CONNECT_TIMEOUT": 5, "DATABASE_POOL_TIMEOUT": 10}
    options = engine_options("postgresql+psycopg://w4r@db.internal/w4r", settings)
    assert options["pool_pre_ping"] is True
    assert options["pool_timeout"] == 10
    assert options["connect_args"]["connect_timeout"] == 5
    assert options["connect_args"]["keepalives"] == 1
    # What the URL or the explicit engine options say wins.
    options = engine_options("postgresql+psycopg://w4r@db.internal/w4r?connect_timeout=2",
                             {**settings, "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False}})
    assert "connect_timeout" not in options["connect_args"] and options["pool_pre_ping"] is False
    assert engine_options("sqlite:///x.db", settings) == {}


def test_a_bug_reported_as_operational_error_by_sqlite_is_still_a_500(
        make_app, tmp_path: Path) -> None:
    """SQLite says "no such table" with the same error class as "database is locked": only the latter is 503."""
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'never-migrated.db'}")
    answer = app.test_client().post("/auth/signin", data={"login": "maya.k", "password": "whatever-it-is"})
    assert answer.status_code == 500
    assert "Retry-After" not in answer.headers
