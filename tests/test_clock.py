"""Time is a test input: the product reads "now" in one place, and the suite runs on a pinned clock."""
from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

import classroom
from classroom import clock as product_clock
from classroom.extensions import db

from .clock import PINNED_NOW, Clock, RealClockRead, check_sql

PACKAGE = Path(classroom.__file__).parent
# Calls that read the machine's clock; only classroom/clock.py may make them.
CLOCK_READS = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
               ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"),
               ("func", "now"), ("func", "current_timestamp"), ("func", "current_date")}


def clock_reads(path: Path) -> list[str]:
    """``name.attr(...)`` calls in a module that read a clock, as 'file:line name.attr'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
            if (name, node.func.attr) in CLOCK_READS:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {name}.{node.func.attr}")
    return found


def test_the_product_reads_now_only_through_classroom_clock() -> None:
    modules = [path for path in PACKAGE.rglob("*.py") if path.name != "clock.py" or path.parent != PACKAGE]
    assert modules
    reads = [read for path in modules for read in clock_reads(path)]
    assert reads == [], "read the time through classroom.clock instead:\n" + "\n".join(reads)


def test_the_scanner_finds_a_clock_read(tmp_path: Path) -> None:
    module = PACKAGE / "clock.py"
    assert [read.split()[-1] for read in clock_reads(module)] == ["datetime.now", "datetime.now"]


def test_every_test_starts_at_the_pinned_moment(clock: Clock) -> None:
    assert abs(product_clock.utcnow() - PINNED_NOW.replace(tzinfo=None)) < timedelta(minutes=1)
    assert product_clock.today() == date(2026, 12, 4) == date.today()


def test_a_test_sets_and_advances_the_clock(clock: Clock) -> None:
    assert clock.set("2031-06-15 10:00") == datetime(2031, 6, 15, 10, 0)
    assert product_clock.utcnow().date() == date(2031, 6, 15)
    assert clock.set(date(2019, 2, 28)) == datetime(2019, 2, 28, 9, 0)
    later = clock.advance(days=1)
    assert later.date() == date(2019, 3, 1) and product_clock.today() == date(2019, 3, 1)
    assert product_clock.epoch_seconds() == pytest.approx(later.replace(tzinfo=UTC).timestamp(), abs=5)


@pytest.mark.parametrize("sql", ["SELECT now()", "select CURRENT_TIMESTAMP", "SELECT datetime('now')",
                                 "UPDATE letters SET updated_at = current_date"])
def test_sql_that_reads_the_database_clock_is_refused(sql: str) -> None:
    with pytest.raises(RealClockRead):
        check_sql(sql)


def test_the_guard_stops_a_database_clock_read_in_a_test(app, real_clock_guard: list[str]) -> None:
    with pytest.raises(RealClockRead):
        db.session.execute(text("SELECT CURRENT_TIMESTAMP"))
    db.session.rollback()
    assert len(real_clock_guard) == 1 and "CURRENT_TIMESTAMP" in real_clock_guard[0]
    real_clock_guard.clear()  # seen and expected: the test passes


@pytest.mark.parametrize("sql", ["SELECT id, updated_at FROM letters WHERE updated_at < ?",
                                 "INSERT INTO known_things (name) VALUES ('nowhere')"])
def test_ordinary_sql_passes_the_guard(sql: str) -> None:
    check_sql(sql)
