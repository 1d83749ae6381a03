"""Dates in case files: the forms Urgent Actions write them in, read (messages show dates through classroom.dates)."""
from __future__ import annotations

import re
from datetime import date

# Written out: calendar.month_name follows the process locale, and these must stay English.
MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July", "August",
                           "September", "October", "November", "December")
_MONTH_NUMBERS: dict[str, int] = {}
for _number, _name in enumerate(MONTHS, start=1):
    _MONTH_NUMBERS[_name.lower()] = _number
    _MONTH_NUMBERS[_name[:3].lower()] = _number
_MONTH_NUMBERS["sept"] = 9


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
