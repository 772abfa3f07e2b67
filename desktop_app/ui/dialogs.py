"""Small dialogs: "About this information" (sources, the date each section was checked against
them, and its clinical sign-off state at this clinic), About, and the one way the app asks
for a file name to write (:func:`ask_save_path` + :func:`final_save_path`)."""

from __future__ import annotations

import html

from pathlib import Path

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QTextBrowser,
                               QVBoxLayout, QWidget)

from desktop_app import APP_NAME, __version__
from desktop_app.infra.config import ClinicConfig
from desktop_app.model.content import ContentLibrary


def content_sources_html(library: ContentLibrary,
                         signoff_rows: dict[str, str] | None = None) -> str:
    """Per section: the date the writers last checked it against its sources and, when given,
    its clinical sign-off state at this clinic; then the full reference list. Simple rich text.

    The writers' check is never called a review: only a named clinician's sign-off is.
    """
    signoff_rows = signoff_rows or {}
    rows = "".join(
        f"<tr><td>{html.escape(t.title)}</td><td>{t.sources_checked.isoformat()}</td>"
        f"<td>{len(t.items)}</td>"
        f"<td>{html.escape(signoff_rows.get(t.key, 'Not yet reviewed by a clinician here'))}</td>"
        f"</tr>" for t in library.topics.values())
    refs = []
    for ref in library.references.values():
        link = (f" <a href='{html.escape(ref.url)}'>{html.escape(ref.url)}</a>"
                if ref.url else "")
        refs.append(f"<li><b>[{html.escape(ref.id)}]</b> {html.escape(ref.citation)}{link}</li>")
    folders = "".join(f"<li>{html.escape(f)}</li>" for f in library.folders)
    return (
        "<h2>About this information</h2>"
        "<p>The explanations in this app are written in plain words for patients. The people "
        "who wrote them checked them against the sources below on the dates shown. That check "
        "is not a clinical review: a clinician at this clinic signs text off item by item "
        "(Help \u25b8 Clinical sign-off\u2026), and the app and the PDF say which text is "
        "signed off. The text supports, and never replaces, the advice of the care team.</p>"
        "<h3>Sections</h3>"
        "<table cellpadding='4'><tr><th align='left'>Section</th>"
        "<th align='left'>Checked against sources (by the writers)</th>"
        "<th align='left'>Items</th><th align='left'>Clinical sign-off at this clinic</th>"
        f"</tr>{rows}</table>"
        f"<h3>Sources</h3><ol>{''.join(refs)}</ol>"
        f"<h3>Content folders in use</h3><ul>{folders}</ul>")


class AboutContentDialog(QDialog):
    def __init__(self, library: ContentLibrary, parent=None, signoff_rows=None):
        super().__init__(parent)
        self.setObjectName("about_content")
        self.setWindowTitle("About this information")
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("about_content_text")
        self.browser.setOpenExternalLinks(False)  # the app is offline; links are for reading
        self.browser.setHtml(content_sources_html(library, signoff_rows))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def about_text(config: ClinicConfig) -> str:
    clinic = html.escape(config.display_name)
    lines = [f"<b>{APP_NAME}</b> {__version__}",
             "A consultation aid for presacral (retrorectal) tumors.",
             f"Configured for: {clinic}"]
    if config.department:
        lines.append(html.escape(config.department))
    if config.phone:
        lines.append("Phone: " + html.escape(config.phone))
    if config.source:
        lines.append("Configuration file: " + html.escape(config.source))
    lines.append("This app works offline. It sends no data anywhere.")
    return "<br>".join(lines)


# ------------------------------------------------------------------------------ file names
def ask_save_path(parent: QWidget | None, caption: str, start: str, name_filter: str,
                  suffix: str) -> str:
    """A file name to write, from the app's own save dialog, or "" (cancelled).

    The dialog knows the ``suffix`` it will get (its default suffix): a name typed without
    it is checked - and the user asked before replacing - under its final name, not the
    name as typed."""
    dialog = QFileDialog(parent, caption, start, name_filter)
    dialog.setObjectName("save_dialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suffix)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if not dialog.exec() or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]


def final_save_path(parent: QWidget | None, path: str, suffix: str) -> str:
    """``path`` with ``.suffix`` added when it has another one ("visit.v2" -> "visit.v2.json"),
    or "" if that final name is an existing file the user chose not to replace. The rule for
    every name the app completes after a dialog: a name the dialog did not show is never
    replaced without asking."""
    if not path:
        return ""
    if path.lower().endswith("." + suffix.lower()):
        return path
    final = f"{path}.{suffix}"
    if not Path(final).exists():
        return final
    box = QMessageBox(QMessageBox.Icon.Warning, "Replace the file?",
                      f"'{one_line_name(final)}' already exists.",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("confirm_replace")
    box.setInformativeText(f"The name you typed gets '.{suffix}' at the end. Replace that "
                           "existing file?")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return final if box.exec() == QMessageBox.StandardButton.Yes else ""


def one_line_name(path: str | Path) -> str:
    """A file's base name for a one-line message (a newline in a name must not split it)."""
    from desktop_app.model.files import shown_name

    return shown_name(path)
