"""What the app accepts at its edges: ids, JSON bodies, text.

Every id in a path, query, form or JSON body, every JSON body and every piece of text
passes one of these checks where it enters, so that bad input gets a clear 400 or 404
and never reaches the database (where it would overflow a column or be refused).
"""
from __future__ import annotations

import json
import re
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any

from flask import Flask, Request, abort, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

# Ids are INTEGER columns: PostgreSQL's integer is 32-bit, so that is the largest id there can be.
MAX_ID = 2**31 - 1
# Autosave and the other JSON routes send flat objects; anything deeper is not ours.
MAX_JSON_DEPTH = 20

# NUL can't be stored in PostgreSQL text; a lone surrogate can't be encoded as UTF-8 at all.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Line breaks and other control characters (C0, DEL, C1, Unicode line/paragraph separators).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")

UNSTORABLE_MESSAGE = _l("The text contains characters that can't be stored (a NUL or a broken character). Remove them and try again.")
SINGLE_LINE_MESSAGE = _l("Use one line without line breaks or control characters.")


def db_id(value: Any) -> int:
    """``value`` as a row id (1 … MAX_ID); ValueError otherwise (also for bools and floats)."""
    if isinstance(value, bool):
        raise ValueError("not an id")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        number = int(value)
    else:
        raise ValueError("not an id")
    if not 1 <= number <= MAX_ID:
        raise ValueError("id out of range")
    return number


def id_or_none(value: Any) -> int | None:
    """``value`` as a row id, or None when it can't be one."""
    try:
        return db_id(value)
    except ValueError:
        return None


def small_int(value: Any) -> int | None:
    """A JSON or form number that fits a database integer (versions, offsets), else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if -MAX_ID <= value <= MAX_ID else None


class IdConverter(IntegerConverter):
    """``<int:…>`` in routes: only ids the database can hold match; anything else is a 404."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def is_storable(text: str) -> bool:
    """False for text with NUL or a lone surrogate."""
    return _UNSTORABLE.search(text) is None


def shown(text: str) -> str:
    """``text`` fit to show on a page: NUL and lone surrogates become U+FFFD."""
    return _UNSTORABLE.sub("\ufffd", text)


def is_single_line(text: str) -> bool:
    """False for text with a line break or any other control character."""
    return _CONTROL.search(text) is None


def is_mail_address(value: str) -> bool:
    """True when ``value`` can stand as an address in a mail header (what the .eml export writes)."""
    if not value or not is_single_line(value) or "@" not in value:
        return False
    try:
        message = EmailMessage()
        message["To"] = Address(addr_spec=value)
        message.as_bytes()
    except (ValueError, MessageError):
        return False
    return True


def _depth_ok(value: Any, limit: int) -> bool:
    """True when ``value`` nests no deeper than ``limit`` (iteratively: no recursion to exhaust)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return True


def _strings_storable(value: Any) -> bool:
    """Every key and string inside a parsed JSON value is storable."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not is_storable(item):
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


class JsonProblem(ValueError):
    """A JSON body that can't be used, with the words to say why."""


def parse_json(raw: bytes | str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse a JSON body safely: bad syntax, deep nesting, NUL or lone surrogates are a JsonProblem."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    try:
        value = json.loads(text)
    except RecursionError as error:  # the C parser stops itself; the pure-Python one would too
        raise JsonProblem(_l("The JSON is nested too deeply.")) from error
    except ValueError as error:
        raise JsonProblem(_l("The request body is not valid JSON.")) from error
    if not _depth_ok(value, max_depth):
        raise JsonProblem(_l("The JSON is nested too deeply."))
    if not _strings_storable(value):
        raise JsonProblem(UNSTORABLE_MESSAGE)
    return value


class SafeRequest(Request):
    """``request.get_json()`` goes through ``parse_json``: a problem is a 400 that says what is wrong."""

    def on_json_loading_failed(self, e: ValueError | None) -> Any:
        """Explain the refusal instead of a bare 400."""
        raise BadRequest(str(e) if isinstance(e, JsonProblem) else str(_l("The request body is not valid JSON.")))

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        """The parsed body, or None (silent) / a 400 when it is missing, malformed or hostile."""
        if not (force or self.is_json):
            if not silent:
                return self.on_json_loading_failed(None)
            return None
        try:
            return parse_json(self.get_data(cache=cache))
        except JsonProblem as problem:
            if silent:
                return None
            return self.on_json_loading_failed(problem)


def _refuse_unstorable_input() -> None:
    """Query and form values with NUL or lone surrogates are refused before any view runs."""
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if not (is_storable(key) and is_storable(value)):
                abort(400, str(UNSTORABLE_MESSAGE))
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and not is_storable(value):
            abort(404)


def init_app(app: Flask) -> None:
    """The id converter must be in place before blueprints add their routes."""
    app.url_map.converters["int"] = IdConverter
    app.request_class = SafeRequest
    app.before_request(_refuse_unstorable_input)
