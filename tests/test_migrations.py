"""The schema comes from Alembic migrations, identical to the models, up and down."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
import re

from sqlalchemy import CheckConstraint, inspect

from classroom.extensions import db


def test_migrations_match_models(app: Flask) -> None:
    """Nothing in the models is missing from the migrations (and the reverse)."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_check_constraints_allow_the_same_values_as_the_models(app: Flask) -> None:
    """The models write their checks from the code's lists (classroom.checks.one_of); the
    migrated database allows the same values (autogenerate does not compare checks)."""
    def values(sql: str) -> set[str]:
        return set(re.findall(r"'([^']*)'", sql))

    inspector = inspect(db.engine)
    for table in db.metadata.sorted_tables:
        in_database = {check["name"]: values(check["sqltext"]) for check in inspector.get_check_constraints(table.name)}
        in_models = {str(c.name): values(str(c.sqltext)) for c in table.constraints if isinstance(c, CheckConstraint)}
        assert in_database == in_models, table.name


def test_downgrade_to_nothing_and_back(app: Flask) -> None:
    db.session.remove()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert {"users", "schools", "classes"} <= set(inspect(db.engine).get_table_names())
