"""Hostile requests for every route: what each route reads, and values meant to break it.

For each route of ``app.url_map`` the access table gives one request that works (its path
with the world's ids, its form data or JSON). From the view's own source we read the real
names it takes: the WTForms forms it builds (their fields), ``request.args``/``form`` names,
and the JSON keys of its table entry. ``requests()`` then turns a hypothesis draw into a
request where some of the path parameters, query parameters, form fields or JSON keys carry
hostile values instead.
"""
from __future__ import annotations

import inspect
import json
import re
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any
from urllib.parse import quote

from flask import Flask
from hypothesis import strategies as st
from werkzeug.routing import Rule
from wtforms import FileField, SelectMultipleField
from wtforms.fields.core import UnboundField

from .table import Case, all_rules
from .world import World

DEEP = 50_000

# Strings as they arrive in a path, a query or a form (percent-encoded with surrogatepass,
# so "\ud800" is sent as the bytes a client would send for it).
HOSTILE_TEXT: list[str] = [
    str(2**63), str(-(2**63) - 1), str(2**64), str(2**31), "-1", "0", "9" * 5000, "٣", "１２", "1.5", "1e309",
    "\ud800", "a\udfffb", "\x00", "a\x00b", "\r\nX-Injected: 1", "line\nbreak", "tab\tand\x0bvertical", "\u2028",
    "\x1b[31m", "\x7f\x85", "%00", "../../etc/passwd", "\\\\evil.example", "//evil.example", "<script>x</script>",
    "{{ 7*7 }}", "'; DROP TABLE users; --", "", " ", "null", "[]", "x" * 1_000_000, "😀" * 1000,
]


class Raw(str):
    """JSON text sent as is (a 50,000-deep array can't go through json.dumps)."""


HOSTILE_JSON: list[Any] = [
    2**63, -(2**63) - 1, 2**31, 10**400, -1, 0, 1.5, True, None, "\ud800", "a\x00b", "\r\n", [], {}, [1], {"a": 1},
    Raw("[" * DEEP + "]" * DEEP), Raw('{"a":' * 1000 + "1" + "}" * 1000), Raw("1e999"), Raw("NaN"), Raw("-Infinity"),
    "x" * 1_000_000, "9" * 5000,
]

# Whole bodies for JSON routes: not an object, not JSON, not UTF-8, nested to the bottom.
HOSTILE_BODIES: list[bytes] = [
    b"[" * DEEP + b"]" * DEEP, b'"\\ud800"', b"null", b"", b"{", b"\xff\xfe\x00", b'{"body": "\\ud800", "base_version": 1}',
    b'{"body": "x", "base_version": 9223372036854775808}', b"[" * 100 + b"]" * 100,
]

_ROUTE_ARG = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
_QUERY_NAME = re.compile(r"request\.(?:args|values)\.get(?:list)?\(\"(\w+)\"")
_FORM_NAME = re.compile(r"request\.(?:form|values)\.get(?:list)?\(\"(\w+)\"")
_FORM_CLASS = re.compile(r"\b([A-Z]\w*Form)\b")
_CALL = re.compile(r"\b([a-z_]\w*)\(")


@dataclass
class Route:
    """One rule and method with the names it reads and a request that works."""

    endpoint: str
    method: str
    rule: Rule
    case: Case
    args: dict[str, Any]                      # path arguments of the working request
    query: dict[str, str]                     # query of the working request
    query_names: list[str]
    form_fields: dict[str, str] = field(default_factory=dict)  # name -> "text" | "list" | "file"
    json_keys: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """For failure messages."""
        return f"{self.method} {self.rule.rule} ({self.endpoint})"


def _sources(view: Any) -> str:
    """The view's source and that of the helpers of its own module it calls (one level)."""
    view = inspect.unwrap(view)
    text = inspect.getsource(view)
    module = inspect.getmodule(view)
    parts = [text]
    for name in set(_CALL.findall(text)):
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and helper.__module__ == view.__module__ and helper is not view:
            parts.append(inspect.getsource(inspect.unwrap(helper)))
    return "\n".join(parts)


def form_fields(form_class: type) -> dict[str, str]:
    """Field names of a WTForms class (mixins included) and how each is sent."""
    found = {}
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        if isinstance(unbound, UnboundField):
            kind = "file" if issubclass(unbound.field_class, FileField) else \
                "list" if issubclass(unbound.field_class, SelectMultipleField) else "text"
            found[name] = kind
    return found


