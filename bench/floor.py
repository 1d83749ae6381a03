"""The app with autosave answered by a no-op once the session names someone (``bench/autosave.py --floor``).

It measures what this stack costs before any letter work: gunicorn, Flask, the session
cookie, CSRF and the response hooks. The quick autosave checks the signed-in user in the
same query that reads the letter, so this is its floor; nothing here touches the database.
"""
from flask import Response, jsonify

from classroom import create_app
from classroom.auth.session import signed_in_identity

app = create_app()


def signed_in_noop(letter_id: int) -> tuple[Response, int]:
    """Everything an autosave goes through before its query, then nothing."""
    if signed_in_identity() is None:
        return jsonify({"error": "not signed in"}), 401
    return jsonify({"version": 0, "saved_at": ""}), 200


app.view_functions["letters.autosave"] = signed_in_noop
