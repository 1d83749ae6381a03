"""Form pieces shared by several features."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, SelectMultipleField
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from .inputs import SINGLE_LINE_MESSAGE, is_single_line


def translated(choices: Mapping[str, Any]) -> Callable[[], dict[str, str]]:
    """``choices`` (value -> lazy label) as a callable WTForms reads with each form: the labels
    come out in the page's language of that request, not in the language at import time."""
    return lambda: {key: str(label) for key, label in choices.items()}


class MultiCheckboxField(SelectMultipleField):  # type: ignore[misc]  # WTForms: untyped here, see pyproject
    """A set of checkboxes (rendered as a fieldset by ``macros/forms.html``)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def single_line(_form: object, field: Field) -> None:
    """Names, titles, emails, usernames, subjects: one line, no control characters."""
    if isinstance(field.data, str) and not is_single_line(field.data):
        raise StopValidation(SINGLE_LINE_MESSAGE)


class Form(FlaskForm):  # type: ignore[misc]  # Flask-WTF has no type information
    """The app's form base: every one-line text input refuses line breaks and control characters.

    Checked here rather than field by field so that a new ``StringField`` can't forget it;
    text areas (addresses, letters, comments) keep their line breaks.
    """

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """Validate as WTForms does, with ``single_line`` first on each text input."""
        extra: dict[str, list[Any]] = {name: list(checks) for name, checks in (extra_validators or {}).items()}
        for name, field in self._fields.items():
            if isinstance(field.widget, TextInput):
                extra[name] = [single_line, *extra.get(name, [])]
        return bool(super().validate(extra_validators=extra))
