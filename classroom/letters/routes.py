"""The student's side of a letter: start, write (autosave or Save), revisions, submit."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, flash, g, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from .. import access, i18n
from ..access import role_required
from ..auth.session import signed_in_identity
from ..cases.readability import shown_summary
from ..dates import viewer
from ..extensions import db
from ..inputs import JsonProblem, id_or_none, parse_json, small_int
from ..printing.services import letter_wording
from ..review import services as review_services
from . import conflicts, offline, services, states, writing_help
from .feedback import anchored_comments, highlight
from .forms import LanguageForm, LetterForm, StartForm, SubmitForm
from .kinds import SOCIAL_LIMIT
from .languages import official_languages, page_name, primary, reads_phrase
from .models import PAPER_KINDS, STATE_LABELS, Letter, LetterRevision
from .safety import pagefit

bp = Blueprint("letters", __name__, url_prefix="/letters")

def _length(kind: str, text: str, page_size: str) -> dict[str, object]:
    """How long the text may be: one page (letters, scripts), or SOCIAL_LIMIT characters (posts)."""
    if kind == "social":
        return {"layout": None, "char_limit": SOCIAL_LIMIT, "fraction": len(text) / SOCIAL_LIMIT}
    page_kind = "solidarity" if kind == "solidarity" else "appeal"
    return {"layout": pagefit.layout(page_kind, page_size), "char_limit": None,
            "fraction": pagefit.page_fraction(text, page_kind, page_size),
            # The live count in the browser wraps with the same numbers and characters.
            "paragraph_gap": pagefit.PARAGRAPH_GAP, "wide_ranges": pagefit.wide_ranges()}


def editor_context(letter: Letter, form: LetterForm | None = None,
                   conflict: conflicts.Conflict | None = None) -> dict:
    """Everything the editor page shows."""
    from ..network.student_news import for_letter

    assignment = letter.assignment
    case, classroom = assignment.case, assignment.classroom
    # The status line says when the letter was saved, unless the page shows text not saved yet.
    saved_when = letter.updated_at if form is None and conflict is None else None
    form = form or LetterForm(body=letter.body, base_version=letter.version)
    text = form.body.data or ""
    comments = anchored_comments(letter)
    salutation, closing = letter_wording(letter) if letter.kind in PAPER_KINDS else ("", "")
    blocked = services.writing_blocked(assignment)
    return dict(
        language_form=language_form(letter), language_name=page_name(letter.language),
        reads=reads_phrase(official_languages(letter.target.language)) if letter.target else "",
        salutation=salutation, closing=closing.split("\n"), wording_note=wording_note(letter) if salutation else "",
        letter=letter, form=form, saved_when=saved_when, case=case, assignment=assignment, classroom=classroom,
        summary=shown_summary(case, classroom.band),
        scaffold=writing_help.sentences(assignment, letter.student, letter.kind, letter.language),
        help_language=writing_help.language_of(letter.language),
        signature=services.sign_as(letter), tips=writing_help.tips(letter.language), conflict=conflict,
        words=pagefit.word_count(text), **_length(letter.kind, text, classroom.school.page_size),
        comments=comments, highlight_body=highlight(letter.body, comments), state_labels=STATE_LABELS,
        can_unsubmit=states.can(letter, "unsubmit", "student"), locked_note=states.locked_note(letter),
        editable=states.is_editable(letter) and not blocked, rubric=review_services.rubric_for_student(letter),
        owner=offline.owner_key(letter.student), on_paper=letter.kind in PAPER_KINDS,
        unprintable=[f.message for f in services.print_flags(text)] if letter.kind in PAPER_KINDS else [],
        blocked=blocked, news=for_letter(letter))


def wording_note(letter: Letter) -> str:
    """Why the greeting and closing are not in English: they follow the letter's language."""
    if primary(letter.language) == "en":
        return ""
    return _("Your letter is in %(language)s, so the greeting and closing are in %(language)s too.",
             language=page_name(letter.language))


def language_form(letter: Letter) -> LanguageForm:
    """The language chooser, the official's languages first."""
    form = LanguageForm(language=letter.language)
    form.language.choices = [SelectChoice(value, name, render_kw, optgroup=group)
                             for group, options in services.language_choices(letter)
                             for value, name, render_kw in options]
    return form


@bp.post("/<int:letter_id>/language")
@role_required("student")
def language(letter_id: int) -> Response:
    """Write the letter in another language (a plain form: works without JavaScript)."""
    letter = access.authored_letter_or_404(letter_id)
    form = language_form(letter)
    if not form.validate_on_submit():
        flash(_("Choose one of the languages in the list."), "error")
        return redirect(url_for("letters.edit", letter_id=letter.id))
    try:
        services.set_language(letter, form.language.data or "")
    except services.LetterError as error:
        flash(str(error), "error")
        return redirect(url_for("letters.edit", letter_id=letter.id))
    db.session.commit()
    flash(_("Your letter is in %(language)s now.", language=page_name(letter.language)), "success")
    return redirect(url_for("letters.edit", letter_id=letter.id))


