"""The letter state machine: which action moves a letter from which state, and who may take it.

    draft → submitted → (changes_requested → submitted)* → approved → printed → mailed
                                                            approved → emailed   (an appeal sent by email)
                                                            approved → posted    (a social media post)
                                                            approved → called    (a phone call script)

Each kind's sent step is in ``kinds.Kind.sent_steps``; an action for other kinds is refused.

A student may unsubmit until a teacher opens the letter for review; a teacher may reopen
an approved letter (with a reason) until it is printed.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..clock import utcnow
from ..extensions import db
from .kinds import KINDS, PAPER_KINDS
from .models import STATE_LABELS, Letter, LetterEvent


@dataclass(frozen=True)
class Action:
    """A transition: the states it starts from, where it goes, and the capacity of who takes it."""

    name: str
    sources: tuple[str, ...]
    target: str
    actor: str  # "student" (the letter's author) | "teacher" (of the class) | "coordinator" (of the school)
    kinds: tuple[str, ...] = tuple(KINDS)  # the kinds of letter it applies to


ACTIONS: dict[str, Action] = {a.name: a for a in (
    Action("submit", ("draft", "changes_requested"), "submitted", "student"),
    Action("unsubmit", ("submitted",), "draft", "student"),
    Action("request_changes", ("submitted",), "changes_requested", "teacher"),
    Action("approve", ("submitted",), "approved", "teacher"),
    Action("reopen", ("approved",), "changes_requested", "teacher"),
    Action("mark_printed", ("approved",), "printed", "coordinator", PAPER_KINDS),
    Action("mark_mailed", ("printed",), "mailed", "coordinator", PAPER_KINDS),
    *(Action(f"mark_{step}", ("approved",), step, "teacher",
             tuple(k for k, kind in KINDS.items() if step in kind.sent_steps)) for step in ("emailed", "posted", "called")),
)}
EDITABLE_STATES = ("draft", "changes_requested")
# What a locked letter's author is told, by state (whole sentences: each is translated as one).
_LOCKED_NOTES = {
    "approved": _l("Your teacher approved this letter. Well done! It can't be changed any more."),
    "printed": _l("Your teacher approved this letter and it has been printed. Well done! It can't be changed any more."),
    "mailed": _l("Your teacher approved this letter and it has been posted. Well done! It can't be changed any more."),
    "emailed": _l("Your teacher approved this letter and it has been sent by email. Well done! "
                  "It can't be changed any more."),
    "posted": _l("Your teacher approved this letter and it has been posted online. Well done! "
                 "It can't be changed any more."),
    "called": _l("Your teacher approved this letter and the call has been made. Well done! "
                 "It can't be changed any more."),
}
# Who may take an action, as a refusal names them.
_ONLY = {"student": _l("Only the letter's writer can do that."), "teacher": _l("Only the letter's teacher can do that."),
         "coordinator": _l("Only the school's print coordinator can do that.")}
# Why an action can't be taken from the letter's state.
_WRONG_STATE = {
    "submit": _l("This letter has already been sent to the teacher."),
    "unsubmit": _l("Only a letter waiting for review can be taken back."),
    "request_changes": _l("Only a submitted letter can get a review."),
    "approve": _l("Only a submitted letter can be approved."),
    "reopen": _l("Only an approved letter that hasn't been printed can be reopened."),
    "mark_printed": _l("Only approved letters can be marked printed."),
    "mark_mailed": _l("Only printed letters can be marked mailed."),
    "mark_emailed": _l("Only an approved letter that hasn't been printed can be recorded as sent by email."),
    "mark_posted": _l("Only an approved post can be recorded as posted."),
    "mark_called": _l("Only an approved script can be recorded as called."),
}


class TransitionError(Exception):
    """The action isn't possible for this letter now; ``str(error)`` says why in plain words."""


def refusal(letter: Letter, action_name: str, capacity: str) -> str | None:
    """Why ``capacity`` can't take ``action_name`` on the letter now, or None when it can."""
    action = ACTIONS.get(action_name)
    if action is None:
        return _("That isn't something you can do with a letter.")
    if capacity != action.actor:
        return str(_ONLY[action.actor])
    if letter.kind not in action.kinds:
        return _("This kind of letter (%(kind)s) can't be marked “%(state)s”.", kind=KINDS[letter.kind].name,
                 state=STATE_LABELS[action.target])
    if letter.state not in action.sources:
        return str(_WRONG_STATE[action_name])
    if action_name == "unsubmit" and letter.review_started_at is not None:
        return _("Your teacher has started reading this letter, so it can't be taken back now.")
    return None


def is_editable(letter: Letter) -> bool:
    """The student may change the text (and its language) in the letter's state."""
    return letter.state in EDITABLE_STATES


def locked_note(letter: Letter) -> str:
    """What the student is told once the letter is approved (and, later, sent); empty before."""
    if not letter.is_locked:
        return ""
    return str(_LOCKED_NOTES.get(letter.state, _LOCKED_NOTES["approved"]))


def can(letter: Letter, action_name: str, capacity: str) -> bool:
    """True when the action is possible now."""
    return refusal(letter, action_name, capacity) is None


def apply(letter: Letter, action_name: str, capacity: str, actor_id: int | None, note: str = "") -> None:
    """Take the action, record who took it, and stamp the letter."""
    problem = refusal(letter, action_name, capacity)
    if problem:
        raise TransitionError(problem)
    action = ACTIONS[action_name]
    now = utcnow()
    db.session.add(LetterEvent(letter_id=letter.id, from_state=letter.state, to_state=action.target,
                               actor_id=actor_id, note=note))
    letter.state = action.target
    if action_name == "submit":
        letter.submitted_at = now
        letter.review_started_at = None
    elif action_name == "unsubmit":
        letter.submitted_at = None
    elif action_name == "approve":
        letter.approved_at, letter.approved_by_id, letter.reviewed_version = now, actor_id, letter.version
    elif action_name == "request_changes":
        letter.reviewed_version = letter.version
    elif action_name == "reopen":
        letter.approved_at = None
        letter.approved_by_id = None
        letter.pdf_key = None
    elif action_name == "mark_printed":
        letter.printed_at = now
    elif action_name == "mark_mailed":
        letter.mailed_at = now
    elif action_name == "mark_emailed":
        letter.emailed_at = now
    letter.updated_at = now
