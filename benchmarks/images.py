"""Key images: import and window/level time against bare baselines measured in the same run.

    .venv/bin/python benchmarks/images.py [--runs 5]

* import: ``import_image`` of a 512 × 512 16-bit DICOM (header checks, pydicom read, array
  decode) vs a bare ``pydicom.dcmread`` of the same file (the reader alone).
* window/level: ``render_gray`` (Pillow path) vs the pure-Python 64 K lookup table the app
  falls back to, at 512² (a typical MRI/CT slice) and 4096² (the largest image accepted).
  A slider tick re-renders once, so the 512² time is the latency of a level/window drag.
Medians of ``--runs``; target: a 512² slider tick under 50 ms, 4096² under 0.5 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.model import images  # noqa: E402 - after sys.path is set
from desktop_app.model.consultation import KeyImage  # noqa: E402 - after sys.path is set
from tests.dicom_samples import make_dicom, ramp  # noqa: E402 - after sys.path is set
from benchmarks.timing import median_time  # noqa: E402 - after sys.path is set


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import pydicom

    with tempfile.TemporaryDirectory() as tmp:
        path = make_dicom(Path(tmp) / "s.dcm", rows=512, cols=512,
                          values=ramp(512, 512, 0, 4000))
        images.import_image(path)      # warm-up (imports)
        t_app = median_time(lambda: images.import_image(path), args.runs)
        t_bare = median_time(lambda: pydicom.dcmread(path).PixelData, args.runs)
        print(f"import 512² DICOM: {t_app * 1000:7.1f} ms vs bare dcmread "
              f"{t_bare * 1000:7.1f} ms  ratio {t_app / t_bare:5.2f}")
    ok = True
    for n, target in ((512, 0.050), (4096, 0.5)):
        data = bytes(range(256)) * (n * n * 2 // 256)
        image = KeyImage(kind="dicom-gray16", width=n, height=n, data=data,
                         window_center=500.0, window_width=1000.0)
        images.render_gray(image)
        fast = median_time(lambda image=image: images.render_gray(image, 40, 400), args.runs)
        table = median_time(lambda image=image: images.render_gray(image, 40, 400, fast=False),
                            max(1, args.runs // 2))
        ok &= fast <= target
        print(f"window/level {n}²: {fast * 1000:7.1f} ms vs lookup table "
              f"{table * 1000:7.1f} ms  ratio {fast / table:5.2f}  "
              f"(target {target * 1000:.0f} ms: {'ok' if fast <= target else 'MISSED'})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
