"""Classes, their teachers and their students."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import School, User
from ..bands import BAND_KEYS
from ..checks import one_of
from ..clock import utcnow
from ..extensions import Model

SIGNATURE_RULES = {
    "first": _l("First name only (Maya)"),
    "first_last_initial": _l("First name and last initial (Maya K.)"),
    "full": _l("Full name (Maya Kowalski)"),
    "initials": _l("Initials (M. K.)"),
}
# The same rules as a sentence names them ("the class signs with the first name only").
SIGNATURE_RULE_NAMES = {
    "first": _l("the first name only"),
    "first_last_initial": _l("the first name and last initial"),
    "full": _l("the full name"),
    "initials": _l("initials"),
}


class Classroom(Model):
    """A class: a band, a school year, teachers and students."""

    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    band: Mapped[str] = mapped_column(String(16))
    school_year: Mapped[str] = mapped_column(String(20))
    signature_rule: Mapped[str] = mapped_column(String(24), default="first_last_initial")
    join_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    join_requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    # The language its students' pages are in unless they chose one (classroom/i18n.py); None: the school's.
    language: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived_at: Mapped[datetime | None]
    # When the archived class's student data was deleted (the class row stays for anonymous counts).
    purged_at: Mapped[datetime | None]

    school: Mapped[School] = relationship()
    teacher_links: Mapped[list[ClassTeacher]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan")
    enrolments: Mapped[list[Enrolment]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan")

    __table_args__ = (
        one_of("band", BAND_KEYS),
        one_of("signature_rule", SIGNATURE_RULES),
    )

    @property
    def is_archived(self) -> bool:
        """Archived classes are read-only and wait for deletion."""
        return self.archived_at is not None


class ClassTeacher(Model):
    """A teacher of a class; co-teachers have the same rights as the class's creator."""

    __tablename__ = "class_teachers"

    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    classroom: Mapped[Classroom] = relationship(back_populates="teacher_links")
    teacher: Mapped[User] = relationship()


class Enrolment(Model):
    """A student in a class; ``pending`` until the teacher approves a join."""

    __tablename__ = "enrolments"

    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    status: Mapped[str] = mapped_column(String(10), default="active")
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    classroom: Mapped[Classroom] = relationship(back_populates="enrolments")
    student: Mapped[User] = relationship()

    __table_args__ = (CheckConstraint("status IN ('active', 'pending')", name="status"),)
