"""One English spelling: every patient-facing English text uses US forms (tumor, center,
anesthesia, emergency room), never a UK form beside them.

The texts: the shipped content (titles, summaries, lay fields, the surgeon's notes, reference
notes; never ids, aliases or the titles of cited articles, which keep their published
spelling), the PDF's own words, the app's notices, the anatomy names and descriptions, and every
sentence-like string literal in the app's code (labels, tooltips, messages). The PDFs
themselves are checked in ``tests/unit/test_pdf_wording.py``.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
import yaml

from desktop_app.model.content import LAY_FIELDS, load_content

ROOT = Path(__file__).resolve().parents[2]

# UK forms the patient text must not use (US form in the comment where it is not obvious).
UK_STEMS = (
    "tumour", "colour", "behaviour", "favour", "labour", "honour", "humour", "odour",
    "flavour", "neighbour", "rumour",
    "centre", "litre", "metre", "fibre", "theatre",            # center, liter, ... operating room
    "anaesth", "haema", "haemo", "haemorrh", "oesoph", "orthopaed", "paediatr", "gynaec",
    "caesar", "oedema", "foetus", "faec", "diarrhoea", "anaemi", "leukaem", "oestrogen",
    "jewellery", "counsell", "travell", "labell", "cancell", "modell", "programme",
    "catalogue", "paracetamol",                                  # acetaminophen
    "manoeuvr", "judgement", "licence", "defence", "whilst", "amongst", "ageing", "grey",
)
UK_WORDS = ("A&E", "GP", "GPs", "emergency department", "mobile phone", "fortnight", "piles",
            "or wind", "and wind", "passing wind", "nappy", "nappies", "casualty department")
# -ise / -yse verbs (organise, analyse); plain -ise words (exercise, advise, rise) are not here
UK_ISE = ("organi", "recogni", "reali", "minimi", "speciali", "apologi", "immobili", "stabili",
          "sterili", "visuali", "hospitali", "prioriti", "personali", "utili", "summari",
          "emphasi", "mobili", "optimi", "categori", "critici", "authori", "cauteri",
          "catheteri", "standardi", "neutrali", "locali", "anonymi", "randomi", "anaestheti")
UK_RE = re.compile(
    r"\b(?:\w*(?:" + "|".join(UK_STEMS) + r")\w*"
    r"|(?:" + "|".join(re.escape(w) for w in UK_WORDS) + r")"
    r"|(?:" + "|".join(UK_ISE) + r")s(?:e|ed|es|ing|ation|ations)"
    r"|analys(?:e|ed|es|ing))(?![\w&])", re.IGNORECASE)
# "GP" is only a UK word in capitals; "grey" etc. are matched in any case.
CASE_SENSITIVE = {"gp", "gps"}


def uk_forms(text: str) -> list[str]:
    """The UK forms in ``text`` (empty when it is all US English)."""
    out = []
    for m in UK_RE.finditer(text):
        word = m.group(0)
        if word.casefold() in CASE_SENSITIVE and word not in ("GP", "GPs"):
            continue
        out.append(word)
    return out


def content_texts(folder: Path) -> list[tuple[str, str]]:
    """(where, text) of everything a reader sees in an English content folder."""
    lib = load_content(folder, "en")
    out = []
    for topic in lib.topics.values():
        out.append((f"{topic.key}: title", topic.title))
        for item in topic.items:
            fields = {"title": item.title, "phrase": getattr(item, "phrase", ""),
                      "clinician_note": item.clinician_note}
            fields.update({name: item.field_text(name) for name in LAY_FIELDS})
            fields.update({f"safety {n}": t for n, t in
                           enumerate(getattr(item, "safety", ()) or ())})
            out += [(f"{topic.key}/{item.id}: {name}", text) for name, text in fields.items()
                    if text]
    for ref in lib.references.values():
        if ref.note:
            out.append((f"references/{ref.id}: note", ref.note))
    return out


def app_texts() -> list[tuple[str, str]]:
    """(where, text) of the PDF's own words, the notices and the anatomy names."""
    from desktop_app.export.strings import STRINGS
    from desktop_app.model import notices

    out: list[tuple[str, str]] = []
    for key, value in STRINGS["en"].items():
        for text in (value if isinstance(value, list) else [value]):
            out.append((f"strings_en {key}", str(text)))
    for name in ("DISCLAIMER", "EMERGENCY_SIGNS", "CHECKED_BY_WRITERS", "REVIEW"):
        value = getattr(notices, name, {}).get("en")
        if isinstance(value, dict):
            out += [(f"notices.{name} {k}", v) for k, v in value.items()]
        elif isinstance(value, list):
            out += [(f"notices.{name}", v) for v in value]
        elif value:
            out.append((f"notices.{name}", value))

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "es":
                    continue
                if isinstance(value, str) and key in ("en", "medical"):
                    out.append((f"anatomy {where}.{key}", value))
                else:
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for n, value in enumerate(node):
                walk(value, f"{where}[{n}]")

    walk(yaml.safe_load((ROOT / "resources" / "anatomy" / "anatomy.yaml")
                        .read_text(encoding="utf-8")), "")
    return out


