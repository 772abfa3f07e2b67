"""PDF export time of the example consultation vs a bare reportlab document, same run.

    .venv/bin/python benchmarks/export.py [--runs 15] [--case FILE.json] [--before DIR]

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

That baseline did less than a bare reportlab program printing our pages would: one font where
the summary embeds two (DejaVu Sans and its bold, each subset), one paragraph a page where
the summary has about 160 (each parsed, broken into lines and drawn on its own), one PNG
pasted in where the summary draws about 200 vector paths and 30 labels, and no footers. So
a third baseline, ``same_work``, measured in the same run, is the one the target is judged
against: the same pages built by a plain reportlab program from what the app drew (recorded
once from an export, outside the timing; only the kept layout's canvas):

* every paragraph the app drew, as a plain reportlab ``Paragraph`` with the same words in the
  same fonts, sizes and colours (``<font>`` runs), broken at the same width, on the same page;
* every drawing as plain canvas calls (``beginPath`` / ``moveTo`` / ``curveTo`` / ``drawPath``,
  colours, widths, opacity, ``drawString`` for its labels), from the same shapes;
* "Page X of Y" footers drawn by an ``onPage`` callback;
* the same number of pages (printed beside the app's): a page's paragraphs are set one under
  the other (the app sets some side by side), with a taller page only if they would not fit;
* streams written binary, as the app writes them (reportlab's default ASCII85 would cost the
  baseline ~40 % more for an encoding our PDF does not have).

It still leaves out what only our layout adds (the cards' tables and tinted boxes, bullets,
badges, the heading bars, keeping blocks together, fitting page 1) and it measures words with
our fonts' memoised widths (:mod:`desktop_app.export.speedups`): so if anything it is cheaper
than the work our pages need. Two stricter readings are printed too: the same baseline with
its drawings written as the app writes them (path operators formatted once per process, so
the drawings cost it what they cost us), and the app with no line breaks kept from the last
export (``_LINES`` cleared before each run, as for a visit whose every word changed).

``--before DIR`` runs the same benchmark (these baselines) in a second process on another
tree (e.g. ``git archive main | tar -x -C /tmp/before``) and prints its numbers beside ours.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
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


def record(export) -> list[list[tuple[Any, ...]]]:
    """What one export draws, page by page, in drawing order: ("para", runs, style) for each
    paragraph (``runs``: (font, size, colour, text)) and ("drawing", ops, width, height) for
    each vector drawing."""
    from reportlab.platypus.paragraph import Paragraph
    from desktop_app.export import diagram_drawing as dd

    from reportlab.pdfgen.canvas import Canvas

    # per canvas: an export may draw a layout it then throws away (older trees drew the
    # compact retry's loser); only the saved canvas' pages are kept
    canvases: dict[int, dict[int, list[tuple[Any, ...]]]] = {}
    saved: list[int] = []
    para_draw_on, draw_on, save = Paragraph.drawOn, dd.ViewDiagram.draw_on, Canvas.save

    def on_save(self):
        saved.append(id(self))
        return save(self)

    def on_para(self, canv, x, y, _sW=0):  # noqa: N803 - reportlab's parameter names
        style = self.style
        pages = canvases.setdefault(id(canv), {})
        pages.setdefault(canv.getPageNumber(), []).append(
            ("para", paragraph_runs(self), (style.fontName, style.fontSize, style.leading,
                                            self.width, style.spaceBefore, style.spaceAfter)))
        return para_draw_on(self, canv, x, y, _sW=_sW)

    def on_drawing(self, canv, x=0.0, y=0.0):
        pages = canvases.setdefault(id(canv), {})
        pages.setdefault(canv.getPageNumber(), []).append(
            ("drawing", plain_ops(self.ops), self.placement.width, self.placement.height,
             list(self.ops)))
        return draw_on(self, canv, x, y)

    Paragraph.drawOn, dd.ViewDiagram.draw_on, Canvas.save = on_para, on_drawing, on_save
    try:
        export()
    finally:
        Paragraph.drawOn, dd.ViewDiagram.draw_on, Canvas.save = para_draw_on, draw_on, save
    pages = canvases[saved[-1]]
    return [pages.get(n, []) for n in range(1, max(pages) + 1)]


def paragraph_runs(p: Any) -> list[tuple[str, float, Any, str]]:
    """A laid-out paragraph's words as (font, size, colour, text) runs, in order."""
    bl = p.blPara
    if bl.kind == 0:
        text = " ".join(" ".join(words) for _extra, words in bl.lines)
        return [(bl.fontName, bl.fontSize, getattr(bl, "textColor", None), text)]
    runs: list[tuple[str, float, Any, str]] = []
    for n, line in enumerate(bl.lines):
        for i, frag in enumerate(line.words):
            text = getattr(frag, "text", "")
            if n and i == 0:
                text = " " + text
            key = (frag.fontName, frag.fontSize, frag.textColor)
            if runs and runs[-1][:3] == key:
                runs[-1] = (*key, runs[-1][3] + text)
            else:
                runs.append((*key, text))
    return runs


