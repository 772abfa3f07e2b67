"""The patient PDF, read back with pypdf: content, order, pages, fonts, metadata, bad input."""

from __future__ import annotations

import re

import pytest

from desktop_app.infra.config import ClinicConfig
from desktop_app.export import glossary, strings
from desktop_app.export.pdf import ExportError, export_summary
from desktop_app.model.consultation import Consultation, Lesion, Patient
from tests.unit.test_pdf_support import (all_text, full_consultation, make_atlas, make_library,
                                         norm, page_texts, pdf_reader)

CLINIC = ClinicConfig(clinic_name="Riverside Pelvic Surgery", department="Colorectal Unit",
                      address="1 River Road\nExampletown", phone="+44 20 7946 0000")


@pytest.fixture(scope="module")
def library():
    return make_library()


@pytest.fixture(scope="module")
def atlas():
    return make_atlas()


def export(tmp_path, consultation, name="out.pdf", **kw):
    kw.setdefault("config", CLINIC)
    kw.setdefault("content", make_library())
    kw.setdefault("atlas", make_atlas())
    out = tmp_path / name
    result = export_summary(consultation, out, **kw)
    assert out.read_bytes()[:5] == b"%PDF-"
    return out, result


# ------------------------------------------------------------------------------- content
def test_accented_name_and_ticked_items_only(tmp_path):
    out, result = export(tmp_path, full_consultation())
    text = all_text(out)
    assert "Zoë Ångström-Nguyễn" in text
    assert "Dr. A. Surgeon" in text
    # no country set: English dates in US order
    assert "November 26, 2026" in text and "March 14, 1979" in text
    assert "26 November 2026" not in text
    # ticked
    for title in ("Pain in the low back", "Hard stools", "MRI scan", "Surgery from behind"):
        assert title in text
    # not ticked: titles chosen so they appear nowhere else in the summary
    for title in ("Zigzag leg tingles", "Quiet weight change", "Needle sample",
                  "Surgery through the belly", "Ray treatment"):
        assert title not in text
    # the record number is not printed on a take-home leaflet
    assert "MRN-0042-EX" not in text
    assert result.pages == len(pdf_reader(out).pages)


def test_sections_in_order_each_only_when_it_has_something(tmp_path):
    _, result = export(tmp_path, full_consultation())
    # page 1 at a glance, then the reference
    # (the surgeon's short notes fit on page 1, in "What happens next"); "When to call us"
    # opens page 2, its unsplittable emergency cards first on an empty page
    assert result.sections == ["header", "visit", "found", "next", "contact", "box",
                               "when_to_call", "emergency", "details", "symptoms", "tests",
                               "treatments", "questions", "glossary", "disclaimer"]
    _, empty = export(tmp_path, Consultation(visit_date="2026-11-26"), "empty.pdf")
    assert empty.sections == ["header", "visit", "contact", "box", "when_to_call",
                              "emergency", "questions", "disclaimer"]


def test_section_headings_appear_in_the_stated_order(tmp_path):
    out, _ = export(tmp_path, full_consultation())
    text = all_text(out)
    headings = ["Your visit summary", "What we found", "What happens next", "Who to call",
                "Get emergency help now", "When to call us", "More about what we found",
                "Your symptoms", "Tests we plan", "Treatment options we discussed",
                "Questions to ask", "Words to know", "About this summary"]
    at = 0
    for h in headings:   # each one after the one before ("Tests we plan:" is on page 1 too)
        at = text.index(h, at) + len(h)
    assert text.index("More about what we found") > text.index("Page 1 of")


def test_test_details_and_treatment_details(tmp_path):
    out, _ = export(tmp_path, full_consultation())
    text = all_text(out)
    for words in ("Why we do it", "It shows where the growth is.", "What to expect",
                  "You lie still in a tunnel.", "How to get ready",
                  "Tell us about metal in your body.", "This is the plan we agreed on.",
                  "Most people go home in a few days.", "Keep the wound clean.",
                  "Sitting may be sore."):
        assert words in text


