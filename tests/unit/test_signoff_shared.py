"""The shared sign-off record against two writers at once and odd files: nothing another
writer saved is lost, the file keeps its mode, owner and link, and a pipe or /dev/zero is one
clear line, never a hang. Real files, real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.infra.config import ClinicConfig
from desktop_app.infra.signoff_store import SignoffStoreError, read_text, update
from desktop_app.model.content import load_content
from desktop_app.model.signoff import SignoffBook
from desktop_app.services import ServiceError, load_signoff
from tests.attacks import fifo, no_hang, zero_link
from tests.conftest import ROOT

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes, links, modes")


@pytest.fixture(scope="module")
def items():
    return [i for t in load_content(ROOT / "content", "en").topics.values() for i in t.items]


def _store(path: Path):
    """A sign-off record as one window holds it (read once at start)."""
    from desktop_app.ui.review_dialog import ClinicSignoff

    return ClinicSignoff(ClinicConfig(signoff_file=str(path)))


def _decisions(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["decisions"]


# ------------------------------------------------------------------------------ two writers
def test_two_windows_signing_off_keep_each_others_decisions(tmp_path, items, qapp):
    """Both windows read the record at start, then each saves a decision: the second save
    re-reads the file, so the first one's approval and flag survive."""
    path = tmp_path / "share" / "clinical-signoff.json"
    first, second = _store(path), _store(path)
    first.decide(items[0], "en", "approved", "Dr A", "Surgeon")
    first.decide(items[1], "en", "flagged", "Dr A", "Surgeon", note="dose is wrong")
    second.decide(items[2], "en", "approved", "Dr B", "Oncologist")
    kept = {(d["item_id"], d["name"], d["decision"], d["note"]) for d in _decisions(path)}
    assert kept == {(items[0].id, "Dr A", "approved", ""),
                    (items[1].id, "Dr A", "flagged", "dose is wrong"),
                    (items[2].id, "Dr B", "approved", "")}
    # and the second window now shows the first one's decisions
    assert second.state(items[1], "en").kind == "flagged"


WRITER = """
import sys
from pathlib import Path
from desktop_app.infra.signoff_store import update
from desktop_app.model.content import load_content
from desktop_app.model.signoff import SignoffBook
path, who, start, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
items = [i for t in load_content(Path(sys.argv[5]), "en").topics.values() for i in t.items]
print("ready", flush=True)
sys.stdin.readline()                     # both start writing together
book = SignoffBook()
for item in items[start:start + n]:
    mine = [SignoffBook().decide(item, "en", "approved", who, "Surgeon")]
    update(path, lambda text, mine=mine: book.merged_into(text, mine))
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path, items):
    """Two processes, 40 saves each, started together: all 80 decisions are in the file."""
    path = tmp_path / "clinical-signoff.json"
    n = 40
    assert len(items) >= 2 * n
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), who, str(start),
                               str(n), str(ROOT / "content")], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env, cwd=ROOT)
             for who, start in (("Dr A", 0), ("Dr B", n))]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
    got = _decisions(path)
    assert len(got) == 2 * n
    assert {d["item_id"] for d in got} == {i.id for i in items[:2 * n]}


def test_a_held_lock_is_waited_for_then_one_clear_line(tmp_path):
    import fcntl

    path = tmp_path / "clinical-signoff.json"
    update(path, lambda _t: SignoffBook().to_json())
    lock = os.open(tmp_path / ".clinical-signoff.json.lock", os.O_RDWR)
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        with no_hang(20), pytest.raises(SignoffStoreError) as info:
            update(path, lambda _t: "lost", wait=0.3)
        assert "being saved by someone else" in str(info.value)
        assert "\n" not in str(info.value)
    finally:
        os.close(lock)
    assert "lost" not in path.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ the file
@posix
def test_a_shared_file_keeps_its_mode_owner_and_link(tmp_path, items, qapp):
    share = tmp_path / "it-share"
    share.mkdir()
    real = share / "clinical-signoff.json"
    real.write_text(SignoffBook().to_json(), encoding="utf-8")
    real.chmod(0o664)
    if os.geteuid() == 0:                 # root can give the file to another account
        os.chown(real, 4242, 4343)
    link = tmp_path / "config" / "clinical-signoff.json"
    link.parent.mkdir()
    link.symlink_to(real)
    _store(link).decide(items[0], "en", "approved", "Dr A", "Surgeon")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert len(_decisions(real)) == 1
    st = os.stat(real)
    assert st.st_mode & 0o777 == 0o664
    if os.geteuid() == 0:
        assert (st.st_uid, st.st_gid) == (4242, 4343)


@posix
@pytest.mark.parametrize("make", [fifo, zero_link], ids=["fifo", "dev-zero"])
def test_a_pipe_or_dev_zero_is_one_clear_line_not_a_hang(tmp_path, make):
    path = make(tmp_path / "clinical-signoff.json")
    with no_hang(20):
        with pytest.raises(SignoffStoreError) as info:
            read_text(path)
        with pytest.raises(ServiceError) as service:
            load_signoff(ClinicConfig(signoff_file=str(path)))
    for message in (str(info.value), str(service.value)):
        assert "not a regular file" in message and "\n" not in message


@posix
def test_a_newline_in_the_folder_name_stays_one_line(tmp_path):
    folder = tmp_path / "it\nshare"
    folder.mkdir()
    path = folder / "clinical-signoff.json"
    path.write_bytes(b"\xff not text")
    with pytest.raises(SignoffStoreError) as info:
        read_text(path)
    assert "\n" not in str(info.value) and "not UTF-8" in str(info.value)


def test_the_last_writer_is_recorded_and_read_back(tmp_path, items, qapp):
    path = tmp_path / "clinical-signoff.json"
    store = _store(path)
    assert store.last_writer() == "not recorded"
    store.decide(items[0], "en", "approved", "Dr A. Surgeon", "Colorectal surgeon")
    again = _store(path)
    assert again.last_writer().startswith("Dr A. Surgeon (Colorectal surgeon)")
    assert again.book.saved_by["machine"]
