"""Every kind of letter is named for what it is, from the one list of kinds, on every page and message."""
from __future__ import annotations

import html

from classroom.assignments.forms import AssignmentForm
from classroom.letters.kinds import KINDS, PAPER_KINDS

from .factories import assign, make_case, written

BODIES = {
    "appeal": "Dear Minister, please release Ana Example.",
    "solidarity": "Dear Ana, we are thinking of you every day.",
    "social": "Free the student journalist Ana Example! #W4R",
    "phone": "Hello, I am calling about Ana Example, a student journalist.",
}


def test_the_one_list_names_every_kind_and_feeds_the_assignment_choices(app) -> None:
    assert set(KINDS) == {"appeal", "solidarity", "social", "phone"}
    assert PAPER_KINDS == ("appeal", "solidarity")
    names = [kind.name for kind in KINDS.values()]
    assert len(set(names)) == len(names)
    with app.test_request_context():
        assert {c.value: c.label for c in AssignmentForm().letter_kinds.choices} == {
            k: kind.choice for k, kind in KINDS.items()}


def test_posts_and_scripts_are_named_for_what_they_are_in_review(app, client, login, make_teacher, make_class,
                                                                  make_student) -> None:
    teacher = make_teacher()
    classroom = make_class(teacher, band="high")
    assignment = assign(classroom, make_case(ua_number="UA 80.26"), kinds=tuple(BODIES))
    student = make_student(classroom, name="Maya Kowalski")
    letters = {kind: written(assignment, student, body, kind=kind) for kind, body in BODIES.items()}
    login(teacher)

    queue = html.unescape(client.get(f"/review/classes/{classroom.id}").get_data(as_text=True))
    rows = {kind: next(row for row in queue.split("<tr>") if f"/review/letters/{letter.id}?" in row
                       or f"/review/letters/{letter.id}\"" in row) for kind, letter in letters.items()}
    assert "Social media post" in rows["social"] and "Solidarity message" not in rows["social"]
    assert "Phone call script" in rows["phone"] and "Solidarity message" not in rows["phone"]
    assert "Solidarity message" in rows["solidarity"] and "Ana Example" in rows["solidarity"]
    assert "Appeal letter" in rows["appeal"] and "Minister of the Interior" in rows["appeal"]

    for kind, letter in letters.items():
        page = html.unescape(client.get(f"/review/letters/{letter.id}").get_data(as_text=True))
        heading = page.split("<h1>")[1].split("</h1>")[0]
        assert heading == f"Maya Kowalski: {KINDS[kind].name}" + ("" if letter.recipient is None
                                                                 else f" to {letter.recipient}")
        approved = client.post(f"/review/letters/{letter.id}/decision", data={"decision": "approve"},
                               follow_redirects=True)
        said = html.unescape(approved.get_data(as_text=True))
        if kind in PAPER_KINDS:
            assert str(KINDS[kind].approved) in said and "ready to print" in said
        else:
            assert f"Approved: the {KINDS[kind].name.lower()} is locked." in said and "ready to print" not in said

    student_client = app.test_client()
    login(student, who=student_client)
    page = html.unescape(student_client.get(f"/assignments/{assignment.id}").get_data(as_text=True))
    for letter in letters.values():
        assert letter.label in page
    assert "Message of hope" not in page
