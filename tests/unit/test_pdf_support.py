"""Shared fixtures for the PDF tests: a small controlled content library, a tiny atlas drawing,
and helpers that read a PDF back with pypdf or rasterise it with pdftoppm.

The PDF tests use this synthetic content (not content/en) where they must know exactly which
words can appear, e.g. "unticked items do not appear" and "only glossary terms that appear".
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop_app.model.anatomy import Atlas, Drawing, Label, Structure
from desktop_app.model.consultation import Consultation, Lesion, Patient
from desktop_app.model.content import ContentLibrary, Item, Topic
from desktop_app.model.svgshapes import parse_svg

import pypdf


# ------------------------------------------------------------------------------ content
def _item(topic, id_, title, summary, body="", aliases=(), phrase="", **extra):
    return Item(id=id_, title=title, summary=summary, body=body, sources=("ref",),
                aliases=tuple(aliases), extra=tuple(extra.items()), phrase=phrase, topic=topic)


def make_library() -> ContentLibrary:
    day = dt.date(2026, 1, 1)
    topics = {
        "overview": Topic("overview", "Overview", day, (
            _item("overview", "what_is_it", "What is it", "A growth behind the back passage."),)),
        "tumour_types": Topic("tumour_types", "Types", day, (
            _item("tumour_types", "tailgut_cyst", "Tailgut cyst",
                  "A sac left over from before birth.", phrase="a tailgut cyst"),)),
        "symptoms": Topic("symptoms", "Symptoms", day, (
            _item("symptoms", "low_back_pain", "Pain in the low back",
                  "An ache low in the back."),
            _item("symptoms", "constipation", "Hard stools", "Going less often than usual."),
            _item("symptoms", "leg_pain", "Zigzag leg tingles", "Tingles down one leg."),
            _item("symptoms", "weight_loss", "Quiet weight change",
                  "Losing weight without trying."),
        )),
        "workup": Topic("workup", "Tests", day, (
            _item("workup", "mri", "MRI scan", "A detailed scan with a magnet.",
                  why="It shows where the growth is.", expect="You lie still in a tunnel.",
                  prepare="Tell us about metal in your body."),
            _item("workup", "biopsy", "Needle sample", "A thin needle takes a small piece.",
                  why="It tells us what the growth is made of."),
        )),
        "treatments": Topic("treatments", "Treatments", day, (
            _item("treatments", "surgery_posterior", "Surgery from behind",
                  "The growth is taken out through a cut near the tailbone.",
                  body="You lie face down.\n\nMost people go home in a few days.",
                  recovery="Keep the wound clean.", side_effects="Sitting may be sore."),
            _item("treatments", "surgery_anterior", "Surgery through the belly",
                  "The growth is taken out from the front."),
            _item("treatments", "radiation", "Ray treatment", "Strong rays shrink the growth."),
        )),
        "glossary": Topic("glossary", "Words", day, (
            _item("glossary", "g_cyst", "Cyst", "A sac filled with fluid."),
            _item("glossary", "g_rectum", "Rectum", "The last part of the bowel.",
                  aliases=("back passage",)),
            _item("glossary", "g_chordoma", "Chordoma", "A rare bone tumor."),
            _item("glossary", "g_scan", "Scan", "A picture of the inside of the body."),
            _item("glossary", "g_anus", "Anus", "The opening at the end of the bowel."),
        )),
        "questions": Topic("questions", "Questions", day, (
            _item("questions", "q_kind", "What kind of growth do you think I have?",
                  "It helps to know."),
            _item("questions", "q_time", "How long will I be in hospital?", "Plan ahead."),
        )),
        "when_to_call": Topic("when_to_call", "When to call", day, (
            _item("when_to_call", "fever", "Fever", "Call if your temperature is high."),)),
        "disclaimer": Topic("disclaimer", "About", day, (
            _item("disclaimer", "disclaimer", "About this information",
                  "This does not replace advice from your care team."),)),
    }
    return ContentLibrary(language="en", topics=topics, references={})


# ------------------------------------------------------------------------------- atlas
MINI_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 500">
  <rect id="bg_body" x="40" y="20" width="520" height="460" rx="40" fill="#f8efe7"
        stroke="#c9a48f" stroke-width="1.5"/>
  <path id="sacrum" d="M430,60 C500,120 520,240 480,330 L450,320 C480,240 465,130 405,75 Z"
        fill="#efe6cf" stroke="#8a7a5a" stroke-width="2"/>
  <path id="coccyx" d="M480,330 L470,390 L448,384 L450,320 Z" fill="#efe6cf"
        stroke="#8a7a5a" stroke-width="2"/>
  <path id="presacral_space" d="M405,75 C465,130 480,240 450,320 L448,384 L390,380
        C420,300 420,160 370,90 Z" fill="#f7e9a8" stroke="none"/>
  <path id="rectum" d="M340,90 C390,160 395,300 360,420 L320,420 C350,300 345,170 300,100 Z"
        fill="#f2b8b5" stroke="#b5655f" stroke-width="2"/>
  <ellipse id="bladder" cx="200" cy="330" rx="70" ry="55" fill="#dbe9f4" stroke="#6c8ca8"
        stroke-width="2"/>
</svg>"""
MINI_STRUCTURES = ("sacrum", "coccyx", "presacral_space", "rectum", "bladder")
MINI_LAY = {"sacrum": "lower spine", "coccyx": "tailbone", "presacral_space":
            "space behind the back passage", "rectum": "back passage", "bladder": "bladder"}
