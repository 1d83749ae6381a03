"""PDFs: draft previews, approved letters, class and assignment exports, the school print queue."""
from __future__ import annotations

from babel.lists import format_list
from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext, ngettext
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from .. import access, i18n
from ..access import role_required
from ..assignments.models import Assignment
from ..auth.models import School
from ..classes.exports import slug
from ..dates import for_school
from ..extensions import db, limiter
from ..letters.models import APPROVED_STATES, Letter
from ..network import mail
from ..paper import PAPERS
from . import batches, exports, services
from .forms import BatchForm, MarkForm

bp = Blueprint("printing", __name__, url_prefix="/printing")
CHUNK = 25  # renders per request while an export is being prepared


def pdf_response(pdf: bytes, filename: str, inline: bool = True) -> Response:
    """A PDF download."""
    disposition = "inline" if inline else "attachment"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'{disposition}; filename="{filename}"'})


# Each new version of a draft is a fresh render (up to a second for the longest letter),
# so a student's previews are limited; the same version comes from the cache.
PREVIEW_LIMIT = "10 per minute;60 per hour"
PREVIEW_BUSY = lazy_gettext("That's a lot of previews in a short time. Keep writing, and look at your letter again "
                  "in a minute: your work is saved.")


def _signed_in_user() -> str:
    """The rate-limit key of a signed-in user (previews are counted per student, not per school network)."""
    return f"user:{current_user.id}"


@bp.get("/letters/<int:letter_id>/preview.pdf")
@role_required("teacher", "student")
@limiter.limit(PREVIEW_LIMIT, key_func=_signed_in_user, error_message=lambda: str(PREVIEW_BUSY),
               exempt_when=lambda: current_user.role != "student")
def preview(letter_id: int) -> Response:
    """The letter as it would print: watermarked DRAFT until approved."""
    letter = access.readable_letter_or_404(letter_id)
    pdf = services.letter_pdf(letter)
    db.session.commit()
    return pdf_response(pdf, f"letter-{letter.id}-preview.pdf")


@bp.get("/letters/<int:letter_id>/letter.pdf")
@role_required("teacher", "student")
def letter_pdf(letter_id: int) -> Response:
    """An approved letter, ready to print (students download their own)."""
    letter = access.readable_letter_or_404(letter_id)
    access.ensure(letter.state in APPROVED_STATES)
    pdf = services.letter_pdf(letter)
    db.session.commit()
    return pdf_response(pdf, f"letter-{letter.id}.pdf", inline=False)


def _scope(kind: str, object_id: int) -> tuple[list[Letter], School, str, str]:
    """The letters, school, label and file stem of a class or assignment export."""
    if kind == "assignment":
        assignment = access.taught_assignment_or_404(object_id)
        classroom = assignment.classroom
        letters = db.session.scalars(db.select(Letter).where(Letter.assignment_id == assignment.id)
                                     .options(*exports.LOAD)).all()
        return list(letters), classroom.school, f"{classroom.name}: {assignment.case.title}", slug(f"{classroom.name}-{assignment.case.ua_number}")
    classroom = access.taught_class_or_404(object_id)
    letters = db.session.scalars(db.select(Letter).join(Assignment).where(Assignment.class_id == classroom.id)
                                 .options(*exports.LOAD)).all()
    return list(letters), classroom.school, classroom.name, slug(classroom.name)


@bp.get("/<any(class, assignment):kind>/<int:object_id>/export")
@role_required("teacher")
def export(kind: str, object_id: int) -> str:
    """Prepare an export (rendering what's missing, a chunk per visit) and offer the downloads."""
    letters, school, label, _ = _scope(kind, object_id)
    chosen = exports.approved_only(letters)
    progress = exports.prepare(chosen, budget=CHUNK)
    db.session.commit()
    return render_template("printing/export.html", kind=kind, object_id=object_id, label=label, progress=progress,
                           skipped=len([l for l in letters if l.state not in APPROVED_STATES]), school=school,
                           sheets=len(exports.approved_sheets(letters)), warnings=mail.export_warnings(chosen),
                           labels_per_sheet=PAPERS[school.page_size].labels_per_sheet)


@bp.get("/<any(class, assignment):kind>/<int:object_id>/letters.pdf")
@role_required("teacher")
def export_pdf(kind: str, object_id: int) -> Response:
    """One PDF of the approved letters, sorted by recipient, with a cover sheet."""
    letters, school, label, stem = _scope(kind, object_id)
    pdf = exports.export_pdf(letters, school.name, label, for_school(school), school.page_size,
                             duplex=request.args.get("duplex") == "1",
                             warnings=mail.export_warnings(exports.approved_only(letters)))
    db.session.commit()
    return pdf_response(pdf, f"{stem}-letters.pdf", inline=False)


@bp.get("/<any(class, assignment):kind>/<int:object_id>/sheet.pdf")
@role_required("teacher")
def export_sheet(kind: str, object_id: int) -> Response:
    """Approved social media posts and phone scripts on a printable sheet."""
    letters, _school, label, stem = _scope(kind, object_id)
    chosen = exports.approved_sheets(letters)
    access.ensure(bool(chosen))
    return pdf_response(services.sheet_pdf(exports.sort_for_print(chosen), _("Posts and phone scripts: %(label)s", label=label)),
                        f"{stem}-posts-and-scripts.pdf", inline=False)


