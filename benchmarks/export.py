"""PDF export time of the example consultation vs a bare reportlab document, same run.

    .venv/bin/python benchmarks/export.py [--runs 15] [--case tests/data/example_consultation.json]

The app side is ``export_summary`` exactly as the CLI calls it (content and atlas loaded once,
as the app does): every section, the embedded DejaVu fonts, the vector diagram, a file written
to disk. The baseline is a bare reportlab one-page document with one image: a title, a
paragraph and a PNG the size of the diagram's frame (16 x 8.5 cm) rasterised at --dpi
(default 150: 945 x 504 px), written to disk with reportlab's defaults. The image stands for
the diagram a simpler export would have pasted in as a picture.

Runs alternate (app, baseline, app, ...) after one warm-up of each, so both see the same
machine load. The export keeps some things per process, as the app does between exports:
the fonts, paragraph styles, and the line breaks of paragraphs whose words did not change
(desktop_app/export/flowables.py ``_LINES``). The timed runs re-export the same visit, so every
paragraph's line breaks are reused; a changed visit re-breaks its own paragraphs only, and
the first export of a process pays for all of it (printed below as "first export"). Prints
both medians (CPU time of this process, less sensitive to other work on a
shared machine, and wall time) and the ratio app / baseline (target <= 2.0).

The one-page baseline stood for the summary when it was about one page. The summary is now
about ten (page 1 at a glance, then the reference), and reportlab's own work grows with the
pages: so a second baseline, measured in the same run, is a bare document with the app's own
words (read back from its PDF), in the same embedded font, with the same page breaks and the
image on page 1 (``same_pages``). Its ratio is what our layout costs beyond reportlab setting
the same text.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

IMAGE_CM = (16.0, 8.5)     # the diagram frame
IMAGE_PT = (IMAGE_CM[0] * 72 / 2.54, IMAGE_CM[1] * 72 / 2.54)


def make_png(dpi: int) -> bytes:
    """A drawing-like test image (flat fills and outlines, like a rasterised diagram)."""
    from PIL import Image, ImageDraw

    w, h = (round(c / 2.54 * dpi) for c in IMAGE_CM)
    k = dpi / 150
    im = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((w * 0.2, 10 * k, w * 0.8, h - 10 * k), 40 * k, fill=(248, 239, 231),
                        outline=(201, 164, 143), width=round(3 * k))
    for i in range(24):
        x, y = w * 0.25 + i * 18 * k, (30 + i * 16) * k
        d.ellipse((x, y, x + 90 * k, y + 60 * k), fill=(239, 230, 207 - i * 3),
                  outline=(138, 122, 90), width=round(2 * k))
    d.ellipse((w * 0.55, h * 0.55, w * 0.55 + 60 * k, h * 0.55 + 45 * k), fill=(240, 180, 140),
              outline=(213, 94, 0), width=round(4 * k))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def baseline(png: bytes, out: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(str(out), pagesize=A4)
    doc.build([Paragraph("Your visit summary", styles["Title"]),
               Paragraph("This is a short record of what we talked about today. " * 4,
                         styles["BodyText"]),
               Image(io.BytesIO(png), width=IMAGE_PT[0], height=IMAGE_PT[1])])


def app_text(pdf: Path) -> list[str]:
    """Each page's words of the app's PDF (read back with PDFium)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        pages = []
        for page in doc:
            text = page.get_textpage().get_text_range()
            pages.append(" ".join(text.split()))
        return pages
    finally:
        doc.close()


