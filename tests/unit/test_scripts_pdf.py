"""Names in every script: printed correctly (text parsed back from the PDF, in the order and
letter forms the page shows, pages rendered) in the shipped font or a font of this computer, or
refused with one sentence naming the field, the script and what IT can install - never boxes.

The computer's fonts: in CI the Debian packages of the Makefile's DEB_TEST (fonts-droid-fallback,
fonts-wqy-microhei, fonts-lohit-deva, fonts-tlwg-garuda-otf); "a computer without them" is the
font finder pointed at an empty folder (PRESACRAL_CONSULT_FONT_DIRS).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import unicodedata

import pytest
from pypdf import PdfReader

from desktop_app.export import fonts, scripts, system_fonts
from desktop_app.infra.config import ClinicConfig
from desktop_app.model import storage
from desktop_app.services import ServiceError, export_pdf
from tests.attacks import one_line, run_app
from tests.conftest import EXAMPLE

PRINTED = {"Vietnamese": "Nguyễn Thị Hương", "Greek": "Παπαδοπούλου",
           "Arabic": "فاطمة الزهراء", "Hebrew": "שרה כהן"}
# need a font of the computer; the Devanagari and Thai names need shaping (ि is drawn before
# the consonant it follows, ำ over and after its consonant)
SYSTEM = {"Chinese": "王秀英", "Japanese": "さくら", "Korean": "김민지",
          "Devanagari": "सुनीता किशोर", "Thai": "สมชาย น้ำใจ"}
SHAPED = {"Devanagari", "Thai"}


@pytest.fixture
def no_fonts(tmp_path, monkeypatch):
    """A computer with no fonts of its own: the finder reads an empty folder."""
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    monkeypatch.setenv(system_fonts.FONT_DIRS_ENV, str(empty))
    return {system_fonts.FONT_DIRS_ENV: str(empty)}


def need_fonts_for(script: str) -> None:
    """Skip on a developer machine without a font for ``script``; in CI on Linux (CI=true,
    the Makefile installs them) their absence is a failure."""
    if not system_fonts.faces_covering(set(SYSTEM[script].replace(" ", ""))):
        if os.environ.get("CI") and sys.platform.startswith("linux"):
            pytest.fail(f"no font for {script}: the Makefile's DEB_TEST fonts are missing")
        pytest.skip(f"no font for {script} on this machine (make system-test installs them)")


def _export(tmp_path, library, atlas, name="", clinician="", clinic=""):
    c = storage.load(EXAMPLE)
    c.patient.name, c.clinician = name, clinician
    out = tmp_path / "s.pdf"
    export_pdf(c, out, config=ClinicConfig(clinic_name=clinic), content=library, atlas=atlas)
    return out


def _text(pdf) -> str:
    return unicodedata.normalize("NFKC", PdfReader(pdf).pages[0].extract_text())


@pytest.mark.parametrize("script", sorted(PRINTED))
def test_names_that_print(tmp_path, library, atlas, script):
    name = PRINTED[script]
    out = _export(tmp_path, library, atlas, name=name, clinician=name, clinic=name)
    text = _text(out)
    # pypdf reads right-to-left runs back into logical order: the name comes back as typed
    # only if the page draws it right to left (as it was, it came back reversed)
    assert text.count(unicodedata.normalize("NFKC", name)) >= 3, text[:300]  # + the clinic
    if script == "Hebrew":
        assert scripts.visual(name) == name[::-1]
    if script == "Arabic":  # joined: contextual forms, not the isolated letters
        forms = scripts.visual(name)
        assert any(0xFE70 <= ord(ch) <= 0xFEFF for ch in forms)
        assert unicodedata.normalize("NFKC", forms)[::-1] == name
    # nothing printed without a glyph
    cmap = scripts._cmap()
    assert all(ord(ch) in cmap for ch in scripts.visual(name) if not ch.isspace())


def _line_after(text: str, label: str) -> str:
    """The value printed after ``label:`` in the header line (fields are joined by " · ")."""
    for line in text.splitlines():
        if f"{label}:" in line:
            return line.split(f"{label}:", 1)[1].split("·", 1)[0].strip()
    raise AssertionError(f"no '{label}:' on the page")


def _letters(text: str) -> list[str]:
    """The letters of ``text`` in any order (text extraction gives shaped scripts in the order
    they are drawn; ำ comes back as its two parts)."""
    return sorted(unicodedata.normalize("NFKC", text).replace(" ", ""))


@pytest.mark.parametrize("script", sorted(SYSTEM))
def test_names_print_in_a_font_of_this_computer(tmp_path, library, atlas, script):
    need_fonts_for(script)
    name = SYSTEM[script]
    out = _export(tmp_path, library, atlas, name=name, clinician=name, clinic=name)
    text = unicodedata.normalize("NFKC", PdfReader(out).pages[0].extract_text())
    if script in SHAPED:
        assert _letters(_line_after(text, "Name")) == _letters(name), text[:300]
        assert _letters(_line_after(text, "Seen by")) == _letters(name)
    else:
        assert text.count(name) >= 3, text[:300]   # name, clinician, clinic
    # during the export the summary's fonts have a glyph for every letter: no boxes
    from reportlab.pdfbase import pdfmetrics

    with scripts.fonts_for([name]):
        for font_name in (fonts.REGULAR, fonts.BOLD):
            cmap = pdfmetrics.getFont(font_name).face.charToGlyph
            assert all(ord(ch) in cmap for ch in name if not ch.isspace())
    assert pdfmetrics.getFont(fonts.REGULAR).face.name == b"DejaVuSans"  # put back after


@pytest.mark.parametrize("script", sorted(SYSTEM))
@pytest.mark.parametrize("field", ["name", "clinician", "clinic"])
def test_refused_in_one_sentence_only_when_no_font_has_the_letters(tmp_path, library, atlas,
                                                                   no_fonts, script, field):
    name = SYSTEM[script]
    with pytest.raises(ServiceError) as info:
        _export(tmp_path, library, atlas, **{field: name})
    message = str(info.value)
    assert f"is in {script} characters, and no font on this computer has them" in message
    assert "IT can install" in message and scripts.DEBIAN_FONTS[script] in message
    assert name not in message and "\n" not in message
    assert {"name": "patient's name", "clinician": "clinician's name",
            "clinic": "clinic's name"}[field] in message
    assert not (tmp_path / "s.pdf").exists()


def test_the_shipped_font_needs_no_font_of_the_computer(tmp_path, library, atlas, no_fonts):
    name = PRINTED["Greek"] + " " + PRINTED["Vietnamese"]
    text = _text(_export(tmp_path, library, atlas, name=name))
    assert unicodedata.normalize("NFKC", name) in text


@pytest.mark.parametrize("platform,expected", [
    ("linux", "the package fonts-wqy-microhei or fonts-noto-cjk"),
    ("win32", "the Windows optional feature 'Korean Supplemental Fonts'"),
    ("darwin", "a font for Korean letters (Font Book)"),
])
def test_what_it_can_install(platform, expected):
    assert expected in scripts.install_hint("Korean", platform)


def _cff_font(path, char: str) -> None:
    """A one-glyph OpenType font with CFF (cubic) outlines, as Noto CJK has."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "glyph1"])
    fb.setupCharacterMap({ord(char): "glyph1"})
    strings = {}
    for glyph in (".notdef", "glyph1"):
        pen = T2CharStringPen(600, None)
        pen.moveTo((100, 0))
        pen.curveTo((100, 400), (500, 700), (500, 0))   # a cubic curve: converted to quadratics
        pen.closePath()
        strings[glyph] = pen.getCharString()
    fb.setupCFF("TestCFF", {"FullName": "Test CFF"}, strings, {})
    fb.setupHorizontalMetrics({".notdef": (600, 100), "glyph1": (600, 100)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Test CFF", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    fb.save(str(path))


def test_a_cff_font_is_converted_to_truetype_outlines(tmp_path, library, atlas, monkeypatch):
    folder = tmp_path / "fonts"
    folder.mkdir()
    _cff_font(folder / "test-cff.otf", "王")
    monkeypatch.setenv(system_fonts.FONT_DIRS_ENV, str(folder))
    face, = system_fonts.faces_covering({"王"})
    assert not face.truetype                          # CFF outlines
    out = _export(tmp_path, library, atlas, name="王 Wang")
    assert "王 Wang" in _text(out)
    from fontTools.ttLib import TTFont

    merged = TTFont(io.BytesIO(system_fonts.merged_font(
        fonts.font_files()[fonts.REGULAR], system_fonts.plan({"王"}, scripts.script_of, set()))))
    assert "glyf" in merged and "CFF " not in merged
    assert ord("王") in merged.getBestCmap() and ord("A") in merged.getBestCmap()


def test_a_truetype_collection_is_read_from_a_font_folder(tmp_path, library, atlas,
                                                          monkeypatch):
    need_fonts_for("Korean")
    face = system_fonts.faces_covering(set("김민지"))[0]
    folder = tmp_path / "fonts"
    folder.mkdir()
    os.symlink(face.path, folder / os.path.basename(face.path))
    monkeypatch.setenv(system_fonts.FONT_DIRS_ENV, str(folder))
    found = system_fonts.faces_covering(set("김민지"))
    assert found and found[0].path == str(folder / os.path.basename(face.path))
    assert "김민지" in _text(_export(tmp_path, library, atlas, name="김민지"))


def test_the_cli_prints_a_chinese_name_and_refuses_it_without_fonts(tmp_path):
    need_fonts_for("Chinese")
    c = storage.load(EXAMPLE)
    c.patient.name = "王秀英"
    case = tmp_path / "case.json"
    storage.save(c, case)
    result = run_app("export", case, "--out", tmp_path / "s.pdf")
    assert result.returncode == 0, result.stderr
    # the name prints: no warning but the missing team phone (no clinic configuration here)
    assert "王秀英" in _text(tmp_path / "s.pdf")
    assert [ln for ln in result.stderr.splitlines() if "team's phone" not in ln] == []
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_app("export", case, "--out", tmp_path / "t.pdf",
                     env={system_fonts.FONT_DIRS_ENV: str(empty)})
    assert result.returncode == 1
    line = one_line(result)
    assert "Chinese" in line and "patient's name" in line and "王秀英" not in line
    assert "fonts-droid-fallback" in line


def test_selftest_lists_what_prints(tmp_path):
    for script in SYSTEM:
        need_fonts_for(script)
    result = run_app("--selftest")
    assert result.returncode == 3, result.stderr     # no clinic configuration: no phone
    printed = result.stdout.split("names printed in: ")[1].split(";")[0]
    assert printed.strip() == ("Latin, Vietnamese, Greek, Cyrillic, Hebrew, Arabic, Chinese, "
                               "Japanese, Korean, Devanagari, Thai"), printed
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_app("--selftest", env={system_fonts.FONT_DIRS_ENV: str(empty)})
    assert result.returncode == 3, result.stderr
    assert ("(refused, never boxes: Chinese, Japanese, Korean, Devanagari, Thai)"
            in result.stdout)


def test_long_right_to_left_notes_are_refused_not_scrambled(tmp_path, library, atlas):
    c = storage.load(EXAMPLE)
    c.notes = "שלום " * 40
    with pytest.raises(ServiceError, match="the notes has right-to-left lines|The notes has"):
        export_pdf(c, tmp_path / "s.pdf", config=ClinicConfig(), content=library, atlas=atlas)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils")
def test_the_page_renders(tmp_path, library, atlas):
    out = _export(tmp_path, library, atlas, name=PRINTED["Arabic"], clinician=PRINTED["Hebrew"])
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(out),
                    str(tmp_path / "page")], check=True, timeout=60)
    assert list(tmp_path.glob("page*.png"))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils")
