"""Render the anatomy SVGs to PNG through the app's own parser (Qt, offscreen).

    QT_QPA_PLATFORM=offscreen python resources/anatomy/tools/render_png.py OUT [--labels]

A development aid for judging the drawings; the app itself draws through desktop_app.diagram.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402 - after QT_QPA_PLATFORM and sys.path are set
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen  # noqa: E402 - after QT_QPA_PLATFORM and sys.path are set

from desktop_app.diagram.scene import qpath, shape_brush, shape_pen  # noqa: E402 - after QT_QPA_PLATFORM and sys.path are set
from desktop_app.model.anatomy import load_atlas  # noqa: E402 - after QT_QPA_PLATFORM and sys.path are set


def paint_shape(p: QPainter, shape) -> None:
    """As the app paints it: the same path, pen and brush builders."""
    p.setPen(shape_pen(shape))
    p.setBrush(shape_brush(shape))
    p.drawPath(qpath(shape.segments))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--scale", type=float, default=2.0)
    ap.add_argument("--labels", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--crop", default="", help="x,y,w,h in diagram units")
    args = ap.parse_args()
    app = QGuiApplication.instance() or QGuiApplication([])
    atlas = load_atlas(ROOT / "resources" / "anatomy")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for key, drawing in atlas.drawings.items():
        if args.only and args.only not in key:
            continue
        x, y, w, h = drawing.viewbox
        if args.crop:
            x, y, w, h = (float(v) for v in args.crop.split(","))
        img = QImage(int(w * args.scale), int(h * args.scale), QImage.Format_ARGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        p.setRenderHint(QPainter.Antialiasing)
        p.scale(args.scale, args.scale)
        p.translate(-x, -y)
        for shape in drawing.shapes:
            paint_shape(p, shape)
        if args.labels:
            font = QFont("DejaVu Sans")
            font.setPixelSize(12)
            p.setFont(font)
            for sid, lab in drawing.labels.items():
                (ax, ay), (tx, ty) = lab
                p.setPen(QPen(QColor("#333333"), 0.8))
                p.drawLine(QPointF(ax, ay), QPointF(tx, ty))
                p.setBrush(QColor("#333333"))
                p.drawEllipse(QPointF(ax, ay), 1.6, 1.6)
                text = atlas.structure(sid).lay("en")
                fm = p.fontMetrics()
                tw = fm.horizontalAdvance(text)
                left = tx + 3 if tx >= ax else tx - 3 - tw
                p.drawText(QRectF(left, ty - 9, tw + 2, 18), Qt.AlignVCenter | Qt.AlignLeft, text)
            if drawing.s3_line:
                (x1, y1), (x2, y2) = drawing.s3_line
                pen = QPen(QColor("#1f5f99"), 1.5, Qt.DashLine)
                p.setPen(pen)
                p.drawLine(QPointF(x1, y1), QPointF(x2, y2))
        p.end()
        img.save(str(out / f"{key}.png"))
        print(out / f"{key}.png")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown (PySide6 6.12 can abort while collecting)


if __name__ == "__main__":
    raise SystemExit(main())
