"""Presentation mode: a patient-facing full-screen window on the second screen.

It shows the same consultation as the surgeon's window — the diagram with the live marks (its
own scene, kept in sync through the Document's change signal, so a mark appears there as soon
as it is drawn) and what the surgeon is explaining now, in large type, in the patient's
language. Clinician notes and sign-off states are never put into this window: its text is built
only from patient-facing fields (ui/presentation_text.py).

It can show one of the patient's own key images instead of the diagram: the picture through its
window/level, its marks live (a layer of its own on the image's marks, ``view ==
"image:<id>"``), the caption and, on a scan whose pixel size is known, each marked area's size
in plain words. A KeyImage holds no DICOM header fields at all, so none can reach this window.

The screen is laid out by hand (``_arrange``), not by a splitter: the drawing takes the larger
part of the screen, the text the rest at a size read from 2-3 m (a share of the screen's
height, shrunk only as far as ``FLOOR_SHARE`` to fit), the disclaimer a quiet footer at the
bottom edge. With nothing to say (the surgeon is on the patient's details) the drawing takes
the whole screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence, TypeVar

from PySide6.QtCore import QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (QColor, QGuiApplication, QKeySequence, QPainter, QPalette, QPixmap,
                           QScreen, QShortcut)
from PySide6.QtWidgets import (QFrame, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView,
                               QLabel, QScrollArea, QStackedWidget, QWidget)

from desktop_app.document import Change
from desktop_app.infra.qtnames import named
from desktop_app.model.consultation import IMAGE_VIEW_PREFIX, KeyImage
from desktop_app.ui.presentation_text import (image_html, scan_size_sentences, section_html,
                                              topic_html)

if TYPE_CHECKING:      # made when first needed
    from desktop_app.diagram.annotations import AnnotationLayer
    from desktop_app.diagram.image_view import ImageView
    from desktop_app.diagram.pane import DiagramPane

# text sizes as shares of the screen's height (1,080 px: 36 px text, at least 26 px when a
# long topic is shrunk to fit, a 22 px footer); Ctrl +/- scale them by ``ZOOM_STEP``
TEXT_SHARE = 1 / 30
FLOOR_SHARE = 1 / 42
FOOTER_SHARE = 1 / 50
MIN_FOOTER_PX = 12
ZOOM_STEP, MIN_ZOOM, MAX_ZOOM = 1.1, 0.6, 2.0
DRAWING_SHARE = 0.6          # of the width (landscape) or height (portrait), with text beside
WIDER_SHARES = (0.68, 0.64)  # ... more when the text fits beside it at its full size
SCAN_TEXT_MAX = 0.3          # of the height, at most, for a scan's caption under it
# the drawing's labels as painted: this share of the topic text's size
LABEL_TO_TEXT = 0.6
LABEL_STEP = 0.9            # smaller by this while a label is left out
PAGE, INK, QUIET = "#ffffff", "#1a1a1a", "#5a5a5a"
SCAN_BACKGROUND = "#1b1b1b"


S = TypeVar("S")


def choose_screen(screens: Sequence[S], current: S) -> S:
    """The screen the patient sees: another screen when there is one, else the current one."""
    others = [s for s in screens if s is not current]
    return others[0] if others else current


class PresentationWindow(QWidget):
    """The patient's view. ``content_for(lang)`` gives the ContentLibrary in that language."""

    closed = Signal()
    stepped = Signal(str)        # the keys moved to this item ("" : an image or the diagram)

    def __init__(self, document, atlas, content_for, parent=None, config: Any = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.config = config  # the clinic's numbers, filled into the content's {tokens}
        self.setObjectName("presentation_window")
        self.setWindowTitle("Presacral Consult — for the patient")
        self.setAccessibleName("Patient presentation")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.document = document
        self.atlas = atlas
        self.content_for = content_for
        self.topic_id: str | None = None
        self.structure_id: str | None = None
        self.section_key: str | None = None      # a section with no card open
        self.section_items: list[str] = []       # ... and the cards the surgeon has in view
        self.step_items: list[str] = []          # what the keys step through (the section's)
        self.zoom = 1.0
        self._scaling = False
        self._shown: tuple[str, str, str] | None = None    # what _set_text laid out last
        # a fixed light page, whatever the surgeon's theme: large dark text on white is what
        # reads best across a room (and the drawing is drawn for a light background)
        page = self.palette()
        for role, colour in ((QPalette.ColorRole.Window, PAGE), (QPalette.ColorRole.Base, PAGE),
                             (QPalette.ColorRole.WindowText, INK),
                             (QPalette.ColorRole.Text, INK)):
            page.setColor(role, QColor(colour))
        self.setPalette(page)
        self.setAutoFillBackground(True)
        # (the surgeon's window has a style sheet of its own, which reaches this child window:
        # the page's colours are said here again, where they win)
        self.setStyleSheet(
            f"QWidget#presentation_window {{ background: {PAGE}; }}"
            f"QScrollArea#presentation_text, QScrollArea#presentation_text > QWidget,"
            f"QLabel#presentation_topic {{ background: {PAGE}; color: {INK}; }}")

        self.pane: DiagramPane | None = None
        self.marks: AnnotationLayer | None = None
        # the picture: the diagram, or one of the patient's key images
        self.stage = named(QStackedWidget(self), "presentation_stage")
        self.image_id = ""           # the key image shown ("" : the diagram)
        self.image_view: ImageView | None = None    # made the first time an image is shown
        self.image_marks: AnnotationLayer | None = None
        if atlas is not None:
            from desktop_app.diagram.annotations import AnnotationLayer
            from desktop_app.diagram.pane import DiagramPane

            self.pane = DiagramPane(document, atlas)
            self.pane.toolbar.hide()  # the surgeon drives; the patient only looks
            for act in self.pane.toolbar.actions():   # Ctrl +/- here size the text (below)
                act.setShortcuts([])
            self.pane.view.setInteractive(False)
            self.pane.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.pane.view.setFrameShape(QFrame.Shape.NoFrame)
            self.marks = AnnotationLayer(document, self.pane.scene,
                                         view_name=document.consultation.view, parent=self)
            self.pane.viewChanged.connect(self.marks.set_view)
            # the marks of the view now shown: labels laid out again around them (a leader
            # had started under a lesion of the cross-section, laid out for the side view's)
            self.marks.synced.connect(self.pane.place_labels)
            from desktop_app.diagram.accessibility import install_diagram_accessibility
            install_diagram_accessibility(self.pane, self.marks)    # for a screen reader too
            # the drawing is fitted to its new size after this window's own resize: follow it
            self.pane.view.zoomChanged.connect(lambda _z: self._scale_labels())
            self.stage.addWidget(self.pane)
        self.stage.setVisible(self.pane is not None)

        self.topic = named(QLabel(), "presentation_topic")
        self.topic.setWordWrap(True)
        self.topic.setTextFormat(Qt.TextFormat.RichText)
        self.topic.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.topic.setAccessibleName("Current topic")
        self.text_box = named(QScrollArea(self), "presentation_text")
        self.text_box.setWidgetResizable(True)
        self.text_box.setFrameShape(QFrame.Shape.NoFrame)
        self.text_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys are the window's
        self.text_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text_box.setWidget(self.topic)
        self.text_box.viewport().setAutoFillBackground(True)
        self.topic.setAutoFillBackground(True)
        # the disclaimer, always on the patient's screen too, in the patient's language: a
        # quiet footer along the bottom edge
        self.disclaimer = named(QLabel(self), "presentation_disclaimer")
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.disclaimer.setStyleSheet(f"color:{QUIET};")
        self.disclaimer.setAccessibleName("Disclaimer")
        self.footer_top = 0          # y of the rule over the footer (painted)

        for shortcut, step in ((QShortcut(QKeySequence.StandardKey.ZoomIn, self), 1),
                               (QShortcut(QKeySequence("Ctrl+="), self), 1),
                               (QShortcut(QKeySequence.StandardKey.ZoomOut, self), -1),
                               (QShortcut(QKeySequence("Ctrl+0"), self), 0)):
            shortcut.activated.connect(lambda s=step: self.scale_text(s))
        document.changed.connect(self._on_changed)
        self.refresh_topic()

    # ------------------------------------------------------------------ diagram / key images
    def shown_images(self) -> list[str]:
        return [x.id for x in self.document.consultation.images]

    def showing_image(self) -> KeyImage | None:
        return self.document.consultation.image(self.image_id) if self.image_id else None

    def show_image(self, image_id: str) -> bool:
        """Show one of the patient's key images instead of the diagram (False: no such image)."""
        if not image_id or self.document.consultation.image(image_id) is None:
            return False
        view = self._ensure_image_view()
        self.image_id = image_id
        self.stage.setCurrentWidget(view)
        self.stage.show()
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
        self.refresh_topic()

    # ------------------------------------------------------------------ stepping (keys)
    def set_steps(self, item_ids: list[str]) -> None:
        """The items the keys step through (the cards of the surgeon's section)."""
        self.step_items = list(item_ids)

    def steps(self) -> list[tuple[str, str]]:
        """The section's items, then the patient's key images."""
        return ([("item", i) for i in self.step_items]
                + [("image", i) for i in self.shown_images()])

    def _here(self) -> tuple[str, str] | None:
        if self.image_id:
            return ("image", self.image_id)
        if self.topic_id and self.topic_id in self.step_items:
            return ("item", self.topic_id)
        return None

    def step(self, delta: int) -> None:
        """Next (+1) / previous (-1) step; from the first image back to what the diagram
        showed; from a part or a section's overview forward to the section's first card."""
        order = self.steps()
        here = self._here()
        if not order:
            return
        if here is None:                       # a part of the drawing, a section, nothing
            if delta > 0:
                self._go(order[0])
            return
        index = order.index(here)
        if here[0] == "image" and delta < 0 and \
                (index == 0 or order[index - 1][0] != "image"):
            self.show_diagram()                # back to the topic shown before the images
            self.stepped.emit("")
            return
        target = max(0, min(len(order) - 1, index + delta))
        if target != index:
            self._go(order[target])

    def step_to_end(self, last: bool) -> None:
        order = self.steps()
        if order:
            self._go(order[-1] if last else order[0])

    def _go(self, step: tuple[str, str]) -> None:
        kind, ident = step
        if kind == "image":
            self.show_image(ident)
            self.stepped.emit("")
        else:
            self.show_topic(ident)
            self.stepped.emit(ident)

    # ------------------------------------------------------------------ the key image
    def _ensure_image_view(self) -> ImageView:
        if self.image_view is not None:
            return self.image_view
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
        return view

    def _show_image_now(self, fit: bool = False) -> None:
        """Picture (through its window), marks, caption and sizes of the shown image."""
        from desktop_app.diagram.image_view import qimage_for

        image, view, marks = self.showing_image(), self.image_view, self.image_marks
        if image is None or view is None or marks is None:
            self.show_diagram()
            return
        self.image_item.setPixmap(QPixmap.fromImage(qimage_for(image)))
        rect = QRectF(0, 0, image.width, image.height)
        if fit or self.image_scene.sceneRect() != rect:
            self.image_scene.setSceneRect(rect)
        view.set_spacing(image.column_spacing_mm if image.has_spacing else None)
        marks.set_view(image.view_name)
        self._image_text()
        if fit:
            view.fit()

    def _image_text(self) -> None:
        from desktop_app.model.captions import caption_in

        image = self.showing_image()
        if image is None:
            return
        lang = self.document.consultation.language or "en"
        # the app's own caption follows the patient's language; the surgeon's is kept
        caption = caption_in(" ".join(image.caption.split()), image.modality, lang)
        c = self.document.consultation
        lesions = c.marks_in(image.view_name)["lesions"]
        self._set_text(image_html(caption, scan_size_sentences(image, lesions, lang, c.lesions)))

    # ------------------------------------------------------------------ screen
    def present(self) -> None:
        """Full screen on the second screen when there is one, else on the current one."""
        parent = self.parentWidget()
        current = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        screen = choose_screen(QGuiApplication.screens(), current)
        self.target_screen = screen
        if isinstance(screen, QScreen):
            self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self._arrange()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._arrange()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._arrange()

    def text_px(self) -> int:
        """The text's size before fitting: a share of the screen's height."""
        return max(12, round(self.height() * TEXT_SHARE * self.zoom))

    def floor_px(self) -> int:
        """The least it is shrunk to, to fit a long topic (then it scrolls)."""
        return max(11, round(self.height() * FLOOR_SHARE * self.zoom))

    def _arrange(self) -> None:
        """Place the picture, the text and the footer for this size of screen."""
        width, height = self.width(), self.height()
        if width <= 0 or height <= 0:
            return
        margin = max(12, round(height * 0.025))
        # the footer: small, quiet, along the bottom edge
        small = self.disclaimer.font()
        small.setPixelSize(max(MIN_FOOTER_PX, round(height * FOOTER_SHARE)))
        self.disclaimer.setFont(small)
        foot_h = self.disclaimer.heightForWidth(width - 2 * margin)
        foot_y = height - foot_h - margin // 2
        self.disclaimer.setGeometry(margin, foot_y, width - 2 * margin, foot_h)
        self.footer_top = foot_y - margin // 2
        body = QRect(0, 0, width, self.footer_top)
        has_text = bool(self.topic.text())
        stage = body
        text = QRect()
        if self.stage.isHidden():                           # no drawing installed
            text = body.adjusted(margin, margin, -margin, 0)
        elif self.image_id:
            # the scan over the whole width, its caption and sizes whole in a band under it
            band_w = width - 2 * margin
            band_h = self._fit(band_w, round(body.height() * SCAN_TEXT_MAX)) if has_text else 0
            stage = QRect(0, 0, width, body.height() - band_h - (margin if has_text else 0))
            text = QRect(margin, stage.bottom() + 1 + margin // 2, band_w, band_h)
        elif has_text and width >= height * 1.2:
            # the drawing as wide as the text allows at its full size (a short topic leaves
            # it more room), at least DRAWING_SHARE
            # (the text keeps twice the margin from the screen's right edge)
            share = next((k for k in WIDER_SHARES
                          if self._fits(round(width * (1 - k)) - 3 * margin,
                                        body.height() - 2 * margin)), DRAWING_SHARE)
            stage = QRect(0, 0, round(width * share), body.height())
            text = QRect(stage.right() + 1 + margin, margin,
                         width - stage.width() - 3 * margin, body.height() - 2 * margin)
        elif has_text:                                      # a portrait screen
            stage = QRect(0, 0, width, round(body.height() * DRAWING_SHARE))
            text = QRect(margin, stage.bottom() + 1 + margin, width - 2 * margin,
                         body.height() - stage.height() - margin)
        if not self.image_id and text.isValid():
            need = self._fit(text.width(), text.height())
            if self.stage.isVisible() and need < text.height():   # level with the drawing
                text.setTop(text.top() + (text.height() - need) // 2)
        self.stage.setGeometry(stage)
        self.text_box.setGeometry(text)
        self.text_box.setVisible(has_text and text.isValid())
        self.update()
        if self.pane is not None and not self.image_id and not self.stage.isHidden():
            # labels a margin from the edges; leaders seen from the chair (2 px at 1,080)
            self.pane.set_room_look(margin, max(1.5, height / 540))
            self.pane.fit()
            self._scale_labels()
            self._keep_marks_in_view()
        if self.image_view is not None and self.image_marks is not None and self.image_id:
            from desktop_app.diagram.items import BADGE_RADIUS

            # a mark's number about as tall as the caption's words
            self.image_marks.set_text_scale(max(1.0, 0.6 * self.topic_px() / BADGE_RADIUS))
            # a scale bar seen from the chair: 1 cm only when that is a tenth of the height
            # (else 5 cm), so a larger screen never shows a smaller bar
            self.image_view.min_bar_px = max(40, round(height * 0.1))
            self.image_view.fit()

    def _fits(self, box_width: int, box_height: int) -> bool:
        """Whether the text fits this box at its full size."""
        font = self.topic.font()
        font.setPixelSize(self.text_px())
        self.topic.setFont(font)
        return self.topic.heightForWidth(box_width) <= box_height

    def _fit(self, box_width: int, box_height: int) -> int:
        """The largest text size from ``text_px`` down to ``floor_px`` at which the text fits
        the box; returns the text's height at that size."""
        font = self.topic.font()
        px = self.text_px()
        while True:
            font.setPixelSize(px)
            self.topic.setFont(font)
            need = self.topic.heightForWidth(box_width)
            if need <= box_height or px <= self.floor_px():
                break
            px -= 1
        self.text_box.verticalScrollBar().setValue(0)
        return min(need, box_height) if box_height > 0 else need

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if self.footer_top > 0:                 # a hairline over the footer
            p = QPainter(self)
            margin = max(12, round(self.height() * 0.025))
            # one whole px row under the picture (a line would bleed half a row into it at a
            # device ratio of 2, showing only in the gap beside the text)
            p.fillRect(QRect(margin, self.footer_top, self.width() - 2 * margin, 1),
                       QColor("#d8d8d8"))
            p.end()

    def _keep_marks_in_view(self) -> None:
        """The fit frames the drawing and its labels; a mark drawn beyond them (a note under
        the drawing) would be cut off at the screen's edge: then frame them all."""
        if self.marks is None or self.pane is None:
            return
        view = self.pane.view
        want = view.content_rect()
        for item in self.marks.items.values():
            if item.isVisible():
                want = want.united(item.sceneBoundingRect())
        if not view.visible_scene_rect().contains(want):
            view.fitInView(want.adjusted(-6, -6, 6, 6), Qt.AspectRatioMode.KeepAspectRatio)
            view._fit_scale = view.current_scale()      # this is the fitted zoom now

    def label_screen_px(self) -> float:
        """How tall the drawing's label text is on screen now (px)."""
        if self.pane is None:
            return 0.0
        return self.pane.label_px_on_screen()

    def drawing_rect(self) -> QRect:
        """Where the anatomy drawing itself (its viewBox, without the labels) is on this
        window (empty while an image is shown)."""
        if self.pane is None or self.image_id or self.pane.drawing is None:
            return QRect()
        x, y, w, h = self.pane.drawing.viewbox
        view = self.pane.view
        poly = view.mapFromScene(QRectF(x, y, w, h))
        rect = poly.boundingRect().translated(view.viewport().mapTo(self, QPoint(0, 0)))
        return rect.intersected(self.rect())

    def topic_px(self) -> float:
        px = self.topic.font().pixelSize()
        return float(px if px > 0 else self.text_px())

    def _scale_labels(self) -> None:
        """Labels painted at ``LABEL_TO_TEXT`` of the topic text's size (never below the
        surgeon's own size for this frame): the fit plans the drawing around labels of that
        screen size, and the marks' words grow alike. When the layout has to leave a label out
        (crowded marks beside very large text), the labels step down by ``LABEL_STEP`` until
        every one is shown or they are at the surgeon's size."""
        if self.pane is None or self.image_id or self._scaling or not self.pane.isVisible():
            return
        from desktop_app.diagram.pane import screen_label_px

        self._scaling = True
        try:
            port = self.pane.view.viewport()
            floor = screen_label_px(port.width(), port.height())
            px = max(LABEL_TO_TEXT * self.topic_px(), floor)
            while self.labels_at(px) and px > floor:
                px = max(floor, px * LABEL_STEP)
        finally:
            self._scaling = False

    def labels_at(self, px: float) -> list[str]:
        """Lay the drawing out with labels (and the marks' words) of ``px`` on screen;
        returns the structures whose label had to be left out."""
        from desktop_app.diagram.scene import LABEL_PX

        pane = self.pane
        if pane is None:          # no drawing installed: no labels to lay out
            return []
        # the refit below announces a new zoom: not a cue to size the labels again here
        was, self._scaling = self._scaling, True
        try:
            pane.set_label_screen_px(px)
            if self.marks is not None and pane.plan is not None:
                self.marks.set_text_scale(pane.plan.em / LABEL_PX)
            pane.place_labels()
        finally:
            self._scaling = was
        return pane.labels_left_out()

    def scale_text(self, steps: int) -> None:
        """Ctrl +/-: larger / smaller text (0: back to the screen's own size)."""
        if steps == 0:
            self.zoom = 1.0
        else:
            self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, self.zoom * ZOOM_STEP ** steps))
        self._arrange()

    # ------------------------------------------------------------------ what is shown
    def show_topic(self, item_id: str | None) -> None:
        """A topic (the surgeon opened its card): shown with the diagram."""
        self.topic_id, self.structure_id, self.section_key = item_id, None, None
        self._show_on_diagram()

    def show_structure(self, structure_id: str) -> None:
        """A part of the drawing (the surgeon clicked it): shown with the diagram."""
        self.structure_id, self.topic_id, self.section_key = structure_id, None, None
        self._show_on_diagram()

    def show_section(self, key: str, item_ids: list[str]) -> None:
        """A section with no card open: its title and the cards in the surgeon's view."""
        self.section_key, self.section_items = key, list(item_ids)
        self.topic_id = self.structure_id = None
        self._show_on_diagram()

    def show_nothing(self) -> None:
        """The drawing alone (the surgeon is on a page that is not for the patient)."""
        self.topic_id = self.structure_id = self.section_key = None
        self._show_on_diagram()

    def _show_on_diagram(self) -> None:
        if self.image_id:
            self.show_diagram()
        else:
            self.refresh_topic()

    def _set_text(self, text: str) -> None:
        """Show ``text`` and lay the screen out for it (not again for the same words: the
        surgeon's scrolling asks often)."""
        shown = (text, self.disclaimer.text(), self.image_id)
        if shown == self._shown:
            return
        self._shown = shown
        if text != self.topic.text():
            self.topic.setText(text)
        self._arrange()

    def refresh_topic(self) -> None:
        from desktop_app.model.notices import disclaimer

        lang = self.document.consultation.language or "en"
        self.disclaimer.setText(disclaimer(lang))
        if self.image_id:                # the image's caption is shown instead
            self._image_text()
            return
        self._set_text(self._diagram_text(lang))

    def _diagram_text(self, lang: str) -> str:
        library = self.content_for(lang)
        if self.structure_id and self.atlas is not None:
            try:
                s = self.atlas.structure(self.structure_id)
            except KeyError:
                s = None
            if s is not None:
                import html

                linked = library.item(s.topic) if s.topic else None
                text = topic_html(None, s.lay(lang).capitalize(), s.description(lang))
                if linked is not None:
                    text += f"<p>{html.escape(linked.summary, quote=False)}</p>"
                return text
        if self.section_key:
            topic = library.topic(self.section_key)
            items = [library.item(i) for i in self.section_items]
            return section_html(topic.title if topic else "", [i for i in items if i],
                                self.config, lang)
        item = library.item(self.topic_id) if self.topic_id else None
        return topic_html(item, config=self.config, language=lang)

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
        """Esc leaves; Right / Page Down / Space the next step, Left / Page Up / Backspace
        the previous (a presenter remote sends Page Up / Down); Home / End the first / last."""
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace):
            self.step(-1)
            return
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space):
            self.step(+1)
            return
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self.step_to_end(key == Qt.Key.Key_End)
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.closed.emit()
        super().closeEvent(event)
