"""Autosave and crash recovery: never lose a consultation.

How it works
------------
* Each open consultation (one per window) has an :class:`Autosaver`. After any change it
  starts a single-shot timer (the clinic config's ``autosave_seconds``, default 10 s). The
  timer is *not* restarted by later changes, so a change is on disk at most one interval
  after it was made, even while the surgeon keeps typing.
* The recovery file is written atomically (temp file, fsync, ``os.replace``) with mode 0600
  into ``<AppLocalDataLocation>/recovery`` (folder mode 0700). It holds the consultation
  (validated field by field on reading, like a saved file), the path of the consultation's
  own file and that file's fingerprint, so a restored consultation still notices when the
  file was changed by someone else in the meantime.
* Key images (tens of MB of pixels) are not re-encoded at every autosave: each image is
  written once to a sidecar ``session-<pid>-<uuid>.img<n>.bin`` (0600, checked by size and
  SHA-256 on reading) and the recovery file names it; an autosave then costs milliseconds.
* Every session has its own pair of files: ``session-<pid>-<uuid>.json`` and
  ``session-<pid>-<uuid>.lock``. The lock file is held with an OS lock (``flock`` on POSIX,
  ``msvcrt.locking`` on Windows) for as long as the window lives; the OS drops it when the
  process dies, even on SIGKILL. So windows and instances never write each other's files,
  and a file whose lock is still held belongs to a live instance and is never offered as a
  crash leftover. Where neither lock exists, a pid check stands in.
* A clean save, an explicit discard (New / Open / close → Discard) or an undo back to the
  saved state removes the recovery file. Quitting without either (crash, kill, power loss)
  leaves it; on the next start :func:`find_leftovers` finds it and the app offers to restore.

Encryption at rest is out of scope: the recovery file holds the same data as the saved
consultation file, protected by the user's account (0600 in a 0700 folder) and removed as
soon as it is not needed. Nothing here logs patient data: log lines name sessions and
kinds of failure, never values or the consultation's file name.

QtCore only (signals and a timer); no widgets.
"""

from __future__ import annotations

import atexit
import base64
import dataclasses
import datetime as _dt
import errno
import hashlib
import json
import logging
import os
import re
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app import __version__
from desktop_app.infra import logsafe
from desktop_app.model import storage
from desktop_app.model.files import FileRefusedError, read_regular
from desktop_app.model.consultation import Consultation, ConsultationError

log = logging.getLogger("presacral.recovery")

RECOVERY_FORMAT = "presacral-consult-recovery"
RECOVERY_VERSION = 1
FILE_MODE = 0o600
DIR_MODE = 0o700
_NAME_RE = re.compile(r"^session-(\d{1,10})-([0-9a-f]{32})$")
_IMAGE_FILE_RE = re.compile(r"^(session-\d{1,10}-[0-9a-f]{32})\.img\d{1,9}\.bin$")

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:  # Windows
    import msvcrt
except ImportError:
    msvcrt = None  # type: ignore[assignment]


class RecoveryError(storage.StorageError):
    """A recovery file cannot be used. The message is user-facing and holds no patient data."""


class NewerVersionError(RecoveryError):
    """A recovery file of a newer version of the app: kept as it is, for that version."""


# ------------------------------------------------------------------------------ folders
def recovery_dir() -> Path:
    """``<AppLocalDataLocation>/recovery`` (isolated under QStandardPaths test mode)."""
    from desktop_app.infra.paths import user_location

    return Path(user_location("AppLocalDataLocation")) / "recovery"


def ensure_private_dir(folder: Path) -> Path:
    """Create ``folder`` (and parents) and make it readable by the user only."""
    from desktop_app.model.files import private_dir

    return private_dir(folder, DIR_MODE)  # also the parents it creates, whatever the umask


