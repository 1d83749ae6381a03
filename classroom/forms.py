"""Form pieces shared by several features."""
from __future__ import annotations

from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes (rendered as a fieldset by ``macros/forms.html``)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
