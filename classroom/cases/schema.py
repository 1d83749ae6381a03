"""The case-file shape of docs/case-format.md and the rules every imported case must meet.

``validate`` is the one gate between anything read from outside (a pasted Urgent Action,
an uploaded YAML or JSON file, a file of the starter library) and the library: it checks
every rule of docs/case-format.md except "UA number already in the library" (that needs
the database, so the caller checks it), and turns the data into one normalised shape.
Every problem is a sentence a teacher can act on, tied to a line of the source when the
parser could say where the field was.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..bands import BAND_KEYS
from ..dates import viewer
from ..inputs import is_mail_address, is_single_line, is_storable, shown
from .languages import language_code, preferred_language  # noqa: F401 - language_code is part of this module's API


@dataclass(frozen=True)
class Problem:
    """One thing that stops a case from being imported."""

    line: int | None  # 1-based line in the pasted/uploaded source, None when not tied to a line
    field: str | None  # dotted path, e.g. "targets.0.salutation", "issue_date"
    message: str  # plain language for a teacher
    warning: bool = False  # the reader was unsure (shown beside the field); it does not stop the import


REGIONS: tuple[str, ...] = (
    "Africa",
    "Americas",
    "Asia and the Pacific",
    "Europe and Central Asia",
    "Middle East and North Africa",
)
STATUSES: tuple[str, ...] = ("action", "update", "victory", "closed")
EVENT_KINDS: tuple[str, ...] = ("update", "victory", "closed")
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
    "student_summaries", "rating", "timeline", "thanks",
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

# Written out: calendar.month_name follows the process locale, and these must stay English.
MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July", "August",
                           "September", "October", "November", "December")
_MONTH_NUMBERS: dict[str, int] = {}
for _number, _name in enumerate(MONTHS, start=1):
    _MONTH_NUMBERS[_name.lower()] = _number
    _MONTH_NUMBERS[_name[:3].lower()] = _number
_MONTH_NUMBERS["sept"] = 9

_EMAIL_RE = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_PRONOUNS_GROUP = "group"


# --- small public helpers ------------------------------------------------------------

def normalise_ua_number(value: str) -> str | None:
    """``"UA 59.20"`` for any accepted spelling of a UA number, ``"229/10"`` for the old form, else None."""
    match = UA_NUMBER_RE.match(value)
    if not match:
        return None
    if match["number"] is not None:
        # int() drops leading zeros so "UA 059.20" and "UA 59.20" are the same case.
        return f"UA {int(match['number'])}.{match['year']}"
    return f"{int(match['old_number'])}/{match['old_year']}"


class DateFormatError(ValueError):
    """The text is not a date in any form the importer reads."""


class ImpossibleDateError(ValueError):
    """The text has the form of a date but the day does not exist (31 June, 30 February)."""


_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE_FORMS: tuple[tuple[re.Pattern[str], tuple[str, str, str]], ...] = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    # Day first, as Urgent Actions write it outside the USA; a US-style 07/24/2020 then
    # fails as an impossible month rather than silently becoming the wrong day.
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"), ("d", "m", "y")),
    (re.compile(rf"^(\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?([A-Za-z]+)\.?,?\s+(\d{{4}})$", re.IGNORECASE), ("d", "M", "y")),
    (re.compile(rf"^([A-Za-z]+)\.?\s+(\d{{1,2}}){_ORDINAL},?\s+(\d{{4}})$", re.IGNORECASE), ("M", "d", "y")),
)
# For the text parser: where a date starts a line ("2020-07-30 victory: ...").
DATE_PREFIX_PATTERN = (
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}"
    rf"|\d{{1,2}}{_ORDINAL}\s+(?:of\s+)?[A-Za-z]+\.?,?\s+\d{{4}}|[A-Za-z]+\.?\s+\d{{1,2}}{_ORDINAL},?\s+\d{{4}}"
)


def parse_date(text: str) -> date:
    """Read "24 July 2020", "July 24, 2020", "24/07/2020" (day first) or "2020-07-24".

    Raises DateFormatError when the text is not a date at all and ImpossibleDateError when
    it names a day that does not exist, so the message can say which.
    """
    text = " ".join(text.split())
    for pattern, order in _DATE_FORMS:
        match = pattern.match(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        if "M" in parts:
            month = _MONTH_NUMBERS.get(parts["M"].lower())
            if month is None:
                raise DateFormatError(text)
        else:
            month = int(parts["m"])
        try:
            return date(int(parts["y"]), month, int(parts["d"]))
        except ValueError as exc:
            raise ImpossibleDateError(text) from exc
    raise DateFormatError(text)


def canonical_region(value: str) -> str | None:
    """The region's spelling from REGIONS, matched without regard to case or "&"; else None."""
    wanted = " ".join(value.replace("&", " and ").split()).casefold()
    for region in REGIONS:
        if region.casefold() == wanted:
            return region
    return None


