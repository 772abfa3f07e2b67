"""At start, a crash leftover written by a newer version of the app is kept and the user is
told where it is and what to do (the start-up goes on: the note is not modal)."""

from __future__ import annotations

import json

from desktop_app.infra import recovery
from desktop_app.ui import recovery_dialog
from desktop_app.ui.main_window import MainWindow
from tests.unit.test_half_held import _leftover


def test_the_user_is_told_and_the_file_kept(qtbot, qapp, library, atlas, tmp_path):
    folder = tmp_path / "recovery"
    path = _leftover(qapp, folder, "Zqx-newer")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = recovery.RECOVERY_VERSION + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    window = MainWindow(library, atlas=atlas)
    qtbot.addWidget(window)
    window.maybe_save = lambda: True
    window.show()
    qtbot.waitExposed(window)
    assert recovery_dialog.offer_recovery(window, folder=folder) is None   # nothing to restore
    box = window.recovery_kept_box
    qtbot.waitUntil(box.isVisible)
    assert "newer version" in box.text() and path.name in box.text()
    box.close()
    assert path.exists() and not path.with_suffix(".unreadable").exists()
