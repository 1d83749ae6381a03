"""Checking a case file one field at a time: the value's type, text, dates and lists, and each
problem said in plain words ("the salutation of target 2 (Minister of Justice)") at its source line."""
from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from flask_babel import LazyString

from ..inputs import is_single_line, shown
from .case_dates import DateFormatError, ImpossibleDateError, parse_date
from .case_format import Problem
from .import_labels import load as load_labels

# The fields' names inside sentences (lazy: each message is made in the reader's language).
_TOP_NOUNS: dict[str, Any] = {
    "ua_number": _l("the UA number"), "follows_up": _l("the UA number this case follows up"),
    "country": _l("the country"), "region": _l("the region"), "title": _l("the title"),
    "issue_date": _l("the issue date"), "deadline": _l("the deadline"), "status": _l("the status"),
    "people": _l("the people at risk"), "summary": _l("the summary"), "background": _l("the background"),
    "asks": _l("the asks"), "model_letter": _l("the model letter"), "targets": _l("the targets"),
    "copies_to": _l("the copies-to list"), "copies_to_note": _l("the copies-to instruction"),
    "ai_index": _l("the AI Index"), "themes": _l("the themes"),
    "student_summaries": _l("the student summaries"), "rating": _l("the rating"),
    "student_summaries_by_language": _l("the student summaries in other languages"),
    "timeline": _l("the timeline"), "thanks": _l("the messages of thanks"),
}
_ITEM_NOUNS: dict[str, Any] = {
    "people": _l("person"), "asks": _l("ask"), "targets": _l("target"), "copies_to": _l("copies-to entry"),
    "themes": _l("theme"), "timeline": _l("timeline entry"), "thanks": _l("message of thanks"),
    "address": _l("address line"), "expected_notes": _l("expected note"), "contacts": _l("contact line"),
}
_ITEM = _l("item")  # an entry of a list the tables do not name
_SUB_NOUNS: dict[str, Any] = {
    "name": _l("the name"), "pronouns": _l("the pronouns"), "title": _l("the title"),
    "salutation": _l("the salutation"), "address": _l("the address"), "email": _l("the email address"),
    "language": _l("the preferred language"), "contacts": _l("the contact lines"), "verify": _l("the 'verify' setting"), "date": _l("the date"),
    "kind": _l("the kind"), "text": _l("the text"), "quote": _l("the quote"), "who": _l("the sender"),
    "expected_band": _l("the expected band"), "expected_notes": _l("the expected notes"),
    "decision": _l("the decision"), "band": _l("the band"), "reason": _l("the reason"), "by": _l("the decision-maker's name"),
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
            return str(_TOP_NOUNS[top]) if top in _TOP_NOUNS else _("the field '%(name)s'", name=top)
        if top == "student_summaries":
            return _("the %(band)s student summary", band=parts[1])
        if top == "student_summaries_by_language":
            if len(parts) == 2:
                return _("the student summaries in '%(language)s'", language=parts[1])
            return _("the %(band)s student summary in '%(language)s'", band=parts[2], language=parts[1])
        if top == "rating":
            owner = _("the rating decision") if parts[1] == "decision" and len(parts) > 2 else _("the rating")
            leaf = parts[-1]
            if leaf.isdigit():
                return _("%(item)s %(number)d of %(owner)s", item=_ITEM_NOUNS.get(parts[-2], _ITEM),
                         number=int(leaf) + 1, owner=owner)
            return _("%(field)s of %(owner)s", field=_SUB_NOUNS.get(leaf, repr(leaf)), owner=owner)
        item = self.item_name(top, int(parts[1])) if parts[1].isdigit() else top
        if len(parts) == 2:
            return item
        if len(parts) == 3:
            return _("%(field)s of %(owner)s", field=_SUB_NOUNS.get(parts[2], repr(parts[2])), owner=item)
        return _("%(item)s %(number)d of %(owner)s", item=_ITEM_NOUNS.get(parts[2], _ITEM),
                 number=int(parts[3]) + 1, owner=item)

    def item_name(self, top: str, index: int) -> str:
        """ "target 2 (Minister of Justice)": the number teachers count and, when known, the name."""
        noun = _("%(item)s %(number)d", item=_ITEM_NOUNS.get(top, _ITEM), number=index + 1)
        items = self.data.get(top)
        if isinstance(items, Sequence) and not isinstance(items, str) and index < len(items):
            item = items[index]
            if isinstance(item, Mapping) and isinstance(item.get("name"), str) and item["name"].strip():
                return _("%(item)s (%(name)s)", item=noun, name=item["name"].strip())
        return noun

    # type checks

    @staticmethod
    def kind_of(value: Any) -> str:
        """What a value is, in teachers' words (for "should be X, not Y")."""
        if value is None:
            return _("empty")
        if isinstance(value, bool):
            return _("true/false")
        if isinstance(value, (int, float)):
            return _("a number")
        if isinstance(value, str):
            return _("text")
        if isinstance(value, Mapping):
            return _("a group of fields")
        if isinstance(value, (date, datetime)):
            return _("a date")
        if isinstance(value, Sequence):
            return _("a list")
        return type(value).__name__

    def wrong_type(self, path: str, expected: str | LazyString, value: Any) -> None:
        """Report a value of the wrong kind, saying what was expected."""
        self.report(path, _("%(field)s should be %(expected)s, not %(kind)s.", field=cap(self.describe(path)),
                            expected=expected, kind=self.kind_of(value)))

    def mapping(self, value: Any, path: str, allowed: Sequence[str], expected: str | LazyString) -> Mapping[str, Any] | None:
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
        message = (_("Unknown field '%(key)s' in %(owner)s.", key=key, owner=self.describe(owner)) if owner
                   else _("Unknown field '%(key)s'.", key=key))
        wanted = re.sub(r"[\s-]+", "_", key.strip().lower())
        hint = load_labels().key_hints.get(wanted) if not owner else None
        if hint is None:
            close = difflib.get_close_matches(wanted, allowed, n=1, cutoff=0.75)
            hint = close[0] if close else None
        if hint is not None and hint in allowed:
            message += " " + _("Did you mean '%(hint)s'?", hint=hint)
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
                self.report(path, _("%(field)s is missing.", field=cap(self.describe(path))))
            return None
        if not isinstance(value, str):
            self.wrong_type(path, _("text"), value)
            return None
        value = value.strip()
        if not value:
            if required:
                self.report(path, _("%(field)s is empty.", field=cap(self.describe(path))))
            return None
        if (max_length is not None if single_line is None else single_line) and not is_single_line(value):
            self.report(path, _("%(field)s must be one line, without line breaks or control characters.",
                                field=cap(self.describe(path))))
            return None
        if max_length is not None and len(value) > max_length:
            self.report(path, _("%(field)s is too long: %(length)d characters, and at most %(limit)d fit.",
                                field=cap(self.describe(path)), length=len(value), limit=max_length))
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
                self.report(path, _("%(field)s '%(value)s' is not a real calendar date.",
                                    field=cap(self.describe(path)), value=value.strip()))
            except DateFormatError:
                self.report(path, _("%(field)s '%(value)s' is not a date the importer can read: write it like "
                                    "24 July 2020 or 2020-07-24.", field=cap(self.describe(path)), value=value.strip()))
            return None
        if value is MISSING or value is None or (isinstance(value, str) and not value.strip()):
            if required:
                field = cap(self.describe(path))
                self.report(path, _("%(field)s is empty.", field=field) if isinstance(value, str)
                            else _("%(field)s is missing.", field=field))
            return None
        self.wrong_type(path, _("a date"), value)
        return None

    def items(self, obj: Mapping[str, Any], key: str, path: str, expected: str | LazyString) -> list[Any] | None:
        """The list at ``key`` ([] when absent or null); None when it is something else."""
        value = obj.get(key, MISSING)
        if value is MISSING or value is None:
            return []
        if isinstance(value, (str, Mapping)) or not isinstance(value, Sequence):
            self.wrong_type(path, expected, value)
            return None
        return list(value)

    def text_items(self, obj: Mapping[str, Any], key: str, path: str, expected: str | LazyString,
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
