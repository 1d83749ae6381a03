"""Assignment rules: the age gate with its override policy, deadlines, closed cases."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import bands
from ..auth.models import User
from ..cases.models import Case
from ..cases.age_gate import GateResult, age_gate
from ..cases.status import accepts_letters, deadline_passed
from ..classes.models import Classroom, Enrolment
from ..clock import today
from ..dates import viewer
from ..extensions import db
from ..lessons.library import default_library
from ..letters.kinds import KIND_CHOICES, OLDER_ONLY_KINDS, SOCIAL_LIMIT
from .models import Assignment

MIN_OVERRIDE_REASON = 15
OLDER_BANDS = bands.BAND_KEYS[bands.rank("high"):]  # the bands that may write public posts and phone scripts
# The lessons ticked when a teacher assigns a case to a class of each band (they may untick them).
DEFAULT_LESSONS = {"elementary": ["solidarity-messages"], "middle": ["writing-an-appeal", "case-discussion"],
                   "high": ["writing-an-appeal", "case-discussion"], "adult": ["writing-an-appeal"]}
# How a student picks each kind written once per assignment (appeals are picked per official).
_START_LABELS = {"social": _l("A social media post (%(limit)d characters)", limit=SOCIAL_LIMIT),
                 "phone": _l("A phone call script")}


@dataclass
class AssignmentCheck:
    """Problems (per field) that stop an assignment, and warnings that don't."""

    gate: GateResult
    errors: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    override_used: bool = False

    @property
    def ok(self) -> bool:
        """True when the assignment may be made."""
        return not self.errors


def deadline_warning(case: Case, due: date | None, allowance_days: int) -> str | None:
    """A warning when letters due on ``due`` could arrive after the case's deadline."""
    if due is None or case.deadline is None:
        return None
    latest = case.deadline - timedelta(days=allowance_days)
    if due > latest:
        return _("The due date is after %(latest)s: the case's deadline is %(deadline)s and posting takes "
                 "about %(days)d days. Letters may arrive too late.", latest=viewer().date_text(latest),
                 deadline=viewer().date_text(case.deadline), days=allowance_days)
    return None


def past_deadline_message(case: Case) -> str | None:
    """The warning shown before assigning a case whose deadline passed, or None."""
    if not deadline_passed(case):
        return None
    assert case.deadline is not None
    return _("The deadline of this case passed on %(date)s: letters may arrive too late to help.",
             date=viewer().date_text(case.deadline))


def refusal(gate_message: str) -> str:
    """Why a case rated above the class can't be assigned where the school allows no exception."""
    return _("%(gate)s Choose a case suitable for the class.", gate=gate_message)


def check(classroom: Classroom, case: Case, *, kinds: list[str], target_ids: list[int],
          lesson_slugs: list[str], due: date | None, override_reason: str,
          deadline_reason: str = "") -> AssignmentCheck:
    """Every rule an assignment must meet, in one place."""
    school = classroom.school
    gate = age_gate(case, classroom.band)
    result = AssignmentCheck(gate)
    case_problems = []
    if not accepts_letters(case):
        case_problems.append(_("This case is closed: it takes no new letters, so it can't be assigned."))
    if classroom.is_archived:
        case_problems.append(_("This class is archived. Restore it before assigning cases."))
    if not gate.allowed:
        reason = override_reason.strip()
        if not school.allow_age_override:
            case_problems.append(refusal(gate.message))
        elif len(reason) < MIN_OVERRIDE_REASON:
            result.errors["override_reason"] = _(
                "%(gate)s Your school lets teachers assign it anyway: write why it suits this class "
                "(at least %(least)d characters).", gate=gate.message, least=MIN_OVERRIDE_REASON)
        else:
            result.override_used = True
    late = past_deadline_message(case)  # None unless the deadline passed
    if late and len(deadline_reason.strip()) < MIN_OVERRIDE_REASON:
        result.errors["deadline_reason"] = _(
            "%(passed)s To assign it anyway (for example to discuss it in class), write why (at least %(least)d "
            "characters).", passed=late, least=MIN_OVERRIDE_REASON)
    if case_problems:
        result.errors["case"] = " ".join(case_problems)
    if not kinds:
        result.errors["letter_kinds"] = _("Choose at least one kind of letter.")
    elif any(k in KIND_CHOICES and k not in kind_choices(classroom.band) for k in kinds):
        result.errors["letter_kinds"] = _("Social media posts and phone scripts are for high school and older classes.")
    valid_targets = {t.id for t in case.letter_targets}
    if "appeal" in kinds:
        if not valid_targets:
            result.errors["letter_kinds"] = _("This case names no official to write to: choose a solidarity message.")
        elif not target_ids:
            result.errors["target_ids"] = _("Choose at least one official students may write to.")
    if any(t not in valid_targets for t in target_ids):
        result.errors["target_ids"] = _("Choose officials of this case.")
    library = default_library()
    unknown = [slug for slug in lesson_slugs if library.get(slug) is None]
    if unknown:
        result.errors["lesson_slugs"] = _("Choose lessons from the list.")
    if due and due < today():
        result.errors["due_date"] = _("The due date is in the past.")
    warning = deadline_warning(case, due, school.mailing_allowance_days)
    if warning:
        result.warnings.append(warning)
    return result


