"""Every visit the PDF tests export, as named cases for the byte-identity tests.

The cases cover the shipped example consultation (English and Spanish, both drawing variants,
with and without the clinic's config, logo and Letter paper, with and without marks, with key
images) and the synthetic visits of ``tests/unit/test_pdf_*`` and ``tests/e2e`` (non-Latin
names, long notes, the approach card, drawing and scan lesions, no content at all).

``build(name, folder)`` gives the arguments for ``build_summary`` / ``export_summary``;
``folder`` receives the files a case needs (logo, DICOM, PNG). The golden hashes are in
``tests/data/pdf_golden.json`` and each case's text in ``tests/data/pdf_text/``; after a change
*meant* to alter the PDF (wording, content, fonts, layout), look at the pages, regenerate them
with ``python -m tests.pdf_cases --update`` (it prints the text diff of every changed case, and
``git diff tests/data/pdf_text`` shows it again in review) and say in the commit why the PDF
changed. The hashes guard refactoring only: what a patient must read is asserted as text by
the PDF tests.

Two hashes per case: of the file's bytes, and of its content (every PDF object with its
streams decompressed, :func:`content_digest`). The bytes also depend on the zlib build that
compressed the streams (other platforms' zlib may compress the same data differently), so
they are compared only under the zlib version they were recorded with; the content is
compared everywhere.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "pdf_golden.json"
# What each case's pages say, as text (one file a case): ``--update`` prints the difference
# from the recorded text, so a reviewer sees in words what a hash change means.
TEXTS = ROOT / "tests" / "data" / "pdf_text"
EXAMPLE = ROOT / "tests" / "data" / "example_consultation.json"


def _clinic(**changes: Any):
    from desktop_app.infra.config import ClinicConfig

    base = ClinicConfig(clinic_name="Clínica Ñandú", department="Colorectal Unit",
                        address="1 River Road\nExampletown", phone="+44 20 7946 0000")
    return replace(base, **changes)


def _us_clinic():
    """A US clinic's config with both numbers and no paper named (Letter, by its country)."""
    from desktop_app.infra.config import ClinicConfig

    return ClinicConfig(clinic_name="Riverside Colorectal Clinic", phone="+1 555 201 3400",
                        out_of_hours_phone="+1 555 201 3999", country="US")


def _logo(folder: Path) -> str:
    from PIL import Image

    path = folder / "logo.png"
    Image.new("RGB", (300, 120), (27, 94, 122)).save(path)
    return str(path)


_SHIPPED: dict[str, Any] = {}


def _shipped_content(language: str):
    from desktop_app.services import content_loader

    return content_loader(())(language)


def _shipped_atlas():
    if "atlas" not in _SHIPPED:
        from desktop_app.services import load_atlas_or_none

        _SHIPPED["atlas"] = load_atlas_or_none()
    return _SHIPPED["atlas"]


def _example(language: str = "en", **changes: Any):
    from desktop_app.model import storage

    c = storage.load(EXAMPLE)
    c.language = language
    for key, value in changes.items():
        setattr(c, key, value)
    return c


def _shipped(c, language: str = "en", config: Any = None) -> dict[str, Any]:
    return {"consultation": c, "config": config, "content": _shipped_content(language),
            "atlas": _shipped_atlas(), "language": language}


def _synthetic(c, language: str = "en", config: Any = "clinic", **kw: Any) -> dict[str, Any]:
    from tests.unit.test_pdf_support import make_atlas, make_library

    args = {"consultation": c, "config": _clinic() if config == "clinic" else config,
            "content": make_library(), "atlas": make_atlas(), "language": language}
    args.update(kw)
    return args


