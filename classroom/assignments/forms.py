"""The assignment form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from ..forms import Form, MultiCheckboxField
from ..inputs import db_id
from ..letters.kinds import KIND_CHOICES


class AssignmentForm(Form):
    """Assign a case to a class."""

    case_id = HiddenField()
    class_id = SelectField(_l("Class"), coerce=db_id, choices={})
    letter_kinds = MultiCheckboxField(_l("Students may write"),  # labels translated when shown
                                      choices=[SelectChoice(k, label) for k, label in KIND_CHOICES.items()])
    target_ids = MultiCheckboxField(_l("Officials students may write to"), coerce=db_id, choices={})
    lesson_slugs = MultiCheckboxField(_l("Lessons"), choices={}, description=_l("Students see the student parts of these lessons."))
    instructions = TextAreaField(_l("Instructions for students"), validators=[Optional(), Length(max=2000)])
    due_date = DateField(_l("Due date"), validators=[Optional()])
    override_reason = TextAreaField(
        _l("Reason for assigning above the class's age band"),
        description=_l("Only needed when the case is rated above the class's band and your school allows it. It is shown on the class page."),
        validators=[Optional(), Length(max=1000)])
    deadline_reason = TextAreaField(
        _l("Reason for assigning a case whose deadline passed"),
        description=_l("Only needed when the case's deadline has passed, for example to discuss it in class."),
        validators=[Optional(), Length(max=1000)])
