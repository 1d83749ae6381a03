"""The assignment form."""
from __future__ import annotations

from wtforms import DateField, HiddenField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from ..forms import Form, MultiCheckboxField
from ..inputs import db_id
from ..letters.kinds import KIND_CHOICES


class AssignmentForm(Form):
    """Assign a case to a class."""

    case_id = HiddenField()
    class_id = SelectField("Class", coerce=db_id, choices={})
    letter_kinds = MultiCheckboxField("Students may write",  # labels translated when shown
                                      choices=[SelectChoice(k, label) for k, label in KIND_CHOICES.items()])
    target_ids = MultiCheckboxField("Officials students may write to", coerce=db_id, choices={})
    lesson_slugs = MultiCheckboxField("Lessons", choices={}, description="Students see the student parts of these lessons.")
    instructions = TextAreaField("Instructions for students", validators=[Optional(), Length(max=2000)])
    due_date = DateField("Due date", validators=[Optional()])
    override_reason = TextAreaField(
        "Reason for assigning above the class's age band",
        description="Only needed when the case is rated above the class's band and your school allows it. It is shown on the class page.",
        validators=[Optional(), Length(max=1000)])
    deadline_reason = TextAreaField(
        "Reason for assigning a case whose deadline passed",
        description="Only needed when the case's deadline has passed, for example to discuss it in class.",
        validators=[Optional(), Length(max=1000)])
