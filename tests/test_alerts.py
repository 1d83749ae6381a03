"""Case alerts: which news matches a teacher's choices, the in-app feed, email digests
(sent once, at the chosen frequency, over a real SMTP server on loopback) and one-click
unsubscribe tokens."""
from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import date, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from classroom.cases import services as cases
from classroom.classes.services import taught_bands
from classroom.clock import utcnow
from classroom.extensions import db
from classroom.network import alerts
from classroom.network.models import Delivery, Subscription

from .clock import Clock
from .factories import case_data, make_case

SITE = "https://w4r.school.example"


# --- a real SMTP server on loopback ------------------------------------------------------

class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.port = 0
        self.raw: list[bytes] = []

    refuse: frozenset[str] = frozenset()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.received.append((list(envelope.rcpt_tos), message))
        self.raw.append(envelope.content)
        return "250 Message accepted for delivery"


class LoopbackController(Controller):
    """aiosmtpd on 127.0.0.1 on a port the OS picked (bound before start, so no race)."""

    def __init__(self, handler: Inbox) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        super().__init__(handler, hostname="127.0.0.1", port=self._socket.getsockname()[1], ready_timeout=5)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._socket)


def mail_through(inbox: Inbox, sender: str = "alerts@w4r.school.example") -> dict[str, object]:
    """App settings that send mail through the loopback server ``inbox`` from ``sender``.

    TESTING makes flask-mailman keep mail in memory unless a backend is named.
    """
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": inbox.port, "MAIL_BACKEND": "smtp", "MAIL_TIMEOUT": 5,
            "SITE_URL": SITE, "MAIL_DEFAULT_SENDER": f"Write for Rights <{sender}>"}


@pytest.fixture
def smtp() -> Iterator[Inbox]:
    """A running SMTP server; its inbox."""
    inbox = Inbox()
    controller = LoopbackController(inbox)
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture
def app_config(request: pytest.FixtureRequest) -> dict[str, object]:
    """Tests that ask for ``smtp`` get an app that mails through it; the others have no SMTP."""
    if "smtp" not in request.fixturenames:
        return {"SITE_URL": SITE}
    return mail_through(request.getfixturevalue("smtp"))


def subscribe(teacher, **choices) -> Subscription:
    """A subscription made now (news from before it is not sent by email)."""
    subscription = Subscription(teacher_id=teacher.id, **choices)
    db.session.add(subscription)
    db.session.commit()
    return subscription


def choices(**chosen) -> Subscription:
    """An unsaved subscription with these choices (the rest empty), for matching rules."""
    values = {"teacher_id": 1, "all_cases": False, "themes": [], "regions": [], "countries": [], "bands": []}
    return Subscription(**{**values, **chosen})


def body_of(message: EmailMessage) -> str:
    """The plain-text body."""
    part = message.get_body(("plain",))
    assert part is not None
    return part.get_content()


# --- matching ----------------------------------------------------------------------------

def test_theme_choice_matches_cases_with_that_theme_in_any_letter_case(app) -> None:
    subscription = choices(themes=["Freedom of Expression"])
    press = make_case(ua_number="UA 10.26", themes=["freedom of expression", "journalists"])
    other = make_case(ua_number="UA 11.26", themes=["death penalty"])
    assert alerts.matches(subscription, press, {"middle"})
    assert not alerts.matches(subscription, other, {"middle"})


def test_region_and_country_choices(app) -> None:
    honduras = make_case(ua_number="UA 12.26", country="Honduras", region="Americas", themes=["indigenous peoples"])
    china = make_case(ua_number="UA 13.26", country="China", region="Asia and the Pacific", themes=["fair trial"])
    by_region = choices(regions=["Americas"])
    by_country = choices(countries=["china"])
    assert alerts.matches(by_region, honduras, {"high"}) and not alerts.matches(by_region, china, {"high"})
    assert alerts.matches(by_country, china, {"high"}) and not alerts.matches(by_country, honduras, {"high"})


def test_all_cases_matches_every_public_case(app) -> None:
    subscription = choices(all_cases=True)
    for n, region in enumerate(("Africa", "Americas", "Europe and Central Asia")):
        case = make_case(ua_number=f"UA {20 + n}.26", region=region, themes=[])
        assert alerts.matches(subscription, case, {"middle"})


