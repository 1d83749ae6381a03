"""Forms of the case library."""
from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import Form, translated
from .. import bands
from .status import EVENT_KINDS, STATUS_LABELS


class FilterForm(Form):
    """Search and filters of the library (a GET form: nothing changes, no token needed)."""

    class Meta:
        csrf = False

    q = StringField("Search words", validators=[Optional(), Length(max=200)],
                    description="Words in the title, country, people or summary")
    band = SelectField("Suitable for", choices=translated({"": "Any age band", **{b.key: b.label for b in bands.BANDS}}),
                       validate_choice=False)
    status = SelectField("Status", choices={"": "Any status", **STATUS_LABELS}, validate_choice=False)
    country = SelectField("Country", choices={"": "Any country"}, validate_choice=False)
    theme = SelectField("Theme", choices={"": "Any theme"}, validate_choice=False)
    class_id = HiddenField()


class ImportForm(Form):
    """Paste a UA as text, YAML or JSON, or upload a file."""

    source = TextAreaField("Paste the Urgent Action", validators=[Optional()],
                           description="Labelled sections (UA number, Title, Country, Summary, Targets…), or YAML or JSON in the library's format.")
    upload = FileField("Or upload a PDF, .txt, .yaml or .json file",
                       description="The PDF of an Urgent Action as Amnesty publishes it (at most 2 MB and 20 pages).")
    filename = HiddenField()


class BandForm(Form):
    """A curator confirms or changes a case's minimum band."""

    band = SelectField("Minimum age band", choices=bands.choices())
    reason = TextAreaField("Reason", description="Why this band suits the case. Teachers see this reason.",
                           validators=[DataRequired("Write the reason for this band."), Length(min=10, max=1000, message="Write a reason of 10 to 1000 characters.")])


class EventForm(Form):
    """A curator adds an update, a victory or the closure of a case."""

    kind = SelectField("What happened", choices={k: k.capitalize() for k in EVENT_KINDS})
    date = DateField("Date", validators=[DataRequired("Enter the date (YYYY-MM-DD).")])
    text = TextAreaField("What to tell teachers and classes", validators=[DataRequired("Describe what happened."), Length(max=3000)])


class ThanksForm(Form):
    """A curator adds a message of thanks."""

    quote = TextAreaField("Message of thanks", validators=[DataRequired("Enter the message."), Length(max=2000)])
    who = StringField("From", description="e.g. Bobomurod Abdullayev, prisoner of conscience from Uzbekistan",
                      validators=[DataRequired("Say who sent it."), Length(max=300)])
    # Its own id: the event form on the same page has a "date" field too.
    date = DateField("Date (optional)", validators=[Optional()], id="thanks_date")