# ------------------------------------------------------------------------- fingerprints
@dataclass(frozen=True)
class Fingerprint:
    """What a file on disk looked like when we last read or wrote it."""

    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, path: str | os.PathLike) -> Fingerprint | None:
        """The file's fingerprint, or None if there is no such file (or it cannot be read)."""
        try:
            st = os.stat(path)
            data = read_regular(path, storage.MAX_FILE_BYTES)
        except (OSError, FileRefusedError):  # also a pipe or a device: no fingerprint
            return None
        return cls(st.st_mtime_ns, st.st_size, hashlib.sha256(data).hexdigest())

    def to_dict(self) -> dict:
        return {"mtime_ns": self.mtime_ns, "size": self.size, "sha256": self.sha256}

    @classmethod
    def from_dict(cls, data) -> Fingerprint | None:
        if data is None:
            return None
        if not isinstance(data, dict):
            raise RecoveryError("the recovery file is damaged (document_fingerprint).")
        mtime, size, sha = data.get("mtime_ns"), data.get("size"), data.get("sha256")
        if (isinstance(mtime, bool) or not isinstance(mtime, int) or isinstance(size, bool)
                or not isinstance(size, int) or not isinstance(sha, str)
                or not re.fullmatch(r"[0-9a-f]{64}", sha)):
            raise RecoveryError("the recovery file is damaged (document_fingerprint).")
        return cls(mtime, size, sha)


UNCHANGED, CHANGED, MISSING = "unchanged", "changed", "missing"


def disk_state(path: str | os.PathLike, baseline: Fingerprint | None) -> str:
    """Compare the file at ``path`` with what we last saw there.

    ``MISSING``: no file (saving creates it). ``UNCHANGED``: same size and content (mtime
    and size are the quick check, the SHA-256 settles a touch or a same-size edit).
    ``CHANGED``: someone else wrote it, or we never saw it (``baseline`` None).
    """
    if not Path(path).exists():
        return MISSING
    if baseline is None:
        return CHANGED
    try:
        st = os.stat(path)
    except OSError:
        return MISSING
    if st.st_size != baseline.size:
        return CHANGED
    current = Fingerprint.of(path)
    if current is None:
        return MISSING
    return UNCHANGED if current.sha256 == baseline.sha256 else CHANGED


