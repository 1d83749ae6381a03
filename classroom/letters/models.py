"""Letters, every saved revision, state changes, reviews and comments."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..assignments.models import Assignment
from ..auth.models import User
from ..cases.models import Target
from ..checks import one_of
from ..clock import utcnow
from ..extensions import Model
from .kinds import KINDS, Labels
from .kinds import PAPER_KINDS as PAPER_KINDS, TARGETED_KIND as TARGETED_KIND  # re-exported

# One letter per student and assignment for every kind but the targeted one lives in the database
# as a partial unique index (a NULL target is distinct from every other NULL in a plain unique key,
# so that key alone let two solidarity letters in).
ONE_WITHOUT_TARGET = f"kind <> '{TARGETED_KIND}'"
STATES = ("draft", "submitted", "changes_requested", "approved", "printed", "mailed", "emailed", "posted", "called")
STATE_LABELS = Labels({
    "not_started": _l("Not started"), "draft": _l("Draft"), "submitted": _l("Submitted"),
    "changes_requested": _l("Changes requested"), "approved": _l("Approved"), "printed": _l("Printed"),
    "mailed": _l("Mailed"), "emailed": _l("Sent by email"), "posted": _l("Posted online"), "called": _l("Called"),
})
# Approved, and every state after approval: the letter is locked and counts as written.
APPROVED_STATES = ("approved", "printed", "mailed", "emailed", "posted", "called")
# The letter went out: each kind's sent step (kinds.Kind.sent_steps).
SENT_STATES = ("mailed", "emailed", "posted", "called")
# A paper letter that has been through the printer.
PRINTED_STATES = ("printed", "mailed")
# A paper letter still on its way by post (an emailed one is not posted as well).
POSTAL_STATES = ("approved", *PRINTED_STATES)
# The steps counted for impact and kept in anonymous tallies, and the states a letter has
# passed each one in (a mailed letter was printed; every later state was approved).
COUNTED_STEPS = {
    "approved": APPROVED_STATES,
    "printed": PRINTED_STATES,
    "mailed": ("mailed",),
    "emailed": ("emailed",),
    "posted": ("posted",),
    "called": ("called",),
}


class Letter(Model):
    """A student's letter for an assignment: an appeal to a target, or a solidarity message."""

    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    target_id: Mapped[int | None] = mapped_column(ForeignKey("case_targets.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, default="")
    # The language the student writes in (BCP 47): greeting, closing, dates, fonts and direction follow it.
    language: Mapped[str] = mapped_column(String(20), default="en", server_default="en")
    # Every accepted save increments the version; a save based on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    safety_flags: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    submitted_at: Mapped[datetime | None]
    review_started_at: Mapped[datetime | None]
    reviewed_version: Mapped[int | None] = mapped_column(Integer)
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    printed_at: Mapped[datetime | None]
    mailed_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]
    pdf_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    assignment: Mapped[Assignment] = relationship()
    student: Mapped[User] = relationship(foreign_keys=[student_id])
    target: Mapped[Target | None] = relationship()
    revisions: Mapped[list[LetterRevision]] = relationship(
        back_populates="letter", cascade="all, delete-orphan", order_by="LetterRevision.version",
        passive_deletes=True)
    comments: Mapped[list[Comment]] = relationship(
        back_populates="letter", cascade="all, delete-orphan", order_by="Comment.id", passive_deletes=True)
    reviews: Mapped[list[Review]] = relationship(
        back_populates="letter", cascade="all, delete-orphan", order_by="Review.id", passive_deletes=True)
    events: Mapped[list[LetterEvent]] = relationship(
        back_populates="letter", cascade="all, delete-orphan", order_by="LetterEvent.id", passive_deletes=True)

    __table_args__ = (
        one_of("state", STATES),
        UniqueConstraint("assignment_id", "student_id", "kind", "target_id", name="uq_letters_one_per_target"),
        Index("uq_letters_one_without_target", "assignment_id", "student_id", "kind", unique=True,
              sqlite_where=text(ONE_WITHOUT_TARGET), postgresql_where=text(ONE_WITHOUT_TARGET)),
    )

    @property
    def kind_name(self) -> str:
        """What this kind of letter is called ("Social media post")."""
        return str(KINDS[self.kind].name)

    @property
    def recipient(self) -> str | None:
        """Who it is written to: the official, the people at risk, or no one (posts and scripts)."""
        if self.kind == "appeal":
            return self.target.name if self.target else _("the official")
        if self.kind == "solidarity":
            return self.assignment.case.people_phrase
        return None

    @property
    def label(self) -> str:
        """The letter in a few words: its kind, and to whom."""
        if not self.recipient:
            return str(self.kind_name)
        return {"appeal": _("Appeal letter to %(recipient)s", recipient=self.recipient),
                "solidarity": _("Solidarity message to %(recipient)s", recipient=self.recipient)}[self.kind]

    @property
    def approved_message(self) -> str:
        """What approving this letter means, told to the teacher."""
        return str(KINDS[self.kind].approved)

    @property
    def is_locked(self) -> bool:
        """Approved (and later) letters can't be edited."""
        return self.state in APPROVED_STATES

    @property
    def sent_on(self) -> datetime | None:
        """When its sent step was recorded (posted, emailed, called, mailed), or None."""
        if self.state not in SENT_STATES:
            return None
        return next((e.created_at for e in reversed(self.events) if e.to_state == self.state), None)


class LetterRevision(Model):
    """The text of a letter as of one accepted save."""

    __tablename__ = "letter_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(12), default="save")  # start | save | autosave | restore
    restored_from: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    letter: Mapped[Letter] = relationship(back_populates="revisions")

    __table_args__ = (UniqueConstraint("letter_id", "version", name="uq_letter_revisions_version"),)


class LetterEvent(Model):
    """A state change of a letter: who, when, from what, to what, and why."""

    __tablename__ = "letter_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    letter: Mapped[Letter] = relationship(back_populates="events")


class Review(Model):
    """A teacher's decision on one version of a letter, with the rubric."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(20))  # changes_requested | approved
    rubric: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    letter: Mapped[Letter] = relationship(back_populates="reviews")
    reviewer: Mapped[User | None] = relationship()


class Comment(Model):
    """Teacher feedback: general (no quote) or on a passage (quote with offsets in ``version``)."""

    __tablename__ = "letter_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    letter: Mapped[Letter] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()


class LetterTally(Model):
    """Anonymous counts of letters kept when a class's student data is deleted."""

    __tablename__ = "letter_tallies"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classes.id", ondelete="SET NULL"))
    # The kind of letter counted; None on tallies kept before kinds were counted apart (0013).
    kind: Mapped[str | None] = mapped_column(String(12))
    approved: Mapped[int] = mapped_column(Integer, default=0)
    printed: Mapped[int] = mapped_column(Integer, default=0)
    mailed: Mapped[int] = mapped_column(Integer, default=0)
    emailed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    posted: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    called: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
