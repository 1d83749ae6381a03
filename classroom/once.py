"""One-time form tokens for actions that must not run twice (new passwords for a class, a
class list's accounts).

The form carries a fresh random token; the action first records it, and a second submission
with the same token (a double click, a reload that resends the form, the back button) finds
it used and changes nothing. Recording is an insert on a primary key, so two requests racing
each other cannot both get in, on SQLite or PostgreSQL: the second waits for the first's
commit and then fails. Tokens are kept two days, long past any reload.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import String, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from .clock import utcnow
from .extensions import Model, db

KEEP = timedelta(days=2)


class UsedFormToken(Model):
    """A one-time form token that has been used."""

    __tablename__ = "used_form_tokens"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


def new_token() -> str:
    """A token for one form (a template global: ``once_token()``)."""
    return secrets.token_urlsafe(24)


def use(token: str | None) -> bool:
    """Record the token as used; False when it is missing, malformed or used already."""
    if not token or len(token) > 64 or not token.replace("-", "").replace("_", "").isalnum():
        return False
    db.session.execute(delete(UsedFormToken).where(UsedFormToken.used_at < utcnow() - KEEP))
    try:
        with db.session.begin_nested():
            db.session.add(UsedFormToken(token=token))
    except IntegrityError:
        return False
    return True
