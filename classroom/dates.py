"""Dates and times as people read them: one module, on Babel, for pages, PDFs and emails.

Times are stored as naive UTC (``classroom.clock``); calendar dates (a deadline, a due date)
have no zone. Everything that shows either turns it into text through a ``Local``: a
school's time zone and locale. So the review queue, the editor's status line, a printed
letter and an email agree on the time and on the day, and nothing follows the server's
zone or locale.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time

from .clock import utcnow
from .letters.languages import primary

if TYPE_CHECKING:
    from .auth.models import School

UTC_ZONE = "UTC"
# English pages without a school's English style (en-US) write dates this way.
PAGE_LOCALE = "en-GB"
# The areas of the tz database's place names; other names (US/Pacific, Etc/GMT+5, EST5EDT) are
# old or technical, accepted when a browser sends one but not offered in the list.
AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


@cache
def zone_names() -> frozenset[str]:
    """Every IANA time zone name this server knows (the tzdata package supplies them where the system has none)."""
    return frozenset(available_timezones())


def zone_problem(name: str) -> str | None:
    """Why ``name`` can't be a school's time zone, or None when it can."""
    if name in zone_names():
        return None
    return (f"“{name[:64]}” is not a time zone we know. Choose one from the list "
            "(by region and city, e.g. Europe/London or America/Chicago).")


def zone_choices(current: str = UTC_ZONE) -> dict[str, list[tuple[str, str]]]:
    """The zones a school can choose, grouped by area for a select: {area: [(name, label)]}.

    ``current`` is always among them, so a school whose browser gave an older name keeps it.
    """
    offered = {n for n in zone_names() if n.split("/")[0] in AREAS} | {UTC_ZONE}
    if current in zone_names():
        offered.add(current)
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(offered):
        area, _, place = name.partition("/")
        groups.setdefault(area if place else "Other", []).append((name, (place or area).replace("_", " ")))
    return groups


@cache
def _tzinfo(name: str) -> ZoneInfo:
    """The zone of this name; UTC for a name the server doesn't know (never an error on a page)."""
    return ZoneInfo(name if name in zone_names() else UTC_ZONE)


@cache
def _locale(tag: str) -> Locale:
    """Babel's locale for a tag such as en-GB; the page locale for an unknown one."""
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError, LookupError, TypeError):
        return Locale.parse(PAGE_LOCALE.replace("-", "_"))


def page_locale(school_locale: str | None, language: str | None = None) -> str:
    """The locale pages and emails write dates in: the page language (``language``, else this
    request's, classroom/i18n.py), in the school's style when the school writes that language
    (es-MX for a Mexican school's Spanish pages, en-US for an American school's English ones)."""
    if language is None:
        from .i18n import page_locale as request_locale

        language = request_locale()
    if school_locale and primary(school_locale) == primary(language):
        return school_locale
    return PAGE_LOCALE if primary(language) == "en" else language


@dataclass(frozen=True)
class Local:
    """How times are read in one place: an IANA time zone and a locale (en-GB, de-DE)."""

    zone: str = UTC_ZONE
    locale: str = PAGE_LOCALE

    @property
    def tzinfo(self) -> ZoneInfo:
        """The zone as tzinfo."""
        return _tzinfo(self.zone)

    @property
    def says_utc(self) -> bool:
        """True when times here are UTC: they say so, as nobody's wall clock may show it."""
        return self.tzinfo.key in ("UTC", "Etc/UTC")

    def moment(self, value: datetime) -> datetime:
        """A stored time (naive UTC) as an aware time in this zone."""
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(self.tzinfo)

    def day(self, value: date | datetime) -> date:
        """The calendar day here: a time's local date; a date is a date everywhere."""
        return self.moment(value).date() if isinstance(value, datetime) else value

    def today(self) -> date:
        """Today's date here."""
        return self.day(utcnow())

    def start_of(self, day: date) -> datetime:
        """The stored (naive UTC) time at which ``day`` begins here: how a day given without a
        time (a batch "printed on" date) is recorded so that it shows as that day again."""
        return datetime.combine(day, time(), self.tzinfo).astimezone(UTC).replace(tzinfo=None)

    def date_text(self, value: date | datetime | None) -> str:
        """The date in words, in the locale's long form: 26 November 2026, November 26, 2026."""
        if value is None:
            return ""
        return format_date(self.day(value), "long", locale=_locale(self.locale))

    def time_text(self, value: datetime | None) -> str:
        """The time of day in the locale's short form (21:38, 9:38 PM), with "UTC" when it is UTC."""
        if value is None:
            return ""
        return self._time(value) + (" UTC" if self.says_utc else "")

    def datetime_text(self, value: datetime | None) -> str:
        """Date and time, joined as the locale joins them: 26 November 2026, 21:38."""
        if value is None:
            return ""
        if not isinstance(value, datetime):
            return self.date_text(value)
        locale = _locale(self.locale)
        joined = str(locale.datetime_formats["medium"]).replace("'", "")
        text = joined.replace("{0}", self._time(value)).replace("{1}", self.date_text(value))
        return text + (" UTC" if self.says_utc else "")

    def _time(self, value: datetime) -> str:
        return format_time(self.moment(value), "short", locale=_locale(self.locale))


def for_school(school: School | None, locale: str | None = None) -> Local:
    """How a school reads times: its zone, and its date style on pages (or ``locale``)."""
    if school is None:
        return Local(locale=locale or page_locale(None))
    return school_local(school.time_zone, school.locale, locale)


def school_local(time_zone: str | None, school_locale: str | None, locale: str | None = None) -> Local:
    """``for_school`` from the two columns (a query that loads no School); UTC without a school."""
    return Local(zone=time_zone or UTC_ZONE, locale=locale or page_locale(school_locale))


def viewer() -> Local:
    """How the signed-in person reads times: in their school's zone; UTC (said so) without one,
    and outside a request (a digest run from cron names its teacher's school instead)."""
    from flask import g, has_request_context
    from flask_login import current_user

    if not has_request_context():
        return Local()
    found: Local | None = g.get("dates_viewer")
    if found is None:
        school = current_user.school if current_user.is_authenticated else None
        found = g.dates_viewer = for_school(school)
    return found
