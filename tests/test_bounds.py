"""Every request is bounded: the longest letter a student can save previews and diffs in
bounded time, previews are rendered once per version and limited per student.

The bounds here are generous (a busy two-core machine must not make them flaky); the real
goals (preview under 2 s, diff under 200 ms) are measured by ``bench/bounds.py``.
"""
from __future__ import annotations

import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from classroom.extensions import db
from classroom.letters import services as letters
from classroom.letters.safety.pagefit import printed_width
from classroom.printing import routes, services
from classroom.printing.models import PdfCache
from classroom.review import textdiff

from .factories import MINISTER, add_class, add_student, assign, fresh, make_case, make_world, write
from .printed import pdf_text

MAX, LINES = letters.MAX_BODY, letters.MAX_LINES


def _fill(unit: str, size: int = MAX) -> str:
    """``unit`` repeated to ``size`` characters as the save limit counts them (wide ones count two)."""
    text = (unit * (size // len(unit) + 1))[:size]
    while printed_width(text) > size:
        text = text[:len(text) - (printed_width(text) - size + 1) // 2]
    return text


def _short_lines() -> str:
    """As many line breaks as allowed, the rest of the characters spread over the lines."""
    head = "\n".join([_fill("ab ", MAX // (LINES + 1) - 1)] * LINES) + "\n"
    return head + _fill("ab ", MAX - len(head))


# The worst texts at the limits: most break opportunities, no break at all, most lines,
# scripts that need font fallback on every few characters.
WORST = {
    "one-letter words": _fill("a "),
    "one long word": _fill("x"),  # no break opportunity at all
    "short lines": _short_lines(),
    "mixed scripts": _fill("Free him 释放他 أطلقوا سراحه Освободите "),
    "chinese": _fill("请立即无条件释放她，并让她见到家人。"),
}


@pytest.fixture
def one_class(app: Flask):  # type: ignore[no-untyped-def]
    """A school, a class, a student and a case with one official."""
    world = make_world()
    classroom = add_class(world)
    student = add_student(world, classroom, "Maya Kowalski")
    return world, student, assign(classroom, make_case(targets=(MINISTER,)))


def _previews_of(letter_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(PdfCache).where(PdfCache.letter_id == letter_id)) or 0


# --- the save limits ---------------------------------------------------------------------------

def test_the_worst_texts_are_at_the_limits_and_one_more_is_refused(one_class) -> None:  # type: ignore[no-untyped-def]
    for text in WORST.values():
        assert MAX - 1 <= printed_width(text) <= MAX and text.count("\n") <= LINES and letters.too_long(text) is None
    assert "at most 6,000 characters" in (letters.too_long("a" * (MAX + 1)) or "")
    assert "count two" in (letters.too_long("释" * (MAX // 2 + 1)) or "")
    assert "at most 100 lines" in (letters.too_long("a\n" * (LINES + 1)) or "")
    _, student, assignment = one_class
    letter = write(assignment, student, "Start.")
    with pytest.raises(letters.LetterError, match="at most 100 lines"):
        letters.save(letter, "a\n" * (LINES + 1), letter.version)


# --- bounded time ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, kind", [("one-letter words", "solidarity"), ("short lines", "appeal"),
                                        ("mixed scripts", "solidarity"), ("chinese", "appeal")])
def test_the_longest_letter_previews_in_bounded_time(one_class, name: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    _, student, assignment = one_class
    letter = write(assignment, student, WORST[name], kind=kind)
    start = time.perf_counter()
    pdf = services.letter_pdf(letter)
    assert time.perf_counter() - start < 10  # the goal, 2 s, is checked by bench/bounds.py
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("name", sorted(WORST))
def test_the_longest_letter_diffs_in_bounded_time_and_keeps_both_texts(name: str) -> None:
    old = WORST[name]
    new = old[::-1]
    start = time.perf_counter()
    pieces = textdiff.diff(old, new)
    assert time.perf_counter() - start < 2  # the goal, 200 ms, is checked by bench/bounds.py
    assert "".join(p.text for p in pieces if p.op != "insert") == old
    assert "".join(p.text for p in pieces if p.op != "delete") == new


def test_past_the_word_budget_a_changed_paragraph_is_still_diffed_word_by_word() -> None:
    paragraph = "Please release Ana Example and let her see her family again. "
    old = "\n\n".join([_fill("a ", 1_500), _fill("b ", 1_500), paragraph])
    new = old.replace("her family", "her mother")
    pieces = textdiff.diff(old.replace("a a", "c c", 200), new)
    assert textdiff.Piece("delete", "family") in pieces and textdiff.Piece("insert", "mother") in pieces


def test_a_letter_sized_diff_is_word_by_word_as_before() -> None:
    letter = "\n\n".join(["I am a student and I read about Ana in class. Please release her now. " * 6] * 4)
    pieces = textdiff.diff(letter, letter.replace("read about", "heard about", 1))
    assert [p for p in pieces if p.op != "equal"] == [textdiff.Piece("delete", "read"), textdiff.Piece("insert", "heard")]


# --- the preview cache -------------------------------------------------------------------------

def test_a_version_is_rendered_once_and_a_new_version_again(one_class, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _, student, assignment = one_class
    letter = write(assignment, student, "Please release Ana Example.")
    renders: list[str] = []
    real = services.render_letter

    def counted(doc):  # type: ignore[no-untyped-def]
        renders.append(doc.body)
        return real(doc)
    monkeypatch.setattr(services, "render_letter", counted)
    first = services.letter_pdf(letter)
    assert services.letter_pdf(letter) == first and len(renders) == 1
    letters.save(letter, "Please release Ana Example now.", letter.version)
    db.session.commit()
    second = services.letter_pdf(fresh(letter.id))
    assert len(renders) == 2 and "now." in pdf_text(second)
    assert _previews_of(letter.id) == 1  # the last version's preview replaced the first
    assert fresh(letter.id).pdf_key is None  # a preview is never the letter's print file


def test_a_draft_saved_before_the_limits_previews_only_up_to_them(one_class) -> None:  # type: ignore[no-untyped-def]
    _, student, assignment = one_class
    letter = write(assignment, student, "Start.")
    letter.body = "a\n" * 10_000  # as an old limit allowed
    db.session.commit()
    shown = services.preview_body(letter.body)
    assert letters.too_long(shown) is None and shown.endswith(services.PREVIEW_CUT)
    assert services.preview_body("Short.\nLetter.") == "Short.\nLetter."
    for old in ("释放" * 10_000, "a " * 10_000):
        assert letters.too_long(services.preview_body(old)) is None
    with pytest.raises(letters.LetterError, match="at most 6,000 characters"):
        letters.submit(letter, student)


# --- the rate limit ----------------------------------------------------------------------------

def test_a_student_gets_a_friendly_429_after_ten_previews_a_minute(one_class, client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    world, student, assignment = one_class
    letter = write(assignment, student, "Please release Ana Example.")
    login(student)
    url = f"/printing/letters/{letter.id}/preview.pdf"
    assert [client.get(url).status_code for _ in range(10)] == [200] * 10
    response = client.get(url)
    assert response.status_code == 429 and "Retry-After" in response.headers
    assert "your work is saved" in response.get_data(as_text=True)
    assert routes.PREVIEW_LIMIT.startswith("10 per minute")
    client.post("/auth/signout")
    login(world.teacher)  # teachers reviewing a class are not counted
    assert [client.get(url).status_code for _ in range(12)] == [200] * 12
