"""Autosave under load: authenticated autosave PUTs against gunicorn, next to a trivial Flask view.

    .venv/bin/python bench/autosave.py [--duration 20] [--connections 32] [--students 200]

What it does, in one run:

1. creates a fresh SQLite database (WAL) in a temporary folder with ``flask db upgrade``;
2. prepares a class of 200 students, each with a draft letter, through the app's own services
   (in a child process; a low Argon2 cost keeps this quick);
3. starts the app under gunicorn (2 workers, 127.0.0.1, a free port); 32 connections each sign
   in as their own student, read the CSRF token from the editor page's meta tag, then send
   autosave PUTs ``{body, base_version}`` with ``X-CSRFToken`` for 20 s, each based on the
   version the previous answer gave;
4. serves ``bench/baseline.py`` (one route returning "ok") with the same gunicorn setup and
   drives it with the same client for the same time; the two alternate in rounds (4 by default,
   5 s each) so that both see the same background load of the machine;
5. checks that every acknowledged save is a revision in the database.

The load generator is this script: an asyncio client on raw sockets (keep-alive when the
server allows it, a new connection when it answers ``Connection: close``), light enough to
push 32 connections from a 2-core machine. Nothing to install beyond the project's venv.

The last line printed is one JSON object:
{"autosave_rps", "baseline_rps", "ratio", "p99_ms", "errors", "saves_acknowledged", "revisions_in_db"}.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKERS = 2
CSRF_INPUT = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')
CSRF_META = re.compile(rb'<meta name="csrf-token" content="([^"]+)"')
BASE_VERSION = re.compile(rb'name="base_version" value="(\d+)"')
TEXT = ("Dear Minister, I am a student and I am writing about Ana Example, a student journalist who was "
        "detained after writing about a protest. Please release her immediately and let her see her family.")


# --- setting up ------------------------------------------------------------------------------------------

def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bench_env(folder: Path) -> dict[str, str]:
    """The environment of the app under test: its own database, a fixed key, cheap password hashing."""
    env = dict(os.environ)
    env.update(SECRET_KEY="bench-secret-key", DATABASE_URL=f"sqlite:///{folder / 'bench.db'}",
               CLASSROOM_PASSWORD_HASH_TIME_COST="1", CLASSROOM_PASSWORD_HASH_MEMORY_KB="1024",
               PYTHONDONTWRITEBYTECODE="1")
    env.pop("FLASK_DEBUG", None)
    return env


def prepare(students: int) -> None:
    """(Child process.) A class of ``students``, each with a draft letter; prints their sign-ins as JSON."""
    from datetime import date

    from classroom import create_app
    from classroom.assignments.models import Assignment
    from classroom.auth import services as accounts
    from classroom.cases import services as cases
    from classroom.classes import services as classes
    from classroom.extensions import db
    from classroom.letters import services as letters

    app = create_app()
    with app.app_context():
        school = accounts.create_school("Bench School", "1 Bench Road\nBenchtown BT1 1AA", "United Kingdom")
        teacher = accounts.create_teacher("Bench Teacher", "bench@example.org", "bench-password-123", school)
        classroom = classes.create_class(teacher, "Bench class", "middle", "2026–27", "first_last_initial")
        case = cases.create_case({
            "ua_number": "UA 1.26", "follows_up": None, "country": "Examplestan", "region": "Europe and Central Asia",
            "title": "Student journalist detained", "issue_date": date(2026, 10, 1), "deadline": date(2027, 3, 1),
            "status": "action", "people": [{"name": "Ana Example", "pronouns": "she/her"}],
            "summary": "Ana Example, a student journalist, was detained after writing about a protest.",
            "background": "", "asks": ["Release Ana Example immediately", "Let her see her family"],
            "model_letter": "", "copies_to": [], "themes": [], "student_summaries": {}, "timeline": [], "thanks": [],
            "targets": [{"name": "Minister of the Interior", "title": "Ministry of the Interior",
                         "salutation": "Dear Minister,", "address": ["1 Government Street", "Capital City"],
                         "email": "", "language": "en", "verify": True}],
        }, created_by=None)
        target = case.letter_targets[0]
        assignment = Assignment(class_id=classroom.id, case_id=case.id, letter_kinds=["appeal"],
                                target_ids=[target.id], lesson_slugs=[])
        db.session.add(assignment)
        db.session.flush()
        people = []
        for n in range(students):
            card = classes.add_student(classroom, f"Student{n} Bench", f"bench{n}")
            student = accounts.find_account(card.username)
            letter = letters.start(assignment, student, "appeal", target.id, use_scaffold=True)
            people.append({"login": card.username, "password": card.password, "letter_id": letter.id})
        db.session.commit()
    print(json.dumps(people))


def start_server(app_path: str, env: dict[str, str], port: int, worker_class: str, threads: int) -> subprocess.Popen:
    """gunicorn with two workers on 127.0.0.1:port, ready to answer."""
    command = [str(BIN / "gunicorn"), "--workers", str(WORKERS), "--worker-class", worker_class,
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--pythonpath", str(ROOT / "bench"),
               "--backlog", "1024"]
    if worker_class == "gthread":
        command += ["--threads", str(threads)]
    return started(subprocess.Popen([*command, app_path], cwd=ROOT, env=env), port, app_path, seconds=60)


def started(server: subprocess.Popen, port: int, app_path: str, seconds: float,
            probe_timeout: float = 1, pause: float = 0.2) -> subprocess.Popen:
    """``server`` once it answers HTTP on 127.0.0.1:port (stopped, and an error, after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=probe_timeout) as probe:
                probe.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if probe.recv(12).startswith(b"HTTP/1.1"):
                    return server
        except OSError:
            time.sleep(pause)
    server.terminate()
    raise RuntimeError(f"gunicorn ({app_path}) did not start")


