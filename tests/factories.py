"""Plain data builders shared by tests (no fixtures: call them inside a test's app context)."""
from __future__ import annotations

from datetime import date
from typing import Any

TARGET = {
    "name": "Minister of the Interior", "title": "Ministry of the Interior", "salutation": "Dear Minister,",
    "address": ["Ministry of the Interior", "1 Government Street", "Capital City", "Examplestan"],
    "email": "minister@example.org", "language": "en", "verify": True,
}


def case_data(**overrides: Any) -> dict[str, Any]:
    """A valid, normalised case dict (the shape of docs/case-format.md)."""
    data: dict[str, Any] = {
        "ua_number": "UA 1.26", "follows_up": None, "country": "Examplestan", "region": "Europe and Central Asia",
        "title": "Student journalist detained", "issue_date": date(2026, 10, 1), "deadline": date(2027, 3, 1),
        "status": "action", "people": [{"name": "Ana Example", "pronouns": "she/her"}],
        "summary": "Ana Example, a student journalist, was detained after writing about a protest.",
        "background": "", "asks": ["Release Ana Example immediately", "Let her see her family"],
        "model_letter": "", "targets": [dict(TARGET)], "copies_to": [], "themes": ["freedom of expression"],
        "student_summaries": {"elementary": "Ana wrote about a protest. Now she is in prison. We ask for her to be free."},
        "timeline": [], "thanks": [],
    }
    data.update(overrides)
    return data
