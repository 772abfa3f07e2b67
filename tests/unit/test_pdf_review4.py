"""What the fourth outside reader found in the patient's PDF, read back (EN and ES): the one
rule for every doubt ("If you are not sure what to do, it is always better to call") is on
the "When to call us" page, and a plan whose operations have "and" in their names reads as
a list of them, not as one long "... and ... and ..."."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from desktop_app.export.pdf import export_summary
from desktop_app.export.strings import STRINGS
from desktop_app.infra.config import ClinicConfig
from desktop_app.model.consultation import Consultation
from desktop_app.model.content import load_content
from desktop_app.services import load_atlas_or_none
from tests.unit.test_pdf_support import norm

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def atlas():
    return load_atlas_or_none()


def pages(tmp_path: Path, atlas, lang: str, planned: list[str]) -> list[str]:
    c = Consultation(language=lang, treatments_planned=planned)
    out = tmp_path / f"{lang}.pdf"
    export_summary(c, out, config=ClinicConfig(phone="+1 555 0100"),
                   content=load_content(ROOT / "content", lang), atlas=atlas, language=lang)
    doc = pdfium.PdfDocument(str(out))
    try:
        return [norm(doc[i].get_textpage().get_text_range()) for i in range(len(doc))]
    finally:
        doc.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_rule_for_every_doubt_is_on_the_when_to_call_page(tmp_path, atlas, lang):
    s = STRINGS[lang]
    text = pages(tmp_path, atlas, lang, [])
    where = [i for i, t in enumerate(text) if norm(s["h_call"]) in t]
    assert where, "no 'When to call us'"
    assert norm(s["call_unsure"]) in text[where[0]]
    assert sum(t.count(norm(s["call_unsure"])) for t in text) == 1


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_plan_of_operations_with_and_in_their_names_reads_as_a_list(tmp_path, atlas, lang):
    lib = load_content(ROOT / "content", lang)
    titles = [lib.item(i).title for i in ("surgery_combined", "radiation_proton")]
    conj = STRINGS[lang]["and"]
    assert all(conj in t for t in titles)            # the case: both names hold "and"
    lower = [t[:1].lower() + t[1:] for t in titles]
    first = pages(tmp_path, atlas, lang, ["surgery_combined", "radiation_proton"])[0]
    assert norm("; ".join(lower) + ".") in first
    assert norm(conj.join(lower)) not in first
    if lang == "en":
        assert "surgery from the front and from behind; proton and carbon ion therapy." in first
