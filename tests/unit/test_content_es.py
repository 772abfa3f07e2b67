"""Spanish patient content (``content/es``) and the Spanish PDF strings.

* Parity with ``content/en``: the same files, the same ids in the same order, the same sources,
  groups and fields; no empty text where English has text; the same number of paragraphs.
* It is really Spanish: every patient-facing text differs from the English one.
* Readability of every patient-facing paragraph (``summary``, each paragraph of ``body``,
  ``why``, ``expect``, ``prepare``, ``side_effects``, ``recovery``): Fernández-Huerta
  >= 60 ("normal" or easier; 70+ is "bastante fácil"), textstat 0.7.4 with
  ``textstat.set_lang("es")``. The score is 206.84 - 60 x syllables per word - 1.02 x words per
  sentence. ``pytest -s`` prints the distribution.
* The real loader reads it; ``STRINGS["es"]`` of the PDF has every English key with the same
  ``{placeholders}``.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import string
from pathlib import Path

import pytest
import yaml
from tests.support import filled, not_one_sentence, textstat_version

import textstat
TEXTSTAT_VERSION = textstat_version()

ROOT = Path(__file__).resolve().parents[2]
EN = ROOT / "content" / "en"
ES = ROOT / "content" / "es"
MIN_FERNANDEZ_HUERTA = 60.0
LAY_FIELDS = ("summary", "body", "why", "expect", "prepare", "side_effects", "recovery")
TEXT_FIELDS = ("title", *LAY_FIELDS, "clinician_note")
TOPICS = ("overview", "tumour_types", "symptoms", "workup", "treatments", "glossary",
          "questions", "when_to_call", "disclaimer")


def _load(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def en() -> dict[str, dict]:
    return {p.stem: _load(p) for p in sorted(EN.glob("*.yaml"))}


@pytest.fixture(scope="module")
def es() -> dict[str, dict]:
    return {p.stem: _load(p) for p in sorted(ES.glob("*.yaml"))}


def _paras(text: str | None) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _items(files: dict[str, dict]):
    for name in TOPICS:
        for item in files.get(name, {}).get("items", []):
            yield name, item


def paragraphs(files: dict[str, dict]):
    """(file, id, field, paragraph) for every patient-facing paragraph."""
    for name, item in _items(files):
        for fld in LAY_FIELDS:
            for para in _paras(item.get(fld)):
                yield name, item["id"], fld, para


def fernandez_huerta(text: str) -> float:
    textstat.set_lang("es")
    try:
        return float(textstat.fernandez_huerta(filled(text)))
    finally:
        textstat.set_lang("en_US")  # the English content tests share the module-level state


# ------------------------------------------------------------------------------- parity
def test_same_files(en, es):
    assert sorted(es) == sorted(en)


def test_references_are_the_english_file(en, es):
    assert es["references"] == en["references"]


def test_review_dates_and_titles(es):
    for name in TOPICS:
        data = es[name]
        # the day the writers last checked the file: not before this content's first check
        assert dt.date(2026, 12, 6) <= data.get("sources_checked") <= dt.date.today(), name
        assert isinstance(data.get("title"), str) and data["title"].strip(), name


def test_same_ids_in_the_same_order(en, es):
    for name in TOPICS:
        en_ids = [i["id"] for i in en[name]["items"]]
        es_ids = [i["id"] for i in es[name]["items"]]
        assert es_ids == en_ids, (name, set(en_ids) ^ set(es_ids))


def test_same_sources_groups_and_fields(en, es):
    problems = []
    for name in TOPICS:
        for a, b in zip(en[name]["items"], es[name]["items"]):
            where = f"{name}/{a['id']}"
            if a.get("sources") != b.get("sources"):
                problems.append(f"{where}: sources {b.get('sources')} != {a.get('sources')}")
            if a.get("group") != b.get("group"):
                problems.append(f"{where}: group {b.get('group')!r} != {a.get('group')!r}")
            if set(a) != set(b):
                problems.append(f"{where}: fields {sorted(set(a) ^ set(b))} differ")
    assert not problems, "\n".join(problems)


def test_no_empty_text_where_english_has_text(en, es):
    empty = []
    for name in TOPICS:
        for a, b in zip(en[name]["items"], es[name]["items"]):
            for fld in TEXT_FIELDS:
                if isinstance(a.get(fld), str) and a[fld].strip():
                    value = b.get(fld)
                    if not isinstance(value, str) or not value.strip():
                        empty.append(f"{name}/{a['id']}: {fld}")
            if a.get("aliases"):
                aliases = b.get("aliases") or []
                if not aliases or not all(isinstance(x, str) and x.strip() for x in aliases):
                    empty.append(f"{name}/{a['id']}: aliases")
    assert not empty, "empty in Spanish but not in English:\n" + "\n".join(empty)


def test_same_paragraphs_per_field(en, es):
    problems = []
    for name in TOPICS:
        for a, b in zip(en[name]["items"], es[name]["items"]):
            for fld in LAY_FIELDS:
                n_en, n_es = len(_paras(a.get(fld))), len(_paras(b.get(fld)))
                if n_en != n_es:
                    problems.append(f"{name}/{a['id']}: {fld} has {n_es} paragraphs, "
                                    f"English {n_en}")
    assert not problems, "\n".join(problems)


def test_patient_text_is_translated(en, es):
    same = []
    for name in TOPICS:
        for a, b in zip(en[name]["items"], es[name]["items"]):
            for fld in LAY_FIELDS:
                if a.get(fld) and " ".join(a[fld].split()) == " ".join(b[fld].split()):
                    same.append(f"{name}/{a['id']}: {fld}")
    assert not same, "still English:\n" + "\n".join(same)


def test_summary_is_one_sentence(es):
    bad = not_one_sentence(_items(es))
    assert not bad, "summaries must be exactly one sentence:\n" + "\n".join(bad)


def test_questions_are_spanish_questions(es):
    for item in es["questions"]["items"]:
        title = item["title"].strip()
        assert title.startswith("¿") and title.endswith("?"), item["id"]


def test_biopsy_explains_when_it_is_not_done(es):
    biopsy = next(i for i in es["workup"]["items"] if i["id"] == "biopsy")
    text = " ".join(biopsy.get(f, "") for f in LAY_FIELDS).lower()
    for needle in ("quiste", "recto", "camino de la aguja", "meningocele"):
        assert needle in text, f"biopsy item should mention {needle!r}"


# ------------------------------------------------------------------------- readability
def test_textstat_has_fernandez_huerta():
    assert callable(getattr(textstat, "fernandez_huerta", None))
    assert fernandez_huerta("El sacro es un hueso. Está en la base de la columna.") > 80


def test_readability_distribution_is_reported(es):
    rows = [(f, i, fld, fernandez_huerta(p)) for f, i, fld, p in paragraphs(es)]
    scores = [s for *_, s in rows]
    lines = [f"Fernández-Huerta of {len(scores)} Spanish patient-facing paragraphs "
             f"(textstat {TEXTSTAT_VERSION}, threshold >= {MIN_FERNANDEZ_HUERTA:.0f}): "
             f"median {statistics.median(scores):.1f}, min {min(scores):.1f}, "
             f"below 70: {sum(s < 70 for s in scores)}"]
    for name in TOPICS:
        sub = [s for f, *_, s in rows if f == name]
        if sub:
            lines.append(f"  {name:<14} n={len(sub):<4} median {statistics.median(sub):5.1f}  "
                         f"min {min(sub):5.1f}")
    bands = [(90, 200, "muy fácil (90+)"), (80, 90, "fácil (80-90)"),
             (70, 80, "bastante fácil (70-80)"), (60, 70, "normal (60-70)"),
             (-200, 60, "below threshold (<60)")]
    for lo, hi, label in bands:
        lines.append(f"  {label:<24} {sum(lo <= s < hi for s in scores)}")
    print("\n" + "\n".join(lines))  # visible with ``pytest -s``
    assert len(scores) > 200


def test_every_paragraph_fernandez_huerta_at_least_60(es):
    rows = [(fernandez_huerta(p), f, i, fld, p) for f, i, fld, p in paragraphs(es)]
    failing = [r for r in rows if r[0] < MIN_FERNANDEZ_HUERTA]
    if failing:
        worst = sorted(rows)[:10]
        report = "\n".join(f"  {s:5.1f}  {f}.yaml  {i}  {fld}: {p[:90]}..."
                           for s, f, i, fld, p in worst)
        pytest.fail(f"{len(failing)} paragraph(s) below Fernández-Huerta "
                    f"{MIN_FERNANDEZ_HUERTA:.0f}; worst 10:\n{report}")


# ------------------------------------------------------------------------------ loader
def test_real_loader_reads_spanish():
    from desktop_app.model.content import load_content

    es_lib = load_content(ROOT / "content", "es")
    en_lib = load_content(ROOT / "content", "en")
    assert es_lib.language == "es"
    assert list(es_lib.topics) == list(en_lib.topics)
    for key in en_lib.topics:
        assert [i.id for i in es_lib.items(key)] == [i.id for i in en_lib.items(key)], key
    assert es_lib.item("mri").title == "Resonancia magnética (RM)"
    assert es_lib.item("ct_scan").title == "Tomografía (TC)"
    assert es_lib.search("coxis")


# ------------------------------------------------------------------------- PDF strings
def _fields(value) -> list[str] | None:
    if not isinstance(value, str):
        return None
    return sorted(f for _, f, _, _ in string.Formatter().parse(value) if f)


def test_pdf_strings_have_every_english_key_and_placeholder():
    from desktop_app.export.strings import STRINGS

    en_s, es_s = STRINGS["en"], STRINGS["es"]
    assert set(es_s) == set(en_s), sorted(set(en_s) ^ set(es_s))
    for key, value in en_s.items():
        assert type(es_s[key]) is type(value), key
        assert _fields(es_s[key]) == _fields(value), key
        if isinstance(value, str):
            assert es_s[key].strip(), key
    assert len(es_s["months"]) == 12 and es_s["months"][10] == "noviembre"


def test_pdf_strings_are_spanish_and_plain():
    from desktop_app.export.strings import STRINGS, format_date, strings_for

    sample = {"front": "izquierda", "n": "1", "place": "espacio delante del sacro",
              "length": "4", "width": "3", "size": "4", "type": "quiste de tailgut",
              "text": "un quiste pequeño", "phone": "0123 456", "clinic": "Su equipo",
              "date": "26 de noviembre de 2026", "page": "1", "total": "3", "day": "26",
              "month": "noviembre", "year": "2026", "emergency_number": "112",
              "areas": "la zona 1", "head": "1", "last": "2", "number": "3",
              "title": "Llámenos de inmediato"}
    s = strings_for("es")
    assert s["h_tests"] == "Pruebas que planeamos"
    assert format_date("2026-11-26", s) == "26 de noviembre de 2026"
    low = []
    for key, value in STRINGS["es"].items():
        if not isinstance(value, str):
            continue
        text = value.format(**sample)
        if key.startswith("h_"):
            assert len(text.split()) <= 5 and text[:1].isupper() and not text.isupper(), key
        if len(text.split()) >= 6 and re.search(r"[.!?:]$", text):
            score = fernandez_huerta(text)
            if score < MIN_FERNANDEZ_HUERTA:
                low.append(f"{score:.1f} {key}: {text}")
    assert not low, "\n".join(low)
