"""`presacral-consult export` as a user runs it: a real subprocess, the PDF read back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


from tests.conftest import EXAMPLE, ROOT

import pypdf


def run(*args, timeout=180):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, env=env)


def _text(path: Path) -> list[str]:
    reader = pypdf.PdfReader(str(path))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def test_export_example_writes_a_valid_pdf(tmp_path):
    out = tmp_path / "summary.pdf"
    result = run("export", str(EXAMPLE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    pages = _text(out)
    assert len(pages) >= 2
    for i, page in enumerate(pages, start=1):
        assert f"Page {i} of {len(pages)}" in page
    text = " ".join(pages)
    assert "Zoë Ångström-Nguyễn" in text
    assert "Your visit summary" in text and "Tests we plan" in text
    meta = pypdf.PdfReader(str(out)).metadata
    assert "Zoë" not in " ".join(str(v) for v in meta.values())


def test_export_to_an_unwritable_path_is_one_line(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = run("export", str(EXAMPLE), "--out", str(blocker / "summary.pdf"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "Zoë" not in result.stderr


def test_unwritable_path_message_says_what_went_wrong(tmp_path):
    result = run("export", str(EXAMPLE), "--out", str(tmp_path / "missing" / "summary.pdf"))
    assert result.returncode == 1
    assert "cannot write the PDF" in result.stderr and "missing" in result.stderr


def test_export_with_lang_option(tmp_path):
    out = tmp_path / "es.pdf"
    result = run("export", str(EXAMPLE), "--out", str(out), "--lang", "es")
    assert result.returncode == 0, result.stderr
    pages = _text(out)  # headings may be Spanish once STRINGS["es"] exists
    assert len(pages) >= 2 and "Zoë Ångström-Nguyễn" in pages[0]
