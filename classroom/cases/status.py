"""A case's status: the one list with its labels, and what each status means for letters."""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from ..clock import today

if TYPE_CHECKING:
    from .models import Case

# The statuses, in the library's order, and how pages name them. A timeline entry of each kind
# but the first sets the case's status to its own kind (``timeline.add_event``).
STATUS_LABELS = {"action": _l("Action needed"), "update": _l("Update"), "victory": _l("Victory"), "closed": _l("Closed")}
STATUSES: tuple[str, ...] = tuple(STATUS_LABELS)
EVENT_KINDS: tuple[str, ...] = STATUSES[1:]
# What the library shows (``shown_status``): the statuses, and an action whose deadline passed.
SHOWN_STATUS_LABELS = {**STATUS_LABELS, "deadline_passed": _l("Deadline passed")}


def accepts_letters(case: Case) -> bool:
    """A closed case takes no new letters."""
    return status_accepts_letters(case.status)


def status_accepts_letters(status: str) -> bool:
    """The rule of ``accepts_letters`` on the status alone."""
    return status != "closed"


def deadline_passed(case: Case) -> bool:
    """True once the case's action deadline is behind us (the one rule for it, on the pinned clock)."""
    return case.deadline is not None and case.deadline < today()


def shown_status(case: Case) -> str:
    """The status the library shows: a call to action whose deadline passed shows as ``deadline_passed``."""
    return "deadline_passed" if case.status == "action" and deadline_passed(case) else case.status