def test_what_we_found_in_plain_words(tmp_path):
    out, _ = export(tmp_path, full_consultation())
    text = all_text(out)
    assert "It is low down, near the tailbone." in text
    assert "it sits in the space behind the back passage" in text
    assert "about 4.0 cm long and 3.0 cm wide" in text
    assert "a sac filled with fluid (a cyst)" in text
    assert "may be a tailgut cyst" in text
    assert "cystic" not in text.casefold()  # the legend uses lay words
    assert "Area 1 (filled with fluid), 4.0 × 3.0 cm" in text   # beside its numbered swatch
    assert "1 — " not in text                         # the number is not said twice


def test_lesion_above_s3_and_spanning_and_free_text_type(tmp_path):
    c = full_consultation(lesions=[
        Lesion(id="a", number=1, cx=420, cy=150, rx=25, ry=20, appearance="solid"),
        Lesion(id="b", number=2, cx=430, cy=250, rx=25, ry=60, appearance="mixed",
               suspected_type_text="possible nerve sheath tumor")])
    out, _ = export(tmp_path, c)
    text = all_text(out)
    assert "It is higher up, near the middle of the sacrum." in text
    assert "It reaches from the middle of the sacrum down toward the tailbone." in text
    assert "looks solid" in text and "partly solid and partly filled with fluid" in text
    assert "possible nerve sheath tumor" in text
    # no sizes typed: none is given (a marker on the schematic drawing is not a measurement)
    assert "As drawn" not in text and " cm" not in text.split("More about what we found")[-1]


def test_approach_note_only_when_confirmed_or_overridden(tmp_path):
    def with_status(status, reason=""):
        c = full_consultation()
        c.lesions[0].approach = "posterior"
        c.lesions[0].approach_status = status
        c.lesions[0].approach_reason = reason
        return c

    marker = "How your surgeon plans to reach area 1"
    out, _ = export(tmp_path, with_status("suggested"), "s.pdf")
    assert marker not in all_text(out)
    out, _ = export(tmp_path, with_status("confirmed"), "c.pdf")
    text = all_text(out)
    assert marker in text and "from behind, through a cut over the tailbone" in text
    out, _ = export(tmp_path, with_status("overridden", "Kept small on purpose."), "o.pdf")
    text = all_text(out)
    assert marker in text and "Kept small on purpose." in text


def test_glossary_lists_only_terms_that_appear(tmp_path):
    out, result = export(tmp_path, full_consultation())
    text = all_text(out)
    words = text[text.index("Words to know"):text.index("About this summary")]
    assert "Cyst — A sac filled with fluid." in words          # "cyst" in what we found
    # "back passage" is a plain word: its alias alone does not list "Rectum"
    assert "Rectum" not in words
    assert "Chordoma" not in words                              # appears nowhere
    assert "Anus" not in words                                  # no whole-word match
    assert set(result.glossary_terms) == {"Cyst", "Scan"}


def test_a_glossary_alias_counts_only_as_a_form_of_its_word():
    from desktop_app.export.glossary import glossary_terms_for

    class Term:
        title, aliases = "Rectum", ("rectal", "back passage", "rec")
    # "rectal" is a form of "Rectum"; "back passage" is the plain word the summary explains
    # it with; "rec" is shorter than the four letters that make a form
    assert glossary_terms_for(Term) == ["Rectum", "rectal"]
    assert glossary.find_glossary_items([Term], "the back passage") == []
    assert glossary.find_glossary_items([Term], "a rectal exam") == [Term]


def test_glossary_matching_rules():
    item = make_library().item("g_scan")
    assert glossary.find_glossary_items([item], "An MRI SCAN of the pelvis") == [item]
    assert glossary.find_glossary_items([item], "Two scans") == [item]
    assert glossary.find_glossary_items([item], "a scanner is a machine") == []
    assert glossary.find_glossary_items([item], "rescan") == []


def test_nothing_ticked_gives_a_valid_short_pdf(tmp_path):
    out, result = export(tmp_path, Consultation(visit_date="2026-11-26"), atlas=None)
    text = all_text(out)
    # the warning signs, the emergency signs and the disclaimer are always there: two pages
    assert "Your visit summary" in text and f"Page {result.pages} of {result.pages}" in text
    assert "What we found" not in text and "Your symptoms" not in text
    assert result.pages <= 2


