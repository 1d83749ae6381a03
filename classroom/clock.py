"""One source of 'now', stored as naive UTC so SQLite and PostgreSQL agree."""
from __future__ import annotations

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    """Current time in UTC without tzinfo (the form every timestamp column stores)."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Today's date in UTC."""
    return utcnow().date()


def epoch_seconds() -> float:
    """Now as seconds since 1970 (the form rate-limit windows are counted in)."""
    return datetime.now(UTC).timestamp()
