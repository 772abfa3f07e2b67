"""A warning to the surgeon, never a block: an area's confirmed approach disagrees with the
operations ticked (model/plan_check.py). It sits above the explanations with the biopsy
warning and follows every change of the ticks and of the lesions."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop_app.model.plan_check import OPERATION_FOR, approach_conflicts, ticked_operations
from desktop_app.ui.warning_label import install_warning
WAY = {"posterior": "from behind", "anterior": "from the front",
       "combined": "from the front and from behind"}


def warning_text(consultation) -> str:
    """"Area 1's approach is from behind, but the operation ticked is from the front. ..." """
    areas = approach_conflicts(consultation)
    if not areas:
        return ""
    by_number = {m.number: m for m in consultation.lesions}
    ticked = ticked_operations(consultation)
    operations = [WAY[k] for k, op in OPERATION_FOR.items() if op in ticked]
    said = "; ".join(f"area {n}'s approach is {WAY[by_number[n].approach]}" for n in areas)
    return (f"{said[0].upper() + said[1:]}, but the operation checked is "
            f"{' or '.join(operations)}. The patient's summary leaves out the approach of "
            + ("that area" if len(areas) == 1 else "those areas") + " until they agree.")


def install_plan_warning(window) -> QLabel:
    return install_warning(window, "plan_warning",
                           "Warning: the approach and the operation checked disagree",
                           warning_text)