def kind_choices(band: str) -> dict[str, str]:
    """The kinds of letter a class of this band may be given, as the assignment form offers them:
    posts and phone scripts are public acts, for the older bands only."""
    return {k: str(label) for k, label in KIND_CHOICES.items() if band in OLDER_BANDS or k not in OLDER_ONLY_KINDS}


def default_kinds(band: str, case: Case) -> list[str]:
    """The kinds ticked at first: a solidarity message for the youngest or a case with no official, else an appeal."""
    return ["solidarity"] if band == "elementary" or not case.letter_targets else ["appeal"]


def default_lessons(band: str) -> list[str]:
    """The lessons ticked at first for a class of this band, those the library has."""
    return [slug for slug in DEFAULT_LESSONS[band] if default_library().get(slug)]


def start_choices(assignment: Assignment, started: set[tuple[str, int | None]]) -> dict[str, str]:
    """What a student may start for the assignment: each kind it asks for (an appeal per allowed
    official) that they have not started yet; ``started`` holds (kind, target id) of their letters."""
    choices = {}
    if "appeal" in assignment.letter_kinds:
        choices.update({f"appeal:{t.id}": _("A letter to %(official)s", official=t.label) for t in assignment.allowed_targets
                        if ("appeal", t.id) not in started})
    if "solidarity" in assignment.letter_kinds and ("solidarity", None) not in started:
        choices["solidarity"] = _("A message of hope to %(people)s", people=assignment.case.people_phrase)
    for kind, label in _START_LABELS.items():
        if kind in assignment.letter_kinds and (kind, None) not in started:
            choices[kind] = str(label)
    return choices


def create(classroom: Classroom, case: Case, teacher: User, *, kinds: list[str], target_ids: list[int],
           lesson_slugs: list[str], instructions: str, due: date | None, override_reason: str,
           outcome: AssignmentCheck, deadline_reason: str = "") -> Assignment:
    """Save an assignment that passed ``check``."""
    assert outcome.ok
    assignment = Assignment(
        class_id=classroom.id, case_id=case.id, letter_kinds=kinds,
        target_ids=target_ids if "appeal" in kinds else [], lesson_slugs=lesson_slugs,
        instructions=instructions.strip(), due_date=due,
        override_reason=override_reason.strip() if outcome.override_used else None,
        deadline_reason=deadline_reason.strip() if deadline_passed(case) else None,
        created_by_id=teacher.id)
    db.session.add(assignment)
    db.session.flush()
    return assignment


def for_class(classroom: Classroom) -> list[Assignment]:
    """A class's assignments, newest first, with their cases loaded."""
    return list(db.session.scalars(
        select(Assignment).where(Assignment.class_id == classroom.id)
        .options(selectinload(Assignment.case).selectinload(Case.events))
        .order_by(Assignment.created_at.desc(), Assignment.id.desc())))


def for_student(student: User) -> list[Assignment]:
    """Assignments of every class the student is an active member of."""
    return list(db.session.scalars(
        select(Assignment)
        .join(Enrolment, (Enrolment.class_id == Assignment.class_id) & (Enrolment.student_id == student.id))
        .where(Enrolment.status == "active")
        .options(selectinload(Assignment.case), selectinload(Assignment.classroom))
        .order_by(Assignment.due_date.is_(None), Assignment.due_date, Assignment.id.desc())))