def code_texts() -> list[tuple[str, str]]:
    """(where, text) of each string literal in the app's code that reads as words (it has a
    space or is a capitalised word), docstrings and comments left out."""
    out = []
    for path in sorted((ROOT / "desktop_app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = set()
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                  ast.AsyncFunctionDef)) and body
                    and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)):
                docs.add(id(body[0].value))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in docs
                    and (" " in node.value or re.fullmatch(r"[A-Z][a-z]+", node.value))):
                out.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.value))
    return out


def problems(rows: list[tuple[str, str]]) -> list[str]:
    return [f"{where}: {', '.join(found)}" for where, text in rows if (found := uk_forms(text))]


@pytest.mark.parametrize("text, found", [
    ("The tumour is near the centre.", ["tumour", "centre"]),
    ("Go to A&E or see your GP.", ["A&E", "GP"]),
    ("Take paracetamol; we will organise a scan.", ["paracetamol", "organise"]),
    ("Haemorrhoids, anaesthetic and jewellery.", ["Haemorrhoids", "anaesthetic", "jewellery"]),
    ("Go to the emergency department.", ["emergency department"]),
    ("Hemorrhoids (piles) let out stool or wind.", ["piles", "or wind"]),
    ("A tumor near the center: exercise, advise, rise, emphasis, gp.", []),
    ("Tumors, anesthesia, hemorrhoids, jewelry, orthopedic, emergency room.", []),
])
def test_the_word_list_finds_uk_forms_and_only_them(text, found):
    assert uk_forms(text) == found


def test_shipped_content_is_us_english():
    rows = content_texts(ROOT / "content")
    assert len(rows) > 400           # the whole library was read, not an empty folder
    assert problems(rows) == []


def test_a_planted_uk_word_in_the_content_fails(tmp_path):
    folder = tmp_path / "content" / "en"
    shutil.copytree(ROOT / "content" / "en", folder)
    path = folder / "symptoms.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Symptoms", "title: Symptoms of the tumour", 1),
                    encoding="utf-8")
    assert problems(content_texts(tmp_path / "content")) == ["symptoms: title: tumour"]


def test_the_app_words_are_us_english():
    rows = app_texts()
    assert any(w.startswith("anatomy") for w, _ in rows)
    assert any(w.startswith("notices.REVIEW") for w, _ in rows)
    assert problems(rows) == []


def test_the_code_strings_are_us_english():
    rows = code_texts()
    assert len(rows) > 300
    found = problems(rows)
    assert found == []
    # the check sees a planted literal
    planted = ast.parse('label = "Brightness (window centre)"')
    value = next(n.value for n in ast.walk(planted) if isinstance(n, ast.Constant))
    assert uk_forms(value) == ["centre"]
