"""The teacher's review: the diff, comment anchoring, queues, the review page, decisions, and the home pages."""
from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from classroom.auth.models import User
from classroom.classes.models import Classroom
from classroom.clock import utcnow
from classroom.extensions import db
from classroom.letters import services as letters
from classroom.letters.feedback import AnchoredComment, anchor, anchored_comments, highlight
from classroom.letters.models import Comment, Letter, Review
from classroom.review import services as review
from classroom.review import textdiff

from .factories import MINISTER, PROSECUTOR, assign, fresh, make_case, write
from .statements import count_statements


def page_text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.get_data(as_text=True))


# --- the word-level diff --------------------------------------------------------------------------------------

def test_no_change_is_one_equal_piece() -> None:
    pieces = textdiff.diff("Please free Ana.", "Please free Ana.")
    assert pieces == [textdiff.Piece("equal", "Please free Ana.")]
    assert not textdiff.has_changes(pieces)


def test_a_changed_word_is_marked_whole() -> None:
    pieces = textdiff.diff("Please free Ana now.", "Please release Ana now.")
    assert [p for p in pieces if p.op != "equal"] == [textdiff.Piece("delete", "free"),
                                                      textdiff.Piece("insert", "release")]
    assert textdiff.to_html(pieces) == "Please <del>free</del><ins>release</ins> Ana now."


def test_added_and_removed_sentences() -> None:
    old = "Dear Minister, you are stupid. Please free Ana."
    new = "Dear Minister, please free Ana. She is a student and I care about her."
    pieces = textdiff.diff(old, new)
    removed = "".join(p.text for p in pieces if p.op == "delete")
    added = "".join(p.text for p in pieces if p.op == "insert")
    assert "stupid" in removed and "stupid" not in added
    assert "I care about her." in added


def test_a_rewritten_sentence_reads_as_one_change() -> None:
    old = "Changed in tab one. Please release Ana Example."
    new = "I am Maya. Please release Ana Example."
    assert textdiff.to_html(textdiff.diff(old, new)) == (
        "<del>Changed in tab one.</del><ins>I am Maya.</ins> Please release Ana Example.")


def test_paragraphs_are_kept() -> None:
    old = "First paragraph.\n\nSecond paragraph."
    new = "First paragraph.\n\nA new middle.\n\nSecond paragraph."
    pieces = textdiff.diff(old, new)
    assert "".join(p.text for p in pieces if p.op != "delete") == new
    assert "A new middle." in "".join(p.text for p in pieces if p.op == "insert")


def test_the_html_is_escaped() -> None:
    pieces = textdiff.diff("<b>hi</b>", "<script>alert(1)</script> & bye")
    out = textdiff.to_html(pieces)
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;" in out
    assert out.count("<ins>") == 1 and out.count("<del>") == 1


@given(st.text(alphabet="ab \n.", max_size=40), st.text(alphabet="ab \n.", max_size=40))
def test_both_texts_can_be_read_back_from_the_diff(old: str, new: str) -> None:
    pieces = textdiff.diff(old, new)
    assert "".join(p.text for p in pieces if p.op != "insert") == old
    assert "".join(p.text for p in pieces if p.op != "delete") == new
    assert textdiff.has_changes(pieces) == (old != new)


# --- anchoring comments to passages ---------------------------------------------------------------------

TEXT = "Dear Minister, please free Ana. You are stupid. Thank you."
QUOTE = "You are stupid."
AT = TEXT.index(QUOTE)


def test_an_unchanged_passage_stays_where_it_was() -> None:
    assert anchor(QUOTE, AT, AT + len(QUOTE), TEXT) == (AT, AT + len(QUOTE))


def test_a_moved_passage_is_found_again() -> None:
    moved = "I am Maya. " + TEXT
    assert anchor(QUOTE, AT, AT + len(QUOTE), moved) == (AT + 11, AT + 11 + len(QUOTE))
    reordered = "You are stupid. Dear Minister, please free Ana. Thank you."
    assert anchor(QUOTE, AT, AT + len(QUOTE), reordered) == (0, len(QUOTE))


def test_of_several_copies_the_nearest_is_chosen() -> None:
    text = "Free Ana. Free Ana. Free Ana."
    assert anchor("Free Ana.", 10, 19, text) == (10, 19)
    shifted = "Hi. " + text
    assert anchor("Free Ana.", 10, 19, shifted) == (14, 23)


