"""Child-safety checks on letters written in Spanish, and their findings read in Spanish.

A Spanish letter (``Letter.language`` "es", "es-MX" ...) is checked with the Spanish word lists and
the phone and address formats of Spain, Mexico and US bilingual classes, plus what is the same
in any language (emails, links, "+" numbers). The student reads the findings in tú, the
teacher in usted; both from flags kept on the letter as data.
"""
from __future__ import annotations

import html
from collections.abc import Callable

import pytest
from flask import Flask
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classroom.auth.models import School, User
from classroom.classes.models import Classroom
from classroom.extensions import db
from classroom.letters import services as letters
from classroom.letters.models import Letter
from classroom.letters.safety import KINDS, check_letter
from classroom.letters.safety.findings import as_data, kept_message, message

from .factories import assign, make_case, write

# Real-shaped letters: the student's details in the ways Spanish-speaking children write them.
POSITIVE = [
    # phone numbers: Spain, Mexico, international, US Spanish
    pytest.param("phone", "Mi número es +34 612 34 56 78, por si quiere contestarme.", "+34 612 34 56 78",
                 id="phone-spain-international"),
    pytest.param("phone", "Si quiere hablar conmigo, mi móvil es 612 34 56 78.", "612 34 56 78", id="phone-spain-mobile"),
    pytest.param("phone", "Llame a mi casa al 91 123 45 67 por la tarde.", "91 123 45 67", id="phone-madrid"),
    pytest.param("phone", "Mi celular es 55 1234 5678, mándeme un mensaje.", "55 1234 5678", id="phone-cdmx"),
    pytest.param("phone", "Mi celular es (55) 1234-5678.", "(55) 1234-5678", id="phone-cdmx-parens"),
    pytest.param("phone", "Puede llamarme al +52 1 33 1234 5678.", "+52 1 33 1234 5678", id="phone-mexico-international"),
    pytest.param("phone", "Mi teléfono es (512) 555-0199 en Austin.", "(512) 555-0199", id="phone-us-spanish"),
    # addresses
    pytest.param("address", "Vivo en la calle Mayor 12, 3º B, y voy al colegio andando.",
                 "Vivo en la calle Mayor 12, 3º B", id="address-spain-floor-door"),
    pytest.param("address", "Mi casa está en Av. Insurgentes Sur 1602, Col. Crédito Constructor, C.P. 03100.",
                 "Mi casa está en Av. Insurgentes Sur 1602, Col. Crédito Constructor, C.P. 03100",
                 id="address-mexico-colonia-cp"),
    pytest.param("address", "Le escribo desde C/ Alcalá 45, 2º izq., en Madrid.", "C/ Alcalá 45, 2º izq.",
                 id="address-spain-c-slash"),
    pytest.param("address", "Mi código postal es C.P. 44100 en Guadalajara.", "C.P. 44100", id="address-cp-alone"),
    pytest.param("address", "vivimos en la esquina de Juárez y Morelos", "vivimos en la esquina de Juárez",
                 id="address-vivimos-esquina"),
    pytest.param("address", "Vivo en 1234 Oak Street, Austin, TX 78701.", "Vivo en 1234 Oak Street, Austin, TX 78701",
                 id="address-us-spanish"),
    # contact details in any language, and the Spanish way of saying them
    pytest.param("email", "Escríbame a maya.k@gmail.com si me contesta.", "maya.k@gmail.com", id="email"),
    pytest.param("email", "mi correo es maya arroba gmail punto com", "maya arroba gmail punto com",
                 id="email-spoken"),
    pytest.param("handle", "Sígueme en TikTok: @maya_k2014", "Sígueme en TikTok: @maya_k2014", id="handle-sigueme"),
    pytest.param("handle", "Mi Instagram es maya.k", "Mi Instagram es maya.k", id="handle-mi-instagram"),
    pytest.param("handle", "Mira mi perfil instagram.com/maya_k", "instagram.com/maya_k", id="handle-link"),
    # insults: any letter case, with or without accents, plurals, spelling tricks
    pytest.param("insult", "Usted es un estúpido.", "estúpido", id="insult"),
    pytest.param("insult", "USTED ES UN ESTUPIDO.", "ESTUPIDO", id="insult-capitals-no-accent"),
    pytest.param("insult", "Son unos imbeciles.", "imbeciles", id="insult-plural-no-accent"),
    pytest.param("insult", "Es usted un tooonto.", "tooonto", id="insult-stretched"),
    pytest.param("insult", "¡Cállese ya y libere a Ana!", "Cállese", id="insult-callese"),
    pytest.param("insult", "Eres un cerdo.", "cerdo", id="insult-cerdo"),
    # threats, including the school-yard kind
    pytest.param("threat", "Si no la libera, te voy a pegar.", "te voy a pegar", id="threat-te-voy-a-pegar"),
    pytest.param("threat", "Te espero a la salida.", "Te espero a la salida", id="threat-school-yard"),
    pytest.param("threat", "Sé dónde vive usted.", "Sé dónde vive", id="threat-se-donde-vive"),
    pytest.param("threat", "se donde vives", "se donde vives", id="threat-no-accents"),
    pytest.param("threat", "Me las vas a pagar.", "Me las vas a pagar", id="threat-me-las-vas-a-pagar"),
    pytest.param("threat", "t voy a partir la cara", "t voy a partir la cara", id="threat-chat-spelling"),
    pytest.param("threat", "Vamos a matarlo si no la suelta.", "Vamos a matarlo", id="threat-clitic"),
]

