"""Where the clinic's sign-off record lives and how it is read and written."""

from __future__ import annotations

import os

import pytest

from desktop_app.infra.config import ClinicConfig, parse_config, user_config_dir
from desktop_app.infra.signoff_store import (SignoffStoreError, read_text, signoff_path,
                                             write_text)
from desktop_app.services import ServiceError, load_signoff


def test_path_follows_the_clinic_config(tmp_path):
    assert signoff_path(ClinicConfig()) == user_config_dir() / "clinical-signoff.json"
    cfg = tmp_path / "it" / "config.yaml"
    cfg.parent.mkdir()
    cfg.write_text("clinic_name: Test\n", encoding="utf-8")
    assert signoff_path(parse_config(cfg)) == cfg.parent / "clinical-signoff.json"
    cfg.write_text("signoff_file: shared/approvals.json\n", encoding="utf-8")
    assert signoff_path(parse_config(cfg)) == cfg.parent / "shared" / "approvals.json"


def test_write_is_atomic_and_read_back(tmp_path):
    path = tmp_path / "a" / "clinical-signoff.json"
    assert read_text(path) is None                       # nothing signed off yet
    write_text(path, "one")
    write_text(path, "two")
    assert read_text(path) == "two"
    # no temporary file left: the record and its lock file only
    assert sorted(p.name for p in path.parent.iterdir()) == [
        ".clinical-signoff.json.lock", "clinical-signoff.json"]


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root can write into read-only folders")
def test_read_only_folder_is_one_clear_line(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(SignoffStoreError) as info:
            write_text(folder / "clinical-signoff.json", "x")
        assert "signoff_file" in str(info.value) and "\n" not in str(info.value)
    finally:
        folder.chmod(0o700)


def test_broken_record_is_a_service_error(tmp_path):
    path = tmp_path / "clinical-signoff.json"
    path.write_bytes(b"\xff\xfe not text")
    with pytest.raises(ServiceError, match="not UTF-8"):
        load_signoff(ClinicConfig(signoff_file=str(path)))
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(ServiceError, match="not a clinical sign-off file"):
        load_signoff(ClinicConfig(signoff_file=str(path)))
    book, where = load_signoff(ClinicConfig(signoff_file=str(tmp_path / "none.json")))
    assert book.decisions == [] and where == tmp_path / "none.json"
