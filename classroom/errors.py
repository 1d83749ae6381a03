"""Error pages in the site's look; never a traceback."""
from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Something in that request was not right", "Go back, check what you entered, and try again."),
    403: ("You can't open this page", "Your account doesn't have access to it. If you think it should, ask your teacher or school."),
    404: ("We can't find that page", "It may have moved, or you may not have access to it. Check the address or go back to your home page."),
    405: ("That action isn't possible here", "Go back and use the buttons on the page."),
    409: ("Someone changed this at the same time", "Reload the page to see the latest version."),
    413: ("That file or text is too large", "Try a smaller file, or split it into parts."),
    429: ("Too many tries", "Please wait a little, then try again."),
    500: ("Something went wrong on our side", "It's not your fault. Please try again in a moment; nothing you saved was lost."),
}


def wants_json() -> bool:
    """JSON for API calls and script requests, HTML for people."""
    if request.path.startswith("/api/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def render_error(code: int, message: str | None = None) -> tuple[Response | str, int]:
    """An error page (or JSON body) for ``code``."""
    title, default = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    text = message or default
    if wants_json():
        return jsonify({"error": title, "message": text, "status": code}), code
    return render_template("errors/error.html", code=code, title=title, message=text), code


def handle_http(error: HTTPException) -> tuple[Response | str, int] | HTTPException:
    """Friendly page for every HTTP error."""
    if error.code is None or error.code < 400:
        return error
    # A view or input check that says what was wrong (abort(400, "…")) keeps its words.
    custom = error.description if error.description != type(error).description else None
    response = render_error(error.code, custom)
    if error.code == 429:
        retry = getattr(error, "retry_after", None)
        body, code = response
        if not isinstance(body, Response):
            body = Response(body, status=code, mimetype="text/html")
        if retry:
            body.headers["Retry-After"] = str(retry)
        return body, code
    return response


def handle_csrf(_error: CSRFError) -> tuple[Response | str, int]:
    """An expired or missing form token: explain and send them back."""
    return render_error(400, "This form was open too long or came from somewhere else. Go back, reload the page and try again.")


def handle_unexpected(error: Exception) -> tuple[Response | str, int]:
    """Anything unplanned: log it, show the calm 500 page."""
    if isinstance(error, HTTPException):
        return handle_http(error)  # type: ignore[return-value]
    from flask import current_app

    from .extensions import db

    current_app.logger.exception("Unhandled error", exc_info=error)
    db.session.rollback()
    return render_error(500)


def init_app(app: Flask) -> None:
    """Register handlers."""
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