def test_bands_default_to_the_bands_of_the_teachers_classes(app, make_teacher, make_class) -> None:
    teacher = make_teacher()
    make_class(teacher, name="4A", band="elementary")
    subscription = subscribe(teacher, all_cases=True)
    for_all = make_case(ua_number="UA 30.26", min_band="elementary")
    older_only = make_case(ua_number="UA 31.26", min_band="high")
    assert taught_bands(teacher) == {"elementary"}
    assert alerts.matches(subscription, for_all, taught_bands(teacher))
    assert not alerts.matches(subscription, older_only, taught_bands(teacher))

    older = make_class(teacher, name="10C", band="high")
    assert alerts.matches(subscription, older_only, taught_bands(teacher))

    older.archived_at = utcnow()  # an archived class no longer counts
    db.session.commit()
    assert not alerts.matches(subscription, older_only, taught_bands(teacher))


def test_chosen_bands_narrow_the_news_and_never_go_beyond_the_class_bands(app, make_teacher, make_class) -> None:
    teacher = make_teacher()
    make_class(teacher, name="4A", band="elementary")
    make_class(teacher, name="8B", band="middle")
    for_middle = make_case(ua_number="UA 32.26", min_band="middle")
    for_adults = make_case(ua_number="UA 33.26", min_band="adult")
    teacher_bands = taught_bands(teacher)

    youngest_only = choices(teacher_id=teacher.id, all_cases=True, bands=["elementary"])
    assert not alerts.matches(youngest_only, for_middle, teacher_bands)
    # Digests hold only cases that suit one of the teacher's classes, whatever bands were ticked.
    adults = choices(teacher_id=teacher.id, all_cases=True, bands=["adult"])
    assert not alerts.matches(adults, for_adults, teacher_bands)


def test_a_teacher_without_classes_hears_about_every_band(app, make_teacher) -> None:
    teacher = make_teacher()
    subscription = subscribe(teacher, all_cases=True)
    assert alerts.matches(subscription, make_case(ua_number="UA 34.26", min_band="adult"), taught_bands(teacher))


def test_private_and_unpublished_cases_never_match(app, make_teacher, make_class) -> None:
    teacher = make_teacher()
    make_class(teacher, band="adult")
    subscription = subscribe(teacher, all_cases=True, email=True, frequency="immediately")
    private = cases.create_case(case_data(ua_number="UA 40.26", title="My own import"),
                                created_by=teacher, owner=teacher)
    hidden = make_case(ua_number="UA 41.26", title="A draft the curators hold back")
    hidden.published = False
    db.session.commit()
    cases.add_event(hidden, date(2026, 11, 2), "update", "News of the draft", None)
    cases.add_event(private, date(2026, 11, 2), "update", "News of the import", None)
    db.session.commit()
    for case in (private, hidden):
        assert not alerts.matches(subscription, case, {"adult"})
    assert alerts.feed(teacher) == []
    assert alerts.pending(subscription) == []


# --- the feed and the subscription page --------------------------------------------------

def test_feed_shows_matching_new_cases_and_updates_newest_first(app, client, login, make_teacher, make_class) -> None:
    teacher = make_teacher()
    make_class(teacher, band="middle")
    subscribe(teacher, themes=["indigenous peoples"])
    missing = make_case(ua_number="UA 50.26", title="Garifuna activists missing", themes=["indigenous peoples"])
    make_case(ua_number="UA 51.26", title="Unrelated case about trade unions", themes=["labour rights"])
    update = cases.add_event(missing, date(2026, 11, 3), "update", "A search operation has begun.", None)
    update.created_at = missing.created_at + timedelta(days=2)  # news that came later
    db.session.commit()

    login(teacher)
    page = client.get("/network/alerts").get_data(as_text=True)
    feed = page.split('id="feed-heading"')[1].split("</section>")[0]
    assert "Garifuna activists missing" in feed
    assert "A search operation has begun." in feed
    assert "Unrelated case about trade unions" not in feed
    assert feed.index("A search operation has begun.") < feed.index("Ana Example, a student journalist")  # newest first


