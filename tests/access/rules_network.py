"""Access rules of alerts, the email channel and mail conditions."""
from .table import ALL, STAFF, TEACHERS_A, Case

CURATOR = {"curator"}

RULES = {
    "network.alerts_page": [Case("GET", "/network/alerts", STAFF)],
    "network.subscribe": [Case("POST", "/network/alerts", STAFF, {"all_cases": "y", "frequency": "weekly"})],
    "network.unsubscribe_signed_in": [Case("POST", "/network/alerts/{subscription_a}/delete", {"teacher"})],
    "network.unsubscribe": [
        Case("GET", "/network/unsubscribe/{token_a}", ALL),
        Case("POST", "/network/unsubscribe/{token_a}", ALL, csrf_exempt=True),
        Case("GET", "/network/unsubscribe/not-a-token", set()),
    ],
    "network.email_version": [
        Case("GET", "/network/letters/{approved_a}/email", TEACHERS_A),
        Case("GET", "/network/letters/{letter_a}/email", set()),  # not approved: no email version
    ],
    "network.email_file": [Case("GET", "/network/letters/{approved_a}/message.eml", TEACHERS_A)],
    "network.mark_emailed": [Case("POST", "/network/letters/{approved_a}/emailed", TEACHERS_A)],
    "network.mail_conditions": [
        Case("GET", "/network/mail-conditions", CURATOR),
        Case("POST", "/network/mail-conditions", CURATOR, {"country": "Nowhere", "status": "suspended", "since": "2026-11-01"}),
    ],
    "network.delete_condition": [Case("POST", "/network/mail-conditions/{condition}/delete", CURATOR)],
}