def test_an_edited_away_passage_has_no_place() -> None:
    edited = "Dear Minister, please free Ana. You are wrong. Thank you."
    assert anchor(QUOTE, AT, AT + len(QUOTE), edited) is None
    assert anchor(QUOTE, AT, AT + len(QUOTE), "") is None
    assert anchor("", 0, 0, TEXT) is None


def test_comments_on_earlier_text_keep_their_quote_and_general_ones_are_never_earlier() -> None:
    passage = Comment(body="Kinder, please.", quote=QUOTE, start=AT, end=AT + len(QUOTE), version=2)
    general = Comment(body="Good start!", quote=None, start=None, end=None, version=2)
    letter = Letter(body="Dear Minister, please free Ana. Thank you.")
    letter.comments = [passage, general]
    placed = anchored_comments(letter)
    assert [(a.span, a.on_earlier_text) for a in placed] == [(None, True), (None, False)]
    assert placed[0].comment.quote == QUOTE


def test_highlight_marks_passages_and_escapes_the_text() -> None:
    text = "<b>Free</b> Ana & her friends. You are stupid."
    quote_at = text.index("You are stupid.")
    comments = [
        AnchoredComment(Comment(body="general"), None),
        AnchoredComment(Comment(body="rude", quote="You are stupid."), (quote_at, len(text))),
    ]
    out = highlight(text, comments)
    assert out.startswith("&lt;b&gt;Free&lt;/b&gt; Ana &amp; her friends. ")
    assert out.endswith('<mark id="passage-2" data-comment="2">You are stupid.<sup class="comment-ref">2</sup></mark>')


def test_overlapping_passages_mark_the_first_and_keep_all_text() -> None:
    text = "one two three four"
    comments = [AnchoredComment(Comment(body="a"), (0, 9)), AnchoredComment(Comment(body="b"), (4, 13))]
    out = highlight(text, comments)
    assert out.count("<mark") == 1
    assert re.sub(r"<[^>]+>|<sup[^>]*>\d</sup>", "", str(out)).replace("1", "") == text


def test_highlight_marks_what_the_safety_checks_found_unless_edited_since() -> None:
    text = "Call me on 07700 900123. <i>Thanks</i>"
    at = text.index("07700")
    flag = {"kind": "phone", "matches": ["07700 900123"], "spans": [[at, at + 12]], "details": {}}
    out = str(highlight(text, [], [flag]))
    assert out == ('Call me on <mark class="flagged" title="This looks like a phone number. Letters never include '
                   'phone numbers.">07700 900123</mark>. &lt;i&gt;Thanks&lt;/i&gt;')
    edited = "Call me maybe. 07700 900123"
    assert "<mark" not in str(highlight(edited, [], [flag]))  # the span no longer holds what was found
    assert "<mark" not in str(highlight(text, [], [{**flag, "spans": [[30, 99]]}]))  # out of range


def test_a_comment_and_a_flag_on_the_same_words_show_one_mark() -> None:
    text = "You are stupid."
    comments = [AnchoredComment(Comment(body="rude", quote="stupid"), (8, 14))]
    flag = {"kind": "insult", "message": "Unkind word", "matches": ["stupid"], "spans": [[8, 14]]}
    out = str(highlight(text, comments, [flag]))
    assert out.count("<mark") == 1 and 'data-comment="1"' in out


# --- a class to review ---------------------------------------------------------------------------------------

@pytest.fixture
def world(app: Flask, make_teacher: Callable[..., User], make_class: Callable[..., Classroom],
          make_student: Callable[..., User]) -> SimpleNamespace:
    """Class 7B with three students who sent letters (oldest: Ana's) and one draft; another class elsewhere."""
    teacher = make_teacher("Ms Rivera")
    classroom = make_class(teacher, name="7B")
    case = make_case(targets=(MINISTER, PROSECUTOR))
    assignment = assign(classroom, case)
    other_assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR), ua_number="UA 7.26",
                                                   title="Land defenders threatened"))
    names = ["Ana Alba", "Ben Brook", "Cleo Cole", "Dev Dale"]
    students = [make_student(classroom, name=n, username=n.split()[0].lower()) for n in names]
    sent = []
    for n, student in enumerate(students[:3]):
        letter = write(assignment if n != 1 else other_assignment, student,
                       f"Dear Minister, please free Ana Example. I am {student.first_name}.")
        letters.submit(letter, student)
        letter.submitted_at = utcnow() - timedelta(hours=10 - n)
        sent.append(letter)
    draft = write(assignment, students[3], "Not finished.")
    db.session.commit()
    return SimpleNamespace(teacher=teacher, classroom=classroom, case=case, assignment=assignment,
                           other_assignment=other_assignment, students=students, sent=sent, draft=draft)


