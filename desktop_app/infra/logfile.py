"""The app's log file: size-rotating, opened at the first record, in the per-user log folder.

Imported only after the start screen is up (``logging`` costs start-up time)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import BinaryIO


class DeferredFileHandler(logging.Handler):
    """A size-rotating log file (the log and three old ones, 1 MB each), owner-only whatever
    the umask, opened at the first record.

    Not ``logging.handlers.RotatingFileHandler``: that module (with the socket, pickle and
    queue modules it pulls in) costs 10-15 ms, and the first record comes as the window
    appears. A file that cannot be opened or rotated drops the records (the app runs on)."""

    MAX_BYTES = 1_000_000
    BACKUPS = 3

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self._file: BinaryIO | None = None   # binary, append
        self._size = 0
        self._broken = False

    def _open(self) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND
                     | getattr(os, "O_CLOEXEC", 0), 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        self._size = os.fstat(fd).st_size
        self._file = open(fd, "ab")

    def _rotate(self) -> None:
        """presacral-consult.log -> .log.1 -> .log.2 -> .log.3 (the oldest goes)."""
        self._close_file()
        name = self.path.name
        for i in range(self.BACKUPS - 1, 0, -1):
            older = self.path.with_name(f"{name}.{i}")
            if older.exists():
                os.replace(older, self.path.with_name(f"{name}.{i + 1}"))
        os.replace(self.path, self.path.with_name(f"{name}.1"))

    def _close_file(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._broken:
            return
        try:
            data = (self.format(record) + "\n").encode("utf-8", "backslashreplace")
            if self._file is None:
                self._open()
            if self._size and self._size + len(data) > self.MAX_BYTES:
                self._rotate()
                self._open()
            assert self._file is not None
            self._file.write(data)
            self._file.flush()
            self._size += len(data)
        except OSError:
            self._broken = True  # no log (disk full, folder gone): never an error dialog
            self._close_file()

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        self.acquire()
        try:
            self._close_file()
        finally:
            self.release()
        super().close()


def log_dir() -> Path:
    from desktop_app.infra.paths import user_location

    return Path(user_location("AppLocalDataLocation")) / "logs"


def setup_logging() -> None:
    """Rotating log file in the per-user log folder; every record passes the redaction filter."""
    import logging

    from desktop_app.infra.logsafe import RedactingFilter

    root = logging.getLogger()
    if any(getattr(h, "_presacral", False) for h in root.handlers):
        return
    root.setLevel(logging.INFO)
    try:
        from desktop_app.model.files import private_dir

        folder = private_dir(log_dir())  # 0700 whatever the umask (also its new parents)
        handler: logging.Handler = DeferredFileHandler(folder / "presacral-consult.log")
    except OSError:
        handler = logging.NullHandler()
    handler._presacral = True  # type: ignore[attr-defined]
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
