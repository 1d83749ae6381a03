"""Access rules of letters (students, their own only) and review (the class's teachers)."""
from .table import ALL, TEACHERS_A, Case

AUTHOR = {"student"}

RULES = {
    "letters.start": [
        Case("POST", "/letters/new", AUTHOR, {"assignment_id": "{assignment_a}", "choice": "solidarity"}),
        Case("POST", "/letters/new", {"other_student"}, {"assignment_id": "{assignment_b}", "choice": "solidarity"}),
    ],
    "letters.edit": [
        Case("GET", "/letters/{letter_a}", AUTHOR),
        Case("GET", "/letters/{letter_b}", {"other_student"}),
    ],
    "letters.service_worker": [Case("GET", "/letters/sw.js", ALL)],  # a script; the pages it keeps are checked above
    "letters.save": [Case("POST", "/letters/{letter_a}", AUTHOR, {"body": "Hello", "base_version": "1"})],
    "letters.autosave": [
        Case("PUT", "/letters/{letter_a}/draft", AUTHOR, json={"body": "Hello", "base_version": 1}),
        Case("PUT", "/letters/{letter_b}/draft", {"other_student"}, json={"body": "Hello", "base_version": 1}),
    ],
    "letters.revisions": [Case("GET", "/letters/{letter_a}/revisions", AUTHOR)],
    "letters.revision": [
        Case("GET", "/letters/{letter_a}/revisions/1", AUTHOR),
        Case("GET", "/letters/{letter_b}/revisions/1", {"other_student"}),
    ],
    "letters.language": [
        Case("POST", "/letters/{letter_a}/language", AUTHOR, {"language": "es"}),
        Case("POST", "/letters/{letter_b}/language", {"other_student"}, {"language": "es"}),
    ],
    "letters.restore": [Case("POST", "/letters/{letter_a}/revisions/1/restore", AUTHOR)],
    "letters.submit": [Case("POST", "/letters/{letter_a}/submit", AUTHOR, {"confirm": "1"})],
    "letters.unsubmit": [Case("POST", "/letters/{letter_a}/unsubmit", AUTHOR)],
    "review.queue": [
        Case("GET", "/review/classes/{class_a}", TEACHERS_A),
        Case("GET", "/review/classes/{class_b}?state=all", {"foreign_teacher"}),
    ],
    "review.letter": [
        Case("GET", "/review/letters/{letter_a}", TEACHERS_A),
        Case("GET", "/review/letters/{letter_b}", {"foreign_teacher"}),
    ],
    "review.comment": [Case("POST", "/review/letters/{letter_a}/comments", TEACHERS_A, {"body": "Good start"})],
    "review.decide": [Case("POST", "/review/letters/{letter_a}/decision", TEACHERS_A, {"decision": "approve"})],
    "review.reopen": [Case("POST", "/review/letters/{letter_a}/reopen", TEACHERS_A, {"reason": "Please add more."})],
    "review.record_sent": [Case("POST", "/review/letters/{approved_a}/sent", TEACHERS_A)],
}
