"""The patient PDF, rendered to PNG pages (pdftoppm -png -r 60, from poppler-utils), for
three cases; each writes CASE.pdf and CASE-N.png:
  pdf_example       the example consultation, with a clinic config and a logo
  pdf_empty         nothing ticked, no marks, no patient details, no clinic config
  pdf_greek_letter  a Greek name, Letter paper, a long note, both views marked
The size option does not apply (pages have their paper size)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.conftest import EXAMPLE


def make_logo(path: Path) -> Path:
    from PIL import Image, ImageDraw

    im = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
    d = ImageDraw.Draw(im)
    d.ellipse((8, 8, 112, 112), fill=(27, 94, 122, 255))
    d.rectangle((52, 30, 68, 90), fill=(255, 255, 255, 255))
    d.rectangle((30, 52, 90, 68), fill=(255, 255, 255, 255))
    d.rounded_rectangle((130, 40, 350, 80), 12, fill=(201, 221, 229, 255))
    im.save(path)
    return path


def cases(out: Path):
    from dataclasses import replace

    from desktop_app.infra.config import ClinicConfig
    from desktop_app.model import storage
    from desktop_app.model.consultation import Consultation, Lesion, Patient

    clinic = ClinicConfig(clinic_name="Riverside Pelvic Surgery",
                          department="Colorectal and Sarcoma Unit",
                          address="1 River Road, Exampletown EX1 2AB",
                          phone="+44 20 7946 0000", logo=str(make_logo(out / "logo.png")))
    example = storage.load(EXAMPLE)
    yield "pdf_example", example, clinic

    yield "pdf_empty", Consultation(visit_date=example.visit_date), None

    greek = storage.load(EXAMPLE)
    greek.patient = Patient(name="Γιώργος Παπαδόπουλος", date_of_birth="1962-07-02")
    greek.variant = "male"
    greek.notes = "\n\n".join(
        f"Note {i + 1}: keep a diary of your pain and your bowel habits, and bring it next "
        f"time." for i in range(30))
    greek.lesions.append(Lesion(id="l3", view="sagittal", number=3, cx=455, cy=250, rx=28,
                                ry=22, appearance="solid", color="#0072B2",
                                label="Near the nerves"))
    yield "pdf_greek_letter", greek, replace(clinic, paper="Letter", logo="")


def run(out: Path, size: tuple[int, int] | None) -> None:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed for the PDF pages")
    from desktop_app.services import content_loader, export_pdf, load_atlas_or_none

    load = content_loader([])
    atlas = load_atlas_or_none()
    with tempfile.TemporaryDirectory() as tmp:  # the clinic's logo
        for name, consultation, config in cases(Path(tmp)):
            pdf = out / f"{name}.pdf"
            export_pdf(consultation, pdf, config=config, content=load(consultation.language),
                       atlas=atlas)
            for old in out.glob(f"{name}-*.png"):
                old.unlink()
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / name)],
                           check=True)
