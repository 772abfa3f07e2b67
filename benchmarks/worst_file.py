"""The largest consultation the limits allow: load time, peak memory, export time, repaint time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/worst_file.py [--out DIR]

Builds the worst file model/limits.py and model/consultation.py allow - every mark slot used
(MAX_MARKS: lesions with the longest labels and reasons, arrows, text notes with the longest
text, pen strokes carrying MAX_VISIT_POINTS points, MAX_VIEW_POINTS on one view), the longest
notes and names, and five key images filling MAX_IMAGES_TOTAL_BYTES - writes it, then
measures opening it (storage.load: time, and peak memory by tracemalloc), exporting the PDF
(services.export_pdf), and a full repaint of the sagittal diagram carrying its marks. The
baseline, measured in the same run, is the shipped example consultation; each line prints the
ratio to it and the target (load <= 2 s and <= 300 MB, export <= 5 s, repaint <= 50 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"load_s": 2.0, "load_mb": 300.0, "export_s": 5.0, "repaint_ms": 50.0}


def worst_consultation():
    """The largest Consultation the limits allow (deterministic)."""
    import math

    from desktop_app.model import limits
    from desktop_app.model.consultation import (MAX_IMAGES, MAX_IMAGES_TOTAL_BYTES,
                                                MAX_SHORT_TEXT, MAX_TEXT, Arrow, Consultation,
                                                KeyImage, Lesion, Patient, Stroke, TextNote)

    word = "presacral "

    def text(n: int) -> str:
        return (word * (n // len(word) + 1))[:n]

    n_strokes = limits.MAX_VISIT_POINTS // limits.MAX_STROKE_POINTS
    on_sagittal = limits.MAX_VIEW_POINTS // limits.MAX_STROKE_POINTS
    strokes = []
    for i in range(n_strokes):
        view = "sagittal" if i < on_sagittal else "axial"
        pts = [(100 + (k * 0.3) % 600, 80 + 40 * i % 400 + 30 * math.sin(k / 7))
               for k in range(limits.MAX_STROKE_POINTS)]
        strokes.append(Stroke(view=view, points=[(round(x, 2), round(y, 2)) for x, y in pts]))
    rest = limits.MAX_MARKS - len(strokes)
    n_lesions, n_arrows = rest // 2, rest // 4
    n_texts = rest - n_lesions - n_arrows
    lesions = [Lesion(number=i + 1, cx=120 + 11 * (i % 50), cy=90 + 9 * (i // 50), rx=25, ry=15,
                      label=text(MAX_SHORT_TEXT), suspected_type_text=text(MAX_SHORT_TEXT),
                      approach="posterior", approach_reason=text(2000),
                      length_cm=3.5, width_cm=2.0)
               for i in range(n_lesions)]
    arrows = [Arrow(x1=100 + i, y1=100, x2=300, y2=200 + i) for i in range(n_arrows)]
    texts = [TextNote(x=150 + i, y=150 + i, text=text(2000)) for i in range(n_texts)]
    per_image = MAX_IMAGES_TOTAL_BYTES // MAX_IMAGES
    side = int(math.isqrt(per_image // 2))
    images = []
    for i in range(MAX_IMAGES):
        data = bytes((j * 37 + i) & 0xFF for j in range(side * 2)) * side
        images.append(KeyImage(id=f"img{i}", caption=text(200), kind="dicom-gray16",
                               width=side, height=side, data=data, window_center=128,
                               window_width=256, modality="MR", row_spacing_mm=0.5,
                               column_spacing_mm=0.5))
    return Consultation(patient=Patient(name=text(MAX_SHORT_TEXT), date_of_birth="1970-01-01",
                                        record_number=text(100)),
                        visit_date="2026-01-02", clinician=text(MAX_SHORT_TEXT),
                        notes=text(MAX_TEXT), lesions=lesions, strokes=strokes, arrows=arrows,
                        texts=texts, images=images,
                        symptoms=["low_back_pain"], tests=["mri"])


def measure_load(path: Path, repeats: int = 3):
    """(consultation, median seconds, peak MB): timed without tracemalloc (it slows every
    allocation), then loaded once more under tracemalloc for the peak."""
    from desktop_app.model import storage

    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        consultation = storage.load(path)
        times.append(time.perf_counter() - t0)
        del consultation
    tracemalloc.start()
    consultation = storage.load(path)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return consultation, statistics.median(times), peak


def measure_export(consultation, out: Path) -> float:
    from desktop_app.infra.config import ClinicConfig
    from desktop_app.services import content_loader, export_pdf, load_atlas_or_none

    content, atlas = content_loader([])("en"), load_atlas_or_none()
    t0 = time.perf_counter()
    export_pdf(consultation, out, config=ClinicConfig(), content=content, atlas=atlas)
    return time.perf_counter() - t0


def measure_repaint(consultation, repeats: int = 15) -> float:
    """Median ms of a full synchronous repaint of the sagittal diagram with its marks."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from benchmarks.drag import build
    from desktop_app.document import Document

    QApplication.instance() or QApplication(sys.argv)
    document = Document(consultation)
    widget, view, _ = build(document, with_marks=False)
    QTest.qWait(50)
    vp = view.viewport()
    times = []
    for _ in range(repeats + 3):
        t0 = time.perf_counter()
        vp.repaint()
        times.append((time.perf_counter() - t0) * 1000)
    widget.close()
    return statistics.median(times[3:])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=None, help="keep the files in this folder")
    args = parser.parse_args()
    from desktop_app.model import storage

    folder = args.out or Path(tempfile.mkdtemp(prefix="worst-file-"))
    folder.mkdir(parents=True, exist_ok=True)
    worst = folder / "worst.json"
    storage.save(worst_consultation(), worst)
    example = ROOT / "tests" / "data" / "example_consultation.json"

    rows = []
    base_c, base_load, base_mb = measure_load(example)
    worst_c, worst_load, worst_mb = measure_load(worst)
    rows.append(("load (s)", base_load, worst_load, TARGETS["load_s"]))
    rows.append(("load peak memory (MB)", base_mb, worst_mb, TARGETS["load_mb"]))
    rows.append(("export (s)", measure_export(base_c, folder / "base.pdf"),
                 measure_export(worst_c, folder / "worst.pdf"), TARGETS["export_s"]))
    rows.append(("repaint sagittal (ms)", measure_repaint(base_c), measure_repaint(worst_c),
                 TARGETS["repaint_ms"]))
    points = sum(len(s.points) for s in worst_c.strokes)
    marks = sum(len(getattr(worst_c, g)) for g in ("lesions", "strokes", "arrows", "texts"))
    print(f"worst file: {worst.stat().st_size / 1e6:.1f} MB, {marks} marks, {points} pen "
          f"points, {len(worst_c.images)} images; baseline: the shipped example")
    ok = True
    for name, base, value, target in rows:
        good = value <= target
        ok &= good
        print(f"{name:24s} baseline {base:9.3f}  worst {value:9.3f}  ratio {value / base:7.1f}"
              f"  target <= {target:g}: {'OK' if good else 'OVER'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
