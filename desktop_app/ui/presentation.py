"""Presentation mode: a patient-facing full-screen window on the second screen.

It shows the same consultation as the surgeon's window — the diagram with the live marks (its
own scene, kept in sync through the Document's change signal, so a mark appears there as soon
as it is drawn) and the current topic in large type, in the patient's language. Clinician notes
are never put into this window: it builds its text only from patient-facing fields.

It can show one of the patient's own key images instead of the diagram (the one the surgeon has
on the Images tab, or one picked here with Left / Right): the picture through its window/level,
its marks live (a layer of its own on the image's marks, ``view == "image:<id>"``), the caption
in large type and, on a scan whose pixel size is known, each marked area's size in plain words.
A KeyImage holds no DICOM header fields at all, so none can reach this window.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (QColor, QGuiApplication, QKeySequence, QPalette, QPixmap, QScreen,
                           QShortcut)
from PySide6.QtWidgets import (QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QLabel,
                               QScrollArea, QSizePolicy, QSplitter, QStackedWidget, QVBoxLayout,
                               QWidget)

from desktop_app.document import Change
from desktop_app.model.consultation import IMAGE_VIEW_PREFIX, KeyImage
from desktop_app.model.content import Item

BASE_TOPIC_PT = 22
MIN_PT, MAX_PT = 14, 48
# the drawing's labels on screen: this share of the topic text's size (they were ~13 px
# beside ~30 px text), within what still fits the drawing's margins
LABEL_TO_TEXT = 0.75
MAX_LABEL_GROWTH = 2.5
SCAN_TEXT_SHARE = 0.2        # of the height, for a scan's caption under it


def choose_screen(screens: list, current) -> object:
    """The screen the patient sees: another screen when there is one, else the current one."""
    others = [s for s in screens if s is not current]
    return others[0] if others else current


# the same plain words as the patient PDF (``size_scan`` in export/strings_en.py and strings_es.py;
# tests/gui/test_presentation.py checks they stay the same); the PDF module is not imported here
# because it pulls in ReportLab
SCAN_SIZE = {"en": "On this picture, area {n} is about {length} × {width} cm.",
             "es": "En esta imagen, la zona {n} mide unos {length} × {width} cm."}
DECIMAL = {"en": ".", "es": ","}   # as the PDF's ``decimal`` (5,5 cm in Spanish)


def scan_size_sentences(image: KeyImage, lesions, language: str = "en") -> list[str]:
    """One sentence per marked area on a scan whose pixel size is known (none otherwise)."""
    from desktop_app.model.lesions import cm_words, scan_size_cm

    words = SCAN_SIZE.get(language, SCAN_SIZE["en"])
    decimal = DECIMAL.get(language, ".")
    out = []
    for lesion in sorted(lesions, key=lambda m: m.number):
        size = scan_size_cm(lesion, image)
        if size is not None:
            out.append(words.format(n=lesion.number, length=cm_words(size[0], decimal),
                                    width=cm_words(size[1], decimal)))
    return out


NBSP = "\u00a0"


def image_html(caption: str, sentences: list[str]) -> str:
    """The caption (large) and the size sentences (bold, like a topic's summary; a size such
    as "4.7 × 4.3 cm" never breaks across lines): patient-facing text only."""
    text = f"<h1>{html.escape(caption)}</h1>" if caption else ""
    for sentence in sentences:
        sentence = html.escape(sentence).replace(" × ", NBSP + "×" + NBSP)
        sentence = sentence.replace(" cm", NBSP + "cm")
        text += f"<p><b>{sentence}</b></p>"
    return text


def topic_html(item: Item | None, fallback_title: str = "", fallback_text: str = "",
               config: Any = None, language: str = "en") -> str:
    """Patient-facing text only: title, summary, body and the safety sentences, with the
    clinic's numbers filled in. (No clinician note, by construction.)"""
    if item is None:
        if not fallback_title:
            return ""
        return (f"<h2>{html.escape(fallback_title)}</h2>"
                f"<p>{html.escape(fallback_text)}</p>")
    from desktop_app.model.contacts import fill_contacts

    def fill(text: str) -> str:
        return html.escape(fill_contacts(" ".join(text.split()), config, language))

    paras = [p.strip() for p in item.body.split("\n\n") if p.strip()]
    body = "".join(f"<p>{fill(p)}</p>" for p in paras)
    safety = "".join(f"<li><b>{fill(t)}</b></li>" for t in item.safety)
    return (f"<h2>{fill(item.title)}</h2>"
            f"<p><b>{fill(item.summary)}</b></p>{body}"
            + (f"<ul>{safety}</ul>" if safety else ""))


