"""What letters achieved: counts per case and per kind of letter, with no student named.

Every kind counts: appeals and cards approved, printed, mailed or emailed; social posts
posted online; phone scripts called. Anonymous tallies kept when a class's data was deleted
count too.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import func, select

from ..assignments.models import Assignment
from ..cases.models import Case
from ..extensions import db
from ..letters.kinds import KINDS, SENT_STEP_NAMES
from ..letters.models import APPROVED_STATES, COUNTED_STEPS, SENT_STATES, Letter, LetterTally


# Each kind as a heading over its counts ("Appeal letters: 5 approved · 2 printed"), and the
# steps no kind names itself (the sent steps are SENT_STEP_NAMES).
PLURAL_NAMES = {"appeal": _l("Appeal letters"), "solidarity": _l("Solidarity messages"),
                "social": _l("Social media posts"), "phone": _l("Phone call scripts")}
STEP_WORDS = {"approved": _l("approved"), "printed": _l("printed")}


@dataclass(frozen=True)
class KindImpact:
    """One kind's counts: approved, and each step it went through."""

    kind: str | None  # None: tallies kept before kinds were counted apart
    counts: dict[str, int]

    @property
    def name(self) -> str:
        if self.kind in PLURAL_NAMES:
            return str(PLURAL_NAMES[self.kind])
        return str(KINDS[self.kind].name) if self.kind else _("Letters of a kind not recorded")

    @property
    def sent(self) -> int:
        return sum(self.counts.get(step, 0) for step in SENT_STATES)

    @property
    def steps(self) -> list[tuple[str, int]]:
        """("approved", n) then the steps this kind goes through, as words: [("sent by email", 2), ...]."""
        kind_steps = (("printed", *KINDS[self.kind].sent_steps) if self.kind and KINDS[self.kind].paper
                      else KINDS[self.kind].sent_steps if self.kind else ("printed", "mailed"))
        return [(str(STEP_WORDS["approved"]), self.counts.get("approved", 0)),
                *((str(STEP_WORDS.get(step) or SENT_STEP_NAMES.get(step, step)), self.counts.get(step, 0))
                  for step in kind_steps)]


@dataclass(frozen=True)
class Impact:
    """Letters of a case that were approved, printed, mailed and sent by any channel, how many
    classes wrote, and the same per kind."""

    approved: int = 0
    printed: int = 0
    mailed: int = 0
    classes: int = 0
    sent: int = 0  # every kind's sent step: mailed, emailed, posted, called
    kinds: tuple[KindImpact, ...] = field(default=())


def for_case(case: Case) -> Impact:
    """Live letters plus the anonymous tallies kept when classes' data was deleted."""
    per_kind: dict[str | None, Counter[str]] = {}
    live = db.session.execute(
        select(Letter.kind, Letter.state, func.count(Letter.id))
        .join(Assignment, Assignment.id == Letter.assignment_id)
        .where(Assignment.case_id == case.id, Letter.state.in_(APPROVED_STATES))
        .group_by(Letter.kind, Letter.state))
    for kind, state, count in live:
        counter = per_kind.setdefault(kind, Counter())
        for step, states in COUNTED_STEPS.items():
            if state in states:
                counter[step] += count
    kept = db.session.execute(
        select(LetterTally.kind, *(func.coalesce(func.sum(getattr(LetterTally, step)), 0) for step in COUNTED_STEPS))
        .where(LetterTally.case_id == case.id).group_by(LetterTally.kind))
    for kind, *counts in kept:
        counter = per_kind.setdefault(kind, Counter())
        for step, count in zip(COUNTED_STEPS, counts):
            counter[step] += int(count)
    live_classes = set(db.session.scalars(
        select(Assignment.class_id).join(Letter, Letter.assignment_id == Assignment.id)
        .where(Assignment.case_id == case.id, Letter.state.in_(APPROVED_STATES)).distinct()))
    tally_classes = set(db.session.scalars(
        select(LetterTally.class_id).where(LetterTally.case_id == case.id, LetterTally.approved > 0).distinct()))
    tally_classes.discard(None)
    order = [*KINDS, None]
    kinds = tuple(KindImpact(kind, {step: n for step, n in per_kind[kind].items() if n}) for kind in order
                  if kind in per_kind and per_kind[kind]["approved"])
    total: Counter[str] = sum((per_kind[k] for k in per_kind), Counter())
    return Impact(approved=total["approved"], printed=total["printed"], mailed=total["mailed"],
                  classes=len(live_classes | tally_classes),  # type: ignore[arg-type]
                  sent=sum(total[step] for step in SENT_STATES), kinds=kinds)