def _scan_visit(folder: Path):
    """A measured DICOM slice and a PNG screenshot with marks, one lesion also on the drawing."""
    from desktop_app.model.consultation import Arrow, Lesion
    from desktop_app.model.images import import_image
    from tests.dicom_samples import make_mri_like, make_png

    scan = import_image(make_mri_like(folder / "s.dcm", rows=128, cols=160, spacing=(0.7, 0.7)),
                        "Your MRI scan, side view")
    shot = import_image(make_png(folder / "a.png", 120, 90), "Your CT scan")
    c = _example()
    c.images = [scan, shot]
    c.lesions = list(c.lesions) + [
        replace(c.lesions[0], id="on-scan", view=scan.view_name, cx=80, cy=60, rx=20, ry=14),
        Lesion(id="scan-only", view=scan.view_name, number=3, cx=40, cy=40,
                               rx=10, ry=10, rotation=30),
        Lesion(id="shot", view=shot.view_name, number=4, cx=60, cy=45, rx=20, ry=10)]
    c.arrows = list(c.arrows) + [Arrow(view=shot.view_name, x1=80, y1=5, x2=40, y2=30)]
    return c


def chordoma_mark(lesion, length_cm: float, width_cm: float):
    """``lesion`` as a suspected chordoma: a chordoma starts in the bone, so it is drawn over
    the lower sacrum reaching forward into the space in front of it, its marker as large as
    its typed size (the Lesion panel sizes a marker so when a size is typed: 7 × 5.5 cm is
    140 × 110 units at 20 a cm)."""
    from desktop_app.model.lesions import size_to_radii

    scale = _shipped_atlas().scale_px_per_cm
    rx, ry = size_to_radii(length_cm, width_cm, 2.0, 1.0, scale)
    return replace(lesion, suspected_type="chordoma", appearance="solid", label="",
                   cx=482.0, cy=300.0, rx=rx, ry=ry, rotation=80.0, length_cm=length_cm,
                   width_cm=width_cm)


def _chordoma_visit(language: str = "en"):
    """A suspected chordoma: combined surgery and proton therapy agreed, nerve symptoms."""
    from desktop_app.model.anatomy import approach_in

    c = _example(language, symptoms=["low_back_pain", "leg_pain", "bowel_control"],
                 tests=["mri", "ct_scan", "biopsy"],
                 treatments_discussed=["surgery_combined", "radiation_proton"],
                 treatments_planned=["surgery_combined", "radiation_proton"])
    lesion = chordoma_mark(c.lesions[0], 7.0, 5.5)
    live = approach_in(_shipped_atlas(), c.variant, lesion)
    assert live is not None and live.kind == "combined"   # it reaches above S3
    c.lesions = [replace(lesion, approach="combined", approach_status="confirmed",
                         approach_reason=live.reason)]
    c.texts = []       # the example's note points at the example's small cyst
    c.arrows = []
    return c


def _meningocele_visit(language: str = "en"):
    """A suspected anterior sacral meningocele with a biopsy ticked (the app warns)."""
    c = _example(language, symptoms=["constipation", "urinary_problems"],
                 tests=["mri", "biopsy"], treatments_discussed=["surgery_posterior"],
                 treatments_planned=[])
    c.lesions = [replace(c.lesions[0], suspected_type="anterior_sacral_meningocele",
                         appearance="cystic", label=""),
                 c.lesions[1]]
    c.texts = []       # the example's note is about the example's cyst
    return c