def test_every_script_renders_on_one_page(tmp_path, library, atlas):
    """The name drawn in every script (pdftoppm PNG of the name's place on page 1): ink there,
    and different ink for each script."""
    from PIL import ImageChops

    for script in SYSTEM:
        need_fonts_for(script)
    import pypdfium2 as pdfium

    inks = []
    for script in sorted(SYSTEM):
        out = _export(tmp_path, library, atlas, name=SYSTEM[script])
        pdf = pdfium.PdfDocument(str(out))
        page = pdf[0]
        text = page.get_textpage()
        found = text.search("Name:").get_next()
        assert found is not None, script
        _left, bottom, right, top = text.get_charbox(found[0] + found[1] - 1)
        scale = 100 / 72
        picture = page.render(scale=scale).to_pil().convert("L")
        height = page.get_height()
        # the name: from just after its label, 4 cm wide, the label's line and a little more
        box = (int(right * scale) + 2, int((height - top) * scale) - 6,
               int((right + 113) * scale), int((height - bottom) * scale) + 6)
        ink = picture.crop(box)
        pdf.close()
        assert ink.getextrema()[0] < 100, script   # dark letters on the light page
        inks.append(ink)
    for a, b in zip(inks, inks[1:]):
        assert ImageChops.difference(a, b).getbbox() is not None


