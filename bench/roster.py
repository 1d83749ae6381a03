"""Class lists at production password cost: 30 accounts from a file, and new cards for 30.

    .venv/bin/python bench/roster.py [--students 30] [--rounds 3]

In a fresh SQLite database (``flask db upgrade`` in a temporary folder), with the production
Argon2id cost (nothing lowered), a teacher signed in through the app:

1. **create**: uploads a CSV of 30 students (given name, family name), and accepts the preview;
   end to end = both requests through the Flask app (reading, checking, usernames, hashing,
   saving, the cards page);
2. **new cards**: "New passwords and login cards for everyone" for those 30;
3. **baseline**, in the same run and between the phases so that both see the same load:
   30 passwords hashed one after another at the same cost, which is what the hashing alone
   cost before a class's passwords were hashed side by side (auth.passwords.hash_passwords).

Each phase runs ``--rounds`` times (a new class each round); the medians are reported.
The last line is one JSON object:
{"accounts", "create_s", "new_cards_s", "baseline_serial_hash_s", "create_ratio", "new_cards_ratio",
 "create_cpu_s", "new_cards_cpu_s", "baseline_cpu_s", "argon2", "load_average"}.
Wall times on a machine shared with other work grow with its load; CPU seconds do not.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GIVEN = ["Maya", "Leo", "Sam", "Zoë", "Łukasz", "María", "Siobhán", "Omar", "Ana", "Jonas", "Mia", "Noah",
         "Ada", "Ben", "Cy", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jade", "Kai", "Lena", "Milo",
         "Nia", "Otto", "Pia", "Quinn", "Rosa"]
FAMILY = ["Kaur", "Park", "Lee", "Müller", "Nowak", "García López", "O'Connor", "Haddad", "Silva", "Weber"]


def class_list(students: int) -> bytes:
    """A school-system style CSV with a byte-order mark, in made-up names."""
    rows = ["First name;Last name;Year"]
    rows += [f"{GIVEN[n % len(GIVEN)]};{FAMILY[n % len(FAMILY)]};7" for n in range(students)]
    return ("\ufeff" + "\n".join(rows) + "\n").encode("utf-8")


def measure(students: int, rounds: int) -> dict[str, object]:
    """(Run with the bench environment.) The three phases, ``rounds`` times each."""
    sys.path.insert(0, str(ROOT))  # this checkout's app, not another one installed in the venv
    from classroom import create_app
    from classroom.auth import services as accounts
    from classroom.auth.passwords import generate_password, hash_password
    from classroom.classes import services as classes
    from classroom.extensions import db

    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False  # the client is this script; CSRF costs nothing measurable
    with app.app_context():
        school = accounts.create_school("Bench School", "1 Bench Road\nBenchtown", "United Kingdom")
        accounts.create_teacher("Bench Teacher", "bench@example.org", "bench-password-123", school)
        teacher = accounts.find_account("bench@example.org")
        class_ids = [classes.create_class(teacher, f"7B round {n}", "middle", "2026–27", "first_last_initial").id
                     for n in range(rounds)]
        db.session.commit()
        argon2 = f"m={app.config['PASSWORD_HASH_MEMORY_KB']} KiB, t={app.config['PASSWORD_HASH_TIME_COST']}, p=1"
    client = app.test_client()
    assert client.post("/auth/signin", data={"login": "bench@example.org",
                                             "password": "bench-password-123"}).status_code == 302
    raw = class_list(students)
    create, cards, baseline = [], [], []
    cpu: dict[str, list[float]] = {"create": [], "cards": [], "baseline": []}
    for class_id in class_ids:
        cpu_started = time.process_time()
        started = time.perf_counter()
        page = client.post(f"/classes/{class_id}/roster", data={"upload": (__import__("io").BytesIO(raw), "7b.csv")},
                           content_type="multipart/form-data").get_data(as_text=True)
        assert f"Create {students} student accounts" in page, "the preview did not accept the list"
        text = re.search(r'<input type="hidden" name="text" value="([^"]*)"', page, re.S)
        once = re.search(r'name="once" value="([^"]+)"', page)
        assert text and once
        import html
        form = {"text": html.unescape(text.group(1)), "header": "yes", "accept": "1", "once": once.group(1),
                "column": re.findall(r'<input type="hidden" name="column" value="([^"]+)"', page),
                "source": "UTF-8 text", "order": "given_first"}
        done = client.post(f"/classes/{class_id}/roster", data=form).get_data(as_text=True)
        create.append(time.perf_counter() - started)
        cpu["create"].append(time.process_time() - cpu_started)
        assert done.count('name="username"') == students, "not every account was made"

        with app.app_context():
            cpu_started = time.process_time()
            started = time.perf_counter()
            for _ in range(students):
                hash_password(generate_password())
            baseline.append(time.perf_counter() - started)
            cpu["baseline"].append(time.process_time() - cpu_started)

        cpu_started = time.process_time()
        started = time.perf_counter()
        page = client.get(f"/classes/{class_id}").get_data(as_text=True)
        once = re.search(r'name="once" value="([^"]+)"', page)
        assert once
        done = client.post(f"/classes/{class_id}/cards", data={"once": once.group(1)}).get_data(as_text=True)
        cards.append(time.perf_counter() - started)
        cpu["cards"].append(time.process_time() - cpu_started)
        assert done.count('name="username"') == students, "not every student got a card"
    return {"create": create, "cards": cards, "baseline": baseline, "argon2": argon2, "cpu": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.students, args.rounds)))
        return
    with tempfile.TemporaryDirectory(prefix="w4r-roster-") as tmp:
        env = dict(os.environ, SECRET_KEY="bench-secret-key", DATABASE_URL=f"sqlite:///{Path(tmp) / 'bench.db'}",
                   PYTHONDONTWRITEBYTECODE="1")
        for name in ("CLASSROOM_PASSWORD_HASH_TIME_COST", "CLASSROOM_PASSWORD_HASH_MEMORY_KB", "FLASK_DEBUG"):
            env.pop(name, None)  # the production cost, whatever the shell says
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        run = subprocess.run([sys.executable, __file__, "--measure", "--students", str(args.students),
                              "--rounds", str(args.rounds)], cwd=ROOT, env=env, check=True,
                             stdout=subprocess.PIPE, text=True)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    create, cards, baseline = (statistics.median(result[k]) for k in ("create", "cards", "baseline"))
    load = os.getloadavg()[0]
    print(f"Argon2id {result['argon2']}; {os.cpu_count()} CPUs, load average {load:.1f}; medians of {args.rounds} rounds")
    print(f"{args.students} accounts from a file, end to end: {create:.2f} s (rounds: "
          + ", ".join(f"{t:.2f}" for t in result["create"]) + ")")
    print(f"new passwords and cards for {args.students}: {cards:.2f} s (rounds: "
          + ", ".join(f"{t:.2f}" for t in result["cards"]) + ")")
    print(f"baseline, {args.students} hashes one after another: {baseline:.2f} s")
    # CPU seconds (all threads of the process) do not grow with the machine's other load: on two
    # idle cores the side-by-side hashing takes about half of them as wall time.
    cpu = {k: statistics.median(v) for k, v in result["cpu"].items()}
    print(f"CPU seconds: create {cpu['create']:.2f}, new cards {cpu['cards']:.2f}, baseline {cpu['baseline']:.2f}")
    print(json.dumps({"accounts": args.students, "create_s": round(create, 3), "new_cards_s": round(cards, 3),
                      "baseline_serial_hash_s": round(baseline, 3),
                      "create_ratio": round(create / baseline, 3), "new_cards_ratio": round(cards / baseline, 3),
                      "create_cpu_s": round(cpu["create"], 3), "new_cards_cpu_s": round(cpu["cards"], 3),
                      "baseline_cpu_s": round(cpu["baseline"], 3),
                      "argon2": result["argon2"], "load_average": round(load, 1)}))


if __name__ == "__main__":
    main()
