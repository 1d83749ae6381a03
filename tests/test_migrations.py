"""The schema comes from Alembic migrations, identical to the models, up and down."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from classroom.extensions import db


def test_migrations_match_models(app: Flask) -> None:
    """Nothing in the models is missing from the migrations (and the reverse)."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_downgrade_to_nothing_and_back(app: Flask) -> None:
    db.session.remove()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert {"users", "schools", "classes"} <= set(inspect(db.engine).get_table_names())
