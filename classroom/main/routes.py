"""The home page of each role, and the health check."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

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
