"""What letters achieved: counts per case, with no student named."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case as when, func, select

from ..assignments.models import Assignment
from ..cases.models import Case
from ..extensions import db
from ..letters.models import PAPER_KINDS, Letter, LetterTally


@dataclass(frozen=True)
class Impact:
    """Letters of a case that were approved, printed and mailed, and how many classes wrote."""

    approved: int = 0
    printed: int = 0
    mailed: int = 0
    classes: int = 0


def for_case(case: Case) -> Impact:
    """Live letters plus the anonymous tallies kept when classes' data was deleted."""
    live = db.session.execute(
        select(func.count(Letter.id),
               func.sum(when((Letter.state.in_(("printed", "mailed")), 1), else_=0)),
               func.sum(when((Letter.state == "mailed", 1), else_=0)))
        .join(Assignment, Assignment.id == Letter.assignment_id)
        .where(Assignment.case_id == case.id, Letter.state.in_(("approved", "printed", "mailed")),
               Letter.kind.in_(PAPER_KINDS))).one()
    kept = db.session.execute(
        select(func.coalesce(func.sum(LetterTally.approved), 0), func.coalesce(func.sum(LetterTally.printed), 0),
               func.coalesce(func.sum(LetterTally.mailed), 0)).where(LetterTally.case_id == case.id)).one()
    live_classes = set(db.session.scalars(
        select(Assignment.class_id).join(Letter, Letter.assignment_id == Assignment.id)
        .where(Assignment.case_id == case.id, Letter.state.in_(("approved", "printed", "mailed")),
               Letter.kind.in_(PAPER_KINDS)).distinct()))
    tally_classes = set(db.session.scalars(
        select(LetterTally.class_id).where(LetterTally.case_id == case.id, LetterTally.approved > 0).distinct()))
    tally_classes.discard(None)
    return Impact(approved=(live[0] or 0) + kept[0], printed=(live[1] or 0) + kept[1], mailed=(live[2] or 0) + kept[2],
                  classes=len(live_classes | tally_classes))  # type: ignore[arg-type]
