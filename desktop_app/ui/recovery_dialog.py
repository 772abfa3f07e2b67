"""The offer, at start-up, to restore consultations a crash left unsaved.

One calm dialog per leftover recovery file (newest first): Restore / Discard / Decide later.
It shows what identifies the visit without naming the patient (visit date, how many marks
and ticked items, when it was last saved automatically): the screen may be shared with the
next patient. Escape means "Decide later" — no key press ever throws work away.

Dialogs open with ``open()`` (not ``exec()``) so the app's event loop keeps running and the
windows stay responsive behind it.
"""

from __future__ import annotations

import datetime as _dt
import logging
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from desktop_app.infra import recovery

log = logging.getLogger("presacral.recovery")

RESTORE, DISCARD, LATER = "restore", "discard", "later"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _when(saved_at: _dt.datetime, now: _dt.datetime | None = None) -> str:
    now = now or _dt.datetime.now().astimezone()
    local = saved_at.astimezone() if saved_at.tzinfo else saved_at
    day = local.date()
    today = now.date()
    clock = local.strftime("%H:%M")
    if day == today:
        return f"today at {clock}"
    if day == today - _dt.timedelta(days=1):
        return f"yesterday at {clock}"
    return f"{day.isoformat()} at {clock}"


def describe(entry: recovery.RecoveryEntry, now: _dt.datetime | None = None) -> list[str]:
    """The lines the dialog shows. Never the patient's name, birth date or record number."""
    try:
        day = _dt.date.fromisoformat(entry.visit_date)
        visit = f"{day:%B} {day.day}, {day.year}"   # US order, as the app's English is US
    except ValueError:
        visit = entry.visit_date
    lines = [f"Visit date: {visit}",
             f"{_plural(entry.marks, 'mark')} on the diagram, "
             f"{_plural(entry.ticked, 'checked item')}",
             f"Last saved automatically {_when(entry.saved_at, now)}"]
    if entry.document_path:
        lines.append("It had been saved to a file before; restoring keeps that file's place.")
    return lines


class RecoveryDialog(QDialog):
    """Restore / Discard / Decide later for one leftover. ``choice`` holds the answer."""

    def __init__(self, entry: recovery.RecoveryEntry, index: int = 1, total: int = 1,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recovery_dialog")
        self.setWindowTitle("Restore unsaved consultation")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.choice = LATER
        layout = QVBoxLayout(self)
        counter = f" ({index} of {total})" if total > 1 else ""
        heading = QLabel(f"<b>A consultation was not saved when the app last closed"
                         f"{counter}.</b>")
        heading.setObjectName("recovery_heading")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)   # our own words only
        layout.addWidget(heading)
        intro = QLabel("A safety copy was kept. You can restore it now and save it, or "
                       "discard it.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.details = QLabel("\n".join(describe(entry)))
        self.details.setObjectName("recovery_details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setStyleSheet("padding:8px; background:#f4f6f8; border-radius:4px;")
        layout.addWidget(self.details)

        buttons = QDialogButtonBox()
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setObjectName("restore_button")
        self.discard_button = QPushButton("&Discard it")
        self.discard_button.setObjectName("discard_button")
        self.later_button = QPushButton("Decide &later")
        self.later_button.setObjectName("later_button")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setDefault(True)
        self.restore_button.setFocus()
        self.restore_button.clicked.connect(lambda: self._answer(RESTORE))
        self.discard_button.clicked.connect(lambda: self._answer(DISCARD))
        self.later_button.clicked.connect(lambda: self._answer(LATER))
        layout.addWidget(buttons)

    def _answer(self, choice: str) -> None:
        self.choice = choice
        self.done(QDialog.DialogCode.Accepted if choice == RESTORE
                  else QDialog.DialogCode.Rejected)

    def reject(self) -> None:  # Escape / window close: keep the file for later
        if self.choice != DISCARD:
            self.choice = LATER
        super().reject()


def _is_pristine(window) -> bool:
    doc = window.document
    return not doc.is_dirty and doc.path is None and doc.undo_stack.count() == 0


class RecoveryOffer(QObject):
    """Offers each leftover in turn. A restore goes into ``window`` if it is still untouched,
    otherwise into a new window from ``new_window()``."""

    finished = Signal()
    restored = Signal(object)  # the window that received a restored consultation

    def __init__(self, leftovers: list[recovery.Leftover], window,
                 new_window: Callable[[], object] | None = None, parent: QObject | None = None):
        super().__init__(parent or window)
        self.pending = list(leftovers)
        self.total = len(self.pending)
        self.window = window
        self.new_window = new_window
        self.dialog: RecoveryDialog | None = None
        self.current: recovery.Leftover | None = None

    def start(self) -> None:
        self._next()

    def _next(self) -> None:
        if not self.pending:
            self.dialog = None
            self.current = None
            self.finished.emit()
            return
        self.current = self.pending.pop(0)
        index = self.total - len(self.pending)
        self.dialog = RecoveryDialog(self.current.entry, index, self.total, self.window)
        self.dialog.finished.connect(self._answered)
        self.dialog.open()

    def _answered(self, _result: int) -> None:
        dialog, leftover = self.dialog, self.current
        if dialog is None or leftover is None:
            return
        choice = dialog.choice
        dialog.deleteLater()
        try:
            if choice == RESTORE:
                target = self.window
                if not _is_pristine(target) and self.new_window is not None:
                    target = self.new_window()
                target.restore_recovered(leftover.entry)
                leftover.discard()  # the target wrote its own recovery file first
                log.info("restored a consultation from a recovery file")
                self.restored.emit(target)
            elif choice == DISCARD:
                leftover.discard()
                log.info("discarded a recovery file at the user's request")
            else:
                leftover.release()
                log.info("recovery file kept for later")
        except Exception:
            leftover.release()
            raise
        finally:
            self._next()

    def release_all(self) -> None:
        """Give up the locks on files not yet answered (the app is quitting)."""
        for left in ([self.current] if self.current else []) + self.pending:
            left.release()
        self.pending = []


def tell_kept(window, notices: list[str]) -> QMessageBox:
    """Say which recovery files were kept for a newer version (not modal: start-up goes on)."""
    box = QMessageBox(QMessageBox.Icon.Information, "Unsaved work kept",
                      "\n\n".join(notices), QMessageBox.StandardButton.Ok, window)
    box.setObjectName("recovery_kept")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    window.recovery_kept_box = box
    return box


def offer_recovery(window, new_window: Callable[[], object] | None = None,
                   folder=None) -> RecoveryOffer | None:
    """Find leftover recovery files and start offering them; None if there are none."""
    notices: list[str] = []
    try:
        leftovers = recovery.find_leftovers(folder, notices)
    except OSError as exc:
        log.warning("could not look for recovery files (%s)", type(exc).__name__)
        return None
    if notices:
        tell_kept(window, notices)
    if not leftovers:
        return None
    log.info("found %d recovery file(s) from an earlier session", len(leftovers))
    offer = RecoveryOffer(leftovers, window, new_window)
    offer.start()
    return offer