def routes(app: Flask, world: World) -> list[Route]:
    """Every (rule, method) of the app with its working request and the names it reads."""
    rules = all_rules()
    adapter = app.url_map.bind("localhost")
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        source = _sources(view)
        globals_ = inspect.unwrap(view).__globals__
        forms: dict[str, str] = {}
        for name in set(_FORM_CLASS.findall(source)):
            form_class = globals_.get(name)
            if isinstance(form_class, type):
                forms.update(form_fields(form_class))
        forms.update({name: "text" for name in _FORM_NAME.findall(source) if name not in forms})
        query_names = sorted(set(_QUERY_NAME.findall(source)) | ({"next"} if rule.endpoint == "auth.signin" else set())
                             | ({"q", "band", "status", "country", "theme"} if "FilterForm(request.args)" in source else set()))
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            case = next(c for c in rules[rule.endpoint] if c.method == method)
            path, _, query_text = world.url(case.path).partition("?")
            _, args = adapter.match(path, method=method)
            query = dict(pair.split("=", 1) for pair in query_text.split("&") if pair)
            route = Route(rule.endpoint, method, rule, case, args, query, query_names)  # type: ignore[arg-type]
            if method != "GET":
                if case.json is not None:
                    route.json_keys = sorted(case.json)
                else:
                    route.form_fields = {**{k: "list" if isinstance(v, list) else "text" for k, v in case.data.items()},
                                         **forms}
            found.append(route)
    return found


def _quote(value: Any) -> str:
    """Percent-encode anything, lone surrogates as the bytes a client would send."""
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")


def _path(route: Route, args: dict[str, Any]) -> str:
    """The rule's path with these arguments (no converter checks: that is the server's job)."""
    return _ROUTE_ARG.sub(lambda m: _quote(args[m.group(1)]), route.rule.rule)


def _json_text(value: Any) -> str:
    """JSON text of ``value``, with ``Raw`` parts as they are."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{_json_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json_text(v) for v in value) + "]"
    return json.dumps(value)


@dataclass
class HostileRequest:
    """Arguments for ``client.open``."""

    path: str
    method: str
    body: bytes | dict[str, Any] | None
    content_type: str | None

    def summary(self) -> str:
        """The body, shortened, for failure messages."""
        if isinstance(self.body, bytes):
            return repr(self.body[:200])
        if isinstance(self.body, dict):
            return repr({k: v if isinstance(v, list) else "<file>" for k, v in self.body.items()})[:200]
        return ""

    def open_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of the test client."""
        kwargs: dict[str, Any] = {"method": self.method}
        if self.body is not None:
            kwargs["data"] = self.body
        if self.content_type:
            kwargs["content_type"] = self.content_type
        return kwargs


def _text() -> st.SearchStrategy[str]:
    """Mostly the hand-picked hostile strings, sometimes generated text of odd categories."""
    picked = st.sampled_from(HOSTILE_TEXT)
    return st.one_of(picked, picked, picked,
                     st.text(st.characters(codec=None, categories=("Cc", "Cs", "Zl", "Zp", "Nd", "Lo", "Po")), max_size=20))


def case_source(value: Any, where: str) -> str:
    """A case as JSON (what the import and edit pages take) with ``value`` at ``where``."""
    from ..factories import case_data

    data = json.loads(json.dumps(case_data(), default=str))
    target = data["targets"][0]
    spots = {"title": (data, "title"), "country": (data, "country"), "person": (data["people"][0], "name"),
             "target.name": (target, "name"), "target.title": (target, "title"), "target.email": (target, "email"),
             "target.salutation": (target, "salutation"), "ask": (data["asks"], 0), "theme": (data["themes"], 0)}
    holder, key = spots[where]
    holder[key] = value
    return _json_text(data)


CASE_SPOTS = ["title", "country", "person", "target.name", "target.title", "target.email", "target.salutation", "ask", "theme"]


def roster_text(value: str) -> str:
    """A class list with ``value`` as a name and as a username."""
    return f"name,username\nZoe {value},zoe.z\nAmir Ali,{value}\n"


# Fields whose value is a document: hostile values go inside a document that is otherwise right.
def _document(name: str, value: Any, spot: str = "target.name") -> Any:
    if name == "source":
        return case_source(value, spot)
    if name == "text":
        return roster_text(str(value))
    return value


