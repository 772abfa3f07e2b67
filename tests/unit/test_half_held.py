"""The attacks that half held: a visit saved through a link updates the shared file, names of
242-255 bytes can be saved, a control character in a file name never splits a one-line
message, a crash leftover of a newer version is kept and reported, and an odd ``.lock`` hides
no recovery file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from desktop_app.document import Document
from desktop_app.infra import recovery
from desktop_app.model import storage
from desktop_app.model.consultation import Consultation, Lesion, Patient
from tests.conftest import EXAMPLE

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and names")


@posix
def test_saving_through_a_link_writes_the_shared_file(tmp_path):
    shared = tmp_path / "share" / "visit.json"
    shared.parent.mkdir()
    shared.write_bytes(EXAMPLE.read_bytes())
    shared.chmod(0o664)
    link = tmp_path / "desk" / "visit.json"
    link.parent.mkdir()
    link.symlink_to(shared)
    visit = storage.load(link)
    visit.notes = "updated through the link"
    storage.save(visit, link)
    assert link.is_symlink() and os.readlink(link) == str(shared)
    assert storage.load(shared).notes == "updated through the link"
    assert shared.stat().st_mode & 0o777 == 0o664
    assert sorted(p.name for p in link.parent.iterdir()) == ["visit.json"]     # no local copy


@pytest.mark.parametrize("size", [242, 250, 255])
def test_names_up_to_the_255_byte_limit_can_be_saved(tmp_path, size):
    name = "é" * ((size - 5) // 2) + "a" * ((size - 5) % 2) + ".json"    # 2-byte letters
    assert len(name.encode()) == size
    path = tmp_path / name
    storage.save(storage.load(EXAMPLE), path)
    assert storage.load(path).clinician == storage.load(EXAMPLE).clinician
    assert [p.name for p in tmp_path.iterdir()] == [name]                   # no temp left


def test_one_past_the_limit_is_one_clear_line(tmp_path):
    path = tmp_path / ("a" * 251 + ".json")                                 # 256 bytes
    with pytest.raises(storage.StorageError) as info:
        storage.save(storage.load(EXAMPLE), path)
    assert "\n" not in str(info.value)


@posix
def test_a_newline_in_a_file_name_stays_on_one_line(tmp_path):
    bad = tmp_path / "visit\nDELETE ALL.json"
    bad.write_bytes(b"{ not json")
    with pytest.raises(storage.StorageError) as info:
        storage.load(bad)
    message = str(info.value)
    assert "\n" not in message and "visit\N{REPLACEMENT CHARACTER}DELETE ALL.json" in message
    fifo = tmp_path / "pipe\r\n.json"
    os.mkfifo(fifo)
    with pytest.raises(storage.StorageError) as info:
        storage.load(fifo)
    assert "\n" not in str(info.value) and "\r" not in str(info.value)


# ------------------------------------------------------------------------------ recovery
def _dead_pid() -> int:
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout)


def _leftover(qapp, folder, label: str):
    """A recovery file left by a session that died (a pid no longer running)."""
    doc = Document(Consultation(patient=Patient(name="Quorra Vexlund"), visit_date="2026-11-26"))
    saver = recovery.Autosaver(doc, 3600, folder=folder)
    doc.set_value(lambda c: c, "lesions", [Lesion(cx=300, cy=300, label=label)], "Add",
                  "annotations")
    saver.close(keep_if_dirty=True)
    [path] = [p for p in folder.glob("session-*.json") if label in p.read_text("utf-8")]
    dead = folder / f"session-{_dead_pid()}-{path.stem.split('-')[-1]}.json"
    os.replace(path, dead)
    path.with_suffix(".lock").unlink(missing_ok=True)
    return dead


def test_a_leftover_of_a_newer_version_is_kept_and_reported(qapp, tmp_path):
    folder = tmp_path / "recovery"
    path = _leftover(qapp, folder, "Zqx-newer")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = recovery.RECOVERY_VERSION + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    notices: list[str] = []
    assert recovery.find_leftovers(folder, notices) == []
    assert path.read_bytes() == before                        # kept as it is, not renamed
    assert not path.with_suffix(".unreadable").exists()
    assert len(notices) == 1 and "newer version" in notices[0] and path.name in notices[0]
    assert "Quorra" not in notices[0]                            # no patient data in it


@posix
def test_an_odd_lock_hides_no_recovery_file(qapp, tmp_path):
    folder = tmp_path / "recovery"
    odd = _leftover(qapp, folder, "Zqx-odd")
    fine = _leftover(qapp, folder, "Zqx-fine")
    odd.with_suffix(".lock").symlink_to("/dev/null")
    found = recovery.find_leftovers(folder)
    try:
        assert sorted(left.path for left in found) == sorted([odd, fine])
    finally:
        for left in found:
            left.release()
