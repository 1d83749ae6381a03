"""Fixtures: a fresh database per test (SQLite or PostgreSQL), the app, a client,
factories for schools, people and classes, and the sign-in helper."""
from __future__ import annotations

import contextvars
import os
import select
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import time_machine
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

os.environ.setdefault("SECRET_KEY", "test-secret-key")


def _sleep_past_libfaketime(seconds: float) -> None:
    """``time.sleep`` that libfaketime leaves alone: a relative ``select`` timeout.

    Under ``faketime`` with a real monotonic clock (scripts/test-dates), libfaketime shifts
    the absolute monotonic deadline that Python 3.11's ``time.sleep`` passes to
    ``clock_nanosleep`` by the fake offset: years ahead it becomes negative (EINVAL), years
    back it never comes (libfaketime issue 426). Only that run needs this.
    """
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    select.select([], [], [], seconds)


if "faketime" in os.environ.get("LD_PRELOAD", ""):
    time.sleep = _sleep_past_libfaketime  # type: ignore[assignment]

from classroom import create_app
from classroom.auth import services as accounts
from classroom.auth.models import School, User
from classroom.classes import services as classes
from classroom.classes.models import Classroom
from classroom.extensions import db

from . import pgcluster
from .clock import Clock, RealClockRead, check_sql, is_pinned
from .factories import PASSWORD

BACKEND = os.environ.get("CLASSROOM_TEST_DATABASE", "sqlite")

BASE_CONFIG = {
    "TESTING": True,
    "WTF_CSRF_ENABLED": False,
    "PASSWORD_HASH_TIME_COST": 1,
    "PASSWORD_HASH_MEMORY_KB": 1024,
    "RATELIMIT_STORAGE_URI": "memory://",
    "SERVER_NAME": None,
}


@pytest.fixture(autouse=True)
def clock(time_machine: time_machine.TimeMachineFixture) -> Clock:
    """Every test runs on the pinned clock (tests/clock.py); ``clock.set(...)`` moves it."""
    return Clock(time_machine)


@pytest.fixture(autouse=True)
def real_clock_guard(clock: Clock) -> Iterator[list[str]]:
    """Fail a test that runs off the pinned clock or asks the database server for the time."""
    assert is_pinned(), "the test is not on the pinned clock"
    reads: list[str] = []

    def inspect(conn, cursor, statement, parameters, context, executemany):
        try:
            check_sql(statement)
        except RealClockRead as error:
            reads.append(str(error))
            raise

    event.listen(Engine, "before_cursor_execute", inspect)
    yield reads
    event.remove(Engine, "before_cursor_execute", inspect)
    if reads:
        raise RealClockRead(reads[0])


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A whole run that skipped a test has not passed: say which and why.

    Asking for a part of the suite (paths, ``-k``, ``-m``, ``--lf``) allows skips.
    """
    config = session.config
    whole = (config.args_source == pytest.Config.ArgsSource.TESTPATHS and not config.option.keyword
             and not config.option.markexpr and not getattr(config.option, "lf", False)
             and not config.option.deselect)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    skipped = [report for report in (reporter.stats.get("skipped", []) if reporter else [])
               if getattr(report, "when", "call") in ("setup", "call")]
    if not whole or not skipped or exitstatus != 0:
        return
    lines = []
    for report in skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        lines.append(f"  {report.nodeid}: {reason}")
    reporter.write_line(f"{len(skipped)} test(s) skipped in a whole run; a skip is not a pass:", red=True)
    for line in lines:
        reporter.write_line(line, red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _upgrade(url: str) -> None:
    """Build a database from nothing through the Alembic migrations."""
    from flask_migrate import upgrade

    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context, as in production.

    The test keeps its own app context (and database session) for setting up and
    checking data; after every request that session is expired so it reads fresh rows.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        # Werkzeug's test client spools a request body over 500 KB to a temporary file and
        # never closes it; the garbage collector's warning would then fail some later test.
        for answered in (*response.history, response):
            answered.request.environ["wsgi.input"].close()
        if has_app_context() and db.session.registry.has():
            db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """Migrate one database for the whole run; each test gets a copy (SQLite) or a clean one (PostgreSQL)."""
    if BACKEND == "postgresql":
        url = os.environ.get("CLASSROOM_TEST_DATABASE_URL")
        cluster = None
        if not url:
            cluster = pgcluster.start()
            url = cluster.url("classroom_test")
        _upgrade(url)
        yield {"backend": "postgresql", "url": url}
        if cluster:
            cluster.stop()
    else:
        folder = tmp_path_factory.mktemp("db")
        template = folder / "template.db"
        _upgrade(f"sqlite:///{template}")
        yield {"backend": "sqlite", "template": template, "folder": folder}


_counter = iter(range(1_000_000))


@pytest.fixture
def database_url(database_template: dict[str, object]) -> Iterator[str]:
    """A URL of an empty, migrated database for one test."""
    if database_template["backend"] == "sqlite":
        path = Path(database_template["folder"]) / f"test-{next(_counter)}.db"  # type: ignore[arg-type]
        shutil.copyfile(database_template["template"], path)  # type: ignore[arg-type]
        yield f"sqlite:///{path}"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        url = str(database_template["url"])
        yield url
        engine = create_engine(url)
        with engine.begin() as conn:
            tables = [t.name for t in reversed(db.metadata.sorted_tables)]
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        engine.dispose()


@pytest.fixture
def app_config() -> dict[str, object]:
    """Extra settings a test module may override."""
    return {}


@pytest.fixture
def app(database_url: str, app_config: dict[str, object]) -> Iterator[Flask]:
    """The app on a fresh database, with an app context for the test's own queries."""
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **app_config})
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def make_app() -> Iterator[Callable[..., Flask]]:
    """Factory: another app (other settings); its database connections close at the end."""
    made: list[Flask] = []

    def make(**config: object) -> Flask:
        extra = create_app({**BASE_CONFIG, **config})
        made.append(extra)
        return extra
    yield make
    for extra in made:
        with extra.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser-less client."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    """A CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def make_school(app: Flask) -> Callable[..., School]:
    """Factory: a school."""
    def make(name: str = "Hillside School", **kwargs: object) -> School:
        kwargs.setdefault("address", "1 Hill Road\nHillside HS1 1AA")
        kwargs.setdefault("country", "United Kingdom")
        school = accounts.create_school(name, **kwargs)  # type: ignore[arg-type]
        db.session.commit()
        return school
    return make