# --- describing fields in plain words -----------------------------------------------

_TOP_NOUNS: dict[str, str] = {
    "ua_number": "the UA number", "follows_up": "the UA number this case follows up",
    "country": "the country", "region": "the region", "title": "the title",
    "issue_date": "the issue date", "deadline": "the deadline", "status": "the status",
    "people": "the people at risk", "summary": "the summary", "background": "the background",
    "asks": "the asks", "model_letter": "the model letter", "targets": "the targets",
    "copies_to": "the copies-to list", "copies_to_note": "the copies-to instruction",
    "ai_index": "the AI Index", "themes": "the themes",
    "student_summaries": "the student summaries", "rating": "the rating",
    "timeline": "the timeline", "thanks": "the messages of thanks",
}
_ITEM_NOUNS: dict[str, str] = {
    "people": "person", "asks": "ask", "targets": "target", "copies_to": "copies-to entry",
    "themes": "theme", "timeline": "timeline entry", "thanks": "message of thanks",
    "address": "address line", "expected_notes": "expected note", "contacts": "contact line",
}
_SUB_NOUNS: dict[str, str] = {
    "name": "the name", "pronouns": "the pronouns", "title": "the title",
    "salutation": "the salutation", "address": "the address", "email": "the email address",
    "language": "the preferred language", "contacts": "the contact lines", "verify": "the 'verify' setting", "date": "the date",
    "kind": "the kind", "text": "the text", "quote": "the quote", "who": "the sender",
    "expected_band": "the expected band", "expected_notes": "the expected notes",
    "decision": "the decision", "band": "the band", "reason": "the reason", "by": "the decision-maker's name",
}


# Names people write for a top-level field (often the pasted form's labels), checked before
# spelling similarity so "headline" suggests "title", not "deadline".
_KEY_HINTS: dict[str, str] = {
    "headline": "title", "date": "issue_date", "issued": "issue_date", "date_issued": "issue_date",
    "ua": "ua_number", "ua_no": "ua_number", "number": "ua_number", "follow_up_to": "follows_up",
    "further_information_on": "follows_up", "people_at_risk": "people", "person": "people",
    "names": "people", "name": "people", "recommended_action": "asks", "recommended_actions": "asks",
    "please_write_to": "targets", "target": "targets", "copies": "copies_to", "tags": "themes",
    "issues": "themes", "theme": "themes", "sample_letter": "model_letter", "letter": "model_letter",
    "updates": "timeline", "additional_information": "background", "action_deadline": "deadline",
}


def _cap(text: str) -> str:
    """Sentence case for a noun phrase that starts a message."""
    return text[:1].upper() + text[1:]


# --- the validator -------------------------------------------------------------------

class _Missing:
    """Marker for a key that is not in the mapping at all (None is a given, empty value)."""


MISSING = _Missing()


