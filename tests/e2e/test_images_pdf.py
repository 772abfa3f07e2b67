"""A whole visit with the patient's own scan, in the real app (subprocess, sandboxed folders):
import a DICOM slice whose header names the patient, mark it with the mouse, wait for the
autosave, save, export; then reopen the saved file, export again from the CLI, and read the
PDFs back.

Checked: the marks round-trip in image pixel coordinates; the PDF holds the image (pypdf page
images, pixels as the saved window renders them) with its caption; the DICOM header's name,
ID, birth date and institution appear nowhere — not in the PDF (text and raw bytes), the saved
file, the recovery file while the session runs, the logs, settings or any other file the app
wrote, nor on stdout/stderr.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from desktop_app.model import storage
from desktop_app.model.consultation import Consultation
from desktop_app.model.images import render_gray
from tests.conftest import ROOT
from tests.dicom_samples import SECRET_STRINGS, make_mri_like
from tests.e2e.sandbox import Sandbox

import pypdf

CAPTION = "Your MRI scan, side view"

DRIVER = r"""
import json, os
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

res = {}
window.tabs.setCurrentWidget(window.images_tab)
pane = window.image_pane
wait_until(lambda: pane.isVisible(), 5)
res["import"] = pane.import_path(os.environ["DICOM"], os.environ["CAPTION"])
view, ctl = pane.view, pane.ctl
vp = view.viewport()
LEFT, NOMOD = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier

def at(x, y):
    return view.mapFromScene(QPointF(x, y))

