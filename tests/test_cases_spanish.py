"""The case library and the import in Spanish, and Spanish student summaries (issue 13).

Teachers and curators read the library's own words in their page language (usted); the case's
text stays English and is marked ``lang="en"``. A case may carry a Spanish student summary per
band, measured with a Spanish formula, and a student whose page is Spanish reads it.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import yaml
from flask import Flask
from flask.testing import FlaskClient

from classroom.auth.models import User
from classroom.cases.models import Case
from classroom.cases.readability import shown_summary, spanish_score, summary_grades
from classroom.extensions import db

from .factories import PASSWORD, add_class, add_student, assign, make_case, make_world

UA_CORPUS = Path(__file__).parent / "data" / "ua"
SPANISH_MIDDLE = ("Ana escribió sobre una protesta en su escuela. La policía la detuvo. Ahora está en la cárcel. "
                  "Pedimos que la dejen libre.")
# Long words and long sentences: the kind of text the INFLESZ scale calls very difficult.
SPANISH_HARD = ("La detención arbitraria e incomunicada de la periodista estudiantil, fundamentada en "
                "interpretaciones extraordinariamente restrictivas de la legislación antiterrorista, constituye "
                "una vulneración manifiesta de las obligaciones internacionales contraídas por las autoridades "
                "gubernamentales correspondientes.")


def plain(page: str) -> str:
    """A page's text without tags, entities decoded and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def in_spanish(client: FlaskClient) -> None:
    """The signed-in person chooses Spanish with the switch."""
    assert client.post("/language", data={"language": "es", "next": "/"}).status_code == 302


def test_the_library_in_spanish_keeps_the_cases_own_text_marked_english(client: FlaskClient, teacher: User) -> None:
    case = make_case(title="Student journalist detained")
    in_spanish(client)
    page = client.get("/cases/").get_data(as_text=True)
    text = plain(page)
    assert '<html lang="es"' in page
    for words in ("Biblioteca de casos", "Importar un caso", "Palabras de búsqueda", "Adecuado para",
                  "Cualquier franja de edad", "Cualquier estado", "Acción necesaria", "1 caso",
                  "Primaria en adelante", "Advertencias de contenido: Detención"):
        assert words in text, words
    assert "Case library" not in text and "Action needed" not in text
    assert re.search(rf'<a href="/cases/{case.id}" lang="en">Student journalist detained</a>', page)
    assert f'<p lang="en">{case.summary}</p>' in page
    nothing = plain(client.get("/cases/?q=zzzz").get_data(as_text=True))
    assert "0 casos" in nothing and "Ningún caso coincide. Pruebe con menos palabras o con otro filtro." in nothing


def test_a_case_page_in_spanish(client: FlaskClient, teacher: User) -> None:
    case = make_case(title="Student journalist detained")
    in_spanish(client)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    text = plain(page)
    for words in ("← Biblioteca de casos", "Resumen", "Personas en peligro", "Qué piden las cartas", "A quién escribir",
                  "Franja de edad y advertencias de contenido", "Adecuado para Primaria y edades mayores.",
                  "Detención (Primaria en adelante) Encontrado: “detained”", "Cronología", "Acción Urgente emitida",
                  "Cartas de las clases", "Todavía no hay cartas.", "Asignar a una clase", "Descargar (YAML)"):
        assert words in text, words
    assert '<h1 lang="en">Student journalist detained</h1>' in page
    assert '<li lang="en">Release Ana Example immediately</li>' in page


def test_a_curator_changes_the_band_in_spanish_and_the_messages_follow(client: FlaskClient, curator: User) -> None:
    case = make_case()
    in_spanish(client)
    page = plain(client.post(f"/cases/{case.id}/band", data={"band": "high", "reason": "corto"}).get_data(as_text=True))
    assert "Escriba un motivo de 10 a 1000 caracteres." in page
    assert db.session.get(Case, case.id).min_band == "elementary"  # nothing changed
    response = client.post(f"/cases/{case.id}/band", data={"band": "high", "reason": "El caso describe torturas."},
                           follow_redirects=True)
    assert "Franja mínima fijada en Secundaria superior." in plain(response.get_data(as_text=True))
    response = client.post(f"/cases/{case.id}/events", data={"kind": "victory", "date": "2026-11-20",
                                                             "text": "Ana Example is free."}, follow_redirects=True)
    assert "Se añadió «Victoria» a la cronología." in plain(response.get_data(as_text=True))


