"""A patient's CD: folder scan and slice stepping, against pydicom's own reading in the same run.

    .venv/bin/python benchmarks/scans.py [--files 2000] [--runs 3]

* scan: ``scan_folder`` of ``--files`` small DICOM files (generated: one study, a sagittal MR
  series and an axial CT series) vs a bare loop of ``pydicom.dcmread(stop_before_pixels=True)``
  over the same files (the header reading alone). Targets: the series list in ≤ 2 s, and
  ≤ 1 ms per file beyond the bare loop.
* step: the next slice of a 512 × 512 JPEG Lossless series as the series browser does it
  (read + decode, window/level, QImage, paint into the view's pixmap). Target ≤ 30 ms.
* enhanced: one Enhanced CT file of 500 frames (256 × 256, per-frame functional groups):
  listing (vs bare dcmread of its header), and a step through it. Targets: listed in ≤ 2 s,
  step ≤ 30 ms.
* DWI: a 1,000-image diffusion series (40 positions × 25 volumes, b-values and directions):
  listing vs bare dcmread (≤ 1 ms per file beyond pydicom) and split into 25 stacks of 40.
Medians of ``--runs`` (scan) and of every step through the series (step).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.model.scans import scan_folder  # noqa: E402 - after the path set-up
from tests.scan_samples import JPEG_LOSSLESS_SV1, make_cd  # noqa: E402 - after the path set-up
from benchmarks.timing import median_time  # noqa: E402 - after the path set-up


def bare_headers(files: list[str]) -> None:
    import pydicom

    for f in files:
        pydicom.dcmread(f, stop_before_pixels=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cd = make_cd(Path(tmp) / "cd", slices=args.files - 3)
        files = sorted(str(p) for p in cd.rglob("*") if p.is_file())
        scan_folder(cd)                          # warm the imports and the OS cache
        bare = median_time(lambda: bare_headers(files), args.runs)
        scan = median_time(lambda: scan_folder(cd), args.runs)
        extra_ms = (scan - bare) / len(files) * 1000
        print(f"scan {len(files)} files: {scan:.2f} s (target ≤ 2 s); bare dcmread "
              f"{bare:.2f} s; ratio {scan / bare:.2f}x; beyond pydicom {extra_ms:+.3f} ms/file "
              "(target ≤ 1 ms)")

        series_dir = make_cd(Path(tmp) / "big", slices=12, rows=512, cols=512,
                             syntax=JPEG_LOSSLESS_SV1)
        from PySide6.QtWidgets import QApplication

        from desktop_app.ui.series_view import SeriesView

        app = QApplication.instance() or QApplication([])
        series = scan_folder(series_dir).series[0]
        view = SeriesView()
        view.resize(700, 700)
        view.show()
        view.set_series(series)
        steps = []
        for index in range(1, series.count):
            t = time.perf_counter()
            view.set_index(index)
            view.viewport().repaint()
            steps.append(time.perf_counter() - t)
        app.processEvents()
        step = statistics.median(steps)
        print(f"step to the next 512x512 JPEG Lossless slice: {step * 1000:.1f} ms median, "
              f"{max(steps) * 1000:.1f} ms worst (target ≤ 30 ms)")
        enhanced_s, enhanced_step = enhanced(Path(tmp), args.runs, view)
        dwi_s, dwi_extra, dwi_right = dwi(Path(tmp), args.runs)
    ok = (scan <= 2.0 and extra_ms <= 1.0 and step <= 0.030 and enhanced_s <= 2.0
          and enhanced_step <= 0.030 and dwi_s <= 2.0 and dwi_extra <= 1.0 and dwi_right)
    print("OK" if ok else "OVER TARGET")
    return 0


def steps_through(view, series) -> list[float]:
    view.set_series(series)
    times = []
    for index in range(series.count):
        t = time.perf_counter()
        view.set_index(index)
        view.viewport().repaint()
        times.append(time.perf_counter() - t)
    return times[1:]


def enhanced(tmp: Path, runs: int, view) -> tuple[float, float]:
    from tests.modern_samples import enhanced_ct

    folder = tmp / "enhanced"
    folder.mkdir()
    path = enhanced_ct(folder / "ct.dcm", frames=500, rows=128, cols=128,
                       order=[(i * 7) % 500 for i in range(500)])
    bare = median_time(lambda: bare_headers([str(path)]), runs)
    listing = median_time(lambda: scan_folder(folder), runs)
    (series,) = scan_folder(folder).series
    times = steps_through(view, series)
    print(f"enhanced CT, 500 frames of 128x128 in one {path.stat().st_size / 2 ** 20:.0f} MB "
          f"file: listed in {listing:.2f} s (target ≤ 2 s; bare dcmread {bare * 1000:.1f} ms, "
          f"{(listing - bare) / 500 * 1000:.2f} ms per frame beyond it), {series.count} slices "
          f"in position order; step {statistics.median(times) * 1000:.1f} ms median, "
          f"{max(times) * 1000:.1f} ms worst (target ≤ 30 ms; the first frame parses the "
          "file)")
    return listing, statistics.median(times)


def dwi(tmp: Path, runs: int) -> tuple[float, float, bool]:
    from tests.modern_samples import dwi_series

    folder = tmp / "dwi"
    files = [str(p) for p in dwi_series(folder, positions=40, b_values=(0, 500, 1000),
                                        directions=12, rows=16, cols=16)]
    bare = median_time(lambda: bare_headers(files), runs)
    listing = median_time(lambda: scan_folder(folder), runs)
    stacks = scan_folder(folder).series
    extra = (listing - bare) / len(files) * 1000
    moving = all(len({s.position for s in stack.slices}) == stack.count for stack in stacks)
    print(f"DWI of {len(files)} images: listed in {listing:.2f} s (target ≤ 2 s); bare dcmread "
          f"{bare:.2f} s; beyond pydicom {extra:+.3f} ms/file (target ≤ 1 ms); "
          f"{len(stacks)} stacks of {stacks[0].count}, every step moves a position: {moving}")
    return listing, extra, moving and len(stacks) == 25


if __name__ == "__main__":
    raise SystemExit(main())