def test_without_content_or_config_or_atlas(tmp_path):
    out, result = export(tmp_path, full_consultation(), config=None, content=None, atlas=None)
    text = all_text(out)
    assert "Your surgical team" in text and "Zoë Ångström-Nguyễn" in text
    # no drawing: no "What we found" on page 1, the areas in words in the reference
    assert "More about what we found" in text and "The drawing we used" not in text


# --------------------------------------------------------------------------------- pages
def test_long_note_is_multi_page_with_page_x_of_y_on_every_page(tmp_path):
    note = "\n\n".join(f"Paragraph {i:03d}: please keep walking every day and drink plenty "
                       f"of water while you wait for the scan results." for i in range(100))
    out, result = export(tmp_path, full_consultation(notes=note))
    pages = page_texts(out)
    assert len(pages) == result.pages >= 4
    for i, page in enumerate(pages, start=1):
        assert f"Page {i} of {len(pages)}" in page
        assert "November 26, 2026" in page  # the visit date in the footer
    text = " ".join(pages)
    assert "Paragraph 000:" in text and "Paragraph 099:" in text


def test_huge_single_paragraph_note(tmp_path):
    note = ("word " * 12_000).strip()  # no paragraph breaks at all
    out, result = export(tmp_path, full_consultation(notes=note))
    assert result.pages >= 8
    assert len(pdf_reader(out).pages) == result.pages


def test_paper_size_from_config(tmp_path):
    from dataclasses import replace

    out, _ = export(tmp_path, full_consultation(), "a4.pdf")
    box = pdf_reader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    out, _ = export(tmp_path, full_consultation(), "letter.pdf",
                    config=replace(CLINIC, paper="Letter"))
    box = pdf_reader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


# ---------------------------------------------------------------------------- typography
def _fonts(reader):
    fonts = {}
    for page in reader.pages:
        res = page["/Resources"]
        for ref in (res.get("/Font") or {}).values():
            font = ref.get_object()
            fonts[str(font.get("/BaseFont"))] = font
        for xref in (res.get("/XObject") or {}).values():  # fonts inside form xobjects
            xo = xref.get_object()
            for ref in ((xo.get("/Resources") or {}).get("/Font") or {}).values():
                font = ref.get_object()
                fonts[str(font.get("/BaseFont"))] = font
    return fonts


def test_font_is_embedded_truetype(tmp_path):
    out, _ = export(tmp_path, full_consultation())
    fonts = _fonts(pdf_reader(out))
    assert fonts, "no fonts found"
    for name, font in fonts.items():
        assert "DejaVuSans" in name, f"unexpected font {name}"
        descendants = font.get("/DescendantFonts")
        descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object(), f"{name} is not embedded"
    assert any("Bold" in n for n in fonts)


def test_text_sizes_and_margins(tmp_path):
    """Body text >= 12 pt, headings 16-18 pt, nothing closer than 2 cm to an edge.

    The diagram's own lettering (structure labels, numbers) and the footer are excluded: they
    are labels on a drawing and a page line, not reading text.
    """
    out, result = export(tmp_path, full_consultation())
    reader = pdf_reader(out)
    cm = 72 / 2.54
    sizes = []
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        boxes = [(d.x, d.y, d.x + d.placement.width, d.y + d.placement.height)
                 for d in result.diagrams if d.page == number]

        def visit(text, cm_, tm, font, size, _sizes=sizes, _boxes=boxes, _w=width, _h=height):
            if not text.strip():
                return
            x = tm[4] * cm_[0] + tm[5] * cm_[2] + cm_[4]
            y = tm[4] * cm_[1] + tm[5] * cm_[3] + cm_[5]
            scale = abs(tm[3] * cm_[3]) or 1
            assert 2 * cm - 0.5 <= x <= _w - 2 * cm, (text, x)
            assert 2 * cm - 0.5 <= y <= _h - 2 * cm, (text, y)
            if any(bx0 - 1 <= x <= bx1 + 1 and by0 - 1 <= y <= by1 + 1
                   for bx0, by0, bx1, by1 in _boxes):
                return
            if y < 2.5 * cm:  # footer line
                return
            _sizes.append((round(size * scale, 1), text))

        page.extract_text(visitor_text=visit)
    assert sizes
    small = [s for s in sizes if s[0] < 12]
    assert not small, small[:5]
    headings = {s for s, t in sizes if t.strip() in ("What we found", "Your symptoms")}
    assert headings and all(16 <= s <= 18 for s in headings)
    assert max(s for s, _ in sizes) <= 18


