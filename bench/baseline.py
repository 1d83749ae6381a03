"""The baseline of bench/autosave.py: the smallest Flask app, served by the same gunicorn setup."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def ok() -> str:
    """Nothing but the framework and the server."""
    return "ok"
