"""Autosave (recovery files): the time figures the tests check only by events.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/autosave.py [--runs 5] [--seconds 3]

* large images: with 32 MB of key-image pixels, a later autosave writes only the JSON (the
  pixels went to sidecar files at the first write). Median of ``--runs`` later saves against
  the same save of the consultation without images (baseline, same run); target ratio <= 2.
  The first save (pixels included) is printed for scale.
* latency while typing: an edit every 50 ms for ``--seconds`` with a 0.3 s autosave
  interval; for each edit, the time until a recovery file holding it is written. Autosave is
  throttled, not postponed, so the worst case is about one interval: printed as a ratio to
  the interval (target <= 1.5; the rest is timer latency and the write).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _doc():
    from desktop_app.document import Document
    from desktop_app.model.consultation import Consultation, Patient

    return Document(Consultation(patient=Patient(name="Bench Mark"), visit_date="2026-11-26"))


def large_images(folder: Path, runs: int) -> float:
    from desktop_app.infra import recovery
    from desktop_app.model.consultation import KeyImage

    def later_saves(doc, saver) -> float:
        times = []
        for i in range(runs):
            doc.set_field("notes", f"note {i}", "Edit notes")
            t = time.perf_counter()
            assert saver.save_now()
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    plain_doc = _doc()
    plain = recovery.Autosaver(plain_doc, 3600, folder=folder / "plain")
    plain.save_now()
    t_plain = later_saves(plain_doc, plain)
    plain.close()

    doc = _doc()
    saver = recovery.Autosaver(doc, 3600, folder=folder / "images")
    big = [KeyImage(id=f"s{i}", kind="dicom-gray16", width=2048, height=2048,
                    data=os.urandom(2048 * 2048 * 2)) for i in range(4)]
    doc.set_value(lambda c: c, "images", big, "Add images", "images")
    t = time.perf_counter()
    saver.save_now()
    t_first = time.perf_counter() - t
    t_images = later_saves(doc, saver)
    saver.close()
    ratio = t_images / t_plain
    print(f"autosave, 32 MB of images: first {t_first * 1000:7.1f} ms, later median "
          f"{t_images * 1000:6.2f} ms vs no images {t_plain * 1000:6.2f} ms  ratio {ratio:5.2f}"
          f"  (target <= 2)")
    return ratio


def latency(folder: Path, seconds: float, interval: float = 0.3) -> float:
    from PySide6.QtCore import QCoreApplication

    from desktop_app.infra import recovery

    doc = _doc()
    saver = recovery.Autosaver(doc, interval, folder=folder / "typing")
    edits: list[float] = []        # edit i (1-based) made at edits[i - 1]
    saves: list[tuple[float, int]] = []   # (when, how many edits the file holds)
    saver.saved.connect(lambda p: saves.append(
        (time.perf_counter(), len(recovery.read_entry(p).consultation.notes))))
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        doc.set_field("notes", "x" * (len(edits) + 1), "Edit notes")
        edits.append(time.perf_counter())
        until = time.perf_counter() + 0.05
        while time.perf_counter() < until:
            QCoreApplication.processEvents()
            time.sleep(0.002)
    while not saves or saves[-1][1] < len(edits):   # the last edit's save
        QCoreApplication.processEvents()
        time.sleep(0.002)
    saver.close()
    delays = []
    for i, made in enumerate(edits, 1):
        when = next(t for t, held in saves if held >= i)
        delays.append(when - made)
    worst = max(delays) / interval
    print(f"autosave latency while typing ({len(edits)} edits, {len(saves)} saves, interval "
          f"{interval * 1000:.0f} ms): median {statistics.median(delays) * 1000:6.1f} ms, "
          f"worst {max(delays) * 1000:6.1f} ms  worst/interval {worst:5.2f}  (target <= 1.5)")
    return worst


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication

    QStandardPaths.setTestModeEnabled(True)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory() as tmp:
        ok = large_images(Path(tmp), args.runs) <= 2.0
        ok &= latency(Path(tmp), args.seconds) <= 1.5
    del app
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
