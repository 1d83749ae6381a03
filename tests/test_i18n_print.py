"""Printing in the reader's language (issue 13): the print queue and a batch in Spanish, and the
PDFs made for a person in that person's page language (a coordinator's cover sheet, a teacher's
login cards for children), while a letter keeps its own language around the student's text."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from classroom.extensions import db
from classroom.once import new_token

from .factories import (
    FISCAL,
    MINISTER,
    add_class,
    add_student,
    approved,
    assign,
    make_case,
    make_world,
    write,
)
from .printed import page_texts, pdf_text, squash, text_of
from .test_print_queue import make_batch, school  # noqa: F401  (fixture)


def in_spanish(user) -> None:
    """The person chose Spanish for their pages."""
    user.language = "es"
    db.session.commit()


def test_a_coordinator_reads_the_queue_and_a_batch_in_spanish(school, client: FlaskClient, login) -> None:
    world, _, classes, _, _, _ = school
    in_spanish(world.coordinator)
    login(world.coordinator)
    response = client.get("/printing/queue")
    assert 'lang="es"' in response.get_data(as_text=True)
    page = text_of(response)
    assert "Cola de impresión" in page and "4 cartas aprobadas esperan su impresión." in page
    assert "Crear un lote de impresión" in page and "Solo estas clases" in page
    assert "Retener las cartas a países donde el correo postal está suspendido" in page
    assert "waiting" not in page and "Make batch" not in page

    made = client.post("/printing/batches", data={"label": "Diciembre", "class_ids": [str(classes["7B"].id)]},
                       follow_redirects=True)
    page = text_of(made)
    assert "Lote “Diciembre” creado con 3 cartas." in page
    assert "Descargar el lote (PDF)" in page and "¿Impreso?" in page and "Cartas en orden" in page
    assert "Creado el 4 dic 2026" in page or "Creado el 4 de diciembre de 2026" in page

    batch_id = re.search(r"/printing/batches/(\d+)/letters.pdf", made.get_data(as_text=True)).group(1)
    marked = text_of(client.post(f"/printing/batches/{batch_id}/printed", data={"date": "2026-12-04"},
                                 follow_redirects=True))
    assert "Lote marcado como impreso: 3 cartas actualizadas." in marked
    assert "Impreso el 4 de diciembre de 2026" in marked and "¿Enviado por correo?" in marked

    # The cover sheet is the coordinator's: in Spanish, dated in Spanish; the letters keep theirs.
    pdf = client.get(f"/printing/batches/{batch_id}/letters.pdf").data
    cover = page_texts(pdf)[0]
    for words in ("Escribe por los Derechos · cartas para enviar", "Destinatario", "País de destino",
                  "cartas para enviar", "El correo internacional necesita sellos de franqueo internacional",
                  "4 de diciembre de 2026"):
        assert squash(words).casefold() in squash(cover).casefold(), words  # headings print in capitals
    assert "addressed to" not in cover.casefold() and "December" not in cover
    assert "Yours sincerely," in pdf_text(pdf)  # an English letter stays English


def test_an_english_coordinator_still_gets_english(school, client: FlaskClient, login) -> None:
    world, *_ = school
    login(world.coordinator)
    page = text_of(client.get("/printing/queue"))
    assert "4 approved letters are waiting to be printed." in page and "Cola" not in page


def test_login_cards_for_a_spanish_class_are_in_spanish_for_children(client: FlaskClient, make_class, make_student,
                                                                     login) -> None:
    classroom = make_class(name="5A Historia")
    make_student(classroom, name="Lucía Pérez", username="lucia.p")
    teacher = classroom.teacher_links[0].teacher
    in_spanish(teacher)
    login(teacher)
    page = client.post(f"/classes/{classroom.id}/cards", data={"once": new_token()}).get_data(as_text=True)
    form = {"username": re.findall(r'name="username" value="([^"]+)"', page),
            "password": re.findall(r'name="password" value="([^"]+)"', page),
            "card": re.findall(r'name="card" value="([^"]+)"', page)}
    pdf = client.post(f"/classes/{classroom.id}/cards.pdf", data=form)
    assert pdf.status_code == 200
    text = squash(pdf_text(pdf.data)).casefold()  # the class name prints in capitals
    for words in ("Usuario", "Contraseña", "O escanea para iniciar sesión", "Inicia sesión en",
                  "Guarda bien esta tarjeta. No compartas tu contraseña.", "lucia.p", "5A Historia"):
        assert squash(words).casefold() in text, words
    assert "username" not in text and "keep" not in text


def test_a_letter_keeps_its_language_and_a_draft_is_marked_in_its_readers(app, client: FlaskClient, login) -> None:
    world = make_world(name="Colegio Sol")
    classroom = add_class(world)
    student = add_student(world, classroom, "Zoë Martín")
    assignment = assign(classroom, make_case())
    letter = approved(assignment, student, "Liberen a Ana Example.", world.teacher)
    letter.language = "es"
    db.session.commit()
    login(world.teacher)  # an English teacher downloads a Spanish letter
    text = squash(pdf_text(client.get(f"/printing/letters/{letter.id}/letter.pdf").data))
    assert squash("Estudiante, Colegio Sol") in text and squash("Student, Colegio Sol") not in text

    draft = write(assignment, add_student(world, classroom, "Leo Park"), "An English draft.")
    in_spanish(world.teacher)
    preview = pdf_text(client.get(f"/printing/letters/{draft.id}/preview.pdf").data)
    assert "BORRADOR" in preview and "DRAFT" not in preview


def test_a_cards_label_speaks_its_officials_language(app) -> None:
    """A card travels care of the official: "For … / c/o …" in the official's language, where a catalog has it."""
    from classroom.printing import exports

    world = make_world()
    classroom = add_class(world)
    student = add_student(world, classroom, "Maya Kowalski")
    to_peru = make_case(ua_number="UA 2.26", country="Peru", targets=(FISCAL,))
    to_examplestan = make_case(ua_number="UA 3.26", targets=(MINISTER,))
    cards = [approved(assign(classroom, case, kinds=("solidarity",)), student, "A card.", world.teacher, kind="solidarity")
             for case in (to_peru, to_examplestan)]
    peru, examplestan = exports.label_addresses(cards)
    assert peru.lines[:2] == ("Para Ana Example", "a/c Fiscal General de la Nación") and peru.language == "es"
    assert examplestan.lines[:2] == ("For Ana Example", "c/o Minister of the Interior")
