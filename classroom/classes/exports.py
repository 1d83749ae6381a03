"""A class's data for its teacher: a ZIP of CSV files and the approved letters' PDFs."""
from __future__ import annotations

from flask_babel import gettext as _

import csv
import io
import re
import unicodedata
import zipfile

from sqlalchemy import select

from ..assignments.models import Assignment
from ..extensions import db
from ..letters.models import APPROVED_STATES, Letter
from . import matrix
from .models import Classroom, Enrolment


def slug(text: str) -> str:
    """A file-name-safe version of a name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "class"


def students_csv(classroom: Classroom) -> str:
    """Name, username and status of every student of the class (headings in the teacher's language)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Name"), _("Username"), _("Status"), _("Joined")])
    statuses = {"active": _("active"), "pending": _("waiting to join")}
    for e in sorted(classroom.enrolments, key=lambda e: e.student.name):
        writer.writerow([matrix.spreadsheet_safe(e.student.name), e.student.username, statuses.get(e.status, e.status),
                         e.joined_at.date().isoformat()])
    return out.getvalue()


def class_zip(classroom: Classroom) -> bytes:
    """students.csv, letters.csv (the class matrix) and letters/*.pdf for approved letters."""
    from ..printing.services import letter_pdf

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("students.csv", students_csv(classroom))
        archive.writestr("letters.csv", matrix.to_csv(matrix.build(classroom)))
        letters = db.session.scalars(
            select(Letter).join(Assignment, Assignment.id == Letter.assignment_id)
            .join(Enrolment, (Enrolment.student_id == Letter.student_id) & (Enrolment.class_id == Assignment.class_id))
            .where(Assignment.class_id == classroom.id, Letter.state.in_(APPROVED_STATES))
            .order_by(Letter.id))
        for letter in letters:
            name = f"letters/{slug(letter.student.name)}-{slug(letter.assignment.case.ua_number)}-{letter.id}.pdf"
            archive.writestr(name, letter_pdf(letter))
    return buffer.getvalue()