def names_in_queue(response) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r'<a href="/review/letters/\d+[^"]*">([^<]+)</a></td>', page_text(response))


def test_the_queue_lists_sent_letters_oldest_first(world, client, login) -> None:
    login(world.teacher)
    response = client.get(f"/review/classes/{world.classroom.id}")
    assert response.status_code == 200
    assert names_in_queue(response) == ["Ana Alba", "Ben Brook", "Cleo Cole"]
    assert "3 letters, oldest first." in page_text(response)


def test_the_queue_filters_by_assignment_and_state(world, client, login) -> None:
    login(world.teacher)
    url = f"/review/classes/{world.classroom.id}"
    assert names_in_queue(client.get(f"{url}?assignment={world.assignment.id}")) == ["Ana Alba", "Cleo Cole"]
    assert names_in_queue(client.get(f"{url}?assignment={world.other_assignment.id}")) == ["Ben Brook"]
    review.decide(world.sent[0], world.teacher, "request_changes", {})
    db.session.commit()
    assert names_in_queue(client.get(f"{url}?state=changes_requested")) == ["Ana Alba"]
    assert names_in_queue(client.get(url)) == ["Ben Brook", "Cleo Cole"]
    assert names_in_queue(client.get(f"{url}?state=all")) == ["Ana Alba", "Ben Brook", "Cleo Cole"], "drafts are private"
    assert names_in_queue(client.get(f"{url}?state=bogus")) == ["Ben Brook", "Cleo Cole"]


def test_next_and_previous_follow_the_queue_and_keep_the_filter(world, client, login) -> None:
    login(world.teacher)
    a, b, c = world.sent
    first = page_text(client.get(f"/review/letters/{a.id}"))
    assert 'rel="prev"' not in first
    assert f'href="/review/letters/{b.id}?state=submitted" rel="next">Next letter' in first
    middle = page_text(client.get(f"/review/letters/{b.id}"))
    assert f'/review/letters/{a.id}?state=submitted" rel="prev"' in middle
    assert f'/review/letters/{c.id}?state=submitted" rel="next"' in middle
    filtered = page_text(client.get(f"/review/letters/{a.id}?state=submitted&assignment={world.assignment.id}"))
    assert f'/review/letters/{c.id}?state=submitted&assignment={world.assignment.id}" rel="next"' in filtered
    last = page_text(client.get(f"/review/letters/{c.id}"))
    assert 'rel="next"' not in last


def test_a_decision_moves_on_to_the_next_letter(world, client, login) -> None:
    login(world.teacher)
    a, b, c = world.sent
    response = client.post(f"/review/letters/{a.id}/decision?state=submitted",
                           data={"decision": "approve", "rubric": ["polite", "factual"]})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/review/letters/{b.id}?state=submitted")
    client.post(f"/review/letters/{b.id}/decision", data={"decision": "request_changes"})
    response = client.post(f"/review/letters/{c.id}/decision", data={"decision": "approve"})
    assert response.headers["Location"].endswith(f"/review/classes/{world.classroom.id}")


def test_the_review_page_shows_the_letter_beside_the_case_target_and_flags(world, client, login) -> None:
    flagged = write(world.assignment, world.students[3], kind="appeal",
                    body="Please free Ana. Call me on 07700 900123.", target_id=world.case.letter_targets[1].id)
    letters.submit(flagged, world.students[3])
    db.session.commit()
    login(world.teacher)
    page = page_text(client.get(f"/review/letters/{flagged.id}"))
    assert "Dev Dale: Appeal letter to Prosecutor General" in page
    assert "Please free Ana. Call me on" in page
    assert "Dear Prosecutor General," in page
    assert world.case.title in page and "Release Ana Example immediately" in page and "Let her see her family" in page
    assert "5 Justice Square" in page and "verify address" in page  # the Prosecutor's address
    assert "Safety checks (1)" in page and "This looks like a phone number." in page
    assert "<mark>07700 900123</mark>" in page
    # ...and marked where it is in the letter itself.
    assert re.search(r'Call me on <mark class="flagged" title="This looks like a phone number[^"]*">07700 900123</mark>\.',
                     page)
    assert "Signed “Dev D.”" in page
    assert fresh(flagged.id).review_started_at is not None


