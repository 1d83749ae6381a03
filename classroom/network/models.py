"""The network around the classroom: alert subscriptions, digest deliveries, mail conditions."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext
from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..checks import one_of
from ..clock import utcnow
from ..extensions import Model

FREQUENCIES = {"immediately": lazy_gettext("As soon as there is news"), "daily": lazy_gettext("Once a day"), "weekly": lazy_gettext("Once a week")}
MAIL_STATUSES = ("suspended", "unreliable")  # of the post to a country (mail.py says what each means)


class Subscription(Model):
    """A teacher's choice of which new cases and updates to hear about, and how."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    all_cases: Mapped[bool] = mapped_column(Boolean, default=False)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Empty means: the bands of the teacher's classes, whatever they are at the time.
    bands: Mapped[list[str]] = mapped_column(JSON, default=list)
    email: Mapped[bool] = mapped_column(Boolean, default=False)
    frequency: Mapped[str] = mapped_column(String(12), default="weekly")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sent_at: Mapped[datetime | None]

    teacher: Mapped[User] = relationship()

    __table_args__ = (one_of("frequency", FREQUENCIES),)

    @property
    def topics(self) -> str:
        """What the subscription follows, in a few words."""
        return _("All cases") if self.all_cases else ", ".join([*self.themes, *self.regions, *self.countries])


class Delivery(Model):
    """One news item sent to one subscription, so a digest never sends it twice."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True)
    item_key: Mapped[str] = mapped_column(String(40))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("subscription_id", "item_key", name="uq_deliveries_item"),)


class MailCondition(Model):
    """A destination country where the post is suspended or unreliable."""

    __tablename__ = "mail_conditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(100), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="suspended")
    note: Mapped[str] = mapped_column(Text, default="")
    since: Mapped[date] = mapped_column(Date)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (one_of("status", MAIL_STATUSES),)

    @property
    def label(self) -> str:
        """Plain description."""
        return _("Post suspended") if self.status == "suspended" else _("Post unreliable")
