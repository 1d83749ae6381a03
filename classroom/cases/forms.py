"""Forms of the case library."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import Form
from .. import bands
from .status import EVENT_KINDS, STATUS_LABELS


def translated(choices: Mapping[str, Any]) -> dict[str, str]:
    """Choices with their labels in the page's language (forms pass a lambda, so WTForms calls
    this with each form, not once at import)."""
    return {key: str(label) for key, label in choices.items()}


BAND_LABELS = {b.key: b.label for b in bands.BANDS}
ANY_COUNTRY = _l("Any country")
ANY_THEME = _l("Any theme")


class FilterForm(Form):
    """Search and filters of the library (a GET form: nothing changes, no token needed)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search words"), validators=[Optional(), Length(max=200)],
                    description=_l("Words in the title, country, people or summary"))
    band = SelectField(_l("Suitable for"), choices=lambda: translated({"": _l("Any age band"), **BAND_LABELS}),
                       validate_choice=False)
    status = SelectField(_l("Status"), choices=lambda: translated({"": _l("Any status"), **STATUS_LABELS}),
                         validate_choice=False)
    country = SelectField(_l("Country"), choices=lambda: translated({"": ANY_COUNTRY}), validate_choice=False)
    theme = SelectField(_l("Theme"), choices=lambda: translated({"": ANY_THEME}), validate_choice=False)
    class_id = HiddenField()


class ImportForm(Form):
    """Paste a UA as text, YAML or JSON, or upload a file."""

    source = TextAreaField(_l("Paste the Urgent Action"), validators=[Optional()],
                           description=_l("Labelled sections (UA number, Title, Country, Summary, Targets…), or YAML "
                                          "or JSON in the library's format."))
    upload = FileField(_l("Or upload a PDF, .txt, .yaml or .json file"),
                       description=_l("The PDF of an Urgent Action as Amnesty publishes it (at most 2 MB and 20 pages)."))
    filename = HiddenField()


class BandForm(Form):
    """A curator confirms or changes a case's minimum band."""

    band = SelectField(_l("Minimum age band"), choices=lambda: translated(bands.choices()))
    reason = TextAreaField(_l("Reason"), description=_l("Why this band suits the case. Teachers see this reason."),
                           validators=[DataRequired(_l("Write the reason for this band.")),
                                       Length(min=10, max=1000, message=_l("Write a reason of 10 to 1000 characters."))])


class EventForm(Form):
    """A curator adds an update, a victory or the closure of a case."""

    kind = SelectField(_l("What happened"), choices=lambda: translated({k: STATUS_LABELS[k] for k in EVENT_KINDS}))
    date = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date (YYYY-MM-DD)."))])
    text = TextAreaField(_l("What to tell teachers and classes"),
                         validators=[DataRequired(_l("Describe what happened.")), Length(max=3000)])


class ThanksForm(Form):
    """A curator adds a message of thanks."""

    quote = TextAreaField(_l("Message of thanks"), validators=[DataRequired(_l("Enter the message.")), Length(max=2000)])
    who = StringField(_l("From"), description=_l("e.g. Bobomurod Abdullayev, prisoner of conscience from Uzbekistan"),
                      validators=[DataRequired(_l("Say who sent it.")), Length(max=300)])
    # Its own id: the event form on the same page has a "date" field too.
    date = DateField(_l("Date (optional)"), validators=[Optional()], id="thanks_date")
