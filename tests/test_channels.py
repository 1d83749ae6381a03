"""Other channels, still reviewed: an approved appeal as an email the teacher sends
(mailto: link and .eml file), and social media posts and phone scripts for older classes,
approved like letters and printed on a sheet, never posted by the platform."""
from __future__ import annotations

import email
import email.header
import io
import re
from datetime import timedelta
from email.policy import default as default_policy
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader

from classroom.assignments import services as assignments
from classroom.clock import utcnow
from classroom.extensions import db
from classroom.letters.models import Letter
from classroom.network import channels
from classroom.printing import batches

from . import factories
from .factories import approved, assign, make_case, written

MINISTER = {**factories.MINISTER, "name": "Señor Ministro de Relaciones Exteriores", "title": "Ministerio de Relaciones Exteriores",
            "salutation": "Estimado Señor Ministro:", "email": "ministro@cancilleria.example", "language": "es",
            "address": ["Ministerio de Relaciones Exteriores", "Calle 1", "Tegucigalpa", "Honduras"]}
RUSSIAN_TITLE = "Правозащитник должен быть освобождён"
ACCENTED_TITLE = "Defensora indígena desaparecida: ¿dónde está?"
APPEAL = "Please release Ana Example now.\n\nShe only wrote about a protest. ¡Gracias por leer mi carta!"


@pytest.fixture
def school_world(make_school, make_teacher, make_class, make_student):
    """A Spanish school's high-school class, its teacher and a student called Zoë Martín."""
    # Its locale is Spanish, so its letters start in Spanish (the official reads Spanish too).
    school = make_school("Colegio San José", address="Calle Mayor 5\n28013 Madrid", country="Spain", locale="es-ES")
    teacher = make_teacher(name="Lucía Gómez", email="lucia@colegio.example", school=school)
    classroom = make_class(teacher, name="1º Bachillerato", band="high")
    student = make_student(classroom, name="Zoë Martín")
    return school, teacher, classroom, student


def minister_case(title: str = ACCENTED_TITLE, **overrides):
    """A Honduran case whose official has an email address."""
    overrides.setdefault("targets", [dict(MINISTER)])
    return make_case(ua_number="UA 123.20", country="Honduras", region="Americas", title=title, **overrides)


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# --- the email version of an approved appeal ----------------------------------------------

@pytest.mark.parametrize("title", [RUSSIAN_TITLE, ACCENTED_TITLE])
def test_eml_file_decodes_to_the_right_message(app, client, login, school_world, title) -> None:
    _, teacher, classroom, student = school_world
    letter = approved(assign(classroom, minister_case(title), kinds=("appeal",)), student, APPEAL, teacher)
    login(teacher)
    response = client.get(f"/network/letters/{letter.id}/message.eml")
    assert response.status_code == 200
    assert response.mimetype == "message/rfc822"
    assert response.headers["Content-Disposition"] == f'attachment; filename="letter-{letter.id}.eml"'
    raw = response.get_data()
    head = raw.split(b"\n\n", 1)[0]
    head.decode("ascii")  # headers travel as 7-bit (RFC 2047), so every mail program reads them

    message = email.message_from_bytes(raw, policy=default_policy)
    [to] = message["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Señor Ministro de Relaciones Exteriores", "ministro@cancilleria.example")
    assert message["Subject"] == f"UA 123.20: {title} (Ana Example)"
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Colegio San José", "lucia@colegio.example")
    assert message["X-Unsent"] == "1"
    assert message["Date"] and message["Message-ID"]

    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Estimado Señor Ministro:\n\n")
    assert APPEAL in body
    assert body.rstrip().endswith("Atentamente,\nZoë M.\nEstudiante, Colegio San José\nCalle Mayor 5\n28013 Madrid\nSpain")  # the country, for post abroad (issue 12)
    assert "Martín" not in body  # the class's signature rule hides the surname


PROSECUTOR = {**factories.MINISTER, "name": "Андрей Николаевич Петров-Водкин, Генеральный прокурор", "title": "Генеральная прокуратура",
              "email": "prosecutor@genproc.example", "language": "ru"}
ENCODED_WORD = re.compile(rb"=\?utf-8\?([bq])\?(.*?)\?=", re.IGNORECASE)


def test_eml_headers_in_cyrillic_decode_whole_and_never_split_a_word(app, client, login, school_world) -> None:
    _, teacher, classroom, student = school_world
    title = "Правозащитник Андрей Николаевич Петров-Водкин должен быть освобождён немедленно"
    letter = approved(assign(classroom, minister_case(title, targets=[dict(PROSECUTOR)]), kinds=("appeal",)), student,
                      APPEAL, teacher)
    login(teacher)
    raw = client.get(f"/network/letters/{letter.id}/message.eml").get_data()
    head = raw.split(b"\n\n", 1)[0]
    head.decode("ascii")

    message = email.message_from_bytes(raw, policy=default_policy)
    [to] = message["To"].addresses
    assert (to.display_name, to.addr_spec) == (PROSECUTOR["name"], "prosecutor@genproc.example")
    assert message["Subject"] == f"UA 123.20: {title} (Ana Example)"
    # Whatever a mail program does with the space between two encoded words, no word is cut:
    # each encoded word holds whole words of the text.
    words = set(f"{PROSECUTOR['name']} {title} Colegio San José".split())
    for match in ENCODED_WORD.finditer(head):
        decoded = email.header.decode_header(match.group(0).decode("ascii"))[0][0].decode("utf-8")
        assert set(decoded.split()) <= words | {"UA", "123.20:", "(Ana", "Example)"}, decoded


