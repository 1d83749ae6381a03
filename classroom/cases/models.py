"""The Urgent Action library: cases, their targets, timeline, themes and messages of thanks."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..clock import utcnow
from ..bands import BAND_KEYS
from ..checks import one_of
from ..extensions import Model, db
from . import people as naming  # (the module; ``Case.people`` is the column)
from .case_format import CASE_LANGUAGE as CASE_LANGUAGE  # re-exported
from .status import EVENT_KINDS, STATUSES


class Case(Model):
    """One Urgent Action. Public when ``owner_id`` is empty; otherwise a teacher's private import."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    ua_number: Mapped[str] = mapped_column(String(20), index=True)
    follows_up: Mapped[str | None] = mapped_column(String(20))
    ai_index: Mapped[str] = mapped_column(String(40), default="")  # "AMR 41/022/2009"
    country: Mapped[str] = mapped_column(String(100), index=True)
    region: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(300))
    issue_date: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), index=True)
    people: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text)
    background: Mapped[str] = mapped_column(Text, default="")
    asks: Mapped[list[str]] = mapped_column(JSON, default=list)
    model_letter: Mapped[str] = mapped_column(Text, default="")
    # "Copies to diplomatic representatives of X accredited to your country": shown to schools, never an address.
    copies_to_note: Mapped[str] = mapped_column(Text, default="")
    student_summaries: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # The student summaries in other languages: {"es": {"middle": "…"}} (readability.shown_summary).
    student_summaries_by_language: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)
    # What the rule table found: [{"note", "label", "min_band", "phrases": [...]}]
    content_notes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    suggested_band: Mapped[str] = mapped_column(String(16))
    min_band: Mapped[str] = mapped_column(String(16), index=True)
    # Lower-cased title, country, people, summary and UA number, for word search in one query.
    search_text: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    # When teachers could first see it: news of a case is due from here, not from its draft.
    published_at: Mapped[datetime | None]
    source: Mapped[str] = mapped_column(String(20), default="import")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    targets: Mapped[list[Target]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Target.position")
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="(CaseEvent.date, CaseEvent.id)")
    theme_rows: Mapped[list[CaseTheme]] = relationship(cascade="all, delete-orphan", order_by="CaseTheme.theme")
    thanks: Mapped[list[CaseThanks]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseThanks.id")
    band_decisions: Mapped[list[BandDecision]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="BandDecision.id")
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])

    __table_args__ = (
        one_of("status", STATUSES),
        one_of("min_band", BAND_KEYS),
        # One public case per UA number; private imports may repeat one.
        Index("uq_cases_public_ua_number", "ua_number", unique=True,
              sqlite_where=db.text("owner_id IS NULL"), postgresql_where=db.text("owner_id IS NULL")),
    )

    @property
    def language(self) -> str:
        """The language of the case's text (pages mark it with ``lang``)."""
        return CASE_LANGUAGE

    @property
    def themes(self) -> list[str]:
        """Theme tags, alphabetical."""
        return [row.theme for row in self.theme_rows]

    @property
    def letter_targets(self) -> list[Target]:
        """Officials students may write to."""
        return [t for t in self.targets if t.role == "target"]

    @property
    def copies_to(self) -> list[Target]:
        """Officials who get copies (e.g. embassies)."""
        return [t for t in self.targets if t.role == "copy"]

    @property
    def people_names(self) -> str:
        """The people at risk as one line."""
        return ", ".join(p["name"] for p in self.people)

    @property
    def people_phrase(self) -> str:
        """The people at risk as a sentence names them ("the families held in …" for a group)."""
        return naming.people_phrase(self.people or [])

    @property
    def is_private(self) -> bool:
        """A teacher's own import, visible only to them."""
        return self.owner_id is not None

    @property
    def latest_band_decision(self) -> BandDecision | None:
        """The curator decision in force, if any.

        None for a private case: only curators decide bands, and only of public cases
        (``services.may_record_band_decision``); a decision a private case got before that
        rule was enforced is kept for the record but never lowers its band.
        """
        if self.owner_id is not None or not self.band_decisions:
            return None
        return self.band_decisions[-1]

    @property
    def outcome(self) -> CaseEvent | None:
        """The latest update, victory or closure."""
        return self.events[-1] if self.events else None


class Target(Model):
    """An official to write to (``target``) or to copy (``copy``)."""

    __tablename__ = "case_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10), default="target")
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(300), default="")
    salutation: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(20), default="en")
    verify: Mapped[bool] = mapped_column(Boolean, default=False)
    contacts: Mapped[str] = mapped_column(Text, default="")  # "Fax: ..." and "Twitter: @..." lines, one a line

    case: Mapped[Case] = relationship(back_populates="targets")

    __table_args__ = (CheckConstraint("role IN ('target', 'copy')", name="role"),)

    @property
    def address_lines(self) -> list[str]:
        """Postal address lines, top to bottom."""
        return [line for line in self.address.splitlines() if line.strip()]

    @property
    def contact_lines(self) -> list[str]:
        """Fax, phone and social-media lines as the Urgent Action printed them."""
        return [line for line in self.contacts.splitlines() if line.strip()]

    @property
    def label(self) -> str:
        """Name and title on one line."""
        return f"{self.name}, {self.title}" if self.title and self.title != self.name else self.name


class CaseEvent(Model):
    """A timeline entry: an update, a victory or the closure of a case."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="events")

    __table_args__ = (one_of("kind", EVENT_KINDS),)


class CaseTheme(Model):
    """A theme tag of a case (a row each, so the library can filter by theme in SQL)."""

    __tablename__ = "case_themes"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)


class CaseThanks(Model):
    """A message of thanks from the people a case helped."""

    __tablename__ = "case_thanks"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    quote: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(300))
    date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="thanks")


class BandDecision(Model):
    """A curator's confirmation or change of a case's minimum band, with the reason."""

    __tablename__ = "band_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    band: Mapped[str] = mapped_column(String(16))
    suggested_band: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_name: Mapped[str] = mapped_column(String(120))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="band_decisions")
