"""The home page of each role, and the health check."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from .. import i18n
from ..auth.routes import safe_next
from ..extensions import db, limiter
from . import services

bp = Blueprint("main", __name__)


@bp.get("/")
def home() -> str:
    """What needs this person now: a dashboard per role, or the welcome page."""
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    if current_user.is_student:
        return render_template("main/student_home.html", **services.student_home(current_user))
    return render_template("main/teacher_home.html", **services.teacher_home(current_user))


@bp.get("/healthz")
@limiter.exempt
def healthz() -> tuple[Response, int]:
    """Liveness and database reachability for load balancers."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        response = jsonify({"status": "error", "database": "error"})
        response.headers["Retry-After"] = str(current_app.config["DATABASE_RETRY_AFTER"])
        return response, 503
    return jsonify({"status": "ok", "database": "ok"}), 200


@bp.post("/language")
def language() -> Response:
    """The language switch on every page: keeps the choice (the account's, and a cookie for the
    signed-out pages of this browser) and goes back to the page it was pressed on."""
    chosen = request.form.get("language", "")
    target = safe_next(request.form.get("next"))
    if chosen not in i18n.languages():
        flash(_("That language is not offered. Choose one from the list."), "error")
        return redirect(target)
    if current_user.is_authenticated:
        current_user.language = chosen
        db.session.commit()
    response = redirect(target)
    response.set_cookie(i18n.COOKIE, chosen, max_age=60 * 60 * 24 * 365, samesite="Lax", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
