"""Which treatment cards a visit's summary prints (and which areas have a way in chosen).

A suspected anterior sacral meningocele is not a growth to cut out: it is a pouch of spinal
fluid that a spine surgeon closes off. The general operation cards ("the tailbone is often
removed ... to lower the chance of the growth coming back", "frees the growth from the back of
the rectum") would describe the wrong operation, and say nothing of a spinal fluid leak or
meningitis. So when a meningocele is suspected and no other area has its own way in chosen,
an operation ticked from the general list prints as the meningocele's repair card (content
``meningocele_repair``: its own text, risks and warning signs).
"""

from __future__ import annotations

from typing import Any, Callable

from desktop_app.model.biopsy_check import meningocele_areas
from desktop_app.model.plan_check import approach_conflicts

REPAIR_ID = "meningocele_repair"
GENERAL_OPERATIONS = frozenset({"surgery_posterior", "surgery_anterior", "surgery_combined"})


def treatment_ids(consultation: Any) -> tuple[list[str], list[str]]:
    """(planned, discussed) treatment ids as the summary prints them, each once, in order."""
    planned = list(consultation.treatments_planned)
    discussed = list(consultation.treatments_discussed)
    if repairs_meningocele(consultation):
        planned = [REPAIR_ID if i in GENERAL_OPERATIONS else i for i in planned]
        discussed = [REPAIR_ID if i in GENERAL_OPERATIONS else i for i in discussed]
    return list(dict.fromkeys(planned)), list(dict.fromkeys(discussed))


def has_approach(lesion: Any) -> bool:
    """The surgeon confirmed (or chose another) way to reach this area."""
    return bool(lesion.approach) and lesion.approach_status in ("confirmed", "overridden")


def approach_shown(consultation: Any) -> Callable[[Any], bool]:
    """Whether the summary prints an area's way in: chosen by the surgeon, and not against the
    operation ticked (the surgeon is warned of that; the patient never reads two plans)."""
    disagree = set(approach_conflicts(consultation))
    return lambda lesion: has_approach(lesion) and lesion.number not in disagree


def repairs_meningocele(consultation: Any) -> bool:
    """A meningocele is suspected and the operation talked about can only be its repair: no
    other area has a way in of its own chosen."""
    areas = meningocele_areas(consultation)
    if not areas:
        return False
    return not any(has_approach(m) for m in getattr(consultation, "lesions", ())
                   if m.number not in areas)