def test_a_case_that_arrives_with_its_history_is_one_item_its_latest_news(app, make_teacher, make_class,
                                                                         clock: Clock) -> None:
    teacher = make_teacher()
    make_class(teacher, band="middle")
    subscribe(teacher, all_cases=True)
    clock.advance(minutes=5)
    freed = make_case(ua_number="UA 52.26", title="Student journalist freed", status="victory", timeline=[
        {"date": date(2026, 10, 2), "kind": "update", "text": "Ana Example was moved to another prison."},
        {"date": date(2026, 11, 9), "kind": "victory", "text": "Ana Example was released on 9 November."}])

    assert [(item.kind, item.text) for item in alerts.feed(teacher)] == \
        [("victory", "Ana Example was released on 9 November.")]

    clock.advance(days=30)
    cases.add_event(freed, date(2026, 12, 1), "update", "Ana Example thanked everyone who wrote.", None)
    db.session.commit()
    assert [item.kind for item in alerts.feed(teacher)] == ["update", "victory"]


def test_an_update_added_a_minute_after_publishing_keeps_the_new_case(app, make_teacher, clock: Clock) -> None:
    teacher = make_teacher()
    subscribe(teacher, all_cases=True)
    clock.advance(minutes=5)
    case = make_case(ua_number="UA 53.26", title="Student journalist detained")
    clock.advance(seconds=20)
    cases.add_event(case, date(2026, 12, 4), "update", "Ana Example was moved to another prison.", None)
    db.session.commit()
    assert [(item.kind, item.case.id) for item in alerts.feed(teacher)] == [("update", case.id), ("new", case.id)]
    assert [item.kind for item in alerts.pending(alerts.subscriptions_of(teacher)[0])] == ["update", "new"]


def test_a_draft_given_updates_before_publishing_is_one_item(app, make_teacher, clock: Clock) -> None:
    teacher = make_teacher()
    subscribe(teacher, all_cases=True)
    draft = cases.create_case(case_data(ua_number="UA 54.26"), created_by=None, published=False)
    clock.advance(hours=3)
    cases.add_event(draft, date(2026, 12, 4), "update", "Ana Example was moved to another prison.", None)
    clock.advance(hours=3)
    cases.set_published(draft, True)
    db.session.commit()
    assert [(item.kind, item.when) for item in alerts.feed(teacher)] == [("update", draft.published_at)]


def test_a_case_published_already_closed_is_not_called_new(app, make_teacher) -> None:
    teacher = make_teacher()
    subscribe(teacher, all_cases=True)
    make_case(ua_number="UA 83.18", title="Pride March organizers thank supporters", status="closed",
                issue_date=date(2018, 1, 1), deadline=None)
    make_case(ua_number="UA 55.26", title="Trade unionist detained")
    assert sorted((item.case.ua_number, item.kind) for item in alerts.feed(teacher)) == \
        [("UA 55.26", "new"), ("UA 83.18", "closed")]


def test_subscribing_on_the_page(app, client, login, make_teacher, make_class) -> None:
    teacher = make_teacher()
    make_class(teacher, band="high")
    make_case(ua_number="UA 52.26", themes=["freedom of expression"])
    login(teacher)
    nothing = client.post("/network/alerts", data={"frequency": "weekly"})
    assert nothing.status_code == 400
    assert "at least one theme, region or country" in nothing.get_data(as_text=True)
    assert alerts.subscriptions_of(teacher) == []

    done = client.post("/network/alerts", data={"themes": ["freedom of expression"], "regions": ["Africa"],
                                                "email": "y", "frequency": "daily"}, follow_redirects=True)
    assert done.status_code == 200 and "Subscribed" in done.get_data(as_text=True)
    [subscription] = alerts.subscriptions_of(teacher)
    assert (subscription.themes, subscription.regions, subscription.bands) == (["freedom of expression"], ["Africa"], [])
    assert subscription.email and subscription.frequency == "daily"
    assert "High school" in done.get_data(as_text=True)  # the default bands shown are the class's


def test_a_teacher_removes_only_their_own_subscriptions(app, client, login, make_teacher) -> None:
    teacher, colleague = make_teacher(), make_teacher()
    mine, theirs = subscribe(teacher, all_cases=True), subscribe(colleague, all_cases=True)
    login(teacher)
    assert client.post(f"/network/alerts/{theirs.id}/delete").status_code in (403, 404)
    assert client.post(f"/network/alerts/{mine.id}/delete").status_code == 302
    assert alerts.subscriptions_of(teacher) == [] and len(alerts.subscriptions_of(colleague)) == 1


