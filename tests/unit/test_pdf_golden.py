"""Exported PDFs stay byte-identical: every case of ``tests/pdf_cases.py`` against its recorded
SHA-256 (``tests/data/pdf_golden.json``).

A moved or reorganised export must write exactly the same file. When a change is *meant* to
alter the PDF (new wording, fonts, layout), look at the new pages, then regenerate with
``python -m tests.pdf_cases --update`` and say in the commit why the PDF changed.
"""

from __future__ import annotations

import pytest
from reportlab import rl_config

from tests import pdf_cases


@pytest.mark.parametrize("name", pdf_cases.CASE_NAMES)
def test_pdf_is_byte_identical_to_the_recorded_one(name, tmp_path, monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)   # fixed creation date and document id
    data = pdf_cases.pdf_bytes(name, tmp_path)
    assert data[:5] == b"%PDF-"
    assert pdf_cases.digest(data) == pdf_cases.golden()[name], (
        f"the PDF of case {name!r} changed; if that is intended, regenerate the hashes with "
        "`python -m tests.pdf_cases --update`")


def test_every_case_has_a_recorded_hash():
    assert sorted(pdf_cases.golden()) == sorted(pdf_cases.CASE_NAMES)
