"""Each kind's sent step is recorded and counted: an appeal sent by email leaves "Approved"
for "Sent by email" (and the print queue), a social post is recorded as posted online, a
phone script as called; the impact figures count every kind, shown per kind, and keep those
counts when the students' data is deleted."""
from __future__ import annotations

from classroom.classes import privacy
from classroom.extensions import db
from classroom.letters.models import Letter
from classroom.printing import batches, impact

from .factories import approved, assign
from .printed import text_of
from .test_channels import APPEAL, minister_case, school_world  # noqa: F401  (fixture)


def state_of(letter: Letter) -> str:
    return db.session.get(Letter, letter.id, populate_existing=True).state  # type: ignore[union-attr]


def test_an_appeal_sent_by_email_counts_as_sent_and_leaves_the_print_queue(
        app, client, login, school_world, make_teacher) -> None:  # type: ignore[no-untyped-def]
    school, teacher, classroom, student = school_world
    case = minister_case()
    letter = approved(assign(classroom, case, kinds=("appeal",)), student, APPEAL, teacher)
    assert [l.id for l in batches.queue(school)] == [letter.id]
    login(teacher)
    client.post(f"/network/letters/{letter.id}/emailed")
    assert state_of(letter) == "emailed"
    assert batches.queue(school) == []
    found = impact.for_case(case)
    assert (found.approved, found.sent) == (1, 1)
    assert [(k.kind, k.steps) for k in found.kinds] == [
        ("appeal", [("approved", 1), ("printed", 0), ("mailed", 0), ("sent by email", 1)])]
    queue = text_of(client.get(f"/review/classes/{classroom.id}?state=all"))
    assert "Sent by email" in queue
    # Still the teacher's to download and to email again; it can no longer be reopened.
    assert client.get(f"/printing/letters/{letter.id}/letter.pdf").status_code == 200
    assert client.get(f"/network/letters/{letter.id}/email").status_code == 200
    page = text_of(client.get(f"/review/letters/{letter.id}"))
    assert "Sent by email: recorded on" in page and "Reopen for changes" not in page


def test_posts_and_scripts_have_their_own_sent_step(app, client, login, school_world) -> None:  # type: ignore[no-untyped-def]
    _, teacher, classroom, student = school_world
    case = minister_case()
    assignment = assign(classroom, case, kinds=("appeal", "social", "phone"))
    post = approved(assignment, student, "I stand with the Garifuna defenders. #UA123_20", teacher, kind="social")
    script = approved(assignment, student, "Hello, I am calling about Ana Example.", teacher, kind="phone")
    appeal = approved(assignment, student, APPEAL, teacher)
    login(teacher)
    assert "It was posted: record it" in text_of(client.get(f"/review/letters/{post.id}"))
    assert "The call was made: record it" in text_of(client.get(f"/review/letters/{script.id}"))
    assert "record it" not in text_of(client.get(f"/review/letters/{appeal.id}"))

    response = client.post(f"/review/letters/{post.id}/sent", follow_redirects=True)
    assert "Recorded: posted online." in text_of(response)
    client.post(f"/review/letters/{script.id}/sent")
    refused = text_of(client.post(f"/review/letters/{appeal.id}/sent", follow_redirects=True))
    assert "recorded as mailed with their print batch" in refused
    assert (state_of(post), state_of(script), state_of(appeal)) == ("posted", "called", "approved")
    # Recorded once: a second click changes nothing and says why.
    again = text_of(client.post(f"/review/letters/{post.id}/sent", follow_redirects=True))
    assert "Only an approved post can be recorded as posted." in again

    found = impact.for_case(case)
    assert (found.approved, found.sent) == (3, 2)
    assert {k.kind: k.steps for k in found.kinds} == {
        "appeal": [("approved", 1), ("printed", 0), ("mailed", 0), ("sent by email", 0)],
        "social": [("approved", 1), ("posted online", 1)],
        "phone": [("approved", 1), ("called", 1)],
    }
    # The school writes Spanish, so its pages are Spanish; this teacher reads them in English.
    client.post("/language", data={"language": "en", "next": "/"})
    page = text_of(client.get(f"/cases/{case.id}"))
    assert ("3 approved · 2 sent, from 1 class. Appeal letters: 1 approved · 0 printed · 0 mailed · "
            "0 sent by email Social media posts: 1 approved · 1 posted online "
            "Phone call scripts: 1 approved · 1 called") in page


def test_counts_per_kind_stay_when_the_students_data_is_deleted(
        app, client, login, school_world) -> None:  # type: ignore[no-untyped-def]
    _, teacher, classroom, student = school_world
    case = minister_case()
    assignment = assign(classroom, case, kinds=("appeal", "social", "phone"))
    post = approved(assignment, student, "I stand with the Garifuna defenders.", teacher, kind="social")
    approved(assignment, student, "Hello, I am calling about Ana Example.", teacher, kind="phone")
    letter = approved(assignment, student, APPEAL, teacher)
    login(teacher)
    client.post(f"/review/letters/{post.id}/sent")
    client.post(f"/network/letters/{letter.id}/emailed")
    before = impact.for_case(case)
    privacy.delete_student(student)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Letter.id))) == 0
    assert impact.for_case(case) == before
    assert (before.approved, before.sent, len(before.kinds)) == (3, 2, 3)
