"""Forms for classes and rosters."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .. import bands
from ..auth.services import username_problem
from .models import SIGNATURE_RULES


class ClassForm(FlaskForm):
    """Name, band, school year and signature rule of a class."""

    name = StringField("Class name", description="e.g. 7B Humanities", validators=[DataRequired("Give the class a name."), Length(max=120)])
    band = SelectField("Age band", choices=bands.choices(), description="Cases above this band can't be assigned to the class.")
    school_year = StringField("School year", description="e.g. 2026–27", validators=[DataRequired("Enter the school year."), Length(max=20)])
    signature_rule = SelectField("How students sign their letters", choices=SIGNATURE_RULES,
                                 default="first_last_initial")


class AddStudentForm(FlaskForm):
    """Add one student: a name and, optionally, a chosen username."""

    name = StringField("Student's name", description="First name and last name. Letters are signed as the class's rule says.",
                       validators=[DataRequired("Enter the student's name."), Length(max=120)])
    username = StringField("Username (optional)", description="Leave empty and we'll make a friendly one.",
                           validators=[Optional(), Length(max=40)])

    def validate_username(self, field: StringField) -> None:
        """A chosen username must be valid and free."""
        if field.data:
            problem = username_problem(field.data)
            if problem:
                raise ValidationError(problem)
