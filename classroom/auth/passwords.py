"""Password hashing (Argon2id), the password policy and generated student passwords."""
from __future__ import annotations

import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _

from ..datafiles import data_path, word_list

MAX_LENGTH = 128


@cache
def _hasher(time_cost: int, memory_kb: int) -> PasswordHasher:
    """One Argon2id hasher per cost setting."""
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kb, parallelism=1)


def _current_hasher() -> PasswordHasher:
    """The hasher configured for this app."""
    cfg = current_app.config
    return _hasher(cfg["PASSWORD_HASH_TIME_COST"], cfg["PASSWORD_HASH_MEMORY_KB"])


def hash_password(password: str) -> str:
    """Hash a password for storage."""
    return _current_hasher().hash(password)


def hash_passwords(passwords: list[str]) -> list[str]:
    """Hash many passwords at once (a class's new cards), one thread per core.

    Argon2 runs in C without holding the GIL, so on two cores a class of 30 takes half the
    time it takes one by one (bench/roster.py); every hash is as strong as ``hash_password``'s.
    """
    hasher = _current_hasher()
    if len(passwords) < 2:
        return [hasher.hash(password) for password in passwords]
    with ThreadPoolExecutor(max_workers=min(len(passwords), os.cpu_count() or 1)) as pool:
        return list(pool.map(hasher.hash, passwords))


def verify_password(stored_hash: str, password: str) -> bool:
    """True when the password matches the stored hash."""
    try:
        return _current_hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash(time_cost: int, memory_kb: int) -> str:
    """A hash of a random value, verified when no account matches so timing tells nothing."""
    return _hasher(time_cost, memory_kb).hash(secrets.token_hex(16))


def spend_verify_time(password: str) -> None:
    """Take as long as a real verification, for sign-in names that match no account."""
    cfg = current_app.config
    verify_password(_dummy_hash(cfg["PASSWORD_HASH_TIME_COST"], cfg["PASSWORD_HASH_MEMORY_KB"]), password)


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker settings than today's."""
    try:
        return _current_hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def password_problems(password: str, personal: tuple[str, ...] = (), min_length: int | None = None) -> list[str]:
    """Every reason this password is not acceptable, in plain words (empty when fine).

    ``personal`` holds the account's own name, email or username, which a password
    must not simply repeat.
    """
    if min_length is None:
        min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    problems = []
    if len(password) < min_length:
        problems.append(_("Use at least %(num)d characters.", num=min_length))
    if len(password) > MAX_LENGTH:
        problems.append(_("Use at most %(num)d characters.", num=MAX_LENGTH))
    lowered = password.lower()
    if lowered in word_list("common_passwords.txt") or len(set(lowered)) <= 2:
        problems.append(_("This password is too common and easy to guess. Choose another."))
    for item in personal:
        item = (item or "").lower().split("@")[0]
        if len(item) >= 3 and item in lowered and len(lowered) - len(item) < 4:
            problems.append(_("Don't build your password from your name, email or username."))
            break
    return problems


@cache
def _password_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The adjective and noun lists for generated passwords."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in data_path("password_words.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line.strip("[]")
            continue
        sections.setdefault(current, []).extend(line.split())
    return tuple(sections["adjectives"]), tuple(sections["nouns"])


def generate_password() -> str:
    """An easy-to-type password for a child, like ``brave-otter-42``."""
    adjectives, nouns = _password_words()
    return f"{secrets.choice(adjectives)}-{secrets.choice(nouns)}-{secrets.randbelow(90) + 10}"
