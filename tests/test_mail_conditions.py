"""Mail conditions: curators list countries where the post is suspended or unreliable;
assignment, review, print queue and export cover sheet warn and suggest email; the print
queue can hold those letters back from a batch."""
from __future__ import annotations

import io
import re
from datetime import date
from html import unescape

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from classroom.extensions import db
from classroom.letters.models import Letter
from classroom.network import mail
from classroom.network.models import MailCondition
from classroom.printing.models import PrintBatch

from .factories import MINISTER, approved, assign, make_case, written

EMAILABLE = {**MINISTER, "name": "Secretary of Security", "email": "seguridad@example.org"}
POST_ONLY = {**MINISTER, "name": "Attorney General", "email": None}


def page_text(response) -> str:
    """The visible text of an HTML response, on one line."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, on one line."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def condition(country: str, status: str = "suspended", note: str = "") -> MailCondition:
    """A condition as a curator would save it."""
    found = mail.set_condition(country, status, note, date(2026, 11, 1), None)
    db.session.commit()
    return found


@pytest.fixture
def honduras_class(make_teacher, make_class, make_student):
    """A class with an approved appeal to Honduras (an official with email) and one to Kenya."""
    teacher = make_teacher()
    classroom = make_class(teacher, band="high")
    student = make_student(classroom, name="Maya Kowalski")
    honduras = make_case(ua_number="UA 123.20", country="Honduras", region="Americas", targets=[dict(EMAILABLE)])
    kenya = make_case(ua_number="UA 7.26", country="Kenya", region="Africa", targets=[dict(POST_ONLY)])
    to_honduras = assign(classroom, honduras, kinds=("appeal", "social"))
    to_kenya = assign(classroom, kenya, kinds=("appeal",))
    return {"teacher": teacher, "classroom": classroom, "student": student, "honduras": honduras,
            "to_honduras": to_honduras, "to_kenya": to_kenya,
            "letter": approved(to_honduras, student, "Please find the missing activists.", teacher),
            "kenya_letter": approved(to_kenya, student, "Please release the defenders.", teacher)}


# --- the curators' list ----------------------------------------------------------------

def test_curator_adds_a_condition_and_teachers_are_warned(app, client, login, make_teacher, honduras_class) -> None:
    world = honduras_class
    login(make_teacher(curator=True))
    response = client.post("/network/mail-conditions", data={
        "country": "Honduras", "status": "suspended", "since": "2026-11-01",
        "note": "The post office has stopped taking letters to Honduras."}, follow_redirects=True)
    assert response.status_code == 200
    listed = page_text(response)
    assert "Saved: post suspended to Honduras." in listed
    assert "Honduras Post suspended 1 November 2026 The post office has stopped taking letters to Honduras." in listed
    client.post("/auth/signout")

    login(world["teacher"])
    expected = ("Post suspended to Honduras (since 1 November 2026). The post office has stopped taking letters to "
                "Honduras. You can send approved appeals by email instead: Secretary of Security can be emailed.")
    pages = {
        "new assignment": f"/assignments/new?case_id={world['honduras'].id}&class_id={world['classroom'].id}",
        "assignment": f"/assignments/{world['to_honduras'].id}",
        "review": f"/review/letters/{world['letter'].id}",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert expected in page_text(response), name
    for url in (f"/assignments/{world['to_kenya'].id}", f"/review/letters/{world['kenya_letter'].id}"):
        assert "Post suspended" not in page_text(client.get(url))


def test_the_warning_says_when_no_official_can_be_emailed(app, make_teacher, honduras_class) -> None:
    condition("kenya", "unreliable")  # typed in lower case: still found
    warning = mail.case_warning(honduras_class["to_kenya"].case)
    assert warning is not None
    assert warning.startswith("Post unreliable to kenya (since 1 November 2026).")
    assert "None of this case's officials has an email address" in warning
    assert mail.case_warning(honduras_class["honduras"]) is None


def test_saving_a_country_again_changes_it_and_removing_it_ends_the_warnings(app, client, login, make_teacher,
                                                                             honduras_class) -> None:
    login(make_teacher(curator=True))
    client.post("/network/mail-conditions", data={"country": "Honduras", "status": "suspended", "since": "2026-11-01"})
    client.post("/network/mail-conditions", data={"country": " honduras ", "status": "unreliable",
                                                  "since": "2026-12-01", "note": "Letters arrive late."})
    [saved] = db.session.scalars(select(MailCondition)).all()
    assert (saved.country, saved.status, saved.since, saved.note) == ("Honduras", "unreliable", date(2026, 12, 1),
                                                                      "Letters arrive late.")
    assert mail.case_warning(honduras_class["honduras"]).startswith("Post unreliable to Honduras (since 1 December 2026).")

    assert client.post(f"/network/mail-conditions/{saved.id}/delete").status_code == 302
    assert db.session.scalars(select(MailCondition)).all() == []
    assert mail.case_warning(honduras_class["honduras"]) is None
    assert "No countries listed." in page_text(client.get("/network/mail-conditions"))


def test_mistakes_in_the_form_are_shown(app, client, login, make_teacher) -> None:
    login(make_teacher(curator=True))
    response = client.post("/network/mail-conditions", data={"country": "", "status": "suspended", "since": "next week"})
    assert response.status_code == 400
    text = page_text(response)
    assert "Enter the country." in text
    assert "Not a valid date value." in text or "Enter the date (YYYY-MM-DD)." in text
    assert db.session.scalars(select(MailCondition)).all() == []


def test_a_misspelt_country_is_refused_with_the_closest_names_and_a_known_one_takes_the_cases_spelling(
        app, client, login, make_teacher, honduras_class) -> None:
    login(make_teacher(curator=True))
    response = client.post("/network/mail-conditions", data={"country": "Hondoras", "status": "suspended",
                                                             "since": "2026-11-01"})
    assert response.status_code == 400
    assert "No country called “Hondoras” is known. Did you mean Honduras?" in page_text(response)
    assert db.session.scalars(select(MailCondition)).all() == []
    # The form offers the known names as suggestions.
    assert '<option value="Honduras">' in response.get_data(as_text=True)

    # A country no case names yet is still a country (Babel's English names), written as usual.
    client.post("/network/mail-conditions", data={"country": "  new   zealand ", "status": "unreliable",
                                                  "since": "2026-11-01"})
    client.post("/network/mail-conditions", data={"country": "HONDURAS", "status": "suspended", "since": "2026-11-01"})
    assert sorted(c.country for c in db.session.scalars(select(MailCondition))) == ["Honduras", "New Zealand"]


def test_only_curators_keep_the_list(app, client, login, make_teacher) -> None:
    saved = condition("Honduras")
    login(make_teacher(coordinator=True))
    assert client.get("/network/mail-conditions").status_code == 403
    assert client.post("/network/mail-conditions", data={"country": "Chile", "status": "suspended",
                                                         "since": "2026-11-01"}).status_code == 403
    assert client.post(f"/network/mail-conditions/{saved.id}/delete").status_code == 403
    assert [c.country for c in db.session.scalars(select(MailCondition))] == ["Honduras"]


def test_the_starter_list_loads_from_its_data_file_and_again_without_duplicates(app, runner, monkeypatch) -> None:
    first = runner.invoke(args=["network", "load-mail-conditions"])
    assert first.exit_code == 0, first.output
    assert "mail conditions in the starter list" in first.output

    listed = {"countries": [
        {"country": "Honduras", "status": "suspended", "since": date(2026, 11, 1), "note": "No post.",
         "source": "Honduras Post notice, 1 November 2026"},
        {"country": "Kenya", "status": "unreliable", "since": date(2026, 10, 1), "source": "Posta Kenya notice"},
    ]}
    monkeypatch.setattr(mail, "yaml_file", lambda name: listed if name == "mail_conditions.yaml" else None)
    for _ in range(2):
        result = runner.invoke(args=["network", "load-mail-conditions"])
        assert result.exit_code == 0, result.output
        assert "2 mail conditions in the starter list." in result.output
    saved = {c.country: (c.status, c.since, c.note) for c in db.session.scalars(select(MailCondition))
             if c.country in ("Honduras", "Kenya")}
    assert saved == {"Honduras": ("suspended", date(2026, 11, 1), "No post. Source: Honduras Post notice, 1 November 2026"),
                     "Kenya": ("unreliable", date(2026, 10, 1), "Source: Posta Kenya notice")}


def test_the_shipped_list_names_real_notices_with_their_dates(app, runner) -> None:
    result = runner.invoke(args=["network", "load-mail-conditions"])
    assert result.exit_code == 0, result.output
    saved = list(db.session.scalars(select(MailCondition)))
    assert len(saved) >= 25 and f"{len(saved)} mail conditions in the starter list." in result.output
    for found in saved:
        assert "Source: " in found.note and ("US Postal Service" in found.note or "Canada Post" in found.note)
        assert date(2022, 1, 1) <= found.since <= date(2026, 12, 4)
    # A condition matches a case however each spells the country (the library writes "Russian Federation").
    assert mail.for_country("Russia") is mail.for_country("Russian Federation") is not None
    assert mail.for_country("Iran").status == "suspended" and mail.for_country("Ukraine").status == "unreliable"


BAD_ENTRIES = [
    ({"country": "Atlantis", "status": "suspended", "since": "2026-11-01", "source": "A notice"}, "country",
     "No country called “Atlantis” is known."),
    ({"country": "Honduras", "status": "closed", "since": "2026-11-01", "source": "A notice"}, "status",
     "The post is either suspended or unreliable"),
    ({"country": "Honduras", "status": "suspended", "since": "last week", "source": "A notice"}, "since",
     "Enter the date (YYYY-MM-DD)."),
]


@pytest.mark.parametrize(("entry", "field", "message"), BAD_ENTRIES, ids=["country", "status", "since"])
def test_the_file_and_the_form_refuse_the_same_entries_with_the_same_words(
        app, client, login, make_teacher, runner, monkeypatch, entry, field, message) -> None:
    good = {"country": "Kenya", "status": "unreliable", "since": "2026-10-01", "source": "Posta Kenya notice"}
    monkeypatch.setattr(mail, "yaml_file", lambda name: {"countries": [good, entry]})
    result = runner.invoke(args=["network", "load-mail-conditions"])
    assert result.exit_code != 0
    assert "nothing changed" in result.output and f"Entry 2 ({entry['country']}): {field}: {message}" in result.output
    assert db.session.scalars(select(MailCondition)).all() == []  # not even the good entry

    login(make_teacher(curator=True))
    form = {k: v for k, v in entry.items() if k != "source"}
    if field == "status":  # the form's menu offers only the two; a forged value is refused all the same
        form["status"] = "closed"
    response = client.post("/network/mail-conditions", data=form)
    assert response.status_code == 400
    assert db.session.scalars(select(MailCondition)).all() == []
    if field != "status":
        assert message in page_text(response)


def test_a_starter_entry_without_its_source_is_refused(app, runner, monkeypatch) -> None:
    monkeypatch.setattr(mail, "yaml_file", lambda name: {"countries": [
        {"country": "Kenya", "status": "unreliable", "since": "2026-10-01"}]})
    result = runner.invoke(args=["network", "load-mail-conditions"])
    assert result.exit_code != 0 and "Entry 1 (Kenya): source: name the notice it comes from." in result.output


# --- the print queue and the export cover sheet --------------------------------------------

def test_print_queue_warns_and_holds_back_letters_to_suspended_countries(app, client, login, make_teacher,
                                                                       honduras_class) -> None:
    world = honduras_class
    condition("Honduras", note="No post to Honduras.")
    # A post to the same country is never mailed, so it is neither counted nor held.
    approved(world["to_honduras"], world["student"], "I stand with the activists.", world["teacher"], kind="social")
    login(make_teacher(school=world["classroom"].school, coordinator=True))

    queue = page_text(client.get("/printing/queue"))
    assert "Post problems for some destinations" in queue
    assert "1 letter goes to Honduras, where the post is suspended." in queue

    response = client.post("/printing/batches", data={"label": "December", "hold_suspended": "y"})
    assert response.status_code == 302
    batch = db.session.scalars(select(PrintBatch)).one()
    assert [item.letter_id for item in batch.items] == [world["kenya_letter"].id]
    queue = page_text(client.get("/printing/queue"))
    assert "1 letter goes to Honduras, where the post is suspended." in queue  # still waiting, still warned

    client.post("/printing/batches", data={"label": "Sent anyway"})  # "Hold back" unticked
    latest = db.session.scalars(select(PrintBatch).order_by(PrintBatch.id.desc())).first()
    assert [item.letter_id for item in latest.items] == [world["letter"].id]


def test_print_queue_warns_about_unreliable_post(app, client, login, make_teacher, honduras_class) -> None:
    condition("Honduras", status="unreliable")
    login(make_teacher(school=honduras_class["classroom"].school, coordinator=True))
    assert "Honduras" in page_text(client.get("/printing/queue")).split("Waiting")[0]


def test_export_cover_sheet_warns_and_counts_only_letters_to_post(app, client, login, make_student,
                                                                  honduras_class) -> None:
    world = honduras_class
    condition("Honduras", note="No post to Honduras.")
    approved(world["to_honduras"], world["student"], "I stand with the activists.", world["teacher"], kind="social")
    written(world["to_honduras"], make_student(world["classroom"], name="Leo Brandt"), "Still a draft.")
    letters = db.session.scalars(select(Letter).where(Letter.assignment_id == world["to_honduras"].id)).all()
    assert len(letters) == 3
    assert mail.export_warnings(letters) == [("1 letter to Honduras: post suspended since 1 November 2026. "
                                              "No post to Honduras. 1 can be sent by email instead.")]

    login(world["teacher"])
    response = client.get(f"/printing/assignment/{world['to_honduras'].id}/letters.pdf")
    assert response.status_code == 200
    text = pdf_text(response.get_data())
    assert "1 letter to Honduras: post suspended since 1 November 2026. No post to Honduras. " \
           "1 can be sent by email instead." in text



def test_the_assignment_export_page_and_the_batch_page_warn(app, client, login, make_teacher, honduras_class) -> None:
    world = honduras_class
    condition("Honduras", note="No post to Honduras.")
    login(world["teacher"])
    warning = "1 letter to Honduras: post suspended since 1 November 2026. No post to Honduras. 1 can be sent by email instead."
    page = page_text(client.get(f"/printing/assignment/{world['to_honduras'].id}/export"))
    assert "Post problems for some destinations" in page and warning in page
    assert "Post problems" not in page_text(client.get(f"/printing/assignment/{world['to_kenya'].id}/export"))

    client.post("/auth/signout")
    login(make_teacher(school=world["classroom"].school, coordinator=True))
    made = client.post("/printing/batches", data={"label": "Sent anyway"}, follow_redirects=True)
    assert "made with 2 letters" in page_text(made), page_text(made)[:3000]
    batch = db.session.scalars(select(PrintBatch)).one()
    page = page_text(client.get(f"/printing/batches/{batch.id}"))
    assert "Post problems for some destinations" in page and warning in page


def test_a_batch_of_only_held_back_letters_says_why(app, client, login, make_teacher, honduras_class) -> None:
    world = honduras_class
    condition("Honduras")
    mail.set_condition("Kenya", "suspended", "", date(2026, 10, 1), None)
    db.session.commit()
    login(make_teacher(school=world["classroom"].school, coordinator=True))
    response = client.post("/printing/batches", data={"label": "December", "hold_suspended": "y"}, follow_redirects=True)
    page = page_text(response)
    assert ("All 2 approved letters are held back: post to Honduras is suspended since 1 November 2026; "
            "post to Kenya is suspended since 1 October 2026.") in page
    assert "There are no approved letters" not in page
    assert db.session.scalars(select(PrintBatch)).all() == []


def test_without_held_keeps_all_but_letters_to_suspended_post_and_says_why_when_none_is_left(app, make_teacher,
                                                                                             honduras_class) -> None:
    world = honduras_class
    letters = [world["letter"], world["kenya_letter"]]
    assert mail.without_held(letters) == (letters, None)  # no condition yet
    condition("Honduras")
    assert mail.without_held(letters) == ([world["kenya_letter"]], None)
    mail.set_condition("Kenya", "unreliable", "", date(2026, 10, 1), None)  # unreliable post is warned of, not held
    db.session.commit()
    assert mail.without_held(letters) == ([world["kenya_letter"]], None)
    kept, why = mail.without_held([world["letter"]])
    assert kept == [] and why is not None and why.startswith("The one approved letter is held back: post to Honduras")
