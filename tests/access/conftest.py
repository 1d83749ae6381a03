"""The access table's world is built once per run and restored for each test.

SQLite: the world's database file is copied. PostgreSQL: the world's rows are kept in
memory and inserted into the (empty) test database, sequences moved past them.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask
from sqlalchemy import Integer, create_engine, insert, select, text

from classroom import create_app
from classroom.extensions import db

from ..clock import PINNED_NOW
from ..conftest import BASE_CONFIG, IsolatedClient
from .world import World, build_world


def _make_app(url: str) -> Flask:
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    app.test_client_class = IsolatedClient
    return app


def _snapshot_rows(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, by table name."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = {table.name: [dict(r) for r in connection.execute(select(table)).mappings()]
                for table in db.metadata.sorted_tables}
    engine.dispose()
    return rows


def _restore_rows(url: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Put the snapshot back into an empty PostgreSQL database and move sequences past it."""
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in db.metadata.sorted_tables:
            if rows[table.name]:
                connection.execute(insert(table), rows[table.name])
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and isinstance(pk[0].type, Integer) and pk[0].autoincrement in (True, "auto") and rows[table.name]:
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                    f"(SELECT max({pk[0].name}) FROM {table.name}))"))
    engine.dispose()


@pytest.fixture(scope="session")
def world_snapshot(database_template: dict[str, object], tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Build the world once and keep it: as a file (SQLite) or as rows (PostgreSQL)."""
    if database_template["backend"] == "sqlite":
        path = tmp_path_factory.mktemp("world") / "world.db"
        shutil.copyfile(database_template["template"], path)  # type: ignore[arg-type]
        url = f"sqlite:///{path}"
    else:
        url, path = str(database_template["url"]), None
    app = _make_app(url)
    # Built once on the pinned clock, an hour before the tests' "now" (a token from the
    # world must not look as if it came from the future).
    with app.app_context(), time_machine.travel(PINNED_NOW - timedelta(hours=1)):
        world = build_world()
        db.session.remove()
        db.engine.dispose()
    snapshot: dict[str, object] = {"world": world, "path": path}
    if path is None:
        snapshot["rows"] = _snapshot_rows(url)
        engine = create_engine(url)
        with engine.begin() as connection:
            names = ", ".join(t.name for t in reversed(db.metadata.sorted_tables))
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        engine.dispose()
    return snapshot


@pytest.fixture
def world_app(world_snapshot: dict[str, object], database_url: str, tmp_path: Path) -> Iterator[tuple[Flask, World]]:
    """A fresh copy of the world and an app on it (the test database is emptied afterwards)."""
    if world_snapshot["path"] is not None:
        copy = tmp_path / "world.db"
        shutil.copyfile(world_snapshot["path"], copy)  # type: ignore[arg-type]
        url = f"sqlite:///{copy}"
    else:
        url = database_url
        _restore_rows(url, world_snapshot["rows"])  # type: ignore[arg-type]
    app = _make_app(url)
    with app.app_context():
        yield app, world_snapshot["world"]  # type: ignore[misc]
        db.session.remove()
        db.engine.dispose()
