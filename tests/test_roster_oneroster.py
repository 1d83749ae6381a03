"""OneRoster 1.1 CSV zips (issue 15): the teacher picks a class; only its students come in.

The fixtures are made here with the structure of a OneRoster 1.1 bulk export (manifest.csv,
users.csv, enrollments.csv, classes.csv, orgs.csv; the spec's column names) and made-up people.
"""
from __future__ import annotations

from collections.abc import Mapping
import html
import io
import re
import zipfile

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from classroom.auth.models import User
from classroom.classes.roster_formats import oneroster
from classroom.extensions import db
from classroom.once import new_token

MANIFEST = "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.users,bulk\n"
USERS = """sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password
u-101,active,2026-08-30T10:00:00Z,true,org-9,student,mkaur@lakeview.example,,Maya,Kaur,,S101,,,,,05,
u-102,active,2026-08-30T10:00:00Z,true,org-9,student,lpark@lakeview.example,,Leo,Park,,S102,,,,,05,
u-103,tobedeleted,2026-08-30T10:00:00Z,true,org-9,student,gone@lakeview.example,,Gone,Away,,S103,,,,,05,
u-104,active,2026-08-30T10:00:00Z,true,org-9,student,wxm@lakeview.example,,小明,王,,S104,,,,,06,
u-201,active,2026-08-30T10:00:00Z,true,org-9,teacher,arivera@lakeview.example,,Ana,Rivera,,T201,,,,,,
"""
ENROLLMENTS = """sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate
e-1,active,2026-08-30T10:00:00Z,c-5a,org-9,u-101,student,false,2026-09-01,2027-06-30
e-2,active,2026-08-30T10:00:00Z,c-5a,org-9,u-102,student,false,2026-09-01,2027-06-30
e-3,active,2026-08-30T10:00:00Z,c-5a,org-9,u-103,student,false,2026-09-01,2027-06-30
e-4,active,2026-08-30T10:00:00Z,c-5a,org-9,u-201,teacher,true,2026-09-01,2027-06-30
e-5,active,2026-08-30T10:00:00Z,c-6b,org-9,u-104,student,false,2026-09-01,2027-06-30
"""
CLASSES = """sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods
c-5a,active,2026-08-30T10:00:00Z,Grade 5 Homeroom A,05,co-1,5A,homeroom,Room 12,org-9,t-1,,,1
c-6b,active,2026-08-30T10:00:00Z,Grade 6 Social Studies,06,co-2,6B,scheduled,Room 3,org-9,t-1,,,2
"""
ORGS = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\norg-9,active,,Lakeview Elementary,school,,\n"


def _zip(files: Mapping[str, str | bytes], folder: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(folder + name, content)
    return out.getvalue()


EXPORT = {"manifest.csv": MANIFEST, "users.csv": USERS, "enrollments.csv": ENROLLMENTS, "classes.csv": CLASSES,
          "orgs.csv": ORGS}


def test_the_bundle_lists_classes_with_only_their_live_students() -> None:
    bundle = oneroster.read_bundle(_zip(EXPORT, folder="export-2026/"))
    assert bundle.problem is None
    assert [(title, students) for _, title, students in bundle.classes] == [
        ("Grade 5 Homeroom A", [("Maya", "Kaur"), ("Leo", "Park")]),
        ("Grade 6 Social Studies", [("小明", "王")])]


def test_pick_a_class_then_create_its_students(client: FlaskClient, make_class, login) -> None:
    classroom = make_class(signature_rule="first_last_initial")
    login(classroom.teacher_links[0].teacher)
    page = client.post(f"/classes/{classroom.id}/roster", data={"upload": (io.BytesIO(_zip(EXPORT)), "oneroster.zip")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Which class?" in page and "Grade 5 Homeroom A (2 students)" in page and "Rivera" not in page
    texts = [html.unescape(t) for t in re.findall(r'name="text" value="([^"]*)"', page)]
    picked = client.post(f"/classes/{classroom.id}/roster",
                         data={"text": texts[0], "source": oneroster.SOURCE}).get_data(as_text=True)
    assert "OneRoster 1.1 CSV zip" in picked and "Create 2 student accounts" in picked
    once = re.search(r'name="once" value="([^"]+)"', picked).group(1)
    done = client.post(f"/classes/{classroom.id}/roster",
                       data={"text": texts[0], "source": oneroster.SOURCE, "header": "yes",
                             "column": ["given", "family"], "accept": "1", "once": once})
    assert "Login cards" in done.get_data(as_text=True)
    made = sorted((u.given_name, u.family_name, u.username)
                  for u in db.session.scalars(select(User).where(User.role == "student")))
    assert made == [("Leo", "Park", "leo.p"), ("Maya", "Kaur", "maya.k")]


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in EXPORT.items():
            archive.writestr(name, content)
        archive.writestr("demographics.csv", b"0" * 7_000_000)
    return out.getvalue()


def _encrypted_flag() -> bytes:
    raw = bytearray(_zip(EXPORT))
    for offset in [m.start() for m in re.finditer(rb"PK\x01\x02", bytes(raw))]:
        raw[offset + 8] |= 0x1  # the central directory's "encrypted" flag
    return bytes(raw)


@pytest.mark.parametrize("raw, message", [
    (_zip({k: v for k, v in EXPORT.items() if k != "enrollments.csv"}), "The zip has no enrollments.csv"),
    (_zip({"users.csv": USERS}), "The zip has no enrollments.csv or classes.csv"),
    (_bomb(), "expands far more than a class list can"),
    (_zip({**EXPORT, **{f"extra{n}.csv": "a\n" for n in range(40)}}), "a OneRoster export has about a dozen"),
    (_zip({**EXPORT, "users.csv": "id,name\n1,Maya\n"}), "users.csv has no sourcedId and givenName columns"),
    (_zip({**EXPORT, "enrollments.csv": ENROLLMENTS.replace(",student,", ",teacher,")}), "No class in the zip has students"),
    (_encrypted_flag(), "password-protected"),
    (_zip(EXPORT)[:-30], "can&#39;t be opened"),
])
def test_broken_bundles_say_why_and_create_nothing(client: FlaskClient, make_class, login, raw: bytes,
                                                   message: str) -> None:
    classroom = make_class()
    login(classroom.teacher_links[0].teacher)
    response = client.post(f"/classes/{classroom.id}/roster", data={"upload": (io.BytesIO(raw), "export.zip"),
                                                                    "accept": "1", "once": new_token()},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and "Which class?" not in page
    assert db.session.scalar(select(User.id).where(User.role == "student")) is None
