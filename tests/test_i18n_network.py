"""The network in the reader's language (issue 13): a digest email is written in its teacher's
language, dates included, though cron sends it outside any request; the unsubscribe page its
link opens speaks the email's language; the curators' and alerts pages in Spanish."""
from __future__ import annotations

from urllib.parse import urlsplit

from classroom.cases.case_format import REGIONS
from classroom.extensions import db
from classroom.network import alerts
from classroom.network.forms import REGION_NAMES

from .factories import make_case
from .printed import text_of
from .test_alerts import SITE, app_config, body_of, smtp, subscribe  # noqa: F401  (fixtures)


def test_a_teacher_who_chose_spanish_gets_a_spanish_digest_and_an_english_teacher_an_english_one(
        app, smtp, make_teacher, make_class) -> None:
    ana = make_teacher(name="Ana Rivera", email="ana@school.example")
    ana.language = "es"
    ben = make_teacher(name="Ben Hall", email="ben@school.example", school=ana.school)
    db.session.commit()
    for teacher in (ana, ben):
        make_class(teacher, band="middle")
        subscribe(teacher, all_cases=True, email=True, frequency="immediately")
    make_case(ua_number="UA 70.26", title="Student journalist detained")

    report = alerts.send_digests()
    assert report.sent == 2
    messages = {recipients[0]: message for recipients, message in smtp.received}

    spanish = messages["ana@school.example"]
    assert spanish["Subject"] == "Escribe por los Derechos: 1 caso o novedad"
    text = body_of(spanish)
    assert text.startswith("Hola, Ana Rivera:")
    assert "Noticias de la biblioteca de Acciones Urgentes que coinciden con sus alertas:" in text
    assert "* Caso nuevo: Student journalist detained (UA 70.26" in text  # the case keeps its own words
    assert "1 de octubre de 2026" in text  # the case's issue date, in Spanish
    assert "Cancelar esta suscripción: " in text
    assert "Hello" not in text and "October" not in text and "Stop this subscription" not in text

    english = body_of(messages["ben@school.example"])
    assert messages["ben@school.example"]["Subject"] == "Write for Rights: 1 new case or update"
    assert english.startswith("Hello Ben Hall,") and "* New case: Student journalist detained" in english
    assert "1 October 2026" in english and "Stop this subscription: " in english
    assert "octubre" not in english


def test_the_unsubscribe_link_opens_in_the_emails_language(app, client, smtp, make_teacher) -> None:
    ana = make_teacher(name="Ana Rivera", email="ana@school.example")
    ana.language = "es"
    db.session.commit()
    subscription = subscribe(ana, themes=["freedom of expression"], email=True, frequency="weekly")
    path = urlsplit(f"{SITE}/network/unsubscribe/{alerts.unsubscribe_token(subscription)}").path

    confirm = client.get(path)  # not signed in, a browser that asks for English
    page = text_of(confirm)
    assert confirm.status_code == 200 and 'lang="es"' in confirm.get_data(as_text=True)
    assert "¿Dejar de recibir estos correos?" in page
    assert "Recibe un correo semanal sobre casos nuevos y novedades de “freedom of expression”." in page
    done = text_of(client.post(path))
    assert "Su suscripción se ha cancelado" in done
    assert "Ya no recibirá correos sobre “freedom of expression”." in done
    assert alerts.subscriptions_of(ana) == []

    # Someone who chose a language on this browser keeps it.
    other = subscribe(ana, all_cases=True, email=True)
    client.set_cookie("language", "en")
    english = text_of(client.get(f"/network/unsubscribe/{alerts.unsubscribe_token(other)}"))
    assert "Stop these emails?" in english and "“All cases”" in english


def test_the_mail_conditions_page_and_its_checks_in_spanish(app, client, login, make_teacher) -> None:
    curator = make_teacher(curator=True)
    curator.language = "es"
    db.session.commit()
    login(curator)
    refused = client.post("/network/mail-conditions", data={"country": "Hondoras", "status": "suspended",
                                                            "since": "2026-11-01"})
    assert refused.status_code == 400
    assert "No se conoce ningún país llamado “Hondoras”. ¿Quiso decir Honduras?" in text_of(refused)
    saved = client.post("/network/mail-conditions", data={"country": "Honduras", "status": "suspended",
                                                          "since": "2026-11-01", "note": ""}, follow_redirects=True)
    page = text_of(saved)
    assert "Guardado: correo postal suspendido a Honduras." in page
    assert "Honduras Correo postal suspendido 1 de noviembre de 2026" in page


def test_every_region_has_a_name_for_the_catalogs() -> None:
    assert set(REGION_NAMES) == set(REGIONS)
