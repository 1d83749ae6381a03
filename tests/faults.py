"""Make the app's database go away for a while, as a stopped or restarting server does."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event

from classroom.extensions import db


@contextmanager
def database_away(app: Flask) -> Iterator[None]:
    """Every new connection fails as the driver fails when the server is gone; pooled ones are dropped."""
    engine = db.engine
    dbapi = engine.dialect.loaded_dbapi  # psycopg on PostgreSQL, sqlite3 on SQLite: their real error types

    # What each driver says when there is nothing to connect to.
    message = ("unable to open database file" if engine.dialect.name == "sqlite" else
               'connection failed: connection to server on socket "/run/postgresql/.s.PGSQL.5432" failed: '
               "No such file or directory")

    def refuse(*_args: object) -> None:
        raise dbapi.OperationalError(message)

    db.session.rollback()
    db.session.close()
    engine.dispose()
    event.listen(engine, "do_connect", refuse)
    try:
        yield
    finally:
        event.remove(engine, "do_connect", refuse)
