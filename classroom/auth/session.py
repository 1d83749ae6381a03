"""Flask-Login wiring and the sign-in/sign-out session rules."""
from __future__ import annotations

import secrets

from flask import Flask, session
from flask_login import login_user, logout_user

from ..extensions import db, login_manager
from .models import User

SESSION_USER_KEY = "_user_id"  # where Flask-Login keeps ``User.get_id()`` in the session


def load_user(identity: str) -> User | None:
    """Resolve ``id:token``; a rotated token (password changed) ends the session."""
    parsed = parse_identity(identity)
    if parsed is None:
        return None
    user = db.session.get(User, parsed[0])
    if user is None or not token_is_current(user.session_token, parsed[1]):
        return None
    return user


def parse_identity(identity: object) -> tuple[int, str] | None:
    """``id:token`` as the session keeps it (``User.get_id``): the user's id and session token."""
    if not isinstance(identity, str):
        return None
    user_id, _, token = identity.partition(":")
    if not user_id.isdigit() or not token:
        return None
    return int(user_id), token


def token_is_current(user_token: str, token: str) -> bool:
    """A session carries the user's current token; changing the password rotates it."""
    return secrets.compare_digest(user_token, token)


def signed_in_identity() -> tuple[int, str] | None:
    """Who the signed session cookie names, without loading them: (user id, token) or None.

    For the one route that checks the token itself (the quick autosave) instead of loading
    the user through Flask-Login. Nobody is named when Flask-Login would do more than read
    the cookie: "strong" session protection may end a session whose address changed.
    """
    if login_manager.session_protection == "strong":
        return None
    return parse_identity(session.get(SESSION_USER_KEY))


def without_user_lookup() -> None:
    """For the rest of this request, draw pages as for nobody signed in, without asking the database.

    For the 503 page while the database is away: Flask-Login would otherwise load the user
    for every template (and fail again). The session cookie is left as it is.
    """
    login_manager._update_request_context_with_user(None)  # Flask-Login 0.6's own way to set g._login_user


def sign_in(user: User, remember: bool = False) -> None:
    """Start a fresh session for ``user``; nothing from before sign-in carries over."""
    session.clear()
    login_user(user, remember=remember)
    session.permanent = True


def sign_out() -> None:
    """End the session completely."""
    logout_user()
    session.clear()


def init_login(app: Flask) -> None:
    """Configure Flask-Login."""
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.signin"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
