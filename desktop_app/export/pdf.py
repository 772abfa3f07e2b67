"""The patient's PDF summary of the visit: the export's public entry.

Built only from the Consultation + content library + anatomy atlas + clinic config (never from
widgets), so the CLI and the tests export without a window::

    export_summary(consultation, "summary.pdf", config=config, content=library, atlas=atlas,
                   language="en")

The summary's sections and their order: :mod:`.builder`; its words: :mod:`.strings_en` and
:mod:`.strings_es`; its look: :mod:`.style`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from desktop_app.export.builder import build_summary
from desktop_app.export.result import DiagramPlacement, ExportError, ExportResult
from desktop_app.export.text import one_line
from desktop_app.model.files import FileRefusedError
from desktop_app.model.storage import atomic_write_bytes

__all__ = ["DiagramPlacement", "ExportError", "ExportResult", "build_summary", "export_summary"]


def export_summary(consultation: Any, out_path: str | os.PathLike[str], *, config: Any = None,
                   content: Any = None, atlas: Any = None,
                   language: str | None = None, signoff: Any = None) -> ExportResult:
    """Write the patient's PDF summary to ``out_path`` (atomically). Raises :class:`ExportError`.

    ``signoff``: the clinic's :class:`~desktop_app.model.signoff.SignoffBook`; the summary says
    which of its text a clinician at this clinic signed off (None: nothing is)."""
    data, result = build_summary(consultation, config=config, content=content, atlas=atlas,
                                 language=language, signoff=signoff)
    _write(data, Path(out_path))
    result.path = Path(out_path)
    return result


def _write(data: bytes, target: Path) -> None:
    """The PDF to ``target`` with the storage module's atomic write (a failed write leaves the
    old file and no temporary file); every failure is one line naming the path."""
    shown = one_line(str(target))
    if target.is_dir():
        raise ExportError(f"cannot write the PDF to '{shown}': it is a folder")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write the PDF to '{shown}': the folder does not exist")
    try:
        atomic_write_bytes(target, data)
    except FileRefusedError as exc:  # a device, pipe or socket is never replaced
        raise ExportError(f"cannot write the PDF: {exc.sentence()}") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ExportError(f"cannot write the PDF to '{shown}': {reason}") from None
