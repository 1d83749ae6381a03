"""Alerts and the feed, unsubscribing, the email channel, and mail conditions."""
from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from .. import access, bands, i18n
from ..access import role_required
from ..cases import search
from ..classes.services import taught_bands
from ..extensions import csrf, db
from . import alerts, channels, mail
from .forms import MailConditionForm, SubscriptionForm
from .models import FREQUENCIES, MailCondition, Subscription

bp = Blueprint("network", __name__, url_prefix="/network")


def _subscription_form(form: SubscriptionForm | None = None) -> SubscriptionForm:
    """The form with the library's themes and countries as choices."""
    form = form or SubscriptionForm()
    facets = search.facets(current_user)
    form.themes.choices = {t: t for t in facets["themes"]}
    form.countries.choices = {c: c for c in facets["countries"]}
    form.bands.choices = bands.choices()
    return form


@bp.get("/alerts")
@role_required("teacher")
def alerts_page() -> str:
    """Subscriptions and the news feed."""
    return render_template("network/alerts.html", form=_subscription_form(), subscriptions=alerts.subscriptions_of(current_user),
                           feed=alerts.feed(current_user), smtp=bool(current_app.config.get("MAIL_SERVER")),
                           class_bands=sorted(taught_bands(current_user)), frequencies=FREQUENCIES)


@bp.post("/alerts")
@role_required("teacher")
def subscribe() -> WerkzeugResponse | tuple[str, int]:
    """Add a subscription."""
    form = _subscription_form()
    if form.validate_on_submit():
        if not (form.all_cases.data or form.themes.data or form.regions.data or form.countries.data):
            form.all_cases.errors = [_("Choose “all”, or at least one theme, region or country.")]
        else:
            db.session.add(Subscription(
                teacher_id=current_user.id, all_cases=form.all_cases.data, themes=form.themes.data or [],
                regions=form.regions.data or [], countries=form.countries.data or [], bands=form.bands.data or [],
                email=form.email.data, frequency=form.frequency.data))
            db.session.commit()
            flash(_("Subscribed. Matching news appears in your feed."), "success")
            return redirect(url_for("network.alerts_page"))
    return render_template("network/alerts.html", form=form, subscriptions=alerts.subscriptions_of(current_user),
                           feed=alerts.feed(current_user), smtp=bool(current_app.config.get("MAIL_SERVER")),
                           class_bands=sorted(taught_bands(current_user)), frequencies=FREQUENCIES), 400


@bp.post("/alerts/<int:subscription_id>/delete")
@role_required("teacher")
def unsubscribe_signed_in(subscription_id: int) -> WerkzeugResponse:
    """Remove one of one's own subscriptions."""
    subscription = db.session.get(Subscription, subscription_id)
    access.ensure(subscription is not None and subscription.teacher_id == current_user.id)
    db.session.delete(subscription)
    db.session.commit()
    flash(_("Subscription removed."), "success")
    return redirect(url_for("network.alerts_page"))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the proof; mail programs post here for one-click unsubscribe
def unsubscribe(token: str) -> str | tuple[str, int]:
    """One click, no sign-in: stop exactly the subscriptions the email was sent for."""
    subscriptions = alerts.subscriptions_from_token(token)
    if not subscriptions:
        return render_template("network/unsubscribed.html", ok=False), 404
    _in_recipient_language(subscriptions[0].teacher)
    if request.method == "POST":
        topics = alerts.quoted_topics(subscriptions, style="or")
        for subscription in subscriptions:
            db.session.delete(subscription)
        db.session.commit()
        return render_template("network/unsubscribed.html", ok=True, done=True, topics=topics)
    return render_template("network/unsubscribed.html", ok=True, done=False, token=token, subscriptions=subscriptions)


def _in_recipient_language(teacher: object) -> None:
    """The page an email's link opens speaks the email's language (its recipient's), unless the
    visitor is signed in or chose a language on this browser: then their pages' language holds."""
    if current_user.is_authenticated or request.cookies.get(i18n.COOKIE):
        return
    g.page_language = i18n.language_of(teacher)
    refresh()


@bp.get("/letters/<int:letter_id>/email")
@role_required("teacher")
def email_version(letter_id: int) -> str:
    """The email version of an approved appeal, for the teacher to send."""
    letter = access.reviewable_letter_or_404(letter_id)
    access.ensure(channels.can_email(letter))
    return render_template("network/email.html", letter=letter, subject=channels.subject(letter),
                           text=channels.text(letter), mailto=channels.mailto(letter),
                           warning=mail.letter_warning(letter))


@bp.get("/letters/<int:letter_id>/message.eml")
@role_required("teacher")
def email_file(letter_id: int) -> Response:
    """The message as an .eml file that opens in the teacher's mail program."""
    letter = access.reviewable_letter_or_404(letter_id)
    access.ensure(channels.can_email(letter))
    return Response(channels.eml(letter, current_user.email or ""), mimetype="message/rfc822",
                    headers={"Content-Disposition": f'attachment; filename="letter-{letter.id}.eml"'})


@bp.post("/letters/<int:letter_id>/emailed")
@role_required("teacher")
def mark_emailed(letter_id: int) -> WerkzeugResponse:
    """Record that the letter went out by email."""
    letter = access.reviewable_letter_or_404(letter_id)
    access.ensure(channels.can_email(letter))
    channels.mark_emailed(letter, current_user.id)
    db.session.commit()
    flash(_("Recorded: this letter was sent by email."), "success")
    return redirect(url_for("network.email_version", letter_id=letter.id))


@bp.route("/mail-conditions", methods=["GET", "POST"])
@role_required("curator")
def mail_conditions() -> WerkzeugResponse | str | tuple[str, int]:
    """Curators keep the list of countries where post is suspended or unreliable."""
    form = MailConditionForm()
    countries = mail.known_countries()
    if form.validate_on_submit():
        # The same check as the starter file's (mail.check_entry), so both accept the same lists.
        entry, problems = mail.check_entry(form.country.data, form.status.data, form.note.data, form.since.data,
                                           countries)
        if entry is not None:
            condition = mail.set_condition(entry.country, entry.status, entry.note, entry.since, current_user.id)
            db.session.commit()
            flash(_("Saved: post suspended to %(country)s.", country=condition.country) if condition.status == "suspended"
                  else _("Saved: post unreliable to %(country)s.", country=condition.country), "success")
            return redirect(url_for("network.mail_conditions"))
        for name, problem in problems.items():
            getattr(form, name).errors = [problem]
    status = 400 if request.method == "POST" else 200
    return render_template("network/mail_conditions.html", form=form, conditions=list(mail.conditions().values()),
                           countries=countries), status


@bp.post("/mail-conditions/<int:condition_id>/delete")
@role_required("curator")
def delete_condition(condition_id: int) -> WerkzeugResponse:
    """The post works again to this country."""
    condition = db.session.get(MailCondition, condition_id)
    access.ensure(condition is not None)
    db.session.delete(condition)
    db.session.commit()
    flash(_("Removed from the list."), "success")
    return redirect(url_for("network.mail_conditions"))