def plain_ops(ops: Any) -> list[tuple[Any, ...]]:
    """A drawing's paint operations as plain data: ("path", segments, paint state),
    ("text", ...) and ("layer", matrix, ops): what a program drawing these shapes has."""
    from desktop_app.export import diagram_drawing as dd

    out: list[tuple[Any, ...]] = []
    for op in ops:
        if isinstance(op, dd.AnatomyLayer):
            out.append(("layer", op.matrix, plain_ops(op.ops)))
        elif isinstance(op, dd.TextOp):
            out.append(("text", op.x, op.y, op.text, op.font, op.size, op.colour, op.anchor))
        else:
            segments, numbers = [], []
            for token in op.path.split():
                if token in ("m", "l", "c", "h"):
                    segments.append((token, *numbers))
                    numbers = []
                else:
                    numbers.append(float(token))
            out.append(("path", segments, op.fill, op.fill_alpha, op.stroke, op.stroke_alpha,
                        op.width, op.join, op.cap, op.dash))
    return out


def draw_plain(c: Any, ops: list[tuple[Any, ...]]) -> None:
    """Draw plain operations with reportlab's canvas API."""
    for op in ops:
        kind = op[0]
        if kind == "layer":
            c.saveState()
            c.transform(*op[1])
            draw_plain(c, op[2])
            c.restoreState()
        elif kind == "text":
            _k, x, y, text, font, size, colour, anchor = op
            c.saveState()
            c.setFillColorRGB(*colour)
            c.setFont(font, size)
            {"middle": c.drawCentredString, "end": c.drawRightString}.get(
                anchor, c.drawString)(x, y, text)
            c.restoreState()
        else:
            _k, segments, fill, fill_alpha, stroke, stroke_alpha, width, join, cap, dash = op
            c.saveState()
            if fill is not None:
                c.setFillColorRGB(*fill)
                if fill_alpha < 1:
                    c.setFillAlpha(fill_alpha)
            if stroke is not None:
                c.setStrokeColorRGB(*stroke)
                if stroke_alpha < 1:
                    c.setStrokeAlpha(stroke_alpha)
                c.setLineWidth(width)
                c.setLineJoin(join)
                c.setLineCap(cap)
                if dash:
                    c.setDash(list(dash))
            path = c.beginPath()
            for seg in segments:
                if seg[0] == "m":
                    path.moveTo(*seg[1:])
                elif seg[0] == "l":
                    path.lineTo(*seg[1:])
                elif seg[0] == "c":
                    path.curveTo(*seg[1:])
                else:
                    path.close()
            c.drawPath(path, fill=int(fill is not None), stroke=int(stroke is not None),
                       fillMode=0)
            c.restoreState()


