"""The case library: browse, read, import, rate, and record what happened."""
from __future__ import annotations

import yaml
from babel import Locale, UnknownLocaleError
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from .. import access, bands, i18n
from ..access import role_required
from ..inputs import db_id
from ..classes.models import Classroom
from ..classes.services import taught_bands
from ..extensions import db
from ..network import mail
from ..printing import impact
from . import importing, search, services
from .age_gate import age_gate
from .content_rules import note_label
from .forms import ANY_COUNTRY, ANY_THEME
from .models import CASE_LANGUAGE
from .parsing import parse
from .forms import BandForm, EventForm, FilterForm, ImportForm, ThanksForm
from .readability import shown_summary, summary_grades
from .status import SHOWN_STATUS_LABELS, accepts_letters

bp = Blueprint("cases", __name__, url_prefix="/cases")
bp.add_app_template_filter(note_label, "note_label")


@bp.app_template_filter("language_label")
def language_label(tag: str) -> str:
    """A language tag ("es", "pt-br") by its name in the page's language ("español", "Spanish")."""
    try:
        return Locale.parse(tag.replace("-", "_")).get_display_name(i18n.page_locale()) or tag
    except (ValueError, UnknownLocaleError):
        return tag


def _class_context() -> Classroom | None:
    """The class a teacher is choosing cases for (``?class_id=``), when they teach it."""
    class_id = request.args.get("class_id", type=db_id)
    if not class_id:
        return None
    classroom = db.session.get(Classroom, class_id)
    return classroom if classroom and access.teaches(current_user, classroom) else None


@bp.get("/")
@role_required("teacher")
def index() -> str:
    """Search and filter the library; defaults to the band of the class being worked on."""
    form = FilterForm(request.args)
    classroom = _class_context()
    if classroom:
        default_band: str | None = classroom.band
    else:  # without a class in hand, a teacher whose classes are all of one band sees that band first
        own_bands = taught_bands(current_user)
        default_band = next(iter(own_bands)) if len(own_bands) == 1 else None
    defaulted = default_band is not None and "band" not in request.args
    if defaulted:
        form.band.data = default_band
    facets = search.facets(current_user)
    form.country.choices = {"": str(ANY_COUNTRY), **{c: c for c in facets["countries"]}}
    form.theme.choices = {"": str(ANY_THEME), **{t: t for t in facets["themes"]}}
    cases = search.search(current_user, words=form.q.data or "", band=form.band.data or None,
                            status=form.status.data or None, country=form.country.data or None,
                            theme=form.theme.data or None)
    if classroom and not form.status.data:
        cases = [case for case in cases if accepts_letters(case)]  # closed cases can't be assigned
    return render_template("cases/index.html", form=form, cases=cases, classroom=classroom,
                           own_band=default_band if defaulted and classroom is None else None,
                           status_labels=SHOWN_STATUS_LABELS)


@bp.get("/<int:case_id>")
@role_required("teacher")
def show(case_id: int) -> str:
    """A case: summary for the viewer's band, people, asks, targets, content notes, timeline."""
    case = access.viewable_case_or_404(case_id)
    classroom = _class_context()
    band = classroom.band if classroom else None
    return render_template(
        "cases/show.html", case=case, classroom=classroom, band=band,
        # Empty when no summary is written for the band (or a younger one): the page then says so
        # rather than label the teachers' summary as the class's.
        band_summary=shown_summary(case, band, fallback="") if band else None,
        gate=age_gate(case, band) if band else None,
        grades=summary_grades(case.student_summaries, case.student_summaries_by_language),
        status_labels=SHOWN_STATUS_LABELS,
        band_form=BandForm(band=case.min_band), event_form=EventForm(), thanks_form=ThanksForm(),
        can_curate=access.can_curate(current_user) and not case.is_private,
        can_edit=access.can_edit_case(current_user, case), impact=impact.for_case(case),
        mail_warning=mail.case_warning(case))


@bp.get("/<int:case_id>/export.yaml")
@role_required("teacher")
def export(case_id: int) -> Response:
    """Download the case in the library's YAML format (import gives back the same case)."""
    case = access.viewable_case_or_404(case_id)
    text = yaml.safe_dump(services.case_to_dict(case), allow_unicode=True, sort_keys=False, width=100)
    filename = case.ua_number.replace(" ", "-").replace("/", "-").replace(".", "-").lower() + ".yaml"
    return Response(text, mimetype="application/x-yaml",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/import", methods=["GET", "POST"])
@role_required("teacher")
def import_case() -> WerkzeugResponse | str:
    """Paste or upload a UA, preview it with every problem, and save only on acceptance."""
    form = ImportForm()
    private = not access.can_curate(current_user)
    if request.method == "GET":
        return render_template("cases/import.html", form=form, preview=None, private=private,
                               case_language=CASE_LANGUAGE)
    source, filename, problem = importing.read_submission(form)
    preview = importing.preview(source, filename, owner=current_user if private else None) if problem is None else None
    if problem:
        form.upload.errors = [problem]
    form.source.data = source
    form.filename.data = filename or ""
    if preview and preview.ok and request.form.get("accept") == "1":
        publish = private or request.form.get("publish", "1") == "1"
        case, message = importing.save(preview, by=current_user, owner=current_user if private else None,
                                       published=publish)
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("cases.show", case_id=case.id))
    # 200 even with problems, as the sign-in and sign-up pages do: the page is the answer, and
    # a 4xx document is a console error in the browser (tests/browser fails on those).
    return render_template("cases/import.html", form=form, preview=preview, private=private,
                           status_labels=SHOWN_STATUS_LABELS, case_language=CASE_LANGUAGE)


