"""Command-line tasks."""
from __future__ import annotations

from sqlalchemy import func, select

from classroom.auth.models import User
from classroom.extensions import db


def test_demo_is_idempotent_and_prints_logins(runner) -> None:
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    count = db.session.scalar(select(func.count()).select_from(User))
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(User)) == count
    for login in ("teacher@demo.example", "coordinator@demo.example", "curator@demo.example", "maya.k"):
        assert login in second.output
    assert "password:" in second.output


def test_demo_logins_work(runner, client) -> None:
    output = runner.invoke(args=["demo"]).output
    for line in output.splitlines():
        if "password:" in line:
            parts = line.split()
            login, password = parts[-3], parts[-1]
            response = client.post("/auth/signin", data={"login": login, "password": password})
            assert response.status_code == 302, line
            client.post("/auth/signout")


def test_grant_curator(runner, make_teacher) -> None:
    teacher = make_teacher(email="lin@example.org")
    result = runner.invoke(args=["grant-curator", "LIN@example.org"])
    assert result.exit_code == 0 and "now a curator" in result.output
    assert db.session.get(User, teacher.id).is_curator
    result = runner.invoke(args=["grant-curator", "--revoke", "lin@example.org"])
    assert not db.session.get(User, teacher.id).is_curator


def test_grant_curator_unknown_email(runner) -> None:
    result = runner.invoke(args=["grant-curator", "nobody@example.org"])
    assert result.exit_code != 0 and "No teacher account" in result.output


def test_demo_names_the_address_it_serves(app, runner) -> None:
    app.config["SITE_URL"] = "http://127.0.0.1:5101"
    assert "Demo logins (sign in at http://127.0.0.1:5101):" in runner.invoke(args=["demo"]).output