def same_work_input(pages: list[list[tuple[Any, ...]]],
                    frame_width: float) -> tuple[list[Any], float]:
    """The recorded pages as (markup, style) / (ops, width, height) per page; the styles and
    markup made once, as a program keeps its styles and text. Also the height a page's
    frame needs for the tallest page's content set in one column."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.utils import escapeOnce
    from reportlab.platypus import Paragraph

    styles: dict[Any, Any] = {}
    out = []
    for items in pages:
        page = []
        for item in items:
            if item[0] == "para":
                _font, _size, leading, width, before, after = item[2]
                runs = item[1] or [(_font, _size, None, "")]
                font, size, colour, _text = runs[0]   # the style: the first run's look
                key = (font, size, colour, leading, width, before, after)
                if key not in styles:
                    styles[key] = ParagraphStyle(
                        f"s{len(styles)}", fontName=font, fontSize=size, leading=leading,
                        rightIndent=max(0.0, frame_width - width), spaceBefore=before,
                        spaceAfter=after, **({"textColor": colour} if colour else {}))
                # plain text where a run looks like the style, a <font> tag where not
                markup = "".join(
                    escapeOnce(t) if (f, z, c) == (font, size, colour) else
                    f'<font name="{f}" size="{z}"'
                    + (f' color="#{c.hexval()[2:]}"' if hasattr(c, "hexval") else "")
                    + f">{escapeOnce(t)}</font>" for f, z, c, t in runs)
                page.append(("para", markup, styles[key]))
            else:
                page.append(item)
        out.append(page)
    tallest = 0.0
    for page in out:
        need = 0.0
        for item in page:
            if item[0] == "para":
                style = item[2]
                need += Paragraph(item[1], style).wrap(frame_width, 1e6)[1] + \
                    style.spaceBefore + style.spaceAfter
            else:
                need += item[3]
        tallest = max(tallest, need)
    return out, tallest


def same_work(out: Path, pages: list[Any], pagesize: Any, footer: str,
              ready_made: bool = False) -> None:
    """A bare reportlab program printing the summary's pages (see the module docstring).
    ``ready_made``: its drawings are written as the app writes them (path operators
    formatted once per process), so they cost what the app's do: the strictest baseline."""
    from desktop_app.export import diagram_drawing as dd
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate

    from desktop_app.export.fonts import REGULAR

    class Drawn(Flowable):
        def __init__(self, ops, width, height, raw):
            super().__init__()
            self.ops, self.width, self.height, self.raw = ops, width, height, raw

        def wrap(self, aw, ah):
            return self.width, self.height

        def draw(self):
            if ready_made:
                dd.paint(self.canv, self.raw)
            else:
                draw_plain(self.canv, self.ops)

    total = len(pages)

    def on_page(c, doc):
        c.saveState()
        c.setStrokeColor(colors.grey)
        c.setLineWidth(0.8)
        c.line(doc.leftMargin, 14, pagesize[0] - doc.rightMargin, 40)
        c.setFillColor(colors.grey)
        c.setFont(REGULAR, 9)
        c.drawString(doc.leftMargin, 4, footer)
        c.drawRightString(pagesize[0] - doc.rightMargin, 4,
                          f"Page {doc.page} of {total}")
        c.restoreState()

    story: list[Any] = []
    for n, items in enumerate(pages):
        if n:
            story.append(PageBreak())
        for item in items:
            if item[0] == "para":
                story.append(Paragraph(item[1], item[2]))
            else:
                story.append(Drawn(*item[1:5]))
    # reportlab's frame pads 6 pt on each side: text as wide as the app's
    doc = SimpleDocTemplate(str(out), pagesize=pagesize, leftMargin=MARGIN_X - PAD,
                            rightMargin=MARGIN_X - PAD, topMargin=MARGIN_Y,
                            bottomMargin=MARGIN_Y)
    old = rl_config.useA85
    rl_config.useA85 = 0   # binary streams, as the app writes them
    try:
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    finally:
        rl_config.useA85 = old


