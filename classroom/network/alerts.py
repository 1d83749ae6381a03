"""Alerts: which new cases and updates match a teacher's subscriptions; the in-app feed;
email digests that never send the same item twice; one-click unsubscribe tokens."""
from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from babel.lists import format_list
from flask import current_app
from flask_babel import force_locale, ngettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import bands, i18n
from ..auth.models import User
from ..cases.models import Case, CaseEvent
from ..classes.services import taught_bands
from ..clock import utcnow
from ..dates import for_school
from ..extensions import db
from ..extensions import mail as mailer
from .models import Delivery, Subscription

DUE_AFTER = {"immediately": timedelta(0), "daily": timedelta(days=1) - timedelta(minutes=10),
             "weekly": timedelta(days=7) - timedelta(minutes=10)}
TOKEN_MAX_AGE = 60 * 60 * 24 * 365


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


def _arrival(case: Case) -> NewsItem:
    """The news of a case's publication.

    A case published with its history (the starter library, an import with a timeline, a
    draft given updates before it went out) is one piece of news, its latest entry; a case
    published already closed or won says so, never "new case". Entries added after the
    publication are news of their own, however soon they follow.
    """
    published = case.published_at or case.created_at
    history = [e for e in case.events if e.created_at <= published]
    if history:
        latest = max(history, key=lambda e: (e.date, e.id))
        return NewsItem(f"event:{latest.id}", case, latest.kind, published, latest.text, latest.date)
    # Later entries set the status since; before them the case was open for action.
    later = any(e.created_at > published for e in case.events)
    kind = "new" if case.status == "action" or later else case.status
    return NewsItem(f"case:{case.id}", case, kind, published, case.summary, case.issue_date)


def news(since: datetime | None = None, limit: int = 200) -> list[NewsItem]:
    """Newly published public cases and timeline entries added after publication, newest first."""
    public = (Case.owner_id.is_(None), Case.published.is_(True))
    case_query = (select(Case).where(*public).options(selectinload(Case.theme_rows), selectinload(Case.events))
                  .order_by(Case.published_at.desc()).limit(limit))
    event_query = (select(CaseEvent).join(Case).where(*public, CaseEvent.created_at > Case.published_at)
                   .options(selectinload(CaseEvent.case).selectinload(Case.theme_rows))
                   .order_by(CaseEvent.created_at.desc()).limit(limit))
    if since is not None:
        case_query = case_query.where(Case.published_at > since)  # a draft is no news until it is published
        event_query = event_query.where(CaseEvent.created_at > since)
    items = [_arrival(c) for c in db.session.scalars(case_query)]
    items += [NewsItem(f"event:{e.id}", e.case, e.kind, e.created_at, e.text, e.date)
              for e in db.session.scalars(event_query)]
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


def emailed_to(teacher_id: int) -> set[str]:
    """The news items already emailed to a teacher, under any of their subscriptions."""
    return set(db.session.scalars(select(Delivery.item_key).join(Subscription)
                                  .where(Subscription.teacher_id == teacher_id)))


def pending(subscription: Subscription) -> list[NewsItem]:
    """Matching news since the subscription began that its teacher hasn't been emailed yet."""
    return _pending_for([subscription])[0]


def _pending_for(subscriptions: list[Subscription]) -> tuple[list[NewsItem], dict[str, list[Subscription]]]:
    """One teacher's pending news under these subscriptions: each item once, newest first,
    and which of the subscriptions asked for it.

    An item is due once per teacher, whatever the subscriptions: overlapping ones (a theme
    and a region, "all cases" and a country) must not send the same news twice.
    """
    teacher = subscriptions[0].teacher
    sent = emailed_to(teacher.id)
    teacher_bands = taught_bands(teacher)
    wanted_by: dict[str, list[Subscription]] = {}
    items: list[NewsItem] = []
    for item in news(since=min(s.created_at for s in subscriptions)):
        if item.key in sent:
            continue
        asking = [s for s in subscriptions if item.when > s.created_at and matches(s, item.case, teacher_bands)]
        if asking:
            items.append(item)
            wanted_by[item.key] = asking
    return items, wanted_by


def is_due(subscription: Subscription, now: datetime) -> bool:
    """True when the subscription's frequency allows a digest now."""
    return subscription.last_sent_at is None or now - subscription.last_sent_at >= DUE_AFTER[subscription.frequency]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe")


def unsubscribe_token(*subscriptions: Subscription) -> str:
    """A signed token that unsubscribes exactly these subscriptions (of one teacher)."""
    # The creation time tells a subscription from a later one that gets the same id again.
    if len(subscriptions) == 1:
        [subscription] = subscriptions
        return _serializer().dumps({"s": subscription.id, "t": subscription.teacher_id,
                                    "c": subscription.created_at.isoformat()})
    return _serializer().dumps({"s": [s.id for s in subscriptions], "t": subscriptions[0].teacher_id,
                                "c": [s.created_at.isoformat() for s in subscriptions]})


