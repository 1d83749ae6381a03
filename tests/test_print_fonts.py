"""Nothing prints as a box: a font for every script and for emoji, and a named warning for
any character no installed font has (in the editor, on the submit check and on review)."""
from __future__ import annotations

import io
import subprocess
from types import SimpleNamespace

import pikepdf
import pytest
import yaml
from PIL import Image

from classroom.config import PACKAGE_DIR
from classroom.extensions import db
from classroom.letters.models import Letter
from classroom.printing import fonts, render

from .factories import write
from .test_letters import page_text, world  # noqa: F401  (the fixture)
from .test_pdf_render import BODY, make_letter

PRIVATE_USE = "\ue123"  # no font has a glyph here; a keyboard app can still type it


def test_charsets_merge_into_sorted_ranges() -> None:
    starts, ends = fonts.parse_charsets("20-7e a0 a1-ff\n600-6ff 3b1\nnot-hex 41-42\n")
    assert (starts, ends) == ([0x20, 0xA0, 0x3B1, 0x600], [0x7E, 0xFF, 0x3B1, 0x6FF])


def test_only_characters_without_a_font_are_named() -> None:
    text = ("Dear Minister 🌍✊🏽❤️🕊️ 👩‍🎓 مرحبا اردو 你好 こんにちは 안녕 ሰላም မင်္ဂလာပါ សួស្តី ආයුබෝවන් "
            f"नमस्ते 🇵🇪 \u200f{PRIVATE_USE} x{PRIVATE_USE} \U0010fffd")
    assert fonts.unprintable(text) == [PRIVATE_USE, "\U0010fffd"]
    assert fonts.unprintable("") == []
    assert "U+E123" in fonts.describe([PRIVATE_USE])
    assert "Greek Small Letter Alpha" in fonts.describe(["α"])


def test_every_closing_and_salutation_has_a_font() -> None:
    """Every script the closings list uses prints (Urdu, Myanmar, Khmer, Sinhala, Ethiopic…)."""
    wording = yaml.safe_load((PACKAGE_DIR / "data" / "closings.yaml").read_text("utf-8"))
    texts = {f"{lang}.{key}": value for lang, parts in wording.items() for key, value in parts.items()
             if isinstance(value, str)}
    assert len(texts) > 120
    assert {name: fonts.unprintable(text) for name, text in texts.items() if fonts.unprintable(text)} == {}


def test_urdu_is_set_in_nastaliq() -> None:
    pdf = render.render_letter(make_letter(language="ur", body="میں آپ سے درخواست کرتی ہوں۔",
                                           salutation="جناب عالی،", closing="والسلام،"))
    assert any("Nastaliq" in name for name in embedded_fonts(pdf))


def embedded_fonts(pdf: bytes) -> set[str]:
    """BaseFont names of every font in the PDF, subset prefix dropped."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {str(font.get("/BaseFont", "")).split("+")[-1]
                for page in document.pages for font in page.Resources.get("/Font", {}).values()}


def test_an_emoji_letter_prints_its_emoji_in_colour(tmp_path) -> None:
    """The emoji font is embedded, and the page, drawn as a school's printer would, has colour."""
    emoji = "🌍❤️🕊️"
    with_emoji = render.render_letter(make_letter(body=BODY + f"\n\nWe made a poster {emoji * 4}"))
    without = render.render_letter(make_letter(body=BODY + "\n\nWe made a poster"))
    assert "Noto-Color-Emoji" in embedded_fonts(with_emoji)
    assert coloured_pixels(with_emoji, tmp_path) > coloured_pixels(without, tmp_path) + 200


def coloured_pixels(pdf: bytes, folder) -> int:
    """Pixels of page 1 at 60 dpi that are clearly not grey (the letterhead bar is yellow)."""
    (folder / "page.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                    str(folder / "page.pdf"), str(folder / "page")], check=True)
    data = Image.open(folder / "page.png").convert("RGB").tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3])
    return sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 60)