def _cases() -> dict[str, Callable[[Path], dict[str, Any]]]:
    from desktop_app.model.consultation import Lesion, Patient
    from tests.unit.test_pdf_support import full_consultation

    def approach(status: str, reason: str = ""):
        c = full_consultation()
        c.lesions[0].approach = "posterior"
        c.lesions[0].approach_status = status
        c.lesions[0].approach_reason = reason
        return c

    return {
        # the shipped example consultation, shipped content and drawings (what the CLI prints)
        "example-en": lambda d: _shipped(_example("en")),
        "example-es": lambda d: _shipped(_example("es"), "es"),
        "example-en-male": lambda d: _shipped(_example("en", variant="male")),
        "example-es-male": lambda d: _shipped(_example("es", variant="male"), "es"),
        "example-en-clinic": lambda d: _shipped(_example("en"), config=_clinic()),
        "example-es-clinic-logo-letter": lambda d: _shipped(
            _example("es"), "es", config=_clinic(logo=_logo(d), paper="Letter")),
        # a US clinic as it deploys: its country gives US Letter paper and 911
        "example-en-us": lambda d: _shipped(_example("en"), config=_us_clinic()),
        "example-es-us": lambda d: _shipped(_example("es"), "es", config=_us_clinic()),
        "example-en-no-marks": lambda d: _shipped(_example(
            "en", lesions=[], strokes=[], arrows=[], texts=[])),
        "example-en-images": lambda d: _shipped(_scan_visit(d)),
        # the clinical read's visits: every safety sentence printed, numbers or write-on lines
        "chordoma-en": lambda d: _shipped(_chordoma_visit(), config=_clinic(
            country="US", out_of_hours_phone="+1 310 555 0199")),
        "chordoma-es": lambda d: _shipped(_chordoma_visit("es"), "es", config=_clinic(
            country="ES")),
        "meningocele-en": lambda d: _shipped(_meningocele_visit()),
        "meningocele-es": lambda d: _shipped(_meningocele_visit("es"), "es"),
        "example-es-images": lambda d: _shipped(_scan_visit(d), "es"),
        # the synthetic library and mini atlas of tests/unit/test_pdf_support.py
        "full-en": lambda d: _synthetic(full_consultation()),
        "full-es": lambda d: _synthetic(full_consultation(), "es"),
        "full-no-config": lambda d: _synthetic(full_consultation(), config=None),
        "full-letter-logo": lambda d: _synthetic(
            full_consultation(), config=_clinic(logo=_logo(d), paper="Letter")),
        "full-nothing-else": lambda d: {"consultation": full_consultation(), "config": None,
                                        "content": None, "atlas": None, "language": "en"},
        "full-names-notes": lambda d: _synthetic(full_consultation(
            patient=Patient(name="Zoë 😀 Nguyễn Юлия <b>&</b>"),
            notes="- one\n- two\n\nA (long) note \\ with words " * 30)),
        "full-lesions-axial": lambda d: _synthetic(full_consultation(lesions=[
            Lesion(id="a", number=1, cx=420, cy=150, rx=25, ry=20, appearance="solid"),
            Lesion(id="b", number=2, cx=430, cy=250, rx=25, ry=60, appearance="mixed",
                   suspected_type_text="possible nerve sheath tumor"),
            Lesion(id="c", view="axial", number=3, cx=300, cy=260, rx=20, ry=20)])),
        "full-approach-confirmed": lambda d: _synthetic(approach("confirmed")),
        "full-approach-overridden-es": lambda d: _synthetic(
            approach("overridden", "Kept small on purpose."), "es"),
        "empty-visit": lambda d: _synthetic(full_consultation(
            symptoms=[], tests=[], treatments_discussed=[], treatments_planned=[], notes="",
            lesions=[], patient=Patient())),
    }


CASE_NAMES = tuple(_cases())


def build(name: str, folder: Path) -> dict[str, Any]:
    """The keyword arguments of the export for case ``name`` (``consultation`` included)."""
    folder.mkdir(parents=True, exist_ok=True)
    return _cases()[name](folder)


def pdf_bytes(name: str, folder: Path) -> bytes:
    """Case ``name`` exported to a file in ``folder`` and read back (the whole write path).

    The caller pins reportlab's ``rl_config.invariant`` (fixed dates and document ids)."""
    from desktop_app.export.pdf import export_summary

    kw = build(name, folder / name)
    out = folder / f"{name}.pdf"
    export_summary(kw.pop("consultation"), out, **kw)
    return out.read_bytes()


def digest(data: bytes) -> str:
    """SHA-256 of the file's bytes."""
    return hashlib.sha256(data).hexdigest()


