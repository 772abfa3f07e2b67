"""Spanish for Spain and Latin America alike: no regional word where a neutral one exists.

"manejar" (Latin America) and "coger" (Spain; vulgar in much of Latin America) become
"conducir"; "moretón" becomes "hematoma"; "computadora" / "ordenador" become "equipo
informático"; one term for the pelvic floor ("suelo pélvico"). Also the grammar slips an editor
found once ("si sale heces"), and nerves that are "comprimidos", not "apretados". Checked in every
patient-facing Spanish text: the content, the PDF's words, the notices, the anatomy names.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from desktop_app.model.content import LAY_FIELDS, load_content

ROOT = Path(__file__).resolve().parents[2]

# regional word (pattern) -> the neutral word to use instead
REGIONAL = {
    r"manej\w*": "conducir / tratar / controlar",
    r"autos?": "vehículo / coche",
    r"carros?": "vehículo / coche",
    r"jal(?:e|ar|a|en)": "tire / tirar",
    r"moret(?:ón|ones)": "hematoma",
    r"computador(?:a|as)": "equipo informático",
    r"ordenador(?:es)?": "equipo informático",
    r"celular(?:es)?": "teléfono",
    r"móvil(?:es)?": "teléfono",
    r"platic\w*": "hablar",
    r"cog(?:er|e|a|ió)": "tomar / agarrar",
    r"tirita": "vendaje",
    r"piso pélvico": "suelo pélvico",
    r"tapad[oa]s?": "obstruido",
    r"apretad[oa]s?": "comprimido",
    r"aprieta\w*": "comprime",
    r"sale heces": "salen heces",
    r"lo atenderá|la atenderá": "le atenderá",
}
REGIONAL_RE = re.compile(r"\b(?:" + "|".join(REGIONAL) + r")\b", re.IGNORECASE)


def regional_words(text: str) -> list[str]:
    return [m.group(0) for m in REGIONAL_RE.finditer(text)]


def spanish_texts(folder: Path) -> list[tuple[str, str]]:
    lib = load_content(folder, "es")
    out = []
    for topic in lib.topics.values():
        out.append((f"{topic.key}: title", topic.title))
        for item in topic.items:
            texts = {"title": item.title, "phrase": getattr(item, "phrase", "")}
            texts.update({name: item.field_text(name) for name in LAY_FIELDS})
            texts.update({f"safety {n}": t for n, t in
                          enumerate(getattr(item, "safety", ()) or ())})
            out += [(f"{topic.key}/{item.id}: {k}", v) for k, v in texts.items() if v]
    return out


def app_texts() -> list[tuple[str, str]]:
    from desktop_app.export.strings import STRINGS
    from desktop_app.model import notices

    out: list[tuple[str, str]] = []
    for key, value in STRINGS["es"].items():
        for text in (value if isinstance(value, list) else [value]):
            out.append((f"strings_es {key}", str(text)))
    for name in ("DISCLAIMER", "EMERGENCY_SIGNS", "CHECKED_BY_WRITERS", "REVIEW"):
        value = getattr(notices, name, {}).get("es")
        values = value.values() if isinstance(value, dict) else (
            value if isinstance(value, list) else [value])
        out += [(f"notices.{name}", v) for v in values if v]

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "es" and isinstance(value, str):
                    out.append((f"anatomy {where}", value))
                else:
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    walk(yaml.safe_load((ROOT / "resources" / "anatomy" / "anatomy.yaml")
                        .read_text(encoding="utf-8")), "")
    return out


def problems(rows: list[tuple[str, str]]) -> list[str]:
    return [f"{where}: {', '.join(found)}" for where, text in rows
            if (found := regional_words(text))]


@pytest.mark.parametrize("text, found", [
    ("No vuelva a manejar ni use el auto.", ["manejar", "auto"]),
    ("Puede quedar un moretón; jale contra mis manos.", ["moretón", "jale"]),
    ("Una computadora, el piso pélvico, el intestino tapado.",
     ["computadora", "piso pélvico", "tapado"]),
    ("Llame si sale heces por la herida; lo atenderá un equipo.", ["sale heces", "lo atenderá"]),
    ("No vuelva a conducir; tire contra mis manos; un hematoma; el suelo pélvico; "
     "si salen heces; le atenderá; autónomo; automático; carrito no.", []),
])
def test_the_list_finds_regional_words_and_only_them(text, found):
    assert regional_words(text) == found


def test_spanish_content_uses_neutral_words():
    rows = spanish_texts(ROOT / "content")
    assert len(rows) > 400
    assert problems(rows) == []


def test_a_planted_regional_word_fails(tmp_path):
    folder = tmp_path / "content" / "es"
    shutil.copytree(ROOT / "content" / "es", folder)
    path = folder / "questions.yaml"
    text = path.read_text(encoding="utf-8")
    assert "a conducir" in text
    path.write_text(text.replace("a conducir", "a manejar", 1), encoding="utf-8")
    assert len(problems(spanish_texts(tmp_path / "content"))) == 1


def test_spanish_app_words_use_neutral_words():
    rows = app_texts()
    assert any(w.startswith("anatomy") for w, _ in rows)
    assert problems(rows) == []


def test_one_term_for_the_pelvic_floor():
    text = " ".join(t for _, t in spanish_texts(ROOT / "content"))
    assert "suelo pélvico" in text and "piso pélvico" not in text.lower()