def stop_server(server: subprocess.Popen) -> None:
    """Stop the gunicorn this script started (its master stops its workers)."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- the client -------------------------------------------------------------------------------------------

class Connection:
    """One HTTP/1.1 client connection with its cookies; reconnects when the server closes."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.cookies: dict[str, str] = {}

    async def request(self, method: str, path: str, body: bytes = b"",
                      headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        """Send one request and read the whole answer: (status, body).

        A kept-alive connection the server closed while it was idle fails before any answer;
        the request is then sent once more on a new connection (it never reached the app).
        """
        reused = self.writer is not None
        try:
            return await self._exchange(method, path, body, headers)
        except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError) as error:
            self.close()
            if not reused or (isinstance(error, asyncio.IncompleteReadError) and error.partial):
                raise
            return await self._exchange(method, path, body, headers)

    async def _exchange(self, method: str, path: str, body: bytes,
                        headers: dict[str, str] | None) -> tuple[int, bytes]:
        """One request and its answer on the current connection (opened if needed)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None and self.writer is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body or method in ("POST", "PUT"):
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        length, close = 0, False
        for line in header_lines:
            name, _, value = line.partition(":")
            name = name.lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection":
                close = value.strip().lower() == "close"
            elif name == "set-cookie":
                cookie_name, _, rest = value.strip().partition("=")
                self.cookies[cookie_name] = rest.split(";", 1)[0]
        data = await self.reader.readexactly(length) if length else b""
        if close:
            self.close()
        return status, data

    def close(self) -> None:
        """Drop the socket (the next request opens a new one)."""
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Tally:
    """What one phase measured."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    acknowledged: int = 0
    problems: dict[str, int] = field(default_factory=dict)

    def fail(self, what: str) -> None:
        self.errors += 1
        self.problems[what] = self.problems.get(what, 0) + 1


