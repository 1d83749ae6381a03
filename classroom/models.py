"""Imports every model so that SQLAlchemy metadata (and Alembic) sees all tables."""
from .auth.models import School, User  # noqa: F401
from .classes.models import ClassTeacher, Classroom, Enrolment  # noqa: F401