def drag(a, b, steps=8):
    QTest.mousePress(vp, LEFT, NOMOD, at(*a))
    for i in range(1, steps + 1):
        t = i / steps
        pos = at(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        QApplication.sendEvent(vp, QMouseEvent(QEvent.Type.MouseMove, QPointF(pos),
                               QPointF(vp.mapToGlobal(pos)), Qt.MouseButton.NoButton, LEFT,
                               NOMOD))
    QTest.mouseRelease(vp, LEFT, NOMOD, at(*b))

ctl.set_tool("lesion")
drag((200, 145), (248, 193))
ctl.set_tool("arrow")
drag((290, 40), (230, 140))
ctl.set_tool("text")
QTest.mouseClick(vp, LEFT, NOMOD, at(150, 30))
QTest.keyClicks(ctl.tools["text"].editor, "the lump")
QTest.keyClick(ctl.tools["text"].editor, Qt.Key.Key_Return)
pane.apply_preset("T2 MRI")
c = window.document.consultation
res["marks"] = {g: len(getattr(c, g)) for g in ("lesions", "arrows", "texts")}

saver = window.autosaver
# the autosave writes the marks first, the image with them; wait for the write that has both
res["recovery_has_image"] = bool(wait_until(
    lambda: saver.path.exists() and b'"images"' in saver.path.read_bytes(), 15))
# the recovery file and anything beside it (image sidecars), while the session runs
recovered = b"".join(p.read_bytes() for p in saver.path.parent.rglob("*") if p.is_file())
res["recovery_files"] = sum(1 for p in saver.path.parent.rglob("*") if p.is_file())
res["recovery_secrets"] = [s for s in json.loads(os.environ["SECRETS"]) if s.encode() in recovered]

res["saved"] = window.save_to(os.environ["SAVE_TO"])
res["exported"] = window.export_to(os.environ["EXPORT_TO"])
window.close()
with open(os.environ["RESULT"], "w", encoding="utf-8") as fh:
    json.dump(res, fh)
"""


def _secrets_in(data: bytes) -> list[str]:
    found = []
    for secret in SECRET_STRINGS:
        forms = {secret, secret.lower(), secret.upper()}
        if any(f.encode("utf-8") in data or f.encode("utf-16-le") in data for f in forms):
            found.append(secret)
    return found


def _pdf_text(path) -> str:
    reader = pypdf.PdfReader(str(path))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def _page_images(path):
    reader = pypdf.PdfReader(str(path))
    return [(n, img) for n, page in enumerate(reader.pages) for img in page.images]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX sandbox")
def test_visit_with_a_marked_scan_round_trips_and_never_leaks_the_header(tmp_path):
    box = Sandbox(tmp_path)
    dicom = make_mri_like(box.user / "IM0001.dcm")
    assert b"Secretname" in dicom.read_bytes()
    case = box.user / "visit.json"
    storage.save(Consultation(visit_date="2026-11-26"), case)
    config = box.test / "clinic.yaml"
    config.write_text("autosave_seconds: 1\n", encoding="utf-8")
    result = box.test / "result.json"
    saved, pdf = box.user / "saved.json", box.user / "summary.pdf"
    proc = box.run("--config", str(config), "open", str(case),
                   driver=box.driver("images.py", DRIVER), timeout=150, RESULT=str(result),
                   DICOM=str(dicom), CAPTION=CAPTION, SECRETS=json.dumps(SECRET_STRINGS),
                   SAVE_TO=str(saved), EXPORT_TO=str(pdf))
    assert proc.returncode == 0, proc.stderr
    res = json.loads(result.read_text(encoding="utf-8"))
    assert res["import"] == ""
    assert res["marks"] == {"lesions": 1, "arrows": 1, "texts": 1}
    assert res["recovery_has_image"] and res["recovery_secrets"] == []
    assert res["saved"] and res["exported"]

    # marks round-trip in image pixel coordinates
    back = storage.load(saved)
    (image,) = back.images
    assert (image.kind, image.width, image.height, image.caption) == \
        ("dicom-gray16", 320, 256, CAPTION)
    lesion, arrow, note = back.lesions[0], back.arrows[0], back.texts[0]
    assert lesion.view == arrow.view == note.view == image.view_name
    assert lesion.cx == pytest.approx(224, abs=2) and lesion.cy == pytest.approx(169, abs=2)
    assert (arrow.x2, arrow.y2) == (pytest.approx(230, abs=1.5), pytest.approx(140, abs=1.5))
    assert note.text == "the lump"

    # reopen anywhere: a CLI export of the saved file (no window)
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.copy(saved, moved / "copy.json")
    cli_pdf = moved / "cli.pdf"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cli = subprocess.run([sys.executable, "-m", "desktop_app", "export", str(moved / "copy.json"),
                          "--out", str(cli_pdf)], cwd=ROOT, capture_output=True, text=True,
                         timeout=180, env=env)
    assert cli.returncode == 0, cli.stderr

    for out in (pdf, cli_pdf):
        text = _pdf_text(out)
        assert "Pictures from your scans" in text and CAPTION in text and "the lump" in text
        images = _page_images(out)
        assert len(images) == 1, [i.name for _n, i in images]
        picture = images[0][1].image
        # a small scan is enlarged for print by a whole factor (export/scan_pictures.py)
        f = picture.size[0] // 320
        assert f >= 2 and picture.size == (320 * f, 256 * f)
        # the PDF's pixels are the image through its saved window (T2 preset)
        grey = render_gray(image)
        for x, y in ((10, 10), (224, 169), (160, 128), (300, 200)):
            value = picture.convert("L").getpixel((x * f + f // 2, y * f + f // 2))
            assert abs(value - grey[y * 320 + x]) <= 4, (x, y)
        assert _secrets_in(out.read_bytes()) == [] and _secrets_in(text.encode()) == []

    # nothing the app wrote by itself holds the header, nor the user's saved file
    leaks = [(p.name, s) for p in box.app_written_files() + [saved]
             for s in _secrets_in(p.read_bytes())]
    assert leaks == []
    assert _secrets_in((proc.stdout + proc.stderr + cli.stdout + cli.stderr).encode()) == []
    assert not list(box.recovery_dir.glob("session-*"))


def test_png_jpeg_and_damaged_pictures_in_the_pdf(tmp_path):
    """PNG (also with alpha) and JPEG print as they are; a picture that cannot be decoded is
    left out instead of stopping the summary; Spanish has its own heading."""
    import io

    from PIL import Image

    from desktop_app.export.pdf import build_summary
    from desktop_app.model.consultation import Arrow, KeyImage
    from desktop_app.model.images import import_bytes

    def encoded(mode, fmt, size, colour):
        buf = io.BytesIO()
        Image.new(mode, size, colour).save(buf, fmt)
        return buf.getvalue()

    rgba = import_bytes(encoded("RGBA", "PNG", (120, 80), (200, 30, 30, 128)), "a.png", "Shot 1")
    jpeg = import_bytes(encoded("RGB", "JPEG", (90, 60), (30, 200, 30)), "b.jpg", "Shot 2")
    broken = KeyImage(id="broken", caption="Shot 3", kind="png", width=10, height=10,
                      data=b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    c = Consultation(visit_date="2026-11-26", images=[rgba, jpeg, broken])
    c.arrows.append(Arrow(view=jpeg.view_name, x1=80, y1=5, x2=40, y2=30))
    data, result = build_summary(c)
    assert "images" in result.sections
    out = tmp_path / "s.pdf"
    out.write_bytes(data)
    sizes = sorted(img.image.size for _n, img in _page_images(out))
    # as they are, enlarged by a whole factor for print (small pictures)
    from desktop_app.export.scan_pictures import enlarge_small

    assert sizes == sorted(enlarge_small(Image.new("L", size)).size
                           for size in ((90, 60), (120, 80)))
    assert all(w % 90 == 0 or w % 120 == 0 for w, _h in sizes)
    text = _pdf_text(out)
    assert "Shot 1" in text and "Shot 2" in text and "Shot 3" not in text
    es, _ = build_summary(c, language="es")
    (tmp_path / "es.pdf").write_bytes(es)
    assert "Imágenes de sus pruebas" in _pdf_text(tmp_path / "es.pdf")


def test_the_same_number_on_drawing_and_scan_is_described_once(tmp_path):
    from desktop_app.export.pdf import build_summary
    from desktop_app.model.consultation import Lesion
    from desktop_app.model.images import import_image
    from tests.dicom_samples import make_dicom

    image = import_image(make_dicom(tmp_path / "s.dcm"), CAPTION)
    c = Consultation(visit_date="2026-11-26", images=[image], lesions=[
        Lesion(view="sagittal", number=1, cx=300, cy=330, rx=20, ry=15, label="the cyst"),
        Lesion(view=image.view_name, number=1, cx=30, cy=30, rx=8, ry=6, label="the cyst"),
        Lesion(view=image.view_name, number=2, cx=60, cy=40, rx=8, ry=6)])
    data, _ = build_summary(c)
    out = tmp_path / "s.pdf"
    out.write_bytes(data)
    text = _pdf_text(out)
    found = text[text.index("More about what we found"):]
    # each area described once (the pictures' keys after it name them again)
    areas = found.split("Pictures from your scans")[0]
    assert areas.count("Area 1") == 1 and areas.count("Area 2") == 1
    assert "It is also marked on a picture from your scan." in found
    assert "Your surgeon marked it on a picture from your scan." in found


def test_the_size_of_a_lesion_on_a_measured_scan_is_in_its_caption(tmp_path):
    """A scan with 0.5 mm pixels: the caption gives the lesion's size in cm (the words the
    Images tab shows), in English and Spanish; a screenshot's lesion gets no size."""
    from desktop_app.export.pdf import build_summary
    from desktop_app.model.consultation import Lesion
    from desktop_app.model.images import import_image
    from tests.dicom_samples import make_dicom, make_png

    scan = import_image(make_dicom(tmp_path / "s.dcm", rows=200, cols=160, spacing=(0.5, 0.5)),
                        CAPTION)
    shot = import_image(make_png(tmp_path / "a.png", 120, 90), "Your CT scan")
    c = Consultation(visit_date="2026-11-26", images=[scan, shot], lesions=[
        Lesion(view=scan.view_name, number=1, cx=80, cy=90, rx=42, ry=31),
        Lesion(view=scan.view_name, number=2, cx=40, cy=40, rx=10, ry=10, rotation=30),
        Lesion(view=shot.view_name, number=3, cx=60, cy=45, rx=20, ry=10)])
    data, _ = build_summary(c)
    out = tmp_path / "s.pdf"
    out.write_bytes(data)
    text = _pdf_text(out)
    pictures = text[text.index("Pictures from your scans"):]
    first = pictures[pictures.index(CAPTION):pictures.index("Your CT scan")]
    assert "On this picture, area 1 is about 4.2 × 3.1 cm." in first
    assert "On this picture, area 2 is about 1.0 × 1.0 cm." in first
    assert "area 3" not in pictures and pictures.count("On this picture") == 2
    assert _secrets_in(data) == [] and _secrets_in(text.encode()) == []

    es, _ = build_summary(c, language="es")
    (tmp_path / "es.pdf").write_bytes(es)
    assert "En esta imagen, la zona 1 mide unos 4,2 × 3,1 cm." in _pdf_text(tmp_path / "es.pdf")

    # without spacing (an older file, or a header without one) there is no size sentence
    scan.row_spacing_mm = scan.column_spacing_mm = None
    plain, _ = build_summary(c)
    (tmp_path / "plain.pdf").write_bytes(plain)
    assert "On this picture" not in _pdf_text(tmp_path / "plain.pdf")


