"""The access table's world is built once per run and copied for each test.

SQLite: the world's database file is copied. PostgreSQL: each test gets a database
made with ``CREATE DATABASE ... TEMPLATE`` from the world's database.
"""
from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from classroom import create_app
from classroom.extensions import db

from ..conftest import BASE_CONFIG, IsolatedClient, _upgrade
from .world import World, build_world

_numbers = itertools.count()


def _make_app(url: str) -> Flask:
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    app.test_client_class = IsolatedClient
    return app


def _admin_url(url: str) -> str:
    return make_url(url).set(database="postgres").render_as_string(hide_password=False)


def _run_admin(url: str, statement: str) -> None:
    engine = create_engine(_admin_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


@pytest.fixture(scope="session")
def world_snapshot(database_template: dict[str, object], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """Build the world once: a database file (SQLite) or a template database (PostgreSQL)."""
    if database_template["backend"] == "sqlite":
        path = tmp_path_factory.mktemp("world") / "world.db"
        shutil.copyfile(database_template["template"], path)  # type: ignore[arg-type]
        url = f"sqlite:///{path}"
    else:
        url = make_url(str(database_template["url"])).set(database="access_world").render_as_string(hide_password=False)
        _run_admin(url, "DROP DATABASE IF EXISTS access_world")
        _run_admin(url, "CREATE DATABASE access_world")
        _upgrade(url)
        path = None
    app = _make_app(url)
    with app.app_context():
        world = build_world()
        db.session.remove()
        db.engine.dispose()
    yield {"world": world, "path": path, "url": url}
    if path is None:
        _run_admin(url, "DROP DATABASE IF EXISTS access_world")


@pytest.fixture
def world_app(world_snapshot: dict[str, object], tmp_path: Path) -> Iterator[tuple[Flask, World]]:
    """A fresh copy of the world and an app on it."""
    if world_snapshot["path"] is not None:
        copy = tmp_path / "world.db"
        shutil.copyfile(world_snapshot["path"], copy)  # type: ignore[arg-type]
        url, name = f"sqlite:///{copy}", None
    else:
        name = f"access_{next(_numbers)}"
        base = str(world_snapshot["url"])
        _run_admin(base, f"CREATE DATABASE {name} TEMPLATE access_world")
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
    app = _make_app(url)
    with app.app_context():
        yield app, world_snapshot["world"]  # type: ignore[misc]
        db.session.remove()
        db.engine.dispose()
    if name:
        _run_admin(str(world_snapshot["url"]), f"DROP DATABASE IF EXISTS {name}")
