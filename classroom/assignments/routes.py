"""Assigning cases to classes, and the assignment page for teachers and students."""
from __future__ import annotations

from babel.lists import format_list
from flask_babel import force_locale, gettext as _
from markupsafe import Markup


from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import access, bands
from ..i18n import SOURCE_LANGUAGE, page_locale
from ..access import role_required
from ..inputs import db_id
from ..cases.readability import shown_summary
from ..cases.age_gate import age_gate
from ..classes.models import ClassTeacher, Classroom
from ..extensions import db
from ..lessons.library import Lesson, default_library, lesson_language
from ..lessons.routes import lesson_languages
from ..lessons.render import case_values, fill, to_html
from ..letters.kinds import KIND_CHOICES
from . import services
from .forms import AssignmentForm

bp = Blueprint("assignments", __name__, url_prefix="/assignments")


def _my_active_classes() -> list[Classroom]:
    """Classes the current teacher teaches that are not archived."""
    return list(db.session.scalars(
        select(Classroom).join(ClassTeacher, ClassTeacher.class_id == Classroom.id)
        .where(ClassTeacher.teacher_id == current_user.id, Classroom.archived_at.is_(None))
        .order_by(Classroom.name)))


def _lesson_choice(lesson: Lesson) -> Markup:
    """A lesson as the assignment form offers it: its (English) title marked as English, its bands,
    and the languages its student parts are also written in."""
    values = {"title": Markup('<span lang="{}">{}</span>').format(SOURCE_LANGUAGE, lesson.title),
              "bands": format_list([bands.label(b) for b in lesson.bands], locale=page_locale())}
    if lesson.translations:
        values["languages"] = lesson_languages(lesson)
        return Markup(_("%(title)s (%(bands)s) · student parts also in %(languages)s")) % values
    return Markup(_("%(title)s (%(bands)s)")) % values


@bp.route("/new", methods=["GET", "POST"])
@role_required("teacher")
def new() -> Response | str:
    """Assign a case to one of the teacher's classes (the age gate decides)."""
    case = access.viewable_case_or_404(request.values.get("case_id", type=db_id) or 0)
    if request.method == "POST":
        access.taught_class_or_404(request.form.get("class_id", type=db_id) or 0)
    classes = _my_active_classes()
    form = AssignmentForm()
    form.class_id.choices = {str(c.id): _("%(name)s (%(band)s)", name=c.name, band=bands.label(c.band)) for c in classes}
    form.target_ids.choices = {str(t.id): t.label for t in case.letter_targets}
    lessons = default_library().for_band(None)
    form.lesson_slugs.choices = {lesson.slug: _lesson_choice(lesson) for lesson in lessons}
    if not classes:
        flash(_("Create a class first, then assign cases to it."), "info")
        return redirect(url_for("classes.new"))
    if request.method == "GET":
        chosen = request.args.get("class_id", type=db_id)
        classroom = next((c for c in classes if c.id == chosen), classes[0])
        form.letter_kinds.choices = services.kind_choices(classroom.band)
        form.case_id.data = str(case.id)
        form.class_id.data = classroom.id
        form.letter_kinds.data = services.default_kinds(classroom.band, case)
        form.target_ids.data = [t.id for t in case.letter_targets]
        form.lesson_slugs.data = services.default_lessons(classroom.band)
        from ..network.mail import case_warning

        return render_template("assignments/new.html", form=form, case=case, classroom=classroom,
                               gate=age_gate(case, classroom.band), outcome=None, mail_warning=case_warning(case),
                               past_deadline=services.past_deadline_message(case), refusal=services.refusal)
    classroom = access.taught_class_or_404(form.class_id.data or 0)
    outcome = services.check(classroom, case, kinds=form.letter_kinds.data or [], target_ids=form.target_ids.data or [],
                             lesson_slugs=form.lesson_slugs.data or [], due=form.due_date.data,
                             override_reason=form.override_reason.data or "",
                             deadline_reason=form.deadline_reason.data or "")
    valid = form.validate_on_submit()
    if valid and outcome.ok:
        assignment = services.create(
            classroom, case, current_user, kinds=form.letter_kinds.data, target_ids=form.target_ids.data or [],
            lesson_slugs=form.lesson_slugs.data or [], instructions=form.instructions.data or "",
            due=form.due_date.data, override_reason=form.override_reason.data or "", outcome=outcome,
            deadline_reason=form.deadline_reason.data or "")
        db.session.commit()
        flash(_("“%(case)s” is assigned to %(class_name)s.", case=case.title, class_name=classroom.name), "success")
        for warning in outcome.warnings:
            flash(warning, "warning")
        return redirect(url_for("assignments.show", assignment_id=assignment.id))
    for name, message in outcome.errors.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
    return render_template("assignments/new.html", form=form, case=case, classroom=classroom,
                           gate=outcome.gate, outcome=outcome, past_deadline=services.past_deadline_message(case),
                           refusal=services.refusal)