@pytest.fixture
def make_teacher(app: Flask, make_school: Callable[..., School]) -> Callable[..., User]:
    """Factory: a teacher (in a new school unless one is given)."""
    counter = iter(range(1, 10_000))

    def make(name: str = "Ms Teacher", email: str | None = None, school: School | None = None,
             coordinator: bool = False, curator: bool = False, password: str = PASSWORD) -> User:
        n = next(counter)
        school = school or make_school(f"School {n}")
        user = accounts.create_teacher(name, email or f"teacher{n}-{id(counter)}@example.org", password, school,
                                       coordinator, curator)
        db.session.commit()
        return user
    return make


@pytest.fixture
def make_class(app: Flask, make_teacher: Callable[..., User]) -> Callable[..., Classroom]:
    """Factory: a class taught by ``teacher`` (a new teacher unless given)."""
    def make(teacher: User | None = None, name: str = "7B", band: str = "middle",
             signature_rule: str = "first_last_initial") -> Classroom:
        teacher = teacher or make_teacher()
        classroom = classes.create_class(teacher, name, band, "2026–27", signature_rule)
        db.session.commit()
        return classroom
    return make


@pytest.fixture
def make_student(app: Flask, make_class: Callable[..., Classroom]) -> Callable[..., User]:
    """Factory: a student enrolled in ``classroom`` (a new class unless given), password ``PASSWORD``."""
    counter = iter(range(1, 10_000))

    def make(classroom: Classroom | None = None, name: str = "Maya Kowalski", username: str | None = None,
             password: str = PASSWORD) -> User:
        classroom = classroom or make_class()
        card = classes.add_student(classroom, name, username or f"student{next(counter)}")
        student = accounts.find_account(card.username)
        assert student is not None
        accounts.set_password(student, password)
        db.session.commit()
        return student
    return make


@pytest.fixture
def login(client: FlaskClient) -> Callable[..., None]:
    """Sign ``client`` in as ``user``."""
    def sign_in(user: User, password: str = PASSWORD, who: FlaskClient | None = None) -> None:
        target = who or client
        response = target.post("/auth/signin", data={"login": user.login_name, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
    return sign_in


@pytest.fixture
def curator(make_teacher: Callable[..., User], login: Callable[..., None]) -> User:
    """A curator, signed in on ``client``."""
    user = make_teacher("Dr Lin Chen", curator=True)
    login(user)
    return user


@pytest.fixture
def teacher(make_teacher: Callable[..., User], login: Callable[..., None]) -> User:
    """A teacher without curator rights, signed in on ``client``."""
    user = make_teacher("Ms Ana Rivera")
    login(user)
    return user
