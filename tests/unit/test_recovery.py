"""Autosave and recovery files: format, permissions, locking between sessions, clean-up."""

import json
import os
import stat
import subprocess
import sys

import pytest

from desktop_app.infra import recovery
from desktop_app.document import Document
from desktop_app.model import storage
from desktop_app.model.consultation import Consultation, KeyImage, Lesion, Patient, TextNote
from tests.conftest import EXAMPLE, ROOT

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _doc(**kw) -> Document:
    c = Consultation(patient=Patient(name="Quentin Zebedee-Oyelaran", record_number="RN-77X1"),
                     visit_date="2026-11-26", **kw)
    return Document(c)


def _edit(doc: Document, label: str = "cyst") -> None:
    lesions = list(doc.consultation.lesions) + [Lesion(cx=300, cy=300, label=label)]
    doc.set_value(lambda c: c, "lesions", lesions, "Add lesion", "annotations")


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "recovery"


# ------------------------------------------------------------------------- fingerprints
def test_disk_state_unchanged_touched_changed_missing(tmp_path):
    path = tmp_path / "case.json"
    path.write_bytes(b"one")
    base = recovery.Fingerprint.of(path)
    assert recovery.disk_state(path, base) == recovery.UNCHANGED
    os.utime(path, ns=(base.mtime_ns + 5_000_000_000,) * 2)  # touched, same bytes
    assert recovery.disk_state(path, base) == recovery.UNCHANGED
    path.write_bytes(b"two")  # same size, other bytes, even with the old mtime
    os.utime(path, ns=(base.mtime_ns, base.mtime_ns))
    assert recovery.disk_state(path, base) == recovery.CHANGED
    path.write_bytes(b"three")
    assert recovery.disk_state(path, base) == recovery.CHANGED
    assert recovery.disk_state(path, None) == recovery.CHANGED  # never seen: ask
    path.unlink()
    assert recovery.disk_state(path, base) == recovery.MISSING
    assert recovery.Fingerprint.of(path) is None


# ------------------------------------------------------------------------- file format
def test_encode_decode_round_trip(tmp_path):
    c = storage.load(EXAMPLE)
    fp = recovery.Fingerprint.of(EXAMPLE)
    data = recovery.encode(c, document_path=EXAMPLE, fingerprint=fp)
    entry = recovery.decode(data, tmp_path / "x.json")
    assert entry.consultation == c
    assert entry.document_path == str(EXAMPLE) and entry.fingerprint == fp
    assert entry.visit_date == c.visit_date
    assert entry.marks == len(c.lesions) + len(c.strokes) + len(c.arrows) + len(c.texts)
    assert entry.saved_at.tzinfo is not None


@pytest.mark.parametrize("mutate, words", [
    (lambda d: d.update(format="something else"), "not a recovery file"),
    (lambda d: d.update(version=99), "newer version"),
    (lambda d: d.update(saved_at="yesterday"), "saved_at"),
    (lambda d: d.update(document_path=["a"]), "document_path"),
    (lambda d: d.update(document_fingerprint={"size": 1}), "document_fingerprint"),
    (lambda d: d["consultation"]["lesions"].append({"cx": "x"}), "lesions[1].cx"),
    (lambda d: d["consultation"].update(notes="\ud800"), "not valid text"),
])
def test_damaged_recovery_files_raise_recovery_error(tmp_path, mutate, words):
    c = Consultation(lesions=[Lesion()], notes="private words here")
    raw = json.loads(recovery.encode(c, document_path=None, fingerprint=None))
    mutate(raw)
    with pytest.raises(recovery.RecoveryError) as info:
        recovery.decode(json.dumps(raw).encode(), tmp_path / "x.json")
    assert words in str(info.value)
    assert "private words" not in str(info.value)
    assert isinstance(info.value, storage.StorageError)


@pytest.mark.parametrize("data", [b"", b"\xff\xfe", b"{", b"[]", b"null", b"1" * 5000])
def test_garbage_is_a_recovery_error(tmp_path, data):
    with pytest.raises(recovery.RecoveryError):
        recovery.decode(data, tmp_path / "x.json")


