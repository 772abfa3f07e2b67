"""A warning to the surgeon, never a block: a biopsy is ticked while a lesion is thought to be
an anterior sacral meningocele, which is never needled (meningitis has followed biopsy: Jao
1985, PMID 2996861; MRI makes the diagnosis).

It sits above the explanations and follows every change of the ticked tests and of the
lesions' suspected types. The plan may still be right (a biopsy of another lesion), so nothing
is stopped; the patient's summary then leaves the needle description out of the biopsy card.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop_app.model.biopsy_check import biopsy_with_meningocele
from desktop_app.ui.warning_label import install_warning


def warning_text(areas: list[int]) -> str:
    where = (f"Area {areas[0]} may be" if len(areas) == 1 else
             "Areas " + ", ".join(str(n) for n in areas[:-1]) + f" and {areas[-1]} may be")
    return (f"{where} an anterior sacral meningocele, and a biopsy is checked. A meningocele "
            "is never needled, by any route: meningitis has followed biopsy (Jao 1985). MRI "
            "makes the diagnosis. The patient's summary will not describe a needle biopsy.")


def install_biopsy_warning(window) -> QLabel:
    def text(consultation) -> str:
        areas = biopsy_with_meningocele(consultation)
        return warning_text(areas) if areas else ""

    return install_warning(window, "biopsy_warning",
                           "Warning: biopsy with a possible meningocele", text)
