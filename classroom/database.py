"""Database engine settings that depend on the backend, and what counts as "the database is away"."""
from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine, make_url

from .extensions import db

# Errors that mean the database can't be reached or can't answer now (stopped, restarting,
# a dropped connection, no free connection in the pool, SQLite busy past its timeout): the
# request may succeed when tried again, so they answer 503, never 500 (see is_unavailable).
UNAVAILABLE: tuple[type[Exception], ...] = (
    exc.OperationalError, exc.InterfaceError, exc.TimeoutError, exc.DisconnectionError)

# libpq settings that bound how long a request can wait on a PostgreSQL server that is gone:
# a connection attempt gives up after ``connect_timeout`` seconds, and over TCP a silent peer
# is noticed by keepalives and ``tcp_user_timeout`` (ms) instead of the kernel's many minutes.
# (Over a Unix socket libpq ignores the TCP settings.) A URL's own query parameters win.
POSTGRESQL_CONNECT_ARGS = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
                           "keepalives_count": 3, "tcp_user_timeout": 30_000}


# SQLite reports its own mistakes ("no such table", a syntax error) as OperationalError too;
# only these mean "not now" (another writer past the busy timeout, a file that can't be opened).
SQLITE_NOT_NOW = ("database is locked", "database table is locked", "unable to open database file",
                  "disk i/o error")


def is_unavailable(error: BaseException) -> bool:
    """Is ``error`` the database being unreachable or busy (worth a 503 and a retry), not a bug?"""
    if not isinstance(error, UNAVAILABLE):
        return False
    cause = getattr(error, "orig", None)
    if type(cause).__module__ == "sqlite3":
        return any(words in str(cause).lower() for words in SQLITE_NOT_NOW)
    return True


def engine_options(url: str, settings: dict[str, Any]) -> dict[str, Any]:
    """Engine options for ``url``; ``settings`` is the app config (explicit engine options win).

    PostgreSQL: ``pool_pre_ping`` checks a pooled connection before each use, so after the
    server restarts the app drops its dead connections by itself and the first request
    succeeds instead of failing once per worker. A local SQLite file can't drop a
    connection, so the extra round trip is only paid where it helps.
    """
    explicit = dict(settings.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if url.startswith("sqlite"):
        return explicit
    options: dict[str, Any] = {"pool_pre_ping": settings.get("DATABASE_PRE_PING", True),
                               "pool_timeout": settings.get("DATABASE_POOL_TIMEOUT", 10)}
    if url.startswith("postgresql"):
        given = make_url(url).query
        wanted = {"connect_timeout": settings.get("DATABASE_CONNECT_TIMEOUT", 5), **POSTGRESQL_CONNECT_ARGS}
        connect_args = {key: value for key, value in wanted.items() if key not in given}
        options["connect_args"] = {**connect_args, **explicit.pop("connect_args", {})}
    options.update(explicit)
    return options


def configure(app: Flask) -> None:
    """Settle the engine options before Flask-SQLAlchemy builds the engine."""
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config["SQLALCHEMY_DATABASE_URI"], app.config)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL for concurrent readers, enforced foreign keys, a wait instead of 'database is locked',
    and deleted content overwritten with zeros (a purged child's words must not stay readable in
    free pages)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def erase_deleted_data() -> None:
    """After a deletion of children's data is committed: copy the write-ahead log into the
    database file and empty it, so old copies of the deleted pages are gone from the disk too
    (SQLite; PostgreSQL leaves dead rows to VACUUM, which runs on its own)."""
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as connection:
        busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    if busy:
        # Another connection is reading: the log is emptied by the next checkpoint instead.
        current_app.logger.warning("WAL checkpoint after a data deletion was blocked by a reader.")


def init_app(app: Flask) -> None:
    """Attach per-connection settings to the app's engine."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            engine: Engine = db.engine
            event.listen(engine, "connect", _sqlite_pragmas)
