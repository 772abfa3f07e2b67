"""Quality gate for the shipped clinical content (``content/en``).

Reads the YAML files directly with ``yaml.safe_load`` (independent of the app's loader) and checks:
structure, unique ids, resolvable sources, review dates, the required seed topics, and the
readability of every patient-facing paragraph (Flesch-Kincaid grade, textstat 0.7.4).

Run ``pytest -s tests/unit/test_content_quality.py`` to see the readability distribution.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from pathlib import Path

import pytest
import yaml
from tests.support import filled, not_one_sentence, textstat_version

import textstat
TEXTSTAT_VERSION = textstat_version()

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content" / "en"
MAX_GRADE = 8.0
LAY_FIELDS = ("summary", "body", "why", "expect", "prepare", "side_effects", "recovery")
ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")

REQUIRED = {
    "overview": {"title": "Overview", "ids": [
        "what_is_it", "where_is_it", "how_common", "tumour_groups", "benign_or_cancer",
        "care_team", "outlook", "malignant_change", "watch_and_wait", "genetic_counseling",
        "trials_and_support", "practical_matters", "prehabilitation"]},
    "tumour_types": {"title": "Types of tumor", "ids": [
        "tailgut_cyst", "epidermoid_dermoid_cyst", "teratoma", "anterior_sacral_meningocele",
        "chordoma", "schwannoma", "neurofibroma", "ependymoma", "giant_cell_tumour",
        "chondrosarcoma", "ewing_sarcoma", "abscess_inflammatory", "other_tumours"]},
    "symptoms": {"title": "Symptoms", "ids": [
        "no_symptoms", "low_back_pain", "pelvic_pain", "rectal_pain", "leg_pain",
        "constipation", "urinary_problems", "bowel_control", "weight_loss", "pelvic_fullness",
        "sexual_problems", "drainage"]},
    "workup": {"title": "Tests", "ids": [
        "history_exam", "neuro_exam", "msk_exam", "rectal_exam", "sigmoidoscopy", "blood_tests",
        "urine_tests", "mri", "ct_scan", "xray", "biopsy"]},
    "treatments": {"title": "Treatments", "ids": [
        "surgery_overview", "surgery_anterior", "surgery_posterior", "surgery_combined",
        "meningocele_repair", "sacrum_reconstruction", "surgery_recovery", "radiation_external",
        "radiation_internal", "radiation_proton", "chemo_overview", "side_effects",
        "tailbone_pain", "follow_up"]},
    "glossary": {"title": "Words to know", "ids": [
        "presacral_space", "retrorectal", "rectum", "sacrum", "coccyx", "benign", "malignant",
        "cyst", "biopsy_term", "mri_term", "ct_term", "sigmoidoscopy_term", "chemotherapy",
        "radiation_therapy", "brachytherapy", "pelvic_floor", "incontinence", "oncologist",
        "pathologist", "recurrence", "margin", "anaesthetic", "catheter", "sacral_nerves",
        "chordoma_term", "tailgut_cyst_term"]},
    "questions": {"title": "Questions to ask", "ids": []},
    "when_to_call": {"title": "When to call us", "ids": [
        "fever", "worse_pain", "new_bladder_bowel_trouble", "bleeding", "wound_problems",
        "leg_weakness_numbness", "emergency"]},
    "disclaimer": {"title": "About this information", "ids": ["disclaimer"]},
}
# Groups each test / treatment / tumour type must use (a tab groups its items by these keys).
GROUPS = {
    "workup": {"exam", "lab", "endoscopy", "imaging", "biopsy"},
    "treatments": {"surgery", "radiation", "chemotherapy", "aftercare"},
    "tumour_types": {"congenital", "neurogenic", "osseous", "other"},
}


def _load(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def files() -> dict[str, dict]:
    return {name: _load(CONTENT / f"{name}.yaml") for name in REQUIRED}


@pytest.fixture(scope="module")
def references() -> dict:
    return _load(CONTENT / "references.yaml")


def _items(files):
    for name, data in files.items():
        for item in data["items"]:
            yield name, item


def paragraphs(files) -> list[tuple[str, str, str, str]]:
    """(file, id, field, paragraph) for every patient-facing paragraph.

    Paragraphs are separated by a blank line; line breaks inside a paragraph are folded,
    exactly as the app does (``Item.lay_paragraphs``).
    """
    out = []
    for name, item in _items(files):
        for fld in LAY_FIELDS:
            text = item.get(fld) or ""
            for para in re.split(r"\n\s*\n", text):
                if para.strip():
                    out.append((name, item["id"], fld, " ".join(para.split())))
    return out


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(filled(text)))


# ----------------------------------------------------------------------------- structure
def test_every_file_has_title_review_date_and_items(files, references):
    for name, data in files.items():
        assert isinstance(data, dict), f"{name}.yaml: not a mapping"
        assert isinstance(data.get("sources_checked"), dt.date), \
            f"{name}.yaml: no sources_checked date"
        assert data.get("title") == REQUIRED[name]["title"], f"{name}.yaml: title"
        assert isinstance(data.get("items"), list) and data["items"], f"{name}.yaml: no items"
    assert isinstance(references.get("sources_checked"), dt.date), \
        "references.yaml: no sources_checked date"


def test_no_unknown_content_files():
    known = set(REQUIRED) | {"references"}
    found = {p.stem for p in CONTENT.glob("*.yaml")}
    assert found <= known, f"unexpected files: {sorted(found - known)}"


def test_every_item_has_id_title_summary_sources(files):
    problems = []
    for name, item in _items(files):
        ident = item.get("id")
        if not isinstance(ident, str) or not ID_RE.match(ident):
            problems.append(f"{name}: bad id {ident!r}")
            continue
        for fld in ("title", "summary"):
            if not isinstance(item.get(fld), str) or not item[fld].strip():
                problems.append(f"{name}/{ident}: missing {fld}")
        srcs = item.get("sources")
        if not isinstance(srcs, list) or not srcs or not all(isinstance(s, str) for s in srcs):
            problems.append(f"{name}/{ident}: sources must be a non-empty list of ids")
        for fld in (*LAY_FIELDS, "clinician_note", "group"):
            if fld in item and (not isinstance(item[fld], str) or not item[fld].strip()):
                problems.append(f"{name}/{ident}: {fld} must be non-empty text")
        if "aliases" in item and not all(isinstance(a, str) and a for a in item["aliases"]):
            problems.append(f"{name}/{ident}: aliases must be a list of words")
    assert not problems, "\n".join(problems)


def test_summary_is_one_sentence(files):
    bad = not_one_sentence(_items(files))
    assert not bad, "summaries must be exactly one sentence:\n" + "\n".join(bad)


def test_ids_unique_across_language(files):
    seen: dict[str, str] = {}
    dupes = []
    for name, item in _items(files):
        if item["id"] in seen:
            dupes.append(f"{item['id']} in {seen[item['id']]} and {name}")
        seen[item["id"]] = name
    assert not dupes, "duplicate ids: " + "; ".join(dupes)


def test_every_source_resolves(files, references):
    entries = references.get("references")
    assert isinstance(entries, list) and entries
    ids = [e.get("id") for e in entries]
    assert len(ids) == len(set(ids)), "duplicate reference ids"
    for entry in entries:
        assert isinstance(entry.get("citation"), str) and entry["citation"].strip(), entry
        assert not entry.get("url") or str(entry["url"]).startswith("https://"), entry
    known = set(ids)
    missing = [f"{name}/{item['id']}: {src}" for name, item in _items(files)
               for src in item["sources"] if src not in known]
    assert not missing, "unknown source ids:\n" + "\n".join(missing)


# A citation someone can find: an article or chapter names its authors, year and a DOI, PMID,
# PMCID or ISBN (or a stable record URL); a web page names the organisation and the page title
# and has an https URL. Words that mark an unfinished entry are never shipped.
UNFINISHED = re.compile(r"to be confirmed|\btbc\b|\btodo\b|placeholder|still to be|unknown|"
                        r"\bfixme\b|\bxxx\b|details? (?:to|will) follow", re.I)
ARTICLE = re.compile(r"\b(19|20)\d\d;\s*\d+")      # "2009;22(2):84-93" or "2013;17:2143"
IDENTIFIER = re.compile(r"doi:10\.\d{4,9}/\S+|PMID: \d+|PMCID: PMC\d+|ISBN [\d-]{13,17}")


def reference_problems(entry: dict) -> list[str]:
    ref_id, citation, url = entry.get("id"), " ".join(str(entry.get("citation", "")).split()), \
        str(entry.get("url") or "")
    out = []
    for text in (citation, str(entry.get("note") or "")):
        if UNFINISHED.search(text):
            out.append(f"{ref_id}: unfinished wording {UNFINISHED.search(text).group(0)!r}")
    if not url.startswith("https://"):
        out.append(f"{ref_id}: needs an https URL where it can be found")
    if ARTICLE.search(citation) or "In: " in citation:
        authors = citation.split(".")[0]
        if not re.match(r"^[A-Z][A-Za-z'-]+(?: [A-Z][A-Za-z'-]+)* [A-Z]{1,3}\b", authors):
            out.append(f"{ref_id}: an article needs its authors first ('Hassan I, ...')")
        if not (IDENTIFIER.search(citation) or "elsevierpure.com" in url or "pure.elsevier" in url):
            out.append(f"{ref_id}: an article needs a DOI, PMID, PMCID or ISBN")
        if not re.search(r"\b(19|20)\d\d\b", citation):
            out.append(f"{ref_id}: no year")
    else:  # a web page: "Organisation. Page title."
        parts = [p for p in citation.rstrip(".").split(". ") if p.strip()]
        if len(parts) < 2:
            out.append(f"{ref_id}: a web page needs 'Organisation. Page title.'")
    return out


def test_reference_check_rejects_incomplete_entries():
    assert reference_problems({"id": "x", "citation": "PubMed Central article PMC1. Details "
                               "still to be confirmed.", "url": "https://x.org"})
    assert reference_problems({"id": "x", "citation": "Merchea A. Title. Dis Colon Rectum. "
                               "2013;56(6):756-760.", "url": "https://doi.org/10.1/x"})
    assert reference_problems({"id": "x", "citation": "NHS (UK). Cauda equina syndrome."})
    assert not reference_problems({"id": "x", "citation": "Hassan I, Wietfeldt ED. Presacral "
                                   "tumors. Clin Colon Rectal Surg. 2009;22(2):84-93. "
                                   "doi:10.1055/s-0029-1223839.", "url": "https://doi.org/x"})


def test_every_reference_is_complete(references):
    problems = [p for entry in references["references"] for p in reference_problems(entry)]
    assert not problems, "incomplete references:\n" + "\n".join(problems)


def test_every_reference_is_used(files, references):
    used = {src for _, item in _items(files) for src in item["sources"]}
    unused = [e["id"] for e in references["references"] if e["id"] not in used]
    assert not unused, f"references not cited by any item: {unused}"


def test_required_ids_present(files):
    missing = [f"{name}: {ident}" for name, spec in REQUIRED.items() for ident in spec["ids"]
               if ident not in {item["id"] for item in files[name]["items"]}]
    assert not missing, "required ids missing:\n" + "\n".join(missing)


def test_groups(files):
    problems = []
    for name, allowed in GROUPS.items():
        for item in files[name]["items"]:
            if item.get("group") not in allowed:
                problems.append(f"{name}/{item['id']}: group {item.get('group')!r}")
        used = {item.get("group") for item in files[name]["items"]}
        if used != allowed:
            problems.append(f"{name}: groups used {sorted(used)}, expected {sorted(allowed)}")
    assert not problems, "\n".join(problems)


def test_tests_explain_why_expect_prepare(files):
    missing = [f"{item['id']}: {fld}" for item in files["workup"]["items"]
               for fld in ("why", "expect", "prepare") if not item.get(fld)]
    assert not missing, "\n".join(missing)


def test_symptoms_explain_why(files):
    missing = [item["id"] for item in files["symptoms"]["items"] if not item.get("why")]
    assert not missing, f"symptoms without a lay 'why': {missing}"


def test_glossary_and_questions_sizes(files):
    assert len(files["glossary"]["items"]) >= 25
    questions = files["questions"]["items"]
    assert 10 <= len(questions) <= 20
    assert all(q["title"].rstrip().endswith("?") for q in questions)


def test_biopsy_explains_when_it_is_not_done(files):
    biopsy = next(i for i in files["workup"]["items"] if i["id"] == "biopsy")
    text = " ".join(biopsy.get(f, "") for f in LAY_FIELDS).lower()
    for needle in ("cyst", "rectum", "needle path", "meningocele"):
        assert needle in text, f"biopsy item should mention {needle!r}"


# ----------------------------------------------------------------------------- readability
def _distribution(rows):
    grades = [g for *_, g in rows]
    return len(grades), statistics.median(grades), max(grades)


def test_readability_distribution_is_reported(files):
    rows = [(f, i, fld, grade(p)) for f, i, fld, p in paragraphs(files)]
    count, median, worst = _distribution(rows)
    lines = [f"Flesch-Kincaid grade of {count} patient-facing paragraphs "
             f"(textstat {TEXTSTAT_VERSION}): "
             f"median {median:.1f}, max {worst:.1f}"]
    for name in REQUIRED:
        sub = [r for r in rows if r[0] == name]
        if sub:
            c, m, w = _distribution(sub)
            lines.append(f"  {name:<14} n={c:<4} median {m:4.1f}  max {w:4.1f}")
    print("\n" + "\n".join(lines))  # visible with ``pytest -s``
    assert count > 100


def test_every_paragraph_at_or_below_grade_8(files):
    rows = [(grade(p), f, i, fld, p) for f, i, fld, p in paragraphs(files)]
    failing = sorted((r for r in rows if r[0] > MAX_GRADE), reverse=True)
    if failing:
        worst = sorted(rows, reverse=True)[:10]
        report = "\n".join(f"  {g:4.1f}  {f}.yaml  {i}  {fld}: {p[:90]}..."
                           for g, f, i, fld, p in worst)
        pytest.fail(f"{len(failing)} paragraph(s) above grade {MAX_GRADE}; worst 10:\n{report}")
