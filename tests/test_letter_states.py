"""The letter state machine (classroom/letters/states.py): every transition, allowed or refused, by capacity."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from flask import Flask
from sqlalchemy import select

from classroom.auth.models import User
from classroom.classes.models import Classroom
from classroom.extensions import db
from classroom.letters import states
from classroom.letters.models import STATES, Letter, LetterEvent

from .factories import MINISTER, PROSECUTOR, assign, make_case, write

CAPACITIES = ("student", "teacher", "coordinator")
ACTIONS = ("submit", "unsubmit", "request_changes", "approve", "reopen", "mark_printed", "mark_mailed",
           "mark_emailed", "mark_posted", "mark_called")
# The kind of letter each action is tried on: its own kind (every kind's sent step is its own).
KIND_FOR = {"mark_posted": "social", "mark_called": "phone"}

# Written out by hand from the design (not derived from states.ACTIONS): (action, from state, capacity) → to state.
ALLOWED = {
    ("submit", "draft", "student"): "submitted",
    ("submit", "changes_requested", "student"): "submitted",
    ("unsubmit", "submitted", "student"): "draft",
    ("request_changes", "submitted", "teacher"): "changes_requested",
    ("approve", "submitted", "teacher"): "approved",
    ("reopen", "approved", "teacher"): "changes_requested",
    ("mark_printed", "approved", "coordinator"): "printed",
    ("mark_mailed", "printed", "coordinator"): "mailed",
    ("mark_emailed", "approved", "teacher"): "emailed",
    ("mark_posted", "approved", "teacher"): "posted",
    ("mark_called", "approved", "teacher"): "called",
}
# Each sent step and the kinds that have it (written out from the design).
SENT_STEP_KINDS = {"mark_printed": {"appeal", "solidarity"}, "mark_mailed": {"appeal", "solidarity"},
                   "mark_emailed": {"appeal"}, "mark_posted": {"social"}, "mark_called": {"phone"}}
EVERY = [(a, s, c) for a in ACTIONS for s in STATES for c in CAPACITIES]


def letter_in(state: str, review_started: bool = False, kind: str = "appeal") -> Letter:
    """A letter (not saved) in ``state``; refusal() only looks at the kind, the state and the review stamp."""
    return Letter(state=state, kind=kind, review_started_at=datetime(2026, 11, 2, 9, 0) if review_started else None)


def test_the_table_covers_every_action_of_the_module() -> None:
    assert set(states.ACTIONS) == set(ACTIONS)


@pytest.mark.parametrize(("action", "state", "capacity"), sorted(ALLOWED), ids="-".join)
def test_allowed_transitions(action: str, state: str, capacity: str) -> None:
    letter = letter_in(state, kind=KIND_FOR.get(action, "appeal"))
    assert states.refusal(letter, action, capacity) is None
    assert states.can(letter, action, capacity)
    assert states.ACTIONS[action].target == ALLOWED[(action, state, capacity)]


@pytest.mark.parametrize(("action", "state", "capacity"), [t for t in EVERY if t not in ALLOWED], ids="-".join)
def test_refused_transitions_say_why(action: str, state: str, capacity: str) -> None:
    letter = letter_in(state, kind=KIND_FOR.get(action, "appeal"))
    reason = states.refusal(letter, action, capacity)
    assert reason, "refused without a reason"
    assert not states.can(letter, action, capacity)
    with pytest.raises(states.TransitionError, match=r".+"):
        states.apply(letter, action, capacity, actor_id=None)
    assert letter.state == state


@pytest.mark.parametrize("capacity", CAPACITIES)
def test_an_unknown_action_is_refused(capacity: str) -> None:
    assert states.refusal(letter_in("draft"), "delete", capacity) == "That isn't something you can do with a letter."


@pytest.mark.parametrize("action", sorted(SENT_STEP_KINDS))
@pytest.mark.parametrize("kind", ["appeal", "solidarity", "social", "phone"])
def test_each_kind_goes_out_only_by_its_own_steps(action: str, kind: str) -> None:
    source = "printed" if action == "mark_mailed" else "approved"
    capacity = states.ACTIONS[action].actor
    reason = states.refusal(letter_in(source, kind=kind), action, capacity)
    if kind in SENT_STEP_KINDS[action]:
        assert reason is None
    else:
        assert reason and reason.startswith("This kind of letter (") and "can't be marked" in reason


def test_wrong_capacity_is_told_who_can() -> None:
    assert states.refusal(letter_in("submitted"), "approve", "student") == "Only the letter's teacher can do that."
    assert states.refusal(letter_in("draft"), "submit", "teacher") == "Only the letter's writer can do that."
    assert "print coordinator" in (states.refusal(letter_in("approved"), "mark_printed", "teacher") or "")


def test_unsubmit_is_refused_once_review_started() -> None:
    letter = letter_in("submitted", review_started=True)
    assert states.refusal(letter, "unsubmit", "student") == (
        "Your teacher has started reading this letter, so it can't be taken back now.")
    # The teacher can still decide.
    assert states.can(letter, "approve", "teacher")
    assert states.can(letter, "request_changes", "teacher")


def test_editable_states_are_draft_and_changes_requested() -> None:
    assert set(states.EDITABLE_STATES) == {"draft", "changes_requested"}
    for state in STATES:
        assert letter_in(state).is_locked is (state in ("approved", "printed", "mailed", "emailed", "posted", "called"))


# --- apply() on saved letters: stamps and the event log -----------------------------------

@pytest.fixture
def saved_letter(app: Flask, make_class: Callable[..., Classroom], make_student: Callable[..., User]) -> Letter:
    classroom = make_class()
    student = make_student(classroom)
    return write(assign(classroom, make_case(targets=(MINISTER, PROSECUTOR))), student, "Please release Ana Example.")


def events(letter: Letter) -> list[tuple[str, str, int | None, str]]:
    return [(e.from_state, e.to_state, e.actor_id, e.note) for e in db.session.scalars(
        select(LetterEvent).where(LetterEvent.letter_id == letter.id).order_by(LetterEvent.id))]


def test_a_whole_life_is_recorded_with_stamps(saved_letter: Letter) -> None:
    letter = saved_letter
    student_id = letter.student_id
    states.apply(letter, "submit", "student", student_id)
    assert letter.state == "submitted" and letter.submitted_at is not None
    letter.review_started_at = datetime(2026, 11, 2, 9, 0)
    states.apply(letter, "request_changes", "teacher", None)
    assert letter.reviewed_version == letter.version
    states.apply(letter, "submit", "student", student_id)
    assert letter.review_started_at is None, "a resubmitted letter can be taken back until it is opened again"
    states.apply(letter, "approve", "teacher", None)
    assert letter.approved_at is not None and letter.reviewed_version == letter.version
    states.apply(letter, "reopen", "teacher", None, "Add the second ask, please.")
    assert letter.state == "changes_requested" and letter.approved_at is None and letter.pdf_key is None
    states.apply(letter, "submit", "student", student_id)
    states.apply(letter, "approve", "teacher", None)
    states.apply(letter, "mark_printed", "coordinator", None)
    assert letter.printed_at is not None
    states.apply(letter, "mark_mailed", "coordinator", None)
    assert letter.mailed_at is not None and letter.is_locked
    db.session.commit()
    assert [(f, t) for f, t, _, _ in events(letter)] == [
        ("draft", "submitted"), ("submitted", "changes_requested"), ("changes_requested", "submitted"),
        ("submitted", "approved"), ("approved", "changes_requested"), ("changes_requested", "submitted"),
        ("submitted", "approved"), ("approved", "printed"), ("printed", "mailed")]
    assert events(letter)[0][2] == student_id
    assert events(letter)[4][3] == "Add the second ask, please."


def test_unsubmit_clears_the_sent_time(saved_letter: Letter) -> None:
    states.apply(saved_letter, "submit", "student", saved_letter.student_id)
    states.apply(saved_letter, "unsubmit", "student", saved_letter.student_id)
    assert saved_letter.state == "draft" and saved_letter.submitted_at is None


def test_a_refused_action_records_nothing(saved_letter: Letter) -> None:
    with pytest.raises(states.TransitionError):
        states.apply(saved_letter, "approve", "teacher", None)
    db.session.commit()
    assert events(saved_letter) == []
    assert saved_letter.state == "draft"
