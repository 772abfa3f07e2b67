"""Presentation mode: a patient-facing full-screen window on the second screen.

It shows the same consultation as the surgeon's window — the diagram with the live marks (its
own scene, kept in sync through the Document's change signal, so a mark appears there as soon
as it is drawn) and the current topic in large type, in the patient's language. Clinician notes
are never put into this window: it builds its text only from patient-facing fields.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPalette, QScreen, QShortcut
from PySide6.QtWidgets import (QLabel, QScrollArea, QSizePolicy, QSplitter, QVBoxLayout,
                               QWidget)

from desktop_app.model.content import Item

BASE_TOPIC_PT = 22
MIN_PT, MAX_PT = 14, 48


def choose_screen(screens: list, current) -> object:
    """The screen the patient sees: another screen when there is one, else the current one."""
    others = [s for s in screens if s is not current]
    return others[0] if others else current


def topic_html(item: Item | None, fallback_title: str = "", fallback_text: str = "") -> str:
    """Patient-facing text only: title, summary, body. (No clinician note, by construction.)"""
    if item is None:
        if not fallback_title:
            return ""
        return (f"<h2>{html.escape(fallback_title)}</h2>"
                f"<p>{html.escape(fallback_text)}</p>")
    paras = [p.strip() for p in item.body.split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in paras)
    return (f"<h2>{html.escape(item.title)}</h2>"
            f"<p><b>{html.escape(item.summary)}</b></p>{body}")


class PresentationWindow(QWidget):
    """The patient's view. ``content_for(lang)`` gives the ContentLibrary in that language."""

    closed = Signal()

    def __init__(self, document, atlas, content_for, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presentation_window")
        self.setWindowTitle("Presacral Consult — for the patient")
        self.setAccessibleName("Patient presentation")
        self.document = document
        self.atlas = atlas
        self.content_for = content_for
        self.topic_id: str | None = None
        self.structure_id: str | None = None
        self.point_size = BASE_TOPIC_PT
        # a fixed light page, whatever the surgeon's theme: large dark text on white is what
        # reads best across a room (and the drawing is drawn for a light background)
        page = self.palette()
        for role, colour in ((QPalette.ColorRole.Window, "#ffffff"),
                             (QPalette.ColorRole.Base, "#ffffff"),
                             (QPalette.ColorRole.WindowText, "#1a1a1a"),
                             (QPalette.ColorRole.Text, "#1a1a1a")):
            page.setColor(role, QColor(colour))
        self.setPalette(page)
        self.setAutoFillBackground(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(split)
        self.pane = None
        self.marks = None
        if atlas is not None:
            from desktop_app.diagram.annotations import AnnotationLayer
            from desktop_app.diagram.pane import DiagramPane

            self.pane = DiagramPane(document, atlas)
            self.pane.toolbar.hide()  # the surgeon drives; the patient only looks
            self.pane.view.setInteractive(False)
            self.pane.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.marks = AnnotationLayer(document, self.pane.scene,
                                         view_name=document.consultation.view, parent=self)
            self.pane.viewChanged.connect(self.marks.set_view)
            split.addWidget(self.pane)
        self.topic = QLabel(objectName="presentation_topic")
        self.topic.setWordWrap(True)
        self.topic.setTextFormat(Qt.TextFormat.RichText)
        self.topic.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.topic.setMargin(32)
        self.topic.setAccessibleName("Current topic")
        self.topic.setMinimumWidth(360)
        # long text wraps instead of claiming width from the drawing
        self.topic.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.topic)
        scroll.viewport().setAutoFillBackground(True)
        self.topic.setAutoFillBackground(True)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.split = split
        self._apply_font()

        QShortcut(QKeySequence.StandardKey.ZoomIn, self, activated=lambda: self.scale_text(2))
        QShortcut(QKeySequence("Ctrl+="), self, activated=lambda: self.scale_text(2))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, activated=lambda: self.scale_text(-2))
        document.changed.connect(self._on_changed)
        self.refresh_topic()

    # ------------------------------------------------------------------ screen
    def present(self) -> None:
        """Full screen on the second screen when there is one, else on the current one."""
        app = QGuiApplication.instance()
        current = self.parentWidget().screen() if self.parentWidget() else app.primaryScreen()
        screen = choose_screen(list(QGuiApplication.screens()), current)
        self.target_screen = screen
        if isinstance(screen, QScreen):
            self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        if self.pane is not None:
            self.pane.fit()

    # ------------------------------------------------------------------ text
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.pane is not None:  # the drawing gets 60 % of the width, the text the rest
            width = self.split.width()
            self.split.setSizes([int(width * 0.6), width - int(width * 0.6)])

    def scale_text(self, delta: int) -> None:
        self.point_size = max(MIN_PT, min(MAX_PT, self.point_size + delta))
        self._apply_font()

    def _apply_font(self) -> None:
        font = self.topic.font()
        font.setPointSize(self.point_size)
        self.topic.setFont(font)

    def show_topic(self, item_id: str | None) -> None:
        self.topic_id, self.structure_id = item_id, None
        self.refresh_topic()

    def show_structure(self, structure_id: str) -> None:
        self.structure_id, self.topic_id = structure_id, None
        self.refresh_topic()

    def refresh_topic(self) -> None:
        lang = self.document.consultation.language or "en"
        library = self.content_for(lang)
        if self.structure_id and self.atlas is not None:
            try:
                s = self.atlas.structure(self.structure_id)
            except KeyError:
                s = None
            if s is not None:
                linked = library.item(s.topic) if s.topic else None
                text = topic_html(None, s.lay(lang).capitalize(), s.description(lang))
                if linked is not None:
                    text += f"<p>{html.escape(linked.summary)}</p>"
                self.topic.setText(text)
                return
        item = library.item(self.topic_id) if self.topic_id else None
        self.topic.setText(topic_html(item))

    def _on_changed(self, kind: str) -> None:
        if kind in ("fields", "all"):  # the patient language may have changed
            self.refresh_topic()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:  # Esc always leaves presentation mode
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.closed.emit()
        super().closeEvent(event)
