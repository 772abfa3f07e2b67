"""python -m tests.screenshots [--out DIR] [--size WxH] [--only NAME ...] [--list]

Runs offscreen unless QT_QPA_PLATFORM says otherwise (e.g. xcb under Xvfb, for the real
window decorations' metrics). Settings go to Qt's test folders, never the user's own.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

# One module a set; run in this order when none is chosen.
SHOTS = {
    "window": "start screen, main window, every tab",
    "diagram": "each drawing: fitted, zoomed, alone",
    "drawings": "every drawing in the main window (1366x768, 1920x1080, light, dark), marked",
    "annotations": "drawing tools, lesion panel, main window with marks",
    "stamps": "every surgical stamp placed with the tool, side view and from behind",
    "images": "key image pane: marks, measured size, unmeasurable screenshot",
    "presentation": "patient-facing window: topic and marked scan, en and es",
    "scans": "series browser on a generated patient CD",
    "pdf": "patient PDF pages (needs pdftoppm)",
    "room": "main window at 1366x768, 1920x1080, 1280x720, light and dark; the patient's "
            "screen at those and 3840x2160 (ratio 2)",
}


def size_arg(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError("expected WIDTHxHEIGHT, e.g. 1366x768") from None
    if not (200 <= w <= 8000 and 200 <= h <= 8000):
        raise argparse.ArgumentTypeError("each side must be 200 to 8000 pixels")
    return w, h


def parse(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m tests.screenshots",
                                 description="Save PNG screenshots of the app to look at.")
    ap.add_argument("--out", type=Path, default=Path("screenshots"),
                    help="folder for the PNGs (default: screenshots)")
    ap.add_argument("--size", type=size_arg, default=None,
                    help="window size, e.g. 1366x768 (default: each set's own)")
    ap.add_argument("--only", nargs="+", choices=sorted(SHOTS), metavar="NAME",
                    help="only these sets: " + ", ".join(SHOTS))
    ap.add_argument("--list", action="store_true", help="list the sets and exit")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    if args.list:
        for name, what in SHOTS.items():
            print(f"{name:14} {what}")
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    from desktop_app.ui.application import make_application

    app = make_application()
    names = args.only or list(SHOTS)
    for name in names:
        out = args.out / name
        out.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        importlib.import_module(f"tests.screenshots.{name}").run(out, args.size)
        app.processEvents()
        count = len(list(out.glob("*.png")))
        print(f"{name}: {count} PNGs in {out} ({time.monotonic() - started:.1f} s)")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    # os._exit: skip interpreter teardown, where PySide6 can abort while collecting widgets
    code = main()
    sys.stdout.flush()
    os._exit(code)
