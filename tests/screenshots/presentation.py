"""Presentation mode (the patient-facing window), in Spanish and English: the diagram with
a topic, and a marked key image (synthetic MRI slice, 0.9 mm pixels) with its caption and
size, as the surgeon would have marked it on the Images tab."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.conftest import EXAMPLE

SIZE = (1600, 900)


def run(out: Path, size: tuple[int, int] | None) -> None:
    from desktop_app.document import Document
    from desktop_app.model import storage
    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.ui.presentation import PresentationWindow

    consultation = storage.load(EXAMPLE)
    for lang in ("es", "en"):
        consultation.language = lang
        w = PresentationWindow(Document(consultation), load_atlas_or_none(), content_loader([]))
        w.resize(*(size or SIZE))
        w.show_topic("surgery_posterior")
        w.show()
        w.pane.fit()
        QApplication.processEvents()
        w.grab().save(str(out / f"presentation_{lang}.png"))
        w.close()
    for lang in ("en", "es"):
        with tempfile.TemporaryDirectory() as tmp:
            w = _scan_window(lang, Path(tmp))
        w.resize(*(size or SIZE))
        w.show()
        w.image_view.fit()
        QApplication.processEvents()
        w.grab().save(str(out / f"presentation_scan_{lang}.png"))
        w.close()


def _scan_window(lang: str, tmp: Path):
    from desktop_app.diagram.commands import AddMark
    from desktop_app.document import Document
    from desktop_app.model.consultation import Arrow, Consultation, Lesion
    from desktop_app.model.images import import_image
    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.ui.presentation import PresentationWindow
    from tests.dicom_samples import make_mri_like

    image = import_image(make_mri_like(tmp / "synthetic_mri.dcm", spacing=(0.9, 0.9)))
    image.caption = {"en": "Your MRI scan, side view",
                     "es": "Su resonancia magnética, vista de lado"}[lang]
    doc = Document(Consultation(language=lang, images=[image]))
    view = image.view_name
    doc.push(AddMark(doc, Lesion(view=view, number=1, cx=224, cy=169, rx=26, ry=24)))
    doc.push(AddMark(doc, Arrow(view=view, x1=120, y1=60, x2=200, y2=140)))
    w = PresentationWindow(doc, load_atlas_or_none(), content_loader([]))
    w.show_image(image.id)
    return w
