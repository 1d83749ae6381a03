"""A follow-up Urgent Action joins the case it follows instead of becoming a second case.

Amnesty publishes news on a case as a new document about the first UA: "Further information on
UA 104/09" (1990s–2012), "Update 2 on UA 57/21" in the 2020+ template's ``URGENT ACTION TYPE AND
NUMBER:``, an Amnesty USA headline "Urgent Action Update: … (China: UA 113.19)". When the first
UA is in the library, the follow-up becomes an entry of its timeline (``services.add_event``);
otherwise it is imported as a case of its own.

Which UA a text follows up is decided once, by the reader (``reading``), not guessed again here:

- a published layout (``reading.FAMILIES`` other than the labelled form) read as an update,
  victory or closing keeps the first UA's number as its own (Amnesty kept it), so that number
  is the reference and the status is the timeline entry's kind;
- any other case (a YAML/JSON file, the labelled form) follows up what its ``follows_up``
  field names ("Follows up: UA 122/20", "Further information on UA 122/20").
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..auth.models import User
from ..dates import viewer
from .models import Case, CaseEvent
from .reading import FAMILIES
from .case_format import Problem
from .services import add_event, event_date_problem
from .status import EVENT_KINDS
from .ua_numbers import line_of, ua_key

MAX_EVENT_TEXT = 3000  # the timeline form's limit (forms.EventForm)
# Layouts Amnesty publishes: their reader says when a text is news on an earlier UA.
PUBLISHED_FAMILIES = frozenset(FAMILIES) - {"labelled"}


@dataclass(frozen=True)
class Reference:
    """The UA a text follows up, and the line of the source that names it (None when none does)."""

    ua_number: str
    line: int | None


def find_reference(source: str, data: Mapping[str, Any], family: str) -> Reference | None:
    """What the case read from ``source`` (by the reader of ``family``) follows up, if anything."""
    follows = data.get("follows_up")
    if isinstance(follows, str) and ua_key(follows):
        return Reference(follows, line_of(source, follows))
    number = data.get("ua_number")
    if family in PUBLISHED_FAMILIES and data.get("status") in EVENT_KINDS and isinstance(number, str):
        return Reference(number, line_of(source, number))
    return None


def event_kind(data: Mapping[str, Any]) -> str:
    """The timeline kind a follow-up adds: its own status when that is news, else an update."""
    status = data.get("status")
    return str(status) if status in ("victory", "closed") else "update"


def event_text(data: Mapping[str, Any]) -> str:
    """What teachers read on the timeline: the follow-up's title and summary."""
    text = f"{data.get('title') or ''}: {data.get('summary') or ''}".strip(": ")
    return text if len(text) <= MAX_EVENT_TEXT else text[: MAX_EVENT_TEXT - 1].rstrip() + "…"


def attach_problem(case: Case, data: Mapping[str, Any], reference: Reference) -> Problem | None:
    """Why this follow-up can't join ``case``: dated before it, or already on its timeline."""
    when = data.get("issue_date")
    if when is None:
        return Problem(reference.line, "issue_date",
                       f"This follow-up of {case.ua_number} has no date, so it can't be placed on that case's timeline.")
    if event_date_problem(case, when):
        return Problem(reference.line, "issue_date",
                       f"This follow-up is dated {viewer().date_text(when)}, before {case.ua_number} itself was issued "
                       f"({viewer().date_text(case.issue_date)}); check the date or the UA number it names.")
    text = event_text(data)
    for event in case.events:
        if event.date == when and event.text == text:
            return Problem(reference.line, "follows_up",
                           f"This follow-up is already on the timeline of {case.ua_number} “{case.title}” "
                           f"({viewer().date_text(when)}).")
    return None


def attach(case: Case, data: Mapping[str, Any], reference: Reference, by: User | None) -> CaseEvent:
    """Add the follow-up to ``case``'s timeline; the case's status follows (``services.add_event``)."""
    return add_event(case, data["issue_date"], event_kind(data), event_text(data), by)