# --- digests over SMTP ------------------------------------------------------------------

def test_digest_arrives_with_items_and_an_unsubscribe_link_that_works(app, client, smtp, make_teacher, make_class) -> None:
    teacher = make_teacher(name="Ana Rivera", email="ana@school.example")
    make_class(teacher, band="middle")
    subscription = subscribe(teacher, themes=["freedom of expression"], email=True, frequency="immediately")
    keep = subscribe(teacher, countries=["Honduras"], email=False)
    first = make_case(ua_number="UA 60.26", title="Student journalist detained")
    second = make_case(ua_number="UA 61.26", title="Blogger sentenced", country="Iran",
                         region="Middle East and North Africa")
    make_case(ua_number="UA 62.26", title="Not for this teacher", themes=["housing"])

    report = alerts.send_digests()
    assert (report.sent, report.items) == (1, 2)
    [(recipients, message)] = smtp.received
    assert recipients == ["ana@school.example"]
    assert message["To"] == "ana@school.example"
    assert message["Subject"] == "Write for Rights: 2 new cases and updates"
    text = body_of(message)
    assert "Hello Ana Rivera" in text
    for case in (first, second):
        assert f"{case.title} ({case.ua_number}, {case.country})" in text
        assert f"{SITE}/cases/{case.id}" in text
    assert "Not for this teacher" not in text

    header = str(message["List-Unsubscribe"]).strip()  # a long header may be folded onto its own line
    assert header.startswith(f"<{SITE}/network/unsubscribe/") and header.endswith(">")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header[1:-1]
    assert f"Stop this subscription: {url}" in text

    # The teacher follows the link (not signed in): one button, and only this subscription stops.
    path = urlsplit(url).path
    confirm = client.get(path)
    assert confirm.status_code == 200 and "Stop these emails?" in confirm.get_data(as_text=True)
    assert "about new cases and updates for “freedom of expression”" in confirm.get_data(as_text=True)
    assert db.session.get(Subscription, subscription.id) is not None  # link scanners that GET it change nothing
    assert f'action="{path}"' in confirm.get_data(as_text=True)
    done = client.post(path)
    assert done.status_code == 200 and "You are unsubscribed" in done.get_data(as_text=True)
    assert "You won't get emails about “freedom of expression” any more." in done.get_data(as_text=True)
    assert [s.id for s in alerts.subscriptions_of(teacher)] == [keep.id]


def test_mail_programs_can_unsubscribe_in_one_post(app, client, smtp, make_teacher) -> None:
    teacher = make_teacher()
    subscription_id = subscribe(teacher, all_cases=True, email=True, frequency="immediately").id
    make_case(ua_number="UA 63.26")
    alerts.send_digests()
    [(_, message)] = smtp.received
    path = urlsplit(str(message["List-Unsubscribe"]).strip()[1:-1]).path
    # RFC 8058: the mail program posts this body, without cookies or CSRF token.
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert db.session.get(Subscription, subscription_id) is None


def test_running_the_digest_twice_sends_nothing_twice_and_later_only_the_new_item(app, smtp, make_teacher, make_class,
                                                                                 clock: Clock) -> None:
    clock.set("2026-11-09 08:00")
    teacher = make_teacher()
    make_class(teacher, band="middle")
    subscription = subscribe(teacher, all_cases=True, email=True, frequency="immediately")
    case = make_case(ua_number="UA 64.26", title="Student journalist detained")
    now = clock.advance(minutes=1)

    assert alerts.send_digests(now).sent == 1
    assert alerts.send_digests(now).sent == 0
    assert alerts.send_digests(now + timedelta(hours=1)).sent == 0
    assert len(smtp.received) == 1

    cases.add_event(case, date(2026, 11, 10), "victory", "Ana Example was released on 9 November.", None)
    db.session.commit()
    report = alerts.send_digests(now + timedelta(hours=2))
    assert (report.sent, report.items) == (1, 1)
    latest = body_of(smtp.received[-1][1])
    assert "Victory: Student journalist detained" in latest and "released on 9 November" in latest
    assert "New case" not in latest
    assert smtp.received[-1][1]["Subject"] == "Write for Rights: 1 new case or update"
    assert db.session.query(Delivery).filter_by(subscription_id=subscription.id).count() == 2


