"""Forms for alerts and mail conditions."""
from __future__ import annotations

from flask_babel import lazy_gettext
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..cases.case_format import REGIONS
from ..forms import Form, MultiCheckboxField
from .models import FREQUENCIES

# The regions' names in the reader's language (cases store them in English, as Amnesty's index
# does); tests/test_i18n_network.py checks this names every region of REGIONS.
REGION_NAMES = {"Africa": lazy_gettext("Africa"), "Americas": lazy_gettext("Americas"),
                "Asia and the Pacific": lazy_gettext("Asia and the Pacific"),
                "Europe and Central Asia": lazy_gettext("Europe and Central Asia"),
                "Middle East and North Africa": lazy_gettext("Middle East and North Africa")}


class SubscriptionForm(Form):
    """What to hear about, and whether to get emails."""

    all_cases = BooleanField(lazy_gettext("All new cases and updates"))
    themes = MultiCheckboxField(lazy_gettext("Themes"), choices={})
    regions = MultiCheckboxField(lazy_gettext("Regions"), choices=[SelectChoice(r, REGION_NAMES.get(r, r)) for r in REGIONS])
    countries = MultiCheckboxField(lazy_gettext("Countries"), choices={})
    bands = MultiCheckboxField(lazy_gettext("Age bands"), choices={},  # the routes fill them: words of the page
                               description=lazy_gettext("Leave empty to follow the bands of your classes."))
    email = BooleanField(lazy_gettext("Also send me an email digest"))
    frequency = SelectField(lazy_gettext("How often"), choices=[SelectChoice(k, label) for k, label in FREQUENCIES.items()],
                            default="weekly")


class MailConditionForm(Form):
    """A country where the post is suspended or unreliable."""

    country = StringField(lazy_gettext("Country"), description=lazy_gettext("As written in the cases, e.g. Honduras"),
                          validators=[DataRequired(lazy_gettext("Enter the country.")), Length(max=100)],
                          render_kw={"list": "known-countries"})
    status = SelectField(lazy_gettext("Post is"), choices=[SelectChoice("suspended", lazy_gettext("Suspended")),
                                                                 SelectChoice("unreliable", lazy_gettext("Unreliable"))])
    since = DateField(lazy_gettext("Since"), validators=[DataRequired(lazy_gettext("Enter the date (YYYY-MM-DD)."))])
    note = TextAreaField(lazy_gettext("Note for schools"), validators=[Length(max=1000)])