def test_the_shaping_check_finds_every_letter_of_a_shaped_script():
    """needs_shaping (a regular expression over the scripts' blocks) says yes for every
    character whose name puts it in a shaped script, and no for the shipped font's scripts."""
    missed = [hex(c) for c in range(0x80, 0x10000)
              if scripts.script_of(chr(c)) in scripts._SHAPED and not scripts.needs_shaping(chr(c))]
    assert not missed
    for script in ("Vietnamese", "Greek", "Arabic", "Hebrew"):
        assert not scripts.needs_shaping(PRINTED[script])
    for script in ("Chinese", "Japanese", "Korean"):
        assert not scripts.needs_shaping(SYSTEM[script])
    assert scripts.needs_shaping(SYSTEM["Devanagari"]) and scripts.needs_shaping(SYSTEM["Thai"])


def test_a_font_that_cannot_be_merged_is_one_line_and_no_file(tmp_path, library, atlas,
                                                              monkeypatch):
    folder = tmp_path / "fonts"
    folder.mkdir()
    _cff_font(folder / "test-cff.otf", "王")
    monkeypatch.setenv(system_fonts.FONT_DIRS_ENV, str(folder))

    def broken(*_args):
        raise ValueError("a table fontTools cannot merge")

    monkeypatch.setattr(system_fonts, "merged_font", broken)
    with pytest.raises(ServiceError) as info:
        _export(tmp_path, library, atlas, name="王")
    message = str(info.value)
    assert message == ("the fonts of this computer for Chinese letters could not be used "
                       "(ValueError)")
    assert not (tmp_path / "s.pdf").exists()
    from reportlab.pdfbase import pdfmetrics

    assert pdfmetrics.getFont(fonts.REGULAR).face.name == b"DejaVuSans"


