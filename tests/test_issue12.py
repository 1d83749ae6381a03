"""Issue 12 findings checked over HTTP: starting without a choice, cases past their deadline."""
from __future__ import annotations

from sqlalchemy import func, select

from classroom.extensions import db
from classroom.letters.models import Letter

from .test_letters import page_text, world  # noqa: F401 (world is a fixture)


def test_start_writing_without_a_choice_asks_to_choose(world, client, login) -> None:  # noqa: F811
    login(world.student)
    response = client.post("/letters/new", data={"assignment_id": world.assignment.id, "scaffold": "y"},
                           follow_redirects=True)
    text = page_text(response)
    assert "Choose what you will write" in text
    assert "didn't ask for this kind" not in text
    assert f"/assignments/{world.assignment.id}" in response.request.path
    assert "Start writing" in text
    assert db.session.scalar(select(func.count(Letter.id))) == 0
