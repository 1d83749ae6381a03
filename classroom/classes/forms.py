"""Forms for classes and rosters."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms.fields.choices import SelectChoice
from wtforms import BooleanField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from ..forms import Form, translated
from .. import bands, i18n
from ..auth.forms import check_password_policy
from ..auth.names import NAME_ORDERS
from ..auth.services import username_format_problem, username_problem
from .models import SIGNATURE_RULES


def _strip(value: object) -> object:
    """Trim pasted text: a stray space must not make an email or a name invalid."""
    return value.strip() if isinstance(value, str) else value


def _check_username(form: FlaskForm, field: StringField) -> None:
    """A username a child chooses for their own account must be valid and free."""
    if field.data:
        problem = username_problem(field.data)
        if problem:
            raise ValidationError(problem)


def _check_username_format(form: FlaskForm, field: StringField) -> None:
    """A username a teacher gives must be valid; a taken one quietly becomes a free variant."""
    if field.data:
        problem = username_format_problem(field.data)
        if problem:
            raise ValidationError(problem)


class ClassForm(Form):
    """Name, band, school year and signature rule of a class."""

    name = StringField(_l("Class name"), description=_l("e.g. 7B Humanities"), filters=[_strip], validators=[DataRequired(_l("Give the class a name.")), Length(max=120)])
    band = SelectField(_l("Age band"), choices=bands.choices, description=_l("Cases above this band can't be assigned to the class."))
    school_year = StringField(_l("School year"), description=_l("e.g. 2026–27"), filters=[_strip], validators=[DataRequired(_l("Enter the school year.")), Length(max=20)])
    signature_rule = SelectField(_l("How students sign their letters"), choices=translated(SIGNATURE_RULES),
                                 default="first_last_initial")
    # Stored as "" → None: the class then follows the school's language (classroom/i18n.py).
    language = SelectField(_l("Language of the class"), default="",
                           description=_l("Students of the class see their pages in it, unless they choose their own language."))
    join_requires_approval = BooleanField(_l("I approve each student who joins with the class code"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The languages pages exist in are known only with the app (catalogs, pseudo-language).
        self.language.choices = [SelectChoice("", _("The school's language")),
                                 *(SelectChoice(code, name, {"lang": code}) for code, name in i18n.choices())]
        if self.language.data is None:
            self.language.data = ""


class NameFields:
    """A given name, a family name and the order they are written in (auth.names)."""

    given_name = StringField(_l("Given name (first name)"), filters=[_strip],
                             validators=[DataRequired(_l("Enter the given name.")), Length(max=60)])
    family_name = StringField(_l("Family name (surname)"), filters=[_strip],
                              description=_l("Letters are signed as the class's rule says."),
                              validators=[Optional(), Length(max=60)])
    name_order = SelectField(_l("The name is written"), choices=translated(NAME_ORDERS), default="given_first")


class AddStudentForm(NameFields, Form):
    """Add one student: given and family name and, optionally, a chosen username."""

    username = StringField(_l("Username (optional)"), description=_l("Leave empty and we'll make a friendly one."),
                           validators=[Optional(), Length(max=40), _check_username_format])


class RosterUploadForm(Form):
    """A class list (a file or pasted rows) and, once read, what its columns hold."""

    upload = FileField(_l("Class list (CSV or Excel .xlsx)"),
                       description=_l("One student per row, as your school system or spreadsheet saves it, or the OneRoster zip of a district system. You choose what each column holds next."))
    text = TextAreaField(_l("Or paste or correct the list here"), description=_l("Rows copied from a spreadsheet work too."),
                         validators=[Optional(), Length(max=500_000)])


class CoTeacherForm(Form):
    """Invite a colleague from the same school to co-teach."""

    email = StringField(_l("Colleague's email"), filters=[_strip], validators=[DataRequired(_l("Enter your colleague's email.")), Email(_l("Enter a valid email address."))])


class JoinForm(Form):
    """A student joins a class with its code (a student's page: its words say "tú" in Spanish)."""

    given_name = StringField(_l("Your first name"), filters=[_strip],
                             validators=[DataRequired(_l("Write your first name.")), Length(max=60)])
    family_name = StringField(_l("Your family name"), filters=[_strip], description=_l("So your teacher knows who you are."),
                              validators=[Optional(), Length(max=60)])
    username = StringField(_l("Choose a username"), description=_l("Letters and numbers, like maya.k or sam22. No email needed."),
                           validators=[DataRequired(_l("Choose a username.")), Length(max=40), _check_username])
    password = PasswordField(_l("Choose a password"), description=_l("At least 8 characters. Don't use your name."),
                             validators=[DataRequired(lazy_pgettext("student", "Choose a password.")), check_password_policy])
    confirm = PasswordField(_l("Type the password again"), validators=[
        DataRequired(_l("Type the password again.")), EqualTo("password", _l("The two passwords are not the same."))])


class ConfirmPurgeForm(Form):
    """Typing the class name confirms deleting its student data now."""

    confirm_name = StringField(_l("Type the class name to confirm"), validators=[DataRequired(_l("Type the class name."))])
