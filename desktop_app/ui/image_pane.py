"""The Images tab: the patient's own key images beside the diagram — the list, import (file,
drop, paste), caption, window/level, and the drawing tools on the shown image.

The picture and its zoom are :mod:`diagram.image_view`; its marks, the diagram's annotation
tools on a controller that follows the image (:mod:`diagram.image_annotations`, stored with
``view = "image:<id>"``); its undo commands, :mod:`diagram.image_commands`. Every edit is an
undo command on the document. DICOM header identity fields never reach this pane (see
:mod:`model.images`).

When the scan says how big its pixels are (DICOM pixel spacing), the selected lesion's size
is shown in centimetres under the image and a 1 cm (or 5 cm) scale bar is drawn on the view;
a screenshot has no scale, and the pane says so.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QFont, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (QComboBox, QFileDialog, QGraphicsPixmapItem, QGraphicsScene,
                               QGraphicsView, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMessageBox, QPushButton, QSlider,
                               QStackedWidget, QVBoxLayout, QWidget)

from desktop_app.diagram.image_annotations import ImageAnnotationController
from desktop_app.diagram.image_commands import AddImage, RemoveImage, SetWindow
from desktop_app.diagram.image_view import ImageView, qimage_for
from desktop_app.model.plaintext import strip_bidi
from desktop_app.document import Change
from desktop_app.infra.qtnames import named
from desktop_app.model import images as image_model
from desktop_app.model import lesions as lesion_rules
from desktop_app.model.consultation import IMAGE_VIEW_PREFIX, KeyImage
from desktop_app.ui.flow_layout import FlowLayout
from desktop_app.ui.image_texts import (BURNED_IN_NOTE, NO_SCALE, default_caption,
                                        lesion_size_text)

log = logging.getLogger("presacral.images")

EMPTY_HTML = ("<p style='font-size:large'><b>No images for this visit yet</b></p>"
              "<p>Click <b>Open patient scans…</b> to browse the patient's CD, USB stick or "
              "folder, or drop the CD's folder here.</p>"
              "<p>Or click <b>Import image…</b> for a key slice of the MRI or CT (DICOM) or a "
              "screenshot from the hospital viewer, to show and mark it beside the drawing.</p>"
              f"<p>{html.escape(BURNED_IN_NOTE, quote=False)}</p>")

FILE_FILTER = ("Images (*.dcm *.DCM *.dicom *.png *.PNG *.jpg *.jpeg *.JPG *.JPEG *.ima *.IMA);;"
               "All files (*)")
_KINDS = {"png": "PNG", "jpeg": "JPEG", "dicom-gray16": "DICOM"}


# ---------------------------------------------------------------------------- the pane
class ImagePane(QWidget):
    """List of key images, the selected one with window/level, and the drawing tools."""

    imageShown = Signal(str)      # id of the image now shown ("" for none)
    scansDropped = Signal(str)    # a folder dropped on the tab: open it as patient scans
    scansRequested = Signal()     # "Open patient scans…": choose a CD or folder

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("image_pane")
        self.document = document
        self.current_id = ""
        self._updating = False

        self.scene = QGraphicsScene(self)
        self.pixmap_item = QGraphicsPixmapItem()
        self.pixmap_item.setZValue(-1)
        self.pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.pixmap_item)
        self.view = ImageView(self.scene)

        from desktop_app.diagram.annotation_toolbar import AnnotationToolbar

        self.ctl = ImageAnnotationController(document, self.view, None,
                                             view_name=IMAGE_VIEW_PREFIX + "none", parent=self)
        self.toolbar = AnnotationToolbar(self.ctl, shortcut_scope=self, parent=self)

        # left: the list and its buttons
        self.list = named(QListWidget(), "image_list")
        self.list.setAccessibleName("Key images of this visit")
        self.import_button = named(QPushButton("Import image…"), "image_import")
        self.import_button.setToolTip("Add a key MRI / CT slice (DICOM) or a PNG / JPEG "
                                      "screenshot from the hospital viewer")
        self.scans_button = named(QPushButton("Open patient scans…"), "image_open_scans")
        self.scans_button.setToolTip("Browse the patient's CD, USB stick or folder of scans "
                                     "and keep a slice")
        # the first step, drawn prominent (ui/look.py); always, so no button moves when the
        # first image arrives
        self.scans_button.setProperty("role", "primary")
        self.paste_button = named(QPushButton("Paste image"), "image_paste")
        self.paste_button.setToolTip("Add a picture copied from the hospital viewer "
                                     "(Ctrl+V here)")
        self.remove_button = named(QPushButton("Remove"), "image_remove")
        self.caption = named(QLineEdit(), "image_caption")
        self.caption.setPlaceholderText("Caption for the patient, e.g. Your MRI scan, side view")
        self.caption.setAccessibleName("Caption shown to the patient")
        self.info = named(QLabel(), "image_info")
        self.info.setWordWrap(True)
        self.size_label = named(QLabel(), "image_size")
        self.size_label.setWordWrap(True)
        self.size_label.setAccessibleName("Size of the selected lesion")
        self.size_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        size_font = QFont(self.size_label.font())
        size_font.setPointSizeF(size_font.pointSizeF() * 1.15)
        self.size_label.setFont(size_font)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        # the list and its controls above the picture, across the whole width: nothing beside
        # the picture changes width when an image is imported or another one shown (a list
        # beside it jumped between widths, and the next click landed on "Import image…")
        self.list.setFixedHeight(3 * self.list.fontMetrics().lineSpacing() + 14)
        self.info.setWordWrap(False)
        # the buttons wrap onto a second row in a narrow column, each with its whole text
        buttons = FlowLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.scans_button)
        buttons.addWidget(self.paste_button)
        buttons.add_stretch()
        buttons.addWidget(self.remove_button)
        self.button_row = named(QWidget(), "image_buttons")
        self.button_row.setLayout(buttons)
        caption_row = QHBoxLayout()
        caption_row.setContentsMargins(0, 0, 0, 0)
        caption_row.addWidget(QLabel("Caption:"))
        caption_row.addWidget(self.caption, 1)

        # window / level row (DICOM only)
        self.presets = named(QComboBox(), "image_preset")
        self.presets.addItem("Preset…")
        self.presets.addItems(list(image_model.PRESETS))
        self.center_slider = named(QSlider(Qt.Orientation.Horizontal), "image_center")
        self.width_slider = named(QSlider(Qt.Orientation.Horizontal), "image_width")
        self.center_slider.setAccessibleName("Brightness (window center)")
        self.width_slider.setAccessibleName("Contrast (window width)")
        self.wl_label = named(QLabel(), "image_wl")
        self.wl_label.setMinimumWidth(self.wl_label.fontMetrics().horizontalAdvance(
            "-00000 / 00000") + 8)
        for slider in (self.center_slider, self.width_slider):
            slider.setMinimumWidth(60)
        # two lines: on one, the preset and the values were cut off in a narrow column
        self.wl_row = QWidget()
        wl = QGridLayout(self.wl_row)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addWidget(QLabel("Level"), 0, 0)
        wl.addWidget(self.center_slider, 0, 1)
        wl.addWidget(QLabel("Window"), 0, 2)
        wl.addWidget(self.width_slider, 0, 3)
        wl.addWidget(self.presets, 1, 0, 1, 2)
        wl.addWidget(self.wl_label, 1, 2, 1, 2)
        wl.setColumnStretch(1, 1)
        wl.setColumnStretch(3, 1)

        # no image yet: one calm, centred message under the buttons (the list, caption and
        # drawing tools are hidden, not greyed, so the tab does not look broken)
        self.empty = named(QLabel(EMPTY_HTML), "image_empty")
        self.empty.setTextFormat(Qt.TextFormat.RichText)    # our own words only
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(24)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self.button_row)
        layout.addWidget(self.list)
        self.caption_row = named(QWidget(), "image_caption_row")
        self.caption_row.setLayout(caption_row)
        layout.addWidget(self.caption_row)
        layout.addWidget(self.info)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.size_label)
        layout.addWidget(self.wl_row)

        self.import_button.clicked.connect(self.import_dialog)
        self.scans_button.clicked.connect(self.scansRequested)
        self.paste_button.clicked.connect(self.paste_clipboard)
        paste = named(QAction("Paste image", self), "image_paste_action")
        paste.setShortcut(QKeySequence.StandardKey.Paste)
        paste.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.triggered.connect(self.paste_clipboard)
        self.list.addAction(paste)
        self.view.addAction(paste)
        self.setAcceptDrops(True)
        self.remove_button.clicked.connect(self.remove_current)
        self.list.currentRowChanged.connect(self._on_row)
        self.caption.editingFinished.connect(self._commit_caption)
        self.center_slider.valueChanged.connect(self._on_slider)
        self.width_slider.valueChanged.connect(self._on_slider)
        self.presets.activated.connect(self._on_preset)
        self.ctl.lesionActivated.connect(self.lesion_dialog)
        self.ctl.toolChanged.connect(self._on_tool)
        self.ctl.selectionChanged.connect(self._update_size)
        # while a lesion is drawn or resized the preview changes, not the model: follow it
        self.scene.changed.connect(self._follow_preview)
        document.changed.connect(self._on_changed)
        self.refresh()

    def _on_tool(self, name: str) -> None:
        """Dragging the background pans only with Select; drawing tools keep their cursor."""
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag if name == "select"
                              else QGraphicsView.DragMode.NoDrag)
        tool = self.ctl.tools.get(name)
        if tool is not None and tool.cursor is not None:
            self.view.viewport().setCursor(tool.cursor)

    # ------------------------------------------------------------------ state
    @property
    def consultation(self):
        return self.document.consultation

    def current_image(self) -> KeyImage | None:
        return self.consultation.image(self.current_id) if self.current_id else None

    def _on_changed(self, kind: Change) -> None:
        if kind in (Change.IMAGES, Change.ALL):
            self.refresh()
        elif kind == Change.ANNOTATIONS:
            self._update_size()

    # ------------------------------------------------------------------ size
    def size_text(self, preview=None) -> str:
        """What the size line under the image says (``preview``: a lesion being drawn or
        resized, not yet in the model)."""
        image = self.current_image()
        if image is None:
            return ""
        if not image.has_spacing:
            return NO_SCALE
        lesion = preview or self.ctl.selected_lesion()
        if lesion is not None and (preview or lesion.view == image.view_name):
            return lesion_size_text(lesion, image)
        if len(self.ctl.selected_ids()) > 1:
            return "Select one lesion to see its size."
        if self.consultation.marks_in(image.view_name)["lesions"]:
            return "Click a lesion to see its size."
        return "Draw a lesion on the scan to see its size."

    def _update_size(self, *_args, preview=None) -> None:
        text = self.size_text(preview)
        if text != self.size_label.text():
            self.size_label.setText(text)
        self.size_label.setVisible(bool(text))

    def _preview_lesion(self):
        """The lesion outline being dragged right now (as a Lesion), or None."""
        from desktop_app.model.consultation import Lesion

        tool = self.ctl.tool
        item = None
        if tool.name == "lesion":
            item = getattr(tool, "preview", None)
        elif tool.name == "select" and getattr(tool, "mode", "") in ("resize", "rotate"):
            item = getattr(tool, "lesion", None)
        if item is None:
            return None
        cx, cy, rx, ry, rotation = item.geometry()
        number = item.number if tool.name == "select" else lesion_rules.first_free_number(
            self.consultation.lesions, self.ctl.view_name)
        return Lesion(id="preview", view=self.ctl.view_name, number=number, cx=cx, cy=cy,
                      rx=rx, ry=ry, rotation=rotation)

    def _follow_preview(self, _regions=None) -> None:
        image = self.current_image()
        if image is None or not image.has_spacing:
            return
        preview = self._preview_lesion()
        if preview is not None:
            self._update_size(preview=preview)

    def refresh(self) -> None:
        """Follow the model: the list, the shown image, its window and caption."""
        images = self.consultation.images
        self._updating = True
        try:
            self.list.clear()
            for image in images:
                item = QListWidgetItem(image.caption or default_caption(
                    image, self.consultation.language))
                item.setData(Qt.ItemDataRole.UserRole, image.id)
                item.setToolTip(f"{_KINDS.get(image.kind, image.kind)}, "
                                f"{image.width} × {image.height} pixels")
                self.list.addItem(item)
            ids = [x.id for x in images]
            if self.current_id not in ids:
                self.current_id = ids[-1] if ids else ""
            if self.current_id:
                self.list.setCurrentRow(ids.index(self.current_id))
        finally:
            self._updating = False
        self._show_current()

    def show_image(self, image_id: str) -> None:
        if image_id != self.current_id and self.consultation.image(image_id) is not None:
            self.current_id = image_id
            self.refresh()

    def _on_row(self, row: int) -> None:
        if self._updating or row < 0:
            return
        item = self.list.item(row)
        self.show_image(item.data(Qt.ItemDataRole.UserRole))

    def _show_current(self) -> None:
        image = self.current_image()
        has = image is not None
        self.stack.setCurrentWidget(self.view if has else self.empty)
        self.toolbar.setEnabled(has)
        for widget in (self.list, self.caption_row, self.info, self.toolbar):
            widget.setVisible(has)
        if not has:
            self.size_label.setVisible(False)
        self.remove_button.setVisible(has)
        self.ctl.enabled = has
        self.remove_button.setEnabled(has)
        self.caption.setEnabled(has)
        if image is None:
            self.wl_row.setVisible(False)
            self.view.set_spacing(None)
            self.ctl.px_per_cm = None
            self.ctl.set_view(IMAGE_VIEW_PREFIX + "none")
            self.pixmap_item.setPixmap(QPixmap())
            self.info.setText("")
            self.caption.setText("")
            self._update_size()
            self.imageShown.emit("")
            return
        self.wl_row.setVisible(image.is_dicom)
        spacing = image.has_spacing
        self.view.set_spacing(image.column_spacing_mm if spacing else None)
        self.ctl.px_per_cm = lesion_rules.scan_px_per_cm(image)
        new_view = image.view_name != self.ctl.view_name
        if not self.caption.hasFocus() or new_view:
            self.caption.setText(image.caption)
        info = f"{_KINDS.get(image.kind, image.kind)} · {image.width} × {image.height} pixels"
        if spacing:
            info += (f" · Pixels {image.column_spacing_mm:.2g} × "
                     f"{image.row_spacing_mm:.2g} mm")
        self.info.setText(info)
        self._render(image)
        rect = QRectF(0, 0, image.width, image.height)
        if new_view:
            self.scene.setSceneRect(rect)
            self.ctl.set_view(image.view_name)
            self.view.fit()
        if image.is_dicom:
            self._sync_sliders(image)
        self._update_size()
        self.imageShown.emit(image.id)

    def _render(self, image: KeyImage) -> None:
        qimg = qimage_for(image)
        if qimg.isNull():
            self.info.setText("This image could not be displayed.")
        self.pixmap_item.setPixmap(QPixmap.fromImage(qimg))

    # ------------------------------------------------------------------ window / level
    def _sync_sliders(self, image: KeyImage) -> None:
        lo, hi = image_model.value_range(image)
        span = max(1.0, hi - lo)
        self._updating = True
        try:
            self.center_slider.setRange(int(lo - span), int(hi + span))
            self.width_slider.setRange(1, int(max(4 * span, 2000)))
            self.center_slider.setValue(int(round(image.window_center or 0)))
            self.width_slider.setValue(int(round(image.window_width or 1)))
        finally:
            self._updating = False
        self.wl_label.setText(f"{image.window_center:g} / {image.window_width:g}")

    def set_window(self, center: float, width: float) -> None:
        image = self.current_image()
        if image is None or not image.is_dicom:
            return
        if (image.window_center, image.window_width) == (float(center), float(width)):
            return
        self.document.push(SetWindow(self.document, image.id, center, max(1.0, width)))

    def _on_slider(self, _value: int) -> None:
        if not self._updating:
            self.set_window(self.center_slider.value(), self.width_slider.value())

    def apply_preset(self, name: str) -> None:
        image = self.current_image()
        if image is not None and image.is_dicom:
            self.set_window(*image_model.preset(image, name))

    def _on_preset(self, index: int) -> None:
        if index > 0:
            self.apply_preset(self.presets.itemText(index))
        self.presets.setCurrentIndex(0)

    # ------------------------------------------------------------------ edits
    def _commit_caption(self) -> None:
        image = self.current_image()
        text = " ".join(self.caption.text().split())[:200]
        if image is not None and text != image.caption:
            image_id = image.id
            self.document.set_value(lambda c: c.image(image_id), "caption", text,
                                    "Edit image caption", kind=Change.IMAGES)

    def set_lesion_details(self, lesion_id: str, number: int, label: str) -> bool:
        """Number and label of a lesion on the image (one undo step). Taking the number of a
        lesion on the drawing also takes its colour, so both read as the same lesion."""
        from desktop_app.diagram.commands import EditLesionProperties

        lesion = self.ctl.lesion(lesion_id)
        if lesion is None:
            return False
        label = " ".join(label.split())[:500]
        changes = {}
        if number != lesion.number:
            changes.update(lesion_rules.renumbered_on_image(self.consultation.lesions, number))
        if label != lesion.label:
            changes["label"] = label
        if not changes:
            return False
        return self.ctl.push(EditLesionProperties(self.document, lesion_id, **changes))

    def lesion_dialog(self, lesion_id: str) -> None:
        """Double-click on a lesion of the image: its number and label."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QSpinBox

        lesion = self.ctl.lesion(lesion_id)
        if lesion is None:
            return
        dialog = QDialog(self)
        dialog.setObjectName("image_lesion_dialog")
        dialog.setWindowTitle(f"Lesion {lesion.number} on this image")
        form = QFormLayout(dialog)
        number = named(QSpinBox(), "image_lesion_number")
        number.setRange(1, 999)
        number.setValue(lesion.number)
        number.setToolTip("Use the number of the same lesion on the drawing")
        label = named(QLineEdit(lesion.label), "image_lesion_label")
        form.addRow("Number", number)
        form.addRow("Label", label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec():
            self.set_lesion_details(lesion_id, number.value(), label.text())

    def remove_current(self) -> None:
        if self.current_image() is not None:
            self.document.push(RemoveImage(self.document, self.current_id))

    def import_path(self, path: str | Path, caption: str = "") -> str:
        """Import one file; returns "" on success, else the one-sentence reason (nothing
        changed). The reason names the file, never anything read from it. A file holding
        several images (multi-frame DICOM) opens in the series browser to pick one."""
        from desktop_app.model.scans import frames_in_file

        if frames_in_file(path) > 1:
            self.scansDropped.emit(str(path))
            return ""
        return self._add(lambda: image_model.import_image(path), Path(path).name, caption)

    def _import_data(self, data: bytes, name: str, caption: str = "") -> str:
        return self._add(lambda: image_model.import_bytes(data, name), name, caption)

    def _add(self, read, name: str, caption: str) -> str:
        """Read an image with ``read()``, check the limits, add it as one undo step."""
        try:
            image = read()
            image_model.check_can_add(self.consultation, image, name)
        except image_model.ImageError as exc:
            log.info("image import refused (%s)", type(exc).__name__)
            return str(exc)
        image.caption = strip_bidi(caption) or default_caption(image, self.consultation.language)
        self.document.push(AddImage(self.document, image))
        self.show_image(image.id)
        log.info("image added: %s %dx%d", image.kind, image.width, image.height)
        return ""

    def paste_image(self, picture: QImage) -> str:
        """Add a picture (e.g. a screenshot copied from the hospital viewer) as a PNG."""
        if picture.isNull():
            return "There is no picture on the clipboard; copy the image in your viewer first."
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QBuffer.OpenModeFlag.WriteOnly)
        # the stubs type the format as bytes, but PySide6 takes it as str (bytes: ValueError)
        picture.save(buffer, "PNG")  # type: ignore[call-overload]
        buffer.close()
        return self._import_data(bytes(data.data()), "the pasted picture")

    def paste_clipboard(self) -> None:
        from PySide6.QtWidgets import QApplication

        problem = self.paste_image(QApplication.clipboard().image())
        if problem:
            QMessageBox.warning(self, "Image not added", problem)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Files dropped from the file manager (or a picture from a viewer) are imported."""
        mime = event.mimeData()
        problems = []
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        folders = [p for p in paths if Path(p).is_dir()]
        for folder in folders[:1]:      # a CD or a folder of scans: the series browser
            self.scansDropped.emit(folder)
        paths = [p for p in paths if p not in folders]
        for path in paths:
            problem = self.import_path(path)
            if problem:
                problems.append(problem)
        if not paths and mime.hasImage():
            problem = self.paste_image(QImage(mime.imageData()))
            if problem:
                problems.append(problem)
        event.acceptProposedAction()
        self.last_drop_problems = problems
        if problems:
            QMessageBox.warning(self, "Image not imported", "\n".join(problems))

    def import_dialog(self) -> None:
        dialog = QFileDialog(self, "Import a key image")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(FILE_FILTER)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        note = QLabel(BURNED_IN_NOTE, dialog)
        note.setObjectName("burned_in_note")
        note.setWordWrap(True)
        grid = dialog.layout()
        if isinstance(grid, QGridLayout):
            grid.addWidget(note, grid.rowCount(), 0, 1, -1)
        if not dialog.exec():
            return
        for path in dialog.selectedFiles():
            problem = self.import_path(path)
            if problem:
                QMessageBox.warning(self, "Image not imported", problem)