class PresentationWindow(QWidget):
    """The patient's view. ``content_for(lang)`` gives the ContentLibrary in that language."""

    closed = Signal()

    def __init__(self, document, atlas, content_for, parent=None, config: Any = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.config = config  # the clinic's numbers, filled into the content's {tokens}
        self.setObjectName("presentation_window")
        self.setWindowTitle("Presacral Consult — for the patient")
        self.setAccessibleName("Patient presentation")
        self.document = document
        self.atlas = atlas
        self.content_for = content_for
        self.topic_id: str | None = None
        self.structure_id: str | None = None
        self.point_size = BASE_TOPIC_PT
        self._scaling = False
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
        # the picture on the left: the diagram, or one of the patient's key images
        self.stage = QStackedWidget(objectName="presentation_stage")
        self.image_id = ""           # the key image shown ("" : the diagram)
        self.image_view = None       # made the first time an image is shown
        self.image_marks = None
        if atlas is not None:
            from desktop_app.diagram.annotations import AnnotationLayer
            from desktop_app.diagram.pane import DiagramPane

            self.pane = DiagramPane(document, atlas)
            self.pane.toolbar.hide()  # the surgeon drives; the patient only looks
            for act in self.pane.toolbar.actions():   # Ctrl +/- here size the text (below)
                act.setShortcuts([])
            self.pane.view.setInteractive(False)
            self.pane.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.marks = AnnotationLayer(document, self.pane.scene,
                                         view_name=document.consultation.view, parent=self)
            self.pane.viewChanged.connect(self.marks.set_view)
            # the drawing is fitted to its new size after this window's own resize: follow it
            self.pane.view.zoomChanged.connect(lambda _z: self._scale_labels())
            self.stage.addWidget(self.pane)
        split.addWidget(self.stage)
        self.stage.setVisible(self.pane is not None)
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
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Left / Right are the window's keys
        # the text wraps: a sideways scroll bar is never needed (it showed while the window
        # went from its first size to full screen)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.topic)
        scroll.viewport().setAutoFillBackground(True)
        self.topic.setAutoFillBackground(True)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.split = split
        # the disclaimer, always on the patient's screen too, in the patient's language
        self.disclaimer = QLabel(objectName="presentation_disclaimer")
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setMargin(12)
        self.disclaimer.setStyleSheet("color:#3d3d3d;")
        self.disclaimer.setAccessibleName("Disclaimer")
        layout.addWidget(self.disclaimer)
        self._apply_font()

        QShortcut(QKeySequence.StandardKey.ZoomIn, self, activated=lambda: self.scale_text(2))
        QShortcut(QKeySequence("Ctrl+="), self, activated=lambda: self.scale_text(2))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, activated=lambda: self.scale_text(-2))
        document.changed.connect(self._on_changed)
        self.refresh_topic()

    # ------------------------------------------------------------------ diagram / key images
    def shown_images(self) -> list[str]:
        """What Left / Right step through: the diagram ("") and then each key image."""
        return ([""] if self.pane is not None else []) + \
            [x.id for x in self.document.consultation.images]

    def showing_image(self) -> KeyImage | None:
        return self.document.consultation.image(self.image_id) if self.image_id else None

    def show_image(self, image_id: str) -> bool:
        """Show one of the patient's key images instead of the diagram (False: no such image)."""
        if not image_id or self.document.consultation.image(image_id) is None:
            return False
        self._ensure_image_view()
        self.image_id = image_id
        self.stage.setCurrentWidget(self.image_view)
        if self.stage.isHidden():       # (no diagram installed: the text had all the width)
            self.stage.show()
            self._share_width()
        self._share_width()
        self._show_image_now(fit=True)
        return True

    def show_diagram(self) -> None:
        """Back to the anatomy diagram and the current topic."""
        self.image_id = ""
        if self.image_marks is not None:
            self.image_marks.set_view(IMAGE_VIEW_PREFIX + "none")
        if self.pane is not None:
            self.stage.setCurrentWidget(self.pane)
        self.stage.setVisible(self.pane is not None)
        self._share_width()
        self.refresh_topic()

    def step(self, delta: int) -> None:
        """Left / Right: the previous / next of the diagram and the key images."""
        order = self.shown_images()
        if not order:
            return
        here = order.index(self.image_id) if self.image_id in order else 0
        target = order[max(0, min(len(order) - 1, here + delta))]
        if target != self.image_id:
            if target:
                self.show_image(target)
            else:
                self.show_diagram()

    def _ensure_image_view(self) -> None:
        if self.image_view is not None:
            return
        # made on first use: the image view is not needed for the diagram
        from desktop_app.diagram.annotations import AnnotationLayer
        from desktop_app.diagram.image_view import ImageView

        scene = QGraphicsScene(self)
        self.image_item = QGraphicsPixmapItem()
        self.image_item.setZValue(-1)
        self.image_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        scene.addItem(self.image_item)
        view = ImageView(scene)
        view.setObjectName("presentation_image")
        view.setAccessibleName("The patient's image")
        view.setInteractive(False)        # the surgeon marks on the Images tab
        view.setDragMode(QGraphicsView.DragMode.NoDrag)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.setFrameShape(QGraphicsView.Shape.NoFrame)
        font = view.font()                # the scale bar's "1 cm", readable across the room
        font.setPointSize(16)
        view.setFont(font)
        view.SCALE_MARGIN = 24
        self.image_view = view
        self.image_scene = scene
        self.image_marks = AnnotationLayer(self.document, scene,
                                           view_name=IMAGE_VIEW_PREFIX + "none", parent=self)
        self.stage.addWidget(view)

    def _show_image_now(self, fit: bool = False) -> None:
        """Picture (through its window), marks, caption and sizes of the shown image."""
        from desktop_app.diagram.image_view import qimage_for

        image = self.showing_image()
        if image is None:
            self.show_diagram()
            return
        self.image_item.setPixmap(QPixmap.fromImage(qimage_for(image)))
        rect = QRectF(0, 0, image.width, image.height)
        if fit or self.image_scene.sceneRect() != rect:
            self.image_scene.setSceneRect(rect)
            self.image_view.fit()
        self.image_view.set_spacing(image.column_spacing_mm if image.has_spacing else None)
        self.image_marks.set_view(image.view_name)
        self._image_text()

    def _image_text(self) -> None:
        from desktop_app.model.captions import caption_in

        image = self.showing_image()
        if image is None:
            return
        lang = self.document.consultation.language or "en"
        # the app's own caption follows the patient's language; the surgeon's is kept
        caption = caption_in(" ".join(image.caption.split()), image.modality, lang)
        lesions = self.document.consultation.marks_in(image.view_name)["lesions"]
        self.topic.setText(image_html(caption, scan_size_sentences(image, lesions, lang)))

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
            self._scale_labels()
        if self.image_view is not None:
            self.image_view.fit()

    # ------------------------------------------------------------------ text
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._share_width()

    def _share_width(self) -> None:
        """The diagram gets 60 % of the width and the text the rest; a scan gets the whole
        width, its caption and sizes in a band under it."""
        if self.stage.isHidden():
            return
        if self.image_id:
            self.split.setOrientation(Qt.Orientation.Vertical)
            height = self.split.height()
            text = int(height * SCAN_TEXT_SHARE)
            self.split.setSizes([height - text, text])
        else:
            self.split.setOrientation(Qt.Orientation.Horizontal)
            width = self.split.width()
            self.split.setSizes([int(width * 0.6), width - int(width * 0.6)])
            self._scale_labels()

    def label_screen_px(self) -> float:
        """How tall the drawing's label text is on screen now (px)."""
        if self.pane is None:
            return 0.0
        from desktop_app.diagram.scene import LABEL_PX

        return (self.pane.label_px or LABEL_PX) * self.pane.view.current_scale()

    def topic_px(self) -> float:
        return self.point_size * self.topic.logicalDpiY() / 72.0

    def _scale_labels(self) -> None:
        """Labels in proportion to the topic text (the fit shrinks a little as they grow,
        so twice)."""
        if self.pane is None or self.image_id or self._scaling or not self.pane.isVisible():
            return
        from desktop_app.diagram.scene import LABEL_PX

        self._scaling = True
        try:
            for _ in range(2):
                scale = self.pane.view.current_scale()
                units = LABEL_TO_TEXT * self.topic_px() / scale
                units = round(min(max(units, LABEL_PX), LABEL_PX * MAX_LABEL_GROWTH) * 2) / 2
                self.pane.set_label_size(units)
                if self.marks is not None:       # the marks' words grow alike
                    self.marks.set_text_scale(units / LABEL_PX)
            self.pane.place_labels()
        finally:
            self._scaling = False

    def scale_text(self, delta: int) -> None:
        self.point_size = max(MIN_PT, min(MAX_PT, self.point_size + delta))
        self._apply_font()

    def _apply_font(self) -> None:
        font = self.topic.font()
        font.setPointSize(self.point_size)
        self.topic.setFont(font)
        small = self.disclaimer.font()
        small.setPointSize(max(MIN_PT, round(self.point_size * 0.6)))
        self.disclaimer.setFont(small)
        self._scale_labels()

    def show_topic(self, item_id: str | None) -> None:
        """A topic (the surgeon opened it): shown with the diagram."""
        self.topic_id, self.structure_id = item_id, None
        if self.image_id:
            self.show_diagram()
        else:
            self.refresh_topic()

    def show_structure(self, structure_id: str) -> None:
        """A part of the drawing (the surgeon clicked it): shown with the diagram."""
        self.structure_id, self.topic_id = structure_id, None
        if self.image_id:
            self.show_diagram()
        else:
            self.refresh_topic()

    def refresh_topic(self) -> None:
        from desktop_app.model.notices import disclaimer

        self.disclaimer.setText(disclaimer(self.document.consultation.language or "en"))
        if self.image_id:                # the image's caption is shown instead
            self._image_text()
            return
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
        self.topic.setText(topic_html(item, config=self.config, language=lang))

    def _on_changed(self, kind: Change) -> None:
        if kind in (Change.FIELDS, Change.ALL):    # the patient language may have changed
            from desktop_app.model.notices import disclaimer

            self.disclaimer.setText(disclaimer(self.document.consultation.language or "en"))
        if self.image_id and kind in (Change.IMAGES, Change.ALL):
            # window/level or caption changed, or the image was removed / another file opened
            self._show_image_now()
        elif self.image_id and kind == Change.ANNOTATIONS:
            self._image_text()           # the marks follow by themselves; the sizes here
        elif kind in (Change.FIELDS, Change.ALL):  # the patient language may have changed
            self.refresh_topic()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        key = event.key()
        if key == Qt.Key.Key_Escape:  # Esc always leaves presentation mode
            self.close()
            return
        # Left / Right (and a presenter remote's Page Up / Down): diagram and key images
        if key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.step(-1)
            return
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown):
            self.step(+1)
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.closed.emit()
        super().closeEvent(event)
