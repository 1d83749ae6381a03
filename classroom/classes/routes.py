"""Teachers' class pages: create, edit, roster."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..access import can_manage_student, ensure, role_required, taught_class_or_404
from ..auth.models import User
from ..extensions import db
from . import services
from .forms import AddStudentForm, ClassForm
from .models import Classroom, Enrolment

bp = Blueprint("classes", __name__, url_prefix="/classes")


def _student_in(classroom: Classroom, student_id: int) -> User:
    """A student of this class whom the current teacher manages."""
    student = db.session.get(User, student_id)
    ensure(student is not None and db.session.get(Enrolment, (classroom.id, student_id)) is not None
           and can_manage_student(current_user, student))
    return student  # type: ignore[return-value]


@bp.route("/new", methods=["GET", "POST"])
@role_required("teacher")
def new() -> Response | str:
    """Create a class."""
    if not current_user.school_id:
        abort(403)
    form = ClassForm()
    if form.validate_on_submit():
        classroom = services.create_class(current_user, form.name.data, form.band.data,
                                          form.school_year.data, form.signature_rule.data)
        db.session.commit()
        flash(f"Class “{classroom.name}” created. Add students next.", "success")
        return redirect(url_for("classes.show", class_id=classroom.id))
    return render_template("classes/new.html", form=form)


@bp.get("/<int:class_id>")
@role_required("teacher")
def show(class_id: int) -> str:
    """The class page: roster and what the class is working on."""
    classroom = taught_class_or_404(class_id)
    return render_template("classes/show.html", classroom=classroom, add_form=AddStudentForm())


@bp.route("/<int:class_id>/edit", methods=["GET", "POST"])
@role_required("teacher")
def edit(class_id: int) -> Response | str:
    """Change a class's name, band, year or signature rule."""
    classroom = taught_class_or_404(class_id)
    form = ClassForm(obj=classroom)
    if form.validate_on_submit():
        form.populate_obj(classroom)
        db.session.commit()
        flash("Class saved.", "success")
        return redirect(url_for("classes.show", class_id=classroom.id))
    return render_template("classes/edit.html", form=form, classroom=classroom)


@bp.post("/<int:class_id>/students")
@role_required("teacher")
def add_student(class_id: int) -> Response | str:
    """Add one student and show their login card once."""
    classroom = taught_class_or_404(class_id)
    form = AddStudentForm()
    if not form.validate_on_submit():
        return render_template("classes/show.html", classroom=classroom, add_form=form), 400  # type: ignore[return-value]
    card = services.add_student(classroom, form.name.data, form.username.data or None)
    db.session.commit()
    return render_template("classes/cards.html", classroom=classroom, cards=[card])


@bp.post("/<int:class_id>/students/<int:student_id>/password")
@role_required("teacher")
def reset_password(class_id: int, student_id: int) -> str:
    """Give a student a new password and show the new card."""
    classroom = taught_class_or_404(class_id)
    student = _student_in(classroom, student_id)
    card = services.reset_password(classroom, student)
    db.session.commit()
    return render_template("classes/cards.html", classroom=classroom, cards=[card])
