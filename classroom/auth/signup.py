"""Teacher sign-up that tells nobody whether an email already has an account.

Every sign-up that passes the form gets the same answer ("check your email"). The email
decides: a new address gets a link that confirms it and signs the teacher in; an address
that already has an account gets a note saying so (nothing about the account changes,
and nobody is signed in). An account nobody confirmed yet takes the newest details, so
whoever owns the mailbox ends up owning the account.
"""
from __future__ import annotations

import hashlib
import smtplib
from typing import Any

from flask import current_app, render_template, request, url_for
from flask_babel import LazyString, force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..clock import utcnow
from ..extensions import db
from ..i18n import COOKIE, PSEUDO, PSEUDO_LOCALE, language_of, select_language, supported
from ..schools import locales
from . import services
from .models import School, User
from .passwords import hash_password

LINK_DAYS = 3
_SALT = "confirm-teacher-email"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _fingerprint(user: User) -> str:
    """Changes when the pending details (password) change, so older links stop working."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def confirmation_token(user: User) -> str:
    """The signed value in a confirmation link."""
    return _serializer().dumps({"u": user.id, "e": user.email, "f": _fingerprint(user)})


def register(name: str, email: str, password: str, school: dict[str, Any]) -> None:
    """Handle a valid sign-up; the caller answers the same whatever happened here.

    ``school`` is ``{"code": ...}`` to join one, or ``{"name", "address", "country", "page_size", "time_zone"}``.
    """
    existing = services.find_account(email) if "@" in email else None
    if existing is not None and (existing.role != "teacher" or existing.email_confirmed_at is not None):
        hash_password(password)  # as long as the other branch takes: the timing tells nothing either
        send_email(existing, "auth/email_exists.txt", _l("You already have an account"),
                   name=existing.name, signin=site_url("auth.signin"))
        return
    target_school = _school(school)
    if existing is None:
        user = services.create_teacher(name, email, password, target_school, confirmed=False)
    else:  # not confirmed yet: the newest details win; only the mailbox's owner can confirm
        user = existing
        user.name, user.school = name.strip(), target_school
        user.password_hash = hash_password(password)
    # A language picked with the switch before signing up is the teacher's own choice from now on.
    user.language = supported(request.cookies.get(COOKIE)) or user.language
    db.session.commit()
    send_email(user, "auth/email_confirm.txt", _l("Confirm your email to finish signing up"),
               name=user.name, link=site_url("auth.confirm", token=confirmation_token(user)), days=LINK_DAYS)


def _school(choice: dict[str, Any]) -> School | None:
    if choice.get("code"):
        return services.school_by_code(choice["code"])
    # The school's language and date style: the page's language, in the browser's region if it names one.
    locale = locales.for_language(select_language(), [tag for tag, _q in request.accept_languages])
    return services.create_school(choice["name"], choice["address"], choice["country"], choice["page_size"],
                                  locale=locale, time_zone=choice.get("time_zone") or "UTC")


def confirm(token: str) -> User | None:
    """The teacher a confirmation link names, now confirmed; None for a bad, old or used link."""
    try:
        data = _serializer().loads(token, max_age=LINK_DAYS * 24 * 3600)
    except BadSignature:
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if (user is None or user.role != "teacher" or user.email != data.get("e")
            or user.email_confirmed_at is not None or _fingerprint(user) != data.get("f")):
        return None
    user.email_confirmed_at = utcnow()
    db.session.commit()
    return user


def site_url(endpoint: str, **values: Any) -> str:
    """An absolute link for an email (the site's public address, not the request's Host)."""
    return current_app.config["SITE_URL"].rstrip("/") + url_for(endpoint, **values)


def send_email(user: User, template: str, subject: LazyString, **context: Any) -> None:
    """Send one email to ``user``, in their language (``i18n.language_of``); a mail failure is
    logged and never changes the page the person sees."""
    from flask_mailman import EmailMessage

    language = language_of(user)
    with force_locale(PSEUDO_LOCALE if language == PSEUDO else language):
        body = render_template(template, **context)
        subject_line = _("Write for Rights: %(subject)s", subject=str(subject))
    to = user.email or ""
    if not current_app.config.get("MAIL_SERVER") and not current_app.testing:
        current_app.logger.warning("No mail server: an account email was not sent "
                                   "(confirm a teacher with `flask confirm-teacher EMAIL`).")
        return
    try:
        EmailMessage(subject=subject_line, body=body, to=[to]).send()
    except (smtplib.SMTPException, OSError) as error:
        current_app.logger.warning("Account email not sent: %s", error)
