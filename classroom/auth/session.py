"""Flask-Login wiring and the sign-in/sign-out session rules."""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Flask, current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from sqlalchemy import delete, select

from ..clock import utcnow
from ..extensions import db, login_manager
from .models import SignInSession, User

SESSION_USER_KEY = "_user_id"  # where Flask-Login keeps ``User.get_id()`` in the session


Identity = tuple[int, str, str]  # user id, the account's session token, the sign-in's key


def load_user(identity: str) -> User | None:
    """Resolve ``id:token:key``: the account's token must be current (a new password ends every
    session) and the sign-in must still be open (signing out ends it), in one query."""
    parsed = parse_identity(identity)
    if parsed is None:
        return None
    user_id, token, key = parsed
    # The remember cookie carries no time of its own: a sign-in older than any cookie may live is over.
    user = db.session.scalar(
        select(User).join(SignInSession, (SignInSession.user_id == User.id) & (SignInSession.key == key))
        .where(User.id == user_id, SignInSession.created_at >= utcnow() - _longest_life()))
    if user is None or not token_is_current(user.session_token, token):
        return None
    user.sign_in_key = key
    return user


def parse_identity(identity: object) -> Identity | None:
    """``id:token:key`` as the session keeps it (``User.get_id``)."""
    if not isinstance(identity, str):
        return None
    user_id, token, key = ([*identity.split(":"), "", ""])[:3]
    if not user_id.isdigit() or not token or not key or identity.count(":") != 2:
        return None
    return int(user_id), token, key


def token_is_current(user_token: str, token: str) -> bool:
    """A session carries the user's current token; changing the password rotates it."""
    return secrets.compare_digest(user_token, token)


def signed_in_identity() -> Identity | None:
    """Who the signed session cookie names, without loading them: (user id, token, sign-in key) or None.

    The caller must check the token and that the sign-in is still open, as ``load_user`` does
    (``letters.services.quick_autosave`` does both in its one query).

    For the one route that checks the token itself (the quick autosave) instead of loading
    the user through Flask-Login. Nobody is named when Flask-Login would do more than read
    the cookie: "strong" session protection may end a session whose address changed.
    """
    if login_manager.session_protection == "strong":
        return None
    return parse_identity(session.get(SESSION_USER_KEY))


def _longest_life() -> timedelta:
    """How long a sign-in can last at most: the session or the remember cookie, whichever is longer."""
    seconds = [current_app.config.get("PERMANENT_SESSION_LIFETIME"), current_app.config.get("REMEMBER_COOKIE_DURATION")]
    spans = [s if isinstance(s, timedelta) else timedelta(seconds=s or 0) for s in seconds]
    return max(spans)


def without_user_lookup() -> None:
    """For the rest of this request, draw pages as for nobody signed in, without asking the database.

    For the 503 page while the database is away: Flask-Login would otherwise load the user
    for every template (and fail again). The session cookie is left as it is.
    """
    login_manager._update_request_context_with_user(None)  # Flask-Login 0.6's own way to set g._login_user


def sign_in(user: User, remember: bool = False) -> None:
    """Start a fresh session for ``user``; nothing from before sign-in carries over.

    Opens a ``SignInSession`` (committed) and forgets the user's sign-ins older than any cookie can be.
    """
    session.clear()
    db.session.execute(delete(SignInSession).where(SignInSession.user_id == user.id,
                                                   SignInSession.created_at < utcnow() - _longest_life()))
    key = secrets.token_urlsafe(24)
    db.session.add(SignInSession(key=key, user_id=user.id))
    db.session.commit()
    user.sign_in_key = key
    login_user(user, remember=remember)
    session.permanent = True


def sign_out() -> None:
    """End the session completely: this sign-in's record goes, so no copy of its cookies
    (session or remember) works again; the user's other devices stay signed in."""
    parsed = parse_identity(session.get(SESSION_USER_KEY))
    if parsed is not None:
        db.session.execute(delete(SignInSession).where(SignInSession.user_id == parsed[0],
                                                       SignInSession.key == parsed[2]))
        db.session.commit()
    logout_user()
    session.clear()


def end_all_sign_ins(user: User) -> None:
    """Forget every sign-in of the user (their password changed, or the account goes)."""
    db.session.execute(delete(SignInSession).where(SignInSession.user_id == user.id))


def init_login(app: Flask) -> None:
    """Configure Flask-Login."""
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.signin"
    login_manager.login_message = _l("Please sign in to see that page.")
    login_manager.localize_callback = str  # the lazy message in the page's language
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
