"""Students join a class with its code."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.session import sign_in
from ..classes import services
from ..classes.forms import JoinForm
from ..extensions import db, limiter

bp = Blueprint("join", __name__, url_prefix="/join")


def _welcome(enrolment_status: str, class_name: str) -> None:
    """Tell the student where they stand."""
    if enrolment_status == "pending":
        flash(_("Your teacher will let you into %(class_name)s soon.", class_name=class_name), "info")
    else:
        flash(_("Welcome to %(class_name)s!", class_name=class_name), "success")


@bp.route("/", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def enter_code() -> Response | str | tuple[str, int]:
    """Type the class code."""
    error = None
    if request.method == "POST":
        classroom = services.class_by_code(request.form.get("code", ""))
        if classroom and classroom.join_code:
            return redirect(url_for("join.with_code", code=classroom.join_code))
        error = _("No class has this code. Check it with your teacher.")
    return render_template("join/code.html", error=error), (404 if error else 200)


@bp.route("/<code>", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def with_code(code: str) -> Response | str | tuple[str, int]:
    """Create a student account in the class (or join it, when already signed in as a student)."""
    classroom = services.class_by_code(code)
    if classroom is None or classroom.join_code is None:
        return render_template("join/code.html", error=_("This class code doesn't work any more. Ask your teacher for the new one.")), 404
    if current_user.is_authenticated:
        if not current_user.is_student:
            flash(_("Teachers don't join classes with a code. Sign out to try it as a student."), "info")
            return redirect(url_for("main.home"))
        if request.method == "POST":
            enrolment = services.enrol(classroom, current_user)
            db.session.commit()
            _welcome(enrolment.status, classroom.name)
            return redirect(url_for("main.home"))
        return render_template("join/confirm.html", classroom=classroom)
    form = JoinForm()
    if form.validate_on_submit():
        student, enrolment = services.join_with_code(classroom, form.given_name.data, form.username.data, form.password.data,
                                                       family=form.family_name.data or "")
        db.session.commit()
        sign_in(student)
        _welcome(enrolment.status, classroom.name)
        return redirect(url_for("main.home"))
    return render_template("join/signup.html", form=form, classroom=classroom)
