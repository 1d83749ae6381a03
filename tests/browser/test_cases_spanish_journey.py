"""A curator who reads Spanish imports a pasted Urgent Action (issue 13): they choose Spanish with
the switch, find the import page from the library, paste a real layout, and read the preview's
problems in Spanish, at a laptop's width and a phone's, before saving it; the case page follows."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select

from classroom.auth.models import User
from classroom.cases.models import Case
from classroom.extensions import db

from .conftest import A11y, sign_in

UA = Path(__file__).parent.parent / "data" / "ua" / "document-2-pdf-page-furniture.txt"


def _fits(page: Page, width: int) -> None:
    """Nothing is wider than the window (Spanish runs about a quarter longer than English)."""
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_a_curator_in_spanish_imports_a_pasted_urgent_action_and_reads_its_problems_in_spanish(
        page: Page, a11y: A11y, make_teacher: Callable[..., User]) -> None:
    curator = make_teacher("Dr Lin Chen", curator=True)
    sign_in(page, a11y, curator)
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    a11y.check(page)

    page.get_by_role("link", name="Biblioteca de casos").first.click()
    expect(page.get_by_role("heading", name="Biblioteca de casos", level=1)).to_be_visible()
    a11y.check(page)
    page.get_by_role("link", name="Importar un caso").click()
    expect(page.get_by_role("heading", name="Importar una Acción Urgente")).to_be_visible()
    a11y.check(page)
    page.get_by_label("Pegue la Acción Urgente").fill(UA.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Vista previa", exact=True).click()

    expect(page.get_by_role("heading", name="Vista previa: 55/15 RADIO HOST THREATENED AFTER BROADCAST")).to_be_visible()
    expect(page.locator(".preview .hint").first).to_contain_text("Leído como: Ficha del caso (2013 a 2019).")
    warnings = page.locator("#warnings")
    expect(warnings.get_by_role("heading")).to_have_text("3 puntos por revisar")
    expect(warnings).to_contain_text("Línea 11: La fecha límite, 24 de abril de 2015, ya pasó.")
    expect(warnings).to_contain_text("Línea 16: El país 'Peru' se tomó de la última línea de la dirección del "
                                     "destinatario 1; compruébelo.")
    expect(warnings).to_contain_text("Línea 22: La línea 22 se leyó como el nombre de la autoridad")
    unused = page.locator("#unused")
    expect(unused).to_contain_text("5 líneas sin usar")
    expect(unused).to_contain_text("Línea 20: Page 1 of 2")
    card = page.locator('[data-recipient="target-1"]')
    expect(card).to_contain_text("Destinatario 1: Sr. Ricardo Palma Villanueva")
    expect(card).to_contain_text("Saludo")
    _fits(page, 1366)
    a11y.check(page)
    page.set_viewport_size({"width": 390, "height": 844})
    _fits(page, 390)
    page.set_viewport_size({"width": 1366, "height": 768})
    assert db.session.scalar(select(Case.id)) is None

    page.get_by_role("button", name="Aceptar y guardar").click()
    expect(page.get_by_role("heading", name="RADIO HOST THREATENED AFTER BROADCAST", level=1)).to_be_visible()
    expect(page.get_by_text("55/15 “RADIO HOST THREATENED AFTER BROADCAST” se añadió a la biblioteca.")).to_be_visible()
    expect(page.get_by_role("heading", name="Herramientas de curaduría")).to_be_visible()
    expect(page.get_by_role("heading", name="Personas en peligro")).to_be_visible()
    _fits(page, 1366)
    a11y.check(page)
    page.set_viewport_size({"width": 390, "height": 844})
    _fits(page, 390)
    a11y.check(page)
    case = db.session.scalar(select(Case))
    assert case.ai_index == "AMR 46/1402/2015"
