"""The health check."""
from __future__ import annotations

from pathlib import Path



def test_healthz_ok(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_unreachable_database(tmp_path: Path, make_app) -> None:
    missing = tmp_path / "no" / "such" / "folder" / "db.sqlite"
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{missing}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}


def test_healthz_reports_unreachable_postgresql(make_app) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/nothing?connect_timeout=2"
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "error"
    assert response.headers["Retry-After"] == "5"
