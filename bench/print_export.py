"""Benchmark: printing 1,000 approved letters.

Builds a school in a temporary SQLite database (made with ``flask db upgrade``) with six
cases whose officials read English, Spanish, Russian, Arabic, Chinese and French, and
1,000 letters (appeals and solidarity cards) written, submitted and approved through the
app's own services; approving renders each letter into the PDF cache. Then it measures:

* ``approve_render_ms_median``: one teacher approval, which renders and caches the PDF;
* ``export_s``: ``exports.export_pdf`` of all 1,000 letters from the cache (median of 3);
* ``single_document_s``: the plain approach, letters as the pages of one HTML document (the
  same templates and stylesheets) written by WeasyPrint once: by default the first 100
  letters (``single_document_letters``; it takes about 20 minutes for all 1,000, see
  ``--single-document-letters``), with ``speedup`` comparing it to exporting as many;
* ``floor_s``: the export's floor, the same 1,000 cached PDFs, already in memory, joined
  by pikepdf in the same run; the export is judged as a ratio to it (goal: ``export_s`` at
  most 2 × ``floor_s``), not by an absolute time that moves with the machine's load;
* ``export_mb``: the size of the 1,000-letter mixed-language export;
* ``cjk_letter_kb``: the size of one cached one-page Chinese letter;
* ``peak_rss_mb``: the peak resident memory of a fresh process that loads the letters
  and runs the export (see docs/benchmarks.md for why a subprocess).

Run: ``.venv/bin/python bench/print_export.py`` (about five minutes on two quiet cores). The
last line of output is one JSON object.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLASSES = 5
STUDENTS_PER_CLASS = 20
LETTERS_PER_STUDENT = 10
LETTERS = CLASSES * STUDENTS_PER_CLASS * LETTERS_PER_STUDENT  # 1,000

SETTINGS = {
    "CLASSROOM_PASSWORD_HASH_TIME_COST": "1",
    "CLASSROOM_PASSWORD_HASH_MEMORY_KB": "1024",
    "SECRET_KEY": "benchmark-only-secret",
}


def official(name: str, title: str, salutation: str, address: list[str], language: str) -> dict[str, Any]:
    """A target in the case format."""
    return {"name": name, "title": title, "salutation": salutation, "address": address, "email": None,
            "language": language, "verify": True}


EMBASSY = official("Ambassador", "Embassy in the United Kingdom", "Dear Ambassador,",
                   ["Embassy", "10 Kensington Road", "London W8 4PT", "United Kingdom"], "en")
# (language, country, first official, a body the students write in that language)
CASES = [
    ("en", "Examplestan", official("Minister of the Interior", "Ministry of the Interior", "Dear Minister,",
                                   ["1 Government Street", "Capital City", "Examplestan"], "en"),
     ("I am a student and I read about {person} in class. I am worried that {person} is in prison only for "
      "writing about a protest.\n\nPlease release {person} immediately and unconditionally, and let "
      "{person} see a lawyer and family. Thank you for reading my letter.")),
    ("es", "Perú", official("Fiscal General de la Nación", "Fiscalía General", "Estimado Fiscal General:",
                            ["Avenida Abancay 491", "Lima 15001", "Perú"], "es"),
     ("Soy estudiante y en clase aprendí sobre {person}. Me preocupa mucho su seguridad.\n\n"
      "Le pido que proteja a {person} y a su familia y que investigue las amenazas de forma rápida e "
      "independiente. Gracias por leer mi carta.")),
    ("ru", "Россия", official("Генеральный прокурор", "Генеральная прокуратура", "Уважаемый Генеральный прокурор!",
                              ["ул. Большая Дмитровка, 15а", "Москва, 125993", "Россия"], "ru"),
     ("Я ученик, и на уроке я узнал о {person}. Меня беспокоит, что {person} находится под стражей.\n\n"
      "Прошу вас немедленно освободить {person} и обеспечить доступ к адвокату. Спасибо, что прочитали "
      "моё письмо.")),
    ("ar", "مصر", official("وزير الداخلية", "وزارة الداخلية", "معالي الوزير،",
                           ["شارع الحكومة 1", "القاهرة", "مصر"], "ar"),
     ("أنا طالب وقد تعلمت في الصف عن {person}. أنا قلق جدًا بشأن سلامته.\n\n"
      "أطلب منكم الإفراج عن {person} فورًا ودون قيد أو شرط. شكرًا لقراءة رسالتي.")),
    ("zh", "中国", official("公安部部长", "中华人民共和国公安部", "尊敬的部长：",
                          ["北京市东城区东长安街14号", "100741", "中华人民共和国"], "zh"),
     ("我是一名学生，在课堂上了解到{person}的情况。我非常担心他的安全。\n\n"
      "我恳请您立即无条件释放{person}，并允许他会见律师和家人。谢谢您阅读我的信。")),
    ("fr", "Cameroun", official("Ministre de la Justice", "Ministère de la Justice", "Monsieur le Ministre,",
                                ["Quartier administratif", "Yaoundé", "Cameroun"], "fr"),
     ("Je suis élève et j'ai découvert en classe la situation de {person}. Je suis très inquiet pour sa "
      "sécurité.\n\nJe vous demande de libérer {person} immédiatement et sans condition. Merci d'avoir lu "
      "ma lettre.")),
]
PEOPLE = ["Ana Example", "Kelly Ruiz", "Ilya Petrov", "Omar Saleh", "Li Wei", "Paul Ndi"]
FIRST = ["Maya", "Omar", "Lena", "Jonas", "Aisha", "Tom", "Sofia", "Ravi", "Chloe", "Yusuf",
         "Emma", "Noah", "Zara", "Leo", "Ines", "Kofi", "Mila", "Arjun", "Nora", "Sami"]
LAST = ["Kowalski", "Haddad", "Fischer", "Weber", "Khan", "Brown", "Rossi", "Patel", "Martin", "Demir"]


def env_for(database_url: str) -> dict[str, str]:
    """The environment of every process of the run: the temporary database, cheap Argon2."""
    return {**os.environ, **SETTINGS, "DATABASE_URL": database_url, "FLASK_APP": "wsgi"}


def make_app(database_url: str):
    """The app on the benchmark database (settings from the environment, as in production)."""
    os.environ.update(env_for(database_url))
    sys.path.insert(0, str(ROOT))
    from classroom import create_app

    return create_app()


def build(app) -> list[float]:
    """School, classes, cases and 1,000 approved letters; returns each approval's seconds."""
    from classroom.assignments.models import Assignment
    from classroom.auth import services as accounts
    from classroom.cases import services as cases
    from classroom.classes import services as classes
    from classroom.extensions import db
    from classroom.letters import services as letters
    from classroom.review import services as review

    school = accounts.create_school("Riverside Community School", "14 Alder Lane\nRiverside RV4 7QP\nUnited Kingdom",
                                    "United Kingdom", page_size="A4", locale="en-GB")
    teacher = accounts.create_teacher("Ms Rivera", "rivera@example.org", "lantern-harbor-9", school)
    made_cases = []
    for n, (language, country, target, _) in enumerate(CASES):
        data = {"ua_number": f"UA {n + 1}.26", "follows_up": None, "country": country,
                "region": "Europe and Central Asia", "title": f"Case {n + 1} ({language})",
                "issue_date": date(2026, 10, 1), "deadline": None, "status": "action",
                "people": [{"name": PEOPLE[n], "pronouns": "he/him"}], "summary": f"{PEOPLE[n]} is at risk.",
                "background": "", "asks": [f"Release {PEOPLE[n]}"], "model_letter": "",
                "targets": [target, EMBASSY], "copies_to": [], "themes": ["detention"],
                "student_summaries": {}, "timeline": [], "thanks": []}
        made_cases.append(cases.create_case(data, created_by=None))
    db.session.commit()

    # Every class has every case; each student writes ten letters, rotating through the
    # (case, official or card) slots so that languages, officials and kinds all mix.
    slots = [(c, kind, t) for c in range(len(CASES)) for kind, t in (("appeal", 0), ("appeal", 1), ("solidarity", 0))]
    timings: list[float] = []
    written = 0
    for k in range(CLASSES):
        classroom = classes.create_class(teacher, f"Class {k + 7}", "high", "2026–27",
                                         ("first_last_initial", "first", "full", "initials", "first_last_initial")[k])
        assignments = []
        for case in made_cases:
            assignment = Assignment(class_id=classroom.id, case_id=case.id, letter_kinds=["appeal", "solidarity"],
                                    target_ids=[t.id for t in case.letter_targets], lesson_slugs=[])
            db.session.add(assignment)
            assignments.append(assignment)
        db.session.flush()
        for s in range(STUDENTS_PER_CLASS):
            name = f"{FIRST[s]} {LAST[(s + k) % len(LAST)]}"
            card = classes.add_student(classroom, name, f"s{k}-{s}")
            student = accounts.find_account(card.username)
            for j in range(LETTERS_PER_STUDENT):
                case_no, kind, target_no = slots[(s * 7 + k * 3 + j) % len(slots)]
                assignment = assignments[case_no]
                target_id = assignment.allowed_targets[target_no].id if kind == "appeal" else None
                letter = letters.start(assignment, student, kind, target_id, use_scaffold=False)
                letters.set_language(letter, CASES[case_no][0])  # written in the case's language
                body = CASES[case_no][3].format(person=PEOPLE[case_no])
                if kind == "solidarity":
                    body = f"Dear {PEOPLE[case_no]},\n\nYou are not alone. Our class is thinking of you."
                letters.save(letter, body + f"\n\n{name.split()[0]} ({written + 1})", letter.version)
                letters.submit(letter, student)
                db.session.commit()
                started = time.perf_counter()
                review.decide(letter, teacher, "approve", {})
                db.session.commit()
                timings.append(time.perf_counter() - started)
                written += 1
        db.session.commit()
    assert written == LETTERS, written
    return timings


