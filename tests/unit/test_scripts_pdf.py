"""Names in every script: printed correctly (text parsed back from the PDF, in the order and
letter forms the page shows) or refused with one sentence naming the field - never boxes."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from desktop_app.export import scripts
from desktop_app.infra.config import ClinicConfig
from desktop_app.model import storage
from desktop_app.services import ServiceError, export_pdf
from tests.attacks import one_line, run_app
from tests.conftest import EXAMPLE

PRINTED = {"Vietnamese": "Nguyễn Thị Hương", "Greek": "Παπαδοπούλου",
           "Arabic": "فاطمة الزهراء", "Hebrew": "שרה כהן"}
REFUSED = {"Chinese": "王秀英", "Japanese": "さくら", "Korean": "김민지",
           "Devanagari": "सुनीता", "Thai": "สมชาย"}


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


@pytest.mark.parametrize("script", sorted(REFUSED))
@pytest.mark.parametrize("field", ["name", "clinician", "clinic"])
def test_names_that_cannot_print_are_refused_in_one_sentence(tmp_path, library, atlas,
                                                             script, field):
    name = REFUSED[script]
    with pytest.raises(ServiceError) as info:
        _export(tmp_path, library, atlas, **{field: name})
    message = str(info.value)
    assert script in message and name not in message and "\n" not in message
    assert {"name": "patient's name", "clinician": "clinician's name",
            "clinic": "clinic's name"}[field] in message
    assert not (tmp_path / "s.pdf").exists()


def test_the_cli_refuses_a_chinese_name_in_one_line(tmp_path):
    c = storage.load(EXAMPLE)
    c.patient.name = "王秀英"
    case = tmp_path / "case.json"
    storage.save(c, case)
    result = run_app("export", case, "--out", tmp_path / "s.pdf")
    assert result.returncode == 1
    line = one_line(result)
    assert "Chinese" in line and "patient's name" in line and "王秀英" not in line


def test_selftest_reports_the_scripts():
    result = run_app("--selftest")
    assert result.returncode == 0, result.stderr
    assert "names printed in: Latin" in result.stdout and "Arabic" in result.stdout
    assert "refused" in result.stdout and "Chinese" in result.stdout


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
