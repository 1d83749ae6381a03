"""A letter is written in the student's language and prints that way (issue 18).

The language is the student's choice, not the official's: greeting, closing, dates, fonts and
direction follow it, and each block of text takes its direction from its own script.
"""
from __future__ import annotations

import html
import re
import subprocess
from difflib import SequenceMatcher

import pytest
from babel.dates import format_date
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from classroom.clock import today
from classroom.extensions import db
from classroom.letters import languages
from classroom.letters import services as letters
from classroom.letters.models import Letter
from classroom.printing import render, services
from classroom.printing.documents import LetterDocument

from .factories import PASSWORD, add_class, add_student, approve, assign, make_case, make_world, write, written
from .printed import catalog_lang, pdf_reader, squash

ARABIC_SALUTATION = "معالي الوزير المحترم،"
WAZIR = {"name": "Minister of Interior", "title": "Ministry of Interior", "salutation": ARABIC_SALUTATION,
         "address": ["Ministry of Interior", "Airport Road", "Riyadh 11134", "Saudi Arabia"],
         "email": "", "language": "ar", "verify": True}
ENGLISH_BODY = "Please release Ana Example. She only wrote about a protest."
ARABIC_BODY = "أطلب منكم الإفراج عن آنا فوراً."


def letter_html(letter: Letter) -> str:
    """The HTML WeasyPrint is given for this letter."""
    doc = services.document(letter)
    template = "printing/solidarity.html" if doc.kind == "solidarity" else "printing/letter.html"
    return render.render_template_html(template, render.letter_context(doc), doc.page_size, doc.language)


def root(page: str) -> tuple[str, str]:
    """(lang, dir) of the <html> element."""
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)"', page)
    assert match, page[:300]
    return match.group(1), match.group(2)


def element_dir(page: str, text: str) -> str:
    """The dir attribute of the element whose content starts with ``text``."""
    match = re.search(r'dir="(rtl|ltr)"[^>]*>\s*' + re.escape(html.escape(text, quote=False)), page)
    assert match, f"{text!r} not found with a dir"
    return match.group(1)


def poppler_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it (logical order for right-to-left text too)."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")


@pytest.fixture
def arabic_case_world(app: Flask):
    """An English-speaking school whose class writes to an official who reads Arabic."""
    world = make_world()
    classroom = add_class(world)
    student = add_student(world, classroom, "Maya Kowalski")
    assignment = assign(classroom, make_case(country="Saudi Arabia", targets=(WAZIR,)))
    return world, student, assignment


# --- printing -------------------------------------------------------------------------------------

def test_an_english_letter_to_an_arabic_reading_official_prints_left_to_right(arabic_case_world) -> None:
    world, student, assignment = arabic_case_world
    letter = written(assignment, student, ENGLISH_BODY)
    assert letter.language == "en"  # the school's language, not the official's
    page = letter_html(letter)
    assert root(page) == ("en", "ltr")
    assert element_dir(page, ENGLISH_BODY) == "ltr"
    assert element_dir(page, "Dear Sir or Madam,") == "ltr"  # the case's Arabic greeting is for Arabic letters
    assert element_dir(page, "Yours sincerely,") == "ltr"
    assert ARABIC_SALUTATION not in page and "مع خالص الاحترام" not in page

    pdf = services.letter_pdf(approve(letter, world.teacher))
    assert catalog_lang(pdf) == "en"
    text = poppler_text(pdf)
    assert "Yours sincerely," in text and "Dear Sir or Madam," in text
    assert "مع خالص الاحترام" not in text
    # Left to right: no line starts with the full stop that belongs at its end.
    assert not any(line.strip().startswith(".") for line in text.splitlines())


def test_an_arabic_letter_prints_right_to_left_with_the_arabic_closing(arabic_case_world) -> None:
    world, student, assignment = arabic_case_world
    letter = write(assignment, student, f"{ARABIC_BODY}\n\n{ENGLISH_BODY}")
    letters.set_language(letter, "ar")
    letters.submit(letter, student)
    db.session.commit()
    page = letter_html(letter)
    assert root(page) == ("ar", "rtl")
    assert element_dir(page, ARABIC_SALUTATION) == "rtl"  # in the official's language: the case's own greeting
    assert element_dir(page, ARABIC_BODY) == "rtl"
    assert element_dir(page, ENGLISH_BODY) == "ltr"  # a paragraph follows its own script
    assert element_dir(page, "مع خالص الاحترام،") == "rtl"
    assert re.search(r'class="recipient" dir="ltr"', page)  # an English address stays flush left

    pdf = services.letter_pdf(approve(letter, world.teacher))
    assert catalog_lang(pdf) == "ar"
    text = squash(poppler_text(pdf))
    assert squash("مع خالص الاحترام") in text and squash("Yours sincerely") not in text


