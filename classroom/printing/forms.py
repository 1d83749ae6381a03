"""Print queue forms."""
from __future__ import annotations

from wtforms import BooleanField, DateField, StringField
from wtforms.validators import Length, Optional

from ..forms import Form, MultiCheckboxField
from ..inputs import db_id


class BatchForm(Form):
    """Make a print batch of all, or of chosen classes or assignments."""

    class_ids = MultiCheckboxField("Only these classes", coerce=db_id, choices={})
    assignment_ids = MultiCheckboxField("Only these assignments", coerce=db_id, choices={})
    label = StringField("Name of the batch", validators=[Optional(), Length(max=200)],
                        description="e.g. Write for Rights, December")
    duplex = BooleanField("I print double-sided: start each letter on a new sheet")
    hold_suspended = BooleanField("Hold back letters to countries where post is suspended", default=True)


class MarkForm(Form):
    """Mark a batch printed or mailed, on a date."""

    date = DateField("Date", validators=[Optional()])