MINI_S3 = ((380.0, 250.0), (520.0, 250.0))


def make_atlas() -> Atlas:
    svg = parse_svg("mini.svg", MINI_STRUCTURES, text=MINI_SVG)
    structures = {sid: Structure(id=sid, medical=sid.title(), lay_names={"en": MINI_LAY[sid]},
                                 descriptions={"en": ""}, drawings=("sag",))
                  for sid in MINI_STRUCTURES}
    labels = {"bladder": Label((200.0, 330.0), (90.0, 200.0)),
              "coccyx": Label((465.0, 360.0), (540.0, 440.0))}
    drawing = Drawing(key="sag", view="sagittal", variant="female", file="mini.svg",
                      shapes=svg.shapes, viewbox=svg.viewbox, labels=labels, s3_line=MINI_S3,
                      cranial=(0.0, -1.0), sacral_levels={},
                      structure_ids=MINI_STRUCTURES, scale_px_per_cm=20.0)
    axial = Drawing(key="ax", view="axial", variant="female", file="mini.svg",
                    shapes=svg.shapes, viewbox=svg.viewbox, labels={}, scale_px_per_cm=20.0)
    return Atlas(scale_px_per_cm=20.0, drawings={"sag": drawing, "ax": axial},
                 structures=structures)


def full_consultation(**changes) -> Consultation:
    c = Consultation(
        patient=Patient(name="Zoë Ångström-Nguyễn", date_of_birth="1979-03-14",
                        record_number="MRN-0042-EX"),
        visit_date="2026-11-26", clinician="Dr. A. Surgeon",
        symptoms=["low_back_pain", "constipation"], tests=["mri"],
        treatments_discussed=["surgery_posterior"], treatments_planned=["surgery_posterior"],
        notes="We will review your MRI with the team on Thursday.",
        lesions=[Lesion(id="l1", number=1, cx=430, cy=350, rx=30, ry=22, rotation=20,
                        appearance="cystic", length_cm=4, width_cm=3,
                        suspected_type="tailgut_cyst", color="#D55E00")])
    for key, value in changes.items():
        setattr(c, key, value)
    return c


# ----------------------------------------------------------------------------- reading
def pdf_reader(path_or_bytes):
    if isinstance(path_or_bytes, (bytes, bytearray)):
        return pypdf.PdfReader(io.BytesIO(path_or_bytes))
    return pypdf.PdfReader(str(path_or_bytes))


def norm(text: str) -> str:
    return " ".join(text.split())


def page_texts(path) -> list[str]:
    return [norm(p.extract_text() or "") for p in pdf_reader(path).pages]


def all_text(path) -> str:
    return " ".join(page_texts(path))


def need_pdftoppm():
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")


def rasterise(pdf: Path, page: int, dpi: int, out_dir: Path):
    """Render one page to PNG with pdftoppm and return it as a PIL image (RGB)."""
    need_pdftoppm()
    from PIL import Image

    prefix = out_dir / f"page{page}"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(prefix)], check=True, timeout=60)
    return Image.open(f"{prefix}.png").convert("RGB")


def hex_rgb(h: str) -> tuple[int, int, int]:
    h = h.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def colour_near(img, x: float, y: float, rgb, radius: int = 4, tol: int = 40) -> bool:
    """True if a pixel within ``radius`` of (x, y) is within ``tol`` of ``rgb`` per channel."""
    w, h = img.size
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            px, py = int(round(x)) + dx, int(round(y)) + dy
            if 0 <= px < w and 0 <= py < h:
                p = img.getpixel((px, py))
                if all(abs(a - b) <= tol for a, b in zip(p, rgb)):
                    return True
    return False


# ------------------------------------------------------------------------- self-checks
def test_mini_atlas_is_consistent():
    from desktop_app.model.anatomy import approach_for, structure_at

    atlas = make_atlas()
    d = atlas.drawing("sagittal", "female")
    assert structure_at(d, 430, 350) == "presacral_space"
    assert approach_for(d, Lesion(cx=430, cy=350, rx=30, ry=22)).kind == "posterior"
    assert approach_for(d, Lesion(cx=420, cy=150, rx=30, ry=22)).kind == "anterior"


def test_norm_joins_lines():
    assert norm("a\n b  c") == "a b c"
    assert re.fullmatch(r"a b c", norm(" a b\tc "))
