"""`presacral-consult export CASE --lang es` as a user runs it: a real subprocess, the PDF read
back with pypdf. The ticked symptoms, tests and treatments appear with their Spanish titles, the
headings are Spanish, and the English titles of the ticked items do not appear."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE, ROOT

import pypdf


def _titles(language: str) -> dict[str, str]:
    out = {}
    for path in (ROOT / "content" / language).glob("*.yaml"):
        if path.name == "references.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.update({item["id"]: item["title"] for item in data["items"]})
    return out


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def spanish_pdf(tmp_path_factory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("pdf-es") / "resumen.pdf"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "desktop_app", "export", str(EXAMPLE),
                             "--out", str(out), "--lang", "es"], cwd=ROOT, capture_output=True,
                            text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stderr
    reader = pypdf.PdfReader(str(out))
    return out, [_flat(p.extract_text() or "") for p in reader.pages]


def _ticked() -> list[str]:
    case = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    ids = case["symptoms"] + case["tests"] + case["treatments_discussed"] \
        + case["treatments_planned"]
    assert len(ids) >= 6
    return list(dict.fromkeys(ids))


def test_spanish_titles_of_ticked_items_appear(spanish_pdf):
    _, pages = spanish_pdf
    text = " ".join(pages)
    es = _titles("es")
    missing = [f"{i}: {es[i]}" for i in _ticked() if _flat(es[i]) not in text]
    assert not missing, "Spanish titles not in the PDF:\n" + "\n".join(missing)


def test_english_titles_of_ticked_items_do_not_appear(spanish_pdf):
    _, pages = spanish_pdf
    text = " ".join(pages)
    en = _titles("en")
    found = [f"{i}: {en[i]}" for i in _ticked() if _flat(en[i]) in text]
    assert not found, "English titles in the Spanish PDF:\n" + "\n".join(found)


def test_headings_and_footer_are_spanish(spanish_pdf):
    out, pages = spanish_pdf
    text = " ".join(pages)
    for heading in ("Resumen de su consulta", "Sus síntomas", "Pruebas que planeamos",
                    "Tratamientos de los que hablamos", "Preguntas para hacer",
                    "Cuándo llamarnos", "Palabras útiles"):
        assert heading in text, heading
    for english in ("Your visit summary", "Tests we plan", "When to call us", "Words to know"):
        assert english not in text, english
    for i, page in enumerate(pages, start=1):
        assert f"Página {i} de {len(pages)}" in page
    assert "26 de noviembre de 2026" in pages[0] and "Zoë Ångström-Nguyễn" in pages[0]
    assert pypdf.PdfReader(str(out)).trailer["/Root"].get("/Lang") == "es"


def test_spanish_glossary_terms_are_found(spanish_pdf):
    _, pages = spanish_pdf
    text = " ".join(pages)
    glossary = text.split("Palabras útiles", 1)[1].split("Cuándo llamarnos", 1)[0]
    for term in ("Coxis —", "Recto —", "Resonancia magnética (RM) —"):
        assert term in glossary, term
