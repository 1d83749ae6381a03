"""Access rules of PDFs, exports and the school print queue."""
from .table import TEACHERS_A, Case

AUTHOR_AND_TEACHERS = TEACHERS_A | {"student"}
COORDINATOR = {"coordinator"}

RULES = {
    "printing.preview": [
        Case("GET", "/printing/letters/{letter_a}/preview.pdf", AUTHOR_AND_TEACHERS),
        Case("GET", "/printing/letters/{letter_b}/preview.pdf", {"other_student", "foreign_teacher"}),
    ],
    "printing.letter_pdf": [
        Case("GET", "/printing/letters/{approved_a}/letter.pdf", AUTHOR_AND_TEACHERS),
        Case("GET", "/printing/letters/{letter_a}/letter.pdf", set()),  # a draft is never a print file
    ],
    "printing.export": [
        Case("GET", "/printing/class/{class_a}/export", TEACHERS_A),
        Case("GET", "/printing/assignment/{assignment_a2}/export", TEACHERS_A),
    ],
    "printing.export_pdf": [
        Case("GET", "/printing/class/{class_a}/letters.pdf", TEACHERS_A),
        Case("GET", "/printing/assignment/{assignment_b}/letters.pdf", {"foreign_teacher"}),
    ],
    "printing.export_labels": [Case("GET", "/printing/class/{class_a}/labels.pdf", TEACHERS_A)],
    "printing.export_sheet": [Case("GET", "/printing/assignment/{assignment_a2}/sheet.pdf", TEACHERS_A)],
    "printing.queue": [Case("GET", "/printing/queue", COORDINATOR)],
    "printing.create_batch": [Case("POST", "/printing/batches", COORDINATOR, {"label": "December"})],
    "printing.batch": [Case("GET", "/printing/batches/{batch_a}", COORDINATOR)],
    "printing.batch_pdf": [Case("GET", "/printing/batches/{batch_a}/letters.pdf", COORDINATOR)],
    "printing.batch_labels": [Case("GET", "/printing/batches/{batch_a}/labels.pdf", COORDINATOR)],
    "printing.mark": [Case("POST", "/printing/batches/{batch_a}/printed", COORDINATOR)],
}
