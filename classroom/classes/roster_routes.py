"""Roster pages of the classes blueprint: add, import, approve, reset, remove, login cards.

``register`` attaches them to the blueprint (classes/blueprint.py calls it once).
"""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from ..access import can_decide_join, can_manage_student, ensure, role_required, taught_class_or_404
from ..auth.models import User
from ..auth import cards as card_tokens
from ..auth.names import NAME_ORDERS
from ..database import erase_deleted_data
from .. import once
from ..extensions import db, limiter
from . import privacy, roster, roster_columns as columns, roster_formats, services
from .roster_formats import oneroster
from .forms import AddStudentForm, RosterUploadForm
from .models import Classroom, Enrolment
from .routes import _back, _editable, render_class


# A second submission of the same form (double click, reload, back button) changes nothing.
SENT_TWICE_ROSTER = ("That list was sent twice: its accounts were made the first time and not again. "
                     "The students are in the list below; give a student a new password there if a card is lost.")
SENT_TWICE_CARDS = ("That was sent twice: the new passwords were made the first time and not again. "
                    "If the cards are lost, press “New passwords and login cards for everyone” once more.")


def _student_in(classroom: Classroom, student_id: int) -> tuple[User, Enrolment]:
    """A student of this class whose account the current teacher manages (own school, active)."""
    student = db.session.get(User, student_id)
    enrolment = db.session.get(Enrolment, (classroom.id, student_id))
    ensure(student is not None and enrolment is not None and enrolment.status == "active"
           and can_manage_student(current_user, student))
    return student, enrolment  # type: ignore[return-value]


def _waiting_in(classroom: Classroom, student_id: int) -> tuple[User, Enrolment]:
    """A student waiting to join this class (the teacher decides the request, nothing more)."""
    enrolment = db.session.get(Enrolment, (classroom.id, student_id))
    ensure(enrolment is not None and can_decide_join(current_user, enrolment))
    return enrolment.student, enrolment  # type: ignore[union-attr]


def _member_of(classroom: Classroom, student_id: int) -> tuple[User, Enrolment]:
    """Anyone in (or waiting for) this class: its teachers may take them out of it."""
    enrolment = db.session.get(Enrolment, (classroom.id, student_id))
    ensure(enrolment is not None)
    return enrolment.student, enrolment  # type: ignore[union-attr]


@role_required("teacher")
def add_student(class_id: int) -> str | tuple[str, int]:
    """Add one student and show their login card once."""
    classroom = _editable(class_id)
    form = AddStudentForm()
    if not form.validate_on_submit():
        return render_class(classroom, 400, add_form=form)
    card = services.add_student(classroom, form.given_name.data, form.username.data or None,
                                family=form.family_name.data or "", family_first=form.name_order.data == "family_first")
    db.session.commit()
    return render_template("classes/cards.html", classroom=classroom, cards=[card])


@role_required("teacher")
def reset_password(class_id: int, student_id: int) -> str:
    """Give a student a new password and show the new card."""
    classroom = taught_class_or_404(class_id)
    student, _ = _student_in(classroom, student_id)
    card = services.reset_password(classroom, student)
    db.session.commit()
    return render_template("classes/cards.html", classroom=classroom, cards=[card])


@role_required("teacher")
def card_off(class_id: int, student_id: int) -> WerkzeugResponse:
    """The QR code on a student's card stops signing them in (a lost card); the password stays."""
    classroom = taught_class_or_404(class_id)
    student, _ = _student_in(classroom, student_id)
    card_tokens.turn_off(student)
    db.session.commit()
    flash(f"The QR code on {student.name}'s card no longer works. Their password still does.", "success")
    return _back(classroom)


@role_required("teacher")
def approve_student(class_id: int, student_id: int) -> WerkzeugResponse:
    """Let a student who joined with the code into the class."""
    classroom = _editable(class_id)
    student, enrolment = _waiting_in(classroom, student_id)
    enrolment.status = "active"
    db.session.commit()
    flash(f"{student.name} is now in {classroom.name}.", "success")
    return _back(classroom)


@role_required("teacher")
def remove_student(class_id: int, student_id: int) -> WerkzeugResponse:
    """Take a student out of the class, or decline one waiting to join.

    Their account and letters go when it was their only class and the account is of this school
    (``privacy.remove_from_class``); no other power over the account comes with it.
    """
    classroom = taught_class_or_404(class_id)
    student, _ = _member_of(classroom, student_id)
    name = student.name
    deleted = privacy.remove_from_class(classroom, student)
    db.session.commit()
    erase_deleted_data()
    flash(f"{name} was removed{' and their account deleted' if deleted else ' from this class'}.", "success")
    return _back(classroom)


