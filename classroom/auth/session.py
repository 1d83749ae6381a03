"""Flask-Login wiring and the sign-in/sign-out session rules."""
from __future__ import annotations

from flask import Flask, session
from flask_login import login_user, logout_user

from ..extensions import db, login_manager
from .models import User


def load_user(identity: str) -> User | None:
    """Resolve ``id:token``; a rotated token (password changed) ends the session."""
    user_id, _, token = identity.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_token != token:
        return None
    return user


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