def test_an_unprintable_character_is_named_before_submission_and_on_review(
        world: SimpleNamespace, client, login, app) -> None:
    letter = write(world.assignment, world.student, f"Please release Ana Example {PRIVATE_USE} today. 🕊️")
    login(world.student)
    editor = page_text(client.get(f"/letters/{letter.id}"))
    assert "This character will not print:" in editor and "U+E123" in editor
    check = page_text(client.post(f"/letters/{letter.id}/submit"))
    assert "This character will not print:" in check and f"<mark>{PRIVATE_USE}</mark>" in check
    assert db.session.get(Letter, letter.id, populate_existing=True).state == "draft"
    client.post(f"/letters/{letter.id}/submit", data={"confirm": "1"})
    sent = db.session.get(Letter, letter.id, populate_existing=True)
    assert sent.state == "submitted"
    assert [f["matches"] for f in sent.safety_flags if f["kind"] == "unprintable"] == [[PRIVATE_USE]]
    teacher = app.test_client()
    login(world.teacher, who=teacher)
    review = page_text(teacher.get(f"/review/letters/{letter.id}"))
    assert "This character will not print:" in review and "U+E123" in review


def test_a_letter_every_font_has_carries_no_print_warning(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Please release Ana Example. 🕊️ 你好 مرحبا")
    login(world.student)
    assert "will not print" not in page_text(client.get(f"/letters/{letter.id}"))
    assert "will not print" not in page_text(client.post(f"/letters/{letter.id}/submit"))


@pytest.mark.parametrize("text", ["\U0001fae8", "𓀀"])
def test_characters_in_installed_fonts_are_not_named(text: str) -> None:
    assert fonts.unprintable(text) == []


# --- small PDFs: CJK fonts shrink to the glyphs used ------------------------------------

CJK_BODIES = {
    "zh": "我是河畔学校的一名学生。我们班读到了凯莉的故事，她因为保护社区的水源而受到威胁。\n\n"
          "我恳请您保护凯莉和她的家人，并迅速、独立地调查这些威胁。\n\n谢谢您阅读我的信。",
    "ja": "私は河畔学校の生徒です。私たちのクラスは、地域の水を守ったために脅迫されたケリーさんについて学びました。\n\n"
          "ケリーさんとご家族を守ってください。",
    "ko": "저는 리버사이드 학교 학생입니다. 우리 반은 공동체의 물을 지키다가 위협을 받은 켈리에 대해 읽었습니다.\n\n"
          "켈리와 그 가족을 보호해 주십시오.",
}


def draw(pdf: bytes, folder, name: str) -> bytes:
    """Page 1 drawn by poppler at 100 dpi, as raw RGB bytes."""
    (folder / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile",
                    str(folder / f"{name}.pdf"), str(folder / name)], check=True)
    return Image.open(folder / f"{name}.png").convert("RGB").tobytes()


@pytest.mark.parametrize("language", sorted(CJK_BODIES))
def test_a_one_page_cjk_letter_is_small_and_prints_the_same(
        language: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = make_letter(language=language, body=CJK_BODIES[language])
    small = render.render_letter(doc)
    assert render.page_count(small) == 1
    assert len(small) < 80 * 1024
    monkeypatch.setattr(render, "compact_cid_fonts", lambda document, pdf: None)
    full = render.render_letter(doc)
    assert len(full) > 3 * len(small)  # the shrinking did the work, not the page
    assert draw(small, tmp_path, "small") == draw(full, tmp_path, "full")
    text = subprocess.run(["pdftotext", "-", "-"], input=small, capture_output=True, check=True).stdout
    assert CJK_BODIES[language].split("\n")[0][:12] in text.decode()


def test_cjk_fonts_are_embedded_as_bare_cid_keyed_cff() -> None:
    with pikepdf.open(io.BytesIO(render.render_letter(make_letter(language="zh", body=CJK_BODIES["zh"])))) as document:
        kinds = {str(o.stream_dict.get("/Subtype")) for o in document.objects
                 if isinstance(o, pikepdf.Stream) and "/Subtype" in o.stream_dict}
    assert "/CIDFontType0C" in kinds and "/OpenType" not in kinds
    # Anything that is not a CID-keyed CFF font is left as WeasyPrint wrote it.
    assert fonts._compact_cid_cff(b"not a font", [0, 1]) is None


@pytest.mark.parametrize("language", ["en", "ar", "zh"])
def test_letter_pdfs_are_tagged_for_screen_readers(language: str) -> None:
    """A structure tree with paragraphs, marked content, and the letter's language."""
    pdf = render.render_letter(make_letter(language=language))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.Root.MarkInfo.Marked
        assert str(document.Root.Lang) == language
        tree = document.Root.StructTreeRoot
        roles: set[str] = set()
        stack = [tree]
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            if isinstance(node, pikepdf.Dictionary) and "/S" in node:
                roles.add(str(node.S))
            if isinstance(kids, pikepdf.Array):
                stack.extend(k for k in kids if isinstance(k, pikepdf.Dictionary))
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
        assert "/P" in roles
