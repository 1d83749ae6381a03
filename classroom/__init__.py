"""Write for Rights in the classroom: the application factory."""
from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import INSTANCE_DIR, PACKAGE_DIR, Config


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app from environment settings, overridden by ``test_config`` when given."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
    )
    app.config.update(Config().as_dict())
    if test_config:
        app.config.update(test_config)
    if app.config["PROXY_FIX"]:
        hops = app.config["PROXY_FIX"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    register_extensions(app)
    from . import inputs

    inputs.init_app(app)  # before the blueprints: their ``<int:…>`` rules use its id converter
    register_blueprints(app)
    register_hooks(app)
    report_lesson_problems(app)
    return app


def report_lesson_problems(app: Flask) -> None:
    """Say at start-up which lesson files can't be used (the others still load)."""
    from .lessons.library import default_library

    for problem in default_library().problems:
        app.logger.warning("Lesson file problem: %s", problem)


def register_extensions(app: Flask) -> None:
    """Bind every extension to the app."""
    from . import models  # noqa: F401  (every table registered before migrations look)
    from .auth.session import init_login
    from .database import configure as configure_database
    from .extensions import csrf, db, limiter, mail, migrate

    configure_database(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    init_login(app)
    from . import i18n

    i18n.init_app(app)
    from .database import init_app as init_database

    init_database(app)


def register_blueprints(app: Flask) -> None:
    """Attach one blueprint per feature."""
    from .assignments.routes import bp as assignments_bp
    from .auth.blueprint import bp as auth_bp
    from .cases.routes import bp as cases_bp
    from .classes.blueprint import bp as classes_bp
    from .join.routes import bp as join_bp
    from .lessons.routes import bp as lessons_bp
    from .letters.routes import bp as letters_bp
    from .main.routes import bp as main_bp
    from .network.routes import bp as network_bp
    from .printing.routes import bp as printing_bp
    from .review.routes import bp as review_bp
    from .schools.routes import bp as schools_bp

    for bp in (main_bp, auth_bp, schools_bp, classes_bp, cases_bp, assignments_bp, lessons_bp, join_bp,
               letters_bp, review_bp, printing_bp, network_bp):
        app.register_blueprint(bp)


def register_hooks(app: Flask) -> None:
    """Security headers, error pages, template helpers and CLI commands."""
    from . import cli, errors, security, templating

    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
