"""The teacher's classroom in Spanish (issue 13): the class page, the roster's messages, the
class's language and what its students then read, and lessons whose student parts are translated."""
from __future__ import annotations

import io
import re
from pathlib import Path

import lxml.html
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from classroom.classes.models import Classroom
from classroom.extensions import db
from classroom.lessons.library import load_library

from .factories import PASSWORD, add_class, add_student, assign, make_case, make_world


def _sign_in(client: FlaskClient, login: str, language: str | None = None) -> None:
    response = client.post("/auth/signin", data={"login": login, "password": PASSWORD})
    assert response.status_code == 302
    if language:
        client.post("/language", data={"language": language, "next": "/"})


def _tree(client: FlaskClient, path: str) -> lxml.html.HtmlElement:
    response = client.get(path)
    assert response.status_code == 200, path
    return lxml.html.fromstring(response.get_data(as_text=True))


def _text(tree: lxml.html.HtmlElement) -> str:
    return " ".join(tree.text_content().split())


def test_a_teacher_reads_the_class_page_in_spanish(client: FlaskClient) -> None:
    world = make_world()
    classroom = add_class(world, name="6A")
    classroom.language = "es"
    add_student(world, classroom, "Lucía Pérez")
    db.session.commit()
    _sign_in(client, world.teacher.email, "es")
    tree = _tree(client, f"/classes/{classroom.id}")
    text = _text(tree)
    assert tree.get("lang") == "es"
    for spanish in ("Asignar un caso", "Editar la clase", "Estudiantes (1)", "Añadir un estudiante",
                    "Código de la clase", "Docentes", "Datos de la clase", "Secundaria", "Contraseña nueva"):
        assert spanish in text, spanish
    # The class says which language its students read, named in that language.
    said = tree.get_element_by_id("class-language")
    assert _text(said) == "páginas para estudiantes en español"
    # The students' add form: labels and choices in Spanish, usernames left as they are.
    assert "Primero el nombre (Maya Kowalski)" in text and "Nombre de usuario (opcional)" in text
    assert tree.xpath("//td[@translate='no']/code")
    # The class's spreadsheets speak the teacher's language too.
    assert client.get(f"/classes/{classroom.id}/matrix.csv").get_data(as_text=True).startswith("Estudiante,Nombre de usuario")
    # English is still the default for a teacher who chose nothing.
    other = client.application.test_client()
    _sign_in(other, world.teacher.email, "en")
    english = _text(_tree(other, f"/classes/{classroom.id}"))
    assert "Assign a case" in english and "pages for students in Spanish" in english


def test_roster_problems_are_explained_in_spanish_and_nothing_is_made(client: FlaskClient) -> None:
    world = make_world()
    classroom = add_class(world, name="6A")
    _sign_in(client, world.teacher.email, "es")
    bad = "Nombre;Apellido\nLucía;Pérez\n;Gómez\nMateo;" + "x" * 130 + "\n"
    response = client.post(f"/classes/{classroom.id}/roster", content_type="multipart/form-data",
                           data={"upload": (io.BytesIO(bad.encode()), "6a.csv")})
    assert response.status_code == 200
    text = _text(lxml.html.fromstring(response.get_data(as_text=True)))
    assert "2 filas necesitan corrección" in text
    assert "Línea 3 (Gómez): Falta el nombre." in text
    assert "El nombre tiene más de" in text and "No se creó nada." in text
    assert "Leído como: texto UTF-8, separado por puntos y comas." in text
    empty = client.post(f"/classes/{classroom.id}/roster", content_type="multipart/form-data",
                        data={"upload": (io.BytesIO(b"  \n"), "vacia.csv")})
    assert "La lista no se puede usar" in empty.get_data(as_text=True)
    assert "El archivo está vacío." in empty.get_data(as_text=True)
    assert db.session.get(Classroom, classroom.id).enrolments == []


def test_the_class_form_sets_the_class_language_and_its_students_read_it(app: Flask, client: FlaskClient) -> None:
    world = make_world()
    _sign_in(client, world.teacher.email, "es")
    form = _tree(client, "/classes/new")
    options = {o.get("value"): (o.text, o.get("lang")) for o in form.xpath("//select[@name='language']/option")}
    assert options[""] == ("El idioma de la escuela", None)
    assert options["es"] == ("español", "es") and options["en"] == ("English", "en")
    response = client.post("/classes/new", data={"name": "5B bilingüe", "band": "elementary", "school_year": "2026–27",
                                                 "signature_rule": "first", "language": "es"})
    assert response.status_code == 302
    classroom = db.session.scalar(select(Classroom).where(Classroom.name == "5B bilingüe"))
    assert classroom.language == "es"
    assert "Se creó la clase “5B bilingüe”" in client.get(response.headers["Location"]).get_data(as_text=True)
    student = add_student(world, classroom, "Lucía Pérez")
    child = app.test_client()
    _sign_in(child, student.username)
    assert _tree(child, "/").get("lang") == "es", "a student of the class reads its language"
    # Back to the school's language: stored as none, and the student reads English again.
    edited = client.post(f"/classes/{classroom.id}/edit", data={
        "name": "5B bilingüe", "band": "elementary", "school_year": "2026–27", "signature_rule": "first", "language": ""})
    assert edited.status_code == 302
    assert db.session.get(Classroom, classroom.id).language is None
    assert _tree(child, "/").get("lang") == "en"
    # A language pages don't exist in is refused, and nothing changes.
    refused = client.post(f"/classes/{classroom.id}/edit", data={
        "name": "Otra", "band": "elementary", "school_year": "2026–27", "signature_rule": "first", "language": "xx"})
    assert refused.status_code == 200 and db.session.get(Classroom, classroom.id).name == "5B bilingüe"