def test_an_import_preview_in_spanish_gives_its_problems_and_warnings_in_spanish(client: FlaskClient,
                                                                                curator: User) -> None:
    in_spanish(client)
    source = (UA_CORPUS / "document-2-pdf-page-furniture.txt").read_text()
    page = client.post("/cases/import", data={"source": source}).get_data(as_text=True)
    text = plain(page)
    assert "Leído como: Ficha del caso (2013 a 2019)." in text
    assert re.search(r"\d+ puntos por revisar", text)
    assert ("Línea 16: The country" not in text
            and "Línea 16: El país 'Peru' se tomó de la última línea de la dirección del destinatario 1; compruébelo."
            in text)
    assert re.search(r"La fecha límite, .*, ya pasó\. El caso se puede guardar, pero la biblioteca lo mostrará como "
                     r"“Plazo vencido”, no como “Acción necesaria”\.", text)
    assert re.search(r"\d+ líneas sin usar", text) and "Línea 20: Page 1 of 2" in text
    assert "Aceptar y guardar" in text and "Destinatario 1:" in text
    # The labels the importer reads stay English: the Spanish page says so.
    assert "El importador lee Acciones Urgentes en inglés" in text
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 0
    broken = plain(client.post("/cases/import", data={"source": "ua_number: UA 1.26\ntitle: [unclosed\n"}
                               ).get_data(as_text=True))
    assert "1 problema por corregir" in broken and "No se guardó nada." in broken
    assert "Este YAML no se puede leer:" in broken


def test_the_spanish_summary_is_kept_shown_with_its_spanish_readability_and_exported(client: FlaskClient,
                                                                                   curator: User) -> None:
    case = make_case(student_summaries={"middle": "Ana wrote about a protest. Now she is in prison."})
    source = client.get(f"/cases/{case.id}/edit").get_data(as_text=True)
    data = yaml.safe_load(html.unescape(re.search(r'<textarea id="source"[^>]*>(.*?)</textarea>', source,
                                                  re.DOTALL).group(1)))
    assert "student_summaries_by_language" not in data  # none yet: the file says nothing about it
    data["student_summaries_by_language"] = {"es": {"middle": SPANISH_MIDDLE, "elementary": SPANISH_HARD}}
    response = client.post(f"/cases/{case.id}/edit", data={"source": yaml.safe_dump(data, allow_unicode=True)})
    assert response.status_code == 302
    saved = db.session.get(Case, case.id)
    assert saved.student_summaries_by_language == {"es": {"middle": SPANISH_MIDDLE, "elementary": SPANISH_HARD}}
    in_spanish(client)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    text = plain(page)
    easy = spanish_score(SPANISH_MIDDLE)
    assert easy >= 80 and spanish_score(SPANISH_HARD) < 40
    assert f'<p lang="es">{SPANISH_MIDDLE}</p>' in page
    grades = re.findall(r'<div class="summary-grade">\s*<p>(.*?)</p>', page, re.DOTALL)
    shown = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", g)).split()) for g in grades]
    # On a Spanish page the Spanish summaries need no language name; the English ones say theirs.
    assert shown[0] == "Primaria · Szigriszt-Pazos (INFLESZ) 0: muy difícil demasiado difícil para esta franja"
    # (the band's Spanish name is the catalog's: "Secundaria…")
    assert re.fullmatch(r"Secundaria[^·]* · inglés · nivel de lectura \(grado escolar de EE\. UU\.\) [\d,]+", shown[1])
    assert re.fullmatch(rf"Secundaria[^·]* · Szigriszt-Pazos \(INFLESZ\) {str(easy).replace('.', ',')}: muy fácil",
                        shown[2])
    assert "Resúmenes para estudiantes" in text
    export = yaml.safe_load(client.get(f"/cases/{case.id}/export.yaml").get_data(as_text=True))
    assert export["student_summaries_by_language"] == {"es": {"middle": SPANISH_MIDDLE, "elementary": SPANISH_HARD}}
    assert list(export).index("student_summaries_by_language") == list(export).index("student_summaries") + 1


