"""A full session with distinctive patient data; no file the app writes on its own holds it.

The real app runs in a subprocess whose home, data, config, cache, runtime and temp folders
all live under one sandbox. The session: open a consultation (CLI ``open``), type into the
widgets, add marks, wait for the autosave, save, export the PDF (if the exporter is
installed), edit again, force an unexpected error through the exception hook, try to log the
data directly, Save As into a folder named after the record number, close the window.

Then every file under the sandbox except the user's chosen save/export folder is scanned:
logs, settings (QSettings), recovery folder, caches, temp files. None may contain the name,
its words, the date of birth, the record number, the note or a mark label.

The recovery file is the one deliberate exception while the session runs: it must hold the
consultation to be useful. Encryption at rest is out of scope (it would need a key the same
user account can read); instead it is checked to be mode 0600 in a 0700 folder, and it must
be gone after the clean close — so the final scan covers the recovery folder too.
"""

from __future__ import annotations

import json
import sys

import pytest

from desktop_app.model import storage
from desktop_app.model.consultation import Consultation, Lesion, Patient
from tests.e2e.sandbox import Sandbox

SECRETS = {
    "name": "Perpetua Quillfeather-Nakamura",
    "dob": "1953-02-27",
    "mrn": "QX-771-0093",
    "note": "Discussed the sacral chordoma privately with her daughter Ingrid.",
    "extra_note": "Prefers calls after six, ask for Ingrid Quillfeather.",
    "label": "Zanzibar-shaped cyst",
}

DRIVER = r"""
import json, logging, os, stat
from PySide6.QtCore import QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from desktop_app.model.consultation import Lesion

S = json.loads(os.environ["SECRETS"])
res = {}
doc = window.document
res["opened"] = doc.path.name if doc.path else None

# edit through the widgets and the undo stack
window.tabs.setCurrentIndex(0)
notes = window.findChild(QPlainTextEdit, "notes")
notes.moveCursor(notes.textCursor().MoveOperation.End)
QTest.keyClick(notes, Qt.Key.Key_Return)
QTest.keyClicks(notes, S["extra_note"])
QTest.keyClicks(window.findChild(QLineEdit, "clinician"), "Dr. Privacy")
doc.set_value(lambda c: c, "lesions", list(doc.consultation.lesions)
              + [Lesion(cx=300, cy=300, label=S["label"])], "Add lesion", "annotations")

# autosave
saver = window.autosaver
wait_until(lambda: saver.path.exists(), 15)
res["recovery_mode"] = oct(stat.S_IMODE(os.stat(saver.path).st_mode))
res["recovery_dir_mode"] = oct(stat.S_IMODE(os.stat(saver.path.parent).st_mode))
res["recovery_holds_note"] = S["extra_note"] in saver.path.read_text(encoding="utf-8")

# save, export
res["saved"] = window.save_to(os.environ["SAVE_TO"])
res["recovery_after_save"] = saver.path.exists()
res["exported"] = window.export_to(os.environ["EXPORT_TO"])

# edit again, then an unexpected error quoting every secret
doc.set_field("clinician", "Dr. Privacy Again", "Edit clinician")

def boom():
    raise RuntimeError("cannot draw " + " / ".join(S.values()))

QTimer.singleShot(0, boom)

def error_box():
    for w in QApplication.topLevelWidgets():
        if w.objectName() == "error_dialog" and w.isVisible():
            return w

box = wait_until(error_box, 15)
res["error_autosaved"] = saver.path.exists()
res["error_text"] = box.text() + " " + box.informativeText()
box.accept()
wait_until(lambda: error_box() is None, 5)
res["still_running"] = window.isVisible()

# even a careless log call is redacted
logging.getLogger("presacral.careless").warning("patient %s, note %s", S["name"], S["note"])

# Save As into a folder named after the record number; then a clean close
res["saved_as"] = window.save_to(os.environ["SAVE_AS"], check_disk=False)
window.close()
res["closed"] = not window.isVisible()
res["recovery_after_close"] = saver.path.exists()
with open(os.environ["RESULT"], "w", encoding="utf-8") as fh:
    json.dump(res, fh)
"""


def _needles() -> dict[str, list[bytes]]:
    words = set(SECRETS.values())
    for value in SECRETS.values():
        words.update(w.strip(".,") for w in value.replace("-", " ").split()
                     if len(w) >= 6 and w[0].isupper() and w not in ("Discussed", "Prefers"))
    out = {}
    for word in words:
        forms = {word, word.lower(), word.upper()}
        out[word] = [f.encode("utf-8") for f in forms] + [f.encode("utf-16-le") for f in forms]
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_no_patient_data_outside_the_chosen_files(tmp_path):
    box = Sandbox(tmp_path)
    case = box.user / "quillfeather.json"
    storage.save(Consultation(patient=Patient(name=SECRETS["name"], date_of_birth=SECRETS["dob"],
                                              record_number=SECRETS["mrn"]),
                              visit_date="2026-11-26", notes=SECRETS["note"],
                              symptoms=["low_back_pain"], lesions=[Lesion(cx=10, cy=10)]), case)
    mrn_folder = box.user / SECRETS["mrn"]
    mrn_folder.mkdir()
    config = box.test / "clinic.yaml"
    config.write_text("autosave_seconds: 1\n", encoding="utf-8")
    result_path = box.test / "result.json"
    driver = box.driver("privacy.py", DRIVER)
    proc = box.run("--config", str(config), "open", str(case), driver=driver, timeout=120,
                   RESULT=str(result_path),
                   SECRETS=json.dumps(SECRETS), SAVE_TO=str(box.user / "saved.json"),
                   EXPORT_TO=str(box.user / "summary.pdf"),
                   SAVE_AS=str(mrn_folder / "visit.json"))
    assert proc.returncode == 0, proc.stderr
    res = json.loads(result_path.read_text(encoding="utf-8"))

    # the session did what it should
    assert res["opened"] == "quillfeather.json"
    assert res["recovery_mode"] == "0o600" and res["recovery_dir_mode"] == "0o700"
    assert res["recovery_holds_note"]  # (that is its job; hence 0600 and removed below)
    assert res["saved"] and not res["recovery_after_save"]
    assert res["exported"] is True
    assert res["error_autosaved"] and res["still_running"]
    assert "safe" in res["error_text"]
    assert res["saved_as"] and res["closed"] and not res["recovery_after_close"]
    assert storage.load(mrn_folder / "visit.json").patient.name == SECRETS["name"]

    # every file the app wrote by itself
    written = box.app_written_files()
    names = [p.relative_to(box.root).as_posix() for p in written]
    logs = [p for p in written if p.parent == box.log_dir]
    assert logs, names
    assert any(p.suffix == ".conf" for p in written), names  # QSettings (last folder)
    assert not list(box.recovery_dir.glob("session-*")), names
    leaks = []
    needles = _needles()
    for path in written:
        data = path.read_bytes()
        for secret, forms in needles.items():
            if any(form in data for form in forms):
                leaks.append(f"{path.relative_to(box.root)}: {secret!r}")
    assert leaks == [], "patient data outside the user's files:\n" + "\n".join(leaks)
    for stream in (proc.stdout, proc.stderr):
        assert not any(secret in stream for secret in needles), stream

    # the log still tells IT what happened
    log_text = "".join(p.read_text(encoding="utf-8") for p in logs)
    assert "unexpected error" in log_text and "RuntimeError" in log_text
    assert "[redacted]" in log_text
