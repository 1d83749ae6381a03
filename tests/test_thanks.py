"""Messages of thanks: added by curators, shown on the case page, on the page of every
class that wrote for the case, and in the reflection lesson; the seed's three quotes ship
with the starter library."""
from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from classroom.cases import services as cases
from classroom.cases.models import Case, CaseThanks
from classroom.extensions import db

from .factories import approved, assign, make_case, written

REFLECTION = "reflection-after-an-update"
QUOTE = "Your letters reached me in my cell. I knew I was not forgotten."
WHO = "Ana Example, student journalist"

# Word for word from the Urgent Action Network page (kept in tests/data/seed/thanks.txt).
SEED_THANKS = {
    "UA 83.18": (("The reason we could resist the ban and move forward was the international support and solidarity "
                  "by Amnesty International activists around the world. We could not have gone further without your "
                  "support"), "ODTÜ/Student Organized Pride March in Turkey"),
    "UA 232.17": (("My case once again showed how important solidarity and attention are in protecting the freedom of "
                   "speech and human rights. I admire your noble work and boundless courage, dear activists"),
                  "Bobomurod Abdullayev, POC from Uzbekistan"),
    "UA 26.18": (("I am very grateful for all the support I received while I was in prison. Life in prison was very "
                  "difficult and I was treated badly, but the support of those who believed in me made me strong."),
                 "Munther Amira, Palestinian Human Rights Defender"),
}


def page_text(response) -> str:
    """The visible text of an HTML response, on one line."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def test_a_curator_adds_thanks_and_teachers_see_them_on_the_case_page(app, client, login, make_teacher) -> None:
    case = make_case(ua_number="UA 1.26")
    login(make_teacher(curator=True))
    response = client.post(f"/cases/{case.id}/thanks", data={"quote": QUOTE, "who": WHO, "date": "2026-12-10"})
    assert response.status_code == 302
    client.post("/auth/signout")

    login(make_teacher())
    text = page_text(client.get(f"/cases/{case.id}"))
    assert f"Messages of thanks “{QUOTE}” — {WHO}, 10 December 2026" in text
    assert client.post(f"/cases/{case.id}/thanks", data={"quote": "Not a curator", "who": "Me"}).status_code == 403
    assert [t.quote for t in db.session.scalars(select(CaseThanks))] == [QUOTE]


def test_a_message_needs_words_and_a_sender(app, client, login, make_teacher) -> None:
    case = make_case(ua_number="UA 1.26")
    login(make_teacher(curator=True))
    response = client.post(f"/cases/{case.id}/thanks", data={"quote": "  ", "who": ""})
    text = page_text(response)
    assert "Enter the message." in text and "Say who sent it." in text
    assert db.session.scalars(select(CaseThanks)).all() == []


def test_thanks_show_on_the_page_of_each_class_that_wrote(app, client, login, make_teacher, make_class,
                                                           make_student) -> None:
    teacher = make_teacher()
    wrote, waiting = make_class(teacher, name="8A"), make_class(teacher, name="8B")
    case = make_case(ua_number="UA 1.26")
    cases.add_thanks(case, QUOTE, WHO, None)
    db.session.commit()
    assignment = assign(wrote, case, kinds=("appeal",))
    student = make_student(wrote)
    written(assign(waiting, case, kinds=("appeal",)), make_student(waiting, name="Leo Brandt"),
            "A letter still with the teacher.")
    login(teacher)
    assert QUOTE not in page_text(client.get(f"/classes/{wrote.id}"))  # nothing approved yet

    approved(assignment, student, "Please release Ana Example.", teacher)
    text = page_text(client.get(f"/classes/{wrote.id}"))
    assert f"“{QUOTE}” — {WHO} (UA 1.26), thanking everyone who wrote" in text
    assert QUOTE not in page_text(client.get(f"/classes/{waiting.id}"))


def test_thanks_appear_in_the_reflection_lesson_for_students(app, client, login, make_class, make_student) -> None:
    classroom = make_class(band="middle")
    case = make_case(ua_number="UA 1.26")
    tricky = "We *won*, thanks to <b>you</b> [all](https://example.org) & more"
    cases.add_thanks(case, QUOTE, WHO, None)
    cases.add_thanks(case, tricky, "The family", None)
    db.session.commit()
    assignment = assign(classroom, case, lessons=(REFLECTION,))
    login(make_student(classroom))
    response = client.get(f"/assignments/{assignment.id}/lessons/{REFLECTION}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert f"“{QUOTE}” — {WHO}" in text
    assert f"“{tricky}” — The family" in text  # case text is shown as written, never as markup
    assert "<b>you</b>" not in html and 'href="https://example.org"' not in html
    assert "Teacher notes" not in text


def test_the_starter_library_ships_the_seed_thanks(app, runner, client, login, make_teacher) -> None:
    result = runner.invoke(args=["cases", "load"])
    assert result.exit_code == 0, result.output
    for ua_number, (quote, who) in SEED_THANKS.items():
        case = db.session.scalar(select(Case).where(Case.ua_number == ua_number, Case.owner_id.is_(None)))
        assert case is not None, ua_number
        assert case.status == "closed" and case.published
        [thanks] = case.thanks
        assert thanks.quote == quote
        name = who.split(",")[0]
        assert thanks.who.startswith(name)
        if ua_number != "UA 232.17":  # the starter file spells out "POC" as "prisoner of conscience"
            assert thanks.who == who
    login(make_teacher())
    case = db.session.scalar(select(Case).where(Case.ua_number == "UA 26.18"))
    assert SEED_THANKS["UA 26.18"][0] in page_text(client.get(f"/cases/{case.id}"))

    again = runner.invoke(args=["cases", "load"])  # loading again never doubles them
    assert again.exit_code == 0, again.output
    assert db.session.query(CaseThanks).count() == 3
