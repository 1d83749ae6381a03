"""Rate limits: the routes that create accounts or take guesses stop answering after their
limit; everything else is never limited (and no longer pays for the check)."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_limiter.util import get_remote_address

from classroom.auth.models import User
from classroom.classes.models import Classroom
from classroom.extensions import limiter
from classroom.route_limiter import RouteLimiter


def _statuses(client: FlaskClient, path: str, times: int, **kwargs: object) -> list[int]:
    return [client.post(path, **kwargs).status_code for _ in range(times)]  # type: ignore[arg-type]


def test_teacher_sign_up_is_limited_to_20_tries_an_hour(client: FlaskClient) -> None:
    statuses = _statuses(client, "/auth/signup", 21, data={"name": "", "email": "not-an-email"})
    assert 429 not in statuses[:20]
    assert statuses[20] == 429


@pytest.mark.parametrize("path, form", [("/join/", {"code": "WRONG-CODE"}), ("/join/WRONG-CODE", {})])
def test_class_code_guessing_is_limited_to_20_a_minute(client: FlaskClient, path: str, form: dict[str, str]) -> None:
    statuses = _statuses(client, path, 21, data=form)
    assert statuses[:20] == [404] * 20
    assert statuses[20] == 429


def test_roster_uploads_are_limited_to_30_an_hour(teacher: User, make_class: Callable[..., Classroom],
                                                   client: FlaskClient) -> None:
    classroom = make_class(teacher)
    statuses = _statuses(client, f"/classes/{classroom.id}/roster", 31, data={})
    assert 429 not in statuses[:30]
    assert statuses[30] == 429


def test_routes_without_a_limit_are_never_limited(teacher: User, client: FlaskClient) -> None:
    for _ in range(60):
        response = client.get("/auth/signin")
        assert response.status_code in (200, 302)
        assert "X-RateLimit-Limit" not in response.headers


@pytest.mark.parametrize("setting", ["default_limits", "application_limits"])
def test_an_app_wide_limit_if_ever_configured_still_applies(setting: str) -> None:
    # The app's own limiter skips the before-request pass because it has no app-wide limits;
    # a limiter that has them must still apply them to every route.
    app = Flask(__name__)
    app.add_url_rule("/", "page", lambda: "ok")
    RouteLimiter(get_remote_address, storage_uri="memory://", **{setting: ["3 per minute"]}).init_app(app)
    client = app.test_client()
    assert [client.get("/").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_the_skipped_pass_is_the_hook_flask_limiter_runs_before_each_request(app: Flask) -> None:
    # RouteLimiter overrides a private method of Flask-Limiter; should an upgrade register another
    # hook, the override would do nothing and every request would pay for the pass again.
    assert limiter._check_request_limit in app.before_request_funcs[None]
