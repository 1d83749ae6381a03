"""Access rules of the case library and lessons."""
from .table import STAFF, Case

CURATOR = {"curator"}
EVENT = {"kind": "update", "date": "2026-11-01", "text": "News about the case."}

RULES = {
    "cases.index": [Case("GET", "/cases/", STAFF), Case("GET", "/cases/?class_id={class_a}&q=ana", STAFF)],
    "cases.show": [
        Case("GET", "/cases/{case}", STAFF),
        Case("GET", "/cases/{private_case}", {"teacher"}),
    ],
    "cases.export": [
        Case("GET", "/cases/{case}/export.yaml", STAFF),
        Case("GET", "/cases/{private_case}/export.yaml", {"teacher"}),
    ],
    "cases.import_case": [Case("GET", "/cases/import", STAFF), Case("POST", "/cases/import", STAFF)],
    "cases.decide_band": [
        Case("POST", "/cases/{case}/band", CURATOR, {"band": "high", "reason": "Needs older students."}),
        Case("POST", "/cases/{private_case}/band", set(), {"band": "high", "reason": "Needs older students."}),
    ],
    "cases.add_event": [
        Case("POST", "/cases/{case}/events", CURATOR, EVENT),
        Case("POST", "/cases/{private_case}/events", set(), EVENT),
    ],
    "cases.add_thanks": [Case("POST", "/cases/{case}/thanks", CURATOR, {"quote": "Thank you", "who": "Ana"})],
    "cases.delete": [
        Case("POST", "/cases/{private_case}/delete", {"teacher"}),
        Case("POST", "/cases/{case}/delete", set()),
    ],
    "cases.edit": [
        Case("GET", "/cases/{case}/edit", CURATOR),
        Case("GET", "/cases/{private_case}/edit", {"teacher"}),
        Case("POST", "/cases/{case}/edit", CURATOR, {"source": "not: [valid"}),
        Case("POST", "/cases/{private_case}/edit", {"teacher"}, {"source": "not: [valid"}),
    ],
    "cases.publish": [
        Case("POST", "/cases/{case}/publish", CURATOR),
        Case("POST", "/cases/{private_case}/publish", set()),
    ],
    "lessons.index": [Case("GET", "/lessons/", STAFF), Case("GET", "/lessons/?band=middle", STAFF)],
    "lessons.show": [Case("GET", "/lessons/writing-an-appeal", STAFF)],
    "lessons.handout": [Case("GET", "/lessons/writing-an-appeal/handout.pdf", STAFF)],
}
