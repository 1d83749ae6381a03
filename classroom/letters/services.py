"""The letter actions that routes, commands and tests call, gathered from the modules holding each rule.

limits: what may be written and when; starting: a new letter; language_choice: the letter's language;
saving: saves, autosave and conflicts, restoring a revision; flags: the safety and print checks;
signature: how a letter is signed; submitting: to the teacher and back.
"""
from __future__ import annotations

from .flags import print_flags, safety_check
from .language_choice import language_choices, set_language, starting_language
from .limits import MAX_BODY, MAX_LINES, LetterError, too_long, writing_blocked, writing_blocked_by
from .saving import SaveResult, load_for_saving, quick_autosave, restore, save
from .signature import hidden_surnames, sign_as
from .starting import find_letter, start
from .submitting import submit, unsubmit

__all__ = [
    "MAX_BODY", "MAX_LINES", "LetterError", "SaveResult", "find_letter", "hidden_surnames",
    "language_choices", "load_for_saving", "print_flags", "quick_autosave", "restore", "safety_check", "save",
    "set_language", "sign_as", "start", "starting_language", "submit", "too_long",
    "unsubmit", "writing_blocked", "writing_blocked_by",
]
