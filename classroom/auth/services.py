"""Account rules: creating schools and people, signing in, changing passwords."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from anyascii import anyascii
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..clock import utcnow
from ..dates import UTC_ZONE, zone_problem
from ..extensions import db
from ..paper import DEFAULT_PAGE_SIZE
from . import names, throttle
from .models import School, User, new_token
from .passwords import hash_password, needs_rehash, spend_verify_time, verify_password

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
# Unambiguous characters: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def random_code(length: int) -> str:
    """A short code that is easy to read aloud and type."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_school_code() -> str:
    """A unique school code such as ``SCH-7K3M-Q9TP``."""
    while True:
        code = f"SCH-{random_code(4)}-{random_code(4)}"
        if not db.session.scalar(select(School.id).where(School.join_code == code)):
            return code


def normalise_email(email: str) -> str:
    """Emails are compared without case and surrounding spaces."""
    return email.strip().lower()


def normalise_username(username: str) -> str:
    """Usernames are lower-case and trimmed."""
    return username.strip().lower()


def email_taken(email: str) -> bool:
    """True when an account already uses this email."""
    return db.session.scalar(select(User.id).where(User.email == normalise_email(email))) is not None


def username_taken(username: str) -> bool:
    """True when an account already uses this username."""
    return db.session.scalar(select(User.id).where(User.username == normalise_username(username))) is not None


def username_format_problem(username: str) -> str | None:
    """Why a username is not well-formed, or None (whether it is free is not asked)."""
    if not USERNAME_RE.match(normalise_username(username)):
        return _("Use 3 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit.")
    return None


def username_problem(username: str) -> str | None:
    """Why a child can't choose this username for their own account (class code sign-up), or None.

    Teachers' forms never say a username is taken (it may be another school's child):
    they get ``free_username`` instead.
    """
    problem = username_format_problem(username)
    if problem:
        return problem
    if username_taken(normalise_username(username)):
        return _("That username is taken. Try another.")
    return None


def free_username(wanted: str, taken: set[str] | None = None) -> str:
    """``wanted``, or the first free variant of it (``maya.k2``, ``maya.k3``…), never saying why.

    Teachers' rosters use it so that no answer tells whether a username exists in another school.
    """
    base = normalise_username(wanted)
    taken = taken or set()
    candidate, n = base, 1
    while candidate in taken or username_taken(candidate):
        n += 1
        candidate = f"{base[:40 - len(str(n))]}{n}"
    return candidate


def ascii_word(text: str) -> str:
    """Letters and digits of a name in any script, as lower-case ASCII (Łukasz → lukasz, 王小明 → wangxiaoming)."""
    return "".join(re.findall(r"[a-z0-9]+", anyascii(text).lower()))


def username_base(given: str, family: str = "", family_initial: bool = True) -> str:
    """A friendly username before it is made unique: the given name, and ``.`` with the initial of
    the family name (the one a signature shows: García López → g) only when ``family_initial``."""
    base = ascii_word(given)[:20] or ascii_word(family)[:20] or "student"
    if given and family.split() and family_initial:
        initial = ascii_word(names.initial(family))[:1]
        if initial:
            base += "." + initial
    if len(base) < 3:
        base = (base + "student")[:8]
    return base


def create_school(name: str, address: str, country: str, page_size: str = DEFAULT_PAGE_SIZE,
                  allow_age_override: bool = False, locale: str = "en-GB", time_zone: str = UTC_ZONE) -> School:
    """Make a school with a fresh join code.

    A time zone the server doesn't know (a browser's odd answer at sign-up, where nobody can
    correct a hidden field) gives UTC, which the school page can change.
    """
    school = School(name=name.strip(), address=address.strip(), country=country.strip(),
                    page_size=page_size, allow_age_override=allow_age_override, locale=locale,
                    time_zone=UTC_ZONE if zone_problem(time_zone) else time_zone, join_code=new_school_code())
    db.session.add(school)
    db.session.flush()
    return school


def school_by_code(code: str) -> School | None:
    """The school with this join code (spaces and case ignored)."""
    cleaned = re.sub(r"\s+", "", code).upper()
    return db.session.scalar(select(School).where(School.join_code == cleaned))


def create_teacher(name: str, email: str, password: str, school: School | None,
                   coordinator: bool = False, curator: bool = False, confirmed: bool = True) -> User:
    """Make a teacher account (one made by sign-up waits for its email to be confirmed)."""
    user = User(role="teacher", name=name.strip(), email=normalise_email(email),
                password_hash=hash_password(password), school=school,
                is_print_coordinator=coordinator, is_curator=curator,
                email_confirmed_at=utcnow() if confirmed else None)
    db.session.add(user)
    db.session.flush()
    return user


def create_student(name: str, username: str, password: str, school: School | None, *,
                   family: str | None = None, family_first: bool = False, password_hash: str | None = None) -> User:
    """Make a student account: a name, a username and a password, nothing more.

    ``name`` is the given name when ``family`` is given, else a full name split by ``names.split``.
    ``password_hash`` is the password's hash when already made (``hash_passwords`` for a class).
    """
    given, family = (name, family) if family is not None else names.split(name, family_first)
    user = User(role="student", username=normalise_username(username),
                password_hash=password_hash or hash_password(password), school=school)
    user.set_name(given, family, family_first)
    db.session.add(user)
    db.session.flush()
    return user


def find_account(login_name: str) -> User | None:
    """The account a sign-in name refers to: an email for teachers, a username for students."""
    login_name = login_name.strip().lower()
    if not login_name:
        return None
    column = User.email if "@" in login_name else User.username
    return db.session.scalar(select(User).where(func.lower(column) == login_name))


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: a user, or a message to show (``throttled``: refused for
    too many attempts, a 429)."""

    user: User | None = None
    error: str | None = None
    throttled: bool = False


def authenticate(login_name: str, password: str, address: str) -> SignIn:
    """Check a sign-in attempt against the throttle and the stored hash."""
    # Counted before the (slow) hash check, so parallel guesses can't all slip in under the limit.
    refusal = throttle.reserve(login_name, address)
    if refusal:
        return SignIn(error=refusal.message, throttled=True)
    user = find_account(login_name)
    if user is None:
        spend_verify_time(password)
    if user is None or not verify_password(user.password_hash, password):
        return SignIn(error=_("That sign-in name and password don't match. Check them and try again."))
    if user.role == "teacher" and user.email_confirmed_at is None:
        # Said only after the right password: it tells nothing to someone guessing emails.
        return SignIn(error=_("Confirm your email first: open the link we sent you when you signed up."))
    throttle.record_success(login_name, address)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.commit()
    return SignIn(user=user)


def set_password(user: User, password: str, password_hash: str | None = None) -> None:
    """Store a new password (or its hash, already made) and end every other session of the account."""
    from .session import end_all_sign_ins

    user.password_hash = password_hash or hash_password(password)
    user.session_token = new_token()
    end_all_sign_ins(user)
    db.session.flush()
