"""The kinds of letter a student may write: the one list, and what each is called.

Every page, PDF and message names a letter's kind from here; nothing else spells a kind's
name or guesses it from whether the letter has an official (posts and phone scripts have none
either, and are not solidarity messages).
"""
from __future__ import annotations

from dataclasses import dataclass

SOCIAL_LIMIT = 280  # characters in a social media post (the platforms' limit), everywhere a post is counted


@dataclass(frozen=True)
class Kind:
    """One kind of letter."""

    key: str
    name: str  # what it is called everywhere: "Social media post"
    choice: str  # how a teacher picks it when assigning a case
    paper: bool  # printed and posted (posts and scripts are handed out, never posted by the platform)
    older_only: bool  # a public act: only for the older bands
    # How it goes out, in the letter states that record it: a letter is posted (mailed) or,
    # for an appeal, emailed; a social post is posted online; a phone script is called.
    sent_steps: tuple[str, ...] = ()

    @property
    def noun(self) -> str:
        """The name inside a sentence ("the social media post")."""
        return "letter" if self.key == "appeal" else self.name[0].lower() + self.name[1:]

    @property
    def approved(self) -> str:
        """What approving one means, told to the teacher."""
        if self.paper:
            return f"Approved: the {self.noun} is locked and ready to print."
        return f"Approved: the {self.noun} is locked. It is not printed or posted: you decide how it is used."


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("appeal", "Appeal letter", "Appeal letter to an official", paper=True, older_only=False,
         sent_steps=("mailed", "emailed")),
    Kind("solidarity", "Solidarity message", "Solidarity message to the people at risk", paper=True, older_only=False,
         sent_steps=("mailed",)),
    Kind("social", "Social media post", f"Social media post (up to {SOCIAL_LIMIT} characters; high school and older)",
         paper=False, older_only=True, sent_steps=("posted",)),
    Kind("phone", "Phone call script", "Phone call script (high school and older)", paper=False, older_only=True,
         sent_steps=("called",)),
)}
# The one kind written to a target (an official); every other kind is one letter per student and assignment.
TARGETED_KIND = "appeal"
PAPER_KINDS = tuple(k for k, kind in KINDS.items() if kind.paper)
OLDER_ONLY_KINDS = tuple(k for k, kind in KINDS.items() if kind.older_only)
KIND_CHOICES = {k: kind.choice for k, kind in KINDS.items()}
KIND_NAMES = {k: kind.name for k, kind in KINDS.items()}
# What each sent step is called, in a list of counts ("3 sent by email").
SENT_STEP_NAMES = {"mailed": "mailed", "emailed": "sent by email", "posted": "posted online", "called": "called"}
