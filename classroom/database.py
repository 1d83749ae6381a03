"""Database engine settings that depend on the backend."""
from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
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