def build(route: Route, world: World, args: dict[str, Any] | None = None, query: dict[str, Any] | None = None,
          form: dict[str, Any] | None = None, json_values: dict[str, Any] | None = None,
          body: bytes | None = None, files: dict[str, bytes] | None = None) -> HostileRequest:
    """A request to ``route``: its working request with these values put in."""
    path = _path(route, {**route.args, **(args or {})})
    full_query = {**route.query, **(query or {})}
    if full_query:
        path += "?" + "&".join(f"{_quote(k)}={_quote(v)}" for k, v in full_query.items())
    if route.method == "GET":
        return HostileRequest(path, "GET", None, None)
    if route.json_keys or body is not None:
        if body is not None:
            return HostileRequest(path, route.method, body, "application/json")
        data: dict[str, Any] = {**world.fill(route.case.json or {}), **(json_values or {})}  # type: ignore[dict-item]
        return HostileRequest(path, route.method, _json_text(data).encode("utf-8", "surrogatepass"), "application/json")
    values: dict[str, Any] = {**world.fill(route.case.data), **(form or {})}  # type: ignore[dict-item]
    if files:
        # Multipart, as a browser sends it: text parts can't carry lone surrogates there (the server reads U+FFFD).
        parts: dict[str, Any] = {k: [_replace(v) for v in (val if isinstance(val, list) else [val])]
                                 for k, val in values.items()}
        for name, content in files.items():
            parts[name] = (BytesIO(content), "upload.json")
        return HostileRequest(path, route.method, parts, "multipart/form-data")
    pairs = [(k, v) for k, val in values.items() for v in (val if isinstance(val, list) else [val])]
    encoded = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in pairs).encode("ascii")
    return HostileRequest(path, route.method, encoded, "application/x-www-form-urlencoded")


HOSTILE_FILES = [b"\xff\xfe\x00bad", b"\x00" * 10, "\ud800".encode("utf-8", "surrogatepass"), b"[" * DEEP,
                 b'{"title": "\\ud800"}', b"name\r\nA\x00B\n"]


def systematic(route: Route, world: World) -> list[HostileRequest]:
    """The requests every route gets: each kind of hostile value in every place at once."""
    found = []
    if route.args:
        found.append(build(route, world, args={name: 2**63 if isinstance(value, int) else "\ud800\x00"
                                               for name, value in route.args.items()}))
    # (A lone surrogate can't reach a view through a query or a form: its bytes decode to U+FFFD.)
    for value in (str(2**63), "a\x00b", "\r\nX-Injected: 1"):
        if route.query_names:
            found.append(build(route, world, query=dict.fromkeys(route.query_names, value)))
        if route.method != "GET" and route.form_fields:
            found.append(build(route, world, form={name: [value] if kind == "list" else _document(name, value)
                                                   for name, kind in route.form_fields.items() if kind != "file"}))
    if route.method != "GET" and route.json_keys:
        for value in (2**63, -(2**63) - 1, "\ud800", "a\x00b", Raw("[" * DEEP + "]" * DEEP), [], None):  # type: ignore[assignment]
            for key in route.json_keys:  # one key at a time: the others stay right, so the value is used
                found.append(build(route, world, json_values={key: value}))
        found.append(build(route, world, body=b"[" * DEEP + b"]" * DEEP))
    return found or [build(route, world)]  # a route that reads nothing still gets its request


def places(route: Route) -> list[str]:
    """Where a request to ``route`` can carry hostile values."""
    return [place for place, used in (("path", route.args), ("query", route.query_names),
                                      ("body", route.method != "GET")) if used]


@st.composite
def requests(draw: st.DrawFn, route: Route, world: World) -> HostileRequest:
    """A request to ``route`` with hostile values in some of its path, query and body."""
    where = draw(st.sampled_from(places(route)))
    args: dict[str, Any] = {}
    if where == "path":
        for name in sorted(route.args):
            if draw(st.booleans()) or len(route.args) == 1:
                args[name] = draw(st.one_of(_text(), st.integers(min_value=-(2**70), max_value=2**70)))
    query: dict[str, Any] = {}
    if where == "query" or draw(st.booleans()):
        for name in route.query_names:
            if draw(st.booleans()):
                query[name] = draw(_text())
    if route.method == "GET" or where != "body":
        return build(route, world, args, query)
    if route.json_keys:
        if draw(st.integers(0, 3)) == 0:
            return build(route, world, args, query, body=draw(st.sampled_from(HOSTILE_BODIES)))
        values: dict[str, Any] = {}
        for key in route.json_keys:
            if draw(st.booleans()):
                values[key] = draw(st.one_of(st.sampled_from(HOSTILE_JSON), st.text(max_size=10), st.integers()))
        if draw(st.booleans()):
            values[draw(st.sampled_from(["\ud800", "\x00", "__proto__", "body\n"]))] = 1
        return build(route, world, args, query, json_values=values)
    form: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    for name, kind in sorted(route.form_fields.items()):
        if not draw(st.booleans()):
            continue
        if kind == "file":
            files[name] = draw(st.sampled_from(HOSTILE_FILES))
        elif kind == "list":
            form[name] = draw(st.lists(_text(), min_size=1, max_size=3))
        else:
            form[name] = _document(name, draw(_text()), draw(st.sampled_from(CASE_SPOTS)))
    return build(route, world, args, query, form=form, files=files)


def _replace(value: Any) -> str:
    """A lone surrogate becomes U+FFFD, as decoding the bytes would make it."""
    return str(value).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
