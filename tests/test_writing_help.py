"""Helper sentences and tips come from data/writing_help.yaml, checked when read, and read naturally
whoever the case is about (issue 12 #10); the editor follows the state machine and the server's lists."""
from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from classroom.cases import people
from classroom.datafiles import yaml_file
from classroom.extensions import db
from classroom.letters import states, writing_help
from classroom.letters.models import Letter
from classroom.letters.safety import pagefit
from classroom.review import services as review

from .factories import assign, make_case, write
from .test_letters import page_text

GROUP = [{"name": "Anti-corruption activists arrested at a peaceful protest in Ramallah", "pronouns": "group"}]


def _valid() -> dict:  # type: ignore[type-arg]
    return {"sentences": {kind: [{"label": "Hi", "text": "About {people}."}]
                          for kind in ("appeal", "solidarity", "social", "phone")},
            "tips": ["Be polite."]}


def test_the_projects_file_is_read_and_checked() -> None:
    help_ = writing_help.parse(yaml_file("writing_help.yaml"))
    assert set(help_.sentences) == {"appeal", "solidarity", "social", "phone"}
    assert [s.label for s in help_.sentences["appeal"]] == ["Greeting", "Who I am", "My concern", "My request", "Closing"]
    assert "Keep it to one page." in help_.tips
    assert writing_help.load() == help_


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["sentences"].pop("phone"), "sentences: phone: give at least one sentence"),
    (lambda d: d["sentences"].update(letter=[{"label": "A", "text": "B"}]), "'letter' is not a kind of letter"),
    (lambda d: d["sentences"]["appeal"].append({"label": "A", "text": "Dear {person}"}),
     "sentences: appeal #2: unknown placeholder {person}"),
    (lambda d: d["sentences"]["solidarity"].append({"label": "A", "text": "Hello {names}!"}),
     "sentences: solidarity #2: a text with {names} needs without_names"),
    (lambda d: d["sentences"]["social"].append({"label": "A", "text": "Hello {people"}),
     "sentences: social #2: "),
    (lambda d: d["sentences"]["appeal"].append({"label": "", "text": "x"}), "label and text must be words"),
    (lambda d: d.update(tips="Be kind."), "tips: give a list of tips"),
])
def test_a_broken_file_is_refused_with_a_message_naming_the_entry(change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = _valid()
    change(data)
    with pytest.raises(writing_help.WritingHelpError) as error:
        writing_help.parse(data)
    assert message in str(error.value)


def test_a_group_is_named_as_a_sentence_names_it_never_greeted_by_its_description() -> None:
    assert people.people_phrase(GROUP) == "the anti-corruption activists arrested at a peaceful protest in Ramallah"
    assert people.named_people(GROUP) == ""
    assert people.object_pronoun(GROUP) == "them"
    both = [{"name": "Emir-Usein Kuku", "pronouns": "he/him"},
            {"name": "The five co-defendants of Emir-Usein Kuku", "pronouns": "group"}]
    assert people.people_phrase(both) == "Emir-Usein Kuku and the five co-defendants of Emir-Usein Kuku"
    assert people.named_people(both) == "Emir-Usein Kuku"
    assert people.object_pronoun([{"name": "Ana Example", "pronouns": "she/her"}]) == "her"
    assert people.object_pronoun([{"name": "Ana Example", "pronouns": ""}]) == "Ana Example"
    assert people.people_phrase([{"name": "ODTÜ students", "pronouns": "group"}]) == "the ODTÜ students"


def test_helper_sentences_for_a_case_about_a_group_read_naturally(app, make_class, make_student) -> None:
    classroom = make_class()
    student = make_student(classroom, name="Maya Kowalski")
    case = make_case(people=GROUP, title="Anti-corruption activists must be released")
    assignment = assign(classroom, case, kinds=("appeal", "solidarity", "social", "phone"))
    card = dict(writing_help.sentences(assignment, student, "solidarity"))
    assert card["Greeting"] == "Hello to all of you!"
    appeal = dict(writing_help.sentences(assignment, student, "appeal"))
    assert appeal["Greeting"] == ("I am writing to you about the anti-corruption activists arrested at a peaceful "
                                  "protest in Ramallah.")
    assert appeal["My concern"].startswith("I am worried about what has happened to them. I learned that ")
    assert dict(writing_help.sentences(assignment, student, "social"))["Post"] == (
        "I stand with the anti-corruption activists arrested at a peaceful protest in Ramallah. "
        "Anti-corruption activists must be released. #UA1_26")
    assert case.people_phrase.startswith("the anti-corruption activists")
    every = " ".join(text for kind in ("appeal", "solidarity", "social", "phone")
                     for _, text in writing_help.sentences(assignment, student, kind))
    assert "Hello Anti-corruption" not in every and "about Anti-corruption" not in every


def test_a_letter_started_with_helper_sentences_uses_the_data_file(app, make_class, make_student, monkeypatch) -> None:
    data = _valid()
    data["sentences"]["solidarity"] = [{"label": "Greeting", "text": "Dear {names}, from {first}.",
                                        "without_names": "Dear friends, from {first}."}]
    monkeypatch.setattr(writing_help, "load", lambda: writing_help.parse(data))
    classroom = make_class()
    student = make_student(classroom, name="Maya Kowalski")
    letter = write(assign(classroom, make_case()), student, kind="solidarity")
    assert letter.body == "Dear Ana Example, from Maya."


def test_every_wide_character_the_server_counts_is_in_the_ranges_the_editor_reads() -> None:
    ranges = [tuple(int(x, 16) for x in part.split("-")) for part in pagefit.wide_ranges().split()]

    def listed(code: int) -> bool:
        return any(start <= code <= end for start, end in ranges)
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) in ("Cn", "Cs"):
            continue
        assert listed(code) == (pagefit.printed_width(char) == 2), hex(code)