def test_metadata_has_no_patient_data(tmp_path):
    out, _ = export(tmp_path, full_consultation())
    reader = pdf_reader(out)
    meta = reader.metadata
    assert meta.title == "Your visit summary"
    assert meta.author == "Riverside Pelvic Surgery"
    assert meta.subject and "Zoë" not in meta.subject
    values = " ".join(str(v) for v in meta.values())
    for secret in ("Zoë", "Ångström", "Nguyễn", "1979", "MRN-0042"):
        assert secret not in values
    assert reader.trailer["/Root"].get("/Lang") == "en"
    assert "/Metadata" not in reader.trailer["/Root"]  # no XMP packet either


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("name", ["Γιώργος Παπαδόπουλος", "Nguyễn Thị Minh Khai",
                                  "Łukasz Żółć-Øster", "Ðặng Hữu Phúc"])
def test_non_latin_names_render(tmp_path, name):
    from desktop_app.export.fonts import covers

    assert covers(name)
    out, _ = export(tmp_path, full_consultation(patient=Patient(name=name)))
    assert name in all_text(out)


def test_missing_logo_gives_a_pdf_without_logo(tmp_path):
    from dataclasses import replace

    out, _ = export(tmp_path, full_consultation(),
                    config=replace(CLINIC, logo=str(tmp_path / "nope.png")))
    page = pdf_reader(out).pages[0]
    xobjects = page["/Resources"].get("/XObject") or {}
    assert not [k for k, v in xobjects.items() if v.get_object().get("/Subtype") == "/Image"]


def test_broken_logo_file_is_skipped(tmp_path):
    from dataclasses import replace

    bad = tmp_path / "logo.png"
    bad.write_bytes(b"not an image at all")
    out, _ = export(tmp_path, full_consultation(), config=replace(CLINIC, logo=str(bad)))
    assert "Riverside Pelvic Surgery" in all_text(out)


def test_logo_is_drawn(tmp_path):
    from dataclasses import replace

    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 120), (27, 94, 122)).save(logo)
    out, _ = export(tmp_path, full_consultation(), config=replace(CLINIC, logo=str(logo)))
    page = pdf_reader(out).pages[0]
    xobjects = page["/Resources"].get("/XObject") or {}
    assert [k for k, v in xobjects.items() if v.get_object().get("/Subtype") == "/Image"]


def test_unwritable_paths_raise_one_line_export_error(tmp_path):
    c = full_consultation()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for target in (tmp_path / "missing-dir" / "x.pdf", blocker / "x.pdf", tmp_path):
        with pytest.raises(ExportError) as info:
            export_summary(c, target, config=CLINIC, content=make_library(), atlas=None)
        message = str(info.value)
        assert "\n" not in message and "cannot write the PDF" in message
        assert "Zoë" not in message


