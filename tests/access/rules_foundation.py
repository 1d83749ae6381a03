"""Access rules of the foundation's routes: endpoint -> cases (method, path, allowed roles)."""
from .table import ALL, STAFF, Case

RULES = {
    "static": [Case("GET", "/static/css/site.css", ALL)],
    "main.home": [Case("GET", "/", ALL)],
    "main.healthz": [Case("GET", "/healthz", ALL)],
    "main.language": [Case("POST", "/language", ALL, {"language": "es", "next": "/"})],
    "auth.signin": [Case("GET", "/auth/signin", ALL), Case("POST", "/auth/signin", ALL)],
    "auth.signup": [Case("GET", "/auth/signup", ALL), Case("POST", "/auth/signup", ALL)],
    "auth.confirm": [Case("GET", "/auth/confirm/not-a-token", set())],  # a bad link works for nobody
    # Young children's ways in (auth.child_routes): open to all, and only a class's own students are offered.
    "auth.card": [Case("GET", "/auth/card/1.AAAAAAAAAAAAAAAAAAAAAAAA", ALL),
                  Case("POST", "/auth/card/1.AAAAAAAAAAAAAAAAAAAAAAAA", ALL)],
    "auth.class_code": [Case("GET", "/auth/class", ALL), Case("POST", "/auth/class", ALL, {"code": "{code_a}"})],
    "auth.class_names": [Case("GET", "/auth/class/{code_a}", ALL), Case("GET", "/auth/class/NOPE99", set())],
    "auth.class_password": [
        Case("GET", "/auth/class/{code_a}/{student}", ALL),
        Case("POST", "/auth/class/{code_a}/{student}", ALL, {"password": "wrong-password-1"}),
        Case("GET", "/auth/class/{code_a}/{other_student}", set()),  # another class's child: not offered
    ],
    "auth.forgot": [Case("GET", "/auth/forgot", ALL), Case("POST", "/auth/forgot", ALL)],
    "auth.reset": [Case("GET", "/auth/reset/not-a-token", set()), Case("POST", "/auth/reset/not-a-token", set())],  # a bad link works for nobody
    "auth.signout": [Case("POST", "/auth/signout", ALL)],
    "auth.password": [Case("GET", "/auth/password", ALL - {"anon"}), Case("POST", "/auth/password", ALL - {"anon"})],
    "schools.show": [Case("GET", "/schools/mine", STAFF), Case("POST", "/schools/mine", STAFF)],
    "schools.toggle_coordinator": [
        Case("POST", "/schools/mine/coordinators/{other_teacher}", {"teacher", "co_teacher", "other_teacher", "coordinator"}),
        Case("POST", "/schools/mine/coordinators/{student}", set()),
    ],
    "classes.new": [Case("GET", "/classes/new", STAFF), Case("POST", "/classes/new", STAFF)],
    "classes.show": [
        Case("GET", "/classes/{class_a}", {"teacher", "co_teacher"}),
        Case("GET", "/classes/{class_b}", {"foreign_teacher"}),
    ],
    "classes.edit": [
        Case("GET", "/classes/{class_a}/edit", {"teacher", "co_teacher"}),
        Case("POST", "/classes/{class_a}/edit", {"teacher", "co_teacher"}),
    ],
    "classes.add_student": [Case("POST", "/classes/{class_a}/students", {"teacher", "co_teacher"})],
    "classes.reset_password": [
        Case("POST", "/classes/{class_a}/students/{student}/password", {"teacher", "co_teacher"}),
        Case("POST", "/classes/{class_a}/students/{other_student}/password", set()),
        Case("POST", "/classes/{class_b}/students/{other_student}/password", {"foreign_teacher"}),
        # Waiting to join class A grants its teachers nothing over a school-B account (issue 11).
        Case("POST", "/classes/{class_a}/students/{joiner}/password", set()),
        Case("POST", "/classes/{class_b}/students/{joiner}/password", {"foreign_teacher"}),
    ],
}
