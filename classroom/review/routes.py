"""The teacher's review: queues per class and assignment, the review page, decisions."""
from __future__ import annotations

from typing import Any

from babel import Locale, UnknownLocaleError
from flask_babel import gettext as _

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import access
from ..access import role_required
from ..inputs import db_id
from ..cases.readability import summary_for
from ..extensions import db
from ..letters import states
from ..letters.feedback import anchored_comments, highlight
from ..classes.models import SIGNATURE_RULE_NAMES
from ..letters.models import PAPER_KINDS, STATE_LABELS, Letter
from ..i18n import page_locale
from ..letters.languages import english_name
from ..letters.services import sign_as
from ..printing.services import letter_wording
from . import services, textdiff
from .forms import CommentForm, DecisionForm, ReopenForm

bp = Blueprint("review", __name__, url_prefix="/review")


def _filters() -> dict[str, Any]:
    """The queue filter carried from page to page."""
    state = request.args.get("state", "submitted")
    assignment = request.args.get("assignment", type=db_id)
    return {"state": state if state in services.QUEUE_STATES or state == "all" else "submitted",
            "assignment": assignment}


def _queue_for(letter: Letter, filters: dict[str, Any]) -> list[Letter]:
    """The queue the teacher is working through."""
    state = None if filters["state"] == "all" else str(filters["state"])
    return services.queue(letter.assignment.classroom, state, filters["assignment"])


@bp.get("/classes/<int:class_id>")
@role_required("teacher")
def queue(class_id: int) -> str:
    """Letters of a class to review, oldest first, filtered by state and assignment."""
    classroom = access.taught_class_or_404(class_id)
    filters = _filters()
    state = None if filters["state"] == "all" else str(filters["state"])
    from ..assignments.services import for_class

    letters = services.queue(classroom, state, filters["assignment"])
    return render_template("review/queue.html", classroom=classroom, letters=letters, filters=filters,
                           assignments=for_class(classroom), state_labels=STATE_LABELS,
                           states=services.QUEUE_STATES)


def _language_name(code: str) -> str:
    """A letter's language named in the page's language ("inglés" on a Spanish page)."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(page_locale()) or english_name(code)
    except (ValueError, TypeError, UnknownLocaleError):
        return english_name(code)


def render_review(letter: Letter, status: int = 200, **forms: object) -> tuple[str, int]:
    """The review page, with any form whose errors should show."""
    filters = _filters()
    before, after = services.neighbours(letter, _queue_for(letter, filters))
    pieces = services.diff_since_review(letter)
    comments = anchored_comments(letter)
    last_review = letter.reviews[-1] if letter.reviews else None
    context = dict(
        letter=letter, case=letter.assignment.case, classroom=letter.assignment.classroom, filters=filters,
        before=before, after=after, comments=comments, highlighted=highlight(letter.body, comments, letter.safety_flags),
        diff_html=(textdiff.to_html(pieces) if pieces and textdiff.has_changes(pieces) and letter.state == "submitted"
                   else None),
        reviewed_before=pieces is not None and letter.state == "submitted", state_labels=STATE_LABELS,
        rubric=services.RUBRIC, rule_label=SIGNATURE_RULE_NAMES[letter.assignment.classroom.signature_rule],
        summary=summary_for(letter.assignment.case.student_summaries, letter.assignment.classroom.band,
                            letter.assignment.case.summary),
        signature=sign_as(letter), can_decide=letter.state == "submitted",
        wording=letter_wording(letter) if letter.kind in PAPER_KINDS else ("", ""),
        language_name=_language_name(letter.language),
        can_reopen=states.can(letter, "reopen", "teacher"),
        sent_step=services.own_sent_step(letter),
        comment_form=CommentForm(), decision_form=DecisionForm(rubric=[k for k, v in (last_review.rubric if last_review else {}).items() if v]),
        reopen_form=ReopenForm())
    from ..network.channels import can_email
    from ..network.mail import letter_warning

    context.update(mail_warning=letter_warning(letter), can_email=can_email(letter))
    context.update(forms)
    return render_template("review/letter.html", **context), status


@bp.get("/letters/<int:letter_id>")
@role_required("teacher")
def letter(letter_id: int) -> tuple[str, int]:
    """A letter beside its case and target, with flags, the diff since last review, comments and rubric."""
    found = access.reviewable_letter_or_404(letter_id)
    services.open_for_review(found)
    db.session.commit()
    return render_review(found)


def _back(letter: Letter) -> Response:
    """Back to the review page, keeping the queue filter."""
    return redirect(url_for("review.letter", letter_id=letter.id, **{k: v for k, v in _filters().items() if v}))


@bp.post("/letters/<int:letter_id>/comments")
@role_required("teacher")
def comment(letter_id: int) -> Response | tuple[str, int]:
    """Add a general comment or a comment on a passage."""
    found = access.reviewable_letter_or_404(letter_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.add_comment(found, current_user, form.body.data, form.quote.data, form.start.data)
            db.session.commit()
            flash(_("Comment added."), "success")
            return _back(found)
        except services.ReviewError as error:
            if found.is_locked:  # approved in another tab: the comment form isn't on the page any more
                flash(str(error), "error")
                return _back(found)
            form.quote.errors = [str(error)]
    return render_review(found, 400, comment_form=form)


@bp.post("/letters/<int:letter_id>/decision")
@role_required("teacher")
def decide(letter_id: int) -> Response | tuple[str, int]:
    """Request changes or approve (approval locks the letter)."""
    found = access.reviewable_letter_or_404(letter_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            services.decide(found, current_user, form.decision.data, dict.fromkeys(form.rubric.data or [], True),
                            form.note.data or "")
            db.session.commit()
        except (services.ReviewError, states.TransitionError) as error:
            flash(str(error), "error")
            return _back(found)
        flash(found.approved_message if found.state == "approved"
              else _("Sent back to the student with your feedback."), "success")
        following = services.neighbours(found, _queue_for(found, _filters()))[1]
        if following:
            return redirect(url_for("review.letter", letter_id=following.id, **{k: v for k, v in _filters().items() if v}))
        return redirect(url_for("review.queue", class_id=found.assignment.class_id))
    return render_review(found, 400, decision_form=form)


@bp.post("/letters/<int:letter_id>/reopen")
@role_required("teacher")
def reopen(letter_id: int) -> Response | tuple[str, int]:
    """Unlock an approved letter for changes, with a reason the student sees."""
    found = access.reviewable_letter_or_404(letter_id)
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            services.reopen(found, current_user, form.reason.data)
            db.session.commit()
            flash(_("The letter is open for changes again."), "success")
            return _back(found)
        except (services.ReviewError, states.TransitionError) as error:
            form.reason.errors = [str(error)]
    return render_review(found, 400, reopen_form=form)


@bp.post("/letters/<int:letter_id>/sent")
@role_required("teacher")
def record_sent(letter_id: int) -> Response:
    """Record that an approved post was posted online, or a phone script called."""
    found = access.reviewable_letter_or_404(letter_id)
    try:
        services.record_sent(found, current_user)
        db.session.commit()
        flash(_("Recorded: %(state)s.", state=str(STATE_LABELS[found.state]).lower()), "success")
    except (services.ReviewError, states.TransitionError) as error:
        flash(str(error), "error")
    return _back(found)