def test_a_summary_in_a_language_without_pages_is_refused_with_its_line(client: FlaskClient, curator: User) -> None:
    case = make_case()
    source = client.get(f"/cases/{case.id}/edit").get_data(as_text=True)
    data = yaml.safe_load(html.unescape(re.search(r'<textarea id="source"[^>]*>(.*?)</textarea>', source,
                                                  re.DOTALL).group(1)))
    data["student_summaries_by_language"] = {"xx": {"middle": "Texto."}}
    page = plain(client.post(f"/cases/{case.id}/edit", data={"source": yaml.safe_dump(data)}).get_data(as_text=True))
    assert "1 problem to fix" in page and "student_summaries_by_language" in page and "Nothing was saved." in page
    assert db.session.get(Case, case.id).student_summaries_by_language == {}


def test_textstat_language_is_left_english_after_a_spanish_measure(app: Flask) -> None:
    """textstat's language is global: a Spanish score must not change the English grades after it."""
    english = {"middle": "Ana wrote about a protest at her school. The police took her away."}
    before = summary_grades(english)[0].grade
    spanish_score(SPANISH_MIDDLE)
    assert summary_grades(english)[0].grade == before


def test_a_student_reads_the_spanish_summary_of_their_band_else_the_english_one_marked(app: Flask) -> None:
    world = make_world()
    spanish_class = add_class(world, name="7B bilingüe", band="middle")
    spanish_class.language = "es"
    db.session.commit()
    student = add_student(world, spanish_class, "Lucía Pérez")
    with_spanish = make_case(title="Student journalist detained",
                             student_summaries={"middle": "Ana wrote about a protest."},
                             student_summaries_by_language={"es": {"middle": SPANISH_MIDDLE}})
    english_only = make_case(title="Poet in prison", student_summaries={"middle": "Leyla wrote a poem."})
    first, second = assign(spanish_class, with_spanish), assign(spanish_class, english_only)
    client = app.test_client()
    assert client.post("/auth/signin", data={"login": student.login_name, "password": PASSWORD}).status_code == 302
    page = client.get(f"/assignments/{first.id}").get_data(as_text=True)
    assert '<html lang="es"' in page
    assert f'<span lang="es">{SPANISH_MIDDLE}</span>' in page and "Ana wrote about a protest." not in page
    page = client.get(f"/assignments/{second.id}").get_data(as_text=True)
    assert '<span lang="en">Leyla wrote a poem.</span>' in page
    # The same case in English for a reader of English pages.
    with app.test_request_context():
        assert str(shown_summary(with_spanish, "middle", "en")) == "Ana wrote about a protest."
        assert shown_summary(with_spanish, "high", "es").language == "es"  # the nearest band below
        assert shown_summary(with_spanish, "elementary", "es").text == with_spanish.summary


def test_field_problems_of_a_case_file_are_said_in_spanish(client: FlaskClient, curator: User) -> None:
    """The field checks (missing, wrong type, unknown field) and the labelled form's problems."""
    in_spanish(client)
    source = ("ua_number: UA 7.26\ntitle: Poet detained\ncountry: Examplestan\nissue_date: 31 June 2026\n"
              "status: action\npeople: [{name: Leyla Example}]\nasks: Release her\nsumary: typo\n")
    problems = plain(client.post("/cases/import", data={"source": source}).get_data(as_text=True))
    assert "El resumen: falta este dato." in problems
    assert "La fecha de emisión: '31 June 2026' no es una fecha que exista en el calendario." in problems
    assert "Las peticiones: debería ser una lista (una petición por elemento), no texto." in problems
    assert "Campo desconocido 'sumary'. ¿Quería decir 'summary'?" in problems
    labelled = "Title: Poet detained\nCountry: Examplestan\nMood: sombre\n"
    problems = plain(client.post("/cases/import", data={"source": labelled}).get_data(as_text=True))
    assert ("Etiqueta desconocida 'Mood'. Use una etiqueta como Title, Country, Summary o Targets, o quite la línea."
            in problems)
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 0
