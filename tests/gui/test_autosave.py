"""Autosave, recovery offer, save errors, files changed on disk and the exception hook,
through the real main window."""

from __future__ import annotations

import errno
import io
import json
import logging
import os
import shutil
import stat

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from desktop_app.infra import logsafe, recovery
from desktop_app.infra.config import ClinicConfig
from desktop_app.model import storage
from desktop_app.model.consultation import Lesion
from desktop_app.ui import application, dialogs, recovery_dialog
from desktop_app.ui.main_window import MainWindow
from tests.conftest import EXAMPLE

NAME = "Ottoline Vasquez-Brightwater"


@pytest.fixture
def rec_dir(tmp_path, monkeypatch):
    folder = tmp_path / "recovery"
    monkeypatch.setattr(recovery, "recovery_dir", lambda: folder)
    return folder


@pytest.fixture
def make_window(qtbot, library, atlas, rec_dir):
    made = []

    def make(seconds: float = 1.0) -> MainWindow:
        w = MainWindow(library, config=ClinicConfig(autosave_seconds=seconds), atlas=atlas)
        w.show()  # closed below, not by qtbot: pytest-qt closes its widgets before fixtures end
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield make
    for w in made:  # close without the unsaved prompt
        w.document.undo_stack.setClean()
        w.document._force_dirty = False
        w.close()
        w.deleteLater()


def _type_name(window, qtbot, text=NAME):
    window.tabs.setCurrentIndex(0)
    qtbot.keyClicks(window.findChild(QLineEdit, "patient_name"), text)


def _add_lesion(window, label="cyst"):
    doc = window.document
    doc.set_value(lambda c: c, "lesions", list(doc.consultation.lesions) + [Lesion(label=label)],
                  "Add lesion", "annotations")


def _answer(qtbot, object_name: str, button_text: str | None = None, standard=None,
            seen: list | None = None):
    """Click a button of the next modal box called ``object_name`` once it shows."""

    def click():
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != object_name:
            QTimer.singleShot(20, click)
            return
        if seen is not None:
            seen.append((box.text(), box.informativeText()))
        if standard is not None:
            box.button(standard).click()
            return
        for b in box.buttons():
            if b.text().replace("&", "") == button_text:
                b.click()
                return
        raise AssertionError(f"no button {button_text!r} in {object_name}")

    QTimer.singleShot(0, click)


