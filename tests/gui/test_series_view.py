"""The series view step by step: its keys (one slice, ten slices, first and last, never past
either end), zoom by keys and Ctrl+wheel within its limits, the window kept while stepping,
the last 8 decoded slices kept, and a slice that cannot be decoded said on the view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from desktop_app.model.scans import scan_folder
from desktop_app.ui.series_view import SeriesView
from tests.scan_samples import make_cd


@pytest.fixture
def series(tmp_path):
    return scan_folder(make_cd(tmp_path / "cd", slices=12)).series[0]


@pytest.fixture
def view(qtbot, series):
    v = SeriesView()
    qtbot.addWidget(v)
    v.resize(300, 300)
    v.show()
    qtbot.waitExposed(v)
    v.set_series(series)
    return v


def test_a_series_opens_at_its_middle_slice(view, series):
    assert series.count == 12
    assert view.index == 6 and view.current_slice() is series.slices[6]
    assert view.problem == "" and view.current_image() is not None


@pytest.mark.parametrize("key, index", [
    (Qt.Key.Key_Down, 7), (Qt.Key.Key_Right, 7), (Qt.Key.Key_Up, 5), (Qt.Key.Key_Left, 5),
    (Qt.Key.Key_PageDown, 11), (Qt.Key.Key_PageUp, 0), (Qt.Key.Key_Home, 0),
    (Qt.Key.Key_End, 11)])
def test_keys_step_from_the_middle(qtbot, view, key, index):
    changed = []
    view.index_changed.connect(changed.append)
    qtbot.keyClick(view, key)
    assert view.index == index and changed == [index]


def test_steps_stop_at_the_first_and_the_last_slice(qtbot, view):
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.index == 11
    changed = []
    view.index_changed.connect(changed.append)
    qtbot.keyClick(view, Qt.Key.Key_Down)            # past the last: stays, no signal
    assert view.index == 11 and changed == []
    view.set_index(12)
    assert view.index == 11 and changed == []
    view.set_index(0)
    qtbot.keyClick(view, Qt.Key.Key_Up)              # before the first: stays
    view.set_index(-1)
    assert view.index == 0 and changed == [0]


def test_other_keys_are_left_to_the_view(qtbot, view):
    qtbot.keyClick(view, Qt.Key.Key_A)
    assert view.index == 6


def _wheel(view, delta: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    pos = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)
    event = QWheelEvent(pos, view.viewport().mapToGlobal(pos), QPoint(0, 0), QPoint(0, delta),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def test_zoom_by_keys_and_ctrl_wheel_and_its_limits(qtbot, view):
    start = view.zoom()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom() == pytest.approx(start * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Equal)           # '+' without Shift
    assert view.zoom() == pytest.approx(start * 1.25 * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom() == pytest.approx(start * 1.25)
    _wheel(view, 120, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(start * 1.25 * 1.25) and view.index == 6
    for _ in range(60):
        view.zoom_by(1.25)
    assert view.zoom() == pytest.approx(40.0)        # at most 40 x
    for _ in range(120):
        view.zoom_by(0.8)
    assert view.zoom() == pytest.approx(0.05)        # at least 0.05 x


def test_the_users_zoom_is_kept_while_stepping_and_resizing(qtbot, view):
    view.zoom_by(2.0)
    zoom = view.zoom()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    view.resize(400, 350)
    assert view.zoom() == pytest.approx(zoom)
    view.set_series(view.series)                     # a new series fits again
    assert view.zoom() != pytest.approx(zoom)


def test_the_window_is_kept_while_stepping(qtbot, view):
    own = view.current_window()
    assert own is not None
    seen = []
    view.window_changed.connect(lambda c, w: seen.append((c, w)))
    view.set_window(40, 0)                           # width at least 1
    assert view.current_window() == (40.0, 1.0) and seen == [(40.0, 1.0)]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.current_window() == (40.0, 1.0)
    view.apply_preset("CT bone")
    assert view.current_window() == (400.0, 1800.0)
    view.set_series(view.series)                     # a new series: its own window again
    assert view.current_window() == own


def test_the_last_8_slices_are_kept_decoded(view, series, monkeypatch):
    from desktop_app.model import images as image_model

    decoded = []
    real = image_model.import_image

    def counting(path, **kwargs):
        decoded.append(str(path))
        return real(path, **kwargs)

    monkeypatch.setattr(image_model, "import_image", counting)
    view._cache.clear()
    for index in range(9):                           # slices 0..8: 9 decoded, 8 kept
        view.set_index(index)
    assert len(decoded) == 9 and len(view._cache) == 8
    view.set_index(1)                                # still kept: not decoded again
    assert len(decoded) == 9
    view.set_index(0)                                # the 9th back: slice 0 had gone
    assert len(decoded) == 10 and decoded[-1] == series.slices[0].path


def test_a_slice_that_cannot_be_decoded_is_said_on_the_view(qtbot, view, series):
    broken = series.slices[7].path
    with open(broken, "r+b") as fh:
        fh.truncate(200)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.index == 7 and view.problem
    assert view.current_image() is None and view.current_window() is None
    view.apply_preset("CT bone")                     # nothing to window: no change, no error
    assert view._window is None
    view.grab()                                      # the problem is drawn, not raised
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.problem == "" and view.current_image() is not None


def test_no_series_is_an_empty_view(qtbot, view):
    view.set_series(None)
    assert view.count == 0 and view.current_slice() is None and view.current_image() is None
    assert view.current_window() is None
    view.set_index(3)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.index == -1
    view.fit()
    view.grab()