def page_count(pdf: bytes) -> int:
    """Pages of a PDF (checked with pikepdf, outside any timing)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def load_letters():
    """Every letter of the school, loaded as an export loads them."""
    from classroom.extensions import db
    from classroom.letters.models import Letter
    from classroom.printing import exports

    return list(db.session.scalars(db.select(Letter).options(*exports.LOAD).order_by(Letter.id)))


def export_once() -> tuple[float, float, bytes]:
    """(seconds to load the letters, seconds for export_pdf, the PDF) in a fresh session."""
    from classroom.dates import Local
    from classroom.extensions import db
    from classroom.printing import exports

    db.session.remove()
    started = time.perf_counter()
    letters = load_letters()
    loaded = time.perf_counter()
    pdf = exports.export_pdf(letters, "Riverside Community School", "All classes", Local(locale="en-GB"), "A4", duplex=False)
    return loaded - started, time.perf_counter() - loaded, pdf


def export_first(count: int) -> float:
    """Seconds for export_pdf of the first ``count`` letters (loaded beforehand)."""
    from classroom.dates import Local
    from classroom.extensions import db
    from classroom.printing import exports

    db.session.remove()
    letters = load_letters()[:count]
    started = time.perf_counter()
    exports.export_pdf(letters, "Riverside Community School", "All classes", Local(locale="en-GB"), "A4", duplex=False)
    return time.perf_counter() - started


def floor_and_cjk() -> tuple[float, float]:
    """(seconds for pikepdf to join the export's cached PDFs held in memory, KB of a Chinese letter)."""
    from classroom.printing import exports, join, services

    letters = exports.sort_for_print(exports.approved_only(load_letters()))
    keys = exports.keys_for(letters)
    found = exports.pdfs_by_key(list(keys.values()))
    parts = [found[keys[letter.id]] for letter in letters]
    chinese = next(found[keys[letter.id]] for letter in letters
                   if letter.kind == "appeal" and services.letter_language(letter) == "zh")
    started = time.perf_counter()
    join._pikepdf_join(parts, False)
    return time.perf_counter() - started, len(chinese) / 1024


def single_document(count: int) -> tuple[float, int]:
    """The first ``count`` letters as the pages of one HTML document, written by WeasyPrint once."""
    from weasyprint import HTML

    from classroom.printing import render, services

    letters = load_letters()[:count]
    started = time.perf_counter()
    pages = []
    for letter in letters:
        doc = services.document(letter, draft=False)
        template = "printing/solidarity.html" if doc.kind == "solidarity" else "printing/letter.html"
        page = render.render_template_html(template, render.letter_context(doc), doc.page_size, doc.language)
        body = re.search(r"<body([^>]*)>(.*)</body>", page, re.DOTALL)
        assert body is not None
        # Each letter keeps its own language and direction; a page break before each one.
        pages.append(f'<div lang="{doc.language}" dir="{doc.direction}"{body.group(1)} '
                     f'style="break-before: page">{body.group(2)}</div>')
    html = f'<!doctype html><html lang="en" class="page-a4"><head><meta charset="utf-8"></head><body>{"".join(pages)}</body></html>'
    sheets = [render._page_css("A4"), render.stylesheet("print/base.css"), render.stylesheet("print/letter.css"),
              render.stylesheet("print/card.css")]
    pdf = HTML(string=html, base_url=render.BASE_URL, url_fetcher=render.FETCHER).write_pdf(
        stylesheets=sheets, font_config=render._font_config())
    seconds = time.perf_counter() - started
    return seconds, page_count(pdf)


# Runs the export child and reports the child's peak RSS. The launcher is a small, fresh
# process: Linux carries a process's ru_maxrss across fork and exec, so a child started
# straight from this (by then large) benchmark process would report this process's size.
LAUNCHER = """
import json, resource, subprocess, sys
out = subprocess.run(sys.argv[1:], check=True, capture_output=True, text=True).stdout
report = json.loads(out.strip().splitlines()[-1])
report["children_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps(report))
"""


def high_water_mb() -> float | None:
    """This process's own peak RSS from /proc (Linux), a cross-check of the rusage figure."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def child_export(database_url: str) -> None:
    """Run in a fresh process: load the letters and export them; report time and peak memory."""
    app = make_app(database_url)
    with app.app_context():
        load_s, export_s, pdf = export_once()
    print(json.dumps({"load_s": load_s, "export_s": export_s, "bytes": len(pdf), "vm_hwm_mb": high_water_mb()}))


def main() -> None:
    """Build, measure, print the figures; the last line is the JSON summary."""
    global STUDENTS_PER_CLASS, LETTERS  # noqa: PLW0603  (the command line sets the sizes the script uses)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child-export", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--students", type=int, default=STUDENTS_PER_CLASS,
                        help="students per class (a trial run with fewer letters; the figures are for 20)")
    parser.add_argument("--single-document-letters", type=int, default=100, metavar="N",
                        help="letters in the single-document baseline (default 100; 1000 takes about 20 minutes)")
    args = parser.parse_args()
    if args.child_export:
        child_export(args.child_export)
        return
    STUDENTS_PER_CLASS = args.students
    LETTERS = CLASSES * STUDENTS_PER_CLASS * LETTERS_PER_STUDENT

    with tempfile.TemporaryDirectory(prefix="print-bench-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'bench.db'}"
        subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env_for(database_url),
                       check=True, capture_output=True)
        app = make_app(database_url)
        with app.app_context():
            started = time.perf_counter()
            timings = build(app)
            print(f"built {LETTERS} approved letters in {time.perf_counter() - started:.0f} s; approve-and-render "
                  f"median {statistics.median(timings) * 1000:.0f} ms, p90 "
                  f"{statistics.quantiles(timings, n=10)[-1] * 1000:.0f} ms, first {timings[0] * 1000:.0f} ms",
                  flush=True)
            runs = [export_once() for _ in range(3)]
            export_s = statistics.median(run[1] for run in runs)
            pdf = runs[-1][2]
            pages = page_count(pdf)
            print(f"export: {pages} pages, {len(pdf) / 1e6:.1f} MB; export_pdf runs "
                  f"{', '.join(f'{run[1]:.3f}' for run in runs)} s (loading the letters: {runs[-1][0]:.3f} s)",
                  flush=True)
            floor_s, cjk_kb = floor_and_cjk()
            print(f"floor (pikepdf joins the same cached PDFs from memory): {floor_s:.3f} s; export is "
                  f"{export_s / floor_s:.2f} x the floor; one-page Chinese letter {cjk_kb:.1f} KB", flush=True)
            single_letters = min(args.single_document_letters, LETTERS)
            single_s, single_pages = single_document(single_letters)
            # The export of as many letters, for the comparison (same warm process, cache as above).
            sample_export_s = statistics.median(export_first(single_letters) for _ in range(3))
            print(f"single WeasyPrint document: {single_letters} letters, {single_pages} pages in {single_s:.1f} s; "
                  f"the export of the same letters {sample_export_s:.3f} s", flush=True)

        child = subprocess.run([sys.executable, "-c", LAUNCHER, sys.executable, str(Path(__file__).resolve()),
                                "--child-export", database_url],
                               cwd=ROOT, env=env_for(database_url), check=True, capture_output=True, text=True)
        report = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"fresh process: load {report['load_s']:.3f} s, export (cold: fonts load) {report['export_s']:.3f} s, "
              f"peak RSS {report['children_peak_rss_mb']:.1f} MB (VmHWM {report['vm_hwm_mb']} MB)", flush=True)

    summary = {
        "letters": LETTERS,
        "export_s": round(export_s, 3),
        "floor_s": round(floor_s, 3),
        "export_to_floor": round(export_s / floor_s, 2),
        "export_mb": round(len(pdf) / 1e6, 1),
        "cjk_letter_kb": round(cjk_kb, 1),
        "single_document_letters": single_letters,
        "single_document_s": round(single_s, 2),
        "speedup": round(single_s / sample_export_s, 1),
        "approve_render_ms_median": round(statistics.median(timings) * 1000, 1),
        "peak_rss_mb": round(report["children_peak_rss_mb"], 1),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
