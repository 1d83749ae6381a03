"""A follow-up Urgent Action joins the case it follows instead of becoming a second case.

Amnesty publishes news on a case as a new document pointing at the first UA:
"Further information on UA 104/09" (1990s–2012), "Update 2 on UA 57/21" in the 2020+
template's ``URGENT ACTION TYPE AND NUMBER:``, a ``LINK TO PREVIOUS UA:`` line, or an Amnesty
USA headline "Urgent Action Update: … (China: UA 113.19)". When the first UA is in the library,
the follow-up becomes an entry of its timeline (``services.add_event``); otherwise it is
imported as a case of its own that names what it follows up.

The reference is looked for in the reader's ``follows_up`` and in the source text itself, so
this works whichever reader produced the case.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..auth.models import User
from .models import Case, CaseEvent
from .schema import Problem, format_date
from .ua_numbers import ua_key

_NUMBER = r"UA(?![a-z])\s*(?:no\.?|number|#)?\s*:?\s*\d{1,4}\s*[./]\s*(?:\d{4}|\d{2})(?!\d)"
_REFERENCES = (
    re.compile(rf"further\s+information\s+on\s+(?P<ua>{_NUMBER})", re.IGNORECASE),
    re.compile(rf"\bupdate\s*\d*\s+on\s+(?P<ua>{_NUMBER})", re.IGNORECASE),
    re.compile(rf"^\s*link\s+to\s+previous\s+ua\s*:.*?(?P<ua>{_NUMBER})", re.IGNORECASE),
    re.compile(rf"^\s*urgent\s+action\s+(?:update|victory)\b.*?(?P<ua>{_NUMBER})", re.IGNORECASE),
)
_VICTORY = re.compile(r"\bvictory\b", re.IGNORECASE)
MAX_EVENT_TEXT = 3000  # the timeline form's limit (forms.EventForm)


@dataclass(frozen=True)
class Reference:
    """The UA a text follows up, and the line that says so (None when only the reader said it)."""

    ua_number: str
    line: int | None
    victory: bool = False


def find_reference(source: str, data: Mapping[str, Any] | None = None) -> Reference | None:
    """What ``source`` follows up: its own words first ("Further information on UA 104/09"), else ``follows_up``."""
    for number, line in enumerate(source.replace("\u00a0", " ").splitlines(), start=1):
        for pattern in _REFERENCES:
            match = pattern.search(line)
            if match and ua_key(match["ua"]):
                return Reference(match["ua"].strip(), number, bool(_VICTORY.search(line)))
    follows = (data or {}).get("follows_up")
    if isinstance(follows, str) and ua_key(follows):
        return Reference(follows, None)
    return None


def event_kind(data: Mapping[str, Any], reference: Reference) -> str:
    """The timeline kind a follow-up adds: its own status when that is news, else an update."""
    if data.get("status") in ("victory", "closed"):
        return str(data["status"])
    return "victory" if reference.victory else "update"


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
    if when < case.issue_date:
        return Problem(reference.line, "issue_date",
                       f"This follow-up is dated {format_date(when)}, before {case.ua_number} itself was issued "
                       f"({format_date(case.issue_date)}); check the date or the UA number it names.")
    text = event_text(data)
    for event in case.events:
        if event.date == when and event.text == text:
            return Problem(reference.line, "follows_up",
                           f"This follow-up is already on the timeline of {case.ua_number} “{case.title}” "
                           f"({format_date(when)}).")
    return None


def attach(case: Case, data: Mapping[str, Any], reference: Reference, by: User | None) -> CaseEvent:
    """Add the follow-up to ``case``'s timeline; the case's status follows (``services.add_event``)."""
    from .services import add_event

    return add_event(case, data["issue_date"], event_kind(data, reference), event_text(data), by)
