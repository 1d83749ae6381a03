"""`pip install .` gives an app that runs: the built wheel carries every template, static file,
data file, lesson plan and migration, and the app works from an installed copy alone (no checkout
on the path, started from an empty directory)."""
from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from classroom.config import PACKAGE_DIR
from classroom.lessons.library import default_library

ROOT = PACKAGE_DIR.parent
# What the app reads at run time besides its modules ([tool.setuptools.package-data]).
DATA_FOLDERS = ("templates", "static", "data", "lesson_plans", "migrations", "translations")
_NOT_SHIPPED = ("__pycache__",)


def _source_files() -> set[str]:
    """Every file under the data folders of the checkout, as wheel paths (classroom/...)."""
    found = set()
    for folder in DATA_FOLDERS:
        for path in (PACKAGE_DIR / folder).rglob("*"):
            if path.is_file() and not any(part in _NOT_SHIPPED for part in path.parts) and path.suffix != ".pyc":
                found.add(path.relative_to(ROOT).as_posix())
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the sources (a ``build/`` left in the checkout could smuggle in
    files that are gone), offline, with the setuptools the test environment installed."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(PACKAGE_DIR, source / "classroom", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "-q", "-w", str(work / "dist"), str(source)],
        capture_output=True, text=True, timeout=120,
    )
    assert built.returncode == 0, f"pip wheel failed (setuptools>=70.1 comes with the test extra):\n{built.stderr}"
    (path,) = (work / "dist").glob("write_for_rights_classroom-*.whl")
    return path


def test_the_wheel_carries_every_file_the_app_reads(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = _source_files()
    assert {"classroom/templates/base.html", "classroom/migrations/alembic.ini",
            "classroom/migrations/versions/0001_foundation.py"} <= expected  # the comparison sees the folders
    assert sorted(expected - names) == []
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


# Runs in the installed copy, from an empty directory: reports what a browser would get.
_VISIT = """
import json, sys
import classroom
from classroom import create_app
from classroom.cases.models import Case
from classroom.extensions import db

app = create_app({"WTF_CSRF_ENABLED": False})
client = app.test_client()
report = {"module": classroom.__file__}
report["signin"] = client.get("/auth/signin").status_code
report["stylesheet"] = client.get("/static/css/site.css").status_code
report["sign_in_post"] = client.post(
    "/auth/signin", data={"login": "teacher@demo.example", "password": "demo-teacher-2026"}).status_code
lessons = client.get("/lessons/")
report["lessons"] = lessons.status_code
report["lessons_page"] = lessons.get_data(as_text=True)
handout = client.get("/lessons/" + sys.argv[1] + "/handout.pdf")
report["handout"] = handout.status_code
report["handout_starts"] = handout.get_data()[:5].decode("latin-1")
with app.app_context():
    report["cases"] = sorted(case.ua_number for case in db.session.scalars(db.select(Case)))
print(json.dumps(report))
"""


def test_the_app_runs_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("CLASSROOM_", "FLASK_")) and key not in ("PYTHONPATH", "DATABASE_URL", "SECRET_KEY")}
    env.update(PYTHONPATH=str(installed), CLASSROOM_INSTANCE_DIR=str(tmp_path / "instance"),
               CLASSROOM_PASSWORD_HASH_TIME_COST="1", CLASSROOM_PASSWORD_HASH_MEMORY_KB="1024")

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, *args], cwd=elsewhere, env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    run("-m", "flask", "--app", "classroom", "db", "upgrade")
    assert "teacher@demo.example" in run("-m", "flask", "--app", "classroom", "demo")
    lessons = default_library().for_band(None)
    report = json.loads(run("-c", _VISIT, lessons[0].slug).splitlines()[-1])

    assert Path(report["module"]).resolve().is_relative_to(installed.resolve())
    assert (tmp_path / "instance" / "classroom.db").is_file()
    assert (report["signin"], report["stylesheet"], report["sign_in_post"]) == (200, 200, 302)
    assert report["lessons"] == 200
    assert [lesson.title for lesson in lessons if html.escape(lesson.title) not in report["lessons_page"]] == []
    assert (report["handout"], report["handout_starts"]) == (200, "%PDF-")
    starter = sorted(yaml.safe_load(path.read_text(encoding="utf-8"))["ua_number"]
                     for path in (PACKAGE_DIR / "data" / "cases").glob("*.yaml"))
    assert report["cases"] == starter
