"""Where the clinic's sign-off record lives and how it is read and written."""

from __future__ import annotations

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


def _refuse_like_a_read_only_folder(*args, **kwargs):
    raise PermissionError(13, "Permission denied")


def test_read_only_folder_is_one_clear_line(tmp_path, monkeypatch):
    """A read-only folder refuses the temporary file (root writes anyway, so the refusal is
    raised at the real call site rather than by chmod)."""
    path = tmp_path / "clinical-signoff.json"
    path.write_text("signed", encoding="utf-8")
    monkeypatch.setattr("desktop_app.model.storage.tempfile.mkstemp",
                        _refuse_like_a_read_only_folder)
    with pytest.raises(SignoffStoreError) as info:
        write_text(path, "x")
    message = str(info.value)
    assert message == (f"{path}: cannot be saved (Permission denied); ask IT to make it "
                       "writable or to set 'signoff_file' in the clinic configuration")
    assert path.read_text(encoding="utf-8") == "signed"       # what was there is kept


def test_parent_that_is_a_file_is_one_clear_line(tmp_path):
    """Root-proof refusal: no permission bit can make a file into a folder."""
    blocker = tmp_path / "shared"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(SignoffStoreError) as info:
        write_text(blocker / "clinical-signoff.json", "x")
    assert "cannot be saved" in str(info.value) and "\n" not in str(info.value)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_failed_write_leaves_the_old_record_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "clinical-signoff.json"
    write_text(path, "first")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop_app.model.storage.os.fsync", disk_full)
    with pytest.raises(SignoffStoreError, match=r"cannot be saved \(No space left on device\)"):
        write_text(path, "second")
    assert path.read_text(encoding="utf-8") == "first"
    # the lock file stays beside the record (it is shared); no temporary file is left
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".clinical-signoff.json.lock", "clinical-signoff.json"]


def test_interrupted_write_removes_its_temporary_file(tmp_path, monkeypatch):
    """Not an OSError (Ctrl+C during the rename): the temporary file goes, the error goes on."""
    path = tmp_path / "clinical-signoff.json"

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr("desktop_app.model.storage.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_text(path, "x")
    assert [p.name for p in tmp_path.iterdir()] == [".clinical-signoff.json.lock"]


def test_size_limit_is_16_mib_exactly(tmp_path):
    path = tmp_path / "clinical-signoff.json"
    path.write_bytes(b" " * 16_777_216)                 # 16 MiB: read
    assert len(read_text(path) or "") == 16_777_216
    path.write_bytes(b" " * 16_777_217)                 # one byte more: refused
    with pytest.raises(SignoffStoreError) as info:
        read_text(path)
    assert str(info.value) == f"{path}: the sign-off file is larger than 16 MB"


def test_unreadable_record_is_one_clear_line(tmp_path):
    folder = tmp_path / "clinical-signoff.json"
    folder.mkdir()                                       # a folder where the file should be
    with pytest.raises(SignoffStoreError) as info:
        read_text(folder)
    assert str(info.value) == f"{folder}: the sign-off file is a folder"


def test_not_utf8_is_named(tmp_path):
    path = tmp_path / "clinical-signoff.json"
    path.write_bytes(b"\xff")
    with pytest.raises(SignoffStoreError) as info:
        read_text(path)
    assert str(info.value) == f"{path}: the sign-off file is not UTF-8 text"


def test_configured_file_wins_over_the_config_folder(tmp_path):
    chosen = tmp_path / "elsewhere" / "approvals.json"
    cfg = ClinicConfig(signoff_file=str(chosen), source=str(tmp_path / "config.yaml"))
    assert signoff_path(cfg) == chosen
    assert signoff_path(ClinicConfig(source=str(tmp_path / "config.yaml"))) == (
        tmp_path / "clinical-signoff.json")


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


def test_missing_folders_are_made_two_levels_deep(tmp_path):
    path = tmp_path / "shared" / "clinic" / "clinical-signoff.json"
    write_text(path, "signed")
    assert read_text(path) == "signed"


def test_a_share_that_fails_after_moving_the_file_reports_its_own_error(tmp_path, monkeypatch):
    """The temporary file already gone when the rename fails (a network share): the user
    reads the rename's error, not one about the missing temporary file."""
    import os

    path = tmp_path / "clinical-signoff.json"

    def moved_then_failed(src, dst):
        os.unlink(src)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("desktop_app.infra.signoff_store.os.replace", moved_then_failed)
    with pytest.raises(SignoffStoreError, match=r"cannot be saved \(Input/output error\)"):
        write_text(path, "x")
