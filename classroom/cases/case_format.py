"""The case-file shape of docs/case-format.md: its fields, column sizes, regions and UA-number spelling,
and the Problem every reader and check reports."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing that stops a case from being imported."""

    line: int | None  # 1-based line in the pasted/uploaded source, None when not tied to a line
    field: str | None  # dotted path, e.g. "targets.0.salutation", "issue_date"
    message: str  # plain language for a teacher
    warning: bool = False  # the reader was unsure (shown beside the field); it does not stop the import


# The language of a case's own text: Urgent Actions are imported in English (the readers know
# English labels), so pages mark the case's text with it when they are in another language.
# Student summaries in other languages sit beside it (``student_summaries_by_language``).
CASE_LANGUAGE = "en"

REGIONS: tuple[str, ...] = (
    "Africa",
    "Americas",
    "Asia and the Pacific",
    "Europe and Central Asia",
    "Middle East and North Africa",
)
MAX_SOURCE_BYTES = 100_000

# "UA 59.20", "UA59.20", "ua 59.20" and the older "229/10". The year is always two digits;
# the number is at most four digits so that a date such as "24/07/2020" is never taken for one.
UA_NUMBER_RE = re.compile(
    r"^\s*(?:UA\s*(?P<number>\d{1,4})\.(?P<year>\d{2})|(?P<old_number>\d{1,4})/(?P<old_year>\d{2}))\s*$",
    re.IGNORECASE,
)

# Field order of docs/case-format.md; the normalised case keeps it so exports read the same.
CASE_FIELDS: tuple[str, ...] = (
    "ua_number", "follows_up", "ai_index", "country", "region", "title", "issue_date", "deadline", "status",
    "people", "summary", "background", "asks", "model_letter", "targets", "copies_to", "copies_to_note", "themes",
    "student_summaries", "student_summaries_by_language", "rating", "timeline", "thanks",
)
PERSON_FIELDS: tuple[str, ...] = ("name", "pronouns")
TARGET_FIELDS: tuple[str, ...] = ("name", "title", "salutation", "address", "email", "language", "contacts", "verify")
EVENT_FIELDS: tuple[str, ...] = ("date", "kind", "text")
THANKS_FIELDS: tuple[str, ...] = ("quote", "who", "date")
RATING_FIELDS: tuple[str, ...] = ("expected_band", "expected_notes", "decision")
DECISION_FIELDS: tuple[str, ...] = ("band", "reason", "by")

# Column sizes of classroom/cases/models.py: a longer value would fail on PostgreSQL at
# save time, long after the preview said "ready", so the importer refuses it up front.
MAX_LENGTHS: dict[str, int] = {
    "ai_index": 40, "country": 100, "title": 300, "person.name": 300, "target.name": 300, "target.title": 300,
    "target.salutation": 200, "target.email": 254, "theme": 80, "thanks.who": 300, "decision.by": 120,
}


def normalise_ua_number(value: str) -> str | None:
    """``"UA 59.20"`` for any accepted spelling of a UA number, ``"229/10"`` for the old form, else None."""
    match = UA_NUMBER_RE.match(value)
    if not match:
        return None
    if match["number"] is not None:
        # int() drops leading zeros so "UA 059.20" and "UA 59.20" are the same case.
        return f"UA {int(match['number'])}.{match['year']}"
    return f"{int(match['old_number'])}/{match['old_year']}"



def canonical_region(value: str) -> str | None:
    """The region's spelling from REGIONS, matched without regard to case or "&"; else None."""
    wanted = " ".join(value.replace("&", " and ").split()).casefold()
    for region in REGIONS:
        if region.casefold() == wanted:
            return region
    return None