class _Checker:
    """Walks one case, collecting problems and building the normalised copy."""

    def __init__(self, data: Mapping[str, Any], lines: Mapping[str, int] | None) -> None:
        """Keep the source mapping and the field -> line map for the problem lines."""
        self.data = data
        self.lines = lines or {}
        self.problems: list[Problem] = []

    # reporting

    def line_for(self, path: str) -> int | None:
        """Line of ``path`` or, when the field itself is missing, of the nearest enclosing one."""
        parts = path.split(".")
        while parts:
            line = self.lines.get(".".join(parts))
            if line is not None:
                return line
            parts.pop()
        return None

    def report(self, path: str, message: str, near: str | None = None) -> None:
        """Record a problem for the field at ``path`` (at the line of ``near`` when ``path`` has none)."""
        line = self.line_for(path)
        if line is None and near is not None:
            line = self.line_for(near)
        # Messages quote the source; a character that can't be stored can't be shown either.
        self.problems.append(Problem(line, shown(path), shown(message)))

    def describe(self, path: str) -> str:
        """A noun phrase for the field: "the salutation of target 2 (Minister of Justice)"."""
        parts = path.split(".")
        top = parts[0]
        if len(parts) == 1:
            return _TOP_NOUNS.get(top, f"the field '{top}'")
        if top == "student_summaries":
            return f"the {parts[1]} student summary"
        if top == "rating":
            owner = "the rating decision" if parts[1] == "decision" and len(parts) > 2 else "the rating"
            leaf = parts[-1]
            if leaf.isdigit():
                return f"{_ITEM_NOUNS.get(parts[-2], 'item')} {int(leaf) + 1} of {owner}"
            return f"{_SUB_NOUNS.get(leaf, repr(leaf))} of {owner}"
        item = self.item_name(top, int(parts[1])) if parts[1].isdigit() else top
        if len(parts) == 2:
            return item
        if len(parts) == 3:
            return f"{_SUB_NOUNS.get(parts[2], repr(parts[2]))} of {item}"
        return f"{_ITEM_NOUNS.get(parts[2], 'item')} {int(parts[3]) + 1} of {item}"

    def item_name(self, top: str, index: int) -> str:
        """ "target 2 (Minister of Justice)": the number teachers count and, when known, the name."""
        noun = f"{_ITEM_NOUNS.get(top, 'item')} {index + 1}"
        items = self.data.get(top)
        if isinstance(items, Sequence) and not isinstance(items, str) and index < len(items):
            item = items[index]
            if isinstance(item, Mapping) and isinstance(item.get("name"), str) and item["name"].strip():
                return f"{noun} ({item['name'].strip()})"
        return noun

    # type checks

    @staticmethod
    def kind_of(value: Any) -> str:
        """What a value is, in teachers' words (for "should be X, not Y")."""
        if value is None:
            return "empty"
        if isinstance(value, bool):
            return "true/false"
        if isinstance(value, (int, float)):
            return "a number"
        if isinstance(value, str):
            return "text"
        if isinstance(value, Mapping):
            return "a group of fields"
        if isinstance(value, (date, datetime)):
            return "a date"
        if isinstance(value, Sequence):
            return "a list"
        return type(value).__name__

    def wrong_type(self, path: str, expected: str, value: Any) -> None:
        """Report a value of the wrong kind, saying what was expected."""
        self.report(path, f"{_cap(self.describe(path))} should be {expected}, not {self.kind_of(value)}.")

    def mapping(self, value: Any, path: str, allowed: Sequence[str], expected: str) -> Mapping[str, Any] | None:
        """``value`` as a mapping with only ``allowed`` keys reported as known; None if it is not one."""
        if not isinstance(value, Mapping):
            self.wrong_type(path, expected, value)
            return None
        for key in value:
            if key not in allowed:
                self.unknown(f"{path}.{key}" if path else str(key), str(key), allowed, path)
        return value

    def unknown(self, path: str, key: str, allowed: Sequence[str], owner: str) -> None:
        """Report an unknown key, with the nearest known name when one is close."""
        where = f" in {self.describe(owner)}" if owner else ""
        message = f"Unknown field '{key}'{where}."
        wanted = re.sub(r"[\s-]+", "_", key.strip().lower())
        hint = _KEY_HINTS.get(wanted) if not owner else None
        if hint is None:
            close = difflib.get_close_matches(wanted, allowed, n=1, cutoff=0.75)
            hint = close[0] if close else None
        if hint is not None and hint in allowed:
            message += f" Did you mean '{hint}'?"
        self.report(path, message)

    def text(self, obj: Mapping[str, Any], key: str, path: str, *, required: bool,
             max_length: int | None = None, single_line: bool | None = None) -> str | None:
        """A stripped string, or None for an absent/empty optional one.

        Short fields (those with a column size) are one line: a line break in a name, title or
        email would end up in a letter's header or an email's headers.
        """
        value = obj.get(key, MISSING)
        if value is MISSING or value is None:
            if required:
                self.report(path, f"{_cap(self.describe(path))} is missing.")
            return None
        if not isinstance(value, str):
            self.wrong_type(path, "text", value)
            return None
        value = value.strip()
        if not value:
            if required:
                self.report(path, f"{_cap(self.describe(path))} is empty.")
            return None
        if (max_length is not None if single_line is None else single_line) and not is_single_line(value):
            self.report(path, f"{_cap(self.describe(path))} must be one line, without line breaks or control characters.")
            return None
        if max_length is not None and len(value) > max_length:
            self.report(path, f"{_cap(self.describe(path))} is too long: {len(value)} characters, "
                              f"and at most {max_length} fit.")
            return None
        return value

    def date(self, obj: Mapping[str, Any], key: str, path: str, *, required: bool) -> date | None:
        """A date from a date object or any text form parse_date reads."""
        value = obj.get(key, MISSING)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str) and value.strip():
            try:
                return parse_date(value)
            except ImpossibleDateError:
                self.report(path, f"{_cap(self.describe(path))} '{value.strip()}' is not a real calendar date.")
            except DateFormatError:
                self.report(path, f"{_cap(self.describe(path))} '{value.strip()}' is not a date the importer "
                                  "can read: write it like 24 July 2020 or 2020-07-24.")
            return None
        if value is MISSING or value is None or (isinstance(value, str) and not value.strip()):
            if required:
                empty = isinstance(value, str)
                self.report(path, f"{_cap(self.describe(path))} is {'empty' if empty else 'missing'}.")
            return None
        self.wrong_type(path, "a date", value)
        return None

    def items(self, obj: Mapping[str, Any], key: str, path: str, expected: str) -> list[Any] | None:
        """The list at ``key`` ([] when absent or null); None when it is something else."""
        value = obj.get(key, MISSING)
        if value is MISSING or value is None:
            return []
        if isinstance(value, str) or isinstance(value, Mapping) or not isinstance(value, Sequence):
            self.wrong_type(path, expected, value)
            return None
        return list(value)

    def text_items(self, obj: Mapping[str, Any], key: str, path: str, expected: str,
                   max_length: int | None = None, single_line: bool | None = None) -> list[str] | None:
        """A list of non-empty stripped strings; each bad item is reported on its own."""
        raw = self.items(obj, key, path, expected)
        if raw is None:
            return None
        result: list[str] = []
        holder = {str(i): item for i, item in enumerate(raw)}
        for index in range(len(raw)):
            text = self.text(holder, str(index), f"{path}.{index}", required=True, max_length=max_length,
                             single_line=single_line)
            if text is not None:
                result.append(text)
        return result

    # the case

    def case(self) -> dict[str, Any]:
        """Check every field of the case and return the normalised copy (valid only without problems)."""
        data = self.data
        for key in data:
            if key not in CASE_FIELDS:
                self.unknown(str(key), str(key), CASE_FIELDS, "")
        out: dict[str, Any] = {}
        out["ua_number"] = self.ua_number(data, "ua_number", required=True)
        out["follows_up"] = self.ua_number(data, "follows_up", required=False)
        if out["follows_up"] and out["follows_up"] == out["ua_number"]:
            self.report("follows_up", f"A case cannot follow up itself ({out['ua_number']}).")
        out["ai_index"] = self.text(data, "ai_index", "ai_index", required=False, max_length=MAX_LENGTHS["ai_index"])
        out["country"] = self.text(data, "country", "country", required=True, max_length=MAX_LENGTHS["country"])
        out["region"] = self.region(data)
        out["title"] = self.text(data, "title", "title", required=True, max_length=MAX_LENGTHS["title"])
        out["issue_date"] = self.date(data, "issue_date", "issue_date", required=True)
        out["deadline"] = self.date(data, "deadline", "deadline", required=False)
        out["status"] = self.status(data)
        out["people"] = self.people(data)
        out["summary"] = self.text(data, "summary", "summary", required=True)
        out["background"] = self.text(data, "background", "background", required=False)
        out["asks"] = self.text_items(data, "asks", "asks", "a list (one ask per item)")
        out["model_letter"] = self.text(data, "model_letter", "model_letter", required=False)
        out["targets"] = self.targets(data, "targets", salutation_required=True)
        # Copies go to an embassy or a second office alongside the letter; nobody writes
        # them a letter of their own, so they need no salutation.
        out["copies_to"] = self.targets(data, "copies_to", salutation_required=False)
        # "Copies to diplomatic representatives of X accredited to your country": an instruction, never an address.
        out["copies_to_note"] = self.text(data, "copies_to_note", "copies_to_note", required=False)
        themes = self.text_items(data, "themes", "themes", "a list of tags", MAX_LENGTHS["theme"])
        out["themes"] = list(dict.fromkeys(themes)) if themes is not None else None
        out["student_summaries"] = self.student_summaries(data)
        out["rating"] = self.rating(data)
        out["timeline"] = self.timeline(data)
        out["thanks"] = self.thanks(data)
        self.case_rules(out)
        return out

    def ua_number(self, data: Mapping[str, Any], key: str, *, required: bool) -> str | None:
        """A well-formed UA number in its normal spelling."""
        value = self.text(data, key, key, required=required, single_line=True)
        if value is None:
            return None
        normal = normalise_ua_number(value)
        if normal is None:
            self.report(key, f"'{value}' is not a UA number: write it like UA 59.20 (or the older form 229/10).")
        return normal

    def region(self, data: Mapping[str, Any]) -> str | None:
        """One of the five regions (optional: a pasted UA often does not say)."""
        value = self.text(data, "region", "region", required=False, single_line=True)
        if value is None:
            return None
        region = canonical_region(value)
        if region is None:
            self.report("region", f"'{value}' is not a region. Use one of: {', '.join(REGIONS)}.")
        return region

    def status(self, data: Mapping[str, Any]) -> str | None:
        """One of STATUSES, lower-case."""
        value = self.text(data, "status", "status", required=True, single_line=True)
        if value is None:
            return None
        if value.lower() not in STATUSES:
            self.report("status", f"'{value}' is not a status. Use one of: {', '.join(STATUSES)}.")
            return None
        return value.lower()

    def people(self, data: Mapping[str, Any]) -> list[dict[str, str]] | None:
        """At least one person (or group) at risk, each with a name and optional pronouns."""
        raw = self.items(data, "people", "people", "a list of people (name and pronouns)")
        if raw is None:
            return None
        if not raw:
            self.report("people", "At least one person at risk is needed (a name, or the name of the group).")
            return []
        result = []
        for index, item in enumerate(raw):
            path = f"people.{index}"
            if isinstance(item, str):
                item = {"name": item}  # "- Kelly Gonzalez Aguilar" is a natural shorthand in YAML
            person = self.mapping(item, path, PERSON_FIELDS, "a name with pronouns")
            if person is None:
                continue
            name = self.text(person, "name", f"{path}.name", required=True, max_length=MAX_LENGTHS["person.name"])
            pronouns = self.text(person, "pronouns", f"{path}.pronouns", required=False, single_line=True)
            if name is not None:
                result.append({"name": name, "pronouns": pronouns or ""})
        return result

    def targets(self, data: Mapping[str, Any], key: str, *, salutation_required: bool) -> list[dict[str, Any]] | None:
        """Officials (or copies-to offices) in the target shape; see docs/case-format.md."""
        raw = self.items(data, key, key, "a list of officials")
        if raw is None:
            return None
        result = []
        for index, item in enumerate(raw):
            path = f"{key}.{index}"
            target = self.mapping(item, path, TARGET_FIELDS, "a group of fields (name, salutation, address…)")
            if target is None:
                continue
            entry: dict[str, Any] = {
                "name": self.text(target, "name", f"{path}.name", required=True, max_length=MAX_LENGTHS["target.name"]),
                "title": self.text(target, "title", f"{path}.title", required=False,
                                   max_length=MAX_LENGTHS["target.title"]),
                "salutation": self.text(target, "salutation", f"{path}.salutation", required=salutation_required,
                                        max_length=MAX_LENGTHS["target.salutation"]),
                "address": self.address(target, f"{path}.address"),
                "email": self.email(target, f"{path}.email"),
                "language": self.language(target, f"{path}.language"),
                "contacts": self.text_items(target, "contacts", f"{path}.contacts", "a list of contact lines",
                                            single_line=True) or [],
                "verify": self.flag(target, "verify", f"{path}.verify"),
            }
            raw_email = target.get("email")
            has_email = isinstance(raw_email, str) and bool(raw_email.strip())  # a bad one is reported by email()
            if entry["address"] is not None and len(entry["address"]) < 2 and not has_email:
                self.report(path, f"{_cap(self.item_name(key, index))} needs at least two address lines "
                                  "or an email address.")
            result.append(entry)
        return result

    def address(self, target: Mapping[str, Any], path: str) -> list[str] | None:
        """Address lines as a list; a block of text (YAML ``|``) is split at its line breaks."""
        value = target.get("address")
        if isinstance(value, str):
            lines = [line.strip() for line in value.splitlines() if line.strip()]
            if not all(is_single_line(line) for line in lines):
                self.report(path, f"{_cap(self.describe(path))} contains control characters; retype that part.")
                return None
            return lines
        return self.text_items(target, "address", path, "a list of address lines", single_line=True)

    def email(self, target: Mapping[str, Any], path: str) -> str | None:
        """An email address, or None."""
        value = self.text(target, "email", path, required=False, max_length=MAX_LENGTHS["target.email"])
        if value is None:
            return None
        value = value.removeprefix("mailto:")
        if not (_EMAIL_RE.match(value) and is_mail_address(value)):
            self.report(path, f"'{value}' is not an email address.")
            return None
        return value

    def language(self, target: Mapping[str, Any], path: str) -> str | None:
        """A lower-case BCP 47 tag from a tag or a language name, or None."""
        value = self.text(target, "language", path, required=False, single_line=True)
        if value is None:
            return None
        code = preferred_language(value)
        if code is None:
            self.report(path, f"'{value}' is not a language name or a language tag (such as Spanish or es).")
        return code

    def flag(self, obj: Mapping[str, Any], key: str, path: str) -> bool:
        """A true/false setting, false when absent."""
        value = obj.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.wrong_type(path, "true or false", value)
            return False
        return value

    def student_summaries(self, data: Mapping[str, Any]) -> dict[str, str] | None:
        """Plain-language summaries keyed by age band."""
        value = data.get("student_summaries")
        if value is None:
            return {}
        summaries = self.mapping(value, "student_summaries", BAND_KEYS, "a group of summaries by age band")
        if summaries is None:
            return None
        result = {}
        for band in BAND_KEYS:
            text = self.text(summaries, band, f"student_summaries.{band}", required=False)
            if text is not None:
                result[band] = text
        return result

    def band(self, obj: Mapping[str, Any], key: str, path: str, *, required: bool) -> str | None:
        """An age band key."""
        value = self.text(obj, key, path, required=required)
        if value is None:
            return None
        if value.lower() not in BAND_KEYS:
            self.report(path, f"'{value}' is not an age band. Use one of: {', '.join(BAND_KEYS)}.")
            return None
        return value.lower()

    def rating(self, data: Mapping[str, Any]) -> dict[str, Any] | None:
        """The optional rating block, kept as given (stripped) once its bands and notes check out."""
        value = data.get("rating")
        if value is None:
            return None
        rating = self.mapping(value, "rating", RATING_FIELDS, "a group of fields (expected_band, expected_notes…)")
        if rating is None:
            return None
        result: dict[str, Any] = {}
        if "expected_band" in rating:
            result["expected_band"] = self.band(rating, "expected_band", "rating.expected_band", required=False)
        if "expected_notes" in rating:
            result["expected_notes"] = self.text_items(rating, "expected_notes", "rating.expected_notes",
                                                       "a list of note names")
        if rating.get("decision") is not None:
            decision = self.mapping(rating["decision"], "rating.decision", DECISION_FIELDS,
                                    "a group of fields (band, reason, by)")
            if decision is not None:
                # services.apply_file_decision records band and reason; a decision without them means nothing.
                kept: dict[str, Any] = {
                    "band": self.band(decision, "band", "rating.decision.band", required=True),
                    "reason": self.text(decision, "reason", "rating.decision.reason", required=True),
                }
                if "by" in decision:
                    kept["by"] = self.text(decision, "by", "rating.decision.by", required=False,
                                           max_length=MAX_LENGTHS["decision.by"])
                result["decision"] = kept
        elif "decision" in rating:
            result["decision"] = None
        return result

    def timeline(self, data: Mapping[str, Any]) -> list[dict[str, Any]] | None:
        """Updates, victories and closure, oldest first."""
        raw = self.items(data, "timeline", "timeline", "a list of entries (date, kind, text)")
        if raw is None:
            return None
        result = []
        for index, item in enumerate(raw):
            path = f"timeline.{index}"
            entry = self.mapping(item, path, EVENT_FIELDS, "a group of fields (date, kind, text)")
            if entry is None:
                continue
            when = self.date(entry, "date", f"{path}.date", required=True)
            kind = self.text(entry, "kind", f"{path}.kind", required=True, single_line=True)
            if kind is not None and kind.lower() not in EVENT_KINDS:
                self.report(f"{path}.kind", f"'{kind}' is not a kind of timeline entry. Use update, victory or closed.")
                kind = None
            text = self.text(entry, "text", f"{path}.text", required=True)
            result.append({"date": when, "kind": kind.lower() if kind else None, "text": text})
        return result

    def thanks(self, data: Mapping[str, Any]) -> list[dict[str, Any]] | None:
        """Messages of thanks: the quote, who it is from, and an optional date."""
        raw = self.items(data, "thanks", "thanks", "a list of messages (quote, who, date)")
        if raw is None:
            return None
        result = []
        for index, item in enumerate(raw):
            path = f"thanks.{index}"
            entry = self.mapping(item, path, THANKS_FIELDS, "a group of fields (quote, who, date)")
            if entry is None:
                continue
            result.append({
                "quote": self.text(entry, "quote", f"{path}.quote", required=True),
                "who": self.text(entry, "who", f"{path}.who", required=True, max_length=MAX_LENGTHS["thanks.who"]),
                "date": self.date(entry, "date", f"{path}.date", required=False),
            })
        return result

    def case_rules(self, out: Mapping[str, Any]) -> None:
        """Rules between fields: dates in order, what each status needs, status against the timeline."""
        issued, deadline, status = out["issue_date"], out["deadline"], out["status"]
        if issued and deadline and deadline < issued:
            self.report("deadline", f"The deadline ({viewer().date_text(deadline)}) is before the issue date "
                                    f"({viewer().date_text(issued)}).")
        timeline = out["timeline"] or []
        previous: date | None = None
        for index, entry in enumerate(timeline):
            when = entry["date"]
            if when is None:
                continue
            if issued and when < issued:
                self.report(f"timeline.{index}.date",
                            f"Timeline entry {index + 1} ({viewer().date_text(when)}) is before the issue date "
                            f"({viewer().date_text(issued)}).")
            elif previous and when < previous:
                self.report(f"timeline.{index}.date",
                            f"Timeline entry {index + 1} ({viewer().date_text(when)}) is older than the entry before it "
                            f"({viewer().date_text(previous)}); list the timeline oldest first.")
            previous = max(previous, when) if previous else when
        if status == "action" and out["targets"] == []:
            self.report("targets", "An action case needs at least one target: an official to write to.", near="status")
        if status in ("action", "update") and out["asks"] == []:
            self.report("asks", f"An {status} case needs at least one ask: what the letters ask the authorities to do.",
                        near="status")
        if status and timeline and timeline[-1]["kind"]:
            last = timeline[-1]["kind"]
            allowed = ("update", "action") if last == "update" else (last,)
            if status not in allowed:
                article = "an" if last == "update" else "a"
                noun = {"update": "update", "victory": "victory", "closed": "closure"}[last]
                should = " or ".join(f"'{s}'" for s in allowed)
                self.report("status", f"The status is '{status}', but the last timeline entry is {article} {noun}, "
                                      f"so the status should be {should}.")


