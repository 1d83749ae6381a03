"""Review forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..forms import Form, MultiCheckboxField, translated
from ..inputs import MAX_ID
from .services import RUBRIC


class CommentForm(Form):
    """A comment, optionally on a passage (selected in the letter or copied into ``quote``)."""

    quote = TextAreaField(_l("Passage (optional)"), description=_l("Select words in the letter, or copy them here. Leave empty for a general comment."),
                          validators=[Optional(), Length(max=2000)])
    start = IntegerField(validators=[Optional(), NumberRange(0, MAX_ID)])
    body = TextAreaField(_l("Comment"), validators=[DataRequired(_l("Write the comment.")), Length(max=2000)])


class DecisionForm(Form):
    """The rubric and the decision."""

    rubric = MultiCheckboxField(_l("Rubric"), choices=translated(RUBRIC))
    note = TextAreaField(_l("Message to the student (optional)"), validators=[Optional(), Length(max=2000)])
    decision = HiddenField()


class ReopenForm(Form):
    """Reopen an approved letter."""

    reason = TextAreaField(_l("Why reopen it?"), description=_l("The student sees this."),
                           validators=[DataRequired(_l("Say why you are reopening it.")), Length(min=5, max=1000)])