# ------------------------------------------------------------------------- autosaver
@posix_only
def test_autosave_writes_private_file_and_clean_save_removes_it(qapp, folder, tmp_path):
    doc = _doc()
    saver = recovery.Autosaver(doc, 3600, folder=folder)
    _edit(doc)
    assert saver.timer.isActive()
    assert saver.save_now()
    assert stat.S_IMODE(os.stat(saver.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    entry = recovery.read_entry(saver.path)
    assert entry.consultation == doc.consultation
    assert [p.suffix for p in sorted(folder.iterdir())] == [".json", ".lock"]
    # a clean save removes it
    storage.save(doc.consultation, tmp_path / "case.json")
    doc.mark_saved(tmp_path / "case.json")
    assert not saver.path.exists()
    # the next edit writes it again; undo back to the saved state removes it
    _edit(doc, "second")
    saver.save_now()
    assert saver.path.exists()
    doc.undo_stack.undo()
    assert not saver.path.exists()
    saver.close()
    assert list(folder.iterdir()) == []


def test_replace_discard_and_restore_dirty(qapp, folder):
    doc = _doc()
    saver = recovery.Autosaver(doc, 3600, folder=folder)
    _edit(doc)
    saver.save_now()
    doc.replace(Consultation())  # New / Open after "Discard"
    assert not saver.path.exists()
    doc.replace(storage.load(EXAMPLE))
    doc.set_dirty()  # restored: unsaved although the undo stack is clean
    assert saver.timer.isActive()
    saver.save_now()
    assert recovery.read_entry(saver.path).consultation == doc.consultation
    doc.undo_stack.setClean()  # cleanChanged does not fire; still dirty (forced)
    saver.save_now()
    assert saver.path.exists()
    saver.discard()
    assert not saver.path.exists()
    saver.close()


def test_changes_are_throttled_not_postponed(qtbot, folder):
    """Continuous typing must not keep pushing the autosave back: saves happen *while* the
    edits keep coming, each holding the state of that moment (checked by what was saved, not
    by the clock; the latency is a figure in benchmarks/autosave.py)."""
    doc = _doc()
    saver = recovery.Autosaver(doc, 0.3, folder=folder)
    saved_notes = []
    saver.saved.connect(lambda p: saved_notes.append(recovery.read_entry(p).consultation.notes))
    i = 0
    while len(saved_notes) < 2:  # an edit every 50 ms until two autosaves have happened
        i += 1
        assert i <= 400, "no autosave while edits kept coming"
        doc.set_field("notes", "x" * i, "Edit notes")
        qtbot.wait(50)
    edits_so_far = i
    for _ in range(3):  # ... and the edits go on after them
        i += 1
        doc.set_field("notes", "x" * i, "Edit notes")
        qtbot.wait(50)
    # a debounced (postponed) autosave would have saved nothing before the typing stopped
    assert all(0 < len(n) <= edits_so_far for n in saved_notes[:2])
    assert len(saved_notes[0]) < len(saved_notes[1])
    qtbot.waitUntil(lambda: recovery.read_entry(saver.path).consultation.notes == "x" * i,
                    timeout=5000)
    saver.close()


def test_two_sessions_never_share_files(qapp, folder):
    a, b = _doc(), _doc()
    sa = recovery.Autosaver(a, 3600, folder=folder)
    sb = recovery.Autosaver(b, 3600, folder=folder)
    _edit(a, "mark of a")
    _edit(b, "mark of b")
    sa.save_now()
    sb.save_now()
    assert sa.path != sb.path
    assert recovery.read_entry(sa.path).consultation.lesions[0].label == "mark of a"
    assert recovery.read_entry(sb.path).consultation.lesions[0].label == "mark of b"
    # live sessions (locks held) are never offered as leftovers, not even in-process
    assert recovery.find_leftovers(folder) == []
    sa.close()
    sb.close()


def test_exit_without_save_leaves_a_leftover_that_one_finder_claims(qapp, folder):
    doc = _doc(texts=[TextNote(text="see you Thursday")])
    saver = recovery.Autosaver(doc, 3600, folder=folder)
    _edit(doc)  # not yet autosaved: close(keep_if_dirty) must write it
    saver.close(keep_if_dirty=True)
    first = recovery.find_leftovers(folder)
    assert len(first) == 1
    assert first[0].entry.consultation == doc.consultation
    # a second instance starting at the same moment does not get the same file
    assert recovery.find_leftovers(folder) == []
    first[0].release()  # "decide later"
    again = recovery.find_leftovers(folder)
    assert len(again) == 1
    again[0].discard()
    assert list(folder.iterdir()) == []


def test_unreadable_and_stale_files_are_cleaned(qapp, folder):
    recovery.ensure_private_dir(folder)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    bad = folder / f"session-{dead}-{'a' * 32}.json"
    bad.write_bytes(b"{ damaged")
    (folder / f"session-2-{'b' * 32}.lock").write_bytes(b"2")  # session ended, lock left
    (folder / f".session-3-{'c' * 32}.json.xyz.tmp").write_bytes(b"half")
    (folder / "notes.txt").write_bytes(b"not ours")
    assert recovery.find_leftovers(folder) == []
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["notes.txt", f"session-{dead}-{'a' * 32}.unreadable"]


def test_autosave_failure_is_reported_not_raised(qapp, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")
    doc = _doc()
    saver = recovery.Autosaver(doc, 3600, folder=blocker / "recovery")
    reasons = []
    saver.failed.connect(reasons.append)
    _edit(doc)
    assert saver.save_now() is False
    assert reasons and reasons[0]
    assert saver.timer.isActive()  # tries again after one interval
    saver.close()


_HOLDER = """
import sys, time
from desktop_app.infra.recovery import SessionLock
lock = SessionLock.acquire(sys.argv[1], create=True)
print("locked" if lock else "busy", flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="kill semantics")
def test_a_live_process_file_is_not_offered_until_it_dies(qapp, folder):
    doc = _doc()
    saver = recovery.Autosaver(doc, 3600, folder=folder)
    _edit(doc)
    saver.save_now()
    json_path = saver.path
    saver.close(keep_if_dirty=True)  # as if this were another instance's file
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(json_path.with_suffix(".lock"))],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        assert recovery.find_leftovers(folder) == []  # its owner is alive
    finally:
        proc.kill()
        proc.wait()
    found = recovery.find_leftovers(folder)
    assert [left.path for left in found] == [json_path]
    found[0].discard()


# ------------------------------------------------------------------------- key images


def _png(n: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + os.urandom(n)


def test_key_images_go_to_sidecar_files_written_once(qapp, folder):
    doc = _doc()
    saver = recovery.Autosaver(doc, 3600, folder=folder)
    images = [KeyImage(id="mri1", kind="png", width=10, height=10, data=_png(300_000)),
              KeyImage(id="ct2", kind="png", width=10, height=10, data=_png(200_000),
                       caption="axial")]
    doc.set_value(lambda c: c, "images", images, "Add images", "images")
    assert saver.save_now()
    sidecars = sorted(folder.glob("*.bin"))
    assert len(sidecars) == 2
    assert all(stat.S_IMODE(os.stat(p).st_mode) == 0o600 for p in sidecars)
    assert saver.path.stat().st_size < 10_000  # the pixels are not in the JSON
    inodes = {p.name: p.stat().st_ino for p in sidecars}
    _edit(doc)  # an edit that does not touch the images
    saver.save_now()
    assert {p.name: p.stat().st_ino for p in folder.glob("*.bin")} == inodes
    assert recovery.read_entry(saver.path).consultation == doc.consultation
    # a changed image gets a new file, a removed one loses its file
    new = [KeyImage(id="mri1", kind="png", width=10, height=10, data=_png(1000))]
    doc.set_value(lambda c: c, "images", new, "Change images", "images")
    saver.save_now()
    assert len(list(folder.glob("*.bin"))) == 1 and not any(
        (folder / name).exists() for name in inodes)
    assert recovery.read_entry(saver.path).consultation == doc.consultation
    saver.close(keep_if_dirty=True)
    (left,) = recovery.find_leftovers(folder)
    assert left.entry.consultation.images[0].data == new[0].data
    left.discard()
    assert list(folder.iterdir()) == []


def test_a_damaged_or_missing_image_file_is_a_recovery_error(qapp, folder):
    doc = _doc()
    saver = recovery.Autosaver(doc, 3600, folder=folder)
    doc.set_value(lambda c: c, "images",
                  [KeyImage(id="a", kind="png", width=1, height=1, data=_png(50))], "Add", "images")
    saver.save_now()
    (sidecar,) = folder.glob("*.bin")
    sidecar.write_bytes(_png(50))  # same size, other pixels
    with pytest.raises(recovery.RecoveryError, match="does not match"):
        recovery.read_entry(saver.path)
    sidecar.unlink()
    with pytest.raises(recovery.RecoveryError, match="missing"):
        recovery.read_entry(saver.path)
    raw = json.loads(saver.path.read_bytes())
    raw["image_files"][0]["file"] = "../../etc/passwd"
    saver.path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(recovery.RecoveryError, match="image_files"):
        recovery.read_entry(saver.path)
    saver.close()


def test_autosave_after_the_first_write_leaves_large_images_alone(qapp, folder):
    """With 32 MB of pixels, later autosaves write only the small JSON: the sidecar files
    are neither rewritten nor replaced. (What that buys in milliseconds: benchmarks/
    autosave.py.)"""
    doc = _doc()
    saver = recovery.Autosaver(doc, 3600, folder=folder)
    big = [KeyImage(id=f"s{i}", kind="dicom-gray16", width=2048, height=2048,
                    data=os.urandom(2048 * 2048 * 2)) for i in range(4)]  # 32 MB of pixels
    doc.set_value(lambda c: c, "images", big, "Add images", "images")
    assert saver.save_now()
    sidecars = sorted(folder.glob("*.bin"))
    assert len(sidecars) == 4

    def state(p):
        st = p.stat()
        return st.st_ino, st.st_mtime_ns, st.st_size

    before = {p.name: state(p) for p in sidecars}
    for i in range(5):
        doc.set_field("notes", f"note {i}", "Edit notes")
        assert saver.save_now()
        assert {p.name: state(p) for p in sorted(folder.glob("*.bin"))} == before
        assert saver.path.stat().st_size < 10_000
        assert recovery.read_entry(saver.path).consultation.notes == f"note {i}"
    saver.close()