@bp.post("/new")
@role_required("student")
def start() -> Response:
    """Start a letter for an assignment (or open the one already started)."""
    form = StartForm()
    assignment = access.visible_assignment_or_404(form.assignment_id.data)
    kind, _, target = (form.choice.data or "").partition(":")
    try:
        letter = services.start(assignment, current_user, kind, id_or_none(target),
                                bool(form.scaffold.data))
    except services.LetterError as error:
        flash(str(error), "error")
        return redirect(url_for("assignments.show", assignment_id=assignment.id))
    db.session.commit()
    return redirect(url_for("letters.edit", letter_id=letter.id))


@bp.get("/<int:letter_id>")
@role_required("student")
def edit(letter_id: int) -> Response:
    """The editor (read-only once submitted or approved).

    It names its owner (an opaque value) for the service worker, which keeps editor pages of
    one account only (static/js/sw.js).
    """
    letter = access.authored_letter_or_404(letter_id)
    response = make_response(render_template("letters/edit.html", **editor_context(letter)))
    response.headers["X-Editor-Owner"] = offline.owner_key(current_user)
    return response


@bp.get("/sw.js")
def service_worker() -> Response:
    """The editor's service worker, served here so that its scope is /letters/ (and no wider)."""
    # Read whole (a few kilobytes): nothing is left open for whoever drops the answer unread.
    script = (Path(current_app.static_folder or "") / "js" / "sw.js").read_bytes()
    response = make_response(script)
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    response.headers["Cache-Control"] = "no-cache"  # a new version is picked up on the next visit
    return response


@bp.post("/<int:letter_id>")
@role_required("student")
def save(letter_id: int) -> Response | tuple[str, int]:
    """Save without JavaScript; an out-of-date save shows both texts instead of overwriting.

    ``then=preview`` goes on to the draft preview once the text is saved.
    """
    letter = access.authored_letter_or_404(letter_id)
    refused = _save_posted(letter)
    if refused is not None:
        return refused
    if request.form.get("then") == "preview":
        return redirect(url_for("printing.preview", letter_id=letter.id))
    flash(_("Saved."), "success")
    return redirect(url_for("letters.edit", letter_id=letter.id))


def _save_posted(letter: Letter) -> Response | tuple[str, int] | None:
    """Save the posted text (and commit); None when saved, else the answer that keeps the text on screen."""
    form = LetterForm()
    if not form.validate_on_submit():
        return render_template("letters/edit.html", **editor_context(letter, form)), 400
    try:
        result = services.save(letter, form.body.data or "", form.base_version.data)
    except services.LetterError as error:
        flash(str(error), "error")
        return redirect(url_for("letters.edit", letter_id=letter.id))
    if not result.saved:
        conflict = conflicts.compare(result.body, form.body.data or "", result.version)
        form.base_version.data = result.version
        return render_template("letters/edit.html", **editor_context(letter, form, conflict)), 409
    db.session.commit()
    return None


@bp.put("/<int:letter_id>/draft")
def autosave(letter_id: int) -> tuple[Response, int]:
    """Autosave from the editor script: JSON in, JSON out; 409 with the server's text on conflict.

    The everyday save (its author, on the latest version, of a letter open for changes) takes
    the quick path; anything else (signed out, someone else's letter, a conflict, a refusal)
    goes the full way, which answers as the other routes do.
    """
    data: Any = None
    if request.is_json:
        try:
            data = parse_json(request.get_data())
        except JsonProblem as problem:  # answered after the access check, as any other bad body
            data = problem
    identity = signed_in_identity()
    if identity and _is_draft(data):
        _page_language_from_editor()
        with db.engine.connect() as connection:
            result = services.quick_autosave(connection, identity, letter_id, data["body"], data["base_version"])
            if result:
                connection.commit()
                return _saved_json(result), 200
    return _autosave_checked(letter_id, data)


def _page_language_from_editor() -> None:
    """The quick path loads no user, so its time is written in the editor page's language, which the
    script names (``X-Page-Language``): looking the language up would cost the queries it saves.
    Only the words of a time depend on it."""
    named = i18n.supported(request.headers.get("X-Page-Language"))
    if named:
        g.page_language = named


def _is_draft(data: Any) -> bool:
    """The JSON the editor sends: ``{"body": text, "base_version": number}``."""
    return (isinstance(data, dict) and isinstance(data.get("body"), str)
            and small_int(data.get("base_version")) is not None)


