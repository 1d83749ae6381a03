"""Pages in the reader's language: who gets which, the switch, and catalogs that are complete."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from classroom import i18n
from classroom.extensions import db

from .factories import PASSWORD, add_class, add_student, make_world

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None, "lazy_ngettext": (1, 2), "lazy_pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def _sign_in(client: FlaskClient, login: str) -> None:
    response = client.post("/auth/signin", data={"login": login, "password": PASSWORD})
    assert response.status_code == 302


def _language(client: FlaskClient, path: str = "/") -> str:
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'<html lang="([^"]+)"', html)
    assert found
    return found.group(1)


def test_the_browser_language_picks_the_pages_language(client: FlaskClient) -> None:
    """Nobody chose: the browser's Accept-Language, and English when pages don't exist in it."""
    page = client.get("/auth/signin", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    assert '<html lang="es" dir="ltr">' in page.get_data(as_text=True)
    assert "Iniciar sesión" in page.get_data(as_text=True)
    assert _language(client.application.test_client(), "/auth/signin") == "en"
    other = client.application.test_client()
    assert "Sign in" in other.get("/auth/signin", headers={"Accept-Language": "fi"}).get_data(as_text=True)


def test_the_switch_keeps_a_signed_out_choice_in_a_cookie_and_goes_back(client: FlaskClient) -> None:
    response = client.post("/language", data={"language": "es", "next": "/auth/forgot"})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/forgot"
    assert _language(client, "/auth/signin") == "es"
    # Another site's address is never followed.
    response = client.post("/language", data={"language": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert _language(client) == "en"


def test_a_language_not_offered_is_refused_with_a_message_and_changes_nothing(client: FlaskClient) -> None:
    client.post("/language", data={"language": "es", "next": "/"})
    response = client.post("/language", data={"language": "xx-evil", "next": "/"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Ese idioma no está disponible" in html
    assert _language(client) == "es"


def test_a_signed_in_choice_is_the_accounts_and_follows_it_to_another_browser(app: Flask, client: FlaskClient) -> None:
    world = make_world()
    _sign_in(client, world.teacher.email)
    client.post("/language", data={"language": "es", "next": "/"})
    assert db.session.get(type(world.teacher), world.teacher.id).language == "es"
    elsewhere = app.test_client()
    _sign_in(elsewhere, world.teacher.email)
    assert _language(elsewhere) == "es"


def test_the_order_own_choice_then_class_then_school_then_browser(app: Flask, client: FlaskClient) -> None:
    world = make_world()
    english_class = add_class(world, name="7B")
    student = add_student(world, english_class, "Sam Brown")
    spanish_class = add_class(world, name="5B bilingüe")
    spanish_class.language = "es"
    child = add_student(world, spanish_class, "Lucía Pérez")
    db.session.commit()
    _sign_in(client, child.username)
    assert _language(client) == "es", "a student reads their class's language"
    client.post("/language", data={"language": "en", "next": "/"})
    assert _language(client) == "en", "their own choice wins over the class's"

    english = app.test_client()
    _sign_in(english, student.username)
    assert _language(english) == "en"
    world.school.locale = "es-MX"
    db.session.commit()
    teacher = app.test_client()
    _sign_in(teacher, world.teacher.email)
    page = teacher.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'lang="es"' in page, "the school's language wins over the browser's"


def test_dates_follow_the_page_language_in_the_schools_style(app: Flask, client: FlaskClient) -> None:
    from classroom.dates import page_locale

    assert page_locale("es-MX", "es") == "es-MX"
    assert page_locale("en-US", "es") == "es"
    assert page_locale("en-US", "en") == "en-US"
    assert page_locale("de-DE", "en") == "en-GB"


def _extracted() -> dict[str, set[str]]:
    """Every message in the code and templates (as `scripts/translations` extracts them): id -> places."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, set[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        key = message[0] if isinstance(message, tuple) else message
        if key:
            found.setdefault(key, set()).add(filename)
    return found


@pytest.fixture(scope="module")
def extracted() -> dict[str, set[str]]:
    return _extracted()


@pytest.mark.parametrize("language", [lang for lang in i18n.languages() if lang != "en"] or ["es"])
def test_every_message_is_translated_and_none_is_fuzzy(extracted: dict[str, set[str]], language: str) -> None:
    path = i18n.catalog_path(language)
    assert path.is_file(), f"no catalog for {language}"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    done = {}
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if key and not message.fuzzy and all(strings):
            done[key] = strings
    missing = sorted(set(extracted) - set(done))
    assert not missing, (f"{len(missing)} messages untranslated in {language} (run scripts/translations update, "
                         "then translate):\n" + "\n".join(f"  {m[:90]!r} ({sorted(extracted[m])[0]})" for m in missing[:40]))
    wrong = [key for key, strings in done.items()
             if any({p for pair in PLACEHOLDER.findall(s) for p in pair if p}
                    != {p for pair in PLACEHOLDER.findall(key) for p in pair if p} for s in strings[:1])]
    assert not wrong, "translations whose %(name)s placeholders differ from the English:\n" + "\n".join(wrong[:20])
