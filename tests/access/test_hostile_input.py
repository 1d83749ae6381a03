"""No input gives a 500: every route, as each kind of person, with hostile values everywhere.

Path parameters, query parameters, form fields (the real fields of each route's forms) and
JSON keys get huge and negative integers, 2^63, lone surrogates, NUL, control characters,
deep nesting, wrong types and 1 MB strings (see ``hostile.py``). Bounded: a few derandomized
examples per route and role, on one world per role.
"""
from __future__ import annotations

import time
from collections import Counter

import pytest
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings

from ..factories import PASSWORD
from . import hostile
from .world import World

ROLES = ("anon", "student", "teacher", "coordinator", "curator")
EXAMPLES_PER_ROUTE = 2
# Routes that end the session or remove what later routes use run last.
LAST = ("auth.signout", "auth.password", "classes.purge", "classes.archive", "classes.remove_student", "cases.delete",
        "network.unsubscribe", "network.unsubscribe_signed_in", "printing.mark")


def _sign_in(app: Flask, world: World, role: str):
    client = app.test_client()
    if role != "anon":
        response = client.post("/auth/signin", data={"login": world.logins[role], "password": PASSWORD})
        assert response.status_code == 302, f"{role} could not sign in"
    return client


@pytest.mark.parametrize("role", ROLES)
def test_no_input_gives_a_500(world_app: tuple[Flask, World], role: str) -> None:
    app, world = world_app
    # Hostile sign-in attempts must not lock this test's own sign-in out.
    app.config.update(LOGIN_ATTEMPTS_PER_ACCOUNT=10**6, LOGIN_ATTEMPTS_PER_ADDRESS=10**6)
    routes = sorted(hostile.routes(app, world), key=lambda r: (r.endpoint in LAST, r.endpoint, r.method))
    client = _sign_in(app, world, role)
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    reached: set[str] = set()
    started = time.monotonic()

    def send(route: hostile.Route, request: hostile.HostileRequest) -> str | None:
        """The request's failure, if it got a 5xx."""
        response = client.open(request.path, **request.open_kwargs())
        response.close()
        statuses[response.status_code] += 1
        reached.add(route.label)
        if response.status_code < 500:
            return None
        return f"{role} {route.label}: {response.status_code} for {request.path[:200]!r} {request.summary()}"

    for route in routes:
        # Every kind of hostile value in every place, each request checked (no failure hides another) …
        for request in hostile.systematic(route, world):
            failure = send(route, request)
            if failure:
                failures.append(failure)

        # … then a few generated mixtures of hostile and working values.
        @settings(max_examples=EXAMPLES_PER_ROUTE, derandomize=True, database=None, deadline=None,
                  phases=(Phase.generate,), suppress_health_check=list(HealthCheck))
        @given(request=hostile.requests(route, world))
        def mixtures(request: hostile.HostileRequest) -> None:
            failure = send(route, request)  # noqa: B023  (called right here, in this iteration)
            assert failure is None, failure

        if not hostile.places(route) or role not in route.case.allowed:
            continue  # a refused role gets the systematic requests only: its mixtures would all be refused alike
        try:
            mixtures()
        except AssertionError as error:
            failures.append(str(error).splitlines()[0][:500])
        if route.endpoint in ("auth.signout", "auth.password"):
            client = _sign_in(app, world, role)
    assert not failures, "\n".join(failures)
    assert reached == {route.label for route in routes}, "some routes got no request"
    assert time.monotonic() - started < 120
