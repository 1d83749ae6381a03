"""Every route is in the access table, and every entry holds over HTTP for every role."""
from __future__ import annotations

import pytest
from flask import Flask

from ..factories import PASSWORD
from .table import Case, all_rules
from .world import ROLES, World

RULES = all_rules()
CASES = [(endpoint, case) for endpoint, cases in RULES.items() for case in cases]
DENIED = {401, 403, 404}


def _id(item: tuple[str, Case]) -> str:
    endpoint, case = item
    return f"{endpoint}:{case.method}:{case.path}"


def test_every_route_is_in_the_table(app: Flask) -> None:
    """A new route without an access rule fails here."""
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in RULES:
            missing.append(f"{rule.endpoint} ({rule.rule})")
            continue
        methods = (rule.methods or set()) - {"HEAD", "OPTIONS"}
        listed = {case.method for case in RULES[rule.endpoint]}
        if methods - listed:
            missing.append(f"{rule.endpoint} {sorted(methods - listed)} ({rule.rule})")
    assert not missing, "Routes missing from the access table: " + ", ".join(missing)


def test_table_lists_only_real_routes(app: Flask) -> None:
    """Each table entry names a route the app has, at a path that reaches it."""
    adapter = app.url_map.bind("localhost")
    world_ids = dict.fromkeys(("school_a", "school_b", "class_a", "class_b", *ROLES), 1)
    for endpoint, case in CASES:
        path = case.path.format_map(_Ids(world_ids))
        matched, _ = adapter.match(path.split("?")[0], method=case.method)
        assert matched == endpoint, f"{case.path} reaches {matched}, not {endpoint}"


class _Ids(dict):
    """Any placeholder becomes 1 (only the route shape matters here)."""

    def __missing__(self, key: str) -> int:
        return 1


def _request(app: Flask, world: World, role: str, case: Case):
    client = app.test_client()
    if role != "anon":
        response = client.post("/auth/signin", data={"login": world.logins[role], "password": PASSWORD})
        assert response.status_code == 302, f"{role} could not sign in"
    if case.json is not None:
        return client.open(world.url(case.path), method=case.method, json=world.fill(case.json))
    return client.open(world.url(case.path), method=case.method, data=world.fill(case.data))


def _denied(response) -> bool:
    if response.status_code in DENIED:
        return True
    return response.status_code == 302 and "/auth/signin?next=" in response.headers.get("Location", "")


def _check(app: Flask, world: World, role: str, case: Case) -> None:
    response = _request(app, world, role, case)
    response.close()
    expected_allowed = role in case.allowed
    assert response.status_code < 500, f"{role} {case.method} {case.path}: {response.status_code}"
    if expected_allowed:
        assert not _denied(response), f"{role} should be allowed {case.method} {case.path} (got {response.status_code})"
    else:
        assert _denied(response), f"{role} must be refused {case.method} {case.path} (got {response.status_code})"


SAFE = [c for c in CASES if c[1].method == "GET"]
UNSAFE = [(c, role) for c in CASES if c[1].method != "GET" for role in ROLES]


@pytest.mark.parametrize("item", SAFE, ids=[_id(c) for c in SAFE])
def test_read_access(world_app: tuple[Flask, World], item: tuple[str, Case]) -> None:
    """GET routes: each role allowed or refused as the table says."""
    app, world = world_app
    for role in ROLES:
        _check(app, world, role, item[1])


@pytest.mark.parametrize(("item", "role"), UNSAFE, ids=[f"{_id(c)}:{r}" for c, r in UNSAFE])
def test_write_access(world_app: tuple[Flask, World], item: tuple[str, Case], role: str) -> None:
    """State-changing routes: each role on a fresh world, allowed or refused as the table says."""
    app, world = world_app
    _check(app, world, role, item[1])




WRITES = [c for c in CASES if c[1].method != "GET" and c[1].allowed - {"anon"} and not c[1].csrf_exempt]


@pytest.mark.parametrize("item", WRITES, ids=[_id(c) for c in WRITES])
def test_state_changes_need_csrf_token(world_app: tuple[Flask, World], item: tuple[str, Case]) -> None:
    """Every state-changing request without a CSRF token is refused, even for an allowed role."""
    csrf_app, world = world_app
    case = item[1]
    role = sorted(case.allowed - {"anon"})[0]
    client = csrf_app.test_client()
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    client.post("/auth/signin", data={"login": world.logins[role], "password": PASSWORD})
    csrf_app.config["WTF_CSRF_ENABLED"] = True
    if case.json is not None:
        response = client.open(world.url(case.path), method=case.method, json=world.fill(case.json))
    else:
        response = client.open(world.url(case.path), method=case.method, data=world.fill(case.data))
    assert response.status_code == 400, f"{case.method} {case.path} accepted a request without CSRF token"


EXEMPT = [c for c in CASES if c[1].csrf_exempt]


@pytest.mark.parametrize("item", EXEMPT, ids=[_id(c) for c in EXEMPT])
def test_token_endpoints_work_without_csrf(world_app: tuple[Flask, World], item: tuple[str, Case]) -> None:
    """The few CSRF-exempt endpoints are authorised by a signed token in the URL instead."""
    app, world = world_app
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().open(world.url(item[1].path), method=item[1].method, data=world.fill(item[1].data))
    assert response.status_code == 200
    assert len(EXEMPT) == 1, "a new CSRF-exempt endpoint needs a reason and a test"
