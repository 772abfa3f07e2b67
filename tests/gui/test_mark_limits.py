"""The diagram never makes a visit the app cannot open again: at the mark limit a new mark is
not added (limitReached says why), and a very long pen stroke is simplified to the point
limit as it is drawn (model/limits.py)."""

from __future__ import annotations

import math

import pytest

from desktop_app.model import limits, storage
from desktop_app.model.consultation import Arrow
from tests.gui.test_annotations import Canvas


@pytest.fixture
def canvas(qtbot, atlas, library):
    return Canvas(qtbot, atlas, library)


def test_no_mark_past_the_limit(canvas, tmp_path):
    canvas.c.arrows = [Arrow(x1=100, y1=100 + i, x2=200, y2=150 + i)
                       for i in range(limits.MAX_MARKS)]
    canvas.document.notify("annotations")
    said = []
    canvas.ctl.limitReached.connect(said.append)
    canvas.ctl.set_tool("arrow")
    canvas.drag((500, 100), (430, 180))
    assert len(canvas.c.arrows) == limits.MAX_MARKS
    assert said and "limit" in said[0]
    from PySide6.QtWidgets import QToolTip

    assert QToolTip.isVisible() and "limit" in QToolTip.text()  # told where they draw
    storage.save(canvas.c, tmp_path / "full.json")
    assert len(storage.load(tmp_path / "full.json").arrows) == limits.MAX_MARKS


def test_a_very_long_scribble_is_stored_within_the_stroke_limit(canvas, tmp_path):
    canvas.ctl.set_tool("pen")
    canvas.press(200, 200)
    n = limits.MAX_STROKE_POINTS * 3
    for k in range(1, n):  # a dense zig-zag: every point is a real corner
        canvas.move(200 + (k % 400) * 1.0, 200 + 60 * math.sin(k / 2.0) + (k // 400) * 3)
    canvas.release(200 + ((n - 1) % 400), 230)
    assert len(canvas.c.strokes) == 1
    assert 2 <= len(canvas.c.strokes[0].points) <= limits.MAX_STROKE_POINTS
    storage.save(canvas.c, tmp_path / "scribble.json")
    assert storage.load(tmp_path / "scribble.json") == canvas.c


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="FIFOs")
def test_dropping_a_pipe_or_a_device_link_as_an_image_is_refused_without_hanging(qtbot,
                                                                                tmp_path):
    from unittest import mock

    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from tests.attacks import fifo, no_hang
    from tests.gui.test_image_pane import Pane

    p = Pane(qtbot)
    pipe = fifo(tmp_path / "scan.png")
    null = tmp_path / "null.dcm"
    null.symlink_to("/dev/null")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pipe)), QUrl.fromLocalFile(str(null))])
    with mock.patch("desktop_app.ui.image_pane.QMessageBox.warning") as warning, no_hang():
        p.pane.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                                    Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert p.c.images == []
    assert p.pane.last_drop_problems == ["'scan.png' is a pipe, not a regular file, not an "
                                         "image file.",
                                         "'null.dcm' is a device, not a regular file, not an "
                                         "image file."]
    assert warning.called
