"""Counting the SQL statements a block of test code makes the app run (a query-count budget)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from classroom.extensions import db


@contextmanager
def count_statements() -> Iterator[list[str]]:
    """Collect every SQL statement the app's engine runs inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
