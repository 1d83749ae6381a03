"""Alerts: which new cases and updates match a teacher's subscriptions; the in-app feed;
email digests that never send the same item twice; one-click unsubscribe tokens."""
from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import bands
from ..auth.models import User
from ..cases.models import Case, CaseEvent
from ..classes.services import taught_bands
from ..clock import utcnow
from ..extensions import db
from ..extensions import mail as mailer
from .models import Delivery, Subscription

DUE_AFTER = {"immediately": timedelta(0), "daily": timedelta(days=1) - timedelta(minutes=10),
             "weekly": timedelta(days=7) - timedelta(minutes=10)}
TOKEN_MAX_AGE = 60 * 60 * 24 * 365
ARRIVED_TOGETHER = timedelta(minutes=1)  # timeline entries saved this soon after their case came with it


@dataclass(frozen=True)
class NewsItem:
    """A new case or a timeline entry of a case."""

    key: str  # "case:12" or "event:34"
    case: Case
    kind: str  # "new" | "update" | "victory" | "closed"
    when: datetime
    text: str
    day: date


def _suits_one_of(case: Case, chosen: set[str] | list[str]) -> bool:
    """True when the case may be used with at least one of these bands."""
    return any(bands.at_or_above(band, case.min_band) for band in chosen)


def matches(subscription: Subscription, case: Case, teacher_bands: set[str]) -> bool:
    """True when the case is one the subscription asked for and suits one of its bands.

    Chosen bands narrow the news; either way a case must suit one of the teacher's classes
    (a teacher without classes yet hears about every band).
    """
    if case.owner_id is not None or not case.published:
        return False
    if subscription.bands and not _suits_one_of(case, subscription.bands):
        return False
    if teacher_bands and not _suits_one_of(case, teacher_bands):
        return False
    if subscription.all_cases:
        return True
    lowered = {t.lower() for t in case.themes}
    return (any(t.lower() in lowered for t in subscription.themes)
            or case.region in subscription.regions
            or case.country.lower() in {c.lower() for c in subscription.countries})


def news(since: datetime | None = None, limit: int = 200) -> list[NewsItem]:
    """New public cases and timeline entries, newest first."""
    case_query = (select(Case).where(Case.owner_id.is_(None), Case.published.is_(True))
                  .options(selectinload(Case.theme_rows)).order_by(Case.published_at.desc()).limit(limit))
    event_query = (select(CaseEvent).join(Case).where(Case.owner_id.is_(None), Case.published.is_(True))
                   .options(selectinload(CaseEvent.case).selectinload(Case.theme_rows))
                   .order_by(CaseEvent.created_at.desc()).limit(limit))
    if since is not None:
        case_query = case_query.where(Case.published_at > since)  # a draft is no news until it is published
        event_query = event_query.where(CaseEvent.created_at > since)
    events = list(db.session.scalars(event_query))
    # A case that arrived with its history (the starter library, an import with a timeline)
    # is one piece of news, its latest entry: not "new case" beside "victory" for the same case.
    came_with_case = sorted((e for e in events if e.created_at - e.case.created_at < ARRIVED_TOGETHER),
                            key=lambda e: (e.date, e.id))
    latest = {e.case_id: e.id for e in came_with_case}  # the last one per case stays
    hidden = {e.id for e in came_with_case} - set(latest.values())
    items = [NewsItem(f"case:{c.id}", c, "new", c.published_at or c.created_at, c.summary, c.issue_date)
             for c in db.session.scalars(case_query) if c.id not in latest]
    items += [NewsItem(f"event:{e.id}", e.case, e.kind, e.created_at, e.text, e.date) for e in events
              if e.id not in hidden]
    return sorted(items, key=lambda item: item.when, reverse=True)[:limit]


def subscriptions_of(teacher: User) -> list[Subscription]:
    """A teacher's subscriptions, oldest first."""
    return list(db.session.scalars(select(Subscription).where(Subscription.teacher_id == teacher.id).order_by(Subscription.id)))


