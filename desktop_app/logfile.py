"""The app's log file: size-rotating, opened at the first record (see :func:`desktop_app.app.setup_logging`)."""

from __future__ import annotations

import logging
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

            try:
                self.target = RotatingFileHandler(self.path, maxBytes=1_000_000, backupCount=3,
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
