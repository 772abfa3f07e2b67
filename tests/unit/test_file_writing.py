"""The writer rules in the storage module: a replaced file keeps its mode, a new one is
owner-only, special files are never replaced, and the app's own folders are private whatever
the umask."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from desktop_app.model import storage
from desktop_app.model.consultation import Consultation
from tests.attacks import fifo, no_hang

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_saving_over_a_consultation_keeps_its_mode(tmp_path):
    path = tmp_path / "case.json"
    storage.save(Consultation(), path)
    assert _mode(path) == 0o600  # new: owner-only
    os.chmod(path, 0o664)       # a shared clinic folder
    storage.save(Consultation(notes="changed"), path)
    assert _mode(path) == 0o664
    assert storage.load(path).notes == "changed"


def test_a_new_file_is_owner_only_under_umask_000(tmp_path):
    old = os.umask(0)
    try:
        storage.save(Consultation(), tmp_path / "new.json")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new.json") == 0o600


@pytest.mark.parametrize("kind", ["fifo", "device_link", "folder"])
def test_saving_onto_a_special_file_is_refused(tmp_path, kind):
    path = tmp_path / "case.json"
    if kind == "fifo":
        fifo(path)
    elif kind == "device_link":
        path.symlink_to("/dev/null")
    else:
        path.mkdir()
    with no_hang(), pytest.raises(storage.StorageError) as info:
        storage.save(Consultation(), path)
    assert "case.json" in str(info.value) and "\n" not in str(info.value)
    if kind == "device_link":
        assert path.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_app_folders_are_private_under_umask_000(tmp_path):
    from desktop_app.infra import recovery
    from desktop_app.model import parsecache

    old = os.umask(0)
    try:
        made = recovery.ensure_private_dir(tmp_path / "data" / "Org" / "app" / "recovery")
        cache = parsecache.ParseCache(tmp_path / "cache" / "Org" / "app" / "parsed")
        cache._make_folder()
    finally:
        os.umask(old)
    for folder in [made, *made.parents][:4] + [cache.folder, *cache.folder.parents][:4]:
        assert _mode(folder) == 0o700, folder