def content_digest(data: bytes) -> str:
    """SHA-256 of what the PDF says, independent of how its streams were compressed and of
    byte offsets: the trailer and every object in number order, dictionaries by sorted key
    (a stream's /Length and /Filter left out), references as numbers, streams decompressed."""
    import pypdf
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    skip = ("/Length", "/Filter", "/DecodeParms")

    def walk(obj: Any, out: list[str]) -> None:
        if isinstance(obj, IndirectObject):
            out.append(f"R{obj.idnum}.{obj.generation}")
        elif isinstance(obj, DictionaryObject):
            out.append("<<")
            for key in sorted(obj):
                if isinstance(obj, StreamObject) and key in skip:
                    continue
                out.append(str(key))
                walk(dict.__getitem__(obj, key), out)   # the reference, not its target
            out.append(">>")
        elif isinstance(obj, ArrayObject):
            out.append("[")
            for item in obj:
                walk(item, out)
            out.append("]")
        else:
            out.append(repr(obj))

    reader = pypdf.PdfReader(io.BytesIO(data))
    h = hashlib.sha256()
    words: list[str] = []
    walk(reader.trailer, words)
    for num in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(num)
        words.append(f"obj{num}")
        walk(obj, words)
        h.update(" ".join(words).encode("utf-8", "surrogatepass"))
        words = []
        if isinstance(obj, StreamObject):
            h.update(obj.get_data())
    return h.hexdigest()


def pdf_text(data: bytes) -> str:
    """The words of every page, a page per block, lines with their spaces normalised."""
    import pypdf

    pages = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages, 1):
        lines = (" ".join(line.split()) for line in page.extract_text().splitlines())
        pages.append(f"--- page {number}\n" + "\n".join(line for line in lines if line))
    return "\n".join(pages) + "\n"


def text_diff(name: str, new: str) -> str:
    """Unified diff of case ``name``'s recorded text and ``new`` ("" when the same)."""
    import difflib

    path = TEXTS / f"{name}.txt"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    return "".join(difflib.unified_diff(old.splitlines(keepends=True),
                                        new.splitlines(keepends=True),
                                        f"recorded/{name}.txt", f"now/{name}.txt", n=1))


def golden() -> dict[str, Any]:
    """The recorded hashes: ``{"zlib": version, "cases": {name: {"file", "content"}}}``."""
    data: dict[str, Any] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return data


def main(argv: list[str]) -> int:
    """``--update``: rewrite the golden hashes; otherwise print the cases that differ."""
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from reportlab import rl_config

    rl_config.invariant = 1
    now, texts = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in CASE_NAMES:
            data = pdf_bytes(n, Path(tmp))
            now[n] = {"file": digest(data), "content": content_digest(data)}
            texts[n] = pdf_text(data)
    for n in CASE_NAMES:  # in words, what changed for the patient
        diff = text_diff(n, texts[n])
        if diff:
            print(diff)
    if "--update" in argv:
        record = {"zlib": zlib.ZLIB_RUNTIME_VERSION, "cases": now}
        GOLDEN.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        TEXTS.mkdir(exist_ok=True)
        for old in TEXTS.glob("*.txt"):
            if old.stem not in texts:
                old.unlink()
        for n, text in texts.items():
            (TEXTS / f"{n}.txt").write_text(text, encoding="utf-8")
        print(f"wrote {len(now)} cases to {GOLDEN.relative_to(ROOT)} and their text to "
              f"{TEXTS.relative_to(ROOT)}/")
        return 0
    old = golden()
    same_zlib = old.get("zlib") == zlib.ZLIB_RUNTIME_VERSION
    keys = ("file", "content") if same_zlib else ("content",)
    bad = [n for n in CASE_NAMES
           if any(old["cases"].get(n, {}).get(k) != now[n][k] for k in keys)]
    for n in bad:
        print(f"differs: {n}")
    print(f"{len(CASE_NAMES) - len(bad)} of {len(CASE_NAMES)} cases identical "
          f"({' and '.join(keys)})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
