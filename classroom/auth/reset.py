"""Teachers reset a forgotten password through a link emailed to them.

The link is signed (itsdangerous), lives for ``LINK_MINUTES`` and works once: it carries a
fingerprint of the password hash, which the reset itself changes. Asking for a link answers
the same whether or not the email has an account, and one mailbox gets at most
``MAILS_PER_HOUR`` links, so the form can neither list accounts nor flood an inbox.
Students have no email: their teacher gives them a new login card.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItemPerHour
from limits.strategies import FixedWindowRateLimiter

from ..clock import utcnow
from ..dates import for_school, page_locale
from ..extensions import db, limiter
from ..i18n import language_of
from . import services
from .models import User
from .signup import send_email, site_url

LINK_MINUTES = 60
MAILS_PER_HOUR = 3
_SALT = "reset-teacher-password"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _fingerprint(user: User) -> str:
    """Changes with the password, so a used link (or one older than the last change) stops working."""
    return hashlib.sha256(f"{user.password_hash}:{user.session_token}".encode()).hexdigest()[:20]


def reset_token(user: User) -> str:
    """The signed value in a reset link."""
    return _serializer().dumps({"u": user.id, "f": _fingerprint(user)})


def _mailbox_allows(email: str) -> bool:
    """One more link for this mailbox this hour? Counted in the rate-limit storage (shared by servers)."""
    item = RateLimitItemPerHour(MAILS_PER_HOUR, namespace="reset-mail")
    return FixedWindowRateLimiter(limiter.storage).hit(item, email)


def send_link(email: str) -> None:
    """Email a reset link when ``email`` belongs to a teacher; the caller answers the same either way."""
    email = services.normalise_email(email)
    user = services.find_account(email) if "@" in email else None
    if user is None or user.role != "teacher" or not user.email or not _mailbox_allows(email):
        return
    school_locale = user.school.locale if user.school else None
    until = for_school(user.school, page_locale(school_locale, language_of(user)))
    send_email(user, "auth/email_reset.txt", _l("Choose a new password"),
               name=user.name, link=site_url("auth.reset", token=reset_token(user)), minutes=LINK_MINUTES,
               until=until.time_text(utcnow() + timedelta(minutes=LINK_MINUTES)))


def account_for(token: str) -> User | None:
    """The teacher a reset link names; None for a forged, expired or already used link."""
    try:
        data = _serializer().loads(token, max_age=LINK_MINUTES * 60)
    except BadSignature:
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) and isinstance(data.get("u"), int) else None
    if user is None or user.role != "teacher" or _fingerprint(user) != data.get("f"):
        return None
    return user


def reset(user: User, password: str) -> None:
    """Store the new password (every other sign-in ends); the link proved the mailbox, so it is confirmed."""
    services.set_password(user, password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    db.session.commit()
