"""The PDF layer on its own: letters, cards, cover and label sheets, joining.

No app or database: documents are plain values and the renderer is plain functions.
"""
from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
from dataclasses import replace

import pikepdf
import pytest
from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from classroom.printing import join, render
from classroom.printing.documents import (
    Address,
    CoverSheet,
    LabelSheet,
    LetterDocument,
    text_direction,
)

MM = 72 / 25.4
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)

BODY = (
    "I am a student at Riverside Community School. Our class read about Kelly, who has "
    "been threatened for defending her community's water.\n\n"
    "I respectfully ask you to protect Kelly and her family, in consultation with them, "
    "and to investigate the threats promptly and independently.\n\n"
    "Thank you for reading my letter."
)
LONG_BODY = "\n\n".join([BODY] * 7)  # runs onto a second page


def make_letter(**changes: object) -> LetterDocument:
    """An approved English appeal on A4; tests change what they look at."""
    doc = LetterDocument(
        kind="appeal",
        school_name="Riverside Community School",
        school_address=("14 Alder Lane", "Riverside RV4 7QP", "United Kingdom"),
        date_text="26 November 2026",
        recipient_name="Ms Ana Ruiz Pérez",
        recipient_title="Minister of the Interior",
        recipient_address=("Ministerio del Interior", "Plaza 30 de Agosto 150", "Lima 15001", "Peru"),
        salutation="Dear Minister,",
        body=BODY,
        closing="Yours sincerely,",
        signature="Maya K.",
        signature_note="Student, Riverside Community School",
        language="en",
        page_size="A4",
        draft=False,
        people=("Kelly Gonzalez Aguilar",),
        case_reference="UA 59.20",
    )
    return replace(doc, **changes)  # type: ignore[arg-type]


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF, page after page, as pypdf extracts it."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squash(text: str) -> str:
    """Text without whitespace or hyphens, so line breaks and hyphenation don't matter."""
    return re.sub(r"[\s\-\u00ad\u2010]", "", text)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page, to 1/100 pt."""
    return [(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
            for p in PdfReader(io.BytesIO(pdf)).pages]


# --- the letter ---------------------------------------------------------------------

def test_letter_parts_appear_in_reading_order() -> None:
    """Sender, date, recipient, salutation, body, closing, signature, note: in that order."""
    doc = make_letter()
    text = squash(pdf_text(render.render_letter(doc)))
    parts = [doc.school_name, *doc.school_address, doc.date_text, doc.recipient_name,
             doc.recipient_title, *doc.recipient_address, doc.salutation,
             *[p for p in BODY.split("\n\n")], doc.closing, doc.signature, doc.signature_note]
    position = 0
    for part in parts:
        found = text.find(squash(part), position)
        assert found >= 0, f"{part!r} missing or out of order"
        position = found + len(squash(part))


def test_normal_letter_is_one_page_and_has_no_page_number() -> None:
    """A normal letter fits one page; page numbers only appear on continuation pages."""
    pdf = render.render_letter(make_letter())
    assert render.page_count(pdf) == 1
    assert "1 / 1" not in pdf_text(pdf)


def test_long_letter_runs_over_with_page_numbers() -> None:
    """A letter that is too long continues, numbered, rather than being cut."""
    pdf = render.render_letter(make_letter(body=LONG_BODY))
    assert render.page_count(pdf) == 2
    assert "2 / 2" in PdfReader(io.BytesIO(pdf)).pages[1].extract_text()


@pytest.mark.parametrize(("page_size", "expected"), [("A4", A4), ("Letter", LETTER)])
def test_page_size(page_size: str, expected: tuple[float, float]) -> None:
    """The school's page size setting decides the paper."""
    for kind in ("appeal", "solidarity"):
        pdf = render.render_letter(make_letter(page_size=page_size, kind=kind))
        (width, height), = page_sizes(pdf)
        assert width == pytest.approx(expected[0], abs=1)
        assert height == pytest.approx(expected[1], abs=1)


@pytest.mark.parametrize("language", ["en", "ru", "ar", "zh-Hans", "ja", "he", "hi"])
def test_catalog_language_follows_the_letter(language: str) -> None:
    """WeasyPrint writes <html lang> to the catalog's /Lang, which screen readers use."""
    pdf = render.render_letter(make_letter(language=language))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == language


