"""Letter forms (the editor's Save works without JavaScript)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, ValidationError

from ..forms import Form
from ..inputs import MAX_ID
from .services import too_long


class StartForm(Form):
    """Start a letter of one kind (to one official)."""

    assignment_id = HiddenField(validators=[DataRequired()])
    choice = RadioField(_l("What will you write?"), choices={},
                        validators=[DataRequired(_l("Choose what you will write."))])
    scaffold = BooleanField(_l("Start with helper sentences I can change"), default=True)


class LetterForm(Form):
    """The letter text and the version it was based on."""

    body = TextAreaField(_l("Your letter"))
    base_version = IntegerField(validators=[InputRequired(), NumberRange(0, MAX_ID, _l("Reload the page and try again."))])

    def validate_body(self, field: TextAreaField) -> None:
        """The save limits of ``services.too_long``."""
        problem = too_long((field.data or "").replace("\r\n", "\n"))
        if problem:
            raise ValidationError(problem)


class SubmitForm(Form):
    """Send to the teacher; ``confirm`` means the student saw the flags and sends anyway."""

    confirm = HiddenField()


class LanguageForm(Form):
    """The language the letter is written in; the choices come from ``services.language_choices``."""

    language = SelectField(_l("The language I write in"), choices=[],
                           description=_l("The greeting and the closing change to match it."))