def test_email_page_shows_to_subject_text_and_a_mailto_link(app, client, login, school_world) -> None:
    _, teacher, classroom, student = school_world
    letter = approved(assign(classroom, minister_case(), kinds=("appeal",)), student, APPEAL, teacher)
    teacher.language = "en"  # the school's pages are Spanish; this teacher reads English
    db.session.commit()
    login(teacher)
    review = client.get(f"/review/letters/{letter.id}").get_data(as_text=True)
    assert f'href="/network/letters/{letter.id}/email"' in review and "Send by email" in review

    page = client.get(f"/network/letters/{letter.id}/email")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    assert "Señor Ministro de Relaciones Exteriores <ministro@cancilleria.example>" in text
    assert f"UA 123.20: {ACCENTED_TITLE} (Ana Example)" in text
    assert "Please release Ana Example now." in text and "Zoë M." in text

    href = unescape(re.search(r'href="(mailto:[^"]+)"', html).group(1))
    parts = urlsplit(href)
    assert parts.path == "ministro@cancilleria.example"
    query = parse_qs(parts.query, strict_parsing=True)
    assert query["subject"] == [f"UA 123.20: {ACCENTED_TITLE} (Ana Example)"]
    [body] = query["body"]
    assert "%0D%0A" in href and "\n" not in body.replace("\r\n", "")  # RFC 6068: line breaks are CRLF
    assert body.replace("\r\n", "\n") == channels.text(db.session.get(Letter, letter.id))


def test_the_letter_records_that_it_was_emailed_and_when(app, client, login, school_world) -> None:
    _, teacher, classroom, student = school_world
    letter = approved(assign(classroom, minister_case(), kinds=("appeal",)), student, APPEAL, teacher)
    login(teacher)
    assert letter.emailed_at is None
    before = utcnow()
    response = client.post(f"/network/letters/{letter.id}/emailed", follow_redirects=True)
    assert response.status_code == 200
    emailed_at = db.session.get(Letter, letter.id).emailed_at
    assert emailed_at is not None and before - timedelta(seconds=1) <= emailed_at <= utcnow()
    # A teacher of a Spanish school reads Spanish pages (issue 13).
    assert "Registrada como enviada por correo electrónico el" in response.get_data(as_text=True)
    assert db.session.get(Letter, letter.id).state == "emailed"  # sent, and never pretending it was posted


def test_only_the_teacher_gets_the_email_version(app, client, login, school_world, make_teacher) -> None:
    school, teacher, classroom, student = school_world
    letter = approved(assign(classroom, minister_case(), kinds=("appeal",)), student, APPEAL, teacher)
    urls = [f"/network/letters/{letter.id}/email", f"/network/letters/{letter.id}/message.eml"]
    login(student)
    for url in urls:
        assert client.get(url).status_code in (403, 404)
    assert client.post(f"/network/letters/{letter.id}/emailed").status_code in (403, 404)
    client.post("/auth/signout")
    login(make_teacher(school=school))  # a colleague who doesn't teach the class
    for url in urls:
        assert client.get(url).status_code == 404
    assert db.session.get(Letter, letter.id).emailed_at is None


def test_no_email_version_before_approval_or_without_an_address(app, client, login, school_world) -> None:
    _, teacher, classroom, student = school_world
    waiting = written(assign(classroom, minister_case(), kinds=("appeal",)), student, APPEAL)
    no_email = {**MINISTER, "email": None}
    posted_only = approved(assign(classroom, make_case(ua_number="UA 9.26", targets=[no_email]), kinds=("appeal",)),
                           student, APPEAL, teacher)
    login(teacher)
    for letter in (waiting, posted_only):
        assert client.get(f"/network/letters/{letter.id}/email").status_code == 404
        assert client.get(f"/network/letters/{letter.id}/message.eml").status_code == 404
    assert "Send by email" not in client.get(f"/review/letters/{posted_only.id}").get_data(as_text=True)


# --- social media posts and phone scripts -------------------------------------------------

def test_posts_and_scripts_are_for_high_school_and_older(app, make_teacher, make_class) -> None:
    teacher = make_teacher()
    case = make_case()
    for band, allowed in (("elementary", False), ("middle", False), ("high", True), ("adult", True)):
        classroom = make_class(teacher, name=band, band=band)
        for kind in ("social", "phone"):
            outcome = assignments.check(classroom, case, kinds=[kind], target_ids=[], lesson_slugs=[], due=None,
                                        override_reason="")
            assert outcome.ok is allowed, (band, kind, outcome.errors)
            if not allowed:
                assert "high school and older" in outcome.errors["letter_kinds"]