def test_html_root_carries_lang_and_direction() -> None:
    """lang and dir on <html> follow the language; RTL for Arabic and Hebrew."""
    html = render.render_template_html("printing/letter.html",
                                       render.letter_context(make_letter()), "A4", "ar")
    assert re.search(r'<html lang="ar" dir="rtl" class="page-a4">', html)
    assert text_direction("he-IL") == "rtl" and text_direction("fa") == "rtl"
    assert text_direction("en") == "ltr" and text_direction("zh-Hant") == "ltr"


@pytest.mark.parametrize("bad", ['en" onload="x', "en us", "", "e", "<b>", "en-" + "x" * 40])
def test_bad_language_tags_are_refused(bad: str) -> None:
    """The language ends up in an attribute, so anything but a clean tag is refused."""
    with pytest.raises(ValueError):
        make_letter(language=bad)
    with pytest.raises(ValueError):
        render.render_template_pdf("printing/labels.html", {"pages": [[]]}, "A4", bad)


def test_bad_page_size_is_refused() -> None:
    """Only A4 and Letter exist."""
    with pytest.raises(ValueError):
        make_letter(page_size="A5")


def test_watermark_only_on_drafts() -> None:
    """A draft preview says so across every page; an approved letter never does."""
    draft = pdf_text(render.render_letter(make_letter(draft=True)))
    assert "DRAFT" in draft and "not approved" in draft
    assert "DRAFT" not in pdf_text(render.render_letter(make_letter(draft=False)))
    long_draft = render.render_letter(make_letter(draft=True, body=LONG_BODY))
    assert all("DRAFT" in page.extract_text()
               for page in PdfReader(io.BytesIO(long_draft)).pages)


def test_solidarity_card_is_addressed_to_the_people() -> None:
    """The card says who it is for, then the message and the signature."""
    card = make_letter(kind="solidarity", body="We stand with you!", closing="With love,")
    text = pdf_text(render.render_letter(card))
    assert "To Kelly Gonzalez Aguilar" in text
    assert squash("To Kelly Gonzalez Aguilar We stand with you! With love, Maya K.") in squash(text)
    several = make_letter(kind="solidarity", people=("Ana", "Ben", "Chen Li"))
    assert "To Ana, Ben and Chen Li" in pdf_text(render.render_letter(several))


def test_student_line_breaks_are_kept_as_lines() -> None:
    """Blank lines make paragraphs; a single newline is a line break, not a space."""
    assert render.paragraphs("One\ntwo\r\n\r\n\n Three \n\n") == [["One", "two"], ["Three"]]
    assert render.paragraphs("a\x00b\x0cc") == [["abc"]]


def test_chinese_closing_keeps_its_two_lines() -> None:
    """"此致 / 敬礼" is written on two lines; the closing keeps the line break."""
    html = render.render_template_html(
        "printing/letter.html", render.letter_context(make_letter(closing="此致\n敬礼")),
        "A4", "zh")
    assert "此致<br>敬礼" in html


# --- the envelope window --------------------------------------------------------------

def word_boxes(pdf: bytes) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) for every word on page 1, from pdftotext -bbox."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: sudo apt-get install poppler-utils (scripts/test installs it)", pytrace=False)
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"],
                         input=pdf, capture_output=True, check=True).stdout.decode()
    return [(m[5], float(m[1]), float(m[2]), float(m[3]), float(m[4])) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        out)]


@pytest.mark.parametrize(("page_size", "window"), [
    # (left, top, right, bottom) in points of the area that shows through the window
    # whether the folded sheet rides high or low in the envelope.
    ("A4", (20 * MM, 50 * MM, 110 * MM, 84 * MM)),             # DL / C5/6, DIN 5008 B
    ("Letter", (0.875 * 72, 2.2 * 72, 5.375 * 72, 3.3 * 72)),  # US #10
])
def test_recipient_block_sits_in_the_envelope_window(
        page_size: str, window: tuple[float, float, float, float]) -> None:
    """Every word of a six-line recipient block lies inside the window area."""
    doc = make_letter(page_size=page_size, recipient_name="Zqname Zqsurname",
                      recipient_title="Zqtitle", recipient_address=(
                          "Zqline1", "Zqline2 Zqstreet", "Zqline3", "Zqline4"))
    assert doc.fits_window
    words = [w for w in word_boxes(render.render_letter(doc)) if w[0].startswith("Zq")]
    assert len(words) == 8
    left, top, right, bottom = window
    for word, x0, y0, x1, y1 in words:
        assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom, word



