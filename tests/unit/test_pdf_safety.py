"""What a patient may act on, read back from real PDFs (EN and ES) made with the shipped
content: the emergency signs are listed; the disclaimer is always printed, also when a clinic's
content has none; the review state is stated truthfully, with the signer's name and date for
signed-off text and "not reviewed" for text edited after its sign-off; Spanish summaries are
Spanish throughout (captions the app writes, decimal comma)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from desktop_app.export.pdf import export_summary
from desktop_app.model import storage
from desktop_app.model.content import load_content
from desktop_app.model.signoff import APPROVED, SignoffBook
from tests.unit.test_pdf_support import all_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "data" / "example_consultation.json"
DAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def libs():
    return {lang: load_content(ROOT / "content", lang) for lang in ("en", "es")}


def pdf(tmp_path, libs, lang, name=None, visit_date=None, **kw):
    c = storage.load(EXAMPLE)
    c = dataclasses.replace(c, language=lang)
    if visit_date is not None:
        c = dataclasses.replace(c, visit_date=visit_date)
    out = tmp_path / (name or f"{lang}.pdf")
    kw.setdefault("content", libs[lang])
    export_summary(c, out, language=lang, **kw)
    return all_text(out)


@pytest.mark.parametrize("lang, heading, signs", [
    ("en", "Go to the emergency room now",
     ["Numbness between your legs, or around your bottom or genitals.",
      "New trouble starting to pass urine, or holding in urine or stool.",
      "Finding it harder and harder to pass urine.", "A new change in sexual feeling or function.",
      "Weakness in both legs.", "Go to the nearest emergency room now. Do not wait to reach us "
      "first.", "Do not drive yourself.", "Tell us what happened as soon as you can."]),
    ("es", "Vaya ahora a urgencias",
     ["Adormecimiento entre las piernas, o alrededor del ano o de los genitales.",
      "Orinar le cuesta cada vez más.", "Debilidad en las dos piernas.",
      "Vaya ahora a urgencias del hospital más cercano. No espere a hablar antes con nosotros.",
      "No conduzca usted.", "Cuéntenos lo que pasó en cuanto pueda."]),
])
def test_emergency_signs_are_listed(tmp_path, libs, lang, heading, signs):
    text = pdf(tmp_path, libs, lang)
    part = text[text.index(heading):]
    for sign in signs:
        assert sign in part, sign


def test_disclaimer_and_review_state_always_printed(tmp_path, libs):
    from desktop_app.export.strings import format_date, strings_for

    # a visit on the day the text was last checked (a later check date is left out: see
    # test_pdf_review3)
    last = max(t.sources_checked for t in libs["en"].topics.values()).isoformat()
    en = pdf(tmp_path, libs, "en", visit_date=last)
    assert "It does not replace advice from your own care team." in en
    assert ("Your clinic has not yet finished its own review of the general information. "
            "What your surgeon told you today is about you.") in en
    assert ("The general information in this summary comes from published medical sources. "
            "Its writers last checked it against them on "
            + format_date(last, strings_for("en")) + ".") in en
    es = pdf(tmp_path, libs, "es")
    assert "No reemplaza los consejos de su propio equipo médico." in es
    assert ("Su clínica aún no ha terminado de revisar la información general. Lo que su "
            "cirujano le explicó hoy se refiere a su caso.") in es


def test_app_emergency_signs_when_the_clinic_content_has_none(tmp_path, libs):
    """A clinic's own when_to_call.yaml without urgencies, and no disclaimer: the app's own
    disclaimer and emergency signs are printed, with the clinic's emergency number."""
    from desktop_app.infra.config import ClinicConfig

    folder = tmp_path / "clinic" / "en"
    shutil.copytree(ROOT / "content" / "en", folder)
    (folder / "disclaimer.yaml").unlink()
    text = (folder / "when_to_call.yaml").read_text(encoding="utf-8")
    head, last = text.split("items:")[0], text.split("- id: feeling_low")[1]
    (folder / "when_to_call.yaml").write_text(head + "items:\n  - id: feeling_low" + last,
                                              encoding="utf-8")
    own = load_content(tmp_path / "clinic", "en")
    assert own.topic("disclaimer") is None and own.items_by_urgency() == []
    text = pdf(tmp_path, libs, "en", content=own, config=ClinicConfig(country="GB"))
    assert "It does not replace advice from your own care team." in text
    part = text[text.index("When to call emergency services"):]
    assert "Weakness in both legs. Any one of these: go to the emergency room now." in part
    assert "Do not drive yourself." in part
    assert "Chest pain, sudden shortness of breath, or coughing up blood: call 999." in part
    assert "{" not in text


def test_signed_off_text_names_the_signer_and_edited_text_is_not_reviewed(tmp_path, libs):
    book = SignoffBook()
    for lang in ("en", "es"):
        for item in libs[lang].all_items():
            book.decide(item, lang, APPROVED, "Dr Ana Ruiz", "Colorectal surgeon", today=DAY)
    en = pdf(tmp_path, libs, "en", signoff=book)
    assert ("A clinician at this clinic reviewed all the general information in this "
            "summary: Dr Ana Ruiz (Colorectal surgeon) on December 6, 2026.") in en
    es = pdf(tmp_path, libs, "es", signoff=book)
    assert ("Un médico de esta clínica revisó toda la información general de este resumen: "
            "Dr Ana Ruiz (Colorectal surgeon) el 6 de diciembre de 2026.") in es

    # the clinic edits one item after the sign-off: that item is shown as not reviewed
    fever = libs["en"].item("fever")
    edited = dataclasses.replace(fever, summary=fever.summary + " Also call for 37.8°C.")
    topic = libs["en"].topic("when_to_call")
    topic = dataclasses.replace(topic, items=tuple(edited if i.id == "fever" else i
                                                   for i in topic.items))
    lib = dataclasses.replace(libs["en"], topics={**libs["en"].topics, "when_to_call": topic})
    lib.__post_init__()
    text = pdf(tmp_path, libs, "en", "edited.pdf", content=lib, signoff=book)
    assert "A clinician at this clinic reviewed part of the general information: Dr Ana " \
           "Ruiz" in text
    assert "Your clinic has not yet finished its review of the rest: Fever or chills." in text


def test_spanish_summary_is_spanish_throughout(tmp_path, libs):
    from desktop_app.model.images import import_image
    from tests.dicom_samples import make_png

    c = storage.load(EXAMPLE)
    picture = import_image(make_png(tmp_path / "scan.png", 120, 90), "Your MRI scan")
    lesions = [dataclasses.replace(c.lesions[0], suspected_type="tailgut_cyst", length_cm=5.5,
                                   width_cm=4.0), *c.lesions[1:]]
    c = dataclasses.replace(c, language="es", images=[picture], lesions=lesions)
    out = tmp_path / "es-full.pdf"
    export_summary(c, out, content=libs["es"], language="es")
    text = all_text(out)
    assert "Su resonancia magnética" in text and "Your MRI scan" not in text
    assert "5,5 cm" in text and "5.5 cm" not in text                 # decimal comma
    assert "quiste del intestino caudal" in text.lower()
    for english in ("tailgut", "Your scan", "When to call", "Reviewed", "About this summary",
                    "emergency"):
        assert english not in text, english
