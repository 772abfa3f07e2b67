"""Draw the app icon and write it in every format the builds need.

    QT_QPA_PLATFORM=offscreen .venv/bin/python build_spec/make_icons.py

The drawing is ours: a stylised sacrum seen from the side (front of the body to the left), ivory on
a calm blue rounded square, with the tailbone below it and a soft coral mass in the presacral
space in front of it. The SVG is the source; Qt renders each pixel size from it (crisp at 16 px
too), Pillow packs the sizes into .ico (Windows) and .icns (macOS). The outputs are committed, so a
build needs neither this script nor a display.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
NAME = "presacral-consult"
PNG_SIZES = (256, 512)  # shipped as files (window icon, Linux desktop entry)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)

BONE, RIDGE, MASS = "#F7F0DC", "#D2C39E", "#F29E86"
# Front (concave) and back (convex) edges of the sacrum as cubic Béziers, top to bottom.
FRONT = ((200, 132), (276, 176), (306, 292), (270, 386))
BACK = ((322, 88), (402, 160), (414, 310), (300, 412))


def _bezier(p0, p1, p2, p3, t):
    u = 1 - t
    return tuple(u ** 3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t ** 3 * d
                 for a, b, c, d in zip(p0, p1, p2, p3))


def _pt(p) -> str:
    return f"{p[0]:.0f} {p[1]:.0f}"


def icon_svg() -> str:
    ridges = []  # the fused vertebrae: faint lines across the bone
    for t in (0.2, 0.4, 0.6, 0.8):
        a, b = _bezier(*FRONT, t), _bezier(*BACK, t)
        start = (a[0] + 0.1 * (b[0] - a[0]), a[1] + 0.1 * (b[1] - a[1]))
        end = (a[0] + 0.9 * (b[0] - a[0]), a[1] + 0.9 * (b[1] - a[1]))
        ridges.append(f'      <path d="M {_pt(start)} L {_pt(end)}"/>')
    sacrum = (f"M {_pt(FRONT[0])} L {_pt(BACK[0])} C {_pt(BACK[1])} {_pt(BACK[2])} "
              f"{_pt(BACK[3])} L {_pt(FRONT[3])} C {_pt(FRONT[2])} {_pt(FRONT[1])} "
              f"{_pt(FRONT[0])} Z")
    ridge_lines = "\n".join(ridges)
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <title>Presacral Consult</title>
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#4C8FC2"/>
      <stop offset="1" stop-color="#2B6494"/>
    </linearGradient>
  </defs>
  <rect x="16" y="16" width="480" height="480" rx="108" ry="108" fill="url(#bg)"/>
  <g transform="translate(0,-18)">
    <path id="sacrum" fill="{BONE}" stroke="{BONE}" stroke-width="14" stroke-linejoin="round"
          d="{sacrum}"/>
    <path id="coccyx" fill="{BONE}"
          d="M 266 410 C 276 414 286 420 292 428 C 284 442 272 452 258 458 C 252 444 256 424 266 410 Z"/>
    <path id="coccyx_tip" fill="{BONE}"
          d="M 250 466 C 254 468 258 470 260 474 C 254 484 246 490 236 494 C 234 484 240 472 250 466 Z"/>
    <g fill="none" stroke="{RIDGE}" stroke-width="8" stroke-linecap="round">
{ridge_lines}
    </g>
    <ellipse id="mass" cx="204" cy="284" rx="44" ry="54" fill="{MASS}"/>
  </g>
</svg>
"""


def render_png(svg: bytes, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise SystemExit("make_icons: the icon SVG does not parse")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs it alive
    ICONS.mkdir(parents=True, exist_ok=True)
    svg = icon_svg().encode("utf-8")
    (ICONS / f"{NAME}.svg").write_bytes(svg)
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))
    images = {s: Image.open(io.BytesIO(render_png(svg, s))).convert("RGBA") for s in sizes}
    for s in PNG_SIZES:
        images[s].save(ICONS / f"{NAME}-{s}.png", optimize=True)
    ico = [images[s] for s in ICO_SIZES]
    ico[-1].save(ICONS / f"{NAME}.ico", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=ico[:-1])
    icns = [images[s] for s in ICNS_SIZES]
    icns[-1].save(ICONS / f"{NAME}.icns", append_images=icns[:-1])
    for path in sorted(ICONS.glob(f"{NAME}*")):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:>7} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