@pytest.mark.parametrize(("page_size", "window"), [
    ("A4", (20 * MM, 50 * MM, 110 * MM, 84 * MM)),
    ("Letter", (0.875 * 72, 2.2 * 72, 5.375 * 72, 3.3 * 72)),
])
def test_a_right_to_left_recipient_block_keeps_clear_of_the_window_edges(
        page_size: str, window: tuple[float, float, float, float]) -> None:
    """An Arabic address, flush right, stays at least 5 mm inside the window on both sides."""
    doc = make_letter(page_size=page_size, language="ar", recipient_name="السيد وزير الداخلية والأمن العام",
                      recipient_title="وزارة الداخلية", recipient_address=(
                          "شارع الاستقلال الطويل جدا رقم ١٢٣٤٥", "مدينة الكويت", "الكويت"))
    words = [w for w in word_boxes(render.render_letter(doc)) if any("\u0600" <= c <= "\u06ff" for c in w[0])
             and w[2] < window[3]]
    assert len(words) >= 10
    left, _top, right, _bottom = window
    assert min(w[1] for w in words) >= left + 5 * MM
    assert max(w[3] for w in words) <= right - 5 * MM
    assert max(w[3] for w in words) >= right - 12 * MM  # flush right, as Arabic reads

# --- every script, no missing glyphs --------------------------------------------------

SCRIPTS = {
    "es": "Señora Ministra, ¿podría garantizar su protección? ¡Gracias! Straße, Łódź, "
          "żółć, Øre, Åsa, çà, naïve, Œuvre, ñandú.",
    "ru": "Уважаемый господин Генеральный прокурор! Прошу вас немедленно освободить её. "
          "Ёлка, щука, объём, съезд.",
    "el": "Αξιότιμε κύριε Υπουργέ, σας παρακαλώ να προστατέψετε την υπερασπίστρια. "
          "Ευχαριστώ!",
    "ar": "سيادة النائب العام، أحثكم على الإفراج عنها فوراً ودون قيد أو شرط، "
          "وضمان حصولها على الرعاية الطبية اللازمة.",
    "he": "אני כותבת אליכם כדי לבקש שתגנו על זכויות האדם של כל האנשים. תודה רבה!",
    "zh": "尊敬的部长：我恳请您立即无条件释放她，并确保她能够获得律师和必要的医疗服务。",
    "ja": "拝啓　私は彼女の即時かつ無条件の釈放を求めます。弁護士と医療を受けられるようにしてください。",
    "ko": "존경하는 장관님, 그녀를 즉각 무조건 석방하고 변호사와 의료 서비스를 받을 수 있도록 해 주십시오.",
    "hi": "माननीय मंत्री जी, मैं आपसे आग्रह करती हूँ कि उन्हें तुरंत और बिना शर्त रिहा करें "
          "और उनकी सुरक्षा सुनिश्चित करें।",
}
# Scripts whose extracted text cannot be compared verbatim: PDF text extraction returns
# right-to-left text in visual order, and WeasyPrint maps each glyph to one piece of
# text, so reordered Devanagari vowel signs come back in a different order.
UNORDERED = {"ar", "he", "hi"}
REGIONAL_CJK = {"zh": "CJK-SC", "ja": "CJK-JP", "ko": "CJK-KR"}


