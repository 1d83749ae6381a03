"""The password policy, hashing and generated student passwords."""
from __future__ import annotations

import re

import pytest
from flask import Flask

from classroom.auth.passwords import (generate_password, hash_password, password_problems,
                                      verify_password)


@pytest.mark.parametrize("password", ["password", "Password1", "qwerty123", "iloveyou", "aaaaaaaaaaaa", "abababababab"])
def test_common_and_trivial_passwords_are_refused(app: Flask, password: str) -> None:
    assert any("too common" in p for p in password_problems(password))


def test_short_password_names_the_minimum(app: Flask) -> None:
    assert password_problems("k7#pq") == ["Use at least 8 characters."]


def test_overlong_password_is_refused(app: Flask) -> None:
    assert "Use at most 128 characters." in password_problems("x7" * 100)


def test_password_that_is_just_the_name_is_refused(app: Flask) -> None:
    problems = password_problems("riverawrites", ("Ana Rivera", "riverawrites@example.org"))
    assert any("name, email or username" in p for p in problems)


def test_good_password_has_no_problems(app: Flask) -> None:
    assert password_problems("lantern-harbor-river-9", ("Ana Rivera", "ana@example.org")) == []


def test_minimum_length_follows_config(app: Flask) -> None:
    app.config["PASSWORD_MIN_LENGTH"] = 12
    assert password_problems("violet-moth9") == []
    assert password_problems("violet-mot9") == ["Use at least 12 characters."]


def test_hash_is_argon2id_and_verifies(app: Flask) -> None:
    stored = hash_password("lantern-harbor-river-9")
    assert stored.startswith("$argon2id$")
    assert "lantern" not in stored
    assert verify_password(stored, "lantern-harbor-river-9")
    assert not verify_password(stored, "lantern-harbor-river-8")
    assert not verify_password("not-a-hash", "anything")


def test_generated_passwords_are_easy_to_type_and_pass_the_policy(app: Flask) -> None:
    passwords = {generate_password() for _ in range(200)}
    assert len(passwords) > 150
    for password in passwords:
        assert re.fullmatch(r"[a-z]+-[a-z]+-[1-9][0-9]", password)
        assert password_problems(password) == []


def test_default_cost_is_at_least_owasps_argon2id_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    """OWASP Password Storage Cheat Sheet: Argon2id with m=19 MiB, t=2, p=1 at least."""
    from classroom.config import Config

    monkeypatch.delenv("CLASSROOM_PASSWORD_HASH_TIME_COST", raising=False)
    monkeypatch.delenv("CLASSROOM_PASSWORD_HASH_MEMORY_KB", raising=False)
    config = Config()
    assert config.PASSWORD_HASH_MEMORY_KB >= 19 * 1024
    assert config.PASSWORD_HASH_TIME_COST >= 2


def test_hash_made_with_other_settings_is_redone_at_the_next_sign_in(app: Flask, client, make_student) -> None:
    from argon2 import PasswordHasher

    from classroom.auth.models import User
    from classroom.extensions import db

    student = make_student(username="maya.k")
    old = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash("lantern-harbor-river-9")
    student.password_hash = old
    db.session.commit()
    response = client.post("/auth/signin", data={"login": "maya.k", "password": "lantern-harbor-river-9"})
    assert response.status_code == 302
    stored = db.session.get(User, student.id).password_hash
    assert stored != old and "m=1024,t=1,p=1" in stored
    assert verify_password(stored, "lantern-harbor-river-9")
