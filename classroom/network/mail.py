"""Mail conditions: destination countries where the post is suspended or unreliable."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from difflib import get_close_matches
from functools import cache

from babel import Locale
from babel.lists import format_list
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from ..cases.models import Case
from ..datafiles import yaml_file
from ..dates import viewer
from ..extensions import db
from ..i18n import page_locale
from ..letters.models import Letter
from ..printing.exports import approved_only
from .models import MAIL_STATUSES, MailCondition
import contextlib

# Territory codes that are not destinations for post (unknown region, pseudo-codes).
_NOT_COUNTRIES = {"ZZ", "XA", "XB", "EU", "EZ", "UN", "QO"}


# Other names the cases and postal notices use for a country, beside the usual English ones
# (babel's); a condition matches a case however either spells the country.
ALIASES = {
    "russian federation": "RU", "palestine": "PS", "state of palestine": "PS", "usa": "US",
    "united states of america": "US", "uk": "GB", "great britain": "GB", "syrian arab republic": "SY",
    "iran (islamic republic of)": "IR", "venezuela (bolivarian republic of)": "VE",
    "united republic of tanzania": "TZ", "democratic republic of the congo": "CD", "republic of the congo": "CG",
}


@cache
def _codes() -> dict[str, str]:
    """Lower-cased country name → territory code, for every name babel or ALIASES knows."""
    names = {name.lower(): code for code, name in Locale("en").territories.items()
             if code.isalpha() and len(code) == 2 and code not in _NOT_COUNTRIES}
    return {**names, **ALIASES}


def country_key(country: str) -> str:
    """What a country is matched by: its territory code when known, else its name in lower case."""
    name = " ".join(country.split()).lower()
    return _codes().get(name, name)


def conditions() -> dict[str, MailCondition]:
    """Every condition, by ``country_key`` (one query)."""
    return {country_key(c.country): c
            for c in db.session.scalars(select(MailCondition).order_by(MailCondition.country))}


def for_country(country: str) -> MailCondition | None:
    """The condition of one destination country, if any (under any of its names)."""
    return conditions().get(country_key(country))


def case_warning(case: Case) -> str | None:
    """A warning for pages about a case whose destination has a mail condition."""
    condition = for_country(case.country)
    if condition is None:
        return None
    emails = [t for t in case.letter_targets if t.email]
    advice = (_("You can send approved appeals by email instead: %(officials)s can be emailed.",
                officials=format_list([t.name for t in emails], locale=page_locale()))
              if emails else _("None of this case's officials has an email address, so letters may have to wait."))
    day = viewer().date_text(condition.since)
    said = (_("Post suspended to %(country)s (since %(day)s).", country=condition.country, day=day)
            if condition.status == "suspended" else
            _("Post unreliable to %(country)s (since %(day)s).", country=condition.country, day=day))
    return " ".join(part for part in (said, condition.note, advice) if part)


def letter_warning(letter: Letter) -> str | None:
    """The warning for one letter (review page)."""
    return case_warning(letter.assignment.case)


def suspended_letters(letters: Sequence[Letter]) -> list[Letter]:
    """Letters to post whose destination's post is suspended (a queue can hold them back)."""
    table = conditions()
    return [l for l in approved_only(letters)
            if (c := table.get(country_key(l.assignment.case.country))) is not None and c.status == "suspended"]


def held_back_message(held: Sequence[Letter]) -> str:
    """Why a batch made with "Hold back" ticked has no letters: every approved letter is held."""
    table = conditions()
    countries = sorted({table[country_key(l.assignment.case.country)].country for l in held})
    reasons = "; ".join(_("post to %(country)s is suspended since %(day)s", country=c,
                          day=viewer().date_text(table[country_key(c)].since)) for c in countries)
    return ngettext("The one approved letter is held back: %(reasons)s. Untick “Hold back” to put it in a batch "
                    "anyway, or send appeals by email where an official has an address.",
                    "All %(num)d approved letters are held back: %(reasons)s. Untick “Hold back” to put them in a "
                    "batch anyway, or send appeals by email where an official has an address.",
                    len(held), reasons=reasons)


def without_held(letters: Sequence[Letter]) -> tuple[list[Letter], str | None]:
    """The letters a batch made with "Hold back" ticked takes: all but those to a country whose
    post is suspended; or no letters and why, when every approved letter would be held back."""
    held = suspended_letters(letters)
    if held and len(held) == len(approved_only(letters)):
        return [], held_back_message(held)
    held_ids = {letter.id for letter in held}
    return [letter for letter in letters if letter.id not in held_ids], None


