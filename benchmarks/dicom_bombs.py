"""Hostile DICOM files: each bomb listed (scan_folder) and opened (import_image) in a fresh
process, its wall time and peak memory printed against a tiny normal file in the same run.

    .venv/bin/python benchmarks/dicom_bombs.py

Targets: every bomb ends in ≤ 2 s and ≤ 300 MB (peak resident memory of the whole process,
Python and the app's imports included), with a clear refusal.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import modern_samples as samples  # noqa: E402 - after the path set-up

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from desktop_app.model.images import ImageError, import_image
from desktop_app.model.scans import scan_folder
import pydicom, numpy  # imports outside the timing
target = sys.argv[1]
start = time.perf_counter()
result = scan_folder(target)
try:
    import_image(target if not target.endswith("cd") else target + "/IM1")
    said = "opened"
except ImageError as exc:
    said = str(exc)
elapsed = time.perf_counter() - start
print(json.dumps({"s": elapsed, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "listed": result.images, "unreadable": result.unreadable,
                  "broken_dicomdir": result.broken_dicomdir, "said": said}))
"""


def run(target: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(target), str(ROOT)],
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = {
            "normal 8x8 file (baseline)": samples.plain(folder / "plain.dcm"),
            "2^31-1 frames declared": samples.frames_bomb(folder / "frames.dcm"),
            "deflate 1.5 GB inflated": samples.deflate_bomb(folder / "deflate.dcm", 1500),
            "JPEG-LS 16384^2 stream in an 8x8 file":
                samples.codestream_bomb(folder / "jls.dcm", samples.JPEG_LS),
            "JPEG 2000 16384^2 stream in an 8x8 file":
                samples.codestream_bomb(folder / "j2k.dcm", samples.JPEG_2000),
        }
        cd = folder / "cd"
        samples.dicomdir_bomb(cd, 200_000)
        samples.plain(cd / "IM1")
        cases["DICOMDIR of 200,000 records"] = cd
        ok = True
        for name, target in cases.items():
            size = sum(p.stat().st_size for p in Path(target).rglob("*")) if Path(target) \
                .is_dir() else Path(target).stat().st_size
            got = run(Path(target))
            within = got["s"] <= 2.0 and got["mb"] <= 300
            ok = ok and within
            print(f"{name}: {size:,} bytes on disk, {got['s']:.2f} s, {got['mb']:.0f} MB peak "
                  f"(listed {got['listed']}, unreadable {got['unreadable']}) -> {got['said']}"
                  f"{'' if within else '  OVER TARGET'}")
    print("OK" if ok else "OVER TARGET")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
