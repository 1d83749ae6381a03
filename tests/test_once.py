"""Long actions run once per form: a double click, a reload or the back button does not make a
second set of passwords or accounts behind the teacher's back (issue 15)."""
from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import func, select

from classroom.auth.models import User
from classroom.classes.roster_routes import SENT_TWICE_CARDS, SENT_TWICE_ROSTER
from classroom.extensions import db

ONCE = re.compile(r'name="once" value="([^"]+)"')


def _hashes() -> list[str]:
    return list(db.session.scalars(select(User.password_hash).where(User.role == "student").order_by(User.id)))


def test_new_passwords_for_everyone_run_once_per_form(client: FlaskClient, make_class, make_student, login) -> None:
    classroom = make_class()
    for name in ("Maya Kaur", "Leo Park"):
        make_student(classroom, name=name)
    login(classroom.teacher_links[0].teacher)
    page = client.get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert 'data-busy="Working…"' in page
    token = ONCE.search(page).group(1)
    before = _hashes()
    first = client.post(f"/classes/{classroom.id}/cards", data={"once": token})
    assert first.status_code == 200 and "Login cards" in first.get_data(as_text=True)
    after_first = _hashes()
    assert all(a != b for a, b in zip(before, after_first, strict=True))
    again = client.post(f"/classes/{classroom.id}/cards", data={"once": token}, follow_redirects=True)
    assert str(SENT_TWICE_CARDS) in again.get_data(as_text=True)
    assert _hashes() == after_first
    forged = client.post(f"/classes/{classroom.id}/cards", data={}, follow_redirects=True)
    assert "sent twice" in forged.get_data(as_text=True) and _hashes() == after_first
    # A fresh page gives a fresh token: the teacher can ask again on purpose.
    fresh = ONCE.search(client.get(f"/classes/{classroom.id}").get_data(as_text=True)).group(1)
    assert fresh != token
    assert client.post(f"/classes/{classroom.id}/cards", data={"once": fresh}).status_code == 200
    assert _hashes() != after_first


def test_a_class_list_makes_its_accounts_once(client: FlaskClient, make_class, login) -> None:
    classroom = make_class()
    login(classroom.teacher_links[0].teacher)
    text = "First name,Last name\nMaya,Kaur\nLeo,Park\n"
    preview = client.post(f"/classes/{classroom.id}/roster", data={"text": text}).get_data(as_text=True)
    assert 'data-busy="Creating the accounts…"' in preview and "Create 2 student accounts" in preview
    token = ONCE.search(preview).group(1)
    form = {"text": text, "header": "yes", "column": ["given", "family"], "accept": "1", "once": token}
    assert "Login cards" in client.post(f"/classes/{classroom.id}/roster", data=form).get_data(as_text=True)
    students = db.session.scalar(select(func.count()).select_from(User).where(User.role == "student"))
    again = client.post(f"/classes/{classroom.id}/roster", data=form, follow_redirects=True).get_data(as_text=True)
    assert str(SENT_TWICE_ROSTER)[:60] in again.replace("&#39;", "'")
    assert db.session.scalar(select(func.count()).select_from(User).where(User.role == "student")) == students == 2