# --------------------------------------------------------------------------------- locks
class SessionLock:
    """An exclusive, non-blocking OS lock on one lock file; released when the process dies."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, path: str | os.PathLike, *, create: bool) -> SessionLock | None:
        """The lock, or None if another live session holds it (or, if not ``create``,
        the lock file does not exist)."""
        path = Path(path)
        flags = os.O_RDWR | (os.O_CREAT if create else 0)
        if hasattr(os, "O_NOFOLLOW"):
            flags |= os.O_NOFOLLOW
        try:
            fd = os.open(path, flags, FILE_MODE)
        except OSError:   # missing, or not ours to lock (a link: O_NOFOLLOW refuses it)
            return None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            elif msvcrt is not None:  # pragma: no cover - Windows
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:  # pragma: no cover - no OS locks: fall back to the pid in the name
                if _pid_alive(_pid_of(path)):
                    raise BlockingIOError(errno.EWOULDBLOCK, "held")
        except OSError:
            os.close(fd)
            return None
        if create:
            try:
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode("ascii"))
            except OSError:
                pass
        return cls(path, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self, *, delete: bool = False) -> None:
        if self._fd is None:
            return
        if delete:  # unlink while still holding it: nobody can grab a half-deleted session
            try:
                os.unlink(self.path)
            except OSError:
                pass
        try:
            if fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            elif msvcrt is not None:  # pragma: no cover - Windows
                msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None
        if delete and msvcrt is not None and fcntl is None:  # pragma: no cover - Windows
            try:  # Windows cannot unlink an open file: try again now that it is closed
                os.unlink(self.path)
            except OSError:
                pass


def _pid_of(path: Path) -> int:
    match = _NAME_RE.match(path.stem)
    return int(match.group(1)) if match else -1


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


# ------------------------------------------------------------------------ file format
def _envelope(consultation: dict, *, document_path, fingerprint: Fingerprint | None,
              saved_at: str | None = None, image_files: list[dict] | None = None) -> bytes:
    envelope = {
        "format": RECOVERY_FORMAT,
        "version": RECOVERY_VERSION,
        "app_version": __version__,
        "saved_at": saved_at or _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "document_path": str(document_path) if document_path else None,
        "document_fingerprint": fingerprint.to_dict() if fingerprint else None,
        "consultation": consultation,
    }
    if image_files:
        envelope["image_files"] = image_files
    return (json.dumps(envelope, ensure_ascii=False) + "\n").encode("utf-8")


def encode(consultation: Consultation, *, document_path: str | os.PathLike | None,
           fingerprint: Fingerprint | None, saved_at: str | None = None) -> bytes:
    """A self-contained recovery file (key images inline, as in a saved file)."""
    return _envelope(consultation.to_dict(), document_path=document_path,
                     fingerprint=fingerprint, saved_at=saved_at)


def _images_of(consultation: Consultation) -> list:
    return list(getattr(consultation, "images", None) or [])


def _dict_without_image_data(consultation: Consultation) -> dict:
    """``to_dict()`` with every key image's pixel data left out (``"data": ""``).

    Key images can be tens of MB: encoding them at every autosave would freeze the window
    for about a second, so the autosaver writes each image once to a sidecar file instead.
    """
    images = _images_of(consultation)
    if not images:
        return consultation.to_dict()
    light = dataclasses.replace(consultation,
                                images=[dataclasses.replace(i, data=b"") for i in images])
    return light.to_dict()


def _sidecar_names(folder: Path, session: str) -> list[Path]:
    return [p for p in folder.glob(f"{session}.img*.bin") if _IMAGE_FILE_RE.match(p.name)]


def _attach_images(raw: dict, path: Path) -> None:
    """Put the pixel data of sidecar image files back into the consultation dict."""
    refs = raw.get("image_files")
    if refs is None:
        return
    images = raw.get("consultation", {}).get("images") if isinstance(
        raw.get("consultation"), dict) else None
    if not isinstance(refs, list) or not isinstance(images, list) or len(refs) > 64:
        raise RecoveryError("the recovery file is damaged (image_files).")
    by_id = {}
    for ref in refs:
        name = ref.get("file") if isinstance(ref, dict) else None
        match = _IMAGE_FILE_RE.match(name) if isinstance(name, str) else None
        if (match is None or match.group(1) != path.stem or not isinstance(ref.get("id"), str)
                or isinstance(ref.get("size"), bool) or not isinstance(ref.get("size"), int)
                or not isinstance(ref.get("sha256"), str)):
            raise RecoveryError("the recovery file is damaged (image_files).")
        by_id[ref["id"]] = ref
    for image in images:
        if not isinstance(image, dict) or image.get("data") not in ("", None):
            continue
        ref = by_id.get(image.get("id"))
        if ref is None:
            raise RecoveryError("the recovery file is incomplete (a key image is missing).")
        try:
            pixels = read_regular(path.parent / ref["file"], storage.MAX_FILE_BYTES)
        except FileRefusedError:
            raise RecoveryError("the recovery file is incomplete (a key image is missing).") \
                from None
        if len(pixels) != ref["size"] or hashlib.sha256(pixels).hexdigest() != ref["sha256"]:
            raise RecoveryError("the recovery file is damaged (a key image does not match).")
        image["data"] = base64.b64encode(pixels).decode("ascii")


@dataclass
class RecoveryEntry:
    """What a recovery file holds."""

    path: Path
    saved_at: _dt.datetime
    consultation: Consultation
    document_path: str | None
    fingerprint: Fingerprint | None

    @property
    def visit_date(self) -> str:
        return self.consultation.visit_date

    @property
    def marks(self) -> int:
        c = self.consultation
        return len(c.lesions) + len(c.strokes) + len(c.arrows) + len(c.texts)

    @property
    def ticked(self) -> int:
        c = self.consultation
        return sum(len(getattr(c, name)) for name in Consultation.CHECKLISTS)


def decode(data: bytes, path: Path) -> RecoveryEntry:
    """Validate a recovery file as strictly as a saved consultation. Raises RecoveryError."""
    if len(data) > storage.MAX_FILE_BYTES + 64 * 1024:
        raise RecoveryError("the recovery file is too large.")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RecoveryError("the recovery file is damaged (not valid JSON).") from None
    if not isinstance(raw, dict) or raw.get("format") != RECOVERY_FORMAT:
        raise RecoveryError("this is not a recovery file.")
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version > RECOVERY_VERSION:
        raise NewerVersionError("the recovery file was written by a newer version of the app.")
    saved_at = raw.get("saved_at")
    try:
        when = _dt.datetime.fromisoformat(saved_at) if isinstance(saved_at, str) else None
    except ValueError:
        when = None
    if when is None:
        raise RecoveryError("the recovery file is damaged (saved_at).")
    doc_path = raw.get("document_path")
    if doc_path is not None and (not isinstance(doc_path, str) or not doc_path
                                 or len(doc_path) > 4096 or "\0" in doc_path):
        raise RecoveryError("the recovery file is damaged (document_path).")
    fingerprint = Fingerprint.from_dict(raw.get("document_fingerprint"))
    _attach_images(raw, path)
    try:
        # the same field-by-field validation as a saved file (and the same re-encoding check)
        consultation = storage.loads(json.dumps(raw.get("consultation"),
                                                ensure_ascii=True).encode("ascii"),
                                     "the recovery file")
    except (storage.StorageError, ConsultationError, ValueError, RecursionError) as exc:
        raise RecoveryError(str(exc)) from None
    return RecoveryEntry(path=path, saved_at=when, consultation=consultation,
                         document_path=doc_path, fingerprint=fingerprint)


def read_entry(path: str | os.PathLike) -> RecoveryEntry:
    path = Path(path)
    try:
        data = read_regular(path, storage.MAX_FILE_BYTES + 64 * 1024)
    except FileRefusedError as exc:
        raise RecoveryError(f"the recovery file cannot be read (it {exc.reason}).") from None
    return decode(data, path)


# ---------------------------------------------------------------------------- leftovers
class Leftover:
    """A recovery file from a session that is no longer running, locked by us while we decide.

    Exactly one of :meth:`discard` (delete it: the user restored or discarded it) or
    :meth:`release` (keep it for the next start) must be called.
    """

    def __init__(self, entry: RecoveryEntry, lock: SessionLock | None):
        self.entry = entry
        self._lock = lock

    @property
    def path(self) -> Path:
        return self.entry.path

    def discard(self) -> None:
        try:
            os.unlink(self.entry.path)
        except FileNotFoundError:
            pass
        for sidecar in _sidecar_names(self.entry.path.parent, self.entry.path.stem):
            _unlink_quietly(sidecar)
        log.info("recovery file of session %s removed", _session_label(self.entry.path))
        if self._lock is not None:
            self._lock.release(delete=True)
            self._lock = None
        else:
            _unlink_quietly(self.entry.path.with_suffix(".lock"))

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _session_label(path: Path) -> str:
    """A log-safe name for a session: pid and the first uuid characters."""
    match = _NAME_RE.match(path.stem)
    return f"{match.group(1)}/{match.group(2)[:8]}" if match else "?"


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def find_leftovers(folder: str | os.PathLike | None = None,
                   notices: list[str] | None = None) -> list[Leftover]:
    """Recovery files of sessions that ended without a save or discard, newest first.

    Files of live sessions (lock held) are skipped. Each returned leftover stays locked by
    this process until ``discard()`` / ``release()``, so two instances starting together
    never offer the same one. Unreadable files are renamed ``*.unreadable`` (kept for IT,
    never offered again); a file of a newer version of the app is left as it is and a
    sentence for the user is added to ``notices``; stale lock and temp files are removed. A
    lock file that is not a plain file (a link) is ignored: the session's pid decides.
    """
    folder = Path(folder) if folder is not None else recovery_dir()
    if not folder.is_dir():
        return []
    found: list[Leftover] = []
    for path in sorted(folder.glob("session-*.json")):
        if not _NAME_RE.match(path.stem) or path.is_symlink():
            continue
        lock_path = path.with_suffix(".lock")
        odd_lock = lock_path.is_symlink()
        lock = None if odd_lock else SessionLock.acquire(lock_path, create=False)
        if lock is None:
            if (lock_path.exists() and not odd_lock) or _pid_alive(_pid_of(path)):
                continue  # a live session's file
        try:
            entry = read_entry(path)
        except NewerVersionError:
            log.warning("recovery file of session %s is of a newer version; kept",
                        _session_label(path))
            if notices is not None:
                notices.append(
                    f"A consultation that was not saved is kept in {path.name} in {folder}, "
                    "but a newer version of this app wrote it. Open that newer version to "
                    "restore it; this version leaves the file as it is.")
            if lock is not None:
                lock.release()
            continue
        except RecoveryError as exc:
            log.warning("recovery file of session %s cannot be used: %s",
                        _session_label(path), exc)
            try:
                os.replace(path, path.with_suffix(".unreadable"))
            except OSError:
                pass
            if lock is not None:
                lock.release(delete=True)
            continue
        found.append(Leftover(entry, lock))
    for lock_path in folder.glob("session-*.lock"):  # sessions that ended without data
        if not lock_path.with_suffix(".json").exists():
            lock = SessionLock.acquire(lock_path, create=False)
            if lock is not None:
                lock.release(delete=True)
    for sidecar in folder.glob("session-*.img*.bin"):  # images of sessions that ended
        match = _IMAGE_FILE_RE.match(sidecar.name)
        if match and not (folder / f"{match.group(1)}.json").exists():
            lock_path = folder / f"{match.group(1)}.lock"
            lock = SessionLock.acquire(lock_path, create=False)
            if lock is not None or not lock_path.exists():
                _unlink_quietly(sidecar)
            if lock is not None:
                lock.release()
    for tmp in folder.glob(".session-*.tmp"):  # a write cut off by a kill
        stem = tmp.name[1:].split(".json.")[0]
        lock = SessionLock.acquire(folder / f"{stem}.lock", create=False)
        if lock is not None or not (folder / f"{stem}.lock").exists():
            _unlink_quietly(tmp)
        if lock is not None:
            lock.release()
    found.sort(key=lambda left: left.entry.saved_at.timestamp(), reverse=True)
    return found


# ----------------------------------------------------------------------------- autosave
_live: weakref.WeakSet[Autosaver] = weakref.WeakSet()


@dataclass(frozen=True)
class _ImageFile:
    data: bytes  # the very bytes object written (kept: identity means "unchanged")
    name: str
    size: int
    sha256: str

    def ref(self, image_id: str) -> dict:
        return {"id": image_id, "file": self.name, "size": self.size, "sha256": self.sha256}


class Autosaver(QObject):
    """Writes the document's consultation to this session's recovery file after changes.

    ``fingerprint`` returns the fingerprint of the consultation's own file as last seen (so
    a restore can still detect a file changed by someone else).
    """

    saved = Signal(str)    # the recovery file path
    removed = Signal()
    failed = Signal(str)   # a user-facing reason

    def __init__(self, document, interval_seconds: float = 10.0, parent: QObject | None = None,
                 *, folder: str | os.PathLike | None = None,
                 fingerprint: Callable[[], Fingerprint | None] | None = None):
        super().__init__(parent)
        self.document = document
        self._folder = Path(folder) if folder is not None else None
        self._fingerprint = fingerprint or (lambda: None)
        self.session = f"session-{os.getpid()}-{os.urandom(16).hex()}"
        self._lock: SessionLock | None = None
        self._closed = False
        self._images: dict[str, _ImageFile] = {}  # image id -> its sidecar file
        self._image_counter = 0
        self.last_error = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.set_interval(interval_seconds)
        self.timer.timeout.connect(self.save_now)
        document.changed.connect(self._on_changed)
        document.dirtyChanged.connect(self._on_dirty_changed)
        self._register_sensitive()
        _live.add(self)

    # ------------------------------------------------------------------ paths
    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = recovery_dir()
        return self._folder

    @property
    def path(self) -> Path:
        return self.folder / f"{self.session}.json"

    @property
    def interval_seconds(self) -> float:
        return self.timer.interval() / 1000.0

    def set_interval(self, seconds: float) -> None:
        self.timer.setInterval(max(100, int(float(seconds) * 1000)))

    # ------------------------------------------------------------------ triggers
    def _register_sensitive(self) -> None:
        doc = self.document
        values = list(doc.consultation.sensitive_strings())
        if doc.path is not None:
            values += [doc.path.name, doc.path.stem]
        logsafe.set_sensitive(values, owner=("document", id(self)))

    def _on_changed(self, _kind: str = "") -> None:
        self._register_sensitive()
        if not self._closed and not self.timer.isActive():
            self.timer.start()  # not restarted by later changes: at most one interval late

    def _on_dirty_changed(self, _dirty: bool) -> None:
        if self._closed:
            return
        self._register_sensitive()
        if self.document.is_dirty:
            if not self.timer.isActive():
                self.timer.start()
        else:  # saved, undone back to the saved state, or replaced (New/Open after Discard)
            self.timer.stop()
            self.remove()

    # ------------------------------------------------------------------ actions
    def save_now(self) -> bool:
        """Write the recovery file now if there are unsaved changes (remove it otherwise)."""
        self.timer.stop()
        if self._closed:
            return False
        if not self.document.is_dirty:
            self.remove()
            return True
        try:
            folder = ensure_private_dir(self.folder)
            if self._lock is None:
                self._lock = SessionLock.acquire(folder / f"{self.session}.lock", create=True)
                if self._lock is None:  # cannot happen with a fresh uuid; never overwrite
                    raise OSError(errno.EEXIST, "session is locked by another process")
            consultation = self.document.consultation
            images = self._write_images(folder, consultation)
            data = _envelope(_dict_without_image_data(consultation),
                             document_path=self.document.path, fingerprint=self._fingerprint(),
                             image_files=[images[i.id].ref(i.id) for i in _images_of(consultation)])
            storage.atomic_write_bytes(self.path, data, mode=FILE_MODE)
            self._drop_stale_images(folder, images)
        except (OSError, UnicodeError, ValueError) as exc:
            reason = _reason(exc)
            if reason != self.last_error:
                log.warning("autosave of session %s failed: %s", _session_label(self.path),
                            reason)
            self.last_error = reason
            self.failed.emit(reason)
            self.timer.start()  # try again after one interval
            return False
        if self.last_error:
            log.info("autosave of session %s works again", _session_label(self.path))
        self.last_error = ""
        self.saved.emit(str(self.path))
        return True

    def _write_images(self, folder: Path, consultation) -> dict[str, _ImageFile]:
        """Each key image goes to its own sidecar file once, not at every autosave."""
        current: dict[str, _ImageFile] = {}
        for image in _images_of(consultation):
            known = self._images.get(image.id) or current.get(image.id)
            if known is None or known.data is not image.data:  # bytes: same object, same pixels
                self._image_counter += 1
                name = f"{self.session}.img{self._image_counter}.bin"
                storage.atomic_write_bytes(folder / name, image.data, mode=FILE_MODE)
                known = _ImageFile(image.data, name, len(image.data),
                                   hashlib.sha256(image.data).hexdigest())
            current[image.id] = known
        return current

    def _drop_stale_images(self, folder: Path, current: dict[str, _ImageFile]) -> None:
        """After the recovery file points at ``current``: forget and delete the others."""
        self._images = current
        keep = {f.name for f in current.values()}
        for sidecar in _sidecar_names(folder, self.session):
            if sidecar.name not in keep:
                _unlink_quietly(sidecar)

    def remove(self) -> None:
        """Delete this session's recovery file (the data is saved or was discarded)."""
        if self._folder is None and self._lock is None:
            return  # never wrote anything
        existed = self.path.exists()
        _unlink_quietly(self.path)
        for sidecar in _sidecar_names(self.folder, self.session):
            _unlink_quietly(sidecar)
        self._images = {}
        if existed:
            self.removed.emit()

    def discard(self) -> None:
        """The user explicitly threw the unsaved changes away."""
        self.timer.stop()
        self.remove()

    def close(self, *, keep_if_dirty: bool = False) -> None:
        """End of the session. A clean close removes everything; ``keep_if_dirty`` leaves
        the recovery file (an exit without save or discard) for the next start."""
        if self._closed:
            return
        self.timer.stop()
        if keep_if_dirty and self.document.is_dirty:
            self.save_now()
            self._closed = True
            if self._lock is not None:
                self._lock.release()  # the file stays and becomes a leftover
                self._lock = None
        else:
            self._closed = True
            self.remove()
            if self._lock is not None:
                self._lock.release(delete=True)
                self._lock = None
        _live.discard(self)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno:
        return os.strerror(exc.errno)
    return type(exc).__name__


def close_all(*, keep_if_dirty: bool = True) -> None:
    """End every live session; by default an exit without save or discard keeps unsaved
    work as a recovery file (``run_app`` calls this after the event loop ends)."""
    for saver in list(_live):
        try:
            saver.close(keep_if_dirty=keep_if_dirty)
        except Exception:  # noqa: BLE001 - never fail at exit (objects may be half deleted)
            pass


atexit.register(close_all)


def running_autosavers() -> list[Autosaver]:
    return list(_live)


__all__ = ["Autosaver", "Fingerprint", "Leftover", "RecoveryEntry", "RecoveryError",
           "SessionLock", "decode", "disk_state", "encode", "ensure_private_dir",
           "find_leftovers", "read_entry", "close_all", "recovery_dir", "running_autosavers",
           "CHANGED", "MISSING", "UNCHANGED"]
