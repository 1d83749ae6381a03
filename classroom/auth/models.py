"""Schools and the people who use the product."""
from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import false as sa_false
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..checks import one_of
from ..clock import utcnow
from ..extensions import Model
from ..paper import DEFAULT_PAGE_SIZE, PAGE_SIZES

ROLES = ("teacher", "student")


def new_token() -> str:
    """A random value for session invalidation."""
    return secrets.token_urlsafe(16)


class School(Model):
    """A school: its letters go out under its name and postal address, never a student's."""

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)  # postal address lines, one per line
    country: Mapped[str] = mapped_column(String(100))
    page_size: Mapped[str] = mapped_column(String(10), default=DEFAULT_PAGE_SIZE)
    locale: Mapped[str] = mapped_column(String(20), default="en-GB")
    # IANA name (America/Chicago): every date and time the school sees is in it (classroom/dates.py).
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    allow_age_override: Mapped[bool] = mapped_column(Boolean, default=False)
    mailing_allowance_days: Mapped[int] = mapped_column(Integer, default=7)
    join_code: Mapped[str] = mapped_column(String(20), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[User]] = relationship(back_populates="school")

    __table_args__ = (one_of("page_size", PAGE_SIZES),)

    @property
    def address_lines(self) -> list[str]:
        """The postal address as a list of non-empty lines."""
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def sender_lines(self) -> list[str]:
        """The address under the school's name on letters: without the name again (the address
        hint invites typing it as the first line) and ending with the country, for post abroad."""
        lines = self.address_lines
        if lines and lines[0].casefold() == self.name.strip().casefold():
            lines = lines[1:]
        country = self.country.strip()
        if country and not (lines and lines[-1].casefold() == country.casefold()):
            lines = [*lines, country]
        return lines


class User(UserMixin, Model):  # type: ignore[misc]  # Flask-Login has no type information
    """A teacher (signs in with email) or a student (signs in with a username, no email).

    Print coordinator and curator are capabilities a teacher account can hold.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))  # in full, in the written order (auth.names.written)
    # Kept apart for students so that signatures and usernames need no guess (auth.names).
    given_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    family_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    family_first: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    username: Mapped[str | None] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    is_print_coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    is_curator: Mapped[bool] = mapped_column(Boolean, default=False)
    # SHA-256 of the login card's QR secret (auth.cards); None: no card signs this student in.
    card_secret_hash: Mapped[str | None] = mapped_column(String(64))
    # Rotated on password change so that every other session of the account ends.
    session_token: Mapped[str] = mapped_column(String(64), default=new_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # A teacher who signed up signs in only once the emailed link confirmed the address (auth.signup).
    email_confirmed_at: Mapped[datetime | None]
    # The page language this person chose with the switch (classroom/i18n.py); None: not chosen.
    language: Mapped[str | None] = mapped_column(String(16))

    school: Mapped[School | None] = relationship(back_populates="members")

    __table_args__ = (
        one_of("role", ROLES),
        CheckConstraint(
            "(role = 'teacher' AND email IS NOT NULL) OR (role = 'student' AND username IS NOT NULL)",
            name="login_name",
        ),
    )

    # The sign-in (``SignInSession.key``) this user object was loaded for or signed in with; not a column.
    sign_in_key = ""

    def get_id(self) -> str:
        """Flask-Login identity: the id, the account's session token (a new password ends every
        session) and the key of this sign-in (signing out ends it, on every copy of the cookies)."""
        return f"{self.id}:{self.session_token}:{self.sign_in_key}"

    @property
    def is_teacher(self) -> bool:
        """True for teacher accounts (including coordinators and curators)."""
        return self.role == "teacher"

    @property
    def is_student(self) -> bool:
        """True for student accounts."""
        return self.role == "student"

    @property
    def login_name(self) -> str:
        """What this person types to sign in."""
        return self.email or self.username or ""

    @property
    def first_name(self) -> str:
        """The given name (for a teacher without one, the first word of the name)."""
        return self.given_name or (self.name.split()[0] if self.name.split() else "")

    @property
    def last_name(self) -> str:
        """The family name (for a teacher without one, the last word when there is more than one)."""
        if self.given_name or self.family_name:
            return self.family_name
        parts = self.name.split()
        return parts[-1] if len(parts) > 1 else ""

    def set_name(self, given: str, family: str, family_first: bool = False) -> None:
        """Store the parts of a name and the full name written in their order."""
        from .names import written

        self.given_name, self.family_name = given.strip(), family.strip()
        self.family_first = family_first
        self.name = written(self.given_name, self.family_name, family_first)


class SignInSession(Model):
    """One sign-in of a user, alive until signed out (or the password changes).

    The signed cookie (and the remember cookie) names it; signing out deletes the row, so a
    copied cookie is worth nothing afterwards while the user's other devices stay signed in.
    """

    __tablename__ = "sign_in_sessions"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