CM = 72 / 2.54
# the app's side margins; less above and below (and a taller page if need be: see
# measure): a page's paragraphs, set one under the other, fit on one page
MARGIN_X, MARGIN_Y = 2.0 * CM, 0.6 * CM
PAD = 6.0   # reportlab's frame padding


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
    parser.add_argument("--before", metavar="DIR",
                        help="also run this benchmark on the app in DIR (another tree), "
                             "in a second process, and print its numbers beside these")
    parser.add_argument("--tree", metavar="DIR", help=argparse.SUPPRESS)  # the app to time
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.tree:
        sys.path.insert(0, str(Path(args.tree).resolve()))
    numbers = measure(args)
    if args.json:
        print(json.dumps(numbers))
        return 0
    report(numbers)
    if args.before:
        env = dict(os.environ, PYTHONPATH=str(Path(args.before).resolve()))
        out = subprocess.run(
            [sys.executable, __file__, "--tree", args.before, "--json", "--runs",
             str(args.runs), "--dpi", str(args.dpi), "--case", args.case],
            env=env, capture_output=True, text=True, check=True, timeout=1800)
        before = json.loads(out.stdout.strip().splitlines()[-1])
        print()
        print(f"before ({args.before}), measured after the above in its own process:")
        report(before)
        print()
        print("              before   after")
        for key, label in (("cpu_ms", "export cpu ms"), ("ratio_one", "x one page"),
                           ("ratio_same_pages", "x same words"),
                           ("ratio_same_work", "x same work"),
                           ("ratio_ready_work", "x same, ready"),
                           ("ratio_cold_work", "x same, cold"), ("layouts", "layouts")):
            print(f"{label:14s}{before[key]:7.2f} {numbers[key]:7.2f}")
    return 0


def measure(args: Any) -> dict[str, Any]:
    """Every median of one run, as a dict (printed by :func:`report`, or as JSON)."""
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
        same_out, work_out = Path(tmp) / "same.pdf", Path(tmp) / "work.pdf"

        def app():
            return export_summary(consultation, app_out, config=config, content=content,
                                  atlas=atlas, language=consultation.language)

        first = timed(app)  # includes registering the fonts once per process
        timed(lambda: baseline(png, base_out))
        words = app_text(app_out)
        timed(lambda: same_pages(png, same_out, words))
        drawn = record(app)
        pagesize = app().page_size
        work, tallest = same_work_input(drawn, pagesize[0] - 2 * MARGIN_X)
        # the app's paper, taller if a page's paragraphs set one under the other (the app
        # sets some side by side) would not fit: the same pages, whatever the page 1 holds
        pagesize = (pagesize[0], max(pagesize[1], tallest + 2 * (MARGIN_Y + PAD) + 1))
        footer = f"{config.clinic_name} · Visit summary"

        def app_cold():   # no line breaks kept from an earlier export: each one made again
            from desktop_app.export import flowables
            flowables._LINES.clear()
            return app()

        def bare_work():
            same_work(work_out, work, pagesize, footer)

        def bare_work_ready():
            same_work(work_out, work, pagesize, footer, ready_made=True)

        timed(bare_work)
        timed(bare_work_ready)
        app_t, base_t, same_t, work_t, cold_t, ready_t = [], [], [], [], [], []
        for _ in range(args.runs):
            app_t.append(timed(app))
            cold_t.append(timed(app_cold))
            base_t.append(timed(lambda: baseline(png, base_out)))
            same_t.append(timed(lambda: same_pages(png, same_out, words)))
            work_t.append(timed(bare_work))
            ready_t.append(timed(bare_work_ready))
        layouts[0] = 0
        result = app()
        per_export = layouts[0]
        sizes = app_out.stat().st_size, base_out.stat().st_size
        same_pages_n = len(app_text(same_out))
        work_text = app_text(work_out)

    def med(samples, k):
        return statistics.median(s[k] for s in samples)

    app_cpu = med(app_t, 0)
    return {
        "atlas": atlas is not None, "pages": result.pages, "sizes": sizes, "dpi": args.dpi,
        "runs": args.runs, "first_wall_ms": first[1] * 1000,
        "cpu_ms": app_cpu * 1000, "wall_ms": med(app_t, 1) * 1000,
        "base_cpu_ms": med(base_t, 0) * 1000, "base_wall_ms": med(base_t, 1) * 1000,
        "same_pages_n": same_pages_n, "same_cpu_ms": med(same_t, 0) * 1000,
        "work_pages_n": len(work_text), "work_page_h": pagesize[1],
        "work_cpu_ms": med(work_t, 0) * 1000,
        "work_chars": sum(len(p) for p in work_text), "app_chars": sum(len(p) for p in words),
        "paragraphs": sum(item[0] == "para" for page in drawn for item in page),
        "drawings": sum(item[0] == "drawing" for page in drawn for item in page),
        "ratio_one": app_cpu / med(base_t, 0), "ratio_same_pages": app_cpu / med(same_t, 0),
        "ratio_same_work": app_cpu / med(work_t, 0), "layouts": per_export,
        "ready_cpu_ms": med(ready_t, 0) * 1000, "ratio_ready_work": app_cpu / med(ready_t, 0),
        "cold_cpu_ms": med(cold_t, 0) * 1000, "ratio_cold_work": med(cold_t, 0) / med(work_t, 0),
    }


