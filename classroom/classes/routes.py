"""Teachers' class pages: create, edit, join code, co-teachers, archive, exports."""
from __future__ import annotations

from flask_babel import gettext as _

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from ..access import can_manage_student, role_required, taught_class_or_404
from ..database import erase_deleted_data
from ..extensions import db
from ..letters.models import STATE_LABELS
from . import exports, matrix, privacy, services
from .forms import AddStudentForm, ClassForm, CoTeacherForm, ConfirmPurgeForm, RosterUploadForm
from .models import Classroom

bp = Blueprint("classes", __name__, url_prefix="/classes")


def _back(classroom: Classroom) -> WerkzeugResponse:
    """Return to the class page."""
    return redirect(url_for("classes.show", class_id=classroom.id))


def _editable(class_id: int) -> Classroom:
    """A class the current teacher teaches that is not archived (archived classes are read-only)."""
    classroom = taught_class_or_404(class_id)
    if classroom.is_archived:
        flash(_("This class is archived, so it can't be changed. Restore it first."), "error")
        abort(Response(status=303, headers={"Location": url_for("classes.show", class_id=class_id)}))
    return classroom


@bp.route("/new", methods=["GET", "POST"])
@role_required("teacher")
def new() -> WerkzeugResponse | str:
    """Create a class."""
    if not current_user.school_id:
        abort(403)
    form = ClassForm()
    if form.validate_on_submit():
        classroom = services.create_class(current_user, form.name.data, form.band.data,
                                          form.school_year.data, form.signature_rule.data)
        classroom.join_requires_approval = form.join_requires_approval.data
        classroom.language = form.language.data or None
        db.session.commit()
        flash(_("Class “%(name)s” created. Add students next.", name=classroom.name), "success")
        return _back(classroom)
    return render_template("classes/form.html", form=form, classroom=None)


def render_class(classroom: Classroom, status: int = 200, **forms: object) -> tuple[str, int]:
    """The class page, with any form whose errors should show."""
    context = {"add_form": AddStudentForm(), "roster_form": RosterUploadForm(), "teacher_form": CoTeacherForm(),
               "purge_form": ConfirmPurgeForm(), **forms}
    class_matrix = matrix.build(classroom)
    return render_template("classes/show.html", classroom=classroom, matrix=class_matrix,
                           code=services.format_code(classroom.join_code), state_labels=STATE_LABELS,
                           signature_example=services.signature("Maya", "Kowalski", classroom.signature_rule),
                           wrote_for=matrix.cases_written_for(class_matrix), retention_days=privacy.retention().days,
                           deletes_on=privacy.deletes_on(classroom), manageable=manageable_students(classroom),
                           **context), status


def manageable_students(classroom: Classroom) -> set[int]:
    """Ids of the class's students whose accounts the current teacher manages (passwords, cards)."""
    return {e.student_id for e in classroom.enrolments if e.status == "active" and can_manage_student(current_user, e.student)}


@bp.get("/<int:class_id>")
@role_required("teacher")
def show(class_id: int) -> tuple[str, int]:
    """The class page: roster, join code, assignments and each letter's state."""
    return render_class(taught_class_or_404(class_id))


@bp.route("/<int:class_id>/edit", methods=["GET", "POST"])
@role_required("teacher")
def edit(class_id: int) -> WerkzeugResponse | str:
    """Change a class's name, band, year, signature rule or join approval."""
    classroom = _editable(class_id)
    form = ClassForm(obj=classroom)
    if form.validate_on_submit():
        problem = services.band_change_problem(classroom, form.band.data) if form.band.data != classroom.band else None
        if problem:
            form.band.errors = [problem]
            return render_template("classes/form.html", form=form, classroom=classroom)
        form.populate_obj(classroom)
        classroom.language = form.language.data or None
        db.session.commit()
        flash(_("Class saved."), "success")
        return _back(classroom)
    return render_template("classes/form.html", form=form, classroom=classroom)


