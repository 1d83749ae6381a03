"""A school's page: details, code, colleagues and print coordinators."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..access import can_manage_school, ensure, found_or_404, role_required
from ..auth.models import School, User
from ..extensions import db
from ..i18n import language_changed
from .forms import SchoolForm

bp = Blueprint("schools", __name__, url_prefix="/schools")


def _own_school() -> School:
    """The current teacher's school (404 for a teacher without one)."""
    school = db.session.get(School, current_user.school_id) if current_user.school_id else None
    return found_or_404(school, lambda school: can_manage_school(current_user, school))


@bp.route("/mine", methods=["GET", "POST"])
@role_required("teacher")
def show() -> Response | str:
    """See and edit the school's details; see the code and the colleagues."""
    school = _own_school()
    form = SchoolForm(obj=school)
    if form.validate_on_submit():
        form.populate_obj(school)
        db.session.commit()
        language_changed()
        flash(_("School details saved."), "success")
        return redirect(url_for("schools.show"))
    teachers = db.session.scalars(
        select(User).where(User.school_id == school.id, User.role == "teacher").order_by(User.name)
    ).all()
    return render_template("schools/show.html", school=school, form=form, teachers=teachers)


@bp.post("/mine/coordinators/<int:user_id>")
@role_required("teacher")
def toggle_coordinator(user_id: int) -> Response:
    """Give or take the print-coordinator role of a colleague in the same school."""
    school = _own_school()
    colleague = db.session.get(User, user_id)
    ensure(colleague is not None and colleague.role == "teacher" and colleague.school_id == school.id)
    assert colleague is not None
    colleague.is_print_coordinator = not colleague.is_print_coordinator
    db.session.commit()
    if colleague.is_print_coordinator:
        flash(_("%(name)s is now a print coordinator.", name=colleague.name), "success")
    else:
        flash(_("%(name)s is no longer a print coordinator.", name=colleague.name), "success")
    return redirect(url_for("schools.show"))
