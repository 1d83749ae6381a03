"""Forms for signing up, signing in and changing passwords."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError
from wtforms.widgets import PasswordInput

from ..forms import Form
from ..paper import DEFAULT_PAGE_SIZE, PAGE_SIZE_CHOICES
from .passwords import password_problems
from .services import school_by_code

# A sign-up with a mistake elsewhere keeps the passwords typed (the page is never cached: no-store).
KEPT_PASSWORD = PasswordInput(hide_value=False)


def check_password_policy(form: FlaskForm, field: PasswordField) -> None:
    """Apply the password policy, naming every problem."""
    personal = [getattr(form, name).data or "" for name in ("name", "email", "username") if hasattr(form, name)]
    personal += list(getattr(form, "personal", ()))
    if current_user.is_authenticated:
        personal += [current_user.name, current_user.login_name]
    problems = password_problems(field.data or "", tuple(personal))
    if problems:
        raise ValidationError(" ".join(problems))


class SignInForm(Form):
    """Teachers sign in with their email, students with their username."""

    login = StringField(_l("Email or username"), validators=[DataRequired(_l("Enter your email or username.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=128)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class SchoolFieldsMixin:
    """The school details a teacher gives when creating or editing a school."""

    school_name = StringField(_l("School name"), validators=[Optional(), Length(max=200)])
    school_address = TextAreaField(
        _l("School postal address"),
        description=_l("One line per row, as it should appear on an envelope. Letters go out under this address."),
        validators=[Optional(), Length(max=500)])
    school_country = StringField(_l("Country"), validators=[Optional(), Length(max=100)])
    page_size = SelectField(_l("Paper size"), choices=PAGE_SIZE_CHOICES, default=DEFAULT_PAGE_SIZE)
    # The browser's zone, filled in by static/js/site.js (UTC without JavaScript; the school page changes it).
    # Not validated here: nobody can correct a hidden field, so an unknown zone gives UTC (auth.services.create_school).
    time_zone = HiddenField(default="UTC", render_kw={"data-browser-zone": ""})


class SignUpForm(SchoolFieldsMixin, Form):
    """A teacher's account, and either a new school or a school code."""

    name = StringField(_l("Your name"), description=_l("As your students and colleagues know you, e.g. Ms Rivera."),
                       validators=[DataRequired(_l("Enter your name.")), Length(max=120)])
    email = StringField(_l("Email"), validators=[DataRequired(_l("Enter your email.")), Email(_l("Enter a valid email address.")), Length(max=254)])
    password = PasswordField(_l("Password"), description=_l("At least 8 characters; not a common password."),
                             widget=KEPT_PASSWORD, validators=[DataRequired(_l("Choose a password.")), check_password_policy])
    confirm = PasswordField(_l("Repeat the password"), widget=KEPT_PASSWORD,
                            validators=[DataRequired(_l("Repeat the password.")), EqualTo("password", _l("The two passwords don't match."))])
    # No default: a teacher who fills in one part of the form has said which it is (see validate).
    school_choice = RadioField(
        _l("Your school"),
        choices=[SelectChoice("join", _l("My school is already here: I have a school code")),
                 SelectChoice("create", _l("I'm the first teacher from my school"))],
        validators=[Optional()])
    school_code = StringField(_l("School code"), description=_l("Ask a colleague: it is on their school page."),
                              validators=[Optional(), Length(max=20)])

    def validate(self, extra_validators=None) -> bool:
        """Ask for a code when joining, for school details when creating.

        Without a choice, the part filled in decides; with neither (or both) filled in, ask.
        """
        if not self.school_choice.raw_data:
            code = bool((self.school_code.data or "").strip())
            details = any((f.data or "").strip() for f in (self.school_name, self.school_address, self.school_country))
            self.school_choice.data = "join" if code and not details else "create" if details and not code else None
        ok = super().validate(extra_validators)
        if self.school_choice.data is None:
            self.school_choice.errors = [_("Choose how to add your school: with a school code, or as its first teacher.")]
            return False
        if self.school_choice.data == "join":
            if not (self.school_code.data or "").strip():
                self.school_code.errors.append(_("Enter the school code."))
                ok = False
            elif school_by_code(self.school_code.data) is None:
                self.school_code.errors.append(_("No school has this code. Check it with your colleague."))
                ok = False
        elif self.school_choice.data == "create":
            for field, message in ((self.school_name, _("Enter the school's name.")),
                                   (self.school_address, _("Enter the school's postal address.")),
                                   (self.school_country, _("Enter the school's country."))):
                if not (field.data or "").strip():
                    field.errors = [*field.errors, message]
                    ok = False
        return ok


class ChangePasswordForm(Form):
    """Change one's own password."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password."))])
    password = PasswordField(_l("New password"), description=_l("At least 8 characters; not a common password."),
                             validators=[DataRequired(_l("Choose a new password.")), check_password_policy])
    confirm = PasswordField(_l("Repeat the new password"), validators=[DataRequired(_l("Repeat the new password.")), EqualTo("password", _l("The two passwords don't match."))])


class ForgotPasswordForm(Form):
    """A teacher asks for a reset link."""

    email = StringField(_l("Your email"), filters=[lambda value: value.strip() if isinstance(value, str) else value],
                        validators=[DataRequired(_l("Enter your email.")),
                                    Email(_l("Enter a valid email address.")), Length(max=254)])


class ResetPasswordForm(Form):
    """A new password, chosen through an emailed link; ``personal`` holds the account's name and email."""

    personal: tuple[str, ...] = ()
    password = PasswordField(_l("New password"), description=_l("At least 8 characters; not a common password."),
                             validators=[DataRequired(_l("Choose a new password.")), check_password_policy])
    confirm = PasswordField(_l("Repeat the new password"), validators=[DataRequired(_l("Repeat the new password.")), EqualTo("password", _l("The two passwords don't match."))])
