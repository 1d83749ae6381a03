"""The age gate: whether a case may go to a class of a band, and the notes that say why not."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from .. import bands
from .content_rules import note_label
from .models import Case


@dataclass(frozen=True)
class GateResult:
    """Whether a case suits a band, and the notes (with their phrases) that say why not."""

    allowed: bool
    case_band: str
    class_band: str
    reasons: tuple[dict[str, Any], ...]

    @property
    def message(self) -> str:
        """Plain explanation for the teacher."""
        if self.allowed:
            return ""
        notes = "; ".join(
            f"{note_label(r)} (“{'”, “'.join(r['phrases'][:3])}”)" if r["phrases"] else note_label(r)
            for r in self.reasons)
        values = {"band": bands.label(self.case_band), "class_band": bands.label(self.class_band)}
        if notes:
            return _("This case is rated %(band)s and up because of: %(notes)s. Your class is %(class_band)s.",
                     notes=notes, **values)
        return _("This case is rated %(band)s and up by a curator's decision. Your class is %(class_band)s.", **values)


def age_gate(case: Case, class_band: str) -> GateResult:
    """A case may go to a class whose band is at or above the case's minimum band."""
    allowed = bands.at_or_above(class_band, case.min_band)
    reasons = tuple(n for n in case.content_notes if not bands.at_or_above(class_band, n["min_band"]))
    return GateResult(allowed, case.min_band, class_band, reasons)
