"""The content loader: real content loads; each broken file names file, line, item and field."""

import textwrap

import pytest

from desktop_app.model.content import ContentError, load_content, load_topic

REFS = "reviewed: 2026-11-26\nreferences:\n  - id: src1\n    citation: A source.\n"


def _topic(items: str, title="Symptoms", reviewed="2026-11-26") -> str:
    return f"reviewed: {reviewed}\ntitle: {title}\nitems:\n" + textwrap.indent(
        textwrap.dedent(items), "  ")


GOOD_ITEM = """\
- id: pain
  title: Pain
  summary: It can hurt.
  body: Some words.
  sources: [src1]
"""


def _folder(tmp_path, **files):
    folder = tmp_path / "content" / "en"
    folder.mkdir(parents=True)
    (folder / "references.yaml").write_text(REFS, encoding="utf-8")
    for key in ("overview", "symptoms", "workup", "treatments"):
        item = GOOD_ITEM.replace("id: pain", f"id: {key}_item")
        (folder / f"{key}.yaml").write_text(_topic(item, key.title()), encoding="utf-8")
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "content"


def test_minimal_folder_loads(tmp_path):
    library = load_content(_folder(tmp_path), "en")
    assert library.item("symptoms_item").title == "Pain"


@pytest.mark.parametrize("text, line, item, field, words", [
    (_topic("- id: pain\n  title: Pain\n  body: x\n  sources: [src1]\n"), 4, "pain", "summary",
     "missing"),
    (_topic(GOOD_ITEM.replace("[src1]", "[nosuch]")), 4, "pain", "sources", "unknown source id"),
    (_topic(GOOD_ITEM + GOOD_ITEM), 9, "pain", "id", "duplicate id"),
    (_topic(GOOD_ITEM.replace("  body: Some words.\n", "  body: [a, b]\n")), 7, "pain", "body",
     "must be text"),
    (_topic(GOOD_ITEM + "  colour: red\n"), 9, "pain", "colour", "unknown field"),
    (_topic(GOOD_ITEM, reviewed="someday"), 1, None, "reviewed", "checked against its sources"),
    ("sources_checked: 2026-12-01\n" + _topic(GOOD_ITEM), 2, None, "reviewed",
     "give 'sources_checked' only"),
    (_topic(GOOD_ITEM).replace("title: Pain", "title: Pain: [unclosed"), 5, None, None,
     "invalid YAML"),
    (_topic(GOOD_ITEM.replace("id: pain", "id: Bad Id")), 4, None, "id", "invalid id"),
    ("just a string\n", 1, None, None, "must be a mapping"),
    # a key given twice: YAML would keep the last silently (found by the content fuzz test)
    ("items: []\n" + _topic(GOOD_ITEM), 4, None, None, "'items' is given twice (lines 1 and 4)"),
    (_topic(GOOD_ITEM + "  title: Ache\n"), 9, None, None,
     "'title' is given twice (lines 5 and 9)"),
])
def test_broken_files_name_file_line_item_field(tmp_path, text, line, item, field, words):
    folder = _folder(tmp_path, symptoms=text)
    with pytest.raises(ContentError) as info:
        load_content(folder, "en")
    err = info.value
    assert err.file.endswith("symptoms.yaml")
    assert err.line == line
    assert err.item == item
    assert err.field == field
    message = str(err)
    assert "symptoms.yaml" in message and words in message
    if line:
        assert f"line {line}" in message


def test_sources_checked_date_under_its_new_and_old_name(tmp_path):
    """Shipped content says ``sources_checked``; a clinic folder written with the old name
    ``reviewed`` still loads, and the date means the same: checked against the sources."""
    new = _topic(GOOD_ITEM).replace("reviewed: 2026-11-26", "sources_checked: 2026-12-01")
    library = load_content(_folder(tmp_path, symptoms=new), "en")
    assert str(library.topic("symptoms").sources_checked) == "2026-12-01"
    assert str(library.topic("overview").sources_checked) == "2026-11-26"   # the old name
    assert str(library.references_checked) == "2026-11-26"


def test_duplicate_id_across_files(tmp_path):
    dup = _topic(GOOD_ITEM.replace("id: pain", "id: overview_item"))
    with pytest.raises(ContentError, match="duplicate id") as info:
        load_content(_folder(tmp_path, symptoms=dup), "en")
    assert info.value.item == "overview_item"


def test_missing_required_file(tmp_path):
    folder = _folder(tmp_path)
    (folder / "en" / "workup.yaml").unlink()
    with pytest.raises(ContentError, match="workup.yaml: file is missing"):
        load_content(folder, "en")


def test_unknown_file_is_reported(tmp_path):
    with pytest.raises(ContentError, match="unknown content file"):
        load_content(_folder(tmp_path, extras=_topic(GOOD_ITEM)), "en")


def test_load_topic_reports_extra_fields(tmp_path):
    path = tmp_path / "symptoms.yaml"
    path.write_text(_topic(GOOD_ITEM.replace("  body:", "  why: Because.\n  body:")),
                    encoding="utf-8")
    topic, extend = load_topic(path)
    assert not extend and topic.items[0].field_text("why") == "Because."
