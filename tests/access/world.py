"""A small world with one person per role, for the access table.

School A has class A (taught by ``teacher`` and ``co_teacher``) with ``student``;
``other_teacher`` and ``coordinator`` work at school A but don't teach class A;
school B has class B (taught by ``foreign_teacher``) with ``other_student`` and ``joiner``,
who has also asked to join class A (pending: it grants class A's teachers nothing over her account);
``curator`` is a site curator at school C.
Both classes have an assignment of the public ``case``; each student has a letter.
``teacher`` also owns a private import, ``private_case``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from classroom.assignments.models import Assignment
from classroom.auth import services as accounts
from classroom.cases import services as cases
from classroom.classes import services as classes
from classroom.classes.models import ClassTeacher
from classroom.extensions import db
from classroom.letters import services as letters

from ..factories import PASSWORD, case_data

ROLES = ("anon", "student", "other_student", "teacher", "co_teacher", "other_teacher",
         "foreign_teacher", "coordinator", "curator")


@dataclass
class World:
    """Ids for URL templates and sign-in names per role."""

    ids: dict[str, int | str] = field(default_factory=dict)
    logins: dict[str, str] = field(default_factory=dict)

    def url(self, template: str) -> str:
        """Fill ``{name}`` placeholders with this world's ids."""
        return template.format(**self.ids)

    def fill(self, value: object) -> object:
        """Fill placeholders inside request data too."""
        if isinstance(value, str):
            return value.format(**self.ids)
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        return value


def _printing_and_network(world: World, people: dict, class_a, case, target) -> dict[str, int | str]:
    """An approved appeal and post in class A, a print batch, a subscription, a mail condition."""
    from datetime import date

    from classroom.network.alerts import unsubscribe_token
    from classroom.network.mail import set_condition
    from classroom.network.models import Subscription
    from classroom.printing import batches
    from classroom.review import services as review

    assignment = Assignment(class_id=class_a.id, case_id=case.id, letter_kinds=["appeal", "social"],
                            target_ids=[target.id], lesson_slugs=[])
    db.session.add(assignment)
    db.session.flush()
    approved = []
    for kind, target_id, body in (("appeal", target.id, "Please release Ana Example."),
                                  ("social", None, "I stand with Ana Example.")):
        letter = letters.start(assignment, people["student"], kind, target_id, use_scaffold=False)
        letters.save(letter, body, letter.version)
        letters.submit(letter, people["student"])
        review.decide(letter, people["teacher"], "approve", {})
        approved.append(letter)
    batch = batches.create(class_a.school, people["coordinator"], [approved[0]], "Batch A", duplex=False)
    subscription = Subscription(teacher_id=people["teacher"].id, all_cases=True)
    db.session.add(subscription)
    db.session.flush()
    condition = set_condition("Examplestan", "suspended", "No post", date(2026, 11, 1), None)
    return {"assignment_a2": assignment.id, "approved_a": approved[0].id, "post_a": approved[1].id,
            "batch_a": batch.id, "subscription_a": subscription.id, "token_a": unsubscribe_token(subscription),
            "condition": condition.id}


def build_world() -> World:
    """Create the world in the current database."""
    world = World()
    school_a = accounts.create_school("School A", "1 A Street\nAtown", "United Kingdom")
    school_b = accounts.create_school("School B", "2 B Street\nBtown", "Ireland")
    school_c = accounts.create_school("School C", "3 C Street\nCtown", "France")
    people = {
        "teacher": accounts.create_teacher("Teacher A", "teacher@a.example", PASSWORD, school_a),
        "co_teacher": accounts.create_teacher("Co Teacher A", "co@a.example", PASSWORD, school_a),
        "other_teacher": accounts.create_teacher("Other Teacher A", "other@a.example", PASSWORD, school_a),
        "coordinator": accounts.create_teacher("Coordinator A", "coord@a.example", PASSWORD, school_a, coordinator=True),
        "foreign_teacher": accounts.create_teacher("Teacher B", "teacher@b.example", PASSWORD, school_b),
        "curator": accounts.create_teacher("Curator", "curator@c.example", PASSWORD, school_c, curator=True),
    }
    class_a = classes.create_class(people["teacher"], "Class A", "middle", "2026–27", "first_last_initial")
    db.session.add(ClassTeacher(class_id=class_a.id, teacher_id=people["co_teacher"].id))
    class_b = classes.create_class(people["foreign_teacher"], "Class B", "high", "2026–27", "full")
    for role, classroom, name in (("student", class_a, "Sam Student"), ("other_student", class_b, "Olga Other")):
        card = classes.add_student(classroom, name, role.replace("_", "."))
        person = accounts.find_account(card.username)
        accounts.set_password(person, PASSWORD)
        people[role] = person
    joiner = accounts.find_account(classes.add_student(class_b, "Jo Joiner", "jo.joiner").username)
    class_a.join_requires_approval = True
    classes.enrol(class_a, joiner)
    case = cases.create_case(case_data(), created_by=people["curator"])
    private = cases.create_case(case_data(ua_number="UA 2.26", title="A private case"), created_by=people["teacher"],
                                owner=people["teacher"])
    target = case.letter_targets[0]
    found = {}
    for key, classroom, student in (("a", class_a, people["student"]), ("b", class_b, people["other_student"])):
        assignment = Assignment(class_id=classroom.id, case_id=case.id, letter_kinds=["appeal", "solidarity"],
                                target_ids=[target.id], lesson_slugs=["writing-an-appeal"])
        db.session.add(assignment)
        db.session.flush()
        letter = letters.start(assignment, student, "appeal", target.id, use_scaffold=True)
        found[f"assignment_{key}"], found[f"letter_{key}"] = assignment.id, letter.id
    found.update(_printing_and_network(world, people, class_a, case, target))  # type: ignore[arg-type]
    db.session.commit()
    world.ids.update(school_a=school_a.id, school_b=school_b.id, class_a=class_a.id, class_b=class_b.id,
                     code_a=class_a.join_code or "", joiner=joiner.id, case=case.id, private_case=private.id, target=target.id, **found)
    for role, person in people.items():
        world.ids[role] = person.id
        world.logins[role] = person.login_name
    return world
