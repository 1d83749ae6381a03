"""The student's side of a letter: starting, the editor, saving without losing work, revisions, submitting."""
from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from flask import Flask, session
from flask.testing import FlaskClient
from sqlalchemy import func, select

from classroom.auth import services as accounts
from classroom.auth.models import User
from classroom.auth.session import signed_in_identity
from classroom.classes import services as classes
from classroom.classes.models import Classroom, Enrolment
from classroom.extensions import db, login_manager
from classroom.letters import services as letters
from classroom.letters.models import Letter, LetterRevision
from classroom.review import services as review

from .factories import MINISTER, PROSECUTOR, assign, fresh, make_case, write
from .statements import count_statements

PHONE_LETTER = "Please release Ana Example. You can call me on 07700 900123 if you want."
LONG_LETTER = "\n\n".join(["Please release Ana Example and let her see her family again. " * 6] * 12)


@pytest.fixture
def world(app: Flask, make_teacher: Callable[..., User], make_class: Callable[..., Classroom],
          make_student: Callable[..., User]) -> SimpleNamespace:
    """A class (middle band) with two students and an assignment of a case with two officials."""
    teacher = make_teacher("Ms Rivera")
    classroom = make_class(teacher, name="7B")
    student = make_student(classroom, name="Maya Kowalski", username="maya.k")
    other = make_student(classroom, name="Leo Brandt", username="leo.b")
    case = make_case(targets=(MINISTER, PROSECUTOR))
    assignment = assign(classroom, case)
    return SimpleNamespace(teacher=teacher, classroom=classroom, student=student, other=other, case=case,
                           assignment=assignment, minister=case.letter_targets[0], prosecutor=case.letter_targets[1])


def page_text(response) -> str:
    """The page's HTML with entities decoded (so apostrophes read as typed)."""
    return html.unescape(response.get_data(as_text=True))


def revisions_of(letter_id: int) -> list[tuple[int, str, str, int | None]]:
    return [(r.version, r.reason, r.body, r.restored_from) for r in db.session.scalars(
        select(LetterRevision).where(LetterRevision.letter_id == letter_id).order_by(LetterRevision.version))]


# --- starting a letter ------------------------------------------------------------------------------

def test_student_starts_an_appeal_to_an_allowed_official_with_helper_sentences(world, client, login) -> None:
    login(world.student)
    page = page_text(client.get(f"/assignments/{world.assignment.id}"))
    assert "A letter to" in page and "A message of hope to Ana Example" in page
    response = client.post("/letters/new", data={"assignment_id": world.assignment.id,
                                                 "choice": f"appeal:{world.prosecutor.id}", "scaffold": "y"})
    assert response.status_code == 302
    letter = db.session.scalars(select(Letter)).one()
    assert response.headers["Location"].endswith(f"/letters/{letter.id}")
    assert (letter.kind, letter.target_id, letter.state, letter.version) == ("appeal", world.prosecutor.id, "draft", 1)
    # Greeting, who I am, my concern, my request, closing: seeded from the case and its asks.
    paragraphs = letter.body.split("\n\n")
    assert len(paragraphs) == 5
    assert "Ana Example" in paragraphs[0]
    assert "Maya" in paragraphs[1] and "Kowalski" not in letter.body
    assert "Now she is in prison." in paragraphs[2], "the concern uses the case summary for the class's band"
    assert "release Ana Example immediately" in paragraphs[3] and "let her see her family" in paragraphs[3]
    assert revisions_of(letter.id) == [(1, "start", letter.body, None)]
    editor = page_text(client.get(f"/letters/{letter.id}"))
    assert "Your letter to Prosecutor General" in editor
    assert "Dear Prosecutor General," in editor, "the target's salutation opens the letter"
    assert "Maya K." in editor, "signed as the class rule says"


def test_student_can_start_with_an_empty_page(world, client, login) -> None:
    login(world.student)
    client.post("/letters/new", data={"assignment_id": world.assignment.id, "choice": "solidarity"})
    letter = db.session.scalars(select(Letter)).one()
    assert (letter.kind, letter.target_id, letter.body) == ("solidarity", None, "")
    editor = page_text(client.get(f"/letters/{letter.id}"))
    assert "Your message to Ana Example" in editor
    assert "To Ana Example" in editor
    # The helper sentences are still offered beside the editor (the page works without the script too).
    assert "Helper sentences" in editor and "Hello Ana Example!" in editor