def report(n: dict[str, Any]) -> None:
    print(f"atlas: {'yes' if n['atlas'] else 'not installed (no diagram)'}; "
          f"app PDF: {n['pages']} pages, {n['sizes'][0] // 1024} KiB; baseline: 1 page, "
          f"{n['sizes'][1] // 1024} KiB, image at {n['dpi']} dpi; runs: {n['runs']}")
    print(f"first export in this process (fonts registered): {n['first_wall_ms']:.1f} ms wall")
    for label, a, b in (("cpu", n["cpu_ms"], n["base_cpu_ms"]),
                        ("wall", n["wall_ms"], n["base_wall_ms"])):
        print(f"{label:4s}: export {a:7.1f} ms   one-page baseline {b:7.1f} ms   "
              f"ratio {a / b:.2f}")
    print(f"same-words baseline ({n['same_pages_n']} pages: the app's words in one font, one "
          f"paragraph a page, one image): cpu {n['same_cpu_ms']:.1f} ms; "
          f"ratio {n['ratio_same_pages']:.2f}")
    print(f"same-work baseline ({n['work_pages_n']} pages {n['work_page_h']:.0f} pt tall, "
          f"{n['paragraphs']} paragraphs in "
          f"the app's fonts, {n['drawings']} vector drawing(s), footers; "
          f"{n['work_chars']} of the app's {n['app_chars']} characters): "
          f"cpu {n['work_cpu_ms']:.1f} ms")
    print(f"  the same, its drawings written as the app writes them (operators formatted once "
          f"per process): cpu {n['ready_cpu_ms']:.1f} ms; ratio {n['ratio_ready_work']:.2f}")
    if n["work_pages_n"] != n["pages"]:
        print(f"WARNING: the same-work baseline has {n['work_pages_n']} pages, the app "
              f"{n['pages']}: not the same pages")
    print(f"layouts per export: {n['layouts']}; export with no line breaks kept from the "
          f"last one: cpu {n['cold_cpu_ms']:.1f} ms, {n['ratio_cold_work']:.2f}x the same work")
    print(f"ratio vs the same-work baseline (cpu medians): {n['ratio_same_work']:.2f} "
          f"(target <= 2.0)")


if __name__ == "__main__":
    sys.exit(main())