@role_required("teacher")
@limiter.limit("30 per hour", methods=["POST"])
def upload_roster(class_id: int) -> str:
    """Upload or paste a list, say what each column holds, see every bad row and why, and
    create accounts only on acceptance."""
    classroom = _editable(class_id)
    form = RosterUploadForm()
    if request.method == "GET":
        return render_template("classes/roster.html", classroom=classroom, form=form, preview=None)
    upload = form.upload.data
    roles: list[str] | None = None
    header: bool | None = None
    order: str | None = None
    if upload and getattr(upload, "filename", ""):
        # A new file: its columns are guessed afresh; an Excel sheet goes into the box as tab-separated text.
        raw = upload.read(oneroster.MAX_UPLOAD_BYTES + 1)
        upload.close()
        if oneroster.is_oneroster(raw) and len(raw) <= oneroster.MAX_UPLOAD_BYTES:
            # A district export: the teacher picks the class; its students go into the box as text.
            bundle = oneroster.read_bundle(raw)
            if bundle.problem is None:
                return render_template("classes/roster.html", classroom=classroom, form=form, preview=None,
                                       bundle=bundle, class_text=oneroster.class_text, source=oneroster.SOURCE)
            table = roster_formats.Table(problem=bundle.problem)
        else:
            table = roster_formats.read_upload(raw)
        form.text.data = _text_of(raw, table)
    elif (form.text.data or "").strip():
        table = roster_formats.read_text(form.text.data, _source_shown(request.form.get("source", "")))
        roles = request.form.getlist("column")[:roster_formats.MAX_COLUMNS + 1] or None
        header = {"yes": True, "no": False}.get(request.form.get("header", ""))
        order = request.form.get("order")
    else:
        table = roster_formats.Table(problem="Choose a CSV or Excel file, or paste the list.")
    result = roster.preview(table, roles, header, classroom.signature_rule, order)
    if result.ok and request.form.get("accept") == "1":
        if not once.use(request.form.get("once")):
            flash(SENT_TWICE_ROSTER, "info")
            return redirect(url_for("classes.show", class_id=classroom.id))  # type: ignore[return-value]
        cards = services.add_students(classroom, [(row.given, row.family, row.username, row.password, row.family_first)
                                                  for row in result.rows])
        db.session.commit()
        return render_template("classes/cards.html", classroom=classroom, cards=cards)
    # 200 even with problems, like the other full-page forms: the preview is the answer.
    return render_template("classes/roster.html", classroom=classroom, form=form, preview=result,
                           roles=columns.ROLES, name_orders=NAME_ORDERS, source=table.read_as.partition(", separated")[0])


def _text_of(raw: bytes, table: roster_formats.Table) -> str:
    """What goes into the text box after an upload: the decoded file, or the sheet as tab-separated rows."""
    if table.problem is not None:
        return ""
    if table.read_as == roster_formats.xlsx.SOURCE:
        out = io.StringIO()
        # Blank rows stay, so that line numbers stay those of the sheet.
        by_line = dict(table.rows)
        csv.writer(out, delimiter="\t", lineterminator="\n").writerows(
            by_line.get(line, []) for line in range(1, table.rows[-1][0] + 1))
        return out.getvalue()
    text, _, _ = roster_formats.delimited.decode(raw)
    return text or ""


def _source_shown(label: str) -> str:
    """What the list was read from, carried through the form: only a name a reader gives."""
    known = roster_formats.delimited.sources() | {roster_formats.xlsx.SOURCE, oneroster.SOURCE}
    return label if label in known else "Text"


@role_required("teacher")
def new_cards(class_id: int) -> str:
    """New passwords for every student of the class, shown as login cards."""
    classroom = _editable(class_id)
    if not once.use(request.form.get("once")):
        flash(SENT_TWICE_CARDS, "info")
        return redirect(url_for("classes.show", class_id=classroom.id))  # type: ignore[return-value]
    students = [e.student for e in sorted(classroom.enrolments, key=lambda e: e.student.name)
                if e.status == "active" and can_manage_student(current_user, e.student)]
    cards = services.reset_passwords(classroom, students)
    db.session.commit()
    return render_template("classes/cards.html", classroom=classroom, cards=cards)


@role_required("teacher")
def cards_pdf(class_id: int) -> Response:
    """The login cards just shown, as a PDF to print and cut (only for students of this class)."""
    from ..printing.render import render_template_pdf

    classroom = taught_class_or_404(class_id)
    usernames = request.form.getlist("username")[:200]
    passwords = request.form.getlist("password")[:200]
    tokens = request.form.getlist("card")[:200]
    tokens += [""] * (len(usernames) - len(tokens))
    enrolled = {e.student.username: e.student for e in classroom.enrolments
                if e.status == "active" and can_manage_student(current_user, e.student)}
    # A QR code is printed only for a token of that very student (it signs them in, nobody else).
    cards = [services.LoginCard(classroom.name, enrolled[u].name, u, p, card_tokens.token_of(enrolled[u], t) or "")
             for u, p, t in zip(usernames, passwords, tokens, strict=False) if u in enrolled]
    ensure(bool(cards))
    school = classroom.school
    from ..auth.child_routes import card_qr

    pdf = render_template_pdf("printing/login_cards.html", {"cards": cards, "classroom": classroom,
                                                             "site_url": request.host_url, "card_qr": card_qr},
                               page_size=school.page_size, stylesheets=("print/cards.css",))
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="login-cards.pdf"'})


def register(bp: Blueprint) -> None:
    """Attach the roster pages to the classes blueprint, as ``classes.<view name>`` under /classes."""
    for rule, view, methods in (
        ("/<int:class_id>/students", add_student, ["POST"]),
        ("/<int:class_id>/students/<int:student_id>/password", reset_password, ["POST"]),
        ("/<int:class_id>/students/<int:student_id>/card/off", card_off, ["POST"]),
        ("/<int:class_id>/students/<int:student_id>/approve", approve_student, ["POST"]),
        ("/<int:class_id>/students/<int:student_id>/remove", remove_student, ["POST"]),
        ("/<int:class_id>/roster", upload_roster, ["GET", "POST"]),
        ("/<int:class_id>/cards", new_cards, ["POST"]),
        ("/<int:class_id>/cards.pdf", cards_pdf, ["POST"]),
    ):
        bp.add_url_rule(rule, view_func=view, methods=methods)
