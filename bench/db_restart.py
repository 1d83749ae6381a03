"""PostgreSQL restarts while a class autosaves: nothing acknowledged is lost, nobody sees a 500.

    .venv/bin/python bench/db_restart.py [--students 50] [--down 10] [--limit 150]

What it does, in one run (bounded by ``--limit`` seconds; everything it starts is stopped):

1. starts its own throwaway PostgreSQL cluster (tests/pgcluster.py, durable settings: fsync and
   synchronous commit on), migrates it (Alembic) and prepares a class of 50 students with a
   draft letter each (bench/autosave.py's ``prepare``), in one child process;
2. starts the app under gunicorn (2 sync workers, 127.0.0.1, a free port), the way
   production runs it, with ``DATABASE_URL`` on the cluster;
3. 50 simulated students sign in and autosave as the editor does: each keeps its text and the
   version the server last acknowledged, sends a longer text every ``--think`` seconds, and
   when a save is not acknowledged (503, no answer) keeps the text and sends it again after the
   server's Retry-After; a 409 whose saved text is the student's own is the earlier try
   arriving (the answer was lost) and counts as saved;
4. after ``--warmup`` seconds stops PostgreSQL (``pg_ctl stop -m fast``) for ``--down`` seconds
   and starts it again, while a probe asks ``/healthz`` every 0.1 s; the app is not restarted;
5. keeps going for ``--after`` seconds, then each student stops typing and waits until its
   last text is acknowledged;
6. checks in the database that every acknowledged save is stored (its revision, with the
   same text) and that each letter holds its student's last acknowledged text.

The last line printed is one JSON object:
{"acknowledged", "stored", "errors_5xx_other_than_503", "recovered_s", ...}; ``recovered_s``
is the time from PostgreSQL accepting connections again (``pg_ctl start -w`` returned) until
both ``/healthz`` and an autosave have answered 200.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import autosave  # noqa: E402  (bench/autosave.py: data set-up, gunicorn and the HTTP client)

from tests import pgcluster  # noqa: E402

BIN = Path(sys.executable).parent
REQUEST_TIMEOUT = 15.0  # a request that hangs this long counts as a failure
RETRY_AFTER = 1  # what the app under test says in its 503s (CLASSROOM_DATABASE_RETRY_AFTER)


@dataclass
class Figures:
    """Everything the clients and the probe saw."""

    acknowledged: list[tuple[int, int, str]] = field(default_factory=list)  # (letter id, version, text)
    acknowledged_by_409: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    no_answer: int = 0
    timeouts: int = 0
    conflicts: int = 0
    latencies: list[float] = field(default_factory=list)
    first_save_after_up: float | None = None
    health: list[tuple[float, int]] = field(default_factory=list)  # (time, status or 0 for no answer)
    last_text: dict[int, str] = field(default_factory=dict)
    unsaved_at_end: int = 0

    def count(self, status: int) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1


@dataclass
class Fault:
    """When PostgreSQL went down and came back (monotonic seconds)."""

    down_at: float | None = None
    up_at: float | None = None
    typing_ends: float = 0.0


async def student(session: tuple[autosave.Connection, str, int], person: dict[str, object], fault: Fault,
                  figures: Figures, think: float, deadline: float) -> None:
    """Type and autosave like the editor until typing ends and the last text is saved."""
    conn, token, version = session
    letter_id = int(person["letter_id"])  # type: ignore[call-overload]
    headers = {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token}
    n = 0
    pending: str | None = None  # the text on "this device" not yet acknowledged
    await asyncio.sleep(random.uniform(0, think))
    while time.monotonic() < deadline:
        if pending is None:
            if time.monotonic() >= fault.typing_ends:
                break  # stopped typing and everything is saved
            n += 1
            pending = f"{autosave.TEXT} (save {n})"
        body = json.dumps({"body": pending, "base_version": version}).encode()
        started = time.monotonic()
        try:
            status, data = await asyncio.wait_for(
                conn.request("PUT", f"/letters/{letter_id}/draft", body, headers), REQUEST_TIMEOUT)
        except TimeoutError:
            figures.timeouts += 1
            conn.close()
            await asyncio.sleep(1 + random.random())
            continue
        except (OSError, asyncio.IncompleteReadError):
            figures.no_answer += 1
            conn.close()
            await asyncio.sleep(1 + random.random())
            continue
        figures.count(status)
        answer = json.loads(data) if data.startswith(b"{") else {}
        if status == 200:
            figures.latencies.append(time.monotonic() - started)
            version = answer["version"]
            figures.acknowledged.append((letter_id, version, pending))
            figures.last_text[letter_id] = pending
            if fault.up_at is not None and figures.first_save_after_up is None:
                figures.first_save_after_up = time.monotonic()
            pending = None
            await asyncio.sleep(think * random.uniform(0.5, 1.5))
        elif status == 409 and answer.get("server_body") == pending:
            version = answer["server_version"]  # saved by the earlier try; its answer was lost
            figures.acknowledged_by_409 += 1
            figures.acknowledged.append((letter_id, version, pending))
            figures.last_text[letter_id] = pending
            pending = None
        elif status == 409:
            figures.conflicts += 1  # someone else's text: can't happen here (one tab per student)
            version = answer["server_version"]
        else:
            # 503 (or anything else): keep the text, try again after the server's Retry-After.
            await asyncio.sleep(RETRY_AFTER + random.random())
    if pending is not None:
        figures.unsaved_at_end += 1
    conn.close()


async def probe(port: int, figures: Figures, stop: asyncio.Event) -> None:
    """Ask /healthz every 0.1 s, remembering each answer and when it came."""
    conn = autosave.Connection(port)
    while not stop.is_set():
        try:
            status, _ = await asyncio.wait_for(conn.request("GET", "/healthz"), REQUEST_TIMEOUT)
        except (TimeoutError, OSError, asyncio.IncompleteReadError):
            status = 0
            conn.close()
        figures.health.append((time.monotonic(), status))
        await asyncio.sleep(0.1)
    conn.close()


async def restart_database(cluster: pgcluster.Cluster, fault: Fault, warmup: float, down: float) -> None:
    """After the warm-up, stop PostgreSQL (fast: sessions ended) for ``down`` seconds, then start it."""
    await asyncio.sleep(warmup)
    await asyncio.to_thread(cluster.stop_server, "fast")
    fault.down_at = time.monotonic()
    print(f"PostgreSQL stopped at t={fault.down_at - START:.1f} s", flush=True)
    await asyncio.sleep(down)
    await asyncio.to_thread(cluster.start_server)
    fault.up_at = time.monotonic()
    print(f"PostgreSQL accepting connections again at t={fault.up_at - START:.1f} s", flush=True)


async def drive(port: int, people: list[dict[str, object]], cluster: pgcluster.Cluster, args: argparse.Namespace,
                deadline: float) -> tuple[Figures, Fault]:
    """Sign the class in, then run the students, the probe and the restart together."""
    figures, fault = Figures(), Fault()
    sessions = await asyncio.gather(*(autosave.sign_in(port, person) for person in people))
    print(f"{len(sessions)} students signed in at t={time.monotonic() - START:.1f} s", flush=True)
    fault.typing_ends = time.monotonic() + args.warmup + args.down + args.after + 5
    stop = asyncio.Event()
    prober = asyncio.create_task(probe(port, figures, stop))
    restart = asyncio.create_task(restart_database(cluster, fault, args.warmup, args.down))
    await asyncio.gather(*(student(session, person, fault, figures, args.think, deadline)
                           for session, person in zip(sessions, people)))
    await restart
    stop.set()
    await prober
    return figures, fault


def stored(url: str, figures: Figures) -> tuple[int, int]:
    """(acknowledged saves whose revision holds the same text, letters holding their last acknowledged text)."""
    import psycopg

    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo) as conn:
        revisions = {(letter_id, version): body for letter_id, version, body in
                     conn.execute("SELECT letter_id, version, body FROM letter_revisions")}
        current = dict(conn.execute("SELECT id, body FROM letters"))  # type: ignore[var-annotated]
    found = sum(1 for letter_id, version, body in figures.acknowledged if revisions.get((letter_id, version)) == body)
    last = sum(1 for letter_id, body in figures.last_text.items() if current.get(letter_id) == body)  # type: ignore[misc]
    return found, last


def start_gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    """gunicorn with ``workers`` sync workers on 127.0.0.1:port, its log in ``log``, ready to answer."""
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "wsgi:app"], cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    started = time.monotonic()
    while time.monotonic() - started < 60:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    autosave.stop_server(server)
    raise RuntimeError("gunicorn did not start")


def prepare(students: int) -> None:
    """(Child process.) Migrate the database, then make the class (one interpreter start for both)."""
    from flask_migrate import upgrade

    from classroom import create_app
    from classroom.extensions import db

    app = create_app()
    with app.app_context():
        upgrade()
        db.engine.dispose()
    autosave.prepare(students)


def recovery(figures: Figures, fault: Fault) -> dict[str, float | None]:
    """When the fault was seen and when it was over, from the probe and the saves."""
    assert fault.down_at is not None and fault.up_at is not None
    seen = next((t for t, status in figures.health if t >= fault.down_at and status == 503), None)
    healthy = next((t for t, status in figures.health if t >= fault.up_at and status == 200), None)
    first_503_window = [t for t, status in figures.health if status == 503]
    both = max(healthy, figures.first_save_after_up) if healthy and figures.first_save_after_up else None
    return {
        "detected_s": round(seen - fault.down_at, 2) if seen else None,
        "healthz_back_s": round(healthy - fault.up_at, 2) if healthy else None,
        "save_back_s": round(figures.first_save_after_up - fault.up_at, 2) if figures.first_save_after_up else None,
        "recovered_s": round(both - fault.up_at, 2) if both else None,
        "healthz_503_for_s": round(first_503_window[-1] - first_503_window[0], 2) if first_503_window else 0.0,
    }


START = time.monotonic()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between one student's saves (about)")
    parser.add_argument("--warmup", type=float, default=8.0, help="seconds of saving before PostgreSQL stops")
    parser.add_argument("--down", type=float, default=10.0, help="seconds PostgreSQL stays stopped")
    parser.add_argument("--after", type=float, default=8.0, help="seconds of typing after it is back")
    parser.add_argument("--limit", type=int, default=150, help="the whole run stops after this many seconds")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare is not None:
        prepare(args.prepare)
        return

    def out_of_time(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"the run took more than {args.limit} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(args.limit)
    cluster = pgcluster.start(durable=True)
    print(f"PostgreSQL cluster started in {time.monotonic() - START:.1f} s", flush=True)
    server = None
    try:
        with tempfile.TemporaryDirectory(prefix="w4r-dbrestart-") as tmp:
            url = cluster.url("classroom_test")
            env = autosave.bench_env(Path(tmp))
            env.update(DATABASE_URL=url, CLASSROOM_DATABASE_RETRY_AFTER=str(RETRY_AFTER))
            made = subprocess.run([sys.executable, __file__, "--prepare", str(args.students)],
                                  cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=120)
            people = json.loads(made.stdout.strip().splitlines()[-1])
            print(f"migrated and prepared {len(people)} students with drafts in PostgreSQL ({cluster.folder}) "
                  f"at t={time.monotonic() - START:.1f} s", flush=True)
            port = autosave.free_port()
            log = Path(tmp) / "gunicorn.log"
            server = start_gunicorn(env, port, args.workers, log)
            deadline = time.monotonic() + args.limit - (time.monotonic() - START) - 15
            began = time.monotonic()
            figures, fault = asyncio.run(drive(port, people, cluster, args, deadline))
            ran = time.monotonic() - began
            autosave.stop_server(server)
            server = None
            gunicorn_log = log.read_text()
            found, last = stored(url, figures)
    finally:
        signal.alarm(0)
        if server is not None:
            autosave.stop_server(server)
        cluster.stop()

    times = recovery(figures, fault)
    other_5xx = sum(n for status, n in figures.statuses.items() if status >= 500 and status != 503)
    tracebacks = gunicorn_log.count("Traceback")
    assert fault.down_at is not None and fault.up_at is not None
    print(f"{len(people)} students, {args.workers} gunicorn sync workers, {ran:.1f} s of saving; PostgreSQL stopped "
          f"after {args.warmup:.0f} s, accepting connections again {fault.up_at - fault.down_at:.1f} s later; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; whole run {time.monotonic() - START:.0f} s")
    print(f"answers: {dict(sorted(figures.statuses.items()))}, no answer {figures.no_answer}, "
          f"timeouts {figures.timeouts}, conflicts {figures.conflicts}")
    print(f"acknowledged {len(figures.acknowledged)} saves ({figures.acknowledged_by_409} learnt from a 409 carrying "
          f"the student's own text), stored {found}; letters holding their last acknowledged text "
          f"{last} of {len(figures.last_text)}; students with unsaved text at the end {figures.unsaved_at_end}")
    ordered = sorted(figures.latencies) or [0.0]
    print(f"acknowledged saves: p50 {ordered[len(ordered) // 2] * 1000:.0f} ms, p99 {autosave.p99(ordered):.0f} ms; "
          f"tracebacks in the gunicorn log {tracebacks}")
    print(f"fault seen by /healthz after {times['detected_s']} s; /healthz 503 for {times['healthz_503_for_s']} s; "
          f"back: /healthz {times['healthz_back_s']} s, a save {times['save_back_s']} s after PostgreSQL was up")
    print(json.dumps({
        "acknowledged": len(figures.acknowledged), "stored": found,
        "errors_5xx_other_than_503": other_5xx, "recovered_s": times["recovered_s"],
        "answers_503": figures.statuses.get(503, 0), "no_answer": figures.no_answer + figures.timeouts,
        "last_text_stored": last, "students": len(people), "unsaved_at_end": figures.unsaved_at_end,
        "tracebacks": tracebacks,
    }))


if __name__ == "__main__":
    main()