def test_a_hebrew_card_is_right_to_left(arabic_case_world) -> None:
    _, student, assignment = arabic_case_world
    letter = write(assignment, student, "אנחנו חושבים עליך.", kind="solidarity")
    letters.set_language(letter, "he")
    page = letter_html(letter)
    assert root(page) == ("he", "rtl")
    assert element_dir(page, "אל Ana Example") == "rtl"
    assert element_dir(page, "בתקווה ובסולידריות,") == "rtl"
    assert "With hope and solidarity" not in page and ">To " not in page


def test_a_japanese_card_is_lang_ja_and_set_in_the_japanese_font(arabic_case_world) -> None:
    _, student, assignment = arabic_case_world
    letter = write(assignment, student, "いつもあなたのことを思っています。", kind="solidarity")
    letters.set_language(letter, "ja")
    page = letter_html(letter)
    assert root(page) == ("ja", "ltr")
    assert "Ana Exampleさんへ" in page and "希望と連帯をこめて" in page
    pdf = services.letter_pdf(letter)
    fonts = {str(font["/BaseFont"]) for page in pdf_reader(pdf).pages
             for font in page["/Resources"]["/Font"].get_object().values()}  # type: ignore[index]
    assert any(name.endswith("CJK-JP") for name in fonts), fonts
    assert not any(name.endswith(("CJK-SC", "CJK-KR")) for name in fonts), fonts


def test_a_date_follows_the_letters_language(arabic_case_world) -> None:
    _, student, assignment = arabic_case_world
    letter = write(assignment, student, ENGLISH_BODY)
    day = today()
    assert services.document(letter).date_text == format_date(day, "long", locale="en_GB")  # the school's en-GB
    letters.set_language(letter, "es")
    assert services.document(letter).date_text == format_date(day, "long", locale="es") != format_date(
        day, "long", locale="en_GB")


def sample(language: str, kind: str = "appeal") -> LetterDocument:
    """A letter or card in ``language`` with that language's wording."""
    wording = languages.wording(language)
    return LetterDocument(
        kind=kind, school_name="Riverside School", school_address=("14 Alder Lane", "United Kingdom"),
        date_text="26 November 2026", recipient_name="Minister", recipient_title="", recipient_address=("Capital",),
        salutation=wording.salutation if kind == "appeal" else "", body="Please release Ana Example.",
        closing=wording.closing if kind == "appeal" else wording.card_closing, signature="Maya K.",
        signature_note="Student", language=language, people=("Ana Example",), card_to=wording.card_to)


def test_there_are_at_least_forty_languages_with_every_starter_cases_language() -> None:
    known = set(languages.known_languages())
    assert len(known) >= 40
    required = {"bn", "ta", "th", "am", "ur", "vi", "my", "km", "ne", "si", "sw", "tr", "uk", "pl", "id", "tl",
                "fa", "he", "hi", "es", "fr", "pt", "de", "ru", "zh", "ja", "ko", "ar", "en"}
    assert required <= known
    from classroom.datafiles import DATA_DIR
    case_languages = set(re.findall(r"^\s*language:\s*(\S+)", "\n".join(
        path.read_text("utf-8") for path in (DATA_DIR / "cases").glob("*.yaml")), re.MULTILINE))
    assert {languages.primary(tag) for tag in case_languages} <= known
    assert {tag for tag in known if languages.direction(tag) == "rtl"} == {"ar", "he", "fa", "ur"}


@pytest.mark.parametrize("language", languages.known_languages())
def test_every_language_in_the_data_file_renders_with_its_closing(language: str) -> None:
    wording = languages.wording(language)
    assert all([wording.salutation, wording.closing, wording.card_closing]) and "{names}" in wording.card_to
    for kind in ("appeal", "solidarity"):
        doc = sample(language, kind)
        template = "printing/solidarity.html" if kind == "solidarity" else "printing/letter.html"
        page = html.unescape(render.render_template_html(template, render.letter_context(doc), "A4", language))
        assert root(page) == (language, languages.direction(language))
        for line in doc.closing.split("\n"):
            assert line in page
        assert (wording.salutation if kind == "appeal" else wording.card_to.replace("{names}", "Ana Example")) in page


