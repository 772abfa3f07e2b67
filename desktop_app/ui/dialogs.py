"""Small dialogs: "About this information" (sources, the date each section was checked against
them, and its clinical sign-off state at this clinic) and About."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

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
