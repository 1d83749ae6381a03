"""Editing a school's details."""
from __future__ import annotations

from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError

from ..dates import UTC_ZONE, zone_choices, zone_problem
from ..forms import Form
from ..paper import PAGE_SIZE_CHOICES


def known_zone(form: Form, field: SelectField) -> None:
    """Refuse a time zone name the server doesn't know, saying so (the list offers only known ones)."""
    problem = zone_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class SchoolForm(Form):
    """The details printed on every letter, and school policies."""

    name = StringField("School name", validators=[DataRequired("Enter the school's name."), Length(max=200)])
    address = TextAreaField("Postal address", description="One line per row, as on an envelope.",
                            validators=[DataRequired("Enter the postal address."), Length(max=500)])
    country = StringField("Country", validators=[DataRequired("Enter the country."), Length(max=100)])
    page_size = SelectField("Paper size", choices=PAGE_SIZE_CHOICES)
    locale = SelectField("Date style on letters", description="Pages and emails use it too when it is an English style.", choices={
        "en-GB": "26 November 2026", "en-US": "November 26, 2026",
        "de-DE": "26. November 2026", "fr-FR": "26 novembre 2026", "es-ES": "26 de noviembre de 2026"})
    # Choices are set per form: the school's own zone is offered even when the list leaves it out.
    time_zone = SelectField("Time zone", description="Dates and times on pages, letters and emails are shown in it.",
                            validate_choice=False, validators=[known_zone])
    allow_age_override = BooleanField(
        "Teachers may assign a case above a class's age band, with a written reason")
    mailing_allowance_days = IntegerField(
        "Days to allow for posting", description="Due dates closer than this to a case's deadline get a warning.",
        validators=[DataRequired("Enter a number of days."), NumberRange(0, 60, "Use a number from 0 to 60.")])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone.choices = zone_choices(self.time_zone.data or UTC_ZONE)
