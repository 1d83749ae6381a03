"""Students see the news of the cases they wrote for (an update, a victory, a closure, a
message of thanks) on their home page and on their letter, in words for their class's band;
news whose text the content rules find above the band is announced without its text; never
news of a case they did not write for, and never another student's work."""
from __future__ import annotations

from datetime import date

from classroom.cases import services as cases
from classroom.extensions import db

from .factories import approved, assign, make_case, written
from .printed import text_of

VICTORY = "Ana Example is free and home with her family."
UPDATE = "Ana Example was moved to a prison near her family."


def add_news(case, kind: str, text: str, when: date = date(2026, 12, 10)) -> None:
    cases.add_event(case, when, kind, text, None)
    db.session.commit()


def test_a_student_sees_a_victory_on_their_home_page_and_letter(
        app, client, login, make_teacher, make_class, make_student) -> None:
    teacher = make_teacher()
    classroom = make_class(teacher, name="4A", band="elementary")
    writer, other = make_student(classroom, name="Maya Kowalski"), make_student(classroom, name="Omar Haddad")
    case, elsewhere = make_case(), make_case(ua_number="UA 99.26", title="A case this class never wrote for")
    assignment = assign(classroom, case, kinds=("appeal",))
    letter = approved(assignment, writer, "Please free Ana Example. From Maya.", teacher)
    written(assignment, other, "Omar's own words about Ana.")
    add_news(case, "victory", VICTORY)
    add_news(elsewhere, "victory", "Someone else's victory.")
    cases.add_thanks(case, "Thank you, children, your letters gave me hope.", "Ana Example", date(2026, 12, 11))
    db.session.commit()

    login(writer)
    home = text_of(client.get("/"))
    assert ("News of the cases you wrote for A thank-you! " + case.title) in home
    assert ("Good news! " + case.title + " 10 December 2026 Something good happened for the people you wrote for. "
            "Letters like yours help. " + VICTORY) in home
    assert "“Thank you, children, your letters gave me hope.” — Ana Example" in home
    assert "Someone else's victory." not in home and "Omar's own words" not in home
    page = text_of(client.get(f"/letters/{letter.id}"))
    assert "News of this case" in page and VICTORY in page and "Omar" not in page


def test_the_wording_follows_the_band_and_hides_text_above_it(
        app, client, login, make_teacher, make_class, make_student) -> None:
    teacher = make_teacher()
    young, older = make_class(teacher, name="4A", band="elementary"), make_class(teacher, name="8C", band="middle")
    child, teen = make_student(young, name="Maya Kowalski"), make_student(older, name="Lena Fischer")
    case = make_case()
    approved(assign(young, case, kinds=("appeal",)), child, "Please free Ana Example.", teacher)
    approved(assign(older, case, kinds=("appeal",)), teen, "Please free Ana Example now.", teacher)
    add_news(case, "update", "Ana Example was beaten by guards, her lawyer says.")
    add_news(case, "victory", VICTORY, when=date(2026, 12, 12))

    login(child)
    home = text_of(client.get("/"))
    assert "News about your case" in home and "beaten" not in home
    assert "Your teacher can tell you more about this news." in home
    client.post("/auth/signout")
    login(teen)
    home = text_of(client.get("/"))
    assert "A victory" in home and "Letters from people around the world, yours among them" in home
    assert "An update" in home and "Ana Example was beaten by guards, her lawyer says." in home


def test_news_from_before_the_letter_is_not_news(app, client, login, make_teacher, make_class, make_student,
                                                 clock) -> None:
    teacher = make_teacher()
    classroom = make_class(teacher, band="middle")
    student = make_student(classroom)
    case = make_case()
    add_news(case, "update", "An old update from last year.", when=date(2025, 11, 1))
    clock.advance(days=2)
    approved(assign(classroom, case, kinds=("appeal",)), student, "Please free Ana Example.", teacher)
    login(student)
    assert "An old update from last year." not in text_of(client.get("/"))
    add_news(case, "update", UPDATE, when=date(2026, 12, 7))
    assert UPDATE in text_of(client.get("/"))