# ------------------------------------------------------------------------------ autosave
def test_typing_is_autosaved_within_the_interval_and_a_save_removes_it(window, qtbot, tmp_path):
    saver = window.autosaver
    with qtbot.waitSignal(saver.saved, timeout=3000):
        _type_name(window, qtbot)
    entry = recovery.read_entry(saver.path)
    assert entry.consultation.patient.name == NAME
    if os.name == "posix":
        assert stat.S_IMODE(os.stat(saver.path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(saver.path.parent).st_mode) == 0o700
    assert window.save_to(tmp_path / "case.json")
    assert not saver.path.exists()
    _add_lesion(window)
    with qtbot.waitSignal(saver.saved, timeout=3000):
        pass
    window.act_undo.trigger()  # back to the saved state: nothing to recover
    assert not saver.path.exists()


def test_new_with_discard_removes_the_recovery_file(window, qtbot):
    _type_name(window, qtbot)
    window.autosaver.save_now()
    assert window.autosaver.path.exists()
    _answer(qtbot, "unsaved_prompt", standard=QMessageBox.StandardButton.Discard)
    window.new_consultation()
    assert window.document.consultation.patient.name == ""
    assert not window.autosaver.path.exists()


def test_closing_cleanly_leaves_nothing_behind(window, qtbot, rec_dir):
    _type_name(window, qtbot)
    window.autosaver.save_now()
    _answer(qtbot, "unsaved_prompt", standard=QMessageBox.StandardButton.Discard)
    assert window.close()
    assert list(rec_dir.iterdir()) == []


def test_two_windows_keep_separate_recovery_files(make_window, qtbot, rec_dir):
    a, b = make_window(), make_window()
    _type_name(a, qtbot, "Window Alpha")
    _type_name(b, qtbot, "Window Beta")
    a.autosaver.save_now()
    b.autosaver.save_now()
    assert a.autosaver.path != b.autosaver.path
    names = {recovery.read_entry(w.autosaver.path).consultation.patient.name for w in (a, b)}
    assert names == {"Window Alpha", "Window Beta"}
    assert recovery.find_leftovers(rec_dir) == []  # both live


# ----------------------------------------------------------------------- recovery offer
def _leftover(rec_dir, consultation, document_path=None, fingerprint=None):
    from desktop_app.document import Document

    doc = Document(consultation)
    saver = recovery.Autosaver(doc, 3600, folder=rec_dir,
                               fingerprint=lambda: fingerprint)
    doc.set_dirty()
    doc.path = document_path
    saver.close(keep_if_dirty=True)
    return saver.path


def _offer_and_click(window, qtbot, rec_dir, button: str, new_window=None):
    offer = recovery_dialog.offer_recovery(window, new_window, folder=rec_dir)
    assert offer is not None
    qtbot.waitUntil(lambda: offer.dialog is not None and offer.dialog.isVisible())
    dialog = offer.dialog
    details = dialog.details.text()
    with qtbot.waitSignal(offer.finished, timeout=3000):
        getattr(dialog, button).click()
    return details


def test_restore_offer_shows_date_and_marks_not_the_name(window, qtbot, rec_dir):
    c = storage.load(EXAMPLE)
    old = _leftover(rec_dir, c)
    details = _offer_and_click(window, qtbot, rec_dir, "restore_button")
    assert "November 26, 2026" in details and "26 November" not in details
    marks = len(c.lesions) + len(c.strokes) + len(c.arrows) + len(c.texts)
    assert f"{marks} marks on the diagram" in details
    for secret in (c.patient.name, c.patient.date_of_birth, c.patient.record_number):
        assert secret not in details
    assert window.document.consultation == c
    assert window.document.is_dirty and window.isWindowModified()
    assert not old.exists()  # the leftover is gone ...
    assert window.autosaver.path.exists()  # ... after our own safety copy was written
    assert recovery.read_entry(window.autosaver.path).consultation == c


def test_discard_and_later(window, qtbot, rec_dir):
    c = storage.load(EXAMPLE)
    path = _leftover(rec_dir, c)
    _offer_and_click(window, qtbot, rec_dir, "later_button")
    assert path.exists() and not window.document.is_dirty
    _offer_and_click(window, qtbot, rec_dir, "discard_button")
    assert not path.exists()
    assert recovery_dialog.offer_recovery(window, folder=rec_dir) is None


def test_second_restore_goes_to_a_new_window(make_window, qtbot, rec_dir):
    first = make_window()
    c = storage.load(EXAMPLE)
    _leftover(rec_dir, c)
    c2 = storage.load(EXAMPLE)
    c2.patient.name = "Second Person"
    _leftover(rec_dir, c2)
    extra = []
    offer = recovery_dialog.offer_recovery(first, lambda: extra.append(make_window()) or extra[-1],
                                           folder=rec_dir)
    for _ in range(2):
        qtbot.waitUntil(lambda: offer.dialog is not None and offer.dialog.isVisible())
        dialog = offer.dialog
        dialog.restore_button.click()
        qtbot.waitUntil(lambda dialog=dialog: offer.dialog is not dialog)
    assert len(extra) == 1
    names = {first.document.consultation.patient.name, extra[0].document.consultation.patient.name}
    assert names == {c.patient.name, "Second Person"}


def test_restored_file_keeps_its_place_and_notices_foreign_changes(window, qtbot, rec_dir,
                                                                   tmp_path):
    case = tmp_path / "case.json"
    shutil.copy(EXAMPLE, case)
    c = storage.load(case)
    c.notes = "changed before the crash"
    _leftover(rec_dir, c, document_path=case, fingerprint=recovery.Fingerprint.of(case))
    _offer_and_click(window, qtbot, rec_dir, "restore_button")
    assert window.document.path == case
    assert window.save()  # the file is as we last saw it: no question
    assert storage.load(case).notes == "changed before the crash"


# ------------------------------------------------------------------- changed on disk
def test_a_file_changed_by_someone_else_is_not_overwritten_silently(window, qtbot, tmp_path):
    case = tmp_path / "case.json"
    shutil.copy(EXAMPLE, case)
    assert window.open_path(case)
    _add_lesion(window, "mine")
    theirs = json.loads(case.read_text(encoding="utf-8"))
    theirs["notes"] = "edited by a colleague"
    case.write_text(json.dumps(theirs), encoding="utf-8")
    seen = []
    _answer(qtbot, "changed_on_disk", standard=QMessageBox.StandardButton.Cancel, seen=seen)
    assert window.save() is False
    assert "changed by someone else" in seen[0][0]
    assert storage.load(case).notes == "edited by a colleague"
    assert window.document.is_dirty
    # "Save As…" keeps both
    other = tmp_path / "mine.json"
    window_dialog = []
    ask = dialogs.ask_save_path
    try:
        dialogs.ask_save_path = lambda *a, **k: window_dialog.append(a) or str(other)
        _answer(qtbot, "changed_on_disk", "Save As…")
        assert window.save() is True
    finally:
        dialogs.ask_save_path = ask
    assert storage.load(case).notes == "edited by a colleague"
    assert storage.load(other).lesions[-1].label == "mine"
    assert window.document.path == other
    # and "Replace their changes" overwrites, when chosen explicitly
    theirs["notes"] = "edited again"
    other.write_text(json.dumps(theirs), encoding="utf-8")
    _answer(qtbot, "changed_on_disk", "Replace their changes")
    assert window.save() is True
    assert storage.load(other).lesions[-1].label == "mine"


def test_a_touched_but_identical_file_saves_without_asking(window, qtbot, tmp_path):
    case = tmp_path / "case.json"
    shutil.copy(EXAMPLE, case)
    window.open_path(case)
    st = os.stat(case)
    os.utime(case, ns=(st.st_atime_ns, st.st_mtime_ns + 3_000_000_000))
    _add_lesion(window)
    shown = []

    def watchdog():  # a question box would block save(): record and close it
        box = QApplication.activeModalWidget()
        if box is not None:
            shown.append(box.objectName())
            box.reject()

    timer = QTimer()
    timer.timeout.connect(watchdog)
    timer.start(50)
    try:
        assert window.save() is True
    finally:
        timer.stop()
    assert shown == [] and not window.document.is_dirty


# --------------------------------------------------------------------------- save errors
def _saving_fails_then_save_as(window, qtbot, tmp_path, target):
    _type_name(window, qtbot)
    seen = []
    rescue = tmp_path / "rescue" / "case.json"
    rescue.parent.mkdir()
    original = dialogs.ask_save_path
    dialogs.ask_save_path = lambda *a, **k: str(rescue)
    try:
        _answer(qtbot, "save_failed", "Save As…", seen=seen)
        assert window.save_to(target) is True
    finally:
        dialogs.ask_save_path = original
    text, info = seen[0]
    assert "Nothing is lost" in info and "Save it somewhere else" in info
    assert storage.load(rescue).patient.name == NAME
    assert window.document.path == rescue and not window.document.is_dirty
    return text


def test_save_into_a_vanished_folder_offers_save_as(window, qtbot, tmp_path):
    gone = tmp_path / "usb-stick"
    gone.mkdir()
    shutil.rmtree(gone)
    text = _saving_fails_then_save_as(window, qtbot, tmp_path, gone / "case.json")
    assert "no longer exists" in text


def test_disk_full_keeps_the_data_and_says_so(window, qtbot, tmp_path, monkeypatch):
    real = storage.atomic_write_bytes
    target = tmp_path / "case.json"

    def full(path, data, *, mode=None):
        if path == target:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data, mode=mode)

    monkeypatch.setattr(storage, "atomic_write_bytes", full)
    text = _saving_fails_then_save_as(window, qtbot, tmp_path, target)
    assert os.strerror(errno.ENOSPC) in text
    assert not target.exists()


