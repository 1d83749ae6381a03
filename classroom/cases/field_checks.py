"""Checking a case file one field at a time: the value's type, text, dates and lists, and each
problem said in plain words ("the salutation of target 2 (Minister of Justice)") at its source line."""
from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from ..inputs import is_single_line, shown
from .case_dates import DateFormatError, ImpossibleDateError, parse_date
from .case_format import Problem
from .import_labels import load as load_labels

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


def cap(text: str) -> str:
    """Sentence case for a noun phrase that starts a message."""
    return text[:1].upper() + text[1:]


class _Missing:
    """Marker for a key that is not in the mapping at all (None is a given, empty value)."""


MISSING = _Missing()



class FieldChecker:
    """Checks fields of one case file, collecting problems (the case's own rules: ``schema``)."""

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
        self.report(path, f"{cap(self.describe(path))} should be {expected}, not {self.kind_of(value)}.")

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
        hint = load_labels().key_hints.get(wanted) if not owner else None
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
                self.report(path, f"{cap(self.describe(path))} is missing.")
            return None
        if not isinstance(value, str):
            self.wrong_type(path, "text", value)
            return None
        value = value.strip()
        if not value:
            if required:
                self.report(path, f"{cap(self.describe(path))} is empty.")
            return None
        if (max_length is not None if single_line is None else single_line) and not is_single_line(value):
            self.report(path, f"{cap(self.describe(path))} must be one line, without line breaks or control characters.")
            return None
        if max_length is not None and len(value) > max_length:
            self.report(path, f"{cap(self.describe(path))} is too long: {len(value)} characters, "
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
                self.report(path, f"{cap(self.describe(path))} '{value.strip()}' is not a real calendar date.")
            except DateFormatError:
                self.report(path, f"{cap(self.describe(path))} '{value.strip()}' is not a date the importer "
                                  "can read: write it like 24 July 2020 or 2020-07-24.")
            return None
        if value is MISSING or value is None or (isinstance(value, str) and not value.strip()):
            if required:
                empty = isinstance(value, str)
                self.report(path, f"{cap(self.describe(path))} is {'empty' if empty else 'missing'}.")
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
