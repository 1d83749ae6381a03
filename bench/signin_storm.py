"""A class signs in at 9:00: 30 students of one class press "Sign in" at the same moment.

    .venv/bin/python bench/signin_storm.py [--students 30] [--workers 4] [--no-old]

In one run, in a fresh SQLite database (``flask db upgrade`` in a temporary folder):

1. a class of 30 students is made with the production Argon2id cost (nothing lowered), and,
   unless ``--no-old``, a second class whose passwords were hashed with the cost used before
   issue 15 (m=64 MiB, t=3), for comparison;
2. the app runs under gunicorn as README's production command does (sync workers, ``--workers 4``
   by default) on 127.0.0.1 and a free port;
3. each student opens the sign-in page on their own connection (cookies, CSRF token), then all
   30 send their username and password at once; a sign-in counts when it answers 302 to a page
   other than the sign-in page and the next page greets the student by name;
4. the gunicorn master and its workers' resident memory is sampled every 10 ms during the storm
   (``/proc``); the peak of their sum is reported;
5. baseline: 30 connections at once GET ``bench/baseline.py``'s "ok" with the same gunicorn setup,
   to show what the server and the machine take without any app work.

The last line is one JSON object:
{"students", "signed_in", "p95_ms", "max_ms", "peak_rss_mb", "baseline_p95_ms", "server_cpu_s",
 "old_server_cpu_s", "old_p95_ms", "old_peak_rss_mb", "argon2", "workers", "load_average"}.
The server's CPU seconds for the storm (gunicorn's processes, from /proc) do not grow with the
machine's other load: spread over the cores, they say when the last student would be in on an
idle machine.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import autosave
from autosave import CSRF_INPUT, Connection, free_port, stop_server

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OLD_COST = {"CLASSROOM_PASSWORD_HASH_TIME_COST": "3", "CLASSROOM_PASSWORD_HASH_MEMORY_KB": "65536"}


def start_server(app_path: str, env: dict[str, str], port: int, *_: object) -> subprocess.Popen:
    """gunicorn as in README's production command (sync workers), ready to answer.

    Like autosave.start_server, but waits up to five minutes: on a machine shared with other
    work, importing the app in four workers can take longer than a minute.
    """
    command = [str(BIN / "gunicorn"), "--workers", str(autosave.WORKERS), "--bind", f"127.0.0.1:{port}",
               "--log-level", "warning", "--pythonpath", str(ROOT / "bench"), "--backlog", "1024",
               "--timeout", "120", app_path]
    return autosave.started(subprocess.Popen(command, cwd=ROOT, env=env), port, app_path, seconds=300,
                            probe_timeout=5, pause=0.5)


def prepare(students: int, label: str) -> None:
    """(Child process.) A class of ``students`` at the configured hashing cost; prints their sign-ins as JSON."""
    sys.path.insert(0, str(ROOT))
    from classroom import create_app
    from classroom.auth import services as accounts
    from classroom.classes import services as classes
    from classroom.extensions import db

    app = create_app()
    with app.app_context():
        school = accounts.create_school(f"Storm School {label}", "1 Bench Road\nBenchtown", "United Kingdom")
        teacher = accounts.create_teacher("Bench Teacher", f"storm-{label}@example.org", "bench-password-123", school)
        classroom = classes.create_class(teacher, f"3C {label}", "elementary", "2026–27", "first")
        cards = classes.add_students(classroom, [(f"Child{n}", label.capitalize(), f"{label}{n}", "", False)
                                                 for n in range(students)])
        db.session.commit()
        argon2 = f"m={app.config['PASSWORD_HASH_MEMORY_KB']} KiB, t={app.config['PASSWORD_HASH_TIME_COST']}, p=1"
    print(json.dumps({"argon2": argon2, "people": [{"login": c.username, "password": c.password} for c in cards]}))


class MemoryWatch(threading.Thread):
    """Samples the summed resident memory of a process and its descendants until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.running = pid, 0, True

    @staticmethod
    def _tree(pid: int) -> list[int]:
        pids, todo = [], [pid]
        while todo:
            current = todo.pop()
            pids.append(current)
            try:
                for task in os.listdir(f"/proc/{current}/task"):
                    children = Path(f"/proc/{current}/task/{task}/children").read_text().split()
                    todo += [int(child) for child in children]
            except OSError:
                continue
        return pids

    @staticmethod
    def _rss_kb(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the process tree has used so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self._tree(self.pid):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except (OSError, IndexError, ValueError):
                continue
        return total / ticks

    def run(self) -> None:
        while self.running:
            self.peak_kb = max(self.peak_kb, sum(self._rss_kb(pid) for pid in self._tree(self.pid)))
            time.sleep(0.01)


async def storm(port: int, people: list[dict[str, str]], watch: MemoryWatch) -> tuple[list[float], int, dict[str, int], float]:
    """Everyone opens the sign-in page, then all sign in at once: (latencies, signed in, problems)."""
    conns, tokens = [], []
    for _person in people:  # opening the page is not the moment being measured
        conn = Connection(port)
        status, page = await conn.request("GET", "/auth/signin")
        token = CSRF_INPUT.search(page)
        assert status == 200 and token, f"sign-in page: {status}"
        conns.append(conn)
        tokens.append(token.group(1).decode())
    problems: dict[str, int] = {}
    start = asyncio.Event()

    async def one(conn: Connection, token: str, person: dict[str, str]) -> tuple[float, bool]:
        form = urlencode({"login": person["login"], "password": person["password"], "csrf_token": token}).encode()
        await start.wait()
        began = time.perf_counter()
        status, _ = await conn.request("POST", "/auth/signin", form,
                                       {"Content-Type": "application/x-www-form-urlencoded"})
        took = time.perf_counter() - began
        if status != 302:
            problems[f"HTTP {status}"] = problems.get(f"HTTP {status}", 0) + 1
            return took, False
        status, page = await conn.request("GET", "/")
        ok = status == 200 and b"Hello, Child" in page
        if not ok:
            problems["not greeted"] = problems.get("not greeted", 0) + 1
        return took, ok

    tasks = [asyncio.create_task(one(c, t, p)) for c, t, p in zip(conns, tokens, people)]
    await asyncio.sleep(0.05)
    cpu_before = watch.cpu_seconds()
    start.set()
    results = await asyncio.gather(*tasks)
    cpu = watch.cpu_seconds() - cpu_before
    for conn in conns:
        conn.close()
    return [took for took, _ in results], sum(ok for _, ok in results), problems, cpu


async def baseline(port: int, count: int) -> list[float]:
    """``count`` connections GET the trivial view at once."""
    conns = [Connection(port) for _ in range(count)]

    async def one(conn: Connection) -> float:
        began = time.perf_counter()
        status, _ = await conn.request("GET", "/")
        assert status == 200
        return time.perf_counter() - began

    latencies = await asyncio.gather(*(one(conn) for conn in conns))
    for conn in conns:
        conn.close()
    return list(latencies)


def p95(latencies: list[float]) -> float:
    """The 95th percentile in milliseconds (nearest rank)."""
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, max(0, -(-len(ordered) * 95 // 100) - 1))] * 1000 if ordered else 0.0


def run_storm(env: dict[str, str], people: list[dict[str, str]]) -> tuple[list[float], int, dict[str, int], float, float]:
    """Start the app, let the class sign in at once, stop it: (latencies, signed in, problems, peak MB, CPU s)."""
    port = free_port()
    server = start_server("wsgi:app", env, port, "sync", 1)
    watch = MemoryWatch(server.pid)
    try:
        watch.start()
        latencies, signed_in, problems, cpu = asyncio.run(storm(port, people, watch))
    finally:
        watch.running = False
        watch.join()
        stop_server(server)
    return latencies, signed_in, problems, watch.peak_kb / 1024, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (README's production command: 4)")
    parser.add_argument("--no-old", action="store_true", help="skip the class hashed at the pre-issue-15 cost")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.students, args.prepare)
        return
    autosave.WORKERS = args.workers
    with tempfile.TemporaryDirectory(prefix="w4r-storm-") as tmp:
        env = dict(os.environ, SECRET_KEY="bench-secret-key", DATABASE_URL=f"sqlite:///{Path(tmp) / 'bench.db'}",
                   PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(ROOT))
        for name in (*OLD_COST, "FLASK_DEBUG"):
            env.pop(name, None)  # the production cost, whatever the shell says
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       capture_output=True)

        def made(label: str, environment: dict[str, str]) -> dict[str, object]:
            out = subprocess.run([sys.executable, __file__, "--prepare", label, "--students", str(args.students)],
                                 cwd=ROOT, env=environment, check=True, stdout=subprocess.PIPE, text=True)
            return json.loads(out.stdout.strip().splitlines()[-1])

        new = made("now", env)
        old_env = {**env, **OLD_COST}
        old = None if args.no_old else made("before", old_env)

        base_port = free_port()
        server = start_server("baseline:app", env, base_port, "sync", 1)
        try:
            base = asyncio.run(baseline(base_port, args.students))
        finally:
            stop_server(server)
        latencies, signed_in, problems, peak, cpu = run_storm(env, new["people"])  # type: ignore[arg-type]
        if old is not None:
            old_latencies, old_in, old_problems, old_peak, old_cpu = run_storm(old_env, old["people"])  # type: ignore[arg-type]

    load = os.getloadavg()[0]
    print(f"{args.workers} gunicorn sync workers, {os.cpu_count()} CPUs, load average {load:.1f}")
    print(f"baseline: {args.students} GETs of 'ok' at once: p95 {p95(base):.0f} ms")
    print(f"Argon2id {new['argon2']}: {signed_in}/{args.students} signed in, p95 {p95(latencies):.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms, peak memory {peak:.0f} MB, server CPU {cpu:.2f} s, problems {problems}")
    if old is not None:
        print(f"before (Argon2id {old['argon2']}): {old_in}/{args.students} signed in, p95 {p95(old_latencies):.0f} ms, "
              f"max {max(old_latencies) * 1000:.0f} ms, peak memory {old_peak:.0f} MB, server CPU {old_cpu:.2f} s, "
              f"problems {old_problems}")
    # The whole storm's server CPU spread over the cores is how long the last student waits on an idle machine.
    print(f"on {os.cpu_count()} idle cores the last sign-in would answer after about {cpu / (os.cpu_count() or 1):.2f} s")
    print(json.dumps({
        "students": args.students, "signed_in": signed_in, "p95_ms": round(p95(latencies), 1),
        "max_ms": round(max(latencies) * 1000, 1), "peak_rss_mb": round(peak, 1),
        "baseline_p95_ms": round(p95(base), 1), "server_cpu_s": round(cpu, 2),
        "old_server_cpu_s": round(old_cpu, 2) if old is not None else None,
        "old_p95_ms": round(p95(old_latencies), 1) if old is not None else None,
        "old_peak_rss_mb": round(old_peak, 1) if old is not None else None,
        "argon2": new["argon2"], "workers": args.workers, "load_average": round(load, 1),
    }))


if __name__ == "__main__":
    main()
