"""Before a summary goes home, what the surgeon at the desk is the last one able to catch:

* the clinic's phone number is not set up, so the summary has blank lines where the team's
  number belongs while most warnings in it say "call us" (``--selftest`` tells IT): asked
  once per window;
* a biopsy is ticked while an area may be a meningocele, which is never needled (the window
  shows a warning; the summary names the biopsy only inside its warning): asked at every
  export or print while the two stand together;
* the summary is in another language than English and holds words the surgeon typed (notes,
  area labels, what an area may be, words on the drawings, captions, a reason for another
  way in): the app does not translate them, so they print as typed; asked once per window,
  naming the kinds of text (the log names the kinds only, never the words).

None blocks: "... anyway" goes on (the biopsy may be meant for another area)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.infra.qtnames import named
from desktop_app.model.biopsy_check import biopsy_with_meningocele
from desktop_app.model.typed_text import LANGUAGE_NAMES, typed_kinds

log = logging.getLogger(__name__)

TITLE = "No phone number for your team"
TEXT = ("This clinic's phone number is not set up, so the patient's summary has blank lines "
        "where it belongs (page 1 and \"When to call us\"). Write your team's number there "
        "before the patient takes it home.\n\n"
        "IT can add it once for everyone: 'phone' in the clinic settings.")
BIOPSY_TITLE = "A biopsy with a possible meningocele"
BIOPSY_TEXT = ("{areas} may be an anterior sacral meningocele, and a biopsy is checked. A "
               "meningocele is never needled, by any route. The summary tells the patient to "
               "ask what the biopsy is for. Untick it if it is not meant for another area.")


TYPED_TITLE = "Your typed words are not translated"
TYPED_TEXT = ("This summary is in {language}, but the app does not translate what you "
              "typed. These print as typed: {kinds}.\n\n"
              "Read them with the patient, or type them in {language}.")
def _ask(window: QWidget, name: str, title: str, text: str, doing: str) -> bool:
    box = named(QMessageBox(QMessageBox.Icon.Warning, title, text,
                            QMessageBox.StandardButton.NoButton, window), name)
    go = box.addButton(f"{doing} anyway", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(go)
    box.exec()
    return box.clickedButton() is go


def confirm_missing_phone(window: QWidget, phone: str, doing: str) -> bool:
    """True to go on with ``doing`` ("Export" / "Print"): the phone is set, the surgeon said
    so before in this window, or says so now. False: cancelled."""
    if phone.strip() or getattr(window, "_phone_gap_accepted", False):
        return True
    if not _ask(window, "missing_phone_box", TITLE, TEXT, doing):
        return False
    window._phone_gap_accepted = True  # type: ignore[attr-defined]  # asked once a window
    return True


def confirm_biopsy(window: QWidget, consultation: Any, doing: str) -> bool:
    """True to go on: no biopsy beside a possible meningocele, or the surgeon says so now."""
    areas = biopsy_with_meningocele(consultation)
    if not areas:
        return True
    words = (f"Area {areas[0]}" if len(areas) == 1 else
             "Areas " + ", ".join(str(n) for n in areas[:-1]) + f" and {areas[-1]}")
    return _ask(window, "biopsy_handout_box", BIOPSY_TITLE, BIOPSY_TEXT.format(areas=words),
                doing)


def confirm_typed_words(window: QWidget, consultation: Any, doing: str) -> bool:
    """True to go on: the summary is in English, holds nothing the surgeon typed, the surgeon
    said so before in this window, or says so now. False: cancelled."""
    language = consultation.language or "en"
    if language == "en" or getattr(window, "_typed_words_accepted", False):
        return True
    kinds = typed_kinds(consultation)
    if not kinds:
        return True
    log.info("typed words in a %s summary: %s", language, ", ".join(kinds))
    words = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    name = LANGUAGE_NAMES.get(language, "the patient's language")
    text = TYPED_TEXT.format(language=name, kinds=words)
    if not _ask(window, "typed_words_box", TYPED_TITLE, text, doing):
        return False
    window._typed_words_accepted = True  # type: ignore[attr-defined]  # asked once a window
    return True


def confirm_handout(window: QWidget, phone: str, consultation: Any, doing: str) -> bool:
    """Every check, the safety one first."""
    return confirm_biopsy(window, consultation, doing) and \
        confirm_missing_phone(window, phone, doing) and \
        confirm_typed_words(window, consultation, doing)