def shown_glyphs(document: pikepdf.Pdf) -> dict[str, set[int]]:
    """Glyph ids shown per font (by BaseFont), from every page's and form's content.

    WeasyPrint writes text with Type0/Identity-H fonts, so each shown string is a run
    of 2-byte glyph ids.
    """
    used: dict[str, set[int]] = {}

    def walk(stream: pikepdf.Object, resources: pikepdf.Dictionary) -> None:
        """Collect glyphs from one content stream, following form XObjects."""
        fonts = resources.get("/Font", pikepdf.Dictionary())
        current = ""
        for operands, operator in pikepdf.parse_content_stream(stream):  # type: ignore[misc]
            op = str(operator)
            if op == "Tf":
                current = str(fonts[operands[0]].BaseFont)
            elif op in ("Tj", "TJ", "'", '"'):
                strings = operands[-1] if op == "TJ" else [operands[-1]]
                for item in strings:
                    if isinstance(item, pikepdf.String):
                        raw = bytes(item)
                        used.setdefault(current, set()).update(
                            int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2))
            elif op == "Do":
                xobject = resources.XObject[operands[0]]
                if xobject.Subtype == "/Form":
                    walk(xobject, xobject.get("/Resources", resources))  # type: ignore[arg-type]

    for page in document.pages:
        walk(page.obj, page.Resources)  # type: ignore[arg-type]
    return used


def embedded_fonts(document: pikepdf.Pdf) -> dict[str, pikepdf.Dictionary]:
    """Every Type0 font dictionary used by the pages, by BaseFont."""
    fonts = {}
    for page in document.pages:
        for font in page.Resources.get("/Font", {}).values():
            fonts[str(font.BaseFont)] = font
    return fonts  # type: ignore[return-value]


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_every_script_renders_without_missing_glyphs(
        language: str, caplog: pytest.LogCaptureFixture) -> None:
    """No character of the body is drawn as a missing-glyph box.

    Method, because no single check is enough:
    1. WeasyPrint logs ".notdef glyph rendered …" whenever pango finds no font for a
       character; none may be logged.
    2. In the PDF, every font is embedded (FontFile2/FontFile3) and uses /Identity-H.
       WeasyPrint replaces the encoding by a custom CMap that maps missing glyphs to
       CID 0 exactly when a glyph is missing, and gives those glyphs ids past the end of
       the font, so both are checked: every glyph id shown is non-zero and exists in the
       embedded font program (read with fontTools). This catches a box even though the
       text layer would still extract correctly (the ToUnicode map keeps the character).
    3. The text comes back out (pypdf): verbatim for left-to-right scripts, and for RTL
       and Devanagari every letter at least, see UNORDERED.
    """
    body = SCRIPTS[language]
    doc = make_letter(language=language, body=body, salutation="", closing="")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render.render_letter(doc)
    assert not [r for r in caplog.records if "notdef" in r.getMessage()]

    with pikepdf.open(io.BytesIO(pdf)) as document:
        fonts = embedded_fonts(document)
        for name, glyphs in shown_glyphs(document).items():
            font = fonts[name]
            assert font.Subtype == "/Type0" and font.Encoding == "/Identity-H", name
            descriptor = font.DescendantFonts[0].FontDescriptor
            program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            assert program is not None, f"{name} is not embedded"
            assert 0 not in glyphs, f".notdef shown with {name}"
            if program.get("/Subtype") == "/CIDFontType0C":
                # A CJK font shrunk to its glyphs (printing/fonts.py): codes are CIDs.
                cff = CFFFontSet()
                cff.decompile(io.BytesIO(program.read_bytes()), None)
                cids = {int(n[3:]) for n in cff.topDictIndex[0].charset if n.startswith("cid")}
                assert glyphs <= cids, f"glyph missing from {name}"
            else:
                count = TTFont(io.BytesIO(program.read_bytes()))["maxp"].numGlyphs
                assert max(glyphs) < count, f"glyph missing from {name}"
        if language in REGIONAL_CJK:
            assert any(REGIONAL_CJK[language] in name for name in fonts), fonts.keys()

    text = squash(pdf_text(pdf))
    if language in UNORDERED:
        letters = {c for c in body if c.isalpha()}
        assert letters <= set(text), letters - set(text)
    else:
        assert squash(body) in text


# --- cover and labels -----------------------------------------------------------------

