"""The one combination of choices that must never reach a patient unqualified: a biopsy ticked
while a lesion is thought to be an anterior sacral meningocele.

A meningocele is never needled, by any route (meningitis has followed biopsy: Jao 1985, PMID
2996861); MRI makes that diagnosis. The app warns the surgeon (never blocks: the plan may be a
biopsy of another lesion), and the PDF's biopsy card then leaves out the needle description.
"""

from __future__ import annotations

from typing import Any

MENINGOCELE_ID = "anterior_sacral_meningocele"
BIOPSY_ID = "biopsy"
# free text typed instead of a listed type: the word in English and Spanish ("meningocele")
_WORD = "meningocel"


def meningocele_areas(consultation: Any) -> list[int]:
    """Numbers of the lesions whose suspected type is a meningocele (listed or typed)."""
    out = []
    for lesion in sorted(getattr(consultation, "lesions", ()), key=lambda m: m.number):
        if (lesion.suspected_type == MENINGOCELE_ID
                or _WORD in (lesion.suspected_type_text or "").casefold()):
            out.append(lesion.number)
    return out


def biopsy_with_meningocele(consultation: Any) -> list[int]:
    """The meningocele areas when a biopsy is also ticked, else []."""
    if BIOPSY_ID not in getattr(consultation, "tests", ()):
        return []
    return meningocele_areas(consultation)
