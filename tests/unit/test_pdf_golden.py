"""Exported PDFs stay byte-identical: every case of ``tests/pdf_cases.py`` against the hashes
recorded in ``tests/data/pdf_golden.json``.

A moved or reorganised export must write exactly the same file. When a change is *meant* to
alter the PDF (new wording, content, fonts, layout), look at the new pages, then regenerate
with ``python -m tests.pdf_cases --update`` and say in the commit why the PDF changed.
"""

from __future__ import annotations

import zlib

import pytest
from reportlab import rl_config

from tests import pdf_cases

REGENERATE = "if that is intended, regenerate the hashes: python -m tests.pdf_cases --update"


@pytest.fixture(scope="module")
def recorded():
    return pdf_cases.golden()


@pytest.mark.parametrize("name", pdf_cases.CASE_NAMES)
def test_pdf_is_identical_to_the_recorded_one(name, recorded, tmp_path, monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)   # fixed creation date and document id
    data = pdf_cases.pdf_bytes(name, tmp_path)
    assert data[:5] == b"%PDF-"
    want = recorded["cases"][name]
    assert pdf_cases.content_digest(data) == want["content"], \
        f"what the PDF of case {name!r} says changed; {REGENERATE}"
    if recorded["zlib"] != zlib.ZLIB_RUNTIME_VERSION:
        pytest.skip(f"file bytes recorded with zlib {recorded['zlib']}, this is "
                    f"{zlib.ZLIB_RUNTIME_VERSION} (the content is the same)")
    assert pdf_cases.digest(data) == want["file"], \
        f"the bytes of case {name!r} changed; {REGENERATE}"


def test_every_case_has_recorded_hashes(recorded):
    assert sorted(recorded["cases"]) == sorted(pdf_cases.CASE_NAMES)


def test_the_content_hash_ignores_compression_but_not_content(tmp_path, monkeypatch):
    """Recompressed streams (another zlib) give the same content hash; other words do not."""
    monkeypatch.setattr(rl_config, "invariant", 1)
    data = pdf_cases.pdf_bytes("full-en", tmp_path / "a")
    compress = zlib.compress
    with monkeypatch.context() as m:
        m.setattr(zlib, "compress", lambda raw, level=-1, **kw: compress(raw, 1))
        faster = pdf_cases.pdf_bytes("full-en", tmp_path / "b")
    assert faster != data
    assert pdf_cases.content_digest(faster) == pdf_cases.content_digest(data)
    other = pdf_cases.pdf_bytes("full-es", tmp_path / "c")
    assert pdf_cases.content_digest(other) != pdf_cases.content_digest(data)


def test_every_case_has_its_recorded_text_and_it_matches(tmp_path, monkeypatch):
    """The text beside the hashes is what a reviewer reads: it must be the PDF's own."""
    monkeypatch.setattr(rl_config, "invariant", 1)
    assert sorted(p.stem for p in pdf_cases.TEXTS.glob("*.txt")) == sorted(pdf_cases.CASE_NAMES)
    text = pdf_cases.pdf_text(pdf_cases.pdf_bytes("example-en", tmp_path))
    assert text.startswith("--- page 1\n")
    assert pdf_cases.text_diff("example-en", text) == ""


def test_the_update_shows_a_changed_word_as_a_text_diff():
    recorded = (pdf_cases.TEXTS / "example-en.txt").read_text(encoding="utf-8")
    first_word = recorded.split("\n")[1].split()[0]
    changed = recorded.replace(first_word, first_word + "X", 1)
    diff = pdf_cases.text_diff("example-en", changed)
    assert any(line.startswith("+") and f"{first_word}X" in line for line in diff.splitlines())
    assert any(line.startswith("-") and not line.startswith("---") for line in diff.splitlines())