def test_starting_again_opens_the_same_letter(world, client, login) -> None:
    login(world.student)
    data = {"assignment_id": world.assignment.id, "choice": f"appeal:{world.minister.id}", "scaffold": "y"}
    first = client.post("/letters/new", data=data).headers["Location"]
    second = client.post("/letters/new", data=data).headers["Location"]
    assert first == second
    assert db.session.scalar(select(func.count(Letter.id))) == 1
    started = page_text(client.get(f"/assignments/{world.assignment.id}"))
    assert f'value="appeal:{world.minister.id}"' not in started, "a started letter isn't offered again"


def test_an_official_the_teacher_did_not_list_is_refused(world, client, login) -> None:
    assignment = assign(world.classroom, world.case, kinds=("appeal",), targets=[world.minister.id])
    login(world.student)
    response = client.post("/letters/new", data={"assignment_id": assignment.id,
                                                 "choice": f"appeal:{world.prosecutor.id}"}, follow_redirects=True)
    assert "Choose one of the officials your teacher listed." in page_text(response)
    assert db.session.scalar(select(func.count(Letter.id))) == 0


def test_a_kind_the_teacher_did_not_ask_for_is_refused(world, client, login) -> None:
    assignment = assign(world.classroom, world.case, kinds=("appeal",))
    login(world.student)
    response = client.post("/letters/new", data={"assignment_id": assignment.id, "choice": "solidarity"},
                           follow_redirects=True)
    assert "Your teacher didn't ask for this kind of letter." in page_text(response)
    assert db.session.scalar(select(func.count(Letter.id))) == 0


def test_a_student_of_another_class_cannot_start_a_letter_there(world, client, login, make_student) -> None:
    outsider = make_student(name="Olga Other")
    login(outsider)
    response = client.post("/letters/new", data={"assignment_id": world.assignment.id, "choice": "solidarity"})
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(Letter.id))) == 0


# --- the editor page ----------------------------------------------------------------------------------

def test_the_side_panel_has_the_summary_for_the_band_the_asks_and_the_tips(app, make_class, make_student, client,
                                                                          login) -> None:
    classroom = make_class(band="elementary")
    student = make_student(classroom)
    letter = write(assign(classroom, make_case(targets=(MINISTER, PROSECUTOR))), student)
    login(student)
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert "Ana wrote about a protest. Now she is in prison." in page, "the summary written for the class's band"
    for number, ask in enumerate(["Release Ana Example immediately", "Let her see her family"], start=1):
        assert f'<input type="checkbox" id="ask-{number}" value="{ask}"> <label for="ask-{number}">{ask}</label>' in page
    assert "Be polite and respectful" in page and "Keep it to one page." in page
    for label in ("Greeting", "Who I am", "My concern", "My request", "Closing"):
        assert f"<strong>{label}</strong>" in page


