"""One drag step with 20 marks on the diagram: mouse move event + repaint of the view, offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/drag.py [--steps 300]

A lesion is dragged (Select tool) across the sagittal drawing carrying 20 marks (lesions, pen
strokes, arrows, text notes); each step sends one MouseMove with the left button held to the
view's viewport and then repaints the viewport synchronously. The baseline, measured in the same
run, is the same move + repaint over the same diagram with no marks and nothing dragged.
Prints the medians and the ratio; the target is a median step <= 4 ms (60 fps needs < 16.7 ms).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QPointF, Qt  # noqa: E402 - after QT_QPA_PLATFORM and sys.path are set
from PySide6.QtGui import QMouseEvent  # noqa: E402 - after QT_QPA_PLATFORM and sys.path are set
from PySide6.QtTest import QTest  # noqa: E402 - after QT_QPA_PLATFORM and sys.path are set
from PySide6.QtWidgets import (QApplication, QGraphicsScene, QGraphicsView,  # noqa: E402 - after QT_QPA_PLATFORM and sys.path are set
                               QVBoxLayout, QWidget)

TARGET_MS = 4.0


def build(document, with_marks: bool):
    """(top-level widget, view, controller) — the real diagram pane when it is available."""
    from desktop_app.services import load_atlas_or_none

    atlas = load_atlas_or_none()
    try:
        from desktop_app.diagram.pane import DiagramPane
    except ImportError:
        DiagramPane = None  # noqa: N806 - a class, named as the import it stands in for
    if DiagramPane is not None and atlas is not None:
        from desktop_app.diagram.annotations import install_annotations

        pane = build_pane(DiagramPane, document, atlas)
        ctl = install_annotations(pane, document, atlas)
        widget, view = pane, ctl.view
    else:  # the plain view the annotation tests started from
        from desktop_app.diagram.annotations import AnnotationController

        widget = QWidget()
        scene = QGraphicsScene(0, 0, 800, 548, widget)
        view = QGraphicsView(scene)
        QVBoxLayout(widget).addWidget(view)
        ctl = AnnotationController(document, view, atlas)
    widget.resize(1000, 760)
    widget.show()
    QTest.qWaitForWindowExposed(widget)
    if with_marks:
        add_marks(document)
    return widget, view, ctl


def build_pane(DiagramPane, document, atlas):  # noqa: N803 - a class
    import inspect

    params = inspect.signature(DiagramPane).parameters
    kwargs = {}
    if "document" in params:
        kwargs["document"] = document
    if "atlas" in params:
        kwargs["atlas"] = atlas
    return DiagramPane(**kwargs)


def add_marks(document) -> None:
    """20 marks in the middle of the drawing, each a separate undo step (as drawn by hand)."""
    from desktop_app.diagram.commands import AddMark
    from desktop_app.diagram.geometry import smooth_stroke
    from desktop_app.diagram.palette import OKABE_ITO
    from desktop_app.model.lesions import colour_for
    from desktop_app.model.consultation import Arrow, Lesion, Stroke, TextNote

    marks = []
    for i in range(8):
        marks.append(Lesion(number=i + 1, cx=220 + 50 * i, cy=200 + 25 * (i % 4), rx=28, ry=18,
                            rotation=15 * i, label=f"L{i + 1}", color=colour_for(i + 1)))
    for i in range(6):
        pts = [(150 + 4 * k, 330 + 20 * i + 12 * math.sin(k / 5)) for k in range(120)]
        marks.append(Stroke(points=smooth_stroke(pts, 1.2), color=OKABE_ITO[i][1], width=3.5))
    for i in range(4):
        marks.append(Arrow(x1=600, y1=100 + 40 * i, x2=520, y2=150 + 40 * i, width=3.5))
    for i in range(2):
        marks.append(TextNote(x=560, y=420 + 30 * i, text=f"Note {i + 1}: tailbone"))
    assert len(marks) == 20
    for m in marks:
        document.push(AddMark(document, m))


def send_move(view, scene_pt: QPointF, buttons) -> None:
    vp = view.viewport()
    pos = view.mapFromScene(scene_pt)
    ev = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(vp.mapToGlobal(pos)),
                     Qt.MouseButton.NoButton, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, ev)


def measure(view, steps: int, drag_from: QPointF | None, full: bool = True) -> list[float]:
    """Milliseconds per step: one move event + a synchronous repaint of the viewport.

    ``full``: repaint the whole viewport (worst case: every mark and the whole drawing);
    otherwise let Qt repaint what the move made dirty, as it does on screen.
    """
    app = QApplication.instance()
    vp = view.viewport()
    buttons = Qt.MouseButton.LeftButton if drag_from is not None else Qt.MouseButton.NoButton
    start = drag_from or QPointF(300, 250)
    if drag_from is not None:
        QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         view.mapFromScene(drag_from))
    times = []
    for i in range(steps + 20):
        p = QPointF(start.x() + 60 * math.sin(i / 9), start.y() + 40 * math.sin(i / 13))
        t0 = time.perf_counter()
        send_move(view, p, buttons)
        if full:
            vp.repaint()
        else:
            app.processEvents()
        if i >= 20:                      # the first few warm caches up
            times.append((time.perf_counter() - t0) * 1000)
    if drag_from is not None:
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           view.mapFromScene(start))
    return times


def survive_pyside_none_leak() -> bool:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None at every call of a void C++
    method (and to True / False on some paths), and the process aborts ("none_dealloc") after
    some 10^5 calls. The timing is not
    affected; give None a large reference count so the benchmark can finish, and say so."""
    if sys.version_info >= (3, 12):
        return False
    p = QPointF()
    before = sys.getrefcount(None)
    for _ in range(200):
        p.setX(1.0)
    if sys.getrefcount(None) >= before - 100:
        return False
    import ctypes

    for singleton in (None, True, False):     # some bool paths leak as well
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    return True


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    if survive_pyside_none_leak():
        import PySide6

        print(f"warning: PySide6 {PySide6.__version__} leaks references to None on this Python "
              "(the app would abort after a while); patched for this run")
    from desktop_app.document import Document
    from desktop_app.model.consultation import Consultation

    doc_base = Document(Consultation())
    w_base, view_base, _ = build(doc_base, with_marks=False)
    base = measure(view_base, args.steps, None)
    base_dirty = measure(view_base, args.steps, None, full=False)
    w_base.close()

    doc = Document(Consultation())
    widget, view, ctl = build(doc, with_marks=True)
    lesion = doc.consultation.lesions[3]
    drag = measure(view, args.steps, QPointF(lesion.cx, lesion.cy))
    assert doc.undo_stack.undoText() == "Move lesion 4", doc.undo_stack.undoText()
    lesion = doc.consultation.lesions[3]
    drag_dirty = measure(view, args.steps, QPointF(lesion.cx, lesion.cy), full=False)
    n_marks = sum(len(v) for v in doc.consultation.marks_in("sagittal").values())
    kind = "DiagramPane" if type(widget).__name__ == "DiagramPane" else "plain view"
    vp = view.viewport()
    widget.close()

    def stats(xs):
        return statistics.median(xs), sorted(xs)[int(len(xs) * 0.95)]

    med, p95 = stats(drag)
    dmed, dp95 = stats(drag_dirty)
    print(f"diagram: {kind} with the sagittal drawing, {n_marks} marks, "
          f"viewport {vp.width()}x{vp.height()}, {args.steps} steps")
    print(f"move + full repaint, no marks (baseline): median {statistics.median(base):.2f} ms")
    print(f"move + full repaint, dragging, 20 marks:  median {med:.2f} ms, p95 {p95:.2f} ms "
          f"(ratio {med / statistics.median(base):.2f})")
    print(f"move + Qt's own repaint, no marks:        "
          f"median {statistics.median(base_dirty):.2f} ms")
    print(f"move + Qt's own repaint, dragging:        median {dmed:.2f} ms, p95 {dp95:.2f} ms")
    ok = dmed <= TARGET_MS
    print(f"target: a drag step <= {TARGET_MS} ms -> {'OK' if ok else 'OVER'} "
          f"(full-viewport repaint: {'OK' if med <= TARGET_MS else 'OVER'})")
    del app
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
