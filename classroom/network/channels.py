"""Other channels for an approved appeal: an email the teacher sends (mailto: or .eml).

The platform never sends letters or posts itself: the teacher gets a ready message.
"""
from __future__ import annotations

import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import formatdate, make_msgid
from urllib.parse import quote

from ..clock import epoch_seconds, utcnow
from ..inputs import is_mail_address
from ..letters import languages, states
from ..letters.models import APPROVED_STATES, Letter
from ..letters.services import sign_as
from ..printing.services import closing_for, letter_language, signature_note

_CONTROL_RUN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# The standard library folds headers at 78 columns by cutting an encoded word wherever the
# line ends, mid-word ("Ан" | "дрей"); mail programs then disagree about the space between
# the two halves (RFC 2047 drops it, many readers, Python's own address parser among them,
# show it). Up to RFC 5322's line limit nothing is folded, so each name and subject stays one
# encoded word that every reader decodes alike.
EML_POLICY = default_policy.clone(max_line_length=998)


def can_email(letter: Letter) -> bool:
    """An approved appeal whose official has an email address."""
    return (letter.kind == "appeal" and letter.state in APPROVED_STATES
            and letter.target is not None and bool(letter.target.email) and is_mail_address(letter.target.email or ""))


def _header_text(value: str) -> str:
    """One line for a mail header. Importers refuse line breaks in names and titles; rows saved
    before they did could still hold one, and a header must never be split by data."""
    return " ".join(_CONTROL_RUN.sub(" ", value).split())


def subject(letter: Letter) -> str:
    """The subject line, built from the case."""
    case = letter.assignment.case
    names = case.people_names
    return f"{case.ua_number}: {case.title}" + (f" ({names})" if names and names not in case.title else "")


def text(letter: Letter) -> str:
    """The approved text with the salutation and the school's sign-off."""
    school = letter.assignment.classroom.school
    target = letter.target
    # In the letter's language, as it prints (see printing.services.letter_wording).
    language = letter_language(letter)
    salutation = languages.salutation(language, target.language if target else None,
                                      target.salutation if target else None)
    closing = closing_for(language)
    sign_off = "\n".join([closing, sign_as(letter), signature_note(language, school.name), *school.sender_lines])
    return f"{salutation}\n\n{letter.body.strip()}\n\n{sign_off}\n"


def eml(letter: Letter, sender: str) -> bytes:
    """A ready-to-send message file; headers are encoded for any language (RFC 2047/6532)."""
    target = letter.target
    assert target is not None and target.email
    message = EmailMessage(policy=EML_POLICY)
    message["To"] = Address(display_name=_header_text(target.name), addr_spec=target.email)
    if sender and is_mail_address(sender):
        message["From"] = Address(display_name=_header_text(letter.assignment.classroom.school.name), addr_spec=sender)
    message["Subject"] = _header_text(subject(letter))
    message["Date"] = formatdate(epoch_seconds())  # a mail header: RFC 5322, not a date people read
    message["Message-ID"] = make_msgid(domain="write-for-rights.invalid")
    message["X-Unsent"] = "1"  # mail programs open it as a draft to send, not as a received message
    message.set_content(text(letter))
    return bytes(message)


def mailto(letter: Letter) -> str:
    """A mailto: link that opens the teacher's mail program with the message filled in."""
    target = letter.target
    assert target is not None and target.email
    body = text(letter).replace("\n", "\r\n")  # RFC 6068: line breaks in a mailto body are %0D%0A
    return f"mailto:{quote(target.email, safe='@')}?subject={quote(subject(letter))}&body={quote(body)}"


def mark_emailed(letter: Letter, teacher_id: int) -> None:
    """Record that the teacher sent the letter by email.

    An approved letter moves to "emailed" (sent, and out of the print queue); one already
    printed or mailed keeps its state and only the email is noted.
    """
    if letter.state == "approved":
        states.apply(letter, "mark_emailed", "teacher", teacher_id)
    else:
        letter.emailed_at = utcnow()