@bp.get("/<int:assignment_id>")
@role_required("teacher", "student")
def show(assignment_id: int) -> str:
    """Teachers see the assignment's set-up; students see the case for their band and their lessons."""
    assignment = access.visible_assignment_or_404(assignment_id)
    case, classroom = assignment.case, assignment.classroom
    library = default_library()
    lessons = [library.get(slug) for slug in assignment.lesson_slugs if library.get(slug)]
    context = dict(assignment=assignment, case=case, classroom=classroom, lessons=lessons,
                   band_summary=shown_summary(case, classroom.band),
                   kinds=KIND_CHOICES, past_deadline=services.past_deadline_message(case))
    if current_user.is_student:
        from ..letters.forms import StartForm
        from ..letters.models import STATE_LABELS, Letter
        from ..letters.services import writing_blocked

        letters = db.session.scalars(select(Letter).where(
            Letter.assignment_id == assignment.id, Letter.student_id == current_user.id).order_by(Letter.id)).all()
        choices = services.start_choices(assignment, {(letter.kind, letter.target_id) for letter in letters})
        start_form = StartForm(assignment_id=str(assignment.id))
        start_form.choice.choices = choices
        if len(choices) == 1:
            start_form.choice.data = next(iter(choices))
        return render_template("assignments/student.html", letters=letters, start_form=start_form,
                               state_labels=STATE_LABELS, blocked=writing_blocked(assignment), **context)
    warning = services.deadline_warning(case, assignment.due_date, classroom.school.mailing_allowance_days)
    from ..network.mail import case_warning

    return render_template("assignments/teacher.html", deadline_warning=warning, mail_warning=case_warning(case),
                           **context)


@bp.get("/<int:assignment_id>/lessons/<slug>")
@role_required("teacher", "student")
def lesson(assignment_id: int, slug: str) -> str:
    """A lesson of the assignment with the case filled in; students get the student parts only."""
    assignment = access.visible_assignment_or_404(assignment_id)
    found = access.found_or_404(default_library().get(slug), lambda _lesson: slug in assignment.lesson_slugs)
    audience = "student" if current_user.is_student else "teacher"
    values = case_values(assignment.case, assignment.classroom.band)
    if audience == "student":
        # The student's page language when the lesson is translated into it, else the class's, else English.
        version = found.for_student(lesson_language(found, assignment.classroom.language))
        with force_locale(version.language):  # the lesson's own words about the case, in its language
            values = case_values(assignment.case, assignment.classroom.band)
        sections = [(s.audience, to_html(fill(s.markdown, values))) for s in version.sections]
        return render_template("lessons/show.html", lesson=found, sections=sections, assignment=assignment,
                               audience=audience, title=version.title, content_language=version.language)
    sections = [(s.audience, to_html(fill(s.markdown, values))) for s in found.sections]
    return render_template("lessons/show.html", lesson=found, sections=sections, assignment=assignment,
                           audience=audience, title=found.title, content_language=SOURCE_LANGUAGE)
