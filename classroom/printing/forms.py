"""Print queue forms."""
from __future__ import annotations

from flask_babel import lazy_gettext
from wtforms import BooleanField, DateField, StringField
from wtforms.validators import Length, Optional

from ..forms import Form, MultiCheckboxField
from ..inputs import db_id


class BatchForm(Form):
    """Make a print batch of all, or of chosen classes or assignments."""

    class_ids = MultiCheckboxField(lazy_gettext("Only these classes"), coerce=db_id, choices={})
    assignment_ids = MultiCheckboxField(lazy_gettext("Only these assignments"), coerce=db_id, choices={})
    label = StringField(lazy_gettext("Name of the batch"), validators=[Optional(), Length(max=200)],
                        description=lazy_gettext("e.g. Write for Rights, December"))
    duplex = BooleanField(lazy_gettext("I print double-sided: start each letter on a new sheet"))
    hold_suspended = BooleanField(lazy_gettext("Hold back letters to countries where post is suspended"), default=True)


class MarkForm(Form):
    """Mark a batch printed or mailed, on a date."""

    date = DateField(lazy_gettext("Date"), validators=[Optional()])