async def sign_in(port: int, person: dict[str, object]) -> tuple[Connection, str, int]:
    """Sign in as the student and open their editor: (connection, CSRF token, current version)."""
    conn = Connection(port)
    status, page = await conn.request("GET", "/auth/signin")
    token = CSRF_INPUT.search(page)
    assert status == 200 and token, f"sign-in page: {status}"
    form = urlencode({"login": person["login"], "password": person["password"],
                      "csrf_token": token.group(1).decode()}).encode()
    status, _ = await conn.request("POST", "/auth/signin", form,
                                   {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302, f"sign-in as {person['login']}: {status}"
    status, page = await conn.request("GET", f"/letters/{person['letter_id']}")
    meta, version = CSRF_META.search(page), BASE_VERSION.search(page)
    assert status == 200 and meta and version, f"editor: {status}"
    return conn, meta.group(1).decode(), int(version.group(1))


async def autosave_loop(conn: Connection, token: str, version: int, letter_id: int, deadline: float,
                        tally: Tally) -> int:
    """PUT drafts back to back until the deadline, each based on the version the last answer gave."""
    headers = {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token}
    n = 0
    while time.perf_counter() < deadline:
        n += 1
        body = json.dumps({"body": f"{TEXT} (save {n})", "base_version": version}).encode()
        started = time.perf_counter()
        try:
            status, data = await conn.request("PUT", f"/letters/{letter_id}/draft", body, headers)
        except (OSError, asyncio.IncompleteReadError) as error:
            tally.fail(type(error).__name__)
            conn.close()
            continue
        late = time.perf_counter() > deadline  # answered after the window: no throughput, but a real save
        if not late:
            tally.latencies.append(time.perf_counter() - started)
        if status == 200:
            version = json.loads(data)["version"]
            tally.acknowledged += 1
        elif not late:
            tally.fail(f"HTTP {status}")
        if status == 409:
            version = json.loads(data)["server_version"]
    return version


async def baseline_loop(port: int, deadline: float, tally: Tally) -> None:
    """GET the trivial view back to back until the deadline."""
    conn = Connection(port)
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            status, _ = await conn.request("GET", "/")
        except (OSError, asyncio.IncompleteReadError) as error:
            tally.fail(type(error).__name__)
            conn.close()
            continue
        if time.perf_counter() > deadline:
            break
        tally.latencies.append(time.perf_counter() - started)
        if status != 200:
            tally.fail(f"HTTP {status}")


async def run(app_port: int, baseline_port: int, floor_port: int | None, people: list[dict[str, object]],
              connections: int, duration: float, rounds: int) -> tuple[Tally, Tally, Tally]:
    """Sign everybody in, then alternate autosave and baseline phases, ``duration`` seconds each in all.

    Alternating in rounds keeps both measurements under the same background load of the machine.
    With ``floor_port``, a third phase sends the same requests to bench/floor.py (the session
    cookie is valid there too: same secret key).
    """
    chosen = people[:connections]
    sessions = await asyncio.gather(*(sign_in(app_port, person) for person in chosen))
    versions = [version for _, _, version in sessions]
    saves, base, floor = Tally(), Tally(), Tally()
    floor_conns = []
    for conn, _, _ in sessions:
        other = Connection(floor_port or 0)
        other.cookies = dict(conn.cookies)
        floor_conns.append(other)
    for _ in range(rounds):
        if floor_port:
            deadline = time.perf_counter() + duration / rounds
            await asyncio.gather(*(autosave_loop(other, token, 0, int(person["letter_id"]), deadline, floor)  # type: ignore[call-overload]
                                   for other, (_, token, _), person in zip(floor_conns, sessions, chosen)))
        deadline = time.perf_counter() + duration / rounds
        # Each loop returns the version it got to; the next round goes on from there.
        versions = await asyncio.gather(*(
            autosave_loop(conn, token, version, int(person["letter_id"]), deadline, saves)  # type: ignore[call-overload]
            for (conn, token, _), version, person in zip(sessions, versions, chosen)))
        deadline = time.perf_counter() + duration / rounds
        await asyncio.gather(*(baseline_loop(baseline_port, deadline, base) for _ in range(connections)))
    for conn, _, _ in sessions:
        conn.close()
    for other in floor_conns:
        other.close()
    return saves, base, floor


def p99(latencies: list[float]) -> float:
    """The 99th percentile latency in milliseconds."""
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000 if ordered else 0.0


def autosave_revisions(database: Path) -> int:
    """Revisions the database holds from autosave."""
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM letter_revisions WHERE reason = 'autosave'").fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--worker-class", default="sync", choices=("sync", "gthread"))
    parser.add_argument("--threads", type=int, default=4, help="threads per worker with --worker-class gthread")
    parser.add_argument("--rounds", type=int, default=4, help="autosave and baseline phases alternate this often")
    parser.add_argument("--floor", action="store_true",
                        help="also measure bench/floor.py: the same requests answered by a no-op after sign-in")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare is not None:
        prepare(args.prepare)
        return
    assert args.connections <= args.students, "each connection signs in as its own student"

    with tempfile.TemporaryDirectory(prefix="w4r-bench-") as tmp:
        folder = Path(tmp)
        env = bench_env(folder)
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        made = subprocess.run([sys.executable, __file__, "--prepare", str(args.students)], cwd=ROOT, env=env,
                              check=True, capture_output=True, text=True)
        people = json.loads(made.stdout.strip().splitlines()[-1])
        print(f"prepared {len(people)} students with drafts in {folder / 'bench.db'}", flush=True)

        app_port, baseline_port, floor_port = free_port(), free_port(), free_port() if args.floor else None
        servers = []
        try:
            servers.append(start_server("wsgi:app", env, app_port, args.worker_class, args.threads))
            servers.append(start_server("baseline:app", env, baseline_port, args.worker_class, args.threads))
            if floor_port:
                servers.append(start_server("floor:app", env, floor_port, args.worker_class, args.threads))
            saves, base, floor = asyncio.run(run(app_port, baseline_port, floor_port, people, args.connections,
                                                 args.duration, args.rounds))
        finally:
            for server in servers:
                stop_server(server)
        revisions = autosave_revisions(folder / "bench.db")

    autosave_rps = len(saves.latencies) / args.duration
    baseline_rps = len(base.latencies) / args.duration
    print(f"autosave: {autosave_rps:.0f} requests/s, p99 {p99(saves.latencies):.0f} ms, problems {saves.problems}")
    print(f"baseline: {baseline_rps:.0f} requests/s, p99 {p99(base.latencies):.0f} ms, problems {base.problems}")
    if args.floor:
        floor_rps = len(floor.latencies) / args.duration
        print(f"floor (signed-in no-op): {floor_rps:.0f} requests/s, ratio to baseline "
              f"{floor_rps / baseline_rps if baseline_rps else 0:.3f}, problems {floor.problems}")
    print(f"{WORKERS} gunicorn {args.worker_class} workers, {args.connections} connections, {args.duration:.0f} s each "
          f"in {args.rounds} alternating rounds, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    if revisions != saves.acknowledged:
        print(f"MISMATCH: {saves.acknowledged} saves acknowledged but {revisions} autosave revisions stored")
    print(json.dumps({
        "autosave_rps": round(autosave_rps, 1), "baseline_rps": round(baseline_rps, 1),
        "ratio": round(autosave_rps / baseline_rps, 3) if baseline_rps else 0.0,
        "p99_ms": round(p99(saves.latencies), 1), "errors": saves.errors + base.errors,
        "saves_acknowledged": saves.acknowledged, "revisions_in_db": revisions,
    }))


if __name__ == "__main__":
    main()