def test_a_draft_is_not_opened_for_review(world, client, login) -> None:
    login(world.teacher)
    client.get(f"/review/letters/{world.draft.id}")
    draft = fresh(world.draft.id)
    assert draft.review_started_at is None
    assert draft.state == "draft"


def test_general_and_passage_comments(world, client, login) -> None:
    letter = world.sent[0]
    login(world.teacher)
    response = client.post(f"/review/letters/{letter.id}/comments", data={"body": "Lovely and clear."})
    assert response.status_code == 302
    body = fresh(letter.id).body
    start = body.index("I am Ana.")
    response = client.post(f"/review/letters/{letter.id}/comments",
                           data={"body": "Say a bit more about yourself.", "quote": "I am Ana.", "start": start})
    assert response.status_code == 302
    comments = db.session.scalars(select(Comment).where(Comment.letter_id == letter.id).order_by(Comment.id)).all()
    assert [(c.quote, c.start, c.end, c.version) for c in comments] == [
        (None, None, None, 2), ("I am Ana.", start, start + 9, 2)]
    page = page_text(client.get(f"/review/letters/{letter.id}"))
    assert '<mark id="passage-2" data-comment="2">I am Ana.<sup class="comment-ref">2</sup></mark>' in page
    assert "Say a bit more about yourself." in page and "Ms Rivera" in page


def test_a_passage_is_placed_at_the_selected_copy(world, client, login) -> None:
    letter = write(world.assignment, world.students[3], "Free Ana. Free Ana. Free Ana.")
    letters.submit(letter, world.students[3])
    db.session.commit()
    login(world.teacher)
    client.post(f"/review/letters/{letter.id}/comments", data={"body": "Repeated", "quote": "Free Ana.", "start": 10})
    client.post(f"/review/letters/{letter.id}/comments", data={"body": "Typed", "quote": "Free Ana."})
    comments = db.session.scalars(select(Comment).where(Comment.letter_id == letter.id).order_by(Comment.id)).all()
    assert [(c.start, c.end) for c in comments] == [(10, 19), (0, 9)]


def test_a_passage_over_two_paragraphs_or_with_spaces_around_is_found(world, client, login) -> None:
    letter = write(world.assignment, world.students[3], "Free Ana.\n\nFree Ana. Thank you.")
    letters.submit(letter, world.students[3])
    db.session.commit()
    login(world.teacher)
    # The form's textarea sends line breaks as CRLF; a mouse selection often takes a space along.
    client.post(f"/review/letters/{letter.id}/comments",
                data={"body": "Two paragraphs", "quote": "Free Ana.\r\n\r\nFree Ana.", "start": 0})
    client.post(f"/review/letters/{letter.id}/comments", data={"body": "Second", "quote": " Free Ana. ", "start": 10})
    comments = db.session.scalars(select(Comment).where(Comment.letter_id == letter.id).order_by(Comment.id)).all()
    assert [(c.quote, c.start, c.end) for c in comments] == [("Free Ana.\n\nFree Ana.", 0, 20), ("Free Ana.", 11, 20)]


def test_a_passage_that_is_not_in_the_letter_is_refused(world, client, login) -> None:
    letter = world.sent[0]
    login(world.teacher)
    response = client.post(f"/review/letters/{letter.id}/comments", data={"body": "Hm", "quote": "not there"})
    assert response.status_code == 400
    assert "That passage isn't in the letter." in page_text(response)
    response = client.post(f"/review/letters/{letter.id}/comments", data={"body": "", "quote": ""})
    assert response.status_code == 400
    assert db.session.scalars(select(Comment)).all() == []


def test_request_changes_records_the_rubric_and_the_message(world, client, login) -> None:
    letter = world.sent[0]
    login(world.teacher)
    page = page_text(client.get(f"/review/letters/{letter.id}"))
    for label in ("Polite and respectful", "Factual", "Names the person", "Covers the asks", "Personal voice",
                  "One page"):
        assert label in page
    client.post(f"/review/letters/{letter.id}/decision",
                data={"decision": "request_changes", "rubric": ["polite", "names_person"],
                      "note": "Please add the second ask."})
    letter = fresh(letter.id)
    assert letter.state == "changes_requested" and letter.reviewed_version == letter.version
    saved = db.session.scalars(select(Review).where(Review.letter_id == letter.id)).one()
    assert saved.decision == "changes_requested"
    assert saved.rubric == {"polite": True, "factual": False, "names_person": True, "covers_asks": False,
                            "personal_voice": False, "one_page": False}
    assert [c.body for c in letter.comments] == ["Please add the second ask."]