# Clean letters and case facts: nothing to flag.
NEGATIVE = [
    pytest.param("Estimado señor Fiscal: le escribo para pedirle que libere de inmediato a Ana, una defensora "
                 "de los derechos humanos. Le pido con respeto que la deje ver a su familia. Atentamente, Maya",
                 id="polite-appeal"),
    pytest.param("Las protestas empezaron en la calle Mayor y llegaron a la Plaza de Mayo.", id="street-names-no-number"),
    pytest.param("En la Plaza de Mayo 30 personas fueron detenidas en 1977.", id="count-after-square"),
    pytest.param("El 12 de mayo de 2019, 150 manifestantes fueron detenidos en la Avenida Central.", id="date-and-count"),
    pytest.param("Vivo en Madrid con mi familia y tengo 12 años.", id="vivo-en-a-city"),
    pytest.param("Vivo en un pueblo de 300 habitantes.", id="vivo-en-a-village"),
    pytest.param("Soy de 3º B y tengo 12 años.", id="school-class-name"),
    pytest.param("El país tiene 612.345.678 habitantes.", id="a-count-with-dots"),
    pytest.param("Lo mataron en 2019 y quemaron casas. Sufrió tortura y violencia.", id="case-facts-harm"),
    pytest.param("Si no lo liberan, va a morir en la cárcel.", id="plea-not-threat"),
    pytest.param("En el comedor nos dan carne de cerdo los lunes.", id="harmless-cerdo"),
    pytest.param("Mi cuento favorito es El patito feo.", id="harmless-feo"),
    pytest.param("Te pego el enlace de la campaña.", id="harmless-te-pego-el-enlace"),
    pytest.param("¡Te vas a morir de risa con nuestra tarjeta!", id="harmless-morir-de-risa"),
    pytest.param("Vi este caso en Instagram. Sigan a Amnistía en Twitter. #LibertadYa", id="social-no-handle"),
    pytest.param("La Acción Urgente UA 123/20 se publicó el 14/07/2020.", id="ua-number-and-date"),
]


@pytest.mark.parametrize(("kind", "text", "expected"), POSITIVE)
def test_a_spanish_letter_with_a_childs_details_or_rude_words_is_flagged(kind: str, text: str, expected: str) -> None:
    flags = check_letter(text, language="es")
    assert [f.kind for f in flags] == [kind], flags
    assert flags[0].matches == (expected,)
    [(start, end)] = flags[0].spans
    assert text[start:end] == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_a_clean_spanish_letter_passes(text: str) -> None:
    assert check_letter(text, language="es") == []


