"""Error pages in the site's look; never a traceback."""
from __future__ import annotations

from flask import Flask, Response, current_app, g, jsonify, make_response, render_template, request
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from .database import UNAVAILABLE, is_unavailable

# Made lazily: the module loads before any request, the page's language is known only when shown.
MESSAGES: dict[int, tuple[LazyString, LazyString]] = {
    400: (_l("Something in that request was not right"), _l("Go back, check what you entered, and try again.")),
    403: (_l("You can't open this page"), _l("Your account doesn't have access to it. If you think it should, ask your teacher or school.")),
    404: (_l("We can't find that page"), _l("It may have moved, or you may not have access to it. Check the address or go back to your home page.")),
    405: (_l("That action isn't possible here"), _l("Go back and use the buttons on the page.")),
    409: (_l("Someone changed this at the same time"), _l("Reload the page to see the latest version.")),
    413: (_l("That file or text is too large"), _l("Try a smaller file, or split it into parts.")),
    429: (_l("Too many tries"), _l("Please wait a little, then try again.")),
    500: (_l("Something went wrong on our side"), _l("It's not your fault. Please try again in a moment; nothing you saved was lost.")),
    503: (_l("We can't open or save letters just now"), _l("Our database is taking a short break. Nothing you saved is lost. Please try again in a minute.")),
}


def wants_json() -> bool:
    """JSON for API calls and script requests, HTML for people."""
    if request.path.startswith("/api/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def render_error(code: int, message: str | None = None) -> tuple[Response | str, int]:
    """An error page (or JSON body) for ``code``."""
    lazy_title, default = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    title, text = str(lazy_title), str(message or default)
    if wants_json():
        return jsonify({"error": title, "message": text, "status": code}), code
    return render_template("errors/error.html", code=code, title=title, message=text), code


def handle_http(error: HTTPException) -> tuple[Response | str, int] | HTTPException:
    """Friendly page for every HTTP error."""
    if error.code is None or error.code < 400:
        return error
    if error.code == 429:
        # A route's rate limit may carry its own words (``limiter.limit(..., error_message=...)``).
        own_words = getattr(getattr(error, "limit", None), "error_message", None)
        custom = error.description if own_words else None
    else:
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
    return render_error(400, str(_l("This form was open too long or came from somewhere else. Go back, reload the page and try again.")))


def handle_database_unavailable(error: Exception) -> tuple[Response | str, int] | Response | HTTPException:
    """The database is away (stopped, restarting, out of connections): 503 and when to try again.

    Not a bug, so no traceback in the log. The open transaction is given up, and the page is
    drawn without asking the database anything (not even who is signed in: see base.html).
    The pool has already dropped a dead connection, so the app recovers by itself.
    """
    if not is_unavailable(error):
        return handle_unexpected(error)  # e.g. SQLite's "no such table": a bug, not an outage
    from .extensions import db

    current_app.logger.warning("Database unavailable for %s %s: %s", request.method, request.path,
                               str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__)
    try:
        db.session.rollback()
    except SQLAlchemyError:
        current_app.logger.info("Rollback failed too; the connection is dropped at the end of the request")
    from .auth.session import without_user_lookup

    without_user_lookup()
    g.database_unavailable = True
    response = make_response(render_error(503))
    response.headers["Retry-After"] = str(current_app.config.get("DATABASE_RETRY_AFTER", 5))
    return response


def handle_unexpected(error: Exception) -> tuple[Response | str, int] | Response | HTTPException:
    """Anything unplanned: log it, show the calm 500 page."""
    original = getattr(error, "original_exception", None)
    if isinstance(error, InternalServerError) and original is not None and is_unavailable(original):
        return handle_database_unavailable(original)  # raised while drawing another error page
    if isinstance(error, HTTPException):
        return handle_http(error)
    from .extensions import db

    current_app.logger.exception("Unhandled error", exc_info=error)
    db.session.rollback()
    return render_error(500)


def init_app(app: Flask) -> None:
    """Register handlers."""
    app.register_error_handler(CSRFError, handle_csrf)
    for error_class in UNAVAILABLE:
        app.register_error_handler(error_class, handle_database_unavailable)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