def same_pages(png: bytes, out: Path, pages: list[str]) -> None:
    """The fairer baseline for a summary of several pages: a bare reportlab document with
    the same words (a page's words in one paragraph), in the same embedded TrueType font at
    the body's size, a page break where the app's pages end, and one image on page 1: what a
    plain export of the same text would do, without our layout (drawing, tables, headings,
    page 1's fit, glossary). One paragraph a page is the least reportlab can do for these
    words, so the ratio against it is, if anything, too high."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate
    from reportlab.lib.utils import escapeOnce

    from desktop_app.export.fonts import REGULAR, register_fonts

    register_fonts()
    style = ParagraphStyle("body", fontName=REGULAR, fontSize=12, leading=15)
    story: list[Any] = []
    for n, page in enumerate(pages):
        if n:
            story.append(PageBreak())
        story.append(Paragraph(escapeOnce(page), style))
        if n == 0:
            story.append(Image(io.BytesIO(png), width=IMAGE_PT[0], height=IMAGE_PT[1] * 0.5))
    SimpleDocTemplate(str(out), pagesize=A4).build(story)


def timed(fn) -> tuple[float, float]:
    c0, w0 = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c0, time.perf_counter() - w0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--dpi", type=int, default=150,
                        help="resolution of the baseline's image (150 screen-like, 300 print)")
    parser.add_argument("--case", default=str(ROOT / "tests" / "data" /
                                              "example_consultation.json"))
    args = parser.parse_args()

    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.infra.config import ClinicConfig
    from desktop_app.export import builder
    from desktop_app.export.pdf import export_summary
    from desktop_app.model import storage

    # how many layouts an export makes (a summary whose last page would be nearly empty is
    # laid out again, more compactly): counted, so the ratio per layout can be printed too
    layouts = [0]
    lay_out = builder.lay_out

    def counted(b):
        layouts[0] += 1
        return lay_out(b)

    builder.lay_out = counted

    consultation = storage.load(args.case)
    content = content_loader([])(consultation.language)
    atlas = load_atlas_or_none()
    config = ClinicConfig(clinic_name="Riverside Pelvic Surgery", department="Colorectal Unit",
                          address="1 River Road, Exampletown", phone="+44 20 7946 0000")
    png = make_png(args.dpi)

    with tempfile.TemporaryDirectory() as tmp:
        app_out, base_out = Path(tmp) / "app.pdf", Path(tmp) / "base.pdf"

        def app():
            return export_summary(consultation, app_out, config=config, content=content,
                                  atlas=atlas, language=consultation.language)

        first = timed(app)  # includes registering the fonts once per process
        timed(lambda: baseline(png, base_out))
        words = app_text(app_out)
        same_out = Path(tmp) / "same.pdf"
        timed(lambda: same_pages(png, same_out, words))
        app_t, base_t, same_t = [], [], []
        for _ in range(args.runs):
            app_t.append(timed(app))
            base_t.append(timed(lambda: baseline(png, base_out)))
            same_t.append(timed(lambda: same_pages(png, same_out, words)))
        layouts[0] = 0
        result = app()
        per_export = layouts[0]
        pages = result.pages
        sizes = app_out.stat().st_size, base_out.stat().st_size
        same_pages_n = len(app_text(same_out))

    def med(samples, k):
        return statistics.median(s[k] for s in samples)

    print(f"atlas: {'yes' if atlas is not None else 'not installed (no diagram)'}; "
          f"app PDF: {pages} pages, {sizes[0] // 1024} KiB; baseline: 1 page, "
          f"{sizes[1] // 1024} KiB, image at {args.dpi} dpi; runs: {args.runs}")
    print(f"first export in this process (fonts registered): {first[1] * 1000:.1f} ms wall")
    for label, k in (("cpu", 0), ("wall", 1)):
        a, b = med(app_t, k), med(base_t, k)
        print(f"{label:4s}: export {a * 1000:7.1f} ms   baseline {b * 1000:7.1f} ms   "
              f"ratio {a / b:.2f}")
    ratio = med(app_t, 0) / med(base_t, 0)
    print(f"ratio (cpu medians): {ratio:.2f} (target <= 2.0)")
    same = med(same_t, 0)
    print(f"same-pages baseline ({same_pages_n} pages: the app's words in its font, one image): "
          f"cpu {same * 1000:.1f} ms; ratio {med(app_t, 0) / same:.2f}")
    print(f"layouts per export: {per_export}; cpu per layout vs the same-pages baseline "
          f"(which lays the words out once): {med(app_t, 0) / per_export / same:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