@pytest.mark.parametrize("language", ["es", "es-MX", "es-419", "ES"])
def test_every_spanish_tag_uses_the_spanish_checks(language: str) -> None:
    assert [f.kind for f in check_letter("Mi celular es 55 1234 5678. Eres un idiota.", language=language)] == [
        "phone", "insult"]


def test_an_english_letter_is_checked_as_before() -> None:
    # Spanish formats and words are not English ones...
    assert check_letter("Call 55 1234 5678 or see me at calle Mayor 12. Te voy a pegar.", language="en") == []
    # ...what is the same in every language is found in both...
    for language in ("en", "es"):
        found = check_letter("+34 612 34 56 78, maya.k@gmail.com, instagram.com/maya_k", language=language)
        assert [f.kind for f in found] == ["phone", "email", "handle"], language
    # ...and a language without lists of its own is checked with the English ones.
    assert [f.kind for f in check_letter("You are stupid. 07700 900123", language="fr")] == ["phone", "insult"]


def test_the_officials_office_address_is_not_the_childs() -> None:
    office = "Fiscalía General de la República\nAv. de los Insurgentes 20\nCol. Centro\n06000 Ciudad de México"
    text = ("Le escribo a su oficina de Av. de los Insurgentes 20 para pedirle que libere a Ana. "
            "Yo vivo en la calle Durango 5.")
    flags = check_letter(text, language="es", public_addresses=[office])
    assert [(f.kind, f.matches) for f in flags] == [("address", ("vivo en la calle Durango 5",))]
    # Without the office's address the checker cannot tell: both are shown to the teacher.
    assert len(check_letter(text, language="es")[0].matches) == 2


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
       language=st.sampled_from(["es", "en", "es-MX", "fr", ""]))
def test_checking_never_fails_on_any_text(text: str, language: str) -> None:
    flags = check_letter(text, language=language)
    assert [f.kind for f in flags] == sorted((f.kind for f in flags), key=KINDS.index)
    for flag in flags:
        assert flag.matches == tuple(text[a:b] for a, b in flag.spans)
        assert all(0 <= a < b <= len(text) for a, b in flag.spans)


SPANISHY = st.lists(st.sampled_from(
    ["calle", "Calle", "C/", "Av.", "Col.", "C.P.", "vivo", "en", "mi", "casa", "está", "12", "3º", "B", ",", ".",
     "55", "1234", "5678", "+34", "612", "te", "voy", "a", "pegar", "estúpido", "de", "Mayor", "s/n", "\n", "@", "x"]),
    max_size=80).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=SPANISHY)
def test_checking_never_fails_on_address_like_spanish(text: str) -> None:
    for flag in check_letter(text, language="es"):
        assert flag.matches == tuple(text[a:b] for a, b in flag.spans)


# --- the findings, in the reader's language --------------------------------------------------------------------

@pytest.mark.parametrize("kind", [*KINDS, "unprintable"])
def test_every_finding_reads_in_spanish_for_the_student_and_the_teacher(app: Flask, kind: str) -> None:
    details = {"over": 15, "page": "appeal"} if kind == "length" else {}
    with app.test_request_context():
        english = message(kind, "student", ["\ue000"], details)
        with force_locale("es"):
            student, teacher = (message(kind, reader, ["\ue000"], details) for reader in ("student", "teacher"))
    assert english == message(kind, "teacher", ["\ue000"], details)  # English has one register
    assert student != english and teacher != english
    assert "%(" not in student + teacher
    if kind == "length":
        assert "15" in student and "15" in teacher


def test_the_student_is_spoken_to_with_tu_and_the_teacher_with_usted(app: Flask) -> None:
    with app.test_request_context(), force_locale("es"):
        assert message("surname", "student").endswith("quítalo, por favor.")
        assert "Tu clase" in message("surname", "student") and "Su clase" in message("surname", "teacher")


