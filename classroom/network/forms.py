"""Forms for alerts and mail conditions."""
from __future__ import annotations

from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from .. import bands
from ..cases.case_format import REGIONS
from ..forms import Form, MultiCheckboxField
from .models import FREQUENCIES


class SubscriptionForm(Form):
    """What to hear about, and whether to get emails."""

    all_cases = BooleanField("All new cases and updates")
    themes = MultiCheckboxField("Themes", choices={})
    regions = MultiCheckboxField("Regions", choices={r: r for r in REGIONS})
    countries = MultiCheckboxField("Countries", choices={})
    bands = MultiCheckboxField("Age bands", choices=bands.choices(),
                               description="Leave empty to follow the bands of your classes.")
    email = BooleanField("Also send me an email digest")
    frequency = SelectField("How often", choices=FREQUENCIES, default="weekly")


class MailConditionForm(Form):
    """A country where the post is suspended or unreliable."""

    country = StringField("Country", description="As written in the cases, e.g. Honduras",
                          validators=[DataRequired("Enter the country."), Length(max=100)],
                          render_kw={"list": "known-countries"})
    status = SelectField("Post is", choices={"suspended": "Suspended", "unreliable": "Unreliable"})
    since = DateField("Since", validators=[DataRequired("Enter the date (YYYY-MM-DD).")])
    note = TextAreaField("Note for schools", validators=[Length(max=1000)])
