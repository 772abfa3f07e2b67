"""The consultation's file life cycle for one main window: new, open, save, save as, export to
PDF, the safety copy (autosave / recovery) and the folder last used.

A small action object that holds a reference to its window (for dialog parents and the status
bar) and to the window's Document, so the window itself keeps only layout. Saving never
overwrites a file someone else changed since we read it without asking; a failed save keeps
the data in memory, makes a safety copy and offers Save As at once.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from desktop_app import APP_NAME
from desktop_app.document import Document
from desktop_app.infra import recovery
from desktop_app.infra.config import ClinicConfig
from desktop_app.model import storage
from desktop_app.model.consultation import Consultation
from desktop_app.model.files import shown_name
from desktop_app.ui import folders

log = logging.getLogger("presacral.ui")

FILE_FILTER = "Consultation (*.json)"


class FileActions:
    """Open / save / export of ``document`` for ``window``.

    ``atlas`` and ``content_for`` (language -> ContentLibrary) are what the PDF is made from;
    ``on_saved(path)`` is called after every successful save.
    """

    def __init__(self, window: QMainWindow, document: Document, config: ClinicConfig, *,
                 atlas: Any = None, content_for: Callable[[str], Any] | None = None,
                 on_saved: Callable[[str], Any] | None = None):
        self.window = window
        self.document = document
        self.config = config
        self.atlas = atlas
        self.content_for = content_for or (lambda _lang: None)
        self.on_saved = on_saved or (lambda _path: None)
        # what the file on disk was when we last read or wrote it (None: not known)
        self.disk_fingerprint: recovery.Fingerprint | None = None
        self.autosaver = recovery.Autosaver(document, config.autosave_seconds, window,
                                            fingerprint=lambda: self.disk_fingerprint)
        self.autosaver.failed.connect(lambda reason: self._status(
            f"The automatic safety copy could not be written ({reason}). Save the "
            "consultation to keep it safe.", 15000))

    # ---------------------------------------------------------------- menu
    def add_to_menu(self, menu: QMenu) -> dict[str, QAction]:
        """New, Open…, Save, Save As…, Export PDF summary… in ``menu`` (actions of the window,
        by object name)."""
        made: dict[str, QAction] = {}
        entries: tuple[tuple[str, Callable[[], Any], QKeySequence | QKeySequence.StandardKey,
                             str], ...] = (
            ("&New", self.new_consultation, QKeySequence.StandardKey.New, "act_new"),
            ("&Open…", self.open_dialog, QKeySequence.StandardKey.Open, "act_open"),
            ("&Save", self.save, QKeySequence.StandardKey.Save, "act_save"),
            ("Save &As…", self.save_as, QKeySequence("Ctrl+Shift+S"), "act_save_as"),
            ("&Export PDF summary…", self.export_dialog, QKeySequence("Ctrl+E"), "act_export"))
        for text, slot, keys, name in entries:
            if name == "act_export":
                menu.addSeparator()
            act = QAction(text, self.window)
            act.setObjectName(name)
            act.setShortcut(QKeySequence(keys))
            act.triggered.connect(slot)
            menu.addAction(act)
            self.window.addAction(act)
            made[name] = act
        return made

    # ---------------------------------------------------------------- helpers
    def _status(self, text: str, msecs: int) -> None:
        self.window.statusBar().showMessage(text, msecs)

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("message_box")
        box.exec()

    def last_dir(self) -> str:
        return folders.start_folder()

    def remember_dir(self, path: str | Path) -> None:
        folders.remember_folder(path)

    # ---------------------------------------------------------------- unsaved changes
    def maybe_save(self) -> bool:
        """Ask what to do with unsaved changes. True means it is safe to continue."""
        if not self.document.is_dirty:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME,
                          "This consultation has unsaved changes.",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("unsaved_prompt")
        box.setInformativeText("Do you want to save them?")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # ---------------------------------------------------------------- new / open
    def new_consultation(self) -> None:
        if self.maybe_save():  # the recovery file goes once the document is replaced
            self.disk_fingerprint = None
            self.document.replace(Consultation(language=self.config.language))

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Open consultation", self.last_dir(),
                                              FILE_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        path = Path(path)
        before = recovery.Fingerprint.of(path)
        try:
            consultation = storage.load(path)
        except storage.StorageError as exc:
            log.warning("open failed: %s", str(exc).replace(shown_name(path), "<file>"))
            self._message(QMessageBox.Icon.Warning, "Could not open the consultation", str(exc))
            return False
        # changed while we read it? then we do not know what we have: ask before saving over it
        self.disk_fingerprint = before if recovery.Fingerprint.of(path) == before else None
        self.document.replace(consultation, path)
        self.remember_dir(path)
        return True

    def restore_recovered(self, entry: recovery.RecoveryEntry) -> None:
        """Take over a consultation from a crash's recovery file: unsaved until saved."""
        self.disk_fingerprint = entry.fingerprint
        self.document.replace(entry.consultation, entry.document_path)
        self.document.set_dirty()
        self.autosaver.save_now()  # our own safety copy first; the caller then drops the old
        self._status("Restored the unsaved consultation. Save it to keep it.", 10000)

    # ---------------------------------------------------------------- save
    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        current = self.document.path
        default = (str(current) if current is not None else str(
            Path(self.last_dir()) / f"consultation-{self.document.consultation.visit_date}.json"))
        from desktop_app.ui import dialogs   # (file dialogs: not needed to start)

        path = dialogs.final_save_path(self.window, dialogs.ask_save_path(
            self.window, "Save consultation as", default, FILE_FILTER, "json"), "json")
        if not path:
            return False
        # the file dialog (or final_save_path) asked before replacing an existing file
        return self.save_to(path, check_disk=False)

    def save_to(self, path: str | Path, *, check_disk: bool = True) -> bool:
        """Save to ``path``. Unless ``check_disk`` is off, a file there that someone else
        changed since we opened or saved it is not overwritten without asking."""
        path = Path(path)
        if check_disk:
            baseline = self.disk_fingerprint if path == self.document.path else None
            if recovery.disk_state(path, baseline) == recovery.CHANGED:
                choice = self._ask_changed_on_disk(path)
                if choice == "save_as":
                    return self.save_as()
                if choice != "overwrite":
                    return False
        try:
            storage.save(self.document.consultation, path)
        except storage.StorageError as exc:
            return self._save_failed(path, exc)
        self.disk_fingerprint = recovery.Fingerprint.of(path)
        self.document.mark_saved(path)  # clean: the autosaver removes the recovery file
        self.remember_dir(path)
        self._status(f"Saved {shown_name(path)}", 4000)
        self.on_saved(str(path))
        return True

    def _ask_changed_on_disk(self, path: Path) -> str:
        box = QMessageBox(QMessageBox.Icon.Warning, "The file was changed",
                          f"'{shown_name(path)}' was changed by someone else (or another program) "
                          "since you opened or last saved it.", QMessageBox.StandardButton.NoButton,
                          self.window)
        box.setObjectName("changed_on_disk")
        box.setInformativeText("Saving now would replace those changes with yours. Save your "
                               "version under a new name to keep both.")
        save_as = box.addButton("Save &As…", QMessageBox.ButtonRole.AcceptRole)
        overwrite = box.addButton("&Replace their changes", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        log.info("the consultation file was changed on disk by someone else; the user was asked")
        clicked = box.clickedButton()
        return "save_as" if clicked is save_as else "overwrite" if clicked is overwrite \
            else "cancel"

    def _save_failed(self, path: Path, exc: storage.StorageError) -> bool:
        """The data stays in memory; say so, keep a safety copy, offer Save As at once."""
        log.warning("save failed: %s", str(exc).replace(shown_name(path), "<file>"))
        safe = self.autosaver.save_now()
        box = QMessageBox(QMessageBox.Icon.Critical, "Could not save", str(exc),
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("save_failed")
        box.setInformativeText(
            "Nothing is lost: the consultation is still open in this window"
            + (" and a safety copy was made." if safe else ".")
            + "\n\nSave it somewhere else now?")
        save_as = box.addButton("Save &As…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        if box.clickedButton() is save_as:
            return self.save_as()
        return False

    # ---------------------------------------------------------------- export
    def export_dialog(self) -> None:
        from desktop_app.ui.handout_checks import confirm_handout

        if not confirm_handout(self.window, self.config.phone, self.document.consultation,
                               "Export"):
            return
        c = self.document.consultation
        default = str(Path(self.last_dir()) / f"visit-summary-{c.visit_date}.pdf")
        from desktop_app.ui import dialogs   # (file dialogs: not needed to start)

        path = dialogs.final_save_path(self.window, dialogs.ask_save_path(
            self.window, "Export patient summary", default, "PDF (*.pdf)", "pdf"), "pdf")
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> bool:
        from desktop_app.services import ServiceError, export_pdf

        c = self.document.consultation
        try:
            # the clinic's sign-off record the window already read (None: read it from disk)
            signoff = getattr(getattr(self.window, "signoff", None), "book", None)
            # the save dialog asked before replacing a file; the open consultation never is
            export_pdf(c, Path(path), config=self.config, content=self.content_for(c.language),
                       atlas=self.atlas, language=c.language, signoff=signoff,
                       inputs=(self.document.path,), confirmed=True)
        except (ServiceError, OSError) as exc:
            log.warning("export failed: %s", type(exc).__name__)
            self._message(QMessageBox.Icon.Critical, "Could not export the summary", str(exc))
            return False
        self._status(f"Exported {shown_name(path)}", 4000)
        return True