def test_the_cli_command_twice_sends_one_email(app, runner, smtp, make_teacher) -> None:
    teacher = make_teacher()
    subscribe(teacher, all_cases=True, email=True, frequency="daily")
    make_case(ua_number="UA 65.26")
    first = runner.invoke(args=["network", "send-digests"])
    assert first.exit_code == 0, first.output
    assert "Sent 1 digests with 1 items." in first.output
    second = runner.invoke(args=["network", "send-digests"])
    assert second.exit_code == 0, second.output
    assert "Sent 0 digests" in second.output
    assert len(smtp.received) == 1


def test_daily_and_weekly_frequencies(app, smtp, make_teacher, clock: Clock) -> None:
    clock.set("2026-10-31 07:00")
    daily = subscribe(make_teacher(email="daily@school.example"), all_cases=True, email=True, frequency="daily")
    weekly = subscribe(make_teacher(email="weekly@school.example"), all_cases=True, email=True, frequency="weekly")
    case = make_case(ua_number="UA 66.26")
    start = utcnow()
    assert alerts.send_digests(start).sent == 2

    def recipients_after(hours: float) -> list[str]:
        before = len(smtp.received)
        event = cases.add_event(case, date(2026, 11, 1), "update", f"News after {hours} hours", None)
        event.created_at = start + timedelta(hours=hours, minutes=-5)
        db.session.commit()
        alerts.send_digests(start + timedelta(hours=hours))
        return sorted(r for rcpts, _ in smtp.received[before:] for r in rcpts)

    assert recipients_after(5) == []
    assert recipients_after(25) == ["daily@school.example"]
    assert recipients_after(30) == []
    assert recipients_after(24 * 7 + 1) == ["daily@school.example", "weekly@school.example"]
    last_weekly = next(m for rcpts, m in reversed(smtp.received) if rcpts == ["weekly@school.example"])
    text = body_of(last_weekly)
    # The weekly digest gathers every update of the week, each once.
    for hours in (5, 25, 30, 24 * 7 + 1):
        assert text.count(f"News after {hours} hours") == 1
    assert db.session.get(Subscription, daily.id).last_sent_at == start + timedelta(hours=24 * 7 + 1)
    assert db.session.get(Subscription, weekly.id).last_sent_at == start + timedelta(hours=24 * 7 + 1)


def test_digest_holds_only_matching_cases_that_suit_a_class_band(app, smtp, make_teacher, make_class) -> None:
    teacher = make_teacher()
    make_class(teacher, band="elementary")
    subscribe(teacher, regions=["Americas"], bands=["adult"], email=True, frequency="immediately")
    subscribe(teacher, themes=["indigenous peoples"], email=True, frequency="immediately")
    make_case(ua_number="UA 70.26", title="Shelters keep their funding", region="Americas", country="Mexico",
                min_band="elementary")
    make_case(ua_number="UA 71.26", title="Death sentence upheld", region="Americas", country="USA",
                min_band="adult")
    make_case(ua_number="UA 72.26", title="Elsewhere", region="Africa", country="Kenya", themes=["housing"])
    alerts.send_digests()
    texts = [body_of(m) for _, m in smtp.received]
    assert len(texts) == 1
    assert "Shelters keep their funding" in texts[0]
    assert "Death sentence upheld" not in texts[0] and "Elsewhere" not in texts[0]


