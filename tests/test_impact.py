"""What letters achieved: per case, letters approved, printed and mailed and how many
classes wrote (never who); on the class page, news and outcomes of the cases it wrote for."""
from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from classroom.auth import services as accounts
from classroom.cases import services as cases
from classroom.classes import privacy
from classroom.extensions import db
from classroom.letters import services as letters
from classroom.printing import batches, impact, services

from .factories import (
    MINISTER,
    PASSWORD,
    PROSECUTOR,
    add_class,
    add_student,
    approved,
    assign,
    make_case,
    make_world,
    write,
    written,
)
from .printed import FakeRenderer, text_of


@pytest.fixture
def letters_written(app: Flask, monkeypatch: pytest.MonkeyPatch):
    """One case written for by two classes of one school and a class of another school.

    7B: three approved letters (two of them printed in a batch, not yet mailed) and a draft;
    8C: one approved letter; 9F (another school): one approved letter; 6A: only a draft.
    """
    monkeypatch.setattr(services, "render_letter", FakeRenderer())
    world = make_world()
    colleague = accounts.create_teacher("Teacher Theo", "theo@example.org", PASSWORD, world.school)
    db.session.commit()
    case = make_case(targets=(MINISTER, PROSECUTOR))
    seven, eight, six = add_class(world, "7B"), add_class(world, "8C", teacher=colleague), add_class(world, "6A")
    a7, a8, a6 = assign(seven, case), assign(eight, case), assign(six, case)
    maya, omar = add_student(world, seven, "Maya Kowalski"), add_student(world, seven, "Omar Haddad")
    first = approved(a7, maya, "Maya to the minister.", world.teacher)
    second = approved(a7, omar, "Omar to the minister.", world.teacher)
    approved(a7, maya, "Maya to the prosecutor.", world.teacher, target=1)
    write(a7, omar, "Omar's draft.", target=1)
    approved(a8, add_student(world, eight, "Lena Fischer"), "Lena's letter.", colleague)
    write(a6, add_student(world, six, "Tom Draft"), "Only a draft.")
    elsewhere = make_world(name="Faraway School")
    far_class = add_class(elsewhere, "9F")
    approved(assign(far_class, case), add_student(elsewhere, far_class, "Far Student"), "Far away.", elsewhere.teacher)
    batch = batches.create(world.school, world.coordinator, [first, second], "December", duplex=False)
    batches.mark_printed(batch, world.coordinator, date(2026, 12, 1))
    db.session.commit()
    return world, case, {"7B": seven, "8C": eight, "6A": six, "9F": far_class}, batch


def test_impact_counts_letters_and_classes(letters_written) -> None:
    world, case, _, batch = letters_written
    assert counts(impact.for_case(case)) == (5, 2, 0, 3, 0, {"appeal": {"approved": 5, "printed": 2}})
    batches.mark_mailed(batch, world.coordinator, date(2026, 12, 3))
    db.session.commit()
    assert counts(impact.for_case(case)) == (5, 2, 2, 3, 2, {"appeal": {"approved": 5, "printed": 2, "mailed": 2}})


def counts(found: impact.Impact) -> tuple:
    """The totals and, per kind, the steps with a count (approved, printed, mailed, classes, sent, kinds)."""
    return (found.approved, found.printed, found.mailed, found.classes, found.sent,
            {k.kind: {step: n for step, n in k.counts.items() if n} for k in found.kinds})


def test_a_case_without_letters_has_no_impact(app: Flask) -> None:
    assert impact.for_case(make_case()) == impact.Impact()


def test_the_case_page_shows_the_counts_without_names(letters_written, client: FlaskClient, login) -> None:
    world, case, _, batch = letters_written
    batches.mark_mailed(batch, world.coordinator, date(2026, 12, 3))
    db.session.commit()
    login(world.teacher)
    page = text_of(client.get(f"/cases/{case.id}"))
    assert "Letters from classrooms 5 approved · 2 sent, from 3 classes. Appeal letters: 5 approved · 2 printed · " \
        "2 mailed · 0 sent by email" in page
    for name in ("Maya", "Omar", "Lena", "Far Student", "Kowalski", "Haddad"):
        assert name not in page


def test_counts_stay_when_a_students_data_is_deleted(letters_written) -> None:
    world, case, _, _ = letters_written
    privacy.delete_student(world.students["Maya Kowalski"])  # her two approved letters, one printed
    db.session.commit()
    assert counts(impact.for_case(case)) == (5, 2, 0, 3, 0, {"appeal": {"approved": 5, "printed": 2}})


def test_the_class_page_shows_news_of_the_cases_it_wrote_for(letters_written, client: FlaskClient, login) -> None:
    world, case, classes, _ = letters_written
    other = make_case(ua_number="UA 9.26", title="A case nobody here wrote for")
    cases.add_event(other, date(2026, 12, 4), "victory", "Someone else's victory.", None)
    cases.add_event(case, date(2026, 12, 5), "update", "Ana Example was moved to a prison near her family.", None)
    cases.add_event(case, date(2026, 12, 20), "victory", "Ana Example is free!", None)
    db.session.commit()
    login(world.teacher)
    page = text_of(client.get(f"/classes/{classes['7B'].id}"))
    assert "News from your cases" in page
    assert re.search(r"Victory Student journalist detained 20 December 2026 Ana Example is free! "
                     r"Update Student journalist detained 5 December 2026 Ana Example was moved", page)
    assert "Someone else's victory." not in page


def test_a_case_closed_after_the_letters_shows_its_outcome(letters_written, client: FlaskClient, login) -> None:
    world, case, classes, _ = letters_written
    cases.add_event(case, date(2027, 1, 10), "closed", "Amnesty closed this case: Ana Example was released on bail.",
                    None)
    db.session.commit()
    assert case.status == "closed"
    login(world.teacher)
    page = text_of(client.get(f"/classes/{classes['7B'].id}"))
    assert "Closed Student journalist detained 10 January 2027 Amnesty closed this case: Ana Example was released" \
        in page
    # Letters already written keep their place in the counts, and a closed case takes no new ones.
    assert impact.for_case(case).approved == 5
    with pytest.raises(letters.LetterError, match="This case is closed"):
        written(assign(add_class(world, "5E"), case), add_student(world, world.classes["5E"], "New Kid"), "Too late.")