def test_the_editor_shows_counts_and_the_one_page_estimate(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Please release Ana Example now.")
    login(world.student)
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert '<span id="word-count">5</span> words' in page
    assert '<span id="char-count">31</span> characters' in page
    assert re.search(r'<span id="page-estimate">about \d+% of a page</span>', page)
    assert '<strong class="error" id="page-warning" hidden>' in page
    # The script counts with the same page layout as the server.
    assert 'data-per-line="' in page and 'data-lines-per-page="' in page


def test_the_editor_warns_past_one_page(world, client, login) -> None:
    letter = write(world.assignment, world.student, LONG_LETTER)
    login(world.student)
    page = page_text(client.get(f"/letters/{letter.id}"))
    percent = int(re.search(r"about (\d+)% of a page", page).group(1))
    assert percent > 100
    assert '<strong class="error" id="page-warning">Longer than one page' in page


def test_the_editor_is_labelled_for_screen_readers(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Hello")
    login(world.student)
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert '<label for="body">Your letter</label>' in page
    assert 'aria-describedby="body-hint counts save-status"' in page
    assert re.search(r'id="save-status" role="status"', page)


# --- saving without JavaScript: the Save button and the conflict rule ---------------------------------------

def test_save_button_keeps_a_revision(world, client, login) -> None:
    letter = write(world.assignment, world.student, "First words.")
    login(world.student)
    response = client.post(f"/letters/{letter.id}", data={"body": "First words.\r\nMore words.", "base_version": 2})
    assert response.status_code == 302
    assert "Saved." in page_text(client.get(response.headers["Location"]))
    letter = fresh(letter.id)
    assert (letter.version, letter.body) == (3, "First words.\nMore words.")
    assert revisions_of(letter.id)[-1] == (3, "save", "First words.\nMore words.", None)


def test_a_stale_form_save_is_refused_and_shows_both_texts(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Version from the first tab.")  # version 2
    login(world.student)
    # Another tab saved version 3 meanwhile.
    assert client.post(f"/letters/{letter.id}", data={"body": "Version from tab B.", "base_version": 2}).status_code == 302
    response = client.post(f"/letters/{letter.id}", data={"body": "Version from tab A.", "base_version": 2})
    assert response.status_code == 409
    page = page_text(response)
    assert "This letter was changed somewhere else" in page
    assert "Version from tab B." in page and "Version from tab A." in page
    assert fresh(letter.id).body == "Version from tab B.", "no silent overwrite"
    assert len(revisions_of(letter.id)) == 3
    # "Keep my version" posts the student's text on top of the version they have now seen.
    keep_mine = re.search(r'<form method="post" action="/letters/\d+">\s*(?:<input[^>]*csrf_token[^>]*>)?\s*'
                          r'<input type="hidden" name="base_version" value="(\d+)">\s*'
                          r'<input type="hidden" name="body" value="([^"]*)">', response.get_data(as_text=True))
    assert keep_mine, "the conflict offers to keep the student's version"
    assert keep_mine.group(1) == "3"
    response = client.post(f"/letters/{letter.id}", data={"body": html.unescape(keep_mine.group(2)),
                                                          "base_version": keep_mine.group(1)})
    assert response.status_code == 302
    assert fresh(letter.id).body == "Version from tab A."
    assert [v for v, *_ in revisions_of(letter.id)] == [1, 2, 3, 4]


def test_keep_my_version_keeps_line_breaks(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    client.post(f"/letters/{letter.id}", data={"body": "Other tab.", "base_version": 2})
    mine = "Dear reader,\n\nPlease release Ana.\n\nThank you."
    response = client.post(f"/letters/{letter.id}", data={"body": mine, "base_version": 2})
    assert response.status_code == 409
    match = re.search(r'name="body" value="([^"]*)"', response.get_data(as_text=True))
    assert match
    # A browser sends a hidden input's value as it is: the student's paragraphs must survive.
    assert html.unescape(match.group(1)) == mine


def test_keep_the_saved_version_goes_back_to_the_saved_text(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    client.post(f"/letters/{letter.id}", data={"body": "Saved elsewhere.", "base_version": 2})
    response = client.post(f"/letters/{letter.id}", data={"body": "Mine.", "base_version": 2})
    assert f'href="/letters/{letter.id}">Keep the other version</a>' in response.get_data(as_text=True)
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert re.search(r"<textarea[^>]*>\s*Saved elsewhere.</textarea>", page)


def test_a_save_without_base_version_is_refused(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    assert client.post(f"/letters/{letter.id}", data={"body": "No version"}).status_code == 400
    assert fresh(letter.id).body == "Start."


# --- autosave (the editor script's PUT) -----------------------------------------------------------------

def test_autosave_accepts_a_save_on_the_latest_version(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    response = client.put(f"/letters/{letter.id}/draft", json={"body": "Start. More.", "base_version": 2})
    assert response.status_code == 200
    assert response.json["version"] == 3
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", response.json["saved_at"])
    assert revisions_of(letter.id)[-1] == (3, "autosave", "Start. More.", None)
    # Sending the same text again (e.g. a retry) keeps the version and adds no revision.
    again = client.put(f"/letters/{letter.id}/draft", json={"body": "Start. More.", "base_version": 3})
    assert (again.status_code, again.json["version"]) == (200, 3)
    assert len(revisions_of(letter.id)) == 3


def test_autosave_on_an_old_version_is_refused_with_the_saved_text(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    client.put(f"/letters/{letter.id}/draft", json={"body": "Laptop text.", "base_version": 2})
    response = client.put(f"/letters/{letter.id}/draft", json={"body": "Tablet text.", "base_version": 2})
    assert response.status_code == 409
    assert {k: response.json[k] for k in ("conflict", "server_body", "server_version")} == \
        {"conflict": True, "server_body": "Laptop text.", "server_version": 3}
    assert response.json["combined"] == "Laptop text.\n\nTablet text."
    assert fresh(letter.id).body == "Laptop text."
    # Choosing "mine" saves on top of the version the student has now seen.
    chosen = client.put(f"/letters/{letter.id}/draft", json={"body": "Tablet text.", "base_version": 3})
    assert (chosen.status_code, chosen.json["version"]) == (200, 4)
    assert [body for _, _, body, _ in revisions_of(letter.id)][-2:] == ["Laptop text.", "Tablet text."]


def test_a_retry_of_a_save_whose_answer_was_lost_is_saved_not_a_conflict(world, client, login) -> None:
    # The browser sent the text, the server saved it, the answer never came back (the connection
    # dropped): the browser sends the same text again on the old version.
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    client.put(f"/letters/{letter.id}/draft", json={"body": "Start. More.", "base_version": 2})
    retry = client.put(f"/letters/{letter.id}/draft", json={"body": "Start. More.", "base_version": 2})
    assert (retry.status_code, retry.json["version"]) == (200, 3)
    assert "saved_at" in retry.json and "conflict" not in retry.json
    assert len(revisions_of(letter.id)) == 3
    # The form's Save button takes the same rule.
    page = client.post(f"/letters/{letter.id}", data={"body": "Start. More.", "base_version": 2})
    assert "Keep the other version" not in page.get_data(as_text=True)
    assert fresh(letter.id).version == 3


@pytest.mark.parametrize("payload", [None, {"body": "x"}, {"base_version": 1}, {"body": 5, "base_version": 1},
                                     {"body": "x", "base_version": "1"}, {"body": "x", "base_version": True}])
def test_autosave_needs_text_and_a_version(world, client, login, payload) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    response = client.put(f"/letters/{letter.id}/draft", json=payload)
    assert response.status_code == 400
    assert fresh(letter.id).version == 2


def test_autosave_refuses_text_longer_than_the_limit(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    response = client.put(f"/letters/{letter.id}/draft", json={"body": "a" * 6_001, "base_version": 2})
    assert response.status_code == 423
    assert "at most 6,000 characters" in response.json["error"]


def test_an_everyday_autosave_is_one_read_and_one_write(world, client, login) -> None:
    """The busiest request: the session's user, the letter and every check in one SELECT, then the save."""
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    url = f"/letters/{letter.id}/draft"
    with count_statements() as statements:
        # The editor names its page's language, so the answer's time needs no look-up of it.
        response = client.put(url, json={"body": "Start. More.", "base_version": 2},
                              headers={"X-Page-Language": "en"})
    assert response.status_code == 200
    assert [s.split()[0] for s in statements] == ["SELECT", "UPDATE", "INSERT"], statements
    assert revisions_of(letter.id)[-1] == (3, "autosave", "Start. More.", None)


def test_autosave_keeps_line_breaks_as_typed_in_any_browser(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    assert client.put(f"/letters/{letter.id}/draft", json={"body": "Dear Minister,\r\n\r\nPlease act.",
                                                          "base_version": 2}).status_code == 200
    assert fresh(letter.id).body == "Dear Minister,\n\nPlease act."


def test_autosave_after_the_password_changed_elsewhere_saves_nothing(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    accounts.set_password(world.student, "a-new-password-2026")  # e.g. the teacher reset it
    db.session.commit()
    response = client.put(f"/letters/{letter.id}/draft", json={"body": "From the old session.", "base_version": 2})
    assert response.status_code in (302, 401)
    assert fresh(letter.id).body == "Start."
    assert len(revisions_of(letter.id)) == 2


@pytest.mark.parametrize("change", ["removed", "pending"])
def test_a_student_no_longer_in_the_class_can_not_autosave(world, client, login, change: str) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    enrolment = db.session.get(Enrolment, (world.classroom.id, world.student.id))
    if change == "removed":
        db.session.delete(enrolment)
    else:
        enrolment.status = "pending"
    db.session.commit()
    response = client.put(f"/letters/{letter.id}/draft", json={"body": "Still here?", "base_version": 2})
    assert response.status_code == 404
    assert fresh(letter.id).body == "Start."


@pytest.mark.parametrize("change, message", [("archive", "This class is archived"), ("close", "This case is closed")])
def test_autosave_to_an_archived_class_or_a_closed_case_is_refused(world, client, login, change: str,
                                                                   message: str) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    if change == "archive":
        classes.archive(world.classroom)
    else:
        world.case.status = "closed"
    db.session.commit()
    response = client.put(f"/letters/{letter.id}/draft", json={"body": "Too late.", "base_version": 2})
    assert response.status_code == 423
    assert message in response.json["error"]
    assert fresh(letter.id).body == "Start."


def test_autosave_of_a_letter_with_the_teacher_is_refused(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Start.")
    letters.submit(letter, world.student)
    db.session.commit()
    login(world.student)
    response = client.put(f"/letters/{letter.id}/draft", json={"body": "Changed while waiting.", "base_version": 2})
    assert response.status_code == 423
    assert "waiting for your teacher" in response.json["error"]
    assert fresh(letter.id).body == "Start."


def test_signed_in_identity_names_the_session_user_only_without_strong_protection(app, world, client,
                                                                                  login) -> None:
    login(world.student)
    with client.session_transaction() as cookie:
        stored = cookie["_user_id"]
    with app.test_request_context():
        session["_user_id"] = stored
        named = signed_in_identity()
        assert named is not None and named[:2] == (world.student.id, world.student.session_token)
        assert stored == f"{world.student.id}:{world.student.session_token}:{named[2]}"  # the sign-in's key
        session["_user_id"] = "12:"  # no token
        assert signed_in_identity() is None
        session["_user_id"] = stored
        login_manager.session_protection = "strong"
        try:
            assert signed_in_identity() is None
        finally:
            login_manager.session_protection = "basic"


def test_services_save_refuses_a_stale_base_version(world) -> None:
    letter = write(world.assignment, world.student, "One.")
    assert letters.save(letter, "Two.", 2).saved
    stale = letters.save(letter, "Three, from an old tab.", 2)
    assert (stale.saved, stale.version, stale.body) == (False, 3, "Two.")
    db.session.commit()
    assert fresh(letter.id).body == "Two."
    assert [v for v, *_ in revisions_of(letter.id)] == [1, 2, 3]
    with pytest.raises(letters.LetterError):
        letters.save(letter, "x" * 20_001, 3)


def test_a_save_loaded_before_another_request_sent_the_letter_is_refused(world) -> None:
    """An autosave that loaded the letter just before another tab sent it must not change the sent text."""
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    letter = write(world.assignment, world.student, "Sent text.")
    assert letter.state == "draft"  # loaded in this request
    with Session(db.engine) as other_request:
        other_request.execute(update(Letter).where(Letter.id == letter.id).values(state="submitted"))
        other_request.commit()
    with pytest.raises(letters.LetterError, match="waiting for your teacher"):
        letters.save(letter, "Changed after sending.", letter.version)
    db.session.rollback()
    assert fresh(letter.id).body == "Sent text."


def test_two_app_servers_racing_on_one_version_never_both_win(world, app, make_app, login) -> None:
    """Two app instances (as two gunicorn hosts) on one database, sending saves at the same moment."""
    letter_id = write(world.assignment, world.student, "Start.").id
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    servers = [make_app(SQLALCHEMY_DATABASE_URI=url) for _ in range(2)]
    clients = []
    for server in servers:
        server.test_client_class = type(app.test_client())
        each = server.test_client()
        login(world.student, who=each)
        clients.append(each)
    version, winners = 2, []
    for round_ in range(8):
        barrier = threading.Barrier(2)
        results: dict[int, tuple[int, dict]] = {}

        def put(n: int, who: FlaskClient, base: int = version, round_: int = round_,
                barrier: threading.Barrier = barrier, results: dict = results) -> None:
            barrier.wait()
            response = who.put(f"/letters/{letter_id}/draft", json={"body": f"round {round_} from {n}",
                                                                    "base_version": base})
            results[n] = (response.status_code, response.json)

        threads = [threading.Thread(target=put, args=(n, c)) for n, c in enumerate(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        codes = sorted(code for code, _ in results.values())
        assert codes == [200, 409], results
        winner = next(n for n, (code, _) in results.items() if code == 200)
        loser = results[1 - winner][1]
        assert loser["server_body"] == f"round {round_} from {winner}"
        winners.append(winner)
        version += 1
        assert loser["server_version"] == version
    assert fresh(letter_id).version == version
    assert [body for v, _, body, _ in revisions_of(letter_id) if v > 2] == [
        f"round {r} from {w}" for r, w in enumerate(winners)]


# --- revisions ---------------------------------------------------------------------------------------------

def test_every_save_is_a_revision_the_student_can_view_and_restore(world, client, login) -> None:
    letter = write(world.assignment, world.student, "First draft.")
    login(world.student)
    client.put(f"/letters/{letter.id}/draft", json={"body": "Second draft.", "base_version": 2})
    client.post(f"/letters/{letter.id}", data={"body": "Third draft.", "base_version": 3})
    listing = page_text(client.get(f"/letters/{letter.id}/revisions"))
    assert listing.index("Version 4") < listing.index("Version 3") < listing.index("Version 2") < listing.index("Version 1")
    for how in ("Started", "Saved automatically", "Saved"):
        assert how in listing
    earlier = page_text(client.get(f"/letters/{letter.id}/revisions/2"))
    assert "First draft." in earlier and "Bring this version back" in earlier
    response = client.post(f"/letters/{letter.id}/revisions/2/restore")
    assert response.status_code == 302
    assert "Version 2 is back" in page_text(client.get(response.headers["Location"]))
    letter = fresh(letter.id)
    assert (letter.version, letter.body) == (5, "First draft.")
    assert revisions_of(letter.id)[-1] == (5, "restore", "First draft.", 2)
    assert len(revisions_of(letter.id)) == 5, "nothing was lost"
    assert "(from version 2)" in page_text(client.get(f"/letters/{letter.id}/revisions"))


def test_restoring_the_current_text_does_not_relabel_a_revision(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Same text.")  # v2
    login(world.student)
    client.put(f"/letters/{letter.id}/draft", json={"body": "Changed.", "base_version": 2})  # v3
    client.put(f"/letters/{letter.id}/draft", json={"body": "Same text.", "base_version": 3})  # v4
    client.post(f"/letters/{letter.id}/revisions/2/restore")
    assert revisions_of(letter.id)[3] == (4, "autosave", "Same text.", None)
    assert fresh(letter.id).body == "Same text."


def test_a_version_that_does_not_exist_is_not_found(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Start.")
    login(world.student)
    assert client.get(f"/letters/{letter.id}/revisions/9").status_code == 404
    response = client.post(f"/letters/{letter.id}/revisions/9/restore", follow_redirects=True)
    assert "That version doesn't exist." in page_text(response)


def test_a_submitted_letter_offers_no_restore(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Start.")
    letters.submit(letter, world.student)
    db.session.commit()
    login(world.student)
    assert "Bring this version back" not in page_text(client.get(f"/letters/{letter.id}/revisions/1"))
    client.post(f"/letters/{letter.id}/revisions/1/restore")
    assert fresh(letter.id).body == "Start."


# --- submitting ----------------------------------------------------------------------------------------------

def test_flags_are_shown_and_the_student_may_fix_them_or_send_anyway(world, client, login) -> None:
    letter = write(world.assignment, world.student, PHONE_LETTER)
    login(world.student)
    response = client.post(f"/letters/{letter.id}/submit")
    assert response.status_code == 200
    page = page_text(response)
    assert "Please check your letter" in page
    assert "This looks like a phone number." in page and "<mark>07700 900123</mark>" in page
    assert f'href="/letters/{letter.id}">Go back and fix it</a>' in page
    assert fresh(letter.id).state == "draft", "nothing is sent before the student decides"
    response = client.post(f"/letters/{letter.id}/submit", data={"confirm": "1"})
    assert response.status_code == 302
    letter = fresh(letter.id)
    assert letter.state == "submitted"
    assert [f["kind"] for f in letter.safety_flags] == ["phone"]
    assert letter.safety_flags[0]["matches"] == ["07700 900123"]


def test_a_fixed_letter_goes_straight_to_the_teacher(world, client, login) -> None:
    letter = write(world.assignment, world.student, PHONE_LETTER)
    login(world.student)
    client.post(f"/letters/{letter.id}", data={"body": "Please release Ana Example.", "base_version": 2})
    response = client.post(f"/letters/{letter.id}/submit", follow_redirects=True)
    assert "Your letter is with your teacher now." in page_text(response)
    letter = fresh(letter.id)
    assert (letter.state, letter.safety_flags) == ("submitted", [])


def test_the_length_and_surname_checks_run_on_submit(world, client, login) -> None:
    letter = write(world.assignment, world.student, LONG_LETTER + "\n\nMaya Kowalski")
    login(world.student)
    page = page_text(client.post(f"/letters/{letter.id}/submit"))
    assert "too long for one page" in page
    assert "This looks like a last name." in page and "<mark>Kowalski</mark>" in page


def test_an_empty_letter_cannot_be_sent(world, client, login) -> None:
    letter = write(world.assignment, world.student, "   ")
    login(world.student)
    response = client.post(f"/letters/{letter.id}/submit", follow_redirects=True)
    assert "Write your letter before sending it to your teacher." in page_text(response)
    assert fresh(letter.id).state == "draft"


def test_a_sent_letter_cannot_be_changed_until_taken_back(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Please release Ana Example.")
    login(world.student)
    client.post(f"/letters/{letter.id}/submit")
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert "Your letter is with your teacher." in page and "Take it back to change it" in page
    assert "<textarea" not in page
    # The asks stay in the side panel as a list, without the ticks that belong to writing.
    assert "Release Ana Example immediately" in page and 'type="checkbox"' not in page
    response = client.put(f"/letters/{letter.id}/draft", json={"body": "Sneaky edit", "base_version": 2})
    assert response.status_code == 423 and response.json["state"] == "submitted"
    response = client.post(f"/letters/{letter.id}", data={"body": "Sneaky edit", "base_version": 2},
                           follow_redirects=True)
    assert "Take it back first to change it." in page_text(response)
    assert fresh(letter.id).body == "Please release Ana Example."
    response = client.post(f"/letters/{letter.id}/unsubmit", follow_redirects=True)
    assert "You took your letter back." in page_text(response)
    assert fresh(letter.id).state == "draft"
    assert client.put(f"/letters/{letter.id}/draft", json={"body": "Now I can.", "base_version": 2}).status_code == 200


def test_unsubmit_is_refused_once_the_teacher_opens_the_letter(world, client, login, app) -> None:
    letter = write(world.assignment, world.student, "Please release Ana Example.")
    login(world.student)
    client.post(f"/letters/{letter.id}/submit")
    teacher = app.test_client()
    login(world.teacher, who=teacher)
    assert teacher.get(f"/review/letters/{letter.id}").status_code == 200
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert "Take it back to change it" not in page
    response = client.post(f"/letters/{letter.id}/unsubmit", follow_redirects=True)
    assert "Your teacher has started reading this letter, so it can't be taken back now." in page_text(response)
    assert fresh(letter.id).state == "submitted"


def test_a_closed_case_takes_no_new_letters(world, client, login) -> None:
    draft = write(world.assignment, world.student, "Please release Ana Example.")
    world.case.status = "closed"
    db.session.commit()
    login(world.student)
    message = "This case is closed, so it doesn't take new letters."
    assert message in page_text(client.get(f"/assignments/{world.assignment.id}"))
    response = client.post("/letters/new", data={"assignment_id": world.assignment.id, "choice": "solidarity"},
                           follow_redirects=True)
    assert message in page_text(response)
    assert db.session.scalar(select(func.count(Letter.id))) == 1
    assert message in page_text(client.get(f"/letters/{draft.id}"))
    response = client.post(f"/letters/{draft.id}/submit", data={"confirm": "1"}, follow_redirects=True)
    assert message in page_text(response)
    assert fresh(draft.id).state == "draft"


def test_an_archived_class_takes_no_letters(world, client, login) -> None:
    draft = write(world.assignment, world.student, "Please release Ana Example.")
    classes.archive(world.classroom)
    db.session.commit()
    login(world.student)
    message = "This class is archived, so its letters can't change any more."
    response = client.post("/letters/new", data={"assignment_id": world.assignment.id, "choice": "solidarity"},
                           follow_redirects=True)
    assert message in page_text(response)
    assert db.session.scalar(select(func.count(Letter.id))) == 1
    response = client.post(f"/letters/{draft.id}/submit", data={"confirm": "1"}, follow_redirects=True)
    assert message in page_text(response)
    assert fresh(draft.id).state == "draft"
    assert client.put(f"/letters/{draft.id}/draft", json={"body": "Edit", "base_version": 2}).status_code == 423


# --- feedback as the student sees it ---------------------------------------------------------------------

def test_the_student_sees_feedback_with_the_passage_highlighted(world, client, login) -> None:
    letter = write(world.assignment, world.student, "Dear Minister, free Ana. You are stupid.")
    letters.submit(letter, world.student)
    review.add_comment(letter, world.teacher, "Please say this more kindly.", "You are stupid.")
    review.add_comment(letter, world.teacher, "Good start!")
    review.decide(letter, world.teacher, "request_changes", {"polite": False})
    db.session.commit()
    login(world.student)
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert "Your teacher asked for some changes." in page
    assert "Please say this more kindly." in page and "Good start!" in page
    assert '<mark id="passage-1" data-comment="1">You are stupid.<sup class="comment-ref">1</sup></mark>' in page
    # Edited away: the comment stays, marked as being on earlier text, with its quote.
    client.post(f"/letters/{letter.id}", data={"body": "Dear Minister, free Ana. Please act now.",
                                               "base_version": letter.version})
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert "on earlier text" in page and "“You are stupid.”" in page
    assert "<mark" not in page.split('id="feedback-heading"')[1].split("</section>")[0]


# --- nobody reads another student's letter -------------------------------------------------------------------

def test_no_student_reads_or_writes_another_students_letter(world, app, client, login, make_student) -> None:
    mine = write(world.assignment, world.student, "Maya's private draft.")
    theirs = write(world.assignment, world.other, "Leo's private draft.")
    outsider = make_student(name="Olga Other")
    login(world.other)
    own = client.get(f"/letters/{theirs.id}")
    assert own.status_code == 200
    for url in (f"/letters/{mine.id}", f"/letters/{mine.id}/revisions", f"/letters/{mine.id}/revisions/1",
                f"/letters/{mine.id}/revisions/2"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Maya's private draft" not in page_text(response)
    guesses = [client.get(f"/letters/{n}").status_code for n in range(1, 30) if n != theirs.id]
    assert set(guesses) == {404}
    revision_guesses = [client.get(f"/letters/{mine.id}/revisions/{v}").status_code for v in range(6)]
    assert set(revision_guesses) == {404}
    writes = [
        client.put(f"/letters/{mine.id}/draft", json={"body": "Overwritten by Leo", "base_version": 2}),
        client.post(f"/letters/{mine.id}", data={"body": "Overwritten by Leo", "base_version": 2}),
        client.post(f"/letters/{mine.id}/revisions/1/restore"),
        client.post(f"/letters/{mine.id}/submit", data={"confirm": "1"}),
        client.post(f"/letters/{mine.id}/unsubmit"),
    ]
    assert [r.status_code for r in writes] == [404] * len(writes)
    assert "Maya's private draft" not in "".join(page_text(r) for r in writes)
    letter = fresh(mine.id)
    assert (letter.body, letter.version, letter.state) == ("Maya's private draft.", 2, "draft")
    # A student of another class can't either, and neither can a teacher through the student pages.
    stranger = app.test_client()
    login(outsider, who=stranger)
    assert stranger.get(f"/letters/{mine.id}").status_code == 404
    assert stranger.put(f"/letters/{mine.id}/draft", json={"body": "x", "base_version": 2}).status_code == 404
    teacher = app.test_client()
    login(world.teacher, who=teacher)
    assert teacher.get(f"/letters/{mine.id}").status_code == 403


def test_a_student_who_left_the_class_cannot_reach_their_letter(world, client, login) -> None:
    from classroom.classes.models import Enrolment

    letter = write(world.assignment, world.student, "Draft.")
    login(world.student)
    db.session.delete(db.session.get(Enrolment, (world.classroom.id, world.student.id)))
    db.session.commit()
    assert client.get(f"/letters/{letter.id}").status_code == 404
    assert client.put(f"/letters/{letter.id}/draft", json={"body": "x", "base_version": 2}).status_code == 404


# --- a constant number of SQL statements ----------------------------------------------------------------------

def editor_statements(app: Flask, make_class, make_student, login, size: int) -> int:
    """Statements to render one student's editor in a class of ``size`` students who all wrote, with feedback."""
    classroom = make_class(name=f"Class of {size}")
    students = [make_student(classroom, name=f"Student Number{n}", username=f"s{size}-{n}") for n in range(size)]
    assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR), ua_number=f"UA {size}.26"))
    teacher = classroom.teacher_links[0].teacher_id
    for student in students:
        letter = write(assignment, student, "Please release Ana Example. I care about her.")
        letters.submit(letter, student)
        review.add_comment(letter, db.session.get(User, teacher), "Say more.", "I care about her.")
        review.decide(letter, db.session.get(User, teacher), "request_changes", {})
    db.session.commit()
    client = app.test_client()
    login(students[0], who=client)
    letter_id = db.session.scalar(select(Letter.id).where(Letter.student_id == students[0].id))
    client.get(f"/letters/{letter_id}")  # warm-up (first-request work is not per page)
    with count_statements() as statements:
        assert client.get(f"/letters/{letter_id}").status_code == 200
    return len(statements)


def test_the_editor_page_runs_a_fixed_number_of_queries(app, make_class, make_student, login) -> None:
    small = editor_statements(app, make_class, make_student, login, 10)
    large = editor_statements(app, make_class, make_student, login, 100)
    assert small == large, (small, large)
