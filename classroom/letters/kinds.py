"""The kinds of letter a student may write: the one list, and what each is called.

Every page, PDF and message names a letter's kind from here; nothing else spells a kind's
name or guesses it from whether the letter has an official (posts and phone scripts have none
either, and are not solidarity messages).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

class Labels(Mapping[str, str]):
    """Labels by key, each translated (a plain ``str``) when it is read: safe to join, compare,
    write to a CSV or a flash message, as an English constant was."""

    def __init__(self, labels: Mapping[str, LazyString]) -> None:
        self._labels = dict(labels)

    def __getitem__(self, key: str) -> str:
        return str(self._labels[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


SOCIAL_LIMIT = 280  # characters in a social media post (the platforms' limit), everywhere a post is counted


@dataclass(frozen=True)
class Kind:
    """One kind of letter (its words are translated when shown: each is a whole message)."""

    key: str
    name: LazyString  # what it is called everywhere: "Social media post"
    choice: LazyString  # how a teacher picks it when assigning a case
    paper: bool  # printed and posted (posts and scripts are handed out, never posted by the platform)
    older_only: bool  # a public act: only for the older bands
    # What approving one means, told to the teacher.
    approved: LazyString
    # How it goes out, in the letter states that record it: a letter is posted (mailed) or,
    # for an appeal, emailed; a social post is posted online; a phone script is called.
    sent_steps: tuple[str, ...] = ()


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("appeal", _l("Appeal letter"), _l("Appeal letter to an official"), paper=True, older_only=False,
         approved=_l("Approved: the letter is locked and ready to print."), sent_steps=("mailed", "emailed")),
    Kind("solidarity", _l("Solidarity message"), _l("Solidarity message to the people at risk"), paper=True,
         older_only=False, approved=_l("Approved: the solidarity message is locked and ready to print."),
         sent_steps=("mailed",)),
    Kind("social", _l("Social media post"),
         _l("Social media post (up to %(limit)d characters; high school and older)", limit=SOCIAL_LIMIT),
         paper=False, older_only=True,
         approved=_l("Approved: the social media post is locked. It is not printed or posted: you decide how it is used."),
         sent_steps=("posted",)),
    Kind("phone", _l("Phone call script"), _l("Phone call script (high school and older)"), paper=False,
         older_only=True,
         approved=_l("Approved: the phone call script is locked. It is not printed or posted: you decide how it is used."),
         sent_steps=("called",)),
)}
# The one kind written to a target (an official); every other kind is one letter per student and assignment.
TARGETED_KIND = "appeal"
PAPER_KINDS = tuple(k for k, kind in KINDS.items() if kind.paper)
OLDER_ONLY_KINDS = tuple(k for k, kind in KINDS.items() if kind.older_only)
KIND_CHOICES = {k: kind.choice for k, kind in KINDS.items()}
KIND_NAMES = {k: kind.name for k, kind in KINDS.items()}
# What each sent step is called, in a list of counts ("3 sent by email").
SENT_STEP_NAMES = Labels({"mailed": _l("mailed"), "emailed": _l("sent by email"), "posted": _l("posted online"),
                          "called": _l("called")})
