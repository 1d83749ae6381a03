"""Command-line tasks: demo data, granting roles."""
from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import select

from .auth.models import User
from .extensions import db


def _teacher(email: str) -> User:
    """The teacher account with this email, or a clear error."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or user.role != "teacher":
        raise click.ClickException(f"No teacher account has the email {email}.")
    return user


@click.command("demo")
def demo_command() -> None:
    """Load (or refresh) the demo school and print its logins."""
    from .demo import load_demo

    logins = load_demo()
    click.echo("\nDemo logins (sign in at http://127.0.0.1:5000):")
    width = max(len(login.login) for login in logins)
    for login in logins:
        click.echo(f"  {login.role:<18} {login.login:<{width}}  password: {login.password}")
    click.echo("")


@click.command("grant-curator")
@click.argument("email")
@click.option("--revoke", is_flag=True, help="Take the curator role away instead.")
def grant_curator_command(email: str, revoke: bool) -> None:
    """Make a teacher account a curator (site admin of the case library)."""
    user = _teacher(email)
    user.is_curator = not revoke
    db.session.commit()
    click.echo(f"{user.email} is {'no longer' if revoke else 'now'} a curator.")


@click.command("grant-coordinator")
@click.argument("email")
@click.option("--revoke", is_flag=True, help="Take the role away instead.")
def grant_coordinator_command(email: str, revoke: bool) -> None:
    """Make a teacher a print coordinator of their school."""
    user = _teacher(email)
    user.is_print_coordinator = not revoke
    db.session.commit()
    click.echo(f"{user.email} is {'no longer' if revoke else 'now'} a print coordinator.")


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


def init_app(app: Flask) -> None:
    """Register the commands."""
    for command in (demo_command, grant_curator_command, grant_coordinator_command, cases_group):
        app.cli.add_command(command)