@role_required("student")
def _autosave_checked(letter_id: int, data: Any) -> tuple[Response, int]:
    """The full autosave, through Flask-Login and the ORM."""
    # As access.authored_letter_or_404, with everything the check and the save read loaded at once
    # (``_enrolment`` is held so that the check finds it).
    letter, _enrolment = services.load_for_saving(letter_id, current_user.id)
    access.ensure(letter is not None and access.is_author(current_user, letter))
    assert letter is not None
    if isinstance(data, JsonProblem):
        return jsonify({"error": str(data)}), 400
    if not _is_draft(data):
        return jsonify({"error": _("Send body (text) and base_version (number).")}), 400
    try:
        result = services.save(letter, data["body"], data["base_version"], reason="autosave")
    except services.LetterError as error:
        return jsonify({"error": str(error), "state": letter.state}), 423
    if not result.saved:
        return jsonify(conflicts.compare(result.body, data["body"], result.version).as_json()), 409
    db.session.commit()
    return _saved_json(result), 200


def _saved_json(result: services.SaveResult) -> Response:
    """A saved answer: the version, the time (ISO, UTC) and the time as the page writes it (the
    school's zone and style), so the status line agrees with every other page."""
    assert result.saved_at is not None
    local = result.reader or viewer()
    return jsonify({"version": result.version, "saved_at": result.saved_at.isoformat() + "Z",
                    "saved_at_text": local.time_text(result.saved_at)})


@bp.get("/<int:letter_id>/revisions")
@role_required("student")
def revisions(letter_id: int) -> str:
    """Every saved version of the letter, newest first."""
    letter = access.authored_letter_or_404(letter_id)
    items = db.session.query(LetterRevision.version, LetterRevision.created_at, LetterRevision.reason,
                             LetterRevision.restored_from).filter_by(letter_id=letter.id) \
        .order_by(LetterRevision.version.desc()).all()
    return render_template("letters/revisions.html", letter=letter, revisions=items)


@bp.get("/<int:letter_id>/revisions/<int:version>")
@role_required("student")
def revision(letter_id: int, version: int) -> str:
    """One earlier version, with a button to restore it."""
    letter = access.authored_letter_or_404(letter_id)
    item = db.session.query(LetterRevision).filter_by(letter_id=letter.id, version=version).one_or_none()
    access.ensure(item is not None)
    return render_template("letters/revision.html", letter=letter, revision=item,
                           editable=states.is_editable(letter))


@bp.post("/<int:letter_id>/revisions/<int:version>/restore")
@role_required("student")
def restore(letter_id: int, version: int) -> Response:
    """Make an earlier version the current text (a new revision; nothing is lost)."""
    letter = access.authored_letter_or_404(letter_id)
    try:
        services.restore(letter, version)
    except services.LetterError as error:
        flash(str(error), "error")
        return redirect(url_for("letters.revisions", letter_id=letter.id))
    db.session.commit()
    flash(_("Version %(number)d is back. Your other versions are still kept.", number=version), "success")
    return redirect(url_for("letters.edit", letter_id=letter.id))


@bp.post("/<int:letter_id>/submit")
@role_required("student")
def submit(letter_id: int) -> Response | str | tuple[str, int]:
    """Save the text on screen, check it, show any flags first, then send it to the teacher.

    The editor posts its text with the button, so what the student sees is what is sent
    (a conflict or a text too long is shown as Save shows it); the "send anyway" of the
    check page posts no text: it sends what was saved and checked.
    """
    letter = access.authored_letter_or_404(letter_id)
    form = SubmitForm()
    if not form.validate_on_submit():
        return redirect(url_for("letters.edit", letter_id=letter.id))
    if "body" in request.form:
        refused = _save_posted(letter)
        if refused is not None:
            return refused
    flags = services.safety_check(letter)
    if flags and form.confirm.data != "1":
        return render_template("letters/check.html", letter=letter, flags=flags, form=form)
    try:
        services.submit(letter, current_user)
    except (services.LetterError, states.TransitionError) as error:
        flash(str(error), "error")
        return redirect(url_for("letters.edit", letter_id=letter.id))
    db.session.commit()
    flash(_("Your letter is with your teacher now. Well done!"), "success")
    return redirect(url_for("letters.edit", letter_id=letter.id))


@bp.post("/<int:letter_id>/unsubmit")
@role_required("student")
def unsubmit(letter_id: int) -> Response:
    """Take the letter back to change it (only before the teacher starts reading)."""
    letter = access.authored_letter_or_404(letter_id)
    try:
        services.unsubmit(letter, current_user)
        db.session.commit()
        flash(_("You took your letter back. You can change it now."), "success")
    except states.TransitionError as error:
        flash(str(error), "error")
    return redirect(url_for("letters.edit", letter_id=letter.id))
