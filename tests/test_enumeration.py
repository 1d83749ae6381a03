"""Nothing a teacher (or anyone) types tells whether an account exists in another school
(security review, issue 11, finding 7): co-teacher invitations, rosters, adding a student."""
from __future__ import annotations

from flask.testing import FlaskClient

from classroom.classes import roster

PAGE_NOISE = ("csrf_token",)


def _message(response) -> str:
    """The page's error text, without the parts that differ on every request."""
    text = response.get_data(as_text=True)
    return "\n".join(line for line in text.splitlines() if not any(n in line for n in PAGE_NOISE))


def test_co_teacher_form_answers_the_same_for_nobody_and_another_schools_teacher(
        client: FlaskClient, make_class, make_teacher, login, clock) -> None:
    classroom = make_class()
    make_teacher("Far Away", email="far@example.org")  # another school
    login(classroom.teacher_links[0].teacher)
    clock.set(clock.now(), tick=False)  # both answers at one moment: a page carries a time-stamped token
    elsewhere = client.post(f"/classes/{classroom.id}/teachers", data={"email": "far@example.org"})
    nobody = client.post(f"/classes/{classroom.id}/teachers", data={"email": "nobody@example.org"})
    assert elsewhere.status_code == nobody.status_code == 400
    assert _message(elsewhere).replace("far@example.org", "X") == _message(nobody).replace("nobody@example.org", "X")
    assert "Far Away" not in elsewhere.get_data(as_text=True)


def test_roster_preview_never_says_a_username_is_taken_elsewhere(client: FlaskClient, make_class, make_teacher,
                                                                  make_student, login) -> None:
    make_student(make_class(teacher=make_teacher("Other school")), name="Someone Else", username="zoe.m")
    classroom = make_class()
    login(classroom.teacher_links[0].teacher)
    page = client.post(f"/classes/{classroom.id}/roster", data={"text": "Zoe Miller,zoe.m\nAmy Free,amy.free\n"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "taken" not in text.lower() and "zoe.m2" in text
    result = roster.preview("Zoe Miller,zoe.m\nAmy Free,amy.free\n")
    assert result.ok and [r.username for r in result.rows] == ["zoe.m2", "amy.free"]


def test_adding_a_student_with_a_taken_username_says_nothing_about_it(client: FlaskClient, make_class, make_teacher,
                                                                      make_student, login) -> None:
    make_student(make_class(teacher=make_teacher("Other school")), name="Someone Else", username="zoe.m")
    classroom = make_class()
    login(classroom.teacher_links[0].teacher)
    response = client.post(f"/classes/{classroom.id}/students", data={"given_name": "Zoe", "family_name": "Miller", "username": "zoe.m"})
    assert response.status_code == 200 and "taken" not in response.get_data(as_text=True).lower()
    assert "<code>zoe.m2</code>" in response.get_data(as_text=True)
