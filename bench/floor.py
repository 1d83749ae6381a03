"""The app with autosave answered by a no-op after the sign-in check (``bench/autosave.py --floor``).

It measures what this stack costs before any letter work: gunicorn, Flask, the session
cookie, CSRF, the rate limiter's hooks and loading the signed-in student.
"""
from flask import Response, jsonify

from classroom import create_app
from classroom.access import role_required

app = create_app()


@role_required("student")
def signed_in_noop(letter_id: int) -> tuple[Response, int]:
    """Everything an autosave goes through up to the view, then nothing."""
    return jsonify({"version": 0, "saved_at": ""}), 200


app.view_functions["letters.autosave"] = signed_in_noop
