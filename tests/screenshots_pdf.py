"""Render the patient PDF to PNG pages, to look at them.

    .venv/bin/python tests/screenshots_pdf.py OUT_DIR

Writes, for each case, CASE.pdf and CASE-N.png (pdftoppm -png -r 60, one file per page):
  example      the example consultation (tests/data), with a clinic config and a logo
  empty        nothing ticked, no marks, no patient details, no clinic config
  greek_letter a Greek name, Letter paper, a long note, both views marked
Needs pdftoppm (poppler-utils).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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
    example = storage.load(ROOT / "tests" / "data" / "example_consultation.json")
    yield "example", example, clinic

    yield "empty", Consultation(visit_date=example.visit_date), None

    greek = storage.load(ROOT / "tests" / "data" / "example_consultation.json")
    greek.patient = Patient(name="Γιώργος Παπαδόπουλος", date_of_birth="1962-07-02")
    greek.variant = "male"
    greek.notes = "\n\n".join(
        f"Note {i + 1}: keep a diary of your pain and your bowel habits, and bring it next "
        f"time." for i in range(30))
    greek.lesions.append(Lesion(id="l3", view="sagittal", number=3, cx=455, cy=250, rx=28,
                                ry=22, appearance="solid", color="#0072B2",
                                label="Near the nerves"))
    yield "greek_letter", greek, replace(clinic, paper="Letter", logo="")


def main(out_dir: str) -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed", file=sys.stderr)
        return 1
    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.export.pdf import export_summary

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    load = content_loader([])
    atlas = load_atlas_or_none()
    for name, consultation, config in cases(out):
        pdf = out / f"{name}.pdf"
        result = export_summary(consultation, pdf, config=config,
                                content=load(consultation.language), atlas=atlas)
        for old in out.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / name)], check=True)
        pages = sorted(out.glob(f"{name}-*.png"))
        print(f"{name}: {result.pages} pages -> {', '.join(p.name for p in pages)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshots/pdf"))