def test_cover_sheet_lists_counts_note_and_warnings() -> None:
    """The cover shows totals per target and country, the postage note and warnings."""
    sheet = CoverSheet(
        school_name="Riverside Community School", batch_label="Year 6 batch",
        date_text="26 November 2026",
        per_target=(("Minister of the Interior, Peru", 24), ("Prosecutor General, Egypt", 12)),
        per_country=(("Peru", 24), ("Egypt", 12)), total=36,
        warnings=("2 letters have no postcode",))
    pdf = render.render_cover(sheet)
    text = pdf_text(pdf)
    for expected in ("Year 6 batch", "36", "Minister of the Interior, Peru", "24",
                     "Prosecutor General, Egypt", "Egypt", "12", "2 letters have no postcode",
                     "International post needs international postage stamps"):
        assert expected in text
    assert render.page_count(pdf) == 1


def label_sheet(count: int, page_size: str) -> LabelSheet:
    """Numbered addresses, so each label can be found in the extracted text."""
    return LabelSheet(page_size, tuple(
        Address((f"Label{n:03d}", "Ministerio del Interior", "Lima 15001", "Peru"))
        for n in range(1, count + 1)))


@pytest.mark.parametrize(("page_size", "per_page"), [("Letter", 30), ("A4", 21)])
def test_labels_fill_standard_sheets(page_size: str, per_page: int) -> None:
    """30 labels per Letter sheet (Avery 5160), 21 per A4 sheet; in order; then a new page."""
    pdf = render.render_labels(label_sheet(per_page + 1, page_size))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) == 2
    first = re.findall(r"Label(\d{3})", pages[0])
    assert first == [f"{n:03d}" for n in range(1, per_page + 1)]
    assert re.findall(r"Label(\d{3})", pages[1]) == [f"{per_page + 1:03d}"]


def test_thirty_one_letter_labels_make_two_pages() -> None:
    """31 addresses on Letter: one full sheet and one more."""
    pdf = render.render_labels(label_sheet(31, "Letter"))
    assert render.page_count(pdf) == 2
    assert page_sizes(pdf) == [LETTER, LETTER]


@pytest.mark.parametrize(("page_size", "origin", "pitch"), [
    # top-left of label 1's text (sheet margin + label padding) and the label pitch
    ("Letter", (0.1875 * 72 + 0.15 * 72, 0.5 * 72 + 0.1 * 72), (2.75 * 72, 72.0)),
    ("A4", (7.21 * MM + 5 * MM, 15.15 * MM + 5 * MM), (66.04 * MM, 38.1 * MM)),
])
def test_labels_follow_the_sheet_geometry(
        page_size: str, origin: tuple[float, float], pitch: tuple[float, float]) -> None:
    """Each label's text starts where the vendor's grid puts that label."""
    words = {w[0]: w for w in word_boxes(render.render_labels(label_sheet(6, page_size)))}
    for n in range(1, 7):
        row, column = divmod(n - 1, 3)
        _, x0, y0, _, _ = words[f"Label{n:03d}"]
        assert x0 == pytest.approx(origin[0] + column * pitch[0], abs=1.5)
        # yMin is the top of the line box; the padding puts it just below the label top.
        assert y0 == pytest.approx(origin[1] + row * pitch[1], abs=3)


# --- joining --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def parts() -> list[bytes]:
    """A one-page A4 letter, a two-page Letter-size letter and a one-page card."""
    return [
        render.render_letter(make_letter()),
        render.render_letter(make_letter(page_size="Letter", body=LONG_BODY)),
        render.render_letter(make_letter(kind="solidarity", body="We stand with you!")),
    ]


def test_join_concatenates_in_order(parts: list[bytes]) -> None:
    """Pages follow the parts' order; nothing added without duplex_blank."""
    joined = render.join_pdfs(parts)
    assert render.page_count(joined) == 4
    assert page_sizes(joined) == [A4, LETTER, LETTER, A4]
    reader = PdfReader(io.BytesIO(joined))
    assert "Dear Minister" in reader.pages[0].extract_text()
    assert "To Kelly" in reader.pages[3].extract_text()


def test_join_pads_odd_parts_for_duplex(parts: list[bytes]) -> None:
    """Each part starts on a fresh sheet: blank pages, of the part's size, after odd parts."""
    joined = render.join_pdfs(parts, duplex_blank=True)
    reader = PdfReader(io.BytesIO(joined))
    assert len(reader.pages) == 6
    assert page_sizes(joined) == [A4, A4, LETTER, LETTER, A4, A4]
    assert reader.pages[1].extract_text().strip() == ""
    assert reader.pages[5].extract_text().strip() == ""
    assert "To Kelly" in reader.pages[4].extract_text()


