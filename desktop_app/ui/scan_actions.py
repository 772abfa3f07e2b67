"""File ▸ Open patient scans…: pick a folder (a CD, a USB stick), open the series browser on it,
and add each kept slice to the Images tab as one undo step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog


CD_FILE_SYSTEMS = ("iso9660", "udf", "cdfs")
REMOVABLE_ROOTS = ("/media/", "/run/media/", "/Volumes/")


def removable_folders(volumes: list[tuple[str, str]] | None = None) -> list[str]:
    """Mounted CDs / DVDs first, then other removable media (USB sticks), as root folders.
    ``volumes``: (root path, file system type) pairs; None reads the mounted volumes.
    Qt does not say "removable": a CD is told by its file system, a stick by where the
    system mounts it (Linux /media, /run/media; macOS /Volumes); on Windows, any drive
    other than the system one."""
    if volumes is None:
        from PySide6.QtCore import QStorageInfo

        volumes = [(v.rootPath(), v.fileSystemType().toStdString())
                   for v in QStorageInfo.mountedVolumes() if v.isValid() and v.isReady()]
    system = _system_root()
    discs, others = [], []
    for root, kind in volumes:
        if root in ("/", system):
            continue
        if kind.lower() in CD_FILE_SYSTEMS:
            discs.append(root)
        elif root.startswith(REMOVABLE_ROOTS) or (len(root) <= 3 and root[1:2] == ":"):
            others.append(root)
    return discs + others


def _system_root() -> str:
    from PySide6.QtCore import QStorageInfo

    return QStorageInfo.root().rootPath()


def scan_start_folder(volumes: list[tuple[str, str]] | None = None) -> str:
    """Where the scans dialog opens: a CD or USB stick when one is in, else Documents."""
    from desktop_app.ui.folders import documents_folder

    found = [f for f in removable_folders(volumes) if Path(f).is_dir()]
    return found[0] if found else documents_folder()


def scan_folder_dialog(parent) -> QFileDialog:
    """The app's own folder dialog (as for other files), opened at :func:`scan_start_folder`."""
    dialog = QFileDialog(parent, "Open patient scans (a CD or a folder)")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setDirectory(scan_start_folder())
    return dialog


def choose_scan_folder(parent) -> str:
    """A folder from the user, or ""."""
    dialog = scan_folder_dialog(parent)
    if not dialog.exec() or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]


def open_patient_scans(window, path: str | Path | None = None):
    """Open the series browser on ``path`` (asked for when None); returns it, or None."""
    from desktop_app.ui.series_browser import SeriesBrowser

    if path is None:
        path = choose_scan_folder(window)
        if not path:
            return None
    pane = window.image_pane
    consultation = window.document.consultation

    def keep(image, caption: str) -> str:
        problem = pane._add(lambda: image, "the kept image", caption)
        if not problem:
            window.tabs.setCurrentWidget(window.images_tab)
        return problem

    browser = SeriesBrowser(str(path), keep, patient=consultation.patient,
                            language=consultation.language, parent=window)
    browser.show()
    window.series_browser = browser
    return browser