def test_a_case_drafted_before_the_subscription_and_published_after_it_is_emailed(app, client, login, smtp,
                                                                                 make_teacher, clock: Clock) -> None:
    clock.set("2026-11-09 08:00")
    curator = make_teacher("Dr Lin Chen", curator=True)
    draft = cases.create_case(case_data(ua_number="UA 73.26", title="Drafted on Monday"), created_by=curator,
                              published=False)
    db.session.commit()
    clock.set("2026-11-10 08:00")
    subscribe(make_teacher(email="new@school.example"), all_cases=True, email=True, frequency="immediately")
    clock.set("2026-11-11 08:00")
    login(curator)
    assert client.post(f"/cases/{draft.id}/publish").status_code == 302

    alerts.send_digests(clock.advance(minutes=1))
    [(recipients, message)] = smtp.received
    assert recipients == ["new@school.example"] and "Drafted on Monday" in body_of(message)
    db.session.refresh(draft)
    assert draft.published_at is not None and draft.published_at.date() == date(2026, 11, 11)

    # Back to draft for a fix and published again: the same news, not sent twice.
    client.post(f"/cases/{draft.id}/publish")
    client.post(f"/cases/{draft.id}/publish")
    assert alerts.send_digests(clock.advance(hours=1)).sent == 0


def test_overlapping_subscriptions_send_one_digest_with_each_item_once(app, client, smtp, make_teacher, make_class,
                                                                       clock: Clock) -> None:
    clock.set("2026-11-09 08:00")
    teacher = make_teacher(email="ana@school.example")
    make_class(teacher, band="middle")
    by_theme = subscribe(teacher, themes=["freedom of expression"], email=True, frequency="immediately")
    by_region = subscribe(teacher, regions=["Europe and Central Asia"], email=True, frequency="immediately")
    everything = subscribe(teacher, all_cases=True, email=True, frequency="weekly", last_sent_at=utcnow())  # not due
    by_country = subscribe(teacher, countries=["Examplestan"], email=True, frequency="immediately")
    colleague = make_teacher(email="ben@school.example")
    subscribe(colleague, all_cases=True, email=True, frequency="immediately")
    subscribe(colleague, countries=["Examplestan"], email=True, frequency="daily")
    clock.advance(minutes=5)
    case = make_case(ua_number="UA 75.26", title="Student journalist detained")
    clock.advance(hours=2)
    # A later item of the same case in the same run: both go, neither takes the other's place.
    cases.add_event(case, date(2026, 11, 9), "update", "Ana Example was moved to another prison.", None)
    db.session.commit()

    report = alerts.send_digests(clock.advance(minutes=1))
    assert (report.sent, report.items) == (2, 4)
    by_recipient = {tuple(r): m for r, m in smtp.received}
    assert set(by_recipient) == {("ana@school.example",), ("ben@school.example",)}
    for message in by_recipient.values():
        text = body_of(message)
        assert text.count("New case: Student journalist detained") == 1
        assert text.count("Update: Student journalist detained") == 1
        assert message["Subject"] == "Write for Rights: 2 new cases and updates"

    # The weekly subscription comes due later: what the teacher already has is not sent again.
    assert alerts.send_digests(clock.advance(days=8)).sent == 0
    assert len(smtp.received) == 2

    # One click in the gathered digest stops the subscriptions it was sent for, and only those.
    text = body_of(by_recipient[("ana@school.example",)])
    assert "Stop these alerts: " in text
    path = urlsplit(str(by_recipient[("ana@school.example",)]["List-Unsubscribe"]).strip()[1:-1]).path
    stopped = {by_theme.id, by_region.id, by_country.id}
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert [s.id for s in alerts.subscriptions_of(teacher)] == [everything.id]
    assert all(db.session.get(Subscription, i) is None for i in stopped)
    assert len(alerts.subscriptions_of(colleague)) == 2


def test_a_refused_address_does_not_stop_the_others_and_is_tried_again(app, smtp, make_teacher) -> None:
    bouncing = subscribe(make_teacher(email="gone@school.example"), all_cases=True, email=True, frequency="immediately")
    subscribe(make_teacher(email="here@school.example"), all_cases=True, email=True, frequency="immediately")
    make_case(ua_number="UA 75.26")
    smtp.refuse = frozenset({"gone@school.example"})
    report = alerts.send_digests()
    assert (report.sent, report.failed) == (1, 1)
    assert [rcpts for rcpts, _ in smtp.received] == [["here@school.example"]]
    assert db.session.get(Subscription, bouncing.id).last_sent_at is None

    smtp.refuse = frozenset()  # the mailbox works again: the missed digest goes out, once
    assert alerts.send_digests().sent == 1
    assert alerts.send_digests().sent == 0
    assert [rcpts for rcpts, _ in smtp.received] == [["here@school.example"], ["gone@school.example"]]