def test_an_unknown_decision_changes_nothing(world, client, login) -> None:
    letter = world.sent[0]
    login(world.teacher)
    response = client.post(f"/review/letters/{letter.id}/decision", data={"decision": "publish"},
                           follow_redirects=True)
    assert "Choose to approve or to ask for changes." in page_text(response)
    assert fresh(letter.id).state == "submitted"


def test_the_diff_since_the_last_review(world, app, client, login) -> None:
    letter = world.sent[0]
    login(world.teacher)
    first = page_text(client.get(f"/review/letters/{letter.id}"))
    assert "What changed since your last review" not in first and "Nothing changed" not in first
    client.post(f"/review/letters/{letter.id}/decision", data={"decision": "request_changes"})
    student = app.test_client()
    login(world.students[0], who=student)
    old = fresh(letter.id)
    student.put(f"/letters/{letter.id}/draft",
                json={"body": old.body.replace("I am Ana.", "I am Ana and I am twelve."), "base_version": old.version})
    student.post(f"/letters/{letter.id}/submit")
    page = client.get(f"/review/letters/{letter.id}").get_data(as_text=True)
    assert "What changed since your last review" in page
    diff = page.split('class="letter-text diff">')[1].split("</div>")[0]
    assert diff == "Dear Minister, please free Ana Example. I am <del>Ana.</del><ins>Ana and I am twelve.</ins>"


def test_nothing_changed_since_the_last_review_is_said(world, app, client, login) -> None:
    letter = world.sent[0]
    login(world.teacher)
    client.post(f"/review/letters/{letter.id}/decision", data={"decision": "request_changes"})
    student = app.test_client()
    login(world.students[0], who=student)
    student.post(f"/letters/{letter.id}/submit")
    page = page_text(client.get(f"/review/letters/{letter.id}"))
    assert "Nothing changed since your last review." in page


def test_approval_locks_the_letter_and_a_reason_reopens_it(world, app, client, login) -> None:
    letter = world.sent[0]
    login(world.teacher)
    client.post(f"/review/letters/{letter.id}/decision", data={"decision": "approve", "rubric": list(review.RUBRIC)})
    letter = fresh(letter.id)
    assert letter.state == "approved" and letter.is_locked and letter.approved_by_id == world.teacher.id
    page = page_text(client.get(f"/review/letters/{letter.id}"))
    assert "This letter is locked." in page and "Add comment" not in page and "Approve</button>" not in page
    response = client.post(f"/review/letters/{letter.id}/comments", data={"body": "Late note"}, follow_redirects=True)
    assert "This letter is approved. Reopen it to comment." in page_text(response)
    student = app.test_client()
    login(world.students[0], who=student)
    editor = page_text(student.get(f"/letters/{letter.id}"))
    assert "It can't be changed any more." in editor and "<textarea" not in editor
    assert "Send to my teacher" not in editor
    assert student.put(f"/letters/{letter.id}/draft", json={"body": "x", "base_version": letter.version}).status_code == 423
    student.post(f"/letters/{letter.id}", data={"body": "x", "base_version": letter.version})
    student.post(f"/letters/{letter.id}/revisions/1/restore")
    student.post(f"/letters/{letter.id}/unsubmit")
    assert fresh(letter.id).body.startswith("Dear Minister") and fresh(letter.id).state == "approved"
    # Reopening needs a reason the student will see.
    response = client.post(f"/review/letters/{letter.id}/reopen", data={"reason": "no"})
    assert response.status_code == 400
    assert fresh(letter.id).state == "approved"
    client.post(f"/review/letters/{letter.id}/reopen", data={"reason": "Please add the second ask."})
    letter = fresh(letter.id)
    assert (letter.state, letter.approved_at) == ("changes_requested", None)
    editor = page_text(student.get(f"/letters/{letter.id}"))
    assert "Reopened: Please add the second ask." in editor and "<textarea" in editor


# --- a constant number of SQL statements for the queue --------------------------------------------------------