def test_the_export_itself_refuses_letters_no_font_has(tmp_path, library, atlas, no_fonts):
    """export_summary called without the services' check first: the same refusal, one line."""
    from desktop_app.export.pdf import ExportError, export_summary

    c = storage.load(EXAMPLE)
    c.patient.name = SYSTEM["Korean"]
    with pytest.raises(ExportError) as info:
        export_summary(c, tmp_path / "s.pdf", config=ClinicConfig(), content=library,
                       atlas=atlas)
    assert str(info.value).startswith("a text is in Korean characters, and no font on this "
                                      "computer has them (IT can install")
    assert SYSTEM["Korean"] not in str(info.value) and not (tmp_path / "s.pdf").exists()


def test_bold_text_takes_a_bold_face_when_the_computer_has_one(tmp_path, library, atlas):
    need_fonts_for("Thai")
    letters = set(SYSTEM["Thai"].replace(" ", ""))
    if system_fonts.faces_covering(letters, bold=True)[0].weight < 200:
        pytest.skip("no bold Thai font here (fonts-tlwg-garuda-otf has one)")
    from fontTools.ttLib import TTFont
    from reportlab.pdfbase import pdfmetrics

    outlines = {}
    with scripts.fonts_for([SYSTEM["Thai"]]):
        for name in (fonts.REGULAR, fonts.BOLD):
            font = TTFont(io.BytesIO(pdfmetrics.getFont(name).face._ttf_data))
            glyph = font["glyf"][font.getBestCmap()[ord("ส")]]
            outlines[name] = glyph.getCoordinates(font["glyf"])[0].array.tolist()
    assert outlines[fonts.REGULAR] != outlines[fonts.BOLD]   # Garuda-Bold, not Garuda
