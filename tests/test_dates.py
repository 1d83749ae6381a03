"""The one date module (classroom/dates.py): stored UTC times read in a school's zone and locale,
across daylight saving changes and the date line (issue 12, item 12; issue 14)."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from flask import Flask

from classroom import dates
from classroom.dates import Local

from .clock import Clock

NNBSP = "\u202f"  # CLDR puts a narrow no-break space before AM/PM


@pytest.mark.parametrize(("zone", "locale", "date_text", "time_text"), [
    ("UTC", "en-GB", "4 December 2026", "21:38 UTC"),
    ("Europe/London", "en-GB", "4 December 2026", "21:38"),
    ("America/Chicago", "en-US", "December 4, 2026", f"3:38{NNBSP}PM"),
    ("Europe/Berlin", "de-DE", "4. Dezember 2026", "22:38"),
    ("Europe/Paris", "fr-FR", "4 décembre 2026", "22:38"),
    ("Europe/Madrid", "es-ES", "4 de diciembre de 2026", "22:38"),
    ("Asia/Kolkata", "en-GB", "5 December 2026", "03:08"),
])
def test_a_stored_time_reads_in_the_zone_and_locale(zone: str, locale: str, date_text: str, time_text: str) -> None:
    local = Local(zone, locale)
    stored = datetime(2026, 12, 4, 21, 38)  # naive UTC, as every column keeps it
    assert local.date_text(stored) == date_text
    assert local.time_text(stored) == time_text
    assert local.datetime_text(stored).startswith(date_text)
    assert time_text.removesuffix(" UTC") in local.datetime_text(stored)


def test_date_and_time_are_joined_as_the_locale_joins_them() -> None:
    stored = datetime(2026, 12, 4, 21, 38)
    assert Local("UTC", "en-GB").datetime_text(stored) == "4 December 2026, 21:38 UTC"
    assert Local("America/New_York", "en-US").datetime_text(stored) == f"December 4, 2026, 4:38{NNBSP}PM"
    assert Local("Europe/Berlin", "de-DE").datetime_text(stored) == "4. Dezember 2026, 22:38"


def test_a_calendar_date_is_the_same_date_everywhere() -> None:
    deadline = date(2027, 3, 1)
    assert Local("Pacific/Kiritimati").date_text(deadline) == Local("Pacific/Pago_Pago").date_text(deadline) == "1 March 2027"
    assert Local().date_text(None) == Local().time_text(None) == Local().datetime_text(None) == ""


@pytest.mark.parametrize(("stored", "shown"), [
    (datetime(2026, 3, 8, 7, 59), "01:59"),   # the last minute of standard time (UTC-6)
    (datetime(2026, 3, 8, 8, 0), "03:00"),    # clocks jump from 2:00 to 3:00 (UTC-5)
    (datetime(2026, 11, 1, 6, 30), "01:30"),  # the first 1:30 of the day the clocks go back (UTC-5)
    (datetime(2026, 11, 1, 7, 30), "01:30"),  # and the second one (UTC-6)
    (datetime(2026, 11, 1, 8, 30), "02:30"),
])
def test_daylight_saving_changes_in_chicago(stored: datetime, shown: str) -> None:
    assert Local("America/Chicago").time_text(stored) == shown


def test_summer_and_winter_time_in_london() -> None:
    london = Local("Europe/London")
    assert london.time_text(datetime(2026, 7, 20, 8, 0)) == "09:00"  # BST
    assert london.time_text(datetime(2026, 12, 4, 8, 0)) == "08:00"  # GMT


def test_today_across_the_date_line(clock: Clock) -> None:
    clock.set("2026-12-04 10:00")
    assert Local("Pacific/Kiritimati").today() == date(2026, 12, 5)  # UTC+14: already tomorrow
    assert Local("Pacific/Pago_Pago").today() == date(2026, 12, 3)   # UTC-11: still yesterday
    assert Local("UTC").today() == date(2026, 12, 4)
    clock.set("2026-12-04 23:30")
    assert Local("America/Los_Angeles").today() == date(2026, 12, 4)
    assert Local("Pacific/Auckland").today() == date(2026, 12, 5)


@pytest.mark.parametrize("zone", ["UTC", "America/Chicago", "Pacific/Kiritimati", "Pacific/Pago_Pago",
                                  "Asia/Kathmandu", "Europe/London"])
def test_a_day_given_without_a_time_is_recorded_so_it_shows_as_that_day(zone: str) -> None:
    local = Local(zone)
    for day in (date(2026, 3, 8), date(2026, 11, 1), date(2026, 12, 31)):
        stamp = local.start_of(day)
        assert stamp.tzinfo is None
        assert local.day(stamp) == day and local.date_text(stamp) == local.date_text(day)
    assert Local("Pacific/Auckland").start_of(date(2026, 12, 5)) == datetime(2026, 12, 4, 11, 0)


def test_an_unknown_zone_or_locale_never_breaks_a_page() -> None:
    broken = Local("Mars/Olympus_Mons", "xx-YY")
    stored = datetime(2026, 12, 4, 21, 38)
    assert broken.datetime_text(stored) == "4 December 2026, 21:38 UTC"


def test_zone_names_are_checked_with_a_clear_message() -> None:
    assert dates.zone_problem("America/Chicago") is None and dates.zone_problem("UTC") is None
    assert dates.zone_problem("Asia/Calcutta") is None  # an older name some browsers still give
    for bad in ("Mars/Olympus_Mons", "", "../../etc/passwd", "america/chicago", "x" * 500):
        message = dates.zone_problem(bad)
        assert message and "is not a time zone we know" in message and len(message) < 200


def test_the_list_of_zones_is_grouped_by_area_and_keeps_the_schools_own() -> None:
    groups = dates.zone_choices()
    assert ("America/Chicago", "Chicago") in groups["America"]
    assert ("America/Argentina/Buenos_Aires", "Argentina/Buenos Aires") in groups["America"]
    assert ("UTC", "UTC") in groups["Other"]
    offered = {name for options in groups.values() for name, _ in options}
    assert "US/Pacific" not in offered and "Etc/GMT+5" not in offered
    assert "US/Pacific" in {name for options in dates.zone_choices("US/Pacific").values() for name, _ in options}
    assert "Nowhere/Land" not in {name for options in dates.zone_choices("Nowhere/Land").values() for name, _ in options}


def test_pages_use_the_schools_english_date_style_only() -> None:
    assert dates.page_locale("en-US") == "en-US"
    assert dates.page_locale("de-DE") == dates.page_locale(None) == "en-GB"


def test_outside_a_request_times_are_utc_and_say_so(app: Flask) -> None:
    assert dates.viewer() == Local("UTC", "en-GB")
    assert dates.for_school(None).time_text(datetime(2026, 12, 4, 21, 38)) == "21:38 UTC"
