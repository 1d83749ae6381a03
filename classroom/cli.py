"""Command-line tasks: demo data, granting roles.

What a teacher or a school's administrator reads is marked for translation; outside a page it
is English (there is no request to choose a language from).
"""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import select

from .auth.models import User
from .extensions import db


def _grant(email: str, flag: str, revoke: bool, role_name: str) -> None:
    """Give (or take away) a capability of the teacher account with this email."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or user.role != "teacher":
        raise click.ClickException(_("No teacher account has the email %(email)s.", email=email))
    setattr(user, flag, not revoke)
    db.session.commit()
    if revoke:
        click.echo(_("%(email)s is no longer a %(role)s.", email=user.email, role=role_name))
    else:
        click.echo(_("%(email)s is now a %(role)s.", email=user.email, role=role_name))


@click.command("demo")
def demo_command() -> None:
    """Load (or refresh) the demo school and print its logins."""
    from .demo import load_demo

    logins = load_demo()
    click.echo("\n" + _("Demo logins (sign in at %(site)s):", site=current_app.config["SITE_URL"]))
    width = max(len(login.login) for login in logins)
    for login in logins:
        click.echo(f"  {login.role:<18} {login.login:<{width}}  " + _("password: %(password)s", password=login.password))
    click.echo("")


@click.command("confirm-teacher")
@click.argument("email")
def confirm_teacher_command(email: str) -> None:
    """Confirm a teacher's sign-up by hand (where no mail server sends the link)."""
    from .clock import utcnow

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or user.role != "teacher":
        raise click.ClickException(_("No teacher account has the email %(email)s.", email=email))
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    db.session.commit()
    click.echo(_("%(email)s can sign in.", email=user.email))


@click.command("grant-curator")
@click.argument("email")
@click.option("--revoke", is_flag=True, help="Take the curator role away instead.")
def grant_curator_command(email: str, revoke: bool) -> None:
    """Make a teacher account a curator (site admin of the case library)."""
    _grant(email, "is_curator", revoke, "curator")


@click.command("grant-coordinator")
@click.argument("email")
@click.option("--revoke", is_flag=True, help="Take the role away instead.")
def grant_coordinator_command(email: str, revoke: bool) -> None:
    """Make a teacher a print coordinator of their school."""
    _grant(email, "is_print_coordinator", revoke, "print coordinator")


@click.group("cases")
def cases_group() -> None:
    """The case library."""


@cases_group.command("load")
@click.option("--folder", type=click.Path(exists=True, file_okay=False), help="Folder of case files (default data/cases).")
def load_cases_command(folder: str | None) -> None:
    """Create or update the starter library from its YAML files (safe to run again)."""
    from pathlib import Path

    from .cases.starter import load_library

    report = load_library(Path(folder) if folder else None)
    click.echo(f"Cases created: {len(report.created)}, updated: {len(report.updated)}.")
    for name, problems in report.problems.items():
        click.echo(f"Skipped {name}:", err=True)
        for problem in problems:
            click.echo(f"  {problem}", err=True)
    if report.problems:
        raise click.exceptions.Exit(1)


@cases_group.command("import")
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="Print the preview as one JSON object.")
@click.option("--yes", is_flag=True, help="Save the case (or the follow-up) when nothing blocks it.")
@click.option("--draft", is_flag=True, help="With --yes: save as a draft only curators see.")
def import_case_command(path: str, as_json: bool, yes: bool, draft: bool) -> None:
    """Preview an Urgent Action (.txt, .yaml, .json or .pdf; - for stdin); save it only with --yes.

    Exit status 0 when the case can be (or was) saved, 1 when problems block it.
    """
    from flask_babel import gettext as _

    from .cases import import_cli, importing

    try:
        source, filename = import_cli.read_path(path)
    except import_cli.SourceProblem as problem:
        raise click.ClickException(str(problem)) from None
    result = importing.preview(source, filename, owner=None)
    click.echo(import_cli.as_json(result) if as_json else import_cli.as_text(result))
    if not result.ok:
        if not as_json:
            click.echo(_("Nothing was saved: fix the problems above and run the command again."), err=True)
        raise click.exceptions.Exit(1)
    if not yes:
        if not as_json:
            click.echo(_("Nothing was saved (a preview). Run again with --yes to save it."), err=True)
        return
    _case, message = importing.save(result, by=None, owner=None, published=not draft)
    db.session.commit()
    click.echo(message, err=as_json)


@click.group("lessons")
def lessons_group() -> None:
    """Lesson plans."""


@lessons_group.command("check")
@click.option("--folder", type=click.Path(exists=True, file_okay=False), help="Folder of lessons (default lesson_plans/).")
def check_lessons_command(folder: str | None) -> None:
    """Report every lesson file with a problem, by file and field."""
    from pathlib import Path

    from .lessons.library import LESSON_DIR, load_library

    library = load_library(Path(folder) if folder else LESSON_DIR)
    translated = sum(len(lesson.translations) for lesson in library.lessons.values())
    click.echo(f"{len(library.lessons)} lessons load.")
    if translated:
        click.echo(f"{translated} translations of their student parts load.")
    for problem in library.problems:
        click.echo(f"Problem: {problem}", err=True)
    if library.problems:
        raise click.exceptions.Exit(1)


@click.group("classes")
def classes_group() -> None:
    """Classes and their students' data."""


@classes_group.command("purge-expired")
def purge_expired_command() -> None:
    """Delete the student data of classes archived longer ago than RETENTION_DAYS (run daily from cron)."""
    from .classes.privacy import purge_expired, retention
    from .database import erase_deleted_data

    purged = purge_expired()
    lines = [f"Class {classroom.id} “{classroom.name}” (archived {classroom.archived_at:%Y-%m-%d}): {removal.summary}."
             for classroom, removal in purged]
    db.session.commit()
    if purged:
        erase_deleted_data()
    for line in lines:
        click.echo(line)
    click.echo(f"Purged {len(purged)} classes archived more than {retention().days} days ago.")


@click.group("network")
def network_group() -> None:
    """Alerts and mail conditions."""


@network_group.command("send-digests")
def send_digests_command() -> None:
    """Email due digests of new cases and updates (for cron; running it twice sends nothing twice)."""
    from .network.alerts import send_digests

    report = send_digests()
    if report.skipped_no_smtp:
        click.echo("No SMTP server is configured (CLASSROOM_MAIL_SERVER): teachers see their news in the app.")
        return
    click.echo(f"Sent {report.sent} digests with {report.items} items.")
    if report.failed:
        # A non-zero exit makes cron report it; the failed digests stay pending for the next run.
        click.echo(f"{report.failed} digests could not be sent; they will be tried again next time.", err=True)
        raise click.exceptions.Exit(1)


@network_group.command("load-mail-conditions")
def load_mail_conditions_command() -> None:
    """Load data/mail_conditions.yaml (safe to run again)."""
    from .network.mail import StarterListError, load_starter

    try:
        count = load_starter()
    except StarterListError as error:
        db.session.rollback()
        raise click.ClickException(f"data/mail_conditions.yaml was not loaded (nothing changed):\n{error}") from error
    db.session.commit()
    click.echo(f"{count} mail conditions in the starter list.")


def init_app(app: Flask) -> None:
    """Register the commands."""
    for command in (demo_command, confirm_teacher_command, grant_curator_command, grant_coordinator_command, cases_group,
                    lessons_group, classes_group, network_group):
        app.cli.add_command(command)