def test_the_pdf_fills_a_lesion_on_the_scan_lighter_than_on_the_drawing(tmp_path):
    """The PDF's transparency states: 30 % for the drawing's lesion, 12 % for the scan's."""
    from pypdf import PdfReader

    from desktop_app.export import diagram_drawing as dd
    from desktop_app.export.pdf import build_summary
    from desktop_app.model.consultation import Lesion
    from desktop_app.model.images import import_image
    from tests.dicom_samples import make_dicom

    image = import_image(make_dicom(tmp_path / "s.dcm"), CAPTION)
    c = Consultation(visit_date="2026-11-26", images=[image], lesions=[
        Lesion(view="sagittal", number=1, cx=300, cy=330, rx=20, ry=15),
        Lesion(view=image.view_name, number=2, cx=30, cy=30, rx=8, ry=6)])
    from desktop_app.services import load_atlas_or_none

    data, _ = build_summary(c, atlas=load_atlas_or_none())
    out = tmp_path / "s.pdf"
    out.write_bytes(data)
    alphas = set()

    def collect(resources):  # the page's and its form XObjects' transparency states
        resources = resources.get_object() if resources is not None else {}
        for state in (resources.get("/ExtGState") or {}).values():
            ca = state.get_object().get("/ca")
            if ca is not None:
                alphas.add(round(float(ca), 2))
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                collect(xobject.get("/Resources"))

    for page in PdfReader(out).pages:
        collect(page.get("/Resources"))
    assert dd.LESION_FILL_OPACITY in alphas and dd.SCAN_LESION_FILL_OPACITY in alphas, alphas