def _unstorable_path(data: Any) -> str | None:
    """The dotted path of the first key or string with NUL or a lone surrogate, or None ("" for the top)."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if not is_storable(value):
                return path
        elif isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(key, str) and not is_storable(key):
                    return path
                stack.append((item, f"{path}.{key}" if path else str(key)))
        elif isinstance(value, (list, tuple)):
            stack.extend((item, f"{path}.{index}" if path else str(index)) for index, item in enumerate(value))
    return None


def is_storable_case(data: Any) -> bool:
    """True when no key or text in ``data`` has a NUL or a lone surrogate (it can then be shown and stored)."""
    return _unstorable_path(data) is None


def validate(data: Mapping[str, Any],
             lines: Mapping[str, int] | None = None) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check ``data`` against docs/case-format.md and return (normalised case, problems).

    ``lines`` maps dotted field paths to 1-based source lines, so each problem points at
    the line to fix (a missing field points at its enclosing item, or nowhere). The
    normalised case is None whenever there is any problem: nothing half-checked leaves here.
    "UA number already in the library" is not checked: that needs the database.
    """
    checker = _Checker(data if isinstance(data, Mapping) else {}, lines)
    broken = _unstorable_path(data)
    if broken is not None:
        # Said without quoting the text: a lone surrogate can't even be shown on the page.
        checker.report(broken, f"{_cap(checker.describe(broken)) if broken else 'The case'} contains a NUL or a broken "
                               "character (such as an unpaired \\ud800 escape); retype that part.")
        return None, checker.problems
    if not isinstance(data, Mapping):
        return None, [Problem(1 if lines is not None else None, None,
                              "The case should be a group of fields (ua_number, title, country, …), "
                              f"not {_Checker.kind_of(data)}.")]
    normalised = checker.case()
    if checker.problems:
        return None, checker.problems
    return normalised, []
