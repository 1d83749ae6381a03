"""Access rules of classes, rosters, joining and assignments."""
from .table import ALL, STAFF, TEACHERS_A, Case

ASSIGN = {"case_id": "{case}", "class_id": "{class_a}", "letter_kinds": ["solidarity"]}

RULES = {
    "classes.code": [Case("GET", "/classes/{class_a}/code", TEACHERS_A)],
    "classes.rotate_code": [Case("POST", "/classes/{class_a}/code/rotate", TEACHERS_A)],
    "classes.code_off": [Case("POST", "/classes/{class_a}/code/off", TEACHERS_A)],
    "classes.add_teacher": [Case("POST", "/classes/{class_a}/teachers", TEACHERS_A, {"email": "other@a.example"})],
    "classes.archive": [Case("POST", "/classes/{class_a}/archive", TEACHERS_A)],
    "classes.restore": [Case("POST", "/classes/{class_a}/restore", TEACHERS_A)],
    "classes.purge": [Case("POST", "/classes/{class_a}/purge", TEACHERS_A, {"confirm_name": "Class A"})],
    "classes.matrix_csv": [Case("GET", "/classes/{class_a}/matrix.csv", TEACHERS_A)],
    "classes.export": [Case("GET", "/classes/{class_a}/export.zip", TEACHERS_A)],
    "classes.approve_student": [
        Case("POST", "/classes/{class_a}/students/{joiner}/approve", TEACHERS_A),
        Case("POST", "/classes/{class_a}/students/{student}/approve", set()),  # already in: nothing to approve
    ],
    "classes.remove_student": [
        Case("POST", "/classes/{class_a}/students/{student}/remove", TEACHERS_A),
        Case("POST", "/classes/{class_a}/students/{other_student}/remove", set()),
        Case("POST", "/classes/{class_a}/students/{joiner}/remove", TEACHERS_A),  # declining the request
    ],
    "classes.upload_roster": [
        Case("GET", "/classes/{class_a}/roster", TEACHERS_A),
        Case("POST", "/classes/{class_a}/roster", TEACHERS_A, {"text": "Zoe Zed\n"}),
    ],
    "classes.card_off": [
        Case("POST", "/classes/{class_a}/students/{student}/card/off", TEACHERS_A),
        Case("POST", "/classes/{class_a}/students/{other_student}/card/off", set()),
    ],
    "classes.new_cards": [Case("POST", "/classes/{class_a}/cards", TEACHERS_A, {"once": "access-table-once"})],
    "classes.cards_pdf": [
        Case("POST", "/classes/{class_a}/cards.pdf", TEACHERS_A, {"username": "student", "password": "brave-otter-42"}),
        Case("POST", "/classes/{class_a}/cards.pdf", set(), {"username": "jo.joiner", "password": "brave-otter-42"}),
    ],
    "join.enter_code": [Case("GET", "/join/", ALL), Case("POST", "/join/", ALL, {"code": "{code_a}"})],
    "join.with_code": [Case("GET", "/join/{code_a}", ALL), Case("POST", "/join/{code_a}", ALL)],
    "assignments.new": [
        Case("GET", "/assignments/new?case_id={case}&class_id={class_a}", STAFF),
        Case("GET", "/assignments/new?case_id={private_case}", {"teacher"}),
        Case("POST", "/assignments/new", TEACHERS_A, ASSIGN),
    ],
    "assignments.show": [
        Case("GET", "/assignments/{assignment_a}", TEACHERS_A | {"student"}),
        Case("GET", "/assignments/{assignment_b}", {"foreign_teacher", "other_student"}),
    ],
    "assignments.lesson": [
        Case("GET", "/assignments/{assignment_a}/lessons/writing-an-appeal", TEACHERS_A | {"student"}),
        Case("GET", "/assignments/{assignment_b}/lessons/writing-an-appeal", {"foreign_teacher", "other_student"}),
    ],
}