def test_flags_are_kept_as_data_and_worded_when_read(app: Flask) -> None:
    kept = as_data(check_letter("Mi celular es 55 1234 5678.", language="es"))
    assert kept == [{"kind": "phone", "matches": ["55 1234 5678"], "spans": [[14, 26]], "details": {}}]
    with app.test_request_context():
        assert kept_message(kept[0]) == "This looks like a phone number. Letters never include phone numbers."
        with force_locale("es"):
            assert kept_message(kept[0]) == "Parece un número de teléfono. Las cartas nunca llevan números de teléfono."


def test_a_flag_kept_before_flags_were_data_still_reads(app: Flask) -> None:
    old_length = {"kind": "length", "message": "This letter is about 15 words too long for one page.",
                  "matches": [], "spans": []}
    old_phone = {"kind": "phone", "message": "This looks like a phone number.", "matches": ["07700 900123"],
                 "spans": [[0, 12]]}
    with app.test_request_context(), force_locale("es"):
        assert kept_message(old_length) == old_length["message"]  # its numbers were not kept: shown as it was
        assert kept_message(old_phone).startswith("Parece un número de teléfono.")


# --- a Spanish class, through the pages ---------------------------------------------------------------------

def _text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def spanish_class(app: Flask, make_school: Callable[..., School], make_teacher: Callable[..., User],
                  make_class: Callable[..., Classroom], make_student: Callable[..., User]):  # type: ignore[no-untyped-def]
    """A Mexican school's class (its pages and letters in Spanish), a student and an assigned case."""
    school = make_school("Escuela Benito Juárez", address="Calle Morelos 8\nCentro\n44100 Guadalajara, Jal.",
                         country="Mexico", locale="es-MX")
    teacher = make_teacher("Mtra. Lucía Gómez", school=school)
    classroom = make_class(teacher, name="6º A", band="middle")
    student = make_student(classroom, name="Mateo Ruiz", username="mateo.r")
    assignment = assign(classroom, make_case())
    return teacher, student, assignment


LETTER = ("Estimado señor Ministro: le pido que libere a Ana. Si quiere contestarme, mi celular es 55 1234 5678. "
          "Atentamente, Mateo")


def test_a_spanish_student_sees_the_findings_in_spanish_and_the_teacher_too(app, client, login, spanish_class) -> None:
    teacher, student, assignment = spanish_class
    letter = write(assignment, student, LETTER)
    assert letter.language.startswith("es")
    login(student)
    check = _text(client.post(f"/letters/{letter.id}/submit"))
    assert "Esto parece un número de teléfono. Las cartas nunca llevan números de teléfono." in check
    assert "<mark>55 1234 5678</mark>" in check
    client.post(f"/letters/{letter.id}/submit", data={"confirm": "1"})
    sent = db.session.get(Letter, letter.id)
    assert sent is not None and sent.state == "submitted"
    at = LETTER.index("55 1234")
    assert sent.safety_flags == [{"kind": "phone", "matches": ["55 1234 5678"], "spans": [[at, at + 12]], "details": {}}]
    client.post("/auth/signout")

    login(teacher)
    review = _text(client.get(f"/review/letters/{letter.id}"))
    assert "Parece un número de teléfono. Las cartas nunca llevan números de teléfono." in review
    assert 'title="Parece un número de teléfono.' in review  # the mark in the letter itself
    assert "Esto parece" not in review  # the student's wording is the student's


def test_a_spanish_school_letter_in_english_is_checked_in_english(app, spanish_class) -> None:
    _, student, assignment = spanish_class
    letter = write(assignment, student, "Dear Minister, you are stupid. Call me on 55 1234 5678.")
    letter.language = "en"
    assert [f.kind for f in letters.safety_check(letter)] == ["insult"]
    letter.language = "es"
    assert [f.kind for f in letters.safety_check(letter)] == ["phone"]
