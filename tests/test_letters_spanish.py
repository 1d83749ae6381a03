"""The student's side in Spanish (issue 13): a class whose language is Spanish reads its pages in
Spanish (tú), the editor's script messages come from the page in that language, and the helper
sentences and tips follow the letter's language, not the page's."""
from __future__ import annotations

import re

from classroom.extensions import db

from .factories import assign, make_case, write
from .test_letters import page_text


def _spanish_class(make_class, make_student):
    classroom = make_class(name="6º B")
    classroom.language = "es"
    db.session.commit()
    student = make_student(classroom, name="Lucía Pérez")
    return classroom, student


def _say(page: str, name: str) -> str:
    found = re.search(rf'data-say-{name}="([^"]*)"', page)
    assert found, name
    return found.group(1)


def test_a_spanish_class_writes_in_spanish_with_spanish_help(app, client, login, make_class, make_student) -> None:
    classroom, student = _spanish_class(make_class, make_student)
    letter = write(assign(classroom, make_case()), student)  # started with the helper sentences
    assert letter.language == "es"
    assert letter.body.startswith("Le escribo por Ana Example.")
    login(student)
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert '<html lang="es"' in page
    for words in ("Tu carta para", "Guardar", "Enviar a mi docente", "Frases de ayuda", "Consejos",
                  "Qué pedir", "Sobre el caso", "Versiones anteriores", "palabras", "caracteres"):
        assert words in page, words
    # The script's messages, in the page's language (static/js/editor.js reads them).
    assert _say(page, "saving") == "Guardando…"
    assert _say(page, "typing") == "Escribiendo…"
    assert _say(page, "saved") == "Guardada a las {time}"
    assert _say(page, "offline") == "Sin conexión: se conserva en este dispositivo."
    assert _say(page, "of-page") == "alrededor del {percent} % de una página"
    assert "Se guardó en otra pestaña o en otro dispositivo" in page  # the conflict box's template
    # Helper sentences and tips in the letter's language, marked with it.
    assert '<li lang="es"><strong>Saludo</strong>' in page
    assert "Le pido con respeto que actúe cuanto antes y que respete los derechos de Ana Example." in page
    assert '<ul lang="es"><li>Escribe con educación y respeto' in page
    assert 'id="body" name="body"' in page and 'lang="es" dir="auto">Le escribo por' in page
    assert "Add to my letter" not in page and "Helper sentences" not in page


def test_a_spanish_letter_on_an_english_page_gets_spanish_help(app, client, login, make_class,
                                                               make_student) -> None:
    classroom, student = _spanish_class(make_class, make_student)
    student.language = "en"  # this student reads pages in English; the letter is still Spanish
    db.session.commit()
    letter = write(assign(classroom, make_case()), student, body="Hola.")
    login(student)
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert '<html lang="en"' in page
    assert "Helper sentences" in page and "Add to my letter" in page and _say(page, "saving") == "Saving…"
    assert "<strong>Saludo</strong>" in page and "<strong>Greeting</strong>" not in page
    assert "Nunca escribas tu dirección" in page and "Never write your home address" not in page
    assert "Your letter is in Spanish, so the greeting and closing are in Spanish too." in page


def test_an_english_letter_on_a_spanish_page_gets_english_help(app, client, login, make_class,
                                                               make_student) -> None:
    classroom, student = _spanish_class(make_class, make_student)
    letter = write(assign(classroom, make_case()), student, body="Dear Minister.")
    letter.language = "en"
    db.session.commit()
    login(student)
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert '<html lang="es"' in page and "Frases de ayuda" in page and "Añadir a mi carta" in page
    assert '<li lang="en"><strong>Greeting</strong>' in page and "<strong>Saludo</strong>" not in page
    assert "I am writing to you about Ana Example." in page
    assert '<ul lang="en"><li>Be polite and respectful' in page
    assert "Escrita en" not in page  # still editable: the language list, not "written in"
    assert '<option lang="en" selected value="en">English</option>' in page or \
        re.search(r'<option lang="en"[^>]*selected[^>]*>English</option>', page)


def test_the_class_language_chooses_spanish_helper_sentences_for_every_kind(app, make_class, make_student) -> None:
    from classroom.letters import writing_help

    classroom, student = _spanish_class(make_class, make_student)
    group = [{"name": "Activists arrested at a protest", "pronouns": "group"}]
    assignment = assign(classroom, make_case(people=group), kinds=("appeal", "solidarity", "social", "phone"))
    card = dict(writing_help.sentences(assignment, student, "solidarity"))
    assert card["Saludo"] == "¡Hola a todas y a todos!"  # a group is never greeted by its description
    two = assign(classroom, make_case(people=["Ana Example", "Luis Example"]), kinds=("solidarity",))
    assert dict(writing_help.sentences(two, student, "solidarity"))["Saludo"] == "¡Hola, Ana Example y Luis Example!"
    every = " ".join(text for kind in ("appeal", "solidarity", "social", "phone")
                     for _, text in writing_help.sentences(assignment, student, kind))
    assert "Activists" not in every and " the " not in every


def test_english_words_are_refused_in_another_languages_sentences() -> None:
    import pytest

    from classroom.letters import writing_help

    part = {"sentences": {kind: [{"label": "Hola", "text": "Escribo por {people}."}]
                          for kind in ("appeal", "solidarity", "social", "phone")}, "tips": ["Sé amable."]}
    with pytest.raises(writing_help.WritingHelpError) as error:
        writing_help.parse_file({"en": part | {"tips": ["Be kind."]}, "es": part})
    assert "es" in str(error.value) and "unknown placeholder {people}" in str(error.value)
    assert "its words are English" in str(error.value)
    with pytest.raises(writing_help.WritingHelpError, match="English among them"):
        writing_help.parse_file({"es": part})


def test_the_assignment_home_and_versions_pages_in_spanish(app, client, login, make_class, make_student) -> None:
    classroom, student = _spanish_class(make_class, make_student)
    assignment = assign(classroom, make_case())
    login(student)
    page = page_text(client.get(f"/assignments/{assignment.id}"))
    for words in ("Qué está pasando", "Por quién escribimos", "Tus cartas", "Empezar a escribir",
                  "¿Qué vas a escribir?", "Una carta para", "Empezar con frases de ayuda que puedo cambiar"):
        assert words in page, words
    letter = write(assignment, student, body="Hola.")
    home = page_text(client.get("/"))
    assert "¡Hola, Lucía!" in home and "1 carta necesita tu atención" in home and "Borrador" in home
    assert "todavía no se la enviaste a tu docente" in home
    assert "Tus clases" in home and "Sus clases" not in home  # tú on a student's page
    versions = page_text(client.get(f"/letters/{letter.id}/revisions"))
    assert "Versiones anteriores de tu carta" in versions and "Versión 2" in versions and "Empezada" in versions
    restored = client.post(f"/letters/{letter.id}/revisions/1/restore", follow_redirects=True)
    assert "Recuperaste la versión 1. Tus otras versiones siguen guardadas." in page_text(restored)