@bp.get("/<int:class_id>/code")
@role_required("teacher")
def code(class_id: int) -> str:
    """The join code, large, for a projector."""
    classroom = taught_class_or_404(class_id)
    return render_template("classes/code.html", classroom=classroom, code=services.format_code(classroom.join_code))


@bp.post("/<int:class_id>/code/rotate")
@role_required("teacher")
def rotate_code(class_id: int) -> WerkzeugResponse:
    """A new code; the old one stops working."""
    classroom = _editable(class_id)
    services.rotate_join_code(classroom)
    db.session.commit()
    flash(_("New class code: %(code)s. The old code no longer works.", code=services.format_code(classroom.join_code)),
          "success")
    return _back(classroom)


@bp.post("/<int:class_id>/code/off")
@role_required("teacher")
def code_off(class_id: int) -> WerkzeugResponse:
    """Stop students joining with a code."""
    classroom = _editable(class_id)
    classroom.join_code = None
    db.session.commit()
    flash(_("Joining with a code is turned off."), "success")
    return _back(classroom)


@bp.post("/<int:class_id>/teachers")
@role_required("teacher")
def add_teacher(class_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Invite a colleague from the same school as co-teacher."""
    classroom = _editable(class_id)
    form = CoTeacherForm()
    if form.validate_on_submit():
        colleague, problem = services.add_co_teacher(classroom, form.email.data)
        if colleague:
            db.session.commit()
            flash(_("%(name)s now co-teaches %(class_name)s.", name=colleague.name, class_name=classroom.name), "success")
            return _back(classroom)
        form.email.errors = [problem]
    return render_class(classroom, 400, teacher_form=form)


@bp.post("/<int:class_id>/archive")
@role_required("teacher")
def archive(class_id: int) -> WerkzeugResponse:
    """Archive the class; its student data is deleted after the retention period."""
    classroom = _editable(class_id)
    services.archive(classroom)
    db.session.commit()
    flash(_("%(class_name)s is archived. Its students' data will be deleted after the retention period, "
            "or now if you choose.", class_name=classroom.name), "success")
    return _back(classroom)


@bp.post("/<int:class_id>/restore")
@role_required("teacher")
def restore(class_id: int) -> WerkzeugResponse:
    """Bring an archived class back, unless its data was already deleted."""
    classroom = taught_class_or_404(class_id)
    if classroom.purged_at:
        flash(_("This class's student data was deleted, so it can't be restored."), "error")
    else:
        services.restore(classroom)
        db.session.commit()
        flash(_("%(class_name)s is active again.", class_name=classroom.name), "success")
    return _back(classroom)


@bp.post("/<int:class_id>/purge")
@role_required("teacher")
def purge(class_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Delete an archived class's student accounts and letters now (after typing its name)."""
    classroom = taught_class_or_404(class_id)
    form = ConfirmPurgeForm()
    if not classroom.is_archived:
        flash(_("Archive the class before deleting its student data."), "error")
        return _back(classroom)
    if form.validate_on_submit() and form.confirm_name.data.strip() == classroom.name:
        removal = privacy.purge_class(classroom)
        db.session.commit()
        erase_deleted_data()
        flash(_("%(deleted)s Anonymous letter counts are kept.", deleted=removal.sentence()), "success")
        return _back(classroom)
    form.confirm_name.errors = [_("Type the class name exactly as shown to confirm.")]
    return render_class(classroom, 400, purge_form=form)


@bp.get("/<int:class_id>/matrix.csv")
@role_required("teacher")
def matrix_csv(class_id: int) -> Response:
    """The matrix of students and letter states as CSV."""
    classroom = taught_class_or_404(class_id)
    return Response(matrix.to_csv(matrix.build(classroom)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{exports.slug(classroom.name)}-letters.csv"'})


@bp.get("/<int:class_id>/export.zip")
@role_required("teacher")
def export(class_id: int) -> Response:
    """The class's data for the teacher: students and letter states (CSV), approved letters (PDF)."""
    classroom = taught_class_or_404(class_id)
    return Response(exports.class_zip(classroom), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{exports.slug(classroom.name)}.zip"'})
