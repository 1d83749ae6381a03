"""The print coordinator's journey in Spanish in a real browser (issue 13): they choose Spanish
with the switch, open the print queue, make a batch, download its cover sheet in Spanish and
mark it printed; every page passes the accessibility check, at a desktop and a phone width."""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from ..factories import (
    MINISTER,
    PROSECUTOR,
    add_class,
    add_student,
    approved,
    assign,
    make_case,
    make_world,
)
from ..printed import squash
from .conftest import A11y, sign_in

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("CLASSROOM_SCREENSHOTS")  # a folder: save screenshots and PDFs for a human look


def keep(name: str, page: Page | None = None, data: bytes | None = None) -> None:
    """Save a full-page screenshot (or a downloaded file) when CLASSROOM_SCREENSHOTS names a folder."""
    if not SHOTS:
        return
    if page is not None:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)
    if data is not None:
        (Path(SHOTS) / name).write_bytes(data)


@pytest.fixture
def coordinator(app: Flask):
    """Riverside School's coordinator, with three approved letters of 7B waiting in the queue."""
    school = make_world()
    classroom = add_class(school, "7B")
    maya, omar = add_student(school, classroom, "Maya Kowalski"), add_student(school, classroom, "Omar Haddad")
    assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    approved(assignment, maya, "Maya asks the minister to free Ana Example.", school.teacher)
    approved(assignment, omar, "Omar asks the minister to free Ana Example.", school.teacher)
    approved(assignment, maya, "Maya asks the prosecutor to drop the charges.", school.teacher, target=1)
    return school.coordinator


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_a_coordinator_batches_and_marks_printed_in_spanish(page: Page, a11y: A11y, coordinator,
                                                            viewport: dict[str, int]) -> None:
    page.set_viewport_size({"width": viewport["width"], "height": viewport["height"]})
    width = viewport["width"]
    sign_in(page, a11y, coordinator.login_name, "Hello, Coordinator Cora")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    a11y.check(page)

    page.goto("/printing/queue")
    expect(page.get_by_role("heading", name="Cola de impresión: Riverside School")).to_be_visible()
    expect(page.get_by_text("3 cartas aprobadas esperan su impresión.")).to_be_visible()
    a11y.check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the queue is wider than the screen"
    keep(f"queue-es-{width}", page)

    page.get_by_label("Nombre del lote").fill("Correo de diciembre")
    page.get_by_role("button", name="Crear lote").click()
    expect(page.get_by_role("heading", name="Correo de diciembre")).to_be_visible()
    expect(page.get_by_text("Lote “Correo de diciembre” creado con 3 cartas.")).to_be_visible()
    a11y.check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the batch page is wider than the screen"
    keep(f"batch-es-{width}", page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar el lote (PDF)").click()
    pdf = Path(info.value.path()).read_bytes()
    cover = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert squash("3 cartas para enviar") in squash(cover) and "letters to post" not in cover
    keep(f"cover-es-{width}.pdf", data=pdf)

    page.get_by_label("Fecha").fill("2026-12-01")
    page.get_by_role("button", name="Marcar como impreso").click()
    expect(page.get_by_text("Lote marcado como impreso: 3 cartas actualizadas.")).to_be_visible()
    expect(page.locator(".meta .badge")).to_have_text("Impreso el 1 de diciembre de 2026")
    expect(page.get_by_role("button", name="Marcar como enviado")).to_be_visible()
    a11y.check(page)
    keep(f"printed-es-{width}", page)
