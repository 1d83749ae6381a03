"""Network journeys in a real browser: a teacher's alert feed picks up a case a curator
publishes; a teacher opens the email version of an approved letter; a print coordinator
holds back letters to a country where the post is suspended; a curator lists such a country;
a teacher unsubscribes from an email link without signing in."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from urllib.parse import unquote

from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from classroom.auth.models import User
from classroom.extensions import db
from classroom.network import alerts, mail
from classroom.network.models import MailCondition, Subscription
from classroom.printing.models import PrintBatch

from .. import factories
from ..factories import approved, assign, make_case
from .conftest import A11y, new_page, sign_in

GARIFUNA = """\
UA number: UA 123.20
Title: Indigenous human rights activists missing
Country: Honduras
Region: Americas
Date: 24 July 2020
Status: action
People at risk: Alberth Snider Centeno Tomas (he/him)
Summary: Unknown men wearing police-type clothing took four Garifuna activists from their homes. Their whereabouts remain unknown.
Recommended action
- Determine their whereabouts.
TARGETS
Name: Secretary of Security
Address: Secretaría de Seguridad
Tegucigalpa
Salutation: Dear Secretary,
Email: seguridad@example.org
Preferred language: Spanish
Themes: indigenous peoples, enforced disappearance
"""
MINISTER = {**factories.MINISTER, "name": "Señor Ministro de Relaciones Exteriores", "salutation": "Estimado Señor Ministro:",
            "email": "ministro@cancilleria.example", "language": "es"}


def test_a_teacher_hears_about_a_case_a_curator_publishes(page: Page, a11y: A11y, browser: Browser, live_server: str,
                                                          make_teacher: Callable[..., User], make_class) -> None:
    teacher = make_teacher("Ana Rivera")
    make_class(teacher, band="high")
    make_case(ua_number="UA 1.26", title="Student journalist detained", themes=["indigenous peoples"])
    make_case(ua_number="UA 2.26", title="Trade unionists on trial", themes=["labour rights"])

    sign_in(page, a11y, teacher)
    page.get_by_role("link", name="Alerts").click()
    expect(page.get_by_role("heading", name="Case alerts", level=1)).to_be_visible()
    a11y.check(page)
    page.get_by_role("group", name="Themes").get_by_label("indigenous peoples").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("Subscribed. Matching news appears in your feed.")).to_be_visible()
    feed = page.get_by_role("region", name="Your feed")
    expect(feed).to_contain_text("Student journalist detained")
    expect(feed).not_to_contain_text("Trade unionists on trial")
    expect(feed).not_to_contain_text("Indigenous human rights activists missing")
    a11y.check(page)

    curator = new_page(browser, live_server, a11y)
    sign_in(curator, a11y, make_teacher("Dr Lin Chen", curator=True))
    curator.goto("/cases/import")
    a11y.check(curator)
    curator.get_by_label("Paste the Urgent Action").fill(GARIFUNA)
    curator.get_by_role("button", name="Preview").click()
    a11y.check(curator)
    curator.get_by_role("button", name="Accept and save").click()
    expect(curator.get_by_text("was added to the library")).to_be_visible()
    a11y.check(curator)
    curator.context.close()

    page.reload()
    feed = page.get_by_role("region", name="Your feed")
    expect(feed).to_contain_text("Indigenous human rights activists missing")
    expect(feed.get_by_role("listitem").first).to_contain_text("Indigenous human rights activists missing")
    a11y.check(page)
    feed.get_by_role("link", name="Indigenous human rights activists missing").click()
    expect(page.get_by_role("heading", name="Indigenous human rights activists missing")).to_be_visible()
    a11y.check(page)


def test_a_teacher_opens_the_email_version_of_an_approved_letter(page: Page, a11y: A11y, make_school, make_teacher,
                                                                 make_class, make_student) -> None:
    school = make_school("Colegio San José", address="Calle Mayor 5\n28013 Madrid", country="Spain")
    teacher = make_teacher("Lucía Gómez", school=school)
    classroom = make_class(teacher, band="high")
    student = make_student(classroom, name="Zoë Martín")
    case = make_case(ua_number="UA 123.20", title="Defensora indígena desaparecida", country="Honduras",
                       targets=[dict(MINISTER)])
    letter = approved(assign(classroom, case, kinds=("appeal",)), student, "Please find the missing defender.", teacher)

    sign_in(page, a11y, teacher)
    page.goto(f"/review/letters/{letter.id}")
    a11y.check(page)
    page.get_by_role("link", name="Send by email").click()
    expect(page.get_by_role("heading", name="Send Zoë's letter by email")).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Señor Ministro de Relaciones Exteriores <ministro@cancilleria.example>")
    expect(facts).to_contain_text("UA 123.20: Defensora indígena desaparecida (Ana Example)")
    link = page.get_by_role("link", name="Open in my mail program")
    href = link.get_attribute("href") or ""
    assert href.startswith("mailto:ministro@cancilleria.example?subject=")
    assert "Please find the missing defender." in unquote(href)
    expect(page.get_by_role("link", name="Download as .eml")).to_be_visible()
    a11y.check(page)

    page.get_by_role("button", name="I sent it: record it").click()
    expect(page.get_by_text("Recorded as emailed on")).to_be_visible()
    a11y.check(page)


def test_a_coordinator_holds_back_letters_to_a_country_without_post(page: Page, a11y: A11y, app: Flask,
                                                                   make_teacher, make_class, make_student) -> None:
    teacher = make_teacher("Ana Rivera")
    coordinator = make_teacher("Sam Okafor", school=teacher.school, coordinator=True)
    classroom = make_class(teacher, name="10C", band="high")
    student = make_student(classroom)
    honduras = make_case(ua_number="UA 123.20", title="Activists missing", country="Honduras",
                           targets=[dict(MINISTER)])
    kenya = make_case(ua_number="UA 7.26", title="Defenders detained", country="Kenya")
    held = approved(assign(classroom, honduras, kinds=("appeal",)), student, "Please find the missing activists.",
                    teacher)
    posted = approved(assign(classroom, kenya, kinds=("appeal",)), student, "Please release the defenders.", teacher)
    mail.set_condition("Honduras", "suspended", "The post office takes no letters to Honduras.", date(2026, 11, 1), None)
    db.session.commit()

    sign_in(page, a11y, coordinator)
    page.get_by_role("link", name="Print queue").first.click()
    expect(page.get_by_role("heading", name="Post problems for some destinations")).to_be_visible()
    expect(page.get_by_text("1 letter goes to Honduras, where the post is suspended.")).to_be_visible()
    a11y.check(page)
    hold = page.get_by_label("Hold back letters to countries where post is suspended")
    expect(hold).to_be_checked()
    page.get_by_label("Name of the batch").fill("December")
    page.get_by_role("button", name="Make batch").click()
    expect(page.get_by_text("Batch “December” made with 1 letter.")).to_be_visible()
    a11y.check(page)

    page.goto("/printing/queue")
    expect(page.get_by_text("1 approved letter is waiting to be printed.")).to_be_visible()
    expect(page.get_by_text("1 letter goes to Honduras, where the post is suspended.")).to_be_visible()
    a11y.check(page)
    batch = db.session.scalars(select(PrintBatch)).one()
    assert [item.letter_id for item in batch.items] == [posted.id]
    assert held.id not in [item.letter_id for item in batch.items]


def test_a_curator_lists_a_country_without_post(page: Page, a11y: A11y, make_teacher) -> None:
    sign_in(page, a11y, make_teacher("Dr Lin Chen", curator=True))
    page.goto("/network/mail-conditions")
    a11y.check(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the country.")
    a11y.check(page)
    page.get_by_label("Country").fill("Honduras")
    page.get_by_label("Post is").select_option("Suspended")
    page.get_by_label("Since").fill("2026-11-01")
    page.get_by_label("Note for schools").fill("The post office takes no letters to Honduras.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved: post suspended to Honduras.")).to_be_visible()
    expect(page.get_by_role("row", name="Honduras")).to_contain_text("1 November 2026")
    a11y.check(page)
    assert [c.country for c in db.session.scalars(select(MailCondition))] == ["Honduras"]


def test_a_teacher_unsubscribes_from_an_email_link_without_signing_in(page: Page, a11y: A11y, make_teacher) -> None:
    teacher = make_teacher()
    subscription = Subscription(teacher_id=teacher.id, all_cases=True, email=True, frequency="weekly")
    db.session.add(subscription)
    db.session.commit()
    subscription_id = subscription.id
    page.goto(f"/network/unsubscribe/{alerts.unsubscribe_token(subscription)}")
    expect(page.get_by_role("heading", name="Stop these emails?")).to_be_visible()
    a11y.check(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    a11y.check(page)
    db.session.expire_all()
    assert db.session.get(Subscription, subscription_id) is None


def test_a_student_sees_the_victory_of_the_case_they_wrote_for(page: Page, a11y: A11y, make_teacher, make_class,
                                                               make_student) -> None:
    from classroom.cases import services as cases

    teacher = make_teacher("Ana Rivera")
    classroom = make_class(teacher, name="4A", band="elementary")
    student = make_student(classroom, name="Maya Kowalski")
    case = make_case(ua_number="UA 123.20", title="Activists missing", country="Honduras")
    letter = approved(assign(classroom, case, kinds=("appeal",)), student, "Please bring the activists home.", teacher)
    cases.add_event(case, date(2026, 12, 10), "victory", "The four activists are home with their families.", None)
    db.session.commit()

    sign_in(page, a11y, student)
    news = page.get_by_role("region", name="News of the cases you wrote for")
    expect(news).to_contain_text("Good news!")
    expect(news).to_contain_text("Activists missing")
    expect(news).to_contain_text("Letters like yours help.")
    expect(news).to_contain_text("The four activists are home with their families.")
    a11y.check(page)
    page.get_by_role("link", name=letter.label).click()
    on_letter = page.get_by_role("region", name="News of this case")
    expect(on_letter).to_contain_text("Good news!")
    expect(on_letter).to_contain_text("The four activists are home with their families.")
    a11y.check(page)