def export_warnings(letters: Sequence[Letter]) -> list[str]:
    """Cover-sheet warnings: how many of the letters to post go to each affected country, and what to do.

    Drafts, posts and phone scripts are never posted, so they are not counted.
    """
    table = conditions()
    affected: Counter[str] = Counter()
    emailable: Counter[str] = Counter()
    for letter in approved_only(letters):
        condition = table.get(country_key(letter.assignment.case.country))
        if condition is None:
            continue
        affected[condition.country] += 1
        if letter.target is not None and letter.target.email:
            emailable[condition.country] += 1
    warnings = []
    for country, count in sorted(affected.items()):
        condition = table[country_key(country)]
        day = viewer().date_text(condition.since)
        said = (ngettext("%(num)d letter to %(country)s: post suspended since %(day)s.",
                         "%(num)d letters to %(country)s: post suspended since %(day)s.", count, country=country, day=day)
                if condition.status == "suspended" else
                ngettext("%(num)d letter to %(country)s: post unreliable since %(day)s.",
                         "%(num)d letters to %(country)s: post unreliable since %(day)s.", count, country=country, day=day))
        instead = (ngettext("%(num)d can be sent by email instead.", "%(num)d can be sent by email instead.",
                            emailable[country]) if emailable[country] else "")
        warnings.append(" ".join(part for part in (said, condition.note, instead) if part))
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
    if wanted.lower() in ALIASES:
        return wanted, None
    close = get_close_matches(wanted.lower(), list(by_lower), n=3, cutoff=0.75)
    unknown = _("No country called “%(country)s” is known.", country=wanted)
    hint = _("Did you mean %(countries)s?", countries=format_list([by_lower[c] for c in close], style="or",
                                                                  locale=page_locale())) if close else ""
    return None, " ".join(part for part in (unknown, hint, _("Write it as the cases do, e.g. Honduras.")) if part)


NOTE_MAX = 1000


@dataclass(frozen=True)
class ConditionEntry:
    """A condition that passed ``check_entry``: ready to save."""

    country: str
    status: str
    note: str
    since: date


def check_entry(country: object, status: object, note: object, since: object,
                names: Sequence[str]) -> tuple[ConditionEntry | None, dict[str, str]]:
    """The one check of a mail condition, from the curators' form or the starter file.

    Returns (the entry, {}) or (None, {field: why}); ``names`` is ``known_countries()``.
    """
    problems: dict[str, str] = {}
    found = None
    if not isinstance(country, str) or not country.strip():
        problems["country"] = _("Enter the country.")
    else:
        found, problem = country_check(country, names)
        if problem:
            problems["country"] = problem
    if status not in MAIL_STATUSES:
        problems["status"] = _("The post is either suspended or unreliable, not “%(status)s”.", status=status)
    if isinstance(since, str):
        with contextlib.suppress(ValueError):
            since = date.fromisoformat(since.strip())
    if isinstance(since, datetime):
        since = since.date()
    if not isinstance(since, date):
        problems["since"] = _("Enter the date (YYYY-MM-DD).")
    if note is None:
        note = ""
    if not isinstance(note, str):
        problems["note"] = _("The note is text.")
    elif len(note) > NOTE_MAX:
        problems["note"] = _("Keep the note to %(num)d characters.", num=NOTE_MAX)
    # After the first test, the others only restate for the type checker what the checks above proved.
    if problems or found is None or not isinstance(status, str) or not isinstance(note, str) \
            or not isinstance(since, date):
        return None, problems
    return ConditionEntry(found, status, note.strip(), since), {}


def set_condition(country: str, status: str, note: str, since: date, by_id: int | None) -> MailCondition:
    """Create or change a country's condition."""
    condition = for_country(country)
    if condition is None:
        condition = MailCondition(country=country.strip())
        db.session.add(condition)
    condition.status, condition.note, condition.since, condition.updated_by_id = status, note.strip(), since, by_id
    db.session.flush()
    return condition


class StarterListError(ValueError):
    """The starter file has mistakes; ``str(error)`` lists them, one a line. Nothing was saved."""


def starter_entries(data: object) -> list[ConditionEntry]:
    """The entries of ``data/mail_conditions.yaml``, each checked as the form checks it.

    Every entry also names its source (the postal service's notice: publisher and title or
    address); its note says so on every warning. Any mistake refuses the whole file.
    """
    items = data.get("countries") if isinstance(data, dict) else None
    if items is None:
        items = []
    if not isinstance(items, list):
        raise StarterListError("“countries” must be a list.")
    names = known_countries()
    entries, problems = [], []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(f"Entry {number}: not a country entry.")
            continue
        source = item.get("source")
        note = item.get("note") or ""
        if not isinstance(source, str) or not source.strip():
            problems.append(f"Entry {number} ({item.get('country')}): source: name the notice it comes from.")
        elif isinstance(note, str):
            note = f"{note.strip()} Source: {' '.join(source.split())}".strip()
        entry, found = check_entry(item.get("country"), item.get("status", "suspended"), note, item.get("since"), names)
        problems.extend(f"Entry {number} ({item.get('country')}): {field}: {why}" for field, why in found.items())
        if entry is not None:
            entries.append(entry)
    seen: set[str] = set()
    for entry in entries:
        if country_key(entry.country) in seen:
            problems.append(f"{entry.country} is listed twice (under this or another of its names).")
        seen.add(country_key(entry.country))
    if problems:
        raise StarterListError("\n".join(problems))
    return entries


def load_starter() -> int:
    """Load ``data/mail_conditions.yaml`` (idempotent, keyed by country); returns how many it lists.

    Raises ``StarterListError`` (and saves nothing) when an entry fails the form's checks.
    """
    entries = starter_entries(yaml_file("mail_conditions.yaml") or {})
    for entry in entries:
        set_condition(entry.country, entry.status, entry.note, entry.since, None)
    return len(entries)