@pytest.mark.parametrize("language", ["ur", "bn", "th", "am", "ko"])
def test_letters_in_other_scripts_print_their_closing(language: str) -> None:
    pdf = render.render_letter(sample(language))
    text = squash(poppler_text(pdf))
    closing = squash(languages.wording(language).closing.rstrip(",،"))
    if language == "ur":
        # Nastaliq draws several letters with one shared glyph, and a PDF maps each glyph to
        # one character, so copied Urdu text is close but not exact (docs/benchmarks.md).
        found = max(SequenceMatcher(None, closing, text[i:i + len(closing)]).ratio()
                    for i in range(len(text)))
        assert found >= 0.7
    else:
        assert closing in text
    assert squash("Yours sincerely") not in text


# --- the editor -----------------------------------------------------------------------------------

def test_the_editor_shows_the_closing_that_will_print_and_the_officials_language_first(
        arabic_case_world, client: FlaskClient) -> None:
    _, student, assignment = arabic_case_world
    letter = write(assignment, student, ENGLISH_BODY)
    client.post("/auth/signin", data={"login": student.login_name, "password": PASSWORD})
    page = client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert "This official reads Arabic." in page
    panel = page[page.index('id="language-panel"'):]  # the letter's language, not the page's switch
    options = re.findall(r'<option[^>]*value="([^"]+)"', panel[:panel.index("</select>")])
    assert options[:2] == ["ar", "en"]  # the official's language, then the class's
    assert len(options) == len(languages.known_languages())
    assert re.search(r'<option [^>]*selected value="en"|<option [^>]*value="en" selected', page)
    assert '<option lang="ar" value="ar">العربية</option>' in page, "each language by its own name, marked with it"
    sheet = page[page.index('id="salutation"'):page.index('id="closing"') + 200]
    assert "Dear Sir or Madam," in sheet and "Yours sincerely," in sheet


def test_choosing_a_language_works_without_javascript(arabic_case_world, client: FlaskClient) -> None:
    _, student, assignment = arabic_case_world
    letter = write(assignment, student, ENGLISH_BODY)
    client.post("/auth/signin", data={"login": student.login_name, "password": PASSWORD})
    response = client.post(f"/letters/{letter.id}/language", data={"language": "ar"})
    assert response.status_code == 302
    assert db.session.scalar(select(Letter.language).where(Letter.id == letter.id)) == "ar"
    page = client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert "Your letter is in Arabic now." in page
    assert ARABIC_SALUTATION in page and "مع خالص الاحترام،" in page and "Yours sincerely," not in page
    assert 'lang="ar" dir="auto"' in page

    # Not a language of the list: nothing changes.
    client.post(f"/letters/{letter.id}/language", data={"language": "x-evil"})
    assert db.session.scalar(select(Letter.language).where(Letter.id == letter.id)) == "ar"


def test_the_language_is_fixed_once_the_letter_is_with_the_teacher(arabic_case_world, client: FlaskClient) -> None:
    _, student, assignment = arabic_case_world
    letter = written(assignment, student, ENGLISH_BODY)
    with pytest.raises(letters.LetterError):
        letters.set_language(letter, "ar")
    client.post("/auth/signin", data={"login": student.login_name, "password": PASSWORD})
    client.post(f"/letters/{letter.id}/language", data={"language": "ar"})
    assert db.session.scalar(select(Letter.language).where(Letter.id == letter.id)) == "en"
    assert "Written in English." in client.get(f"/letters/{letter.id}").get_data(as_text=True)


# --- migration 0010 -------------------------------------------------------------------------------

def test_existing_letters_keep_the_language_they_printed_in(arabic_case_world) -> None:
    """Before 0010 an appeal printed in its official's language and a card in English."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    world, student, assignment = arabic_case_world
    appeal = approve(written(assignment, student, ENGLISH_BODY), world.teacher)
    card = written(assignment, student, "We think of you.", kind="solidarity")
    ids = appeal.id, card.id
    db.session.remove()
    downgrade(revision="0009_batch_removed_letters")
    upgrade()
    with db.engine.connect() as connection:
        found = dict(connection.execute(text("SELECT id, language FROM letters")).all())  # type: ignore[var-annotated]
    assert found == {ids[0]: "ar", ids[1]: "en"}


def test_the_teacher_reviews_the_greeting_and_closing_that_will_print(arabic_case_world, client: FlaskClient) -> None:
    world, student, assignment = arabic_case_world
    letter = written(assignment, student, ENGLISH_BODY)
    client.post("/auth/signin", data={"login": world.teacher.login_name, "password": PASSWORD})
    page = client.get(f"/review/letters/{letter.id}").get_data(as_text=True)
    assert "Written in English." in page
    assert "Dear Sir or Madam," in page and "Yours sincerely," in page and ARABIC_SALUTATION not in page
