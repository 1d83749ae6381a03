"""A conflict between two versions of a letter is resolved, not just chosen (issue 12, item 5):
both sides mark what only they have, and "combine" puts both in one text."""
from __future__ import annotations

import html
import re

from classroom.letters.conflicts import combine, compare

from .factories import write
from .test_letters import fresh, world  # noqa: F401 (world is a fixture)


def test_each_side_marks_the_words_only_it_has_escaped() -> None:
    conflict = compare("Please free Ana. She is brave.", "Please free Ana now. She is <b>kind</b>.", 3)
    assert str(conflict.other_html) == "Please free <mark>Ana.</mark> She is <mark>brave.</mark>"
    assert str(conflict.mine_html) == "Please free <mark>Ana now.</mark> She is <mark>&lt;b&gt;kind&lt;/b&gt;.</mark>"
    assert conflict.as_json()["server_version"] == 3


def test_combining_keeps_every_word_of_both_and_what_they_share_once() -> None:
    assert combine("Dear Minister,\n\nFree Ana.", "Dear Minister,\n\nFree Ana.\n\nThank you.") == \
        "Dear Minister,\n\nFree Ana.\n\nThank you."
    both = combine("Dear Minister,\n\nFree Ana. She is brave.", "Dear Minister,\n\nFree Ana. She is kind.")
    assert both == "Dear Minister,\n\nFree Ana. She is brave.\n\nFree Ana. She is kind."
    assert combine("", "Only mine.") == "Only mine." and combine("Only theirs.", "") == "Only theirs."


def test_without_javascript_the_conflict_offers_to_combine(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    client.post(f"/letters/{letter.id}", data={"body": "Free Ana. She is brave.", "base_version": 2})
    response = client.post(f"/letters/{letter.id}", data={"body": "Free Ana. She is kind.", "base_version": 2})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "She is <mark>brave.</mark>" in page and "She is <mark>kind.</mark>" in page
    forms = re.findall(r'name="base_version" value="(\d+)">\s*<input type="hidden" name="body" value="([^"]*)">\s*'
                       r'<button type="submit" class="button(?: primary)?">([^<]+)</button>', page)
    combined = next((version, html.unescape(body)) for version, body, label in forms if label == "Combine both")
    assert combined == ("3", "Free Ana. She is brave.\n\nFree Ana. She is kind.")
    assert client.post(f"/letters/{letter.id}", data={"body": combined[1], "base_version": combined[0]}).status_code == 302
    assert fresh(letter.id).body == "Free Ana. She is brave.\n\nFree Ana. She is kind."


def test_the_autosave_conflict_carries_both_sides_marked_and_combined(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    client.put(f"/letters/{letter.id}/draft", json={"body": "Free Ana. She is brave.", "base_version": 2})
    response = client.put(f"/letters/{letter.id}/draft", json={"body": "Free Ana. She is kind.", "base_version": 2})
    assert response.status_code == 409
    data = response.get_json()
    assert data["server_body"] == "Free Ana. She is brave." and data["server_version"] == 3
    assert data["mine_html"] == "Free Ana. She is <mark>kind.</mark>"
    assert data["combined"] == "Free Ana. She is brave.\n\nFree Ana. She is kind."