@bp.get("/<any(class, assignment):kind>/<int:object_id>/labels.pdf")
@role_required("teacher")
def export_labels(kind: str, object_id: int) -> Response:
    """Address labels for the export's envelopes, in the same order."""
    letters, school, _label, stem = _scope(kind, object_id)
    return pdf_response(exports.labels_pdf(letters, school.page_size), f"{stem}-labels.pdf", inline=False)


# --- the school's print queue ------------------------------------------------------------

def _school() -> School:
    """The coordinator's school."""
    return access.found_or_404(db.session.get(School, current_user.school_id))


def render_queue(form: BatchForm | None = None, status: int = 200) -> tuple[str, int]:
    """The queue page: approved letters waiting, grouped by class and assignment, and the batches."""
    school = _school()
    letters = batches.queue(school)
    groups: dict[tuple[str, str], list[Letter]] = {}
    for letter in letters:
        groups.setdefault((letter.assignment.classroom.name, letter.assignment.case.title), []).append(letter)
    form = form or BatchForm()
    form.class_ids.choices = {str(c.id): c.name for c in sorted({l.assignment.classroom for l in letters}, key=lambda c: c.name)}
    form.assignment_ids.choices = {str(a.id): f"{a.classroom.name}: {a.case.title}" for a in
                                   sorted({l.assignment for l in letters}, key=lambda a: (a.classroom.name, a.id))}
    held = mail.suspended_letters(letters)
    countries = sorted({letter.assignment.case.country for letter in held})
    return render_template("printing/queue.html", school=school, groups=groups, total=len(letters), form=form,
                           batches=batches.school_batches(school), held=held,
                           held_countries=format_list(countries, locale=i18n.page_locale()) if countries else "",
                           emailable=any(letter.target is not None and letter.target.email for letter in held),
                           warnings=mail.export_warnings(letters)), status


@bp.get("/queue")
@role_required("coordinator")
def queue() -> tuple[str, int]:
    """The school's approved letters waiting to be printed."""
    return render_queue()


@bp.post("/batches")
@role_required("coordinator")
def create_batch() -> WerkzeugResponse | tuple[str, int]:
    """Snapshot the chosen letters into a print batch."""
    school = _school()
    form = BatchForm()
    render_queue(form)  # fills the choices so the submitted ones validate
    if not form.validate_on_submit():
        return render_queue(form, 400)
    letters = batches.queue(school, form.class_ids.data or [], form.assignment_ids.data or [])
    if form.hold_suspended.data:
        letters, all_held = mail.without_held(letters)
        if all_held:
            flash(all_held, "error")
            return redirect(url_for("printing.queue"))
    try:
        batch = batches.create(school, current_user, letters, form.label.data or "", form.duplex.data)
    except batches.BatchError as error:
        flash(str(error), "error")
        return redirect(url_for("printing.queue"))
    db.session.commit()
    flash(ngettext("Batch “%(label)s” made with %(num)d letter.", "Batch “%(label)s” made with %(num)d letters.",
                   len(batch.items), label=batch.label), "success")
    return redirect(url_for("printing.batch", batch_id=batch.id))


@bp.get("/batches/<int:batch_id>")
@role_required("coordinator")
def batch(batch_id: int) -> str:
    """A batch: its letters in order, downloads, and marking it printed and mailed."""
    found = access.coordinated_batch_or_404(batch_id)
    return render_template("printing/batch.html", batch=found, mark_form=MarkForm(),
                           warnings=mail.export_warnings(batches.batch_letters(found)))


@bp.get("/batches/<int:batch_id>/letters.pdf")
@role_required("coordinator")
def batch_pdf(batch_id: int) -> Response:
    """The batch's PDF: the same letters in the same order every time."""
    found = access.coordinated_batch_or_404(batch_id)
    letters = batches.batch_letters(found)
    pdf = batches.batch_pdf(found, mail.export_warnings(letters))
    return pdf_response(pdf, f"batch-{found.id}.pdf", inline=False)


@bp.get("/batches/<int:batch_id>/labels.pdf")
@role_required("coordinator")
def batch_labels(batch_id: int) -> Response:
    """Address labels for the batch, in batch order."""
    found = access.coordinated_batch_or_404(batch_id)
    from .documents import LabelSheet
    from .render import render_labels

    addresses = exports.label_addresses(batches.batch_letters(found))
    return pdf_response(render_labels(LabelSheet(page_size=found.school.page_size, addresses=tuple(addresses))),
                        f"batch-{found.id}-labels.pdf", inline=False)


@bp.post("/batches/<int:batch_id>/<any(printed, mailed):step>")
@role_required("coordinator")
def mark(batch_id: int, step: str) -> WerkzeugResponse:
    """Mark the batch printed, or mailed; its letters follow."""
    found = access.coordinated_batch_or_404(batch_id)
    form = MarkForm()
    if not form.validate_on_submit():
        flash(_("Enter a valid date (or leave it empty for today)."), "error")
        return redirect(url_for("printing.batch", batch_id=found.id))
    try:
        moved = (batches.mark_printed if step == "printed" else batches.mark_mailed)(found, current_user, form.date.data)
    except batches.BatchError as error:
        flash(str(error), "error")
        return redirect(url_for("printing.batch", batch_id=found.id))
    db.session.commit()
    flash(ngettext("Batch marked printed: %(num)d letter updated.", "Batch marked printed: %(num)d letters updated.", moved)
          if step == "printed" else
          ngettext("Batch marked mailed: %(num)d letter updated.", "Batch marked mailed: %(num)d letters updated.", moved),
          "success")
    return redirect(url_for("printing.batch", batch_id=found.id))
