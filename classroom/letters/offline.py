"""Who an editor page belongs to, as the service worker sees it (static/js/sw.js).

The worker keeps editor pages for working offline, but only one account's: a page with
another owner value empties its cache. The value is opaque (an HMAC of the account and its
session token), so a new password also starts a fresh cache.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from ..auth.models import User


def owner_key(user: User) -> str:
    """A stable, unguessable value for ``user``'s editor pages."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"editor-owner:{user.id}:{user.session_token}".encode(), hashlib.sha256).hexdigest()[:24]
