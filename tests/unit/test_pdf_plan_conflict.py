"""An area's confirmed approach that the operation ticked contradicts is left out of the
patient's summary (page 1 and the approach card): the patient never reads two plans. With an
operation that agrees, the approach is printed as before. PDFs read back (EN and ES)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.export.strings import STRINGS
from desktop_app.model.consultation import Consultation, Lesion
from desktop_app.services import load_atlas_or_none
from tests.support import exported_pages, norm

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def atlas():
    return load_atlas_or_none()


def pages(tmp_path: Path, atlas, lang: str, operation: str) -> list[str]:
    c = Consultation(language=lang, treatments_planned=[operation], lesions=[
        Lesion(id="a", number=1, view="sagittal", cx=470, cy=560, rx=30, ry=22, label="",
               approach="posterior", approach_status="confirmed")])
    return exported_pages(tmp_path / f"{lang}-{operation}.pdf", c, lang, atlas)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_approach_the_operation_contradicts_is_not_printed(tmp_path, atlas, lang):
    s = STRINGS[lang]
    behind = norm(s["approach_posterior"])[:40]
    title = norm(s["approach_title"].format(n=1))
    text = " ".join(pages(tmp_path, atlas, lang, "surgery_anterior"))
    assert behind not in text and title not in text
    agreed = " ".join(pages(tmp_path, atlas, lang, "surgery_posterior"))
    assert title in agreed           # the card is printed when the operation agrees
