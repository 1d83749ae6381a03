"""Importing a real Urgent Action layout in a real browser at 1366 px: the preview shows each
official's whole recipient block and the lines not used with their numbers; the curator corrects
the case in the YAML editor, previews again and only then saves."""
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


def test_curator_previews_a_pdf_text_sees_unused_lines_corrects_the_yaml_and_saves(
        page: Page, a11y: A11y, make_teacher: Callable[..., User]) -> None:
    curator = make_teacher("Dr Lin Chen", curator=True)
    sign_in(page, a11y, curator)
    page.goto("/cases/import")
    a11y.check(page)
    page.get_by_label("Paste the Urgent Action").fill(UA.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Preview", exact=True).click()

    preview = page.locator(".preview")
    expect(page.get_by_role("heading", name="Preview: 55/15 RADIO HOST THREATENED AFTER BROADCAST")).to_be_visible()
    card = preview.locator('[data-recipient="target-1"]')
    for part in ("Target 1: Sr. Ricardo Palma Villanueva", "Minister of the Interior", "Plaza 30 de Agosto 150",
                 "Dear Minister/Señor Ministro", "despacho@mininter-pe.example.org", "Twitter: @mininter_pe_demo"):
        expect(card).to_contain_text(part)
    unused = page.locator("#unused")
    expect(unused).to_contain_text("5 lines not used")
    expect(unused).to_contain_text("Line 20: Page 1 of 2")
    expect(unused).to_contain_text("Line 30: RADIO HOST THREATENED AFTER BROADCAST")
    warnings = page.locator("#warnings")  # one panel: the reader's checks and the passed deadline, by line
    expect(warnings).to_contain_text("Line 11: The deadline, 24 April 2015, has passed.")
    expect(warnings).to_contain_text("Line 22: Line 22 was read as the official's name")
    # Nothing overflows the page at 1366 px: long address and YAML lines wrap.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366
    a11y.check(page)
    assert db.session.scalar(select(Case.id)) is None

    editor = page.get_by_label("The case as YAML")
    editor.fill(editor.input_value().replace("title: RADIO HOST THREATENED AFTER BROADCAST",
                                             "title: Radio host threatened after a broadcast"))
    page.get_by_role("button", name="Show the corrected case").click()
    expect(page.get_by_role("heading", name="Preview: 55/15 Radio host threatened after a broadcast")).to_be_visible()
    a11y.check(page)
    assert db.session.scalar(select(Case.id)) is None

    page.get_by_role("button", name="Accept and save").click()
    expect(page.get_by_role("heading", name="Radio host threatened after a broadcast", level=1)).to_be_visible()
    a11y.check(page)
    case = db.session.scalar(select(Case))
    assert case.ai_index == "AMR 46/1402/2015"
    assert case.letter_targets[0].contact_lines == ["Twitter: @mininter_pe_demo"]