def test_a_281_character_post_is_flagged_on_submit(app, client, login, school_world) -> None:
    _, _, classroom, student = school_world
    assignment = assign(classroom, minister_case(), kinds=("social",))
    too_long = written(assignment, student, "I stand with Ana. " + "x" * (281 - 18), kind="social", submit=False)
    assert len(too_long.body) == 281
    student.language = "en"  # the school's pages are Spanish; this student chose English
    db.session.commit()
    login(student)
    editor = client.get(f"/letters/{too_long.id}").get_data(as_text=True)
    assert "281 of 280 characters" in editor

    check = client.post(f"/letters/{too_long.id}/submit")
    assert check.status_code == 200
    # The student chose English over the school's Spanish: the check is in English.
    assert "A post can have at most 280 characters; this one has 281. Cut 1." in check.get_data(as_text=True)
    student.language = None  # no choice of their own: the school's Spanish
    db.session.commit()
    again = client.post(f"/letters/{too_long.id}/submit")
    assert ("Una publicación puede tener como máximo 280 caracteres; esta tiene 281. Quita 1."
            in again.get_data(as_text=True))
    assert db.session.get(Letter, too_long.id).state == "draft"
    client.post(f"/letters/{too_long.id}/submit", data={"confirm": "1"})
    letter = db.session.get(Letter, too_long.id)
    assert letter.state == "submitted"
    assert [f["kind"] for f in letter.safety_flags] == ["length"]  # the teacher sees it too


def test_a_280_character_post_passes(app, client, login, school_world) -> None:
    _, _, classroom, student = school_world
    post = written(assign(classroom, minister_case(), kinds=("social",)), student,
                   "I stand with Ana. " + "y" * (280 - 18), kind="social", submit=False)
    student.language = "en"  # the school's pages are Spanish; this student chose English
    db.session.commit()
    login(student)
    assert "280 of 280 characters" in client.get(f"/letters/{post.id}").get_data(as_text=True)
    response = client.post(f"/letters/{post.id}/submit")
    assert response.status_code == 302
    assert db.session.get(Letter, post.id).state == "submitted"
    assert db.session.get(Letter, post.id).safety_flags == []


def test_posts_and_scripts_are_reviewed_and_printed_on_a_sheet(app, client, login, school_world, make_teacher) -> None:
    _, teacher, classroom, student = school_world
    assignment = assign(classroom, minister_case(), kinds=("appeal", "social", "phone"))
    post = written(assignment, student, "I stand with the Garifuna defenders. #UA123_20", kind="social")
    script = written(assignment, student, "Hello, my name is Zoë and I am calling about the missing activists.",
                     kind="phone")
    draft = written(make_second_assignment(classroom), student, "A post still being written.", kind="social",
                    submit=False)
    login(teacher)
    assert client.get(f"/printing/assignment/{assignment.id}/sheet.pdf").status_code == 404  # nothing approved yet
    for letter in (post, script):
        response = client.post(f"/review/letters/{letter.id}/decision", data={"decision": "approve"})
        assert response.status_code == 302
        assert db.session.get(Letter, letter.id).state == "approved"

    for url in (f"/printing/assignment/{assignment.id}/sheet.pdf", f"/printing/class/{classroom.id}/sheet.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text = " ".join(pdf_text(response.get_data()).split())
        assert "I stand with the Garifuna defenders." in text
        assert "calling about the missing activists" in text
        assert "still being written" not in text
    assert draft.state == "draft"


def test_posts_never_go_into_a_print_batch(app, school_world, make_teacher) -> None:
    school, teacher, classroom, student = school_world
    coordinator = make_teacher(school=school, coordinator=True)
    assignment = assign(classroom, minister_case(), kinds=("appeal", "social"))
    appeal = approved(assignment, student, APPEAL, teacher)
    approved(assignment, student, "I stand with Ana Example.", teacher, kind="social")
    batch = batches.create(school, coordinator, batches.queue(school), "December", duplex=False)
    assert [item.letter_id for item in batch.items] == [appeal.id]


def test_the_print_queue_counts_only_letters_to_post(app, client, login, school_world, make_teacher) -> None:
    school, teacher, classroom, student = school_world
    coordinator = make_teacher(school=school, coordinator=True)
    assignment = assign(classroom, minister_case(), kinds=("appeal", "social"))
    approved(assignment, student, APPEAL, teacher)
    approved(assignment, student, "I stand with Ana Example.", teacher, kind="social")
    login(coordinator)
    assert "1 carta aprobada espera su impresión" in client.get("/printing/queue").get_data(as_text=True)  # a Spanish school


def make_second_assignment(classroom):
    """Another case's post assignment for the same class."""
    return assign(classroom, make_case(ua_number="UA 8.26", title="Another case"), kinds=("social",))
