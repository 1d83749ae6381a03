"""What ``pool_pre_ping`` costs an autosave on PostgreSQL.

    .venv/bin/python bench/pre_ping.py [--saves 2000] [--rounds 6]

Starts a throwaway PostgreSQL cluster (tests/pgcluster.py), migrates it, prepares one student
with a letter, and sends autosaves through the app in this process (Flask's test client: no
HTTP server, so the database round trips are a larger share than under gunicorn) with the
ping on and off, alternating in rounds so both see the same background load. Prints the mean
time per autosave each way and the difference; the last line is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import autosave  # noqa: E402  (bench/autosave.py: data set-up)

from tests import pgcluster  # noqa: E402

BIN = Path(sys.executable).parent


def per_save_ms(app, person: dict[str, object], saves: int) -> float:
    """Mean milliseconds per acknowledged autosave, each on the version the last one gave."""
    client = app.test_client()
    answer = client.post("/auth/signin", data={"login": person["login"], "password": person["password"]})
    assert answer.status_code == 302
    letter = person["letter_id"]
    version = client.put(f"/letters/{letter}/draft", json={"body": "warm-up", "base_version": 1}).get_json()
    version = version.get("version") or version["server_version"]
    started = time.perf_counter()
    for n in range(saves):
        answer = client.put(f"/letters/{letter}/draft", json={"body": f"{autosave.TEXT} {n} {time.time()}",
                                                               "base_version": version})
        assert answer.status_code == 200, answer.status_code
        version = answer.get_json()["version"]
    return (time.perf_counter() - started) / saves * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    cluster = pgcluster.start()
    try:
        with tempfile.TemporaryDirectory(prefix="w4r-preping-") as tmp:
            env = autosave.bench_env(Path(tmp))
            env["DATABASE_URL"] = cluster.url("classroom_test")
            subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                           capture_output=True, timeout=120)
            made = subprocess.run([sys.executable, str(ROOT / "bench" / "autosave.py"), "--prepare", "2"], cwd=ROOT,
                                  env=env, check=True, capture_output=True, text=True, timeout=120)
            people = json.loads(made.stdout.strip().splitlines()[-1])
            os.environ.update(env)
            from classroom import create_app
            from classroom.extensions import db

            apps = {ping: create_app({"WTF_CSRF_ENABLED": False, "DATABASE_PRE_PING": ping}) for ping in (True, False)}
            times: dict[bool, list[float]] = {True: [], False: []}
            for _ in range(args.rounds):
                for ping, person in ((True, people[0]), (False, people[1])):
                    times[ping].append(per_save_ms(apps[ping], person, args.saves // args.rounds))
            for app in apps.values():
                with app.app_context():
                    db.engine.dispose()
    finally:
        cluster.stop()
    on, off = statistics.median(times[True]), statistics.median(times[False])
    print(f"autosave with pool_pre_ping: {on:.3f} ms, without: {off:.3f} ms (medians of {args.rounds} rounds of "
          f"{args.saves // args.rounds}); the ping costs {on - off:.3f} ms ({(on - off) / off * 100:.1f} %); "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(json.dumps({"with_ping_ms": round(on, 3), "without_ping_ms": round(off, 3),
                      "ping_ms": round(on - off, 3), "ping_share": round((on - off) / off, 3)}))


if __name__ == "__main__":
    main()
