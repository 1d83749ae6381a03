"""The class page's matrix: students × assignments with each letter's state."""
from __future__ import annotations

from flask_babel import gettext as _

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from ..assignments.models import Assignment
from ..assignments.services import for_class
from ..auth.models import User
from ..extensions import db
from ..letters.models import APPROVED_STATES, POSTAL_STATES, STATE_LABELS, Letter
from .models import Classroom, Enrolment

STATE_ORDER = ("not_started", "draft", "submitted", "changes_requested", "approved", "printed", "mailed", "emailed",
               "posted", "called")


@dataclass
class Matrix:
    """Rows of students, columns of assignments, cells of letter states, and counts per state."""

    students: list[User]
    assignments: list[Assignment]
    cells: dict[tuple[int, int], list[Letter]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)

    def states(self, student: User, assignment: Assignment) -> list[str]:
        """State keys of a student's letters for an assignment (``not_started`` when none)."""
        letters = self.cells.get((student.id, assignment.id), [])
        return [letter.state for letter in letters] or ["not_started"]

    @property
    def has_printable(self) -> bool:
        """True when some letter of the class is approved, printed or mailed: the print export has work."""
        return any(self.counts[state] for state in POSTAL_STATES)


def build(classroom: Classroom) -> Matrix:
    """Three queries, whatever the class size."""
    students = list(db.session.scalars(
        select(User).join(Enrolment, Enrolment.student_id == User.id)
        .where(Enrolment.class_id == classroom.id, Enrolment.status == "active").order_by(User.name)))
    assignments = for_class(classroom)
    matrix = Matrix(students, assignments)
    letters = db.session.scalars(
        select(Letter).join(Assignment, Assignment.id == Letter.assignment_id)
        .where(Assignment.class_id == classroom.id).order_by(Letter.id))
    by_cell: dict[tuple[int, int], list[Letter]] = defaultdict(list)
    for letter in letters:
        by_cell[(letter.student_id, letter.assignment_id)].append(letter)
    matrix.cells = dict(by_cell)
    for student in students:
        for assignment in assignments:
            matrix.counts.update(matrix.states(student, assignment))
    return matrix


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str | None) -> str:
    """A cell a spreadsheet shows as text: students choose their own names, and a name such as
    ``=HYPERLINK(...)`` must never run as a formula on the teacher's computer."""
    text = value or ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(matrix: Matrix) -> str:
    """The matrix as CSV, exactly as the page shows it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Student"), _("Username"),
                     *[spreadsheet_safe(f"{a.case.ua_number} {a.case.title}") for a in matrix.assignments]])
    for student in matrix.students:
        writer.writerow([spreadsheet_safe(student.name), student.username,
                         *["; ".join(str(STATE_LABELS[s]) for s in matrix.states(student, a)) for a in matrix.assignments]])
    return out.getvalue()


def cases_written_for(matrix: Matrix) -> list:
    """Cases this class has at least one approved (or printed, mailed) letter for."""
    written = {aid for (_, aid), letters in matrix.cells.items()
               if any(letter.state in APPROVED_STATES for letter in letters)}
    return [a.case for a in matrix.assignments if a.id in written]
