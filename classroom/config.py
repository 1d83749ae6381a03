"""Configuration read from environment variables, with safe defaults for the demo."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

# The package carries its templates, static files, data files and lesson plans (so an installed
# wheel runs as a checkout does).
PACKAGE_DIR = Path(__file__).resolve().parent
# Where the demo database and the generated secret key live: CLASSROOM_INSTANCE_DIR when set;
# otherwise ``instance/`` beside pyproject.toml in a checkout, or in the working directory when the
# package is installed from a wheel.
_CHECKOUT = PACKAGE_DIR.parent
INSTANCE_DIR = Path(
    os.environ.get("CLASSROOM_INSTANCE_DIR")
    or (_CHECKOUT / "instance" if (_CHECKOUT / "pyproject.toml").is_file() else Path.cwd() / "instance")
).resolve()


def _flag(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    """Read an integer environment variable, falling back to the default."""
    value = os.environ.get(name)
    return int(value) if value and value.strip() else default


def normalise_database_url(url: str) -> str:
    """Accept the URL forms hosting providers hand out and pick the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _secret_key() -> str:
    """Use SECRET_KEY when given; otherwise keep a random key in instance/ for the demo.

    Production (CLASSROOM_ENV=production) refuses to start without SECRET_KEY, because
    every app server must sign sessions with the same key.
    """
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if os.environ.get("CLASSROOM_ENV") == "production":
        raise RuntimeError("SECRET_KEY must be set when CLASSROOM_ENV=production")
    INSTANCE_DIR.mkdir(exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    """Settings for one app instance; every value can come from the environment."""

    def __init__(self) -> None:
        self.SECRET_KEY = _secret_key()
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(
            os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'classroom.db'}")
        )
        # How the app rides out a database that is away (classroom.database.engine_options):
        # check pooled connections before use, give up connecting or waiting for a pooled
        # connection after a few seconds, and tell clients when to try again (503 Retry-After).
        self.DATABASE_PRE_PING = _flag("CLASSROOM_DATABASE_PRE_PING", True)
        self.DATABASE_CONNECT_TIMEOUT = _int("CLASSROOM_DATABASE_CONNECT_TIMEOUT", 5)
        self.DATABASE_POOL_TIMEOUT = _int("CLASSROOM_DATABASE_POOL_TIMEOUT", 10)
        self.DATABASE_RETRY_AFTER = _int("CLASSROOM_DATABASE_RETRY_AFTER", 5)
        https = _flag("CLASSROOM_HTTPS")
        self.PREFERRED_URL_SCHEME = "https" if https else "http"
        self.SESSION_COOKIE_SECURE = https
        self.REMEMBER_COOKIE_SECURE = https
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 14
        self.PERMANENT_SESSION_LIFETIME = 60 * 60 * 12
        # A translator's tool: a pseudo-language on the switch that marks every translated message.
        self.PSEUDO_LANGUAGE = _flag("CLASSROOM_PSEUDO_LANGUAGE")
        # The session lasts a school day from sign-in; re-signing the cookie on every request
        # (an autosave every few seconds) would cost more than it gives.
        self.SESSION_REFRESH_EACH_REQUEST = False
        # A form's token lasts as long as the sign-in it belongs to (the session above; signing
        # out ends it), not Flask-WTF's one hour: a child's editor left open from one lesson to
        # the next, or opened offline from the service worker, still saves.
        self.WTF_CSRF_TIME_LIMIT = None
        self.MAX_CONTENT_LENGTH = _int("CLASSROOM_MAX_UPLOAD_KB", 2048) * 1024
        self.PROXY_FIX = _int("CLASSROOM_PROXY_HOPS", 0)
        self.RATELIMIT_STORAGE_URI = os.environ.get("CLASSROOM_RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_HEADERS_ENABLED = True
        self.LOGIN_ATTEMPTS_PER_ACCOUNT = _int("CLASSROOM_LOGIN_ATTEMPTS_PER_ACCOUNT", 5)
        self.LOGIN_ATTEMPTS_PER_ADDRESS = _int("CLASSROOM_LOGIN_ATTEMPTS_PER_ADDRESS", 20)
        self.LOGIN_WINDOW_MINUTES = _int("CLASSROOM_LOGIN_WINDOW_MINUTES", 15)
        self.PASSWORD_MIN_LENGTH = _int("CLASSROOM_PASSWORD_MIN_LENGTH", 8)
        # Argon2id cost: OWASP's recommended setting m=19 MiB, t=2, p=1 (Password Storage Cheat
        # Sheet), so a class of 30 signing in at once fits in memory and time on two cores
        # (bench/signin_storm.py). Hashes made with other settings are redone at the next sign-in.
        # Tests lower it so that hundreds of accounts stay quick to make.
        self.PASSWORD_HASH_TIME_COST = _int("CLASSROOM_PASSWORD_HASH_TIME_COST", 2)
        self.PASSWORD_HASH_MEMORY_KB = _int("CLASSROOM_PASSWORD_HASH_MEMORY_KB", 19456)
        self.RETENTION_DAYS = _int("CLASSROOM_RETENTION_DAYS", 365)
        self.SITE_URL = os.environ.get("CLASSROOM_SITE_URL", "http://127.0.0.1:5000")
        self.MAIL_SERVER = os.environ.get("CLASSROOM_MAIL_SERVER", "")
        self.MAIL_PORT = _int("CLASSROOM_MAIL_PORT", 25)
        self.MAIL_USERNAME = os.environ.get("CLASSROOM_MAIL_USERNAME") or None
        self.MAIL_PASSWORD = os.environ.get("CLASSROOM_MAIL_PASSWORD") or None
        self.MAIL_USE_TLS = _flag("CLASSROOM_MAIL_USE_TLS")
        self.MAIL_USE_SSL = _flag("CLASSROOM_MAIL_USE_SSL")
        self.MAIL_DEFAULT_SENDER = os.environ.get(
            "CLASSROOM_MAIL_SENDER", "Write for Rights <no-reply@localhost>"
        )
        self.MAIL_TIMEOUT = _int("CLASSROOM_MAIL_TIMEOUT", 10)

    def as_dict(self) -> dict[str, object]:
        """Return the upper-case settings for ``app.config.update``."""
        return {k: v for k, v in vars(self).items() if k.isupper()}
