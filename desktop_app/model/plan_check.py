"""An area's approach that the ticked operations contradict: area 1 confirmed "from behind"
while the only operation ticked is "from the front". The patient's summary would state both
(an outside reader took them for two plans). The app tells the surgeon, and the summary
leaves that area's approach out until the two agree; nothing is blocked."""

from __future__ import annotations

from typing import Any

# a lesion's approach -> the treatment item of that operation
OPERATION_FOR = {"posterior": "surgery_posterior", "anterior": "surgery_anterior",
                 "combined": "surgery_combined"}
SHOWN = ("confirmed", "overridden")    # the approach states the summary prints


def ticked_operations(consultation: Any) -> set[str]:
    """The operations ticked as discussed or planned."""
    ticked = set(getattr(consultation, "treatments_planned", ())) \
        | set(getattr(consultation, "treatments_discussed", ()))
    return ticked & set(OPERATION_FOR.values())


def approach_conflicts(consultation: Any) -> list[int]:
    """Numbers of the areas whose shown approach is not among the ticked operations (none
    when no operation is ticked: then the approach is the only word on it)."""
    operations = ticked_operations(consultation)
    if not operations:
        return []
    return [m.number for m in sorted(getattr(consultation, "lesions", ()),
                                     key=lambda m: m.number)
            if m.approach in OPERATION_FOR and m.approach_status in SHOWN
            and OPERATION_FOR[m.approach] not in operations]
