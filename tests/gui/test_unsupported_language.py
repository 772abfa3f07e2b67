"""Opening a case file in a language the app has no text for (French) in the window: one
line in a message, the open consultation unchanged, the file untouched."""

import json

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.model import storage
from tests.conftest import EXAMPLE


def test_open_a_case_in_french_is_refused_with_one_line(window, qtbot, tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["language"] = "fr"
    path = tmp_path / "visite.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before_file = path.read_bytes()
    window.document.set_patient_field("name", "Already Open", "Edit name")
    before = storage.dumps(window.document.consultation)
    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "message_box":
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    assert window.open_path(path) is False
    assert len(seen) == 1 and "\n" not in seen[0]
    assert "visite.json" in seen[0] and "language" in seen[0] and "'en', 'es'" in seen[0]
    assert storage.dumps(window.document.consultation) == before
    assert window.document.path is None
    assert path.read_bytes() == before_file