def feed(teacher: User, limit: int = 50) -> list[NewsItem]:
    """The in-app feed: news matching any of the teacher's subscriptions."""
    subs = subscriptions_of(teacher)
    if not subs:
        return []
    teacher_bands = taught_bands(teacher)
    return [item for item in news() if any(matches(s, item.case, teacher_bands) for s in subs)][:limit]


def pending(subscription: Subscription) -> list[NewsItem]:
    """Matching news since the subscription began that it hasn't been sent yet."""
    sent = set(db.session.scalars(select(Delivery.item_key).where(Delivery.subscription_id == subscription.id)))
    teacher_bands = taught_bands(subscription.teacher)
    return [item for item in news(since=subscription.created_at)
            if item.key not in sent and matches(subscription, item.case, teacher_bands)]


def is_due(subscription: Subscription, now: datetime) -> bool:
    """True when the subscription's frequency allows a digest now."""
    return subscription.last_sent_at is None or now - subscription.last_sent_at >= DUE_AFTER[subscription.frequency]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe")


def unsubscribe_token(subscription: Subscription) -> str:
    """A signed token that unsubscribes exactly this subscription."""
    # The creation time tells this subscription from a later one that gets the same id again.
    return _serializer().dumps({"s": subscription.id, "t": subscription.teacher_id,
                                "c": subscription.created_at.isoformat()})


def subscription_from_token(token: str) -> Subscription | None:
    """The subscription a token names, or None for a wrong, expired or stale token."""
    try:
        data = _serializer().loads(token, max_age=TOKEN_MAX_AGE)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        return None
    subscription = db.session.get(Subscription, data["s"])
    if (subscription is None or subscription.teacher_id != data.get("t")
            or subscription.created_at.isoformat() != data.get("c")):
        return None
    return subscription


@dataclass
class DigestReport:
    """What a digest run did."""

    sent: int = 0
    items: int = 0
    failed: int = 0  # refused or unreachable; their items stay pending for the next run
    skipped_no_smtp: bool = False


def _send_digest(subscription: Subscription, now: datetime, connection: Any, report: DigestReport) -> None:
    """Email one subscription its pending news and record each item as sent (all or nothing)."""
    from flask_mailman import EmailMessage

    items = pending(subscription)
    if not items:
        return
    subscription_id = subscription.id
    try:
        for item in items:
            db.session.add(Delivery(subscription_id=subscription_id, item_key=item.key, sent_at=now))
        subscription.last_sent_at = now
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # another run is sending these right now
        return
    site = current_app.config["SITE_URL"].rstrip("/")
    unsubscribe = f"{site}/network/unsubscribe/{unsubscribe_token(subscription)}"
    # Rendered without the page context processors: cron runs this outside any request.
    body = current_app.jinja_env.get_template("network/digest.txt").render(
        teacher=subscription.teacher, items=items, site=site, unsubscribe=unsubscribe)
    subject = f"Write for Rights: {len(items)} new {'case or update' if len(items) == 1 else 'cases and updates'}"
    message = EmailMessage(subject=subject, body=body, to=[subscription.teacher.email], connection=connection,
                           headers={"List-Unsubscribe": f"<{unsubscribe}>",
                                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        # One refused address must not stop the teachers after it; nothing is marked sent.
        db.session.rollback()
        current_app.logger.warning("Digest of subscription %s not sent: %s", subscription_id, error)
        report.failed += 1
        return
    db.session.commit()
    report.sent += 1
    report.items += len(items)


def send_digests(now: datetime | None = None) -> DigestReport:
    """Email each due subscription its pending news, once (safe to run twice, e.g. from cron)."""
    now = now or utcnow()
    report = DigestReport()
    if not current_app.config.get("MAIL_SERVER"):
        report.skipped_no_smtp = True
        return report
    subs = db.session.scalars(select(Subscription).where(Subscription.email.is_(True)).order_by(Subscription.id)).all()
    # One connection for the run, closed at the end even after the server refused a message.
    connection = mailer.get_connection()
    try:
        for subscription in subs:
            if is_due(subscription, now):
                _send_digest(subscription, now, connection, report)
    finally:
        connection.close()
    return report