def test_fast_join_matches_pikepdf(parts: list[bytes]) -> None:
    """The fast path and the general pikepdf path give the same pages, and qpdf is happy."""
    for duplex in (False, True):
        fast = join._fast_join(parts, duplex)
        slow = join._pikepdf_join(parts, duplex)
        with pikepdf.open(io.BytesIO(fast)) as document:
            assert document.check_pdf_syntax() == []
        fast_pages = PdfReader(io.BytesIO(fast)).pages
        slow_pages = PdfReader(io.BytesIO(slow)).pages
        assert [p.extract_text() for p in fast_pages] == [p.extract_text() for p in slow_pages]
        assert [p.mediabox for p in fast_pages] == [p.mediabox for p in slow_pages]


def test_join_keeps_a_shared_language_only(parts: list[bytes]) -> None:
    """/Lang survives when every part has the same one, and is dropped when they differ."""
    russian = render.render_letter(make_letter(language="ru"))
    for joiner in (join._fast_join, join._pikepdf_join):
        with pikepdf.open(io.BytesIO(joiner(parts, False))) as document:
            assert str(document.Root.Lang) == "en"
        with pikepdf.open(io.BytesIO(joiner([parts[0], russian], False))) as document:
            assert "/Lang" not in document.Root


def test_join_falls_back_for_other_pdfs(parts: list[bytes]) -> None:
    """A PDF that WeasyPrint did not write is still joined, through pikepdf."""
    other = pikepdf.new()
    other.add_blank_page(page_size=LETTER)
    buffer = io.BytesIO()
    other.save(buffer)
    joined = render.join_pdfs([parts[0], buffer.getvalue()], duplex_blank=True)
    assert render.page_count(joined) == 4
    with pytest.raises(ValueError):
        render.join_pdfs([])


# --- the fast join ----------------------------------------------------------------------


def test_a_thousand_letters_join_on_the_fast_path(
        parts: list[bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 one-page letters join on the fast path (never the slower general one).

    Timings belong to bench/print_export.py; here the path and the result are checked.
    """
    def no_fallback(*args: object) -> bytes:
        """Fail if the general path is used."""
        raise AssertionError("fell back to pikepdf")

    monkeypatch.setattr(join, "_pikepdf_join", no_fallback)
    letters = [render.render_letter(make_letter(signature=f"Student {n}")) for n in range(10)]
    thousand = letters * 100
    assert render.page_count(render.join_pdfs(thousand, duplex_blank=True)) == 2000
    assert render.page_count(render.join_pdfs(thousand)) == 1000


@pytest.mark.parametrize("count", [12, 90])
def test_a_cover_sheet_is_one_page_however_long_its_lists(count: int) -> None:
    """Long names are cut; long lists are shortened, the rest summed in a last row, so it fits."""
    school = "The Comprehensive Community School and Sixth Form College of Upper Riverside " * 4
    sheet = CoverSheet(
        school_name=school, batch_label="Year 9, all classes", date_text="4 December 2026",
        per_target=tuple((f"Minister of the Interior and Public Security, Country {n}", 2) for n in range(count)),
        per_country=tuple((f"Country {n}", 2) for n in range(count)), total=2 * count,
        warnings=tuple(f"Letters to Country {n} may not arrive: international mail there is suspended "
                       "until further notice." for n in range(count)))
    pdf = render.render_cover(sheet)
    assert render.page_count(pdf) == 1
    text = squash(pdf_text(pdf))
    assert squash("Year 9, all classes") in text and squash(school[:60]) in text
    assert squash(f"{2 * count}") in text
    if count == 90:
        more = re.search(r"…and(\d+)moreofficials(\d+)", text)
        assert more is not None
        shown = len(re.findall(r"Country\d+2", text.split("DESTINATION")[0].split("ADDRESSEDTO")[-1]))
        assert int(more.group(1)) + shown == 90 and int(more.group(2)) == 2 * int(more.group(1))
        assert squash("the print queue lists them all") in text
