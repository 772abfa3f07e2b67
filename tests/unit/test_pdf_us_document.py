"""A US patient gets a US document: the clinic's country sets the paper (unless the config
names one), the English date order and the fever scale; Spanish keeps its own date style.
Each checked on the real PDF read back (its words and its page size in points)."""

from __future__ import annotations

import pytest

from desktop_app.export.pdf import export_summary
from desktop_app.infra.config import ClinicConfig, parse_config
from tests import pdf_cases
from tests.unit.test_pdf_support import page_texts, pdf_reader

LETTER = (612.0, 792.0)      # 8.5 × 11 in, in points
A4 = (595.28, 841.89)        # 210 × 297 mm, in points


def _export(tmp_path, case: str, config) -> tuple[str, list[tuple[float, float]]]:
    args = pdf_cases.build(case, tmp_path / "case")
    c = args.pop("consultation")
    args["config"] = config
    out = tmp_path / "s.pdf"
    export_summary(c, out, **args)
    sizes = [(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
             for p in pdf_reader(out).pages]
    return " ".join(page_texts(out)), sizes


def _config(tmp_path, text: str) -> ClinicConfig:
    path = tmp_path / "clinic.yaml"
    path.write_text(text, encoding="utf-8")
    return parse_config(path)


def test_a_us_clinic_without_paper_prints_a_us_letter_document(tmp_path):
    config = _config(tmp_path, "clinic_name: Westside Colorectal\ncountry: US\n")
    text, sizes = _export(tmp_path, "example-en", config)
    assert set(sizes) == {LETTER}
    assert "November 26, 2026" in text and "March 14, 1979" in text
    assert "26 November 2026" not in text and "14 March 1979" not in text
    assert "100.4°F (38°C)" in text and "38°C (100.4°F)" not in text
    assert "call 911" in text
    # US words: the rectum is called the rectum, and the contact box reads as US English
    assert "back passage" not in text and "rectum" in text
    assert "Who to call" in text and "Whom" not in text
    assert "At night and on weekends" in text and "at weekends" not in text
    assert "If you cannot reach us right away" in text and "straight away" not in text
    assert "Rectum — The last part of the bowel, just above the anus" in text


def test_an_explicit_a4_wins_over_the_us_country(tmp_path):
    config = _config(tmp_path, "country: US\npaper: A4\n")
    text, sizes = _export(tmp_path, "example-en", config)
    assert set(sizes) == {A4}
    assert "November 26, 2026" in text      # the words still follow the country


def test_a_uk_clinic_gets_day_first_dates_and_celsius_on_a4(tmp_path):
    config = _config(tmp_path, "country: GB\n")
    text, sizes = _export(tmp_path, "example-en", config)
    assert set(sizes) == {A4}
    assert "26 November 2026" in text and "November 26, 2026" not in text
    assert "38°C (100.4°F)" in text and "call 999" in text


def test_no_country_no_paper_is_a4_with_us_english_dates_and_fahrenheit_first(tmp_path):
    text, sizes = _export(tmp_path, "example-en", None)
    assert set(sizes) == {A4}
    assert "November 26, 2026" in text and "100.4°F (38°C)" in text


@pytest.mark.parametrize("country, paper", [("US", LETTER), ("ES", A4)])
def test_a_spanish_summary_keeps_spanish_dates_whatever_the_country(tmp_path, country, paper):
    config = _config(tmp_path, f"country: {country}\n")
    text, sizes = _export(tmp_path, "example-es", config)
    assert set(sizes) == {paper}
    assert "26 de noviembre de 2026" in text and "14 de marzo de 1979" in text
    assert "November" not in text and "noviembre 26" not in text
