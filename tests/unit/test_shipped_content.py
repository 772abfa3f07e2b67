"""The shipped English content loads through the real loader, and clinic folders overlay it."""

import shutil

import pytest

from desktop_app.model.content import ContentError, load_content
from tests.conftest import ROOT
from tests.unit.test_content_loader import GOOD_ITEM, REFS, _topic


def test_shipped_content_loads(library):
    assert {"overview", "symptoms", "workup", "treatments"} <= set(library.topics)
    ids = [i.id for i in library.all_items()]
    assert len(ids) == len(set(ids)) and len(ids) > 40
    assert library.item("mri").topic == "workup"
    assert library.search("tailbone")


def test_clinic_folder_extends_and_replaces(tmp_path, library):
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    (clinic / "references.yaml").write_text(REFS.replace("src1", "clinic_leaflet"),
                                            encoding="utf-8")
    item = GOOD_ITEM.replace("id: pain", "id: clinic_parking").replace("[src1]",
                                                                        "[clinic_leaflet]")
    (clinic / "overview.yaml").write_text("extend: true\n" + _topic(item, "Overview"),
                                          encoding="utf-8")
    merged = load_content(ROOT / "content", "en", [clinic])
    assert merged.item("clinic_parking") is not None
    assert merged.item("what_is_it") is not None  # shipped items kept
    assert len(merged.items("overview")) == len(library.items("overview")) + 1


def test_clinic_folder_with_broken_file_is_reported(tmp_path):
    clinic = tmp_path / "clinic"
    shutil.copytree(ROOT / "content" / "en", clinic)
    (clinic / "symptoms.yaml").write_text("reviewed: 2026-01-01\ntitle: X\nitems: [\n",
                                          encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(ROOT / "content", "en", [clinic])
    assert "symptoms.yaml" in str(info.value) and "invalid YAML" in str(info.value)
