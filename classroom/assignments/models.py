"""An assignment: a case given to a class, with letter kinds, targets, lessons and a due date."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..cases.models import Case, Target
from ..classes.models import Classroom
from ..clock import utcnow
from ..extensions import Model


class Assignment(Model):
    """A case assigned to a class."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    letter_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    target_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    lesson_slugs: Mapped[list[str]] = mapped_column(JSON, default=list)
    instructions: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date)
    # Set when a teacher assigned a case above the class's band under the school's override policy.
    override_reason: Mapped[str | None] = mapped_column(Text)
    # Set when a teacher assigned a case whose action deadline had passed (why: e.g. to discuss it).
    deadline_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    classroom: Mapped[Classroom] = relationship()
    case: Mapped[Case] = relationship()

    @property
    def allowed_targets(self) -> list[Target]:
        """The case's targets students may write to, in the case's order."""
        return [t for t in self.case.letter_targets if t.id in self.target_ids]
