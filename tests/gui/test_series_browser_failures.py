"""The series browser always ends its reading with a result or a sentence: a folder nested
1,000 deep is read, and a failure of the reading thread is shown, never "Reading the
folder…" for ever."""

from __future__ import annotations

import pytest

from desktop_app.ui import series_browser
from tests.attacks import nested_folders as _nested
from tests.attacks import remove_tree
from tests.scan_samples import write_slice


@pytest.fixture
def window(qtbot, library, atlas):
    from desktop_app.ui.main_window import MainWindow

    w = MainWindow(library, atlas=atlas)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.show()
    qtbot.waitExposed(w)
    return w


def _open(qtbot, window, folder):
    browser = window.open_patient_scans(str(folder))
    qtbot.addWidget(browser)
    qtbot.waitUntil(lambda: not browser.scanning, timeout=30000)
    return browser


def test_a_folder_nested_1000_deep_lists_its_series(qtbot, window, tmp_path):
    bottom = _nested(tmp_path / "cd", 1000)
    write_slice(bottom / "IM1", study_uid="1.2.3", series_uid="1.2.3.4", index=0, position=0.0)
    try:
        browser = _open(qtbot, window, tmp_path / "cd")
    finally:
        remove_tree(tmp_path / "cd")
    assert browser.scan_result is not None and browser.series_list.count() == 1
    assert "Reading the folder" not in browser.summary.text()
    browser.close()


def test_a_failure_of_the_reading_ends_in_a_message(qtbot, window, tmp_path, monkeypatch):
    def broken(*_a, **_k):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(series_browser, "scan_folder", broken)
    (tmp_path / "cd").mkdir()
    browser = _open(qtbot, window, tmp_path / "cd")
    assert browser.summary.text().startswith("The folder could not be read")
    assert browser.scan_error and browser.series_list.count() == 0
    browser.close()