def subscriptions_from_token(token: str) -> list[Subscription]:
    """The subscriptions a token names that still exist; empty for a wrong, expired or stale token."""
    try:
        data = _serializer().loads(token, max_age=TOKEN_MAX_AGE)
    except (BadSignature, SignatureExpired):
        return []
    if not isinstance(data, dict):
        return []
    ids, created = data.get("s"), data.get("c")
    if isinstance(ids, int):
        ids, created = [ids], [created]
    if not (isinstance(ids, list) and isinstance(created, list) and len(ids) == len(created)
            and all(isinstance(i, int) for i in ids)):
        return []
    found = []
    for subscription_id, created_at in zip(ids, created):
        subscription = db.session.get(Subscription, subscription_id)
        if (subscription is not None and subscription.teacher_id == data.get("t")
                and subscription.created_at.isoformat() == created_at):
            found.append(subscription)
    return found


def subscription_from_token(token: str) -> Subscription | None:
    """The one subscription a token names, or None for a wrong, expired or stale token."""
    found = subscriptions_from_token(token)
    return found[0] if len(found) == 1 else None


def quoted_topics(subscriptions: list[Subscription], style: Literal["standard", "or"] = "standard") -> str:
    """What the subscriptions follow, each in quotes, as a list in the reader's language
    ("“Honduras” and “Kenya”"; ``style="or"``: "“Honduras” or “Kenya”")."""
    return format_list([f"“{s.topics}”" for s in subscriptions], style=style, locale=i18n.page_locale())


@dataclass
class DigestReport:
    """What a digest run did."""

    sent: int = 0
    items: int = 0
    failed: int = 0  # refused or unreachable; their items stay pending for the next run
    skipped_no_smtp: bool = False


def _send_digest(subscriptions: list[Subscription], now: datetime, connection: Any, report: DigestReport) -> None:
    """Email one teacher one digest of the pending news of their due subscriptions and
    record each item as sent (all or nothing)."""
    from flask_mailman import EmailMessage

    items, wanted_by = _pending_for(subscriptions)
    if not items:
        return
    teacher = subscriptions[0].teacher
    senders = [s for s in subscriptions if any(s in asking for asking in wanted_by.values())]
    sender_ids = [s.id for s in senders]
    try:
        for item in items:
            for subscription in wanted_by[item.key]:
                db.session.add(Delivery(subscription_id=subscription.id, item_key=item.key, sent_at=now))
        for subscription in senders:
            subscription.last_sent_at = now
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # another run is sending these right now
        return
    site = current_app.config["SITE_URL"].rstrip("/")
    unsubscribe = f"{site}/network/unsubscribe/{unsubscribe_token(*senders)}"
    # Rendered without the page context processors: cron runs this outside any request. The
    # teacher's language is forced around it: messages, the date's words and lists follow it.
    with force_locale(i18n.language_of(teacher)):
        body = current_app.jinja_env.get_template("network/digest.txt").render(
            teacher=teacher, items=items, site=site, unsubscribe=unsubscribe, subscriptions=senders,
            topics=quoted_topics(senders), local=for_school(teacher.school))
        subject = ngettext("Write for Rights: %(num)d new case or update", "Write for Rights: %(num)d new cases and updates",
                           len(items))
    message = EmailMessage(subject=subject, body=body, to=[teacher.email], connection=connection,
                           headers={"List-Unsubscribe": f"<{unsubscribe}>",
                                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        # One refused address must not stop the teachers after it; nothing is marked sent.
        db.session.rollback()
        current_app.logger.warning("Digest of subscriptions %s not sent: %s", sender_ids, error)
        report.failed += 1
        return
    db.session.commit()
    report.sent += 1
    report.items += len(items)


def send_digests(now: datetime | None = None) -> DigestReport:
    """Email each teacher with due subscriptions one digest of their pending news, each item
    once (safe to run twice, e.g. from cron)."""
    now = now or utcnow()
    report = DigestReport()
    if not current_app.config.get("MAIL_SERVER"):
        report.skipped_no_smtp = True
        return report
    subs = db.session.scalars(select(Subscription).where(Subscription.email.is_(True))
                              .order_by(Subscription.teacher_id, Subscription.id)).all()
    due: dict[int, list[Subscription]] = {}
    for subscription in subs:
        if is_due(subscription, now):
            due.setdefault(subscription.teacher_id, []).append(subscription)
    # One connection for the run, closed at the end even after the server refused a message.
    connection = mailer.get_connection()
    try:
        for teacher_subscriptions in due.values():  # one digest per teacher per run
            _send_digest(teacher_subscriptions, now, connection, report)
    finally:
        connection.close()
    return report
