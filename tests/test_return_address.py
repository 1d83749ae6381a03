"""The school's return address on letters (issue 12, item 14): the country is there, for post
abroad, and a school name typed as the first address line is not printed twice."""
from __future__ import annotations

from classroom.auth import services as accounts
from classroom.extensions import db
from classroom.printing.services import document

from .factories import add_class, add_student, assign, make_case, make_world, written


def test_sender_lines_add_the_country_and_drop_the_repeated_name(app) -> None:
    school = accounts.create_school("Riverside School", "Riverside School\n12 Orchard Lane\nRiverside RS1 2AB",
                                    "United Kingdom")
    assert school.sender_lines == ["12 Orchard Lane", "Riverside RS1 2AB", "United Kingdom"]
    school.address = "12 Orchard Lane\nRiverside\nunited kingdom"
    assert school.sender_lines == ["12 Orchard Lane", "Riverside", "united kingdom"]


def test_the_printed_letter_carries_the_country_once_and_the_name_once(app) -> None:
    world = make_world(address="Riverside School\n12 Orchard Lane\nRiverside RS1 2AB")
    classroom = add_class(world, "7B")
    letter = written(assign(classroom, make_case()), add_student(world, classroom, "Maya Kowalski"), "Please free Ana.")
    db.session.commit()
    doc = document(letter)
    assert doc.school_name == "Riverside School"
    assert doc.school_address == ("12 Orchard Lane", "Riverside RS1 2AB", "United Kingdom")
