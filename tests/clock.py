"""The tests' clock: every test runs at a pinned moment, and a test about time sets its own.

The product reads "now" only through ``classroom.clock``; time-machine moves what that
(and everything else in the process: ``datetime.now``, ``date.today``, ``time.time``)
answers. The clock ticks from the pinned moment, so waits and time-outs still run out.

Two guards keep the real clock out of the suite:

- every test starts on the pinned clock (``PINNED_NOW``), never on the machine's date;
- SQL that asks the database server for the time (``now()``, ``CURRENT_TIMESTAMP``,
  ``datetime('now')``) fails the test: the database runs in another process, where the
  pinned clock does not reach.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import time_machine

# A school morning in term time; test data (deadlines in 2027, mail conditions since
# November 2026) is written around it. Tests that are about time set their own moment.
PINNED_NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)

DATABASE_CLOCK = re.compile(
    r"\b(now\s*\(|current_timestamp|current_date|current_time|localtimestamp|localtime\b|clock_timestamp"
    r"|statement_timestamp|transaction_timestamp)|'now'",
    re.IGNORECASE,
)


class RealClockRead(AssertionError):
    """A test read a clock that the pinned clock does not control."""


class Clock:
    """Sets the time a test runs at (naive values are UTC, as the product stores them)."""

    def __init__(self, machine: time_machine.TimeMachineFixture) -> None:
        self._machine = machine
        self.set(PINNED_NOW)

    def set(self, when: datetime | date | str, tick: bool = True) -> datetime:
        """Move to ``when`` (a datetime, a date meaning 09:00 that day, or ISO text); returns it."""
        moment = _as_utc(when)
        self._machine.move_to(moment, tick=tick)
        return moment.replace(tzinfo=None)

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Move forward by ``delta`` or by keyword parts (``days=3``, ``hours=1``); returns the new now."""
        step = delta or timedelta(**parts)
        self._machine.shift(step)
        return self.now()

    @staticmethod
    def now() -> datetime:
        """The current (pinned) time as naive UTC."""
        return datetime.now(UTC).replace(tzinfo=None)

    @staticmethod
    def today() -> date:
        """The current (pinned) date in UTC."""
        return datetime.now(UTC).date()


def _as_utc(when: datetime | date | str) -> datetime:
    """A timezone-aware UTC datetime for ``when``."""
    if isinstance(when, str):
        when = datetime.fromisoformat(when) if "T" in when or " " in when else date.fromisoformat(when)
    if not isinstance(when, datetime):
        when = datetime.combine(when, time(9, 0))
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def check_sql(statement: str) -> None:
    """Refuse SQL that reads the database server's clock (it is not pinned)."""
    found = DATABASE_CLOCK.search(statement)
    if found:
        raise RealClockRead(
            f"SQL reads the database's own clock ({found.group(0)!r}); pass classroom.clock.utcnow() "
            f"as a value instead:\n{statement[:300]}")


def is_pinned() -> bool:
    """True while time-machine controls the process's clock."""
    return time_machine.escape_hatch.is_travelling()


def machine_clock_env() -> dict[str, str]:
    """The environment for a helper program (Chromium, redis-server) without ``faketime``.

    Under scripts/test-dates the machine's clock is faked for the test process; the programs
    it starts keep the real one, as a real server beside the app would: libfaketime slows
    Chromium's start to minutes and leaves redis-server unable to answer at all.
    """
    import os

    return {key: value for key, value in os.environ.items() if key != "LD_PRELOAD" and not key.startswith("FAKETIME")}
