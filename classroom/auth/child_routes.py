"""Ways in for young children (issue 15): the QR code on a login card, and the class sign-in
page (class code, then your name, then your password).

Both end in the same checks as the sign-in form: a card secret and a password are counted by
``throttle`` per student and per address. The class page shows the names of one class, the
one whose code was typed, and only its active students; wrong codes are rate-limited per address.
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..classes.models import Classroom, Enrolment
from ..classes.services import class_by_code, signature
from ..extensions import db, limiter
from ..forms import Form
from . import cards, services
from .models import User
from .session import sign_in

WRONG_CODE = "That class code doesn't work. Check it with your teacher."


def card_qr(token: str) -> str:
    """The QR code (inline SVG) that opens this card token's sign-in page."""
    return cards.qr_svg(url_for("auth.card", token=token, _external=True))


def _address() -> str:
    return request.remote_addr or ""


def card(token: str) -> Response | tuple[str, int] | str:
    """The QR code's page: one button signs the child in (a GET changes nothing, so that a link
    preview or a prefetch neither signs anyone in nor uses up attempts)."""
    form = Form()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        result = cards.card_student(token, _address())
        if result.user:
            sign_in(result.user)
            return redirect(url_for("main.home"))
        error = result.error
    status = 429 if error and error.startswith("Too many") else 200 if error is None else 400
    return render_template("auth/card.html", form=form, error=error, signed_in=current_user.is_authenticated), status


def _wrong_code_page(code: str = "") -> tuple[str, int]:
    """The code page again, saying the code doesn't open a class (404: counted by the limiter)."""
    return render_template("auth/class_code.html", error=WRONG_CODE, code=code), 404


def _pupils(classroom: Classroom) -> list[tuple[User, str]]:
    """The class's active students with the name each picks: given name and family initial."""
    students = db.session.scalars(
        select(User).join(Enrolment, Enrolment.student_id == User.id)
        .where(Enrolment.class_id == classroom.id, Enrolment.status == "active")).all()
    shown = [(s, signature(s.given_name or s.name, s.family_name, "first_last_initial")) for s in students]
    return sorted(shown, key=lambda pair: (pair[1].casefold(), pair[0].id))


def _wrong_code(response: Response) -> bool:
    return response.status_code == 404


@limiter.limit("10 per minute", methods=["POST"], deduct_when=_wrong_code)
def class_code() -> Response | tuple[str, int] | str:
    """Step 1: the class code."""
    if request.method == "POST":
        code = (request.form.get("code") or "")[:40]
        if class_by_code(code) is None:
            return _wrong_code_page(code)
        return redirect(url_for("auth.class_names", code="".join(ch for ch in code.upper() if ch.isalnum())))
    return render_template("auth/class_code.html", error=None, code="")


@limiter.limit("10 per minute", deduct_when=_wrong_code)
def class_names(code: str) -> str | tuple[str, int]:
    """Step 2: pick your name from your class's list."""
    classroom = class_by_code(code)
    if classroom is None:
        return _wrong_code_page()
    return render_template("auth/class_names.html", classroom=classroom, pupils=_pupils(classroom), code=code)


@limiter.limit("10 per minute", deduct_when=_wrong_code)
def class_password(code: str, student_id: int) -> Response | tuple[str, int] | str:
    """Step 3: your password (checked and throttled as on the sign-in page)."""
    classroom = class_by_code(code)
    pupil = next(((s, shown) for s, shown in _pupils(classroom) if s.id == student_id), None) if classroom else None
    if classroom is None or pupil is None:
        return _wrong_code_page()
    student, shown = pupil
    form = Form()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        result = services.authenticate(student.username or "", request.form.get("password", "")[:200], _address())
        if result.user:
            sign_in(result.user)
            flash(f"Hello, {result.user.first_name}!", "success")
            return redirect(url_for("main.home"))
        error = result.error if result.error and result.error.startswith("Too many") else \
            "That password isn't right. Look at your login card and try again."
    status = 429 if error and error.startswith("Too many") else 200 if error is None else 400
    return render_template("auth/class_password.html", classroom=classroom, code=code, shown=shown,
                           form=form, error=error), status


def register(bp: Blueprint) -> None:
    """Attach the children's ways in to the auth blueprint (auth/blueprint.py calls it once)."""
    bp.add_app_template_global(card_qr, "card_qr")
    bp.add_url_rule("/card/<token>", view_func=card, methods=["GET", "POST"])
    bp.add_url_rule("/class", view_func=class_code, methods=["GET", "POST"])
    bp.add_url_rule("/class/<code>", view_func=class_names, methods=["GET"])
    bp.add_url_rule("/class/<code>/<int:student_id>", view_func=class_password, methods=["GET", "POST"])