def test_read_only_folder(window, qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.name == "posix" and os.geteuid() != 0:
        folder.chmod(0o500)  # real permissions (root ignores them: simulate below)
    else:
        real = storage.atomic_write_bytes

        def denied(path, data, *, mode=None):
            if path.parent == folder:
                raise PermissionError(errno.EACCES, "Permission denied")
            return real(path, data, mode=mode)

        monkeypatch.setattr(storage, "atomic_write_bytes", denied)
    try:
        text = _saving_fails_then_save_as(window, qtbot, tmp_path, folder / "case.json")
    finally:
        folder.chmod(0o700)
    assert "permission" in text


def test_cancel_after_a_failed_save_keeps_everything(window, qtbot, tmp_path):
    _type_name(window, qtbot)
    _answer(qtbot, "save_failed", standard=QMessageBox.StandardButton.Cancel)
    assert window.save_to(tmp_path / "missing" / "case.json") is False
    assert window.document.is_dirty
    assert window.document.consultation.patient.name == NAME
    assert recovery.read_entry(window.autosaver.path).consultation.patient.name == NAME


# ------------------------------------------------------------------------ exception hook
def test_exception_hook_logs_redacted_autosaves_at_once_and_keeps_running(make_window, qtbot):
    window = make_window(3600)  # the timer would not fire during this test
    _type_name(window, qtbot)
    assert not window.autosaver.path.exists()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logsafe.RedactingFilter())
    logging.getLogger("presacral").addHandler(handler)
    hook = application.ExceptionHandler(windows=lambda: [window])
    try:
        try:
            raise RuntimeError(f"could not draw the label for {NAME}")
        except RuntimeError as exc:
            hook(type(exc), exc, exc.__traceback__)
    finally:
        logging.getLogger("presacral").removeHandler(handler)
    assert window.autosaver.path.exists()
    assert recovery.read_entry(window.autosaver.path).consultation.patient.name == NAME
    logged = stream.getvalue()
    assert "RuntimeError" in logged and "Vasquez" not in logged and "Ottoline" not in logged
    qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible())
    assert hook.dialog.objectName() == application.ERROR_DIALOG_NAME
    assert "safe" in hook.dialog.text() and NAME not in hook.dialog.informativeText()
    # a burst of errors shows no second box on top
    first = hook.dialog
    hook(RuntimeError, RuntimeError("again"), None)
    assert hook.dialog is first and hook.count == 2
    first.accept()
    qtbot.waitUntil(lambda: hook.dialog is None)
    _add_lesion(window)  # still working
    assert window.document.consultation.lesions
