"""The sign-in limits hold under parallel requests against a real (threaded) server.

The password check is made slow on purpose, so every request of a burst is in flight
before the first check ends: if the limit were checked and counted in separate steps
around the check, the whole burst would get through.
"""
from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from flask import Flask
from werkzeug.serving import make_server

from classroom.auth import services
from classroom.auth.models import User

from .clock import machine_clock_env
from .factories import PASSWORD

SLOW_CHECK = 0.3  # seconds; longer than it takes the whole burst to arrive


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(params=["memory", "redis"])
def app_config(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, object]]:
    """The counters in memory, and in a Redis of the test's own (redis-server, installed by scripts/test)."""
    if request.param == "memory":
        yield {"RATELIMIT_STORAGE_URI": "memory://"}
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: sudo apt-get install redis-server (scripts/test installs it)", pytrace=False)
    port = _free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=machine_clock_env())
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        client.close()
        yield {"RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{port}"}
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def server(app: Flask) -> Iterator[str]:
    """The app served by werkzeug on 127.0.0.1 with a thread per request: ``host:port``."""
    from classroom.extensions import limiter

    assert app.config["RATELIMIT_STORAGE_URI"].split(":")[0] in type(limiter.storage).__name__.lower()
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password check (of a real or an unknown account), recorded and made slow."""
    done: list[str] = []
    lock = threading.Lock()
    real_verify = services.verify_password  # type: ignore[attr-defined]

    def verify(stored: str, password: str) -> bool:
        with lock:
            done.append(password)
        time.sleep(SLOW_CHECK)
        return real_verify(stored, password)

    def spend(password: str) -> None:
        with lock:
            done.append(password)
        time.sleep(SLOW_CHECK)

    monkeypatch.setattr(services, "verify_password", verify)
    monkeypatch.setattr(services, "spend_verify_time", spend)
    return done


def _burst(host: str, attempts: list[tuple[str, str]]) -> list[int]:
    """Send all sign-in attempts at once (each on its own connection); their status codes, in order."""
    start = threading.Barrier(len(attempts))

    def send(attempt: tuple[str, str]) -> int:
        body = urlencode({"login": attempt[0], "password": attempt[1]})
        connection = http.client.HTTPConnection(host, timeout=30)
        try:
            connection.connect()
            start.wait()
            connection.request("POST", "/auth/signin", body=body,
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
            return connection.getresponse().status
        finally:
            connection.close()

    with ThreadPoolExecutor(len(attempts)) as pool:
        return list(pool.map(send, attempts))


def test_a_burst_of_guesses_gets_at_most_the_account_limit_checked(
        app: Flask, server: str, checks: list[str], make_teacher: Callable[..., User]) -> None:
    app.config["LOGIN_ATTEMPTS_PER_ACCOUNT"] = 5
    teacher = make_teacher(email="ana@example.org")
    attempts = [(teacher.email or "", f"wrong-guess-{n}") for n in range(13)] + [(teacher.email or "", PASSWORD)]
    statuses = _burst(server, attempts)
    if PASSWORD in checks:
        # The right password signed in: that clears the account's failures (record_success), so
        # guesses of the burst still arriving after it count against a fresh limit.
        right = checks.index(PASSWORD)
        assert right < 5 and len(checks) - right - 1 <= 5, f"checked: {checks}; the limit is 5 before and after"
    else:
        assert len(checks) <= 5, f"{len(checks)} passwords were checked; the limit is 5"
    assert statuses.count(429) == len(attempts) - len(checks)  # every attempt not checked was refused
    assert all(status in (200, 302, 429) for status in statuses)


def test_the_right_password_in_a_burst_after_the_limit_is_refused(
        app: Flask, server: str, checks: list[str], make_teacher: Callable[..., User]) -> None:
    app.config["LOGIN_ATTEMPTS_PER_ACCOUNT"] = 5
    teacher = make_teacher(email="ana@example.org")
    assert _burst(server, [(teacher.email or "", f"wrong-guess-{n}") for n in range(5)]) == [200] * 5
    checks.clear()
    statuses = _burst(server, [(teacher.email or "", PASSWORD)] * 8)
    assert statuses == [429] * 8
    assert checks == []


def test_a_burst_from_one_address_gets_at_most_the_address_limit_checked(
        app: Flask, server: str, checks: list[str]) -> None:
    app.config["LOGIN_ATTEMPTS_PER_ADDRESS"] = 20
    statuses = _burst(server, [(f"guess{n}@example.org", "wrong-guess") for n in range(30)])
    assert len(checks) <= 20, f"{len(checks)} passwords were checked; the limit per address is 20"
    assert statuses.count(429) >= 10
    # The address stays refused for anyone, even with a right password.
    checks.clear()
    assert _burst(server, [("someone@example.org", PASSWORD)] * 3) == [429] * 3
    assert checks == []


def test_refused_attempts_and_successes_give_their_count_back(
        app: Flask, server: str, checks: list[str], make_teacher: Callable[..., User]) -> None:
    """Only failed checks count: a success doesn't use up the address, and refusals don't either."""
    app.config["LOGIN_ATTEMPTS_PER_ADDRESS"] = 3
    teacher = make_teacher(email="ana@example.org")
    for _ in range(4):  # one after another: attempts in flight at the same time each hold a count
        assert _burst(server, [(teacher.email or "", PASSWORD)]) == [302]
    assert _burst(server, [("nobody@example.org", "wrong-guess")] * 2) == [200] * 2
    assert _burst(server, [(teacher.email or "", PASSWORD)]) == [302]
    assert _burst(server, [("nobody@example.org", "wrong-guess")]) == [200]
    assert _burst(server, [(teacher.email or "", PASSWORD)]) == [429]