def test_in_app_subscriptions_get_no_email(app, smtp, make_teacher) -> None:
    subscribe(make_teacher(), all_cases=True, email=False)
    make_case(ua_number="UA 73.26")
    assert alerts.send_digests().sent == 0
    assert smtp.received == []


def test_without_smtp_the_digest_shows_in_the_app_and_nothing_fails(app, client, runner, login, make_teacher) -> None:
    assert not app.config["MAIL_SERVER"]
    teacher = make_teacher()
    subscription = subscribe(teacher, all_cases=True, email=True, frequency="immediately")
    case = make_case(ua_number="UA 74.26", title="Student journalist detained")
    report = alerts.send_digests()
    assert report.skipped_no_smtp and report.sent == 0
    result = runner.invoke(args=["network", "send-digests"])
    assert result.exit_code == 0 and "No SMTP server is configured" in result.output
    assert db.session.query(Delivery).count() == 0
    assert [item.case.id for item in alerts.pending(db.session.get(Subscription, subscription.id))] == [case.id]

    login(teacher)
    page = client.get("/network/alerts")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "no email server" in html
    assert "Student journalist detained" in html.split('id="feed-heading"')[1]


# --- unsubscribe tokens -----------------------------------------------------------------

def test_wrong_and_tampered_tokens_are_refused(app, client, make_teacher) -> None:
    subscription = subscribe(make_teacher(), all_cases=True, email=True)
    token = alerts.unsubscribe_token(subscription)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    other_salt = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="something-else").dumps(
        {"s": subscription.id, "t": subscription.teacher_id})
    other_key = URLSafeTimedSerializer("another-key", salt="unsubscribe").dumps(
        {"s": subscription.id, "t": subscription.teacher_id})
    for bad in ("not-a-token", tampered, other_salt, other_key):
        assert alerts.subscription_from_token(bad) is None
        for method in (client.get, client.post):
            response = method(f"/network/unsubscribe/{bad}")
            assert response.status_code == 404
            assert "This link doesn't work" in response.get_data(as_text=True)
    assert db.session.get(Subscription, subscription.id) is not None


def test_an_expired_token_is_refused(app, client, make_teacher, monkeypatch: pytest.MonkeyPatch) -> None:
    subscription = subscribe(make_teacher(), all_cases=True, email=True)
    issued = int(utcnow().timestamp()) - alerts.TOKEN_MAX_AGE - 60
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: issued)
        old = alerts.unsubscribe_token(subscription)
    assert alerts.subscription_from_token(old) is None
    assert client.post(f"/network/unsubscribe/{old}").status_code == 404
    assert db.session.get(Subscription, subscription.id) is not None
    fresh = alerts.unsubscribe_token(subscription)
    assert alerts.subscription_from_token(fresh).id == subscription.id


def test_a_token_removes_its_own_subscription_and_no_other(app, client, make_teacher) -> None:
    teacher, colleague = make_teacher(), make_teacher()
    first = subscribe(teacher, themes=["freedom of expression"], email=True)
    second = subscribe(teacher, regions=["Africa"], email=True)
    theirs = subscribe(colleague, all_cases=True, email=True)
    ids = {"first": first.id, "second": second.id, "theirs": theirs.id}
    token = alerts.unsubscribe_token(first)
    assert client.post(f"/network/unsubscribe/{token}").status_code == 200
    assert {s.id for s in db.session.query(Subscription)} == {ids["second"], ids["theirs"]}
    # Used again (or by anyone else), the token names a subscription that is gone: refused.
    assert client.post(f"/network/unsubscribe/{token}").status_code == 404
    assert {s.id for s in db.session.query(Subscription)} == {ids["second"], ids["theirs"]}


def test_an_old_token_never_removes_a_newer_subscription(app, client, make_teacher) -> None:
    teacher = make_teacher()
    old = subscribe(teacher, all_cases=True, email=True)
    old_id, token = old.id, alerts.unsubscribe_token(old)
    db.session.delete(old)
    db.session.commit()
    newer = subscribe(teacher, themes=["housing"], email=True)  # the database may reuse the id
    assert client.post(f"/network/unsubscribe/{token}").status_code == 404
    assert db.session.get(Subscription, newer.id) is not None
    assert old_id == newer.id or newer.id > old_id

