"""Mail conditions: destination countries where the post is suspended or unreliable."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from difflib import get_close_matches

from babel import Locale
from sqlalchemy import func, select

from ..cases.models import Case
from ..datafiles import yaml_file
from ..extensions import db
from ..letters.models import Letter
from ..printing.exports import approved_only
from ..templating import format_date
from .models import MailCondition


# Territory codes that are not destinations for post (unknown region, pseudo-codes).
_NOT_COUNTRIES = {"ZZ", "XA", "XB", "EU", "EZ", "UN", "QO"}


def conditions() -> dict[str, MailCondition]:
    """Every condition, by lower-cased country (one query)."""
    return {c.country.lower(): c for c in db.session.scalars(select(MailCondition).order_by(MailCondition.country))}


def for_country(country: str) -> MailCondition | None:
    """The condition of one destination country, if any."""
    return db.session.scalar(select(MailCondition).where(func.lower(MailCondition.country) == country.strip().lower()))


def case_warning(case: Case) -> str | None:
    """A warning for pages about a case whose destination has a mail condition."""
    condition = for_country(case.country)
    if condition is None:
        return None
    emails = [t for t in case.letter_targets if t.email]
    advice = (" You can send approved appeals by email instead: " + ", ".join(t.name for t in emails) + " can be emailed."
              if emails else " None of this case's officials has an email address, so letters may have to wait.")
    note = f" {condition.note}" if condition.note else ""
    return f"{condition.label} to {condition.country} (since {format_date(condition.since)}).{note}{advice}"


def letter_warning(letter: Letter) -> str | None:
    """The warning for one letter (review page)."""
    return case_warning(letter.assignment.case)


def suspended_letters(letters: Sequence[Letter]) -> list[Letter]:
    """Letters to post whose destination's post is suspended (a queue can hold them back)."""
    table = conditions()
    return [l for l in approved_only(letters)
            if (c := table.get(l.assignment.case.country.lower())) is not None and c.status == "suspended"]


def export_warnings(letters: Sequence[Letter]) -> list[str]:
    """Cover-sheet warnings: how many of the letters to post go to each affected country, and what to do.

    Drafts, posts and phone scripts are never posted, so they are not counted.
    """
    table = conditions()
    affected: Counter[str] = Counter()
    emailable: Counter[str] = Counter()
    for letter in approved_only(letters):
        condition = table.get(letter.assignment.case.country.lower())
        if condition is None:
            continue
        affected[condition.country] += 1
        if letter.target is not None and letter.target.email:
            emailable[condition.country] += 1
    warnings = []
    for country, count in sorted(affected.items()):
        condition = table[country.lower()]
        text = (f"{count} letter{'s' if count != 1 else ''} to {country}: {condition.label.lower()} "
                f"since {format_date(condition.since)}.")
        if condition.note:
            text += f" {condition.note}"
        if emailable[country]:
            text += f" {emailable[country]} can be sent by email instead."
        warnings.append(text)
    return warnings


def known_countries() -> list[str]:
    """Country names a condition can use: as the cases write them, then the usual English names."""
    in_cases = [c for c in db.session.scalars(select(Case.country).distinct()) if c.strip()]
    seen = {c.lower() for c in in_cases}
    usual = [name for code, name in Locale("en").territories.items()
             if code.isalpha() and len(code) == 2 and code not in _NOT_COUNTRIES and name.lower() not in seen]
    return sorted(in_cases, key=str.lower) + sorted(usual, key=str.lower)


def country_check(country: str, names: Sequence[str]) -> tuple[str | None, str | None]:
    """(the country as ``names`` write it, None) or (None, why it was not recognised).

    ``names`` is ``known_countries()``. A condition only ever matches the country written on
    a case, so a misspelt name would silently warn nobody: unknown names are refused with the
    closest known ones.
    """
    by_lower: dict[str, str] = {}
    for name in names:
        by_lower.setdefault(name.lower(), name)  # the first spelling wins: the cases' own
    wanted = " ".join(country.split())
    if wanted.lower() in by_lower:
        return by_lower[wanted.lower()], None
    close = get_close_matches(wanted.lower(), list(by_lower), n=3, cutoff=0.75)
    hint = f" Did you mean {' or '.join(by_lower[c] for c in close)}?" if close else ""
    return None, f"No country called “{wanted}” is known.{hint} Write it as the cases do, e.g. Honduras."


def set_condition(country: str, status: str, note: str, since: date, by_id: int | None) -> MailCondition:
    """Create or change a country's condition."""
    condition = for_country(country)
    if condition is None:
        condition = MailCondition(country=country.strip())
        db.session.add(condition)
    condition.status, condition.note, condition.since, condition.updated_by_id = status, note.strip(), since, by_id
    db.session.flush()
    return condition


def load_starter() -> int:
    """Load ``data/mail_conditions.yaml`` (idempotent, keyed by country); returns how many it lists."""
    data = yaml_file("mail_conditions.yaml") or {}
    items = data.get("countries") or [] if isinstance(data, dict) else []
    for item in items:
        set_condition(item["country"], item.get("status", "suspended"), item.get("note", ""), item["since"], None)
    return len(items)
