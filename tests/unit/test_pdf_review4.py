"""What the fourth outside reader found in the patient's PDF, read back (EN and ES): the one
rule for every doubt ("If you are not sure what to do, it is always better to call") is on
the "When to call us" page, and a plan whose operations have "and" in their names reads as
a list of them, not as one long "... and ... and ..."."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.export.strings import STRINGS
from desktop_app.model.consultation import Consultation
from desktop_app.model.content import load_content
from desktop_app.services import load_atlas_or_none
from tests.support import exported_pages, norm

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def atlas():
    return load_atlas_or_none()


def pages(tmp_path: Path, atlas, lang: str, planned: list[str]) -> list[str]:
    return exported_pages(tmp_path / f"{lang}.pdf",
                          Consultation(language=lang, treatments_planned=planned), lang, atlas)


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


# ------------------------------------------------------------- the fifth reader's findings
@pytest.mark.parametrize("lang", ["en", "es"])
def test_after_an_operation_expected_numbness_is_told_apart_from_the_nerve_signs(
        tmp_path, atlas, lang):
    """The emergency-room card lists numbness and a change in sexual function; after an
    operation some numbness next to the wound is expected and one weak leg is a same-day
    call: said on the "After your operation" card, which the patient reads after surgery."""
    s = STRINGS[lang]
    visit = Consultation(language=lang)
    text = " ".join(exported_pages(tmp_path / "visit.pdf", visit, lang, atlas))
    after = text.index(norm(s["h_after_operation"]))
    said = text.find(norm(s["after_operation_nerves"]))
    assert said > after, "not on the After your operation card"
    assert text.count(norm(s["after_operation_nerves"])) == 1


@pytest.mark.parametrize("lang", ["en", "es"])
def test_page_one_opens_the_plan_with_the_no_needle_warning(tmp_path, atlas, lang):
    """A biopsy ticked beside a suspected meningocele: the warning is the first line of
    "What happens next" on page 1 (a full page 1 lets the plan go on over the page, and the
    warning must never go with it), and the biopsy card gives no reason for a needle when
    every marked area may be a meningocele."""
    from desktop_app.model.consultation import Lesion

    s = STRINGS[lang]
    c = Consultation(language=lang, tests=["mri", "biopsy"],
                     treatments_discussed=["surgery_anterior"], notes="Long notes. " * 60,
                     lesions=[Lesion(id="m", number=1, view="sagittal", cx=470, cy=560,
                                     rx=30, ry=22, suspected_type="anterior_sacral_meningocele")])
    pages = exported_pages(tmp_path / "visit.pdf", c, lang, atlas)
    first = pages[0]
    warning = norm(s["glance_no_needle"])
    assert warning in first
    assert first.index(norm(s["h_next"])) < first.index(warning) < first.index(
        norm(s["tests_lead"]))
    why = norm(load_content(ROOT / "content", lang).item("biopsy").field_text("why"))
    assert len(why) > 40 and why[:40] not in " ".join(pages[1:])
