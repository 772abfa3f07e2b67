"""Fixtures for the tests that drive real widgets.

- Every test starts from empty settings of its own (a settings path in its tmp_path, so one
  test's choices, like hidden labels or the last folder, never reach the next or a parallel
  run).
- ``make_window`` / ``window``: the main window, shown, closed at the end without the
  unsaved-changes prompt. A module may define its own ``make_window`` (the autosave tests
  do); ``window`` then uses it.
- A test that leaves a top-level window open (a dialog never closed, a window not handed to
  qtbot) fails: the next test would otherwise see it, click it or wait behind it.
"""

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def _clean_settings(qapp, tmp_path_factory):
    """Each test its own settings file: nothing shared with another test or another run (a
    folder of its own, not in ``tmp_path``, which tests expect to hold only their files)."""
    QStandardPaths.setTestModeEnabled(True)
    folder = tmp_path_factory.mktemp("settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    assert not QSettings().allKeys(), "a new test must start with no settings"
    yield
    QSettings().clear()


@pytest.fixture(autouse=True)
def _no_leaked_windows(qapp):
    """Fail a test after which a new top-level window is still visible.

    Set up before qtbot (autouse fixtures come first), so checked after qtbot has closed the
    widgets it was given. Hidden leftovers are deleted so they do not pile up."""
    before = set(map(id, QApplication.topLevelWidgets()))
    yield
    QApplication.processEvents()
    new = [w for w in QApplication.topLevelWidgets() if id(w) not in before]
    leaked = [f"{type(w).__name__}({w.objectName()!r})" for w in new if w.isVisible()]
    for w in new:  # hide, not close: a close could ask to save, and nobody can answer
        w.hide()
        w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if leaked:
        pytest.fail(f"top-level windows left open by the test: {', '.join(leaked)}",
                    pytrace=False)


@pytest.fixture
def make_window(qtbot, library, atlas):
    """Build a shown MainWindow; keyword arguments go to MainWindow (config, content_for)."""
    from desktop_app.ui.main_window import MainWindow

    def make(**kwargs) -> MainWindow:
        w = MainWindow(library, atlas=atlas, **kwargs)
        qtbot.addWidget(w)
        # pytest-qt closes the window before fixture teardown: no unsaved-changes prompt then.
        # Tests of the prompt itself delete this override.
        w.maybe_save = lambda: True
        w.show()
        qtbot.waitExposed(w)
        return w

    return make


@pytest.fixture
def window(make_window):
    return make_window()
