"""Before a summary goes home: a clinic whose phone number is not set up prints blank lines
where the team's number belongs, and most warnings in it say "call us". ``--selftest`` tells
IT; the surgeon exporting or printing is the last person who can write the number in, so
they are asked once per window before the first export or print."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.infra.qtnames import named

TITLE = "No phone number for your team"
TEXT = ("This clinic's phone number is not set up, so the patient's summary has blank lines "
        "where it belongs (page 1 and \"When to call us\"). Write your team's number there "
        "before the patient takes it home.\n\n"
        "IT can add it once for everyone: 'phone' in the clinic settings.")


def confirm_missing_phone(window: QWidget, phone: str, doing: str) -> bool:
    """True to go on with ``doing`` ("Export" / "Print"): the phone is set, the surgeon said
    so before in this window, or says so now. False: cancelled."""
    if phone.strip() or getattr(window, "_phone_gap_accepted", False):
        return True
    box = named(QMessageBox(QMessageBox.Icon.Warning, TITLE, TEXT,
                            QMessageBox.StandardButton.NoButton, window), "missing_phone_box")
    go = box.addButton(f"{doing} anyway", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(go)
    box.exec()
    if box.clickedButton() is not go:
        return False
    window._phone_gap_accepted = True  # type: ignore[attr-defined]  # asked once a window
    return True