def queue_statements(app: Flask, make_teacher, make_class, make_student, login, size: int) -> int:  # type: ignore[no-untyped-def]
    teacher = make_teacher(f"Teacher {size}")
    classroom = make_class(teacher, name=f"Class of {size}")
    assignments = [assign(classroom, make_case(targets=(MINISTER, PROSECUTOR), ua_number=f"UA {size}.{n}"))
                   for n in (1, 2)]
    for n in range(size):
        student = make_student(classroom, name=f"Student Number{n}", username=f"q{size}-{n}")
        assignment = assignments[n % 2]
        kind = "appeal" if n % 3 else "solidarity"
        letter = write(assignment, student, "Please free Ana Example. Call 07700 900123.", kind=kind)
        letters.submit(letter, student)
        if n % 4 == 0:
            review.decide(letter, teacher, "request_changes", {})
            letters.submit(letter, student)
    db.session.commit()
    client = app.test_client()
    login(teacher, who=client)
    client.get(f"/review/classes/{classroom.id}")
    with count_statements() as statements:
        response = client.get(f"/review/classes/{classroom.id}?state=all")
    assert response.status_code == 200
    assert len(names_in_queue(response)) == size
    return len(statements)


def test_the_queue_runs_a_fixed_number_of_queries(app, make_teacher, make_class, make_student, login) -> None:
    small = queue_statements(app, make_teacher, make_class, make_student, login, 10)
    large = queue_statements(app, make_teacher, make_class, make_student, login, 100)
    assert small == large, (small, large)


# --- home pages: what needs me now ---------------------------------------------------------------------------

def test_the_teacher_sees_how_many_letters_wait_for_review(world, client, login, make_class, make_student) -> None:
    second = make_class(world.teacher, name="8C")
    student = make_student(second, name="Eve East", username="eve")
    letter = write(assign(second, world.case), student, "Please free Ana.")
    letters.submit(letter, student)
    db.session.commit()
    assert review.waiting_count(world.teacher) == 4
    login(world.teacher)
    page = page_text(client.get("/"))
    assert "4 letters waiting for review" in page
    assert re.search(rf'href="/review/classes/{world.classroom.id}"[^>]*>[^<]*3 waiting', page)
    assert re.search(rf'href="/review/classes/{second.id}"[^>]*>[^<]*1 waiting', page)
    review.decide(letter, world.teacher, "approve", {})
    db.session.commit()
    page = page_text(client.get("/"))
    assert "3 letters waiting for review" in page
    assert f'href="/review/classes/{second.id}"' not in page


def test_a_teacher_with_nothing_to_review_is_told_so(app, client, login, make_teacher) -> None:
    teacher = make_teacher()
    login(teacher)
    assert "No letters are waiting for review." in page_text(client.get("/"))


def test_the_student_sees_assignments_letters_and_what_needs_attention(world, client, login) -> None:
    ana = world.students[0]
    solidarity = write(world.assignment, ana, "Stay strong!", kind="solidarity")
    review.decide(world.sent[0], world.teacher, "request_changes", {})
    db.session.commit()
    login(ana)
    page = page_text(client.get("/"))
    assert "2 letters need your attention" in page
    assert world.case.title in page and "Land defenders threatened" in page
    assert re.search(rf'href="/letters/{world.sent[0].id}">[^<]*</a>\s*<span class="badge state-changes_requested">'
                     r"Changes requested", page)
    assert re.search(rf'href="/letters/{solidarity.id}">[^<]*</a>\s*<span class="badge state-draft">Draft', page)
    assert "Not started" in page, "the second assignment has no letter from Ana yet"
    # Sending both leaves nothing needing attention.
    letters.submit(fresh(world.sent[0].id), ana)
    letters.submit(fresh(solidarity.id), ana)
    db.session.commit()
    page = page_text(client.get("/"))
    assert "No letters need your attention. An assignment below is waiting for you to start writing." in page
    # Other students' letters never show.
    assert "Ben Brook" not in page and f"/letters/{world.sent[1].id}" not in page


def test_the_student_home_runs_a_fixed_number_of_queries(app, make_class, make_student, login) -> None:
    counts = []
    for size in (1, 6):
        classroom = make_class(name=f"Class {size}")
        student = make_student(classroom, name="Kim Kay", username=f"kim{size}")
        for n in range(size):
            assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR), ua_number=f"UA {size}.{n}"))
            write(assignment, student, "Hello", kind="solidarity")
        client = app.test_client()
        login(student, who=client)
        client.get("/")
        with count_statements() as statements:
            assert client.get("/").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
