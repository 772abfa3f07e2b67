"""The app's log file: size-rotating, opened at the first record, in the per-user log folder.

Imported only after the start screen is up (``logging`` costs start-up time)."""

from __future__ import annotations

import logging
import os
from pathlib import Path


class DeferredFileHandler(logging.Handler):
    """A size-rotating log file (1 MB x 4) opened at the first record.

    ``logging.handlers`` (with the socket and pickle modules it pulls in) costs ~15 ms, which
    the start screen should not wait for; the first record usually comes once the window is up.
    """

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.target: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.target is None:
            from logging.handlers import RotatingFileHandler

            class PrivateFile(RotatingFileHandler):
                """Each log file (also after a rotation) owner-only, whatever the umask."""

                def _open(self):
                    fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND
                                 | getattr(os, "O_CLOEXEC", 0), 0o600)
                    if os.name == "posix":
                        os.fchmod(fd, 0o600)
                    return open(fd, self.mode, encoding=self.encoding, errors=self.errors)

            try:
                self.target = PrivateFile(self.path, maxBytes=1_000_000, backupCount=3,
                                          encoding="utf-8")
            except OSError:
                self.target = logging.NullHandler()
            self.target.setFormatter(self.formatter)
        self.target.emit(record)  # this handler's filters (the redaction) have already run

    def flush(self) -> None:
        if self.target is not None:
            self.target.flush()

    def close(self) -> None:
        if self.target is not None:
            self.target.close()
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