@bp.post("/<int:case_id>/band")
@role_required("curator")
def decide_band(case_id: int) -> WerkzeugResponse | str | tuple[str, int]:
    """A curator confirms or changes the minimum band with a written reason."""
    case = access.curated_case_or_404(case_id)
    form = BandForm()
    if not form.validate_on_submit():
        return _show_with_errors(case, band_form=form)
    services.decide_band(case, form.band.data, form.reason.data, current_user)
    db.session.commit()
    flash(_("Minimum band set to %(band)s.", band=bands.label(case.min_band)), "success")
    return redirect(url_for("cases.show", case_id=case.id))


@bp.post("/<int:case_id>/events")
@role_required("curator")
def add_event(case_id: int) -> WerkzeugResponse | str | tuple[str, int]:
    """A curator records an update, a victory or the closure; the status follows."""
    case = access.curated_case_or_404(case_id)
    form = EventForm()
    problem = services.event_date_problem(case, form.date.data) if form.validate_on_submit() else None
    if problem:
        form.date.errors = [problem]
    elif form.validate_on_submit():
        services.add_event(case, form.date.data, form.kind.data, form.text.data, current_user)
        db.session.commit()
        flash(_("%(kind)s added to the timeline.", kind=SHOWN_STATUS_LABELS[form.kind.data]), "success")
        return redirect(url_for("cases.show", case_id=case.id))
    return _show_with_errors(case, event_form=form)


@bp.post("/<int:case_id>/thanks")
@role_required("curator")
def add_thanks(case_id: int) -> WerkzeugResponse | str | tuple[str, int]:
    """A curator adds a message of thanks from the people the case helped."""
    case = access.curated_case_or_404(case_id)
    form = ThanksForm()
    if not form.validate_on_submit():
        return _show_with_errors(case, thanks_form=form)
    services.add_thanks(case, form.quote.data, form.who.data, form.date.data)
    db.session.commit()
    flash(_("Message of thanks added."), "success")
    return redirect(url_for("cases.show", case_id=case.id))


@bp.post("/<int:case_id>/delete")
@role_required("teacher")
def delete(case_id: int) -> WerkzeugResponse:
    """A teacher deletes their own private import (if no class has used it)."""
    case = access.viewable_case_or_404(case_id)
    access.ensure(case.is_private and access.can_edit_case(current_user, case))
    problem = services.deletion_problem(case)
    if problem:
        flash(problem, "error")
        return redirect(url_for("cases.show", case_id=case.id))
    db.session.delete(case)
    db.session.commit()
    flash(_("Your private case was deleted."), "success")
    return redirect(url_for("cases.index"))


def _show_with_errors(case, **forms) -> tuple[str, int]:
    """The case page again with a form's errors beside its fields."""
    context = dict(
        case=case, classroom=None, band=None, band_summary=None, gate=None,
        grades=summary_grades(case.student_summaries, case.student_summaries_by_language),
        status_labels=SHOWN_STATUS_LABELS, band_form=BandForm(band=case.min_band), event_form=EventForm(), thanks_form=ThanksForm(),
        can_curate=True, can_edit=True, impact=impact.for_case(case), mail_warning=mail.case_warning(case))
    context.update(forms)
    return render_template("cases/show.html", **context), 200  # see import_case on the status


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
@role_required("teacher")
def edit(case_id: int) -> WerkzeugResponse | str:
    """Curators edit a public case (teachers their private one) as YAML, checked like an import."""
    case = access.viewable_case_or_404(case_id)
    access.ensure(access.can_edit_case(current_user, case))
    if request.method == "GET":
        text = yaml.safe_dump(services.case_to_dict(case), allow_unicode=True, sort_keys=False, width=100)
        return render_template("cases/edit.html", case=case, source=text, problems=[])
    source = (request.form.get("source") or "").replace("\r\n", "\n")
    data, problems = parse(source, "case.yaml")
    if data is not None and not problems:
        duplicate = importing.duplicate_problem(data, source, case.owner, editing=case)
        problems = [duplicate] if duplicate else []
    if data is None or problems:
        return render_template("cases/edit.html", case=case, source=source, problems=problems)
    services.update_case(case, data, current_user)
    db.session.commit()
    flash(_("Case saved. Its rating was checked again."), "success")
    return redirect(url_for("cases.show", case_id=case.id))


@bp.post("/<int:case_id>/publish")
@role_required("curator")
def publish(case_id: int) -> WerkzeugResponse:
    """Publish a draft to every teacher, or take a case back to draft."""
    case = access.curated_case_or_404(case_id)
    services.set_published(case, not case.published)
    db.session.commit()
    flash(_("Published: every teacher can now find this case.") if case.published
          else _("Back to draft: only curators see this case now."), "success")
    return redirect(url_for("cases.show", case_id=case.id))
