"""Editing a school's details."""
from __future__ import annotations

from babel import Locale
from babel.dates import get_timezone_location
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError

from ..dates import UTC_ZONE, zone_choices, zone_problem
from ..forms import Form
from ..i18n import page_locale
from ..paper import PAGE_SIZE_CHOICES
from . import locales


def _area_names() -> dict[str, str]:
    """The time zone list's groups in the page's language (IANA's area names are English)."""
    return {"Africa": _("Africa"), "America": _("America"), "Antarctica": _("Antarctica"), "Arctic": _("Arctic"),
            "Asia": _("Asia"), "Atlantic": _("Atlantic Ocean"), "Australia": _("Australia"), "Europe": _("Europe"),
            "Indian": _("Indian Ocean"), "Pacific": _("Pacific Ocean"), "Other": _("Other")}


def localised_zones(groups: dict[str, list[tuple[str, str]]]) -> list[SelectChoice] | dict[str, list[tuple[str, str]]]:
    """``dates.zone_choices`` for the page's language: groups and cities named in it (Babel's CLDR
    names: Ciudad de México, Zúrich); English pages keep the list as it is. A place CLDR has no
    name for in that language keeps its IANA name, marked as not to be translated."""
    locale = Locale.parse(page_locale().replace("-", "_"))
    if locale.language == "en":
        return groups
    areas = _area_names()
    return [SelectChoice(name, get_timezone_location(name, locale=locale, return_city=True),
                         {} if _named_in(locale, name) else {"translate": "no"}, optgroup=areas.get(area, area))
            for area, options in groups.items() for name, _label in options]


def _named_in(locale: Locale, zone: str) -> bool:
    """Whether the zone's city has its own name in ``locale`` (not the English one CLDR falls back to)."""
    english = get_timezone_location(zone, locale="en", return_city=True)
    return zone == "UTC" or get_timezone_location(zone, locale=locale, return_city=True) != english


def known_zone(form: Form, field: SelectField) -> None:
    """Refuse a time zone name the server doesn't know, saying so (the list offers only known ones)."""
    problem = zone_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class SchoolForm(Form):
    """The details printed on every letter, and school policies."""

    name = StringField(_l("School name"), validators=[DataRequired(_l("Enter the school's name.")), Length(max=200)])
    address = TextAreaField(_l("Postal address"), description=_l("One line per row, as on an envelope."),
                            validators=[DataRequired(_l("Enter the postal address.")), Length(max=500)])
    country = StringField(_l("Country"), validators=[DataRequired(_l("Enter the country.")), Length(max=100)])
    page_size = SelectField(_l("Paper size"), choices=PAGE_SIZE_CHOICES)
    locale = SelectField(_l("Language and date style"), choices=locales.choices(), description=_l(
        "Pages and emails are in this language for teachers who have not chosen their own (when they exist in it). "
        "Dates on letters are written in this style."))
    # Choices are set per form: the school's own zone is offered even when the list leaves it out.
    time_zone = SelectField(_l("Time zone"), description=_l("Dates and times on pages, letters and emails are shown in it."),
                            validate_choice=False, validators=[known_zone])
    allow_age_override = BooleanField(
        _l("Teachers may assign a case above a class's age band, with a written reason"))
    mailing_allowance_days = IntegerField(
        _l("Days to allow for posting"), description=_l("Due dates closer than this to a case's deadline get a warning."),
        validators=[DataRequired(_l("Enter a number of days.")), NumberRange(0, 60, _l("Use a number from 0 to 60."))])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone.choices = localised_zones(zone_choices(self.time_zone.data or UTC_ZONE))
