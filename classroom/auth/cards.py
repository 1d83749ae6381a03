"""Login-card QR codes: a per-student secret that signs a young child in with a camera.

The card's QR code holds ``/auth/card/<id>.<secret>``. The secret is 144 random bits made
here, never chosen by a person, so a SHA-256 of it is stored (not the secret): a leaked
database gives no card, and nothing is gained by a slow hash against random bits. Attempts
are counted like passwords (``throttle``, per student and per address). New cards (a new
password, new cards for the class) replace the secret, so old cards stop working; the
teacher can also turn a card off.
"""
from __future__ import annotations

import hashlib
import hmac
import io
import re
import secrets

import segno
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..extensions import db
from . import throttle
from .models import User
from .services import SignIn

TOKEN = re.compile(r"^(\d{1,12})\.([A-Za-z0-9_-]{20,40})$")
NOT_VALID = _l("This card doesn't work any more. Ask your teacher for a new login card.")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_card(student: User) -> str:
    """A fresh card token for the student; any older card stops working."""
    secret = secrets.token_urlsafe(18)
    student.card_secret_hash = _digest(secret)
    return f"{student.id}.{secret}"


def turn_off(student: User) -> None:
    """The student's card no longer signs anyone in."""
    student.card_secret_hash = None


def card_student(token: str, address: str) -> SignIn:
    """The student a card token signs in, counted against the throttle like a password."""
    match = TOKEN.match(token or "")
    user_id = match.group(1) if match else "malformed"
    refusal = throttle.reserve(f"card:{user_id}", address)
    if refusal:
        return SignIn(error=refusal.message, throttled=True)
    student = db.session.get(User, int(match.group(1))) if match else None
    stored = student.card_secret_hash if student is not None and student.is_student else None
    if match is None or not stored or not hmac.compare_digest(stored, _digest(match.group(2))):
        return SignIn(error=str(NOT_VALID))
    throttle.record_success(f"card:{user_id}", address)
    return SignIn(user=student)


def token_of(student: User, token: str) -> str | None:
    """``token`` when it is shaped as this student's card token (for printing what was just shown)."""
    match = TOKEN.match(token or "")
    return token if match and int(match.group(1)) == student.id else None


def qr_svg(url: str) -> Markup:
    """The URL as an inline SVG QR code (segno), sized for a card; medium error correction
    survives a crease or a smudge."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=3, border=2, xmldecl=False, svgns=True,
                                    title=_("QR code to sign in"), svgclass="card-qr")
    return Markup(out.getvalue().decode())
