"""The access table: for every route, which roles may use it.

Each feature adds a ``rules_<feature>.py`` module with a ``RULES`` dict and lists it
in ``MODULES``; ``test_access.py`` fails when a route of the app has no entry.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from .world import ROLES

ALL = frozenset(ROLES)
STAFF = frozenset({"teacher", "co_teacher", "other_teacher", "foreign_teacher", "coordinator", "curator"})
STUDENTS = frozenset({"student", "other_student"})

MODULES = ["rules_foundation", "rules_library", "rules_classes", "rules_letters", "rules_printing", "rules_network"]
TEACHERS_A = frozenset({"teacher", "co_teacher"})


@dataclass(frozen=True)
class Case:
    """One request and the roles allowed to make it."""

    method: str
    path: str
    allowed: frozenset[str] | set[str]
    data: dict[str, Any] = field(default_factory=dict)
    json: dict[str, Any] | None = None
    # Token-authenticated endpoints (one-click unsubscribe from an email) carry no CSRF token.
    csrf_exempt: bool = False


def all_rules() -> dict[str, list[Case]]:
    """Every feature's rules merged, endpoint -> cases."""
    merged: dict[str, list[Case]] = {}
    for name in MODULES:
        module = importlib.import_module(f"{__package__}.{name}")
        for endpoint, cases in module.RULES.items():
            assert endpoint not in merged, f"{endpoint} is listed twice"
            merged[endpoint] = cases
    return merged
