"""Check constraints written from the one list of allowed values, so the database and the code agree."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import CheckConstraint


def one_of(column: str, values: Iterable[str], name: str | None = None) -> CheckConstraint:
    """``column IN ('a', 'b')`` over ``values``, named after the column unless ``name`` is given.

    The values are the code's own constants (never user input), so quoting them is enough.
    The order of an IN list does not matter to either database, so a list written in another
    order than an older migration's is the same rule and needs no migration.
    """
    quoted = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or column)
