"""Security headers, error pages, request size, HTTPS behaviour, CSRF."""
from __future__ import annotations

import pytest
from flask import Flask, session
from flask.testing import FlaskClient
from flask_wtf.csrf import generate_csrf, validate_csrf
from wtforms.validators import ValidationError

from classroom import create_app

from .factories import PASSWORD



def test_security_headers_on_pages_and_errors(client: FlaskClient) -> None:
    for path in ("/", "/auth/signin", "/does-not-exist", "/healthz"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "Strict-Transport-Security" not in response.headers


def test_no_inline_script_or_style_in_pages(client: FlaskClient) -> None:
    for path in ("/", "/auth/signin", "/auth/signup"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and "<script type=\"module\">" not in page
        assert " style=" not in page and "<style" not in page
        assert " onclick=" not in page


def test_https_adds_hsts(client: FlaskClient) -> None:
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_https_setting_makes_cookies_secure(database_url: str, monkeypatch: pytest.MonkeyPatch, make_teacher, make_app) -> None:
    monkeypatch.setenv("CLASSROOM_HTTPS", "1")
    app = make_app(SQLALCHEMY_DATABASE_URI=database_url)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    teacher = make_teacher()
    response = app.test_client().post("/auth/signin", base_url="https://localhost",
                                      data={"login": teacher.email, "password": PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in c and "HttpOnly" in c for c in cookies)


def test_404_page_in_site_look(client: FlaskClient) -> None:
    response = client.get("/nowhere")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "We can&#39;t find that page" in page and 'class="site-header"' in page


def test_403_page(client: FlaskClient, make_student, login) -> None:
    login(make_student())
    response = client.get("/classes/new")
    assert response.status_code == 403
    assert "You can&#39;t open this page" in response.get_data(as_text=True)


def test_500_page_never_shows_a_traceback(app: Flask) -> None:
    app.config["TESTING"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-for-test")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom-for-test")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_request_too_large_gets_friendly_413(client: FlaskClient, app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/auth/signin", data={"login": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_json_clients_get_json_errors(client: FlaskClient) -> None:
    response = client.get("/nowhere", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_forms_carry_csrf_tokens(app: Flask) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    for path in ("/auth/signin", "/auth/signup"):
        assert 'name="csrf_token"' in client.get(path).get_data(as_text=True)
    response = client.post("/auth/signin", data={"login": "a", "password": "b"})
    assert response.status_code == 400
    assert "form was open too long" in response.get_data(as_text=True)


def test_a_form_token_lasts_the_sign_in_not_an_hour(app: Flask, clock) -> None:
    # An editor page opened at 9:00 and saved after lunch (or reopened offline) still saves.
    app.config["WTF_CSRF_ENABLED"] = True
    with app.test_request_context():
        token = generate_csrf()
        clock.advance(hours=5)
        validate_csrf(token)  # raises when the token has expired
        session.clear()  # signing out ends the session, and its tokens with it
        with pytest.raises(ValidationError):
            validate_csrf(token)


def test_production_refuses_to_start_without_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("CLASSROOM_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()
