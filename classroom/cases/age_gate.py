"""The age gate: whether a case may go to a class of a band, and the notes that say why not."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import bands
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
            f"{r['label']} (“{'”, “'.join(r['phrases'][:3])}”)" if r["phrases"] else r["label"]
            for r in self.reasons)
        why = f" because of: {notes}" if notes else " by a curator's decision"
        return (f"This case is rated {bands.label(self.case_band)} and up{why}. "
                f"Your class is {bands.label(self.class_band)}.")


def age_gate(case: Case, class_band: str) -> GateResult:
    """A case may go to a class whose band is at or above the case's minimum band."""
    allowed = bands.at_or_above(class_band, case.min_band)
    reasons = tuple(n for n in case.content_notes if not bands.at_or_above(class_band, n["min_band"]))
    return GateResult(allowed, case.min_band, class_band, reasons)
