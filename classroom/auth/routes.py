"""Sign up, sign in, sign out, change password."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..extensions import db, limiter
from ..inputs import is_single_line
from . import reset as password_reset
from . import services
from . import signup as teacher_signup
from .forms import ChangePasswordForm, ForgotPasswordForm, ResetPasswordForm, SignInForm, SignUpForm
from .passwords import verify_password
from .session import sign_in, sign_out

bp = Blueprint("auth", __name__, url_prefix="/auth")


def safe_next(target: str | None) -> str:
    """Follow ``next`` only to a path on this site."""
    # A line break or control character would split the Location header; a backslash is "//" to some browsers.
    if target and is_single_line(target) and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("main.home")


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> Response | str | tuple[str, int]:
    """The sign-in page for everyone."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignInForm()
    error, status = None, 200
    if form.validate_on_submit():
        result = services.authenticate(form.login.data, form.password.data, request.remote_addr or "")
        if result.user:
            sign_in(result.user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
        error, status = result.error, 429 if result.throttled else 200
    return render_template("auth/signin.html", form=form, error=error), status


@bp.post("/signout")
def signout() -> Response:
    """End the session."""
    sign_out()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.signin"))


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def signup() -> Response | str:
    """Teachers create an account and create or join a school, confirmed by an emailed link.

    A valid form always gets the same answer, whether or not the email has an account
    (``auth.signup.register``): the page never tells who has signed up.
    """
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignUpForm()
    if form.validate_on_submit():
        if form.school_choice.data == "create":
            school = {"name": form.school_name.data, "address": form.school_address.data,
                      "country": form.school_country.data, "page_size": form.page_size.data,
                      "time_zone": form.time_zone.data}
        else:
            school = {"code": form.school_code.data}
        email = services.normalise_email(form.email.data)
        teacher_signup.register(form.name.data, email, form.password.data, school)
        return render_template("auth/signup_sent.html", email=email)
    return render_template("auth/signup.html", form=form)


@bp.get("/confirm/<token>")
def confirm(token: str) -> Response | tuple[str, int]:
    """The link from the sign-up email: confirm the address and sign the teacher in."""
    user = teacher_signup.confirm(token)
    if user is None:
        return render_template("auth/confirm_failed.html"), 404
    sign_in(user)
    school = user.school
    if school is not None and len(school.members) == 1:
        flash(_("Welcome! Your school is set up. Colleagues join with the school code %(code)s.", code=school.join_code), "success")
    elif school is not None:
        flash(_("Welcome! You have joined %(school)s.", school=school.name), "success")
    return redirect(url_for("main.home"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> Response | str:
    """Change one's own password (other sessions end)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current.data):
            form.current.errors.append(_("That is not your current password."))
        else:
            user = current_user._get_current_object()  # the account itself: the session must not hold the proxy
            services.set_password(user, form.password.data)
            db.session.commit()
            sign_in(user)
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def forgot() -> str:
    """A teacher asks for a reset link; the answer is the same whether or not the email has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = services.normalise_email(form.email.data)
        password_reset.send_link(email)
        return render_template("auth/forgot_sent.html", email=email, minutes=password_reset.LINK_MINUTES)
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def reset(token: str) -> Response | str | tuple[str, int]:
    """The emailed link: choose a new password, then be signed in (other devices are signed out)."""
    user = password_reset.account_for(token)
    if user is None:
        return render_template("auth/reset_failed.html"), 404
    form = ResetPasswordForm()
    form.personal = (user.name, user.email or "")
    if form.validate_on_submit():
        password_reset.reset(user, form.password.data)
        sign_in(user)
        flash(_("Your password is changed. Other devices are signed out."), "success")
        return redirect(url_for("main.home"))
    return render_template("auth/reset.html", form=form, email=user.email)