def test_the_editor_page_carries_the_servers_list_and_no_copy_in_the_script(app, make_class, make_student, client,
                                                                          login) -> None:
    from classroom.config import PACKAGE_DIR

    classroom = make_class()
    student = make_student(classroom)
    letter = write(assign(classroom, make_case()), student)
    login(student)
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert f'data-wide="{pagefit.wide_ranges()}"' in page and f'data-paragraph-gap="{pagefit.PARAGRAPH_GAP}"' in page
    script = (PACKAGE_DIR / "static" / "js" / "editor.js").read_text("utf-8")
    assert "\\u1100" not in script and "\\uAC00" not in script, "no second list of wide characters"


def test_the_editor_asks_the_state_machine_what_may_change(app, make_class, make_student, make_teacher, client,
                                                         login) -> None:
    classroom = make_class()
    student = make_student(classroom)
    letter = write(assign(classroom, make_case()), student, body="Please release Ana Example.")
    assert states.is_editable(letter) and states.locked_note(letter) == ""
    letter.state = "mailed"
    assert not states.is_editable(letter)
    assert states.locked_note(letter) == ("Your teacher approved this letter and it has been posted. "
                                          "Well done! It can't be changed any more.")
    db.session.commit()
    login(student)
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert "and it has been posted. Well done!" in page and 'id="body"' not in page


def test_the_student_sees_the_rubric_their_teacher_ticked(app, make_class, make_student, client, login) -> None:
    classroom = make_class()
    student = make_student(classroom)
    letter = write(assign(classroom, make_case()), student, body="Please release Ana Example.")
    assert review.rubric_for_student(letter) == []
    login(student)
    assert "Your teacher's checklist" not in page_text(client.get(f"/letters/{letter.id}"))
    states.apply(letter, "submit", "student", student.id)
    teacher = classroom.teacher_links[0].teacher
    review.decide(letter, teacher, "request_changes", {"polite": True, "names_person": True}, "Say why you care.")
    db.session.commit()
    letter = db.session.scalars(select(Letter)).one()
    assert review.rubric_for_student(letter)[:3] == [("Polite and respectful", True), ("Factual", False),
                                                     ("Names the person", True)]
    page = page_text(client.get(f"/letters/{letter.id}"))
    assert "Your teacher's checklist" in page
    assert "Polite and respectful: <strong>yes</strong>" in page and "Factual: <strong>not yet</strong>" in page
