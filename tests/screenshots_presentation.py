"""Screenshots of presentation mode (patient-facing window), in Spanish and English, to look at:
the diagram with a topic, and a marked key image (synthetic scan) with its caption and size.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/screenshots_presentation.py OUT_DIR
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(out_dir: str) -> int:
    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.document import Document
    from desktop_app.model import storage
    from desktop_app.ui.application import make_application
    from desktop_app.ui.presentation import PresentationWindow

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    consultation = storage.load(ROOT / "tests" / "data" / "example_consultation.json")
    for lang in ("es", "en"):
        consultation.language = lang
        w = PresentationWindow(Document(consultation), load_atlas_or_none(), content_loader([]))
        w.resize(1600, 900)
        w.show_topic("surgery_posterior")
        w.show()
        w.pane.fit()
        app.processEvents()
        w.grab().save(str(out / f"presentation_{lang}.png"))
        w.close()
    for lang in ("en", "es"):
        w = _scan_window(lang, out)
        w.resize(1600, 900)
        w.show()
        w.image_view.fit()
        app.processEvents()
        w.grab().save(str(out / f"presentation_scan_{lang}.png"))
        w.close()
    print(f"screenshots written to {out}")
    return 0


def _scan_window(lang: str, out: Path):
    """A presentation window showing a synthetic MRI slice (0.9 mm pixels) with a lesion and
    an arrow on it, as the surgeon would have marked it on the Images tab."""
    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.diagram.commands import AddMark
    from desktop_app.document import Document
    from desktop_app.model.consultation import Arrow, Consultation, Lesion
    from desktop_app.model.images import import_image
    from desktop_app.ui.presentation import PresentationWindow
    from tests.dicom_samples import make_mri_like

    image = import_image(make_mri_like(out / "synthetic_mri.dcm", spacing=(0.9, 0.9)))
    image.caption = {"en": "Your MRI scan, side view",
                     "es": "Su resonancia magnética, vista de lado"}[lang]
    doc = Document(Consultation(language=lang, images=[image]))
    view = image.view_name
    doc.push(AddMark(doc, Lesion(view=view, number=1, cx=224, cy=169, rx=26, ry=24)))
    doc.push(AddMark(doc, Arrow(view=view, x1=120, y1=60, x2=200, y2=140)))
    w = PresentationWindow(doc, load_atlas_or_none(), content_loader([]))
    w.show_image(image.id)
    return w


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