def test_a_student_of_a_spanish_class_reads_the_spanish_lesson(app: Flask, client: FlaskClient) -> None:
    world = make_world()
    classroom = add_class(world, name="6A")
    classroom.language = "es"
    student = add_student(world, classroom, "Lucía Pérez")
    assignment = assign(classroom, make_case(), lessons=["writing-an-appeal", "revising-with-feedback"])
    _sign_in(client, student.username)
    tree = _tree(client, f"/assignments/{assignment.id}/lessons/writing-an-appeal")
    assert tree.get("lang") == "es"
    assert tree.xpath("//h1")[0].text == "Cómo escribir una carta de llamamiento eficaz"
    sections = tree.xpath("//section[contains(@class, 'lesson-section')]")
    assert sections and all(s.get("lang") == "es" for s in sections)
    assert "Seis cualidades de un buen llamamiento" in _text(tree) and "Six qualities" not in _text(tree)
    assert "Notas" not in _text(tree) and not tree.xpath("//section[contains(@class, 'teacher')]")
    # A lesson with no Spanish student parts: the English ones, marked as English on a Spanish page.
    english = _tree(client, f"/assignments/{assignment.id}/lessons/revising-with-feedback")
    assert english.get("lang") == "es"
    assert all(s.get("lang") == "en" for s in english.xpath("//section[contains(@class, 'lesson-section')]"))
    # The student's own choice of English wins: the English lesson.
    client.post("/language", data={"language": "en", "next": "/"})
    own = _tree(client, f"/assignments/{assignment.id}/lessons/writing-an-appeal")
    assert own.xpath("//h1")[0].text == "Writing an effective appeal letter"
    # The teacher sees the whole English lesson, and a Spanish handout to print.
    teacher = app.test_client()
    _sign_in(teacher, world.teacher.email, "es")
    page = _tree(teacher, "/lessons/writing-an-appeal")
    links = [a.get("href") for a in page.xpath("//a[contains(@href, 'handout.pdf')]")]
    assert "/lessons/writing-an-appeal/handout.pdf?language=es" in links
    pdf = teacher.get("/lessons/writing-an-appeal/handout.pdf?language=es")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    printed = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Seis cualidades de un buen llamamiento" in " ".join(printed.split())


def test_translations_are_checked_like_lessons(tmp_path: Path) -> None:
    source = Path(load_library.__code__.co_filename).parents[1] / "lesson_plans"
    (tmp_path / "es").mkdir()
    (tmp_path / "writing-an-appeal.md").write_text((source / "writing-an-appeal.md").read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    (tmp_path / "es" / "writing-an-appeal.md").write_text(
        "---\nslug: writing-an-appeal\ntitle: Una carta\n---\n\n::: student\nHola.\n:::\n\n::: teacher\nNo.\n:::\n",
        encoding="utf-8")
    (tmp_path / "es" / "nowhere.md").write_text("---\nslug: nowhere\ntitle: Nada\n---\n\n::: student\nHola.\n:::\n",
                                               encoding="utf-8")
    (tmp_path / "es" / "untitled.md").write_text("---\nslug: untitled\n---\n\n::: student\nHola.\n:::\n", encoding="utf-8")
    library = load_library(tmp_path)
    assert sorted((p.file, p.field) for p in library.problems) == [
        ("es/nowhere.md", "slug"), ("es/untitled.md", "title"), ("es/writing-an-appeal.md", "body")]
    assert library.lessons["writing-an-appeal"].translations == {}
    shipped = load_library()
    assert not shipped.problems
    assert {slug for slug, lesson in shipped.lessons.items() if "es" in lesson.translations} >= {
        "what-are-human-rights", "what-is-an-urgent-action", "writing-an-appeal", "solidarity-messages",
        "reflection-after-an-update"}
    spanish = shipped.lessons["what-are-human-rights"].for_student("es")
    words = " ".join(s.markdown for s in spanish.sections)
    assert "10 de diciembre de 1948" in words and "30 partes" in words
    assert re.search(r"\btú\b|\bTu\b|\btu\b", words), "student parts speak to the child (tú)"