def test_write_failure_leaves_no_temp_file(tmp_path, monkeypatch):
    import os

    def boom(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(ExportError, match="Permission denied"):
        export_summary(full_consultation(), tmp_path / "x.pdf", config=CLINIC,
                       content=make_library(), atlas=None)
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_replaced_atomically(tmp_path):
    out = tmp_path / "x.pdf"
    out.write_bytes(b"old")
    export_summary(full_consultation(), out, config=CLINIC, content=make_library(), atlas=None)
    assert out.read_bytes()[:5] == b"%PDF-"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


# ------------------------------------------------------------------------------- strings
def test_language_falls_back_to_english(tmp_path, monkeypatch):
    for language in ("xx", None):
        out, _ = export(tmp_path, full_consultation(), f"{language}.pdf", language=language)
        assert "Your visit summary" in all_text(out)
    assert strings.strings_for("zz")["h_found"] == "What we found"
    # a language with some keys missing takes those from English, key by key
    monkeypatch.setitem(strings.STRINGS, "qq", {"h_found": "Lo que encontramos"})
    mixed = strings.strings_for("qq")
    assert mixed["h_found"] == "Lo que encontramos" and mixed["h_tests"] == "Tests we plan"


def test_every_language_uses_the_english_keys():
    english = set(strings.STRINGS["en"])
    for language, words in strings.STRINGS.items():
        assert set(words) <= english, language
        assert len(words["months"]) == 12


def test_dates_and_numbers():
    s = strings.strings_for("en")
    assert strings.format_date("2026-01-05", s) == "January 5, 2026"
    assert strings.format_date("2026-01-05", strings.strings_for("en", "US")) == "January 5, 2026"
    assert strings.format_date("2026-01-05", strings.strings_for("en", "GB")) == "5 January 2026"
    assert strings.format_date("2026-01-05", strings.strings_for("en", "gb")) == "5 January 2026"
    # Spanish keeps its own order whatever the clinic's country
    for country in ("", "US", "ES"):
        assert strings.format_date("2026-01-05", strings.strings_for("es", country)) == \
            "5 de enero de 2026"
    # a language without its own date words falls back to English, in the country's order
    assert strings.format_date("2026-01-05", strings.strings_for("zz", "GB")) == "5 January 2026"
    assert strings.format_date("", s) == ""
    assert strings.format_cm(4.0, s) == "4.0" and strings.format_cm(2.2, s) == "2.2"
    assert strings.format_cm(5.5, strings.strings_for("es")) == "5,5"


def test_no_patient_data_in_plain_bytes_of_metadata(tmp_path):
    out, _ = export(tmp_path, full_consultation())
    raw = out.read_bytes()
    info = re.search(rb"/Author.*?>>", raw, re.S)
    assert info and b"Riverside" in info.group(0)
    assert "Zoë".encode("utf-16-be") not in info.group(0) and b"Zo" not in info.group(0)


def test_result_reports_the_diagram_position(tmp_path):
    _, result = export(tmp_path, full_consultation())
    assert [d.view for d in result.diagrams] == ["sagittal"]
    d = result.diagrams[0]
    assert d.page == 1 and d.placement.width > 200


def test_text_only_names_are_escaped(tmp_path):
    c = full_consultation(patient=Patient(name="<b>Ann & Bo</b>"),
                          notes="Use <i>less</i> & more > fewer")
    out, _ = export(tmp_path, c)
    text = all_text(out)
    assert "<b>Ann & Bo</b>" in text and "Use <i>less</i> & more > fewer" in text


def test_norm_helper():
    assert norm("x\ny") == "x y"


def test_control_characters_and_emoji_do_not_break_the_pdf(tmp_path):
    import warnings

    c = full_consultation(patient=Patient(name="Zoë 😀 Nguyễn"),
                          notes="a\x00b\x01c\x0bd\n\ne<f>&g\n line two \t tab",
                          clinician="Dr \x07 Bell")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pypdf warns on a broken ToUnicode map
        out, _ = export(tmp_path, c)
        text = all_text(out)
    assert "Zoë \ufffd Nguyễn" in text
    assert "abcd" in text and "e<f>&g" in text and "Dr Bell" in text


def test_a_very_long_label_does_not_shrink_the_diagram(tmp_path):
    c = full_consultation()
    c.lesions[0].label = "x" * 500
    _, result = export(tmp_path, c)
    [diagram] = result.diagrams
    short = full_consultation()
    _, normal = export(tmp_path, short, "normal.pdf")
    assert diagram.placement.scale >= 0.8 * normal.diagrams[0].placement.scale


def test_font_files_and_licence_ship_in_resources():
    from desktop_app.export import fonts

    for path in fonts.font_files().values():
        assert path.is_file() and path.stat().st_size > 100_000
    licence = (fonts.font_dir() / fonts.LICENSE_FILE).read_text(encoding="utf-8")
    assert "Bitstream" in licence and "Permission is hereby granted" in licence


def test_pdf_language_follows_the_content(tmp_path):
    from dataclasses import replace as dc_replace

    spanish = dc_replace(make_library(), language="es")
    out, _ = export(tmp_path, full_consultation(), content=spanish, language="es")
    assert pdf_reader(out).trailer["/Root"].get("/Lang") == "es"
