"""Properties of the selected lesion marker, and the S3 approach aid.

Shows the lesion selected on the diagram (or chosen in the list at the top). Every change is an
undo command on the model; the panel then redraws from the model, like the diagram does.

* number and label; appearance on imaging (cystic / solid / mixed / unknown);
* size in cm (length × width, typed from the scan report): the marker takes that size using the
  drawing's px-per-cm scale;
* suspected type, from the "tumour_types" content (grouped) or in free text;
* the approach aid: what the S3 rule suggests and why, which the surgeon confirms or overrides.
  Saved with the lesion. A discussion aid, never an instruction.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (QAction, QColor, QFont, QIcon, QPainter, QPixmap, QStandardItem,
                           QStandardItemModel)
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QFrame, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QMenu, QPushButton, QScrollArea,
                               QSizePolicy,
                               QSpinBox, QStackedWidget, QStyle, QStyledItemDelegate,
                               QStyleOptionComboBox, QStylePainter, QVBoxLayout, QWidget)

try:
    from shiboken6 import isValid as _alive
except ImportError:  # pragma: no cover
    def _alive(arg__1: object) -> bool:  # the same signature as shiboken's
        return True

from desktop_app.diagram.commands import EditLesionProperties, SetLesionSize
from desktop_app.diagram.palette import text_on
from desktop_app.document import Change
from desktop_app.infra.qtnames import named
from desktop_app.model import lesions as lesion_rules
from desktop_app.model.consultation import IMAGE_VIEW_PREFIX
from desktop_app.ui import theme

APPEARANCES = (("unknown", "Not known yet"), ("cystic", "Cystic (fluid-filled)"),
               ("solid", "Solid"), ("mixed", "Mixed (cystic and solid)"))
APPROACH_NAMES = {
    "posterior": "Posterior approach (from behind)",
    "anterior": "Anterior approach (abdominal)",
    "combined": "Combined approach (abdominal and from behind)",
}
GROUP_NAMES = {"congenital": "Congenital", "neurogenic": "Nerve (neurogenic)",
               "osseous": "Bone (osseous)", "other": "Other"}
OTHER = "__other__"
PANEL_WIDTH = (250, 300)   # px, least and most: the form wraps its long rows


INDENT_ROLE = Qt.ItemDataRole.UserRole + 1    # how many steps a list entry is indented
INDENT_PX = 18
ROW_PADDING = 6


class IndentDelegate(QStyledItemDelegate):
    """Draws an entry ``INDENT_ROLE`` steps in from the left (a group's members under their
    heading)."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt API
        super().initStyleOption(option, index)
        level = index.data(INDENT_ROLE) or 0
        if level:
            option.rect.adjust(INDENT_PX * int(level), 0, 0, 0)

    def sizeHint(self, option, index):  # noqa: N802 - Qt API
        size = super().sizeHint(option, index)
        size.setWidth(size.width() + INDENT_PX * int(index.data(INDENT_ROLE) or 0))
        size.setHeight(size.height() + ROW_PADDING)   # rows as roomy as a menu's
        return size


def badge_icon(number: int, colour: str, size: int = 28) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QColor("#FFFFFF"))
    p.setBrush(QColor(colour))
    p.drawEllipse(1, 1, size - 2, size - 2)
    f = QFont()
    f.setBold(True)
    f.setPixelSize(int(size * 0.5))
    p.setFont(f)
    p.setPen(QColor(text_on(colour)))
    p.drawText(pm.rect(), Qt.AlignmentFlag.AlignCenter, str(number))
    p.end()
    return QIcon(pm)


NBSP = "\u00a0"


def _together(size: str) -> str:
    """"3.0 × 2.2" + " cm", never broken inside (the unit alone on a line read as a fault)."""
    return (size + " cm").replace(" ", NBSP)


class ElidingComboBox(QComboBox):
    """A combo box whose closed face ends a too-long entry in "…" (the list shows it whole)."""

    def shown_text(self) -> str:
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        room = field.width() - (opt.iconSize.width() + 4 if not opt.currentIcon.isNull() else 0)
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight,
                                             max(0, room))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        opt.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)


class LesionPanel(QWidget):
    """Edits the lesion selected on the diagram of ``controller`` (an AnnotationController)."""

    lesionShown = Signal(bool)   # a lesion is selected now (True) or none is (False): changed

    def __init__(self, controller, library=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lesion_panel")
        self.ctl = controller
        self.document = controller.document
        self.library = library
        self.lesion_id: str | None = None
        self._showing = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        # the chooser on its own row, its whole width for the lesion's title (beside "Lesion:"
        # the title was cut to "Lesion 1 — Cyst behind"); a title still too long ends in "…"
        # and is whole in the tooltip
        self.chooser = named(ElidingComboBox(), "lesion_chooser")
        self.chooser.setAccessibleName("Choose a lesion marker")
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(8)
        self.chooser.activated.connect(self._on_choose)
        outer.addWidget(self.chooser)
        # which picture the lesion is on: the drawing, or one of the patient's scans
        self.where = named(QLabel(), "lesion_where")
        self.where.setWordWrap(True)
        self.where.setStyleSheet(f"color:{theme.muted()}")
        outer.addWidget(self.where)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.empty = named(QLabel(), "lesion_empty")
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.RichText)   # our own words only
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setText(f"<span style='color:{theme.muted()}'>No lesion selected.<br>Choose the "
                           "<b>Lesion</b> tool (L) and click where the lesion is on the drawing, "
                           "or drag to draw its outline. Then describe it here.</span>")
        self.stack.addWidget(self.empty)

        form_page = QWidget()
        form = QFormLayout(form_page)
        form.setContentsMargins(0, 4, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        # every label above its field: all fields start at the same x at any panel width (long
        # labels wrapped alone and indented the fields beside short ones unevenly)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(4)
        self.number = named(QSpinBox(), "lesion_number")
        self.number.setRange(1, 999)
        self.number.setKeyboardTracking(False)
        self.number.setToolTip("Give the same number on both views to the same lesion")
        self.number.valueChanged.connect(self._on_number)
        form.addRow("Number", self.number)
        self.label = named(QLineEdit(), "lesion_label")
        self.label.setPlaceholderText("e.g. cyst behind the rectum")
        self.label.setMaxLength(80)
        self.label.textEdited.connect(self._on_label)
        form.addRow("Label", self.label)
        self.appearance = named(QComboBox(), "lesion_appearance")
        for key, text in APPEARANCES:
            self.appearance.addItem(text, key)
        self.appearance.activated.connect(self._on_appearance)
        form.addRow("Appearance on imaging", self.appearance)

        size_row = QHBoxLayout()
        self.length_box = self._cm_box("lesion_length", "Length in cm (from the scan report)")
        self.width_box = self._cm_box("lesion_width", "Width in cm (from the scan report)")
        size_row.addWidget(self.length_box)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.width_box)
        size_row.addStretch(1)
        form.addRow("Size (length × width)", size_row)
        self.drawn = named(QLabel(), "lesion_drawn_size")
        self.drawn.setStyleSheet(f"color:{theme.muted()}")
        self.drawn.setWordWrap(True)
        form.addRow(self.drawn)
        # the typed size and the outline on a measured scan disagree: said, never blocking
        self.size_notice = named(QLabel(), "lesion_size_notice")
        self.size_notice.setWordWrap(True)
        self.size_notice.setStyleSheet(f"color:{theme.error()}")
        self.size_notice.setVisible(False)
        form.addRow(self.size_notice)

        self.suspected = named(QComboBox(), "lesion_suspected_type")
        self.suspected.setAccessibleName("Suspected type")
        # the types indented under their group's heading in the list, by the delegate (not
        # by spaces in the names, which showed in the closed box and to screen readers)
        self.suspected.setItemDelegate(IndentDelegate(self.suspected))
        self._fill_types()
        self.suspected.activated.connect(self._on_suspected)
        form.addRow("Suspected type", self.suspected)
        self.suspected_text = named(QLineEdit(), "lesion_suspected_text")
        self.suspected_text.setPlaceholderText("or in your own words")
        self.suspected_text.setAccessibleName("Suspected type, in your own words")
        self.suspected_text.setMaxLength(200)
        self.suspected_text.textEdited.connect(self._on_suspected_text)
        form.addRow(self.suspected_text)

        self.approach_box = named(QGroupBox("Approach — S3 aid"), "approach_box")
        ab = QVBoxLayout(self.approach_box)
        self.approach_kind = named(QLabel(), "approach_kind")
        self.approach_kind.setTextFormat(Qt.TextFormat.RichText)
        self.approach_kind.setWordWrap(True)
        self.approach_reason = named(QLabel(), "approach_reason")
        self.approach_reason.setWordWrap(True)
        self.approach_status = named(QLabel(), "approach_status")
        self.approach_status.setWordWrap(True)
        self.approach_status.setStyleSheet(f"color:{theme.muted()}")
        ab.addWidget(self.approach_kind)
        ab.addWidget(self.approach_reason)
        ab.addWidget(self.approach_status)
        buttons = QHBoxLayout()
        self.confirm = named(QPushButton("Confirm"), "approach_confirm")
        self.confirm.setToolTip("Record that you agree with the aid's suggestion")
        self.confirm.clicked.connect(self.confirm_approach)
        # a push button with a menu keeps room for its arrow (a tool button drew the arrow
        # over the word)
        self.override = named(QPushButton("Override"), "approach_override")
        self.override.setToolTip("Record another approach")
        menu = QMenu(self.override)
        self.override_actions: dict[str, QAction] = {}
        for kind, text in APPROACH_NAMES.items():
            act = menu.addAction(text)
            act.setObjectName(f"override_{kind}")
            act.triggered.connect(lambda _=False, k=kind: self.override_approach(k))
            self.override_actions[kind] = act
        self.override.setMenu(menu)
        self.reset = named(QPushButton("Back to the aid"), "approach_reset")
        self.reset.clicked.connect(self.reset_approach)
        buttons.addWidget(self.confirm)
        buttons.addWidget(self.override)
        buttons.addStretch(1)
        ab.addLayout(buttons)
        reset_row = QHBoxLayout()          # its own row: three buttons overflow the narrow panel
        reset_row.addWidget(self.reset)
        reset_row.addStretch(1)
        ab.addLayout(reset_row)
        note = QLabel("A discussion aid from where the lesion sits relative to S3 on the "
                      "drawing (some series use S4). Suspected cancer and involvement of bone, "
                      "vessels, nerves or other organs also decide the approach — the decision "
                      "is the surgeon's.")
        note.setWordWrap(True)
        note.setStyleSheet(f"color:{theme.muted()}; font-size:11px")
        ab.addWidget(note)
        form.addRow(self.approach_box)
        # on a short screen the form scrolls; squeezed, its wrapped texts were cut top and bottom
        self.form_scroll = named(QScrollArea(), "lesion_form_scroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(form_page)
        self.stack.addWidget(self.form_scroll)

        self.controllers: list = []
        self.follow(controller)
        controller.lesionActivated.connect(self.show_lesion)
        self.document.changed.connect(self._on_changed)
        self.refresh()

    def follow(self, controller) -> None:
        """Also show the lesions selected through another controller (the Images tab's): a
        lesion selected on a scan is described here, not "None selected"."""
        if controller in self.controllers:
            return
        self.controllers.append(controller)
        controller.selectionChanged.connect(
            lambda ids, c=controller: self._on_selection_of(c, ids))
        view = getattr(controller, "view", None)
        if view is not None:
            view.installEventFilter(self)    # a click into that picture: follow it

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FocusIn:
            for controller in self.controllers:
                if getattr(controller, "view", None) is watched and controller is not self.ctl \
                        and _alive(self.chooser):
                    self.ctl = controller
                    self._on_selection(controller.selected_ids())
        return super().eventFilter(watched, event)

    def _on_selection_of(self, controller, ids: list) -> None:
        if not _alive(self) or not _alive(self.chooser):    # (window being torn down)
            return
        selected = any(_alive(c) and c.selected_lesion() is not None for c in self.controllers)
        if selected != self._showing:
            self._showing = selected
            self.lesionShown.emit(selected)
        if controller is not self.ctl:
            if not _alive(self.chooser) or controller.selected_lesion() is None:
                return
            self.ctl = controller      # the surgeon is now working on that picture
        self._on_selection(ids)

    # ------------------------------------------------------------------ building
    def _cm_box(self, name: str, tip: str) -> QDoubleSpinBox:
        box = named(QDoubleSpinBox(), name)
        box.setRange(0.0, 40.0)
        box.setDecimals(1)
        box.setSingleStep(0.1)
        box.setSuffix(" cm")
        box.setSpecialValueText("—")     # 0 = not given
        box.setKeyboardTracking(False)   # apply on Enter / leaving the field, not per digit
        box.setToolTip(tip)
        box.setAccessibleName(tip)
        # may shrink to its least size: the two boxes and "×" fit the narrow panel side by side
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        box.valueChanged.connect(self._on_size)
        return box

    def _fill_types(self) -> None:
        box = self.suspected
        model = QStandardItemModel(box)   # the combo's own kind of model, typed as such
        box.setModel(model)
        box.addItem("Not stated", "")
        items = self.library.items("tumour_types") if self.library is not None else ()
        groups: dict[str, list] = {}
        for item in items:
            groups.setdefault(item.group or "other", []).append(item)
        for group, members in groups.items():
            box.addItem(GROUP_NAMES.get(group, group.capitalize()), None)
            header: QStandardItem = model.item(box.count() - 1)
            header.setEnabled(False)
            f = header.font()
            f.setBold(True)
            header.setFont(f)
            for item in members:
                box.addItem(item.title, item.id)
                model.item(box.count() - 1).setData(1, INDENT_ROLE)
        box.addItem("Other (describe below)", OTHER)

    # ------------------------------------------------------------------ model → widgets
    def current(self):
        return self.ctl.lesion(self.lesion_id)

    def _on_selection(self, ids: list) -> None:
        if not _alive(self.chooser):
            return
        lesion = self.ctl.selected_lesion()
        if lesion is not None:
            self.lesion_id = lesion.id
        elif ids:
            self.lesion_id = None
        elif self.current() is None or self.current().view != self.ctl.view_name:
            self.lesion_id = None
        self._safe_refresh()

    def _on_changed(self, kind: Change) -> None:
        if kind in (Change.ANNOTATIONS, Change.ALL, Change.DIAGRAM):
            self._safe_refresh()

    def _safe_refresh(self) -> None:
        # The diagram's scene may outlive this panel and still signal while the window is being
        # torn down and the panel's children are already gone: then there is nothing to show.
        try:
            self.refresh()
        except RuntimeError as exc:
            if "already deleted" not in str(exc):
                raise

    def show_lesion(self, lesion_id: str) -> None:
        self.lesion_id = lesion_id
        self.refresh()
        self.label.setFocus()

    def _on_choose(self, index: int) -> None:
        lesion_id = self.chooser.itemData(index)
        self.lesion_id = lesion_id or None
        if lesion_id:
            self.ctl.select([lesion_id])
        self.refresh()

    def refresh(self) -> None:
        lesions = sorted((x for x in self.document.consultation.lesions
                          if x.view == self.ctl.view_name), key=lambda x: x.number)
        lesion = self.current()
        if lesion is not None and lesion.view != self.ctl.view_name:
            lesion = None
            self.lesion_id = None
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItem("None selected" if lesions else "No lesions on this view", "")
        for x in lesions:
            self.chooser.addItem(badge_icon(x.number, x.color), lesion_rules.title(x), x.id)
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(lesion.id)) if lesion else 0)
        self.chooser.setToolTip(self.chooser.currentText())
        self.chooser.blockSignals(False)
        self.where.setText(self._where_text())
        if lesion is None:
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        for w in (self.number, self.appearance, self.length_box, self.width_box, self.suspected):
            w.blockSignals(True)
        try:
            self.number.setValue(lesion.number)
            if self.label.text() != lesion.label:
                self.label.setText(lesion.label)
                self.label.setCursorPosition(0)     # its start, not its end, in view
            self.appearance.setCurrentIndex(max(0, self.appearance.findData(lesion.appearance)))
            self.length_box.setValue(lesion.length_cm or 0.0)
            self.width_box.setValue(lesion.width_cm or 0.0)
            if lesion.suspected_type:
                i = self.suspected.findData(lesion.suspected_type)
                self.suspected.setCurrentIndex(i if i >= 0 else self.suspected.findData(OTHER))
            else:
                self.suspected.setCurrentIndex(
                    self.suspected.findData(OTHER) if lesion.suspected_type_text else 0)
            if self.suspected_text.text() != lesion.suspected_type_text:
                self.suspected_text.setText(lesion.suspected_type_text)
                self.suspected_text.setCursorPosition(0)
        finally:
            for w in (self.number, self.appearance, self.length_box, self.width_box,
                      self.suspected):
                w.blockSignals(False)
        self.drawn.setText(self._drawn_text(lesion))
        notice = self._size_notice(lesion)
        self.size_notice.setText(notice)
        self.size_notice.setVisible(bool(notice))
        self._refresh_approach(lesion)

    def _image(self):
        """The key image the shown lesions are on (None: the drawing)."""
        view = self.ctl.view_name
        if view.startswith(IMAGE_VIEW_PREFIX):
            return self.document.consultation.image(view[len(IMAGE_VIEW_PREFIX):])
        return None

    def _where_text(self) -> str:
        if not self.ctl.view_name.startswith(IMAGE_VIEW_PREFIX):
            return "On the drawing"
        image = self._image()
        caption = " ".join(image.caption.split()) if image is not None else ""
        return f"On the patient's image: {caption}" if caption else "On the patient's image"

    def _drawn_text(self, lesion) -> str:
        if self.ctl.view_name.startswith(IMAGE_VIEW_PREFIX):
            image = self._image()
            size = lesion_rules.scan_size_cm(lesion, image) if image is not None else None
            if size is None:
                return "Outline on the image (the image has no scale to measure it)"
            return f"Outline on the image: about {_together(lesion_rules.size_words(size))}"
        drawn = lesion_rules.drawn_size_cm(lesion, self.ctl.scale_px_per_cm)
        return f"Marker on the drawing: {_together(lesion_rules.size_words(drawn, least=0))}"

    def _size_notice(self, lesion) -> str:
        """The size check's words when the typed size and a scan outline disagree, or ""."""
        c = self.document.consultation
        found = lesion_rules.size_mismatch(c.lesions, c.images, lesion.number)
        if found is None:
            return ""
        typed = lesion_rules.typed_words(found.typed)
        where = " ".join(found.image.caption.split()) or "the patient's image"
        limit = round(lesion_rules.SIZE_MISMATCH * 100)
        return (f"Size check: typed {typed} cm, but the outline on “{where}” measures about "
                f"{lesion_rules.size_words(found.measured)} cm (more than {limit} % apart). "
                "The patient's summary prints the typed size; correct the size or the "
                "outline if one is wrong.")

    def _refresh_approach(self, lesion) -> None:
        live = self.ctl.suggest(lesion)
        if live is None:
            recorded = lesion_rules.shown_approach(lesion, None)
            self.approach_kind.setText(
                f"<b>{html.escape(APPROACH_NAMES[recorded])}</b>" if recorded
                else "<i>No suggestion</i>")
            self.approach_reason.setText(
                "The approach aid works on the sagittal (side) view: mark the lesion there."
                if lesion.view != "sagittal" else "The anatomy drawing is not available.")
            self.approach_status.setText("Recorded by the surgeon." if recorded else "")
            self.confirm.setEnabled(False)
            self.override.setEnabled(True)
            for act in self.override_actions.values():
                act.setEnabled(True)
            self.reset.setVisible(lesion.approach_status != lesion_rules.SUGGESTED)
            self.reset.setEnabled(lesion.approach_status != lesion_rules.SUGGESTED)
            return
        status = lesion.approach_status
        kind = lesion_rules.shown_approach(lesion, live)
        self.approach_kind.setText(f"<b>{html.escape(APPROACH_NAMES.get(kind, kind))}</b>")
        self.approach_reason.setText(live.reason)
        if status == lesion_rules.CONFIRMED:
            self.approach_status.setText("Confirmed by the surgeon.")
        elif status == lesion_rules.OVERRIDDEN:
            self.approach_status.setText(
                f"The surgeon's choice. The aid suggested: "
                f"{APPROACH_NAMES.get(live.kind, live.kind).lower()}.")
        else:
            self.approach_status.setText("Suggested by the aid — confirm or override.")
        self.confirm.setEnabled(lesion_rules.can_confirm(lesion, live))
        self.override.setEnabled(True)
        for k, act in self.override_actions.items():
            act.setEnabled(k != live.kind)
        self.reset.setVisible(status != lesion_rules.SUGGESTED)
        self.reset.setEnabled(status != lesion_rules.SUGGESTED)

    # ------------------------------------------------------------------ widgets → model
    def _edit(self, text: str, merge: bool = False, **fields) -> None:
        lesion = self.current()
        if lesion is None:
            return
        self.ctl.push(EditLesionProperties(self.document, lesion.id, text, merge=merge, **fields))

    def _on_number(self, value: int) -> None:
        lesion = self.current()
        if lesion is None or value == lesion.number:
            return
        # unique within a view; the same number on the other view says "the same lesion"
        if lesion_rules.number_taken(self.document.consultation.lesions, lesion, value):
            self.number.blockSignals(True)
            self.number.setValue(lesion.number)
            self.number.blockSignals(False)
            self.number.setToolTip(f"Number {value} is already used on this view")
            return
        self.number.setToolTip("Give the same number on both views to the same lesion")
        self._edit(f"Renumber lesion {lesion.number} as {value}",
                   **lesion_rules.renumbered(lesion, value))

    def _on_label(self, text: str) -> None:
        lesion = self.current()
        if lesion is not None:
            self._edit(f"Label lesion {lesion.number}", merge=True, label=text)

    def _on_appearance(self, index: int) -> None:
        lesion = self.current()
        value = self.appearance.itemData(index)
        if lesion is not None and value != lesion.appearance:
            self._edit(f"Set appearance of lesion {lesion.number}: {value}", appearance=value)

    def _on_size(self, _value: float = 0.0) -> None:
        lesion = self.current()
        if lesion is None:
            return
        length = self.length_box.value() or None
        width = self.width_box.value() or None
        if (length, width) == (lesion.length_cm, lesion.width_cm):
            return
        self.ctl.push(SetLesionSize(self.document, lesion.id, length, width,
                                    self.ctl.scale_px_per_cm, suggest=self.ctl.suggest))

    def set_size(self, length_cm: float | None, width_cm: float | None) -> None:
        """Type a size as the surgeon would (used by tests and the keyboard path)."""
        self.length_box.blockSignals(True)
        self.length_box.setValue(length_cm or 0.0)
        self.length_box.blockSignals(False)
        self.width_box.setValue(width_cm or 0.0)
        self._on_size()

    def _on_suspected(self, index: int) -> None:
        lesion = self.current()
        value = self.suspected.itemData(index)
        if lesion is None or value is None:
            return
        if value == OTHER:
            self.suspected_text.setFocus()
            if lesion.suspected_type:
                self._edit(f"Set suspected type of lesion {lesion.number}", suspected_type="")
            return
        if value != lesion.suspected_type:
            title = self.suspected.itemText(index).strip() if value else "not stated"
            self._edit(f"Set suspected type of lesion {lesion.number}: {title}",
                       suspected_type=value)

    def _on_suspected_text(self, text: str) -> None:
        lesion = self.current()
        if lesion is not None:
            self._edit(f"Describe suspected type of lesion {lesion.number}", merge=True,
                       suspected_type_text=text)

    # ------------------------------------------------------------------ approach aid
    def confirm_approach(self) -> None:
        lesion = self.current()
        live = self.ctl.suggest(lesion) if lesion is not None else None
        if live is None:
            return
        self._edit(f"Confirm approach for lesion {lesion.number}",
                   **lesion_rules.confirmed(live))

    def override_approach(self, kind: str) -> None:
        lesion = self.current()
        if lesion is None:
            return
        live = self.ctl.suggest(lesion)
        if live is not None and live.kind == kind:
            self.confirm_approach()
            return
        self._edit(f"Override approach for lesion {lesion.number}: {kind}",
                   **lesion_rules.overridden(lesion, kind, live))

    def reset_approach(self) -> None:
        lesion = self.current()
        if lesion is None:
            return
        live = self.ctl.suggest(lesion)
        self._edit(f"Use the aid's approach for lesion {lesion.number}",
                   **lesion_rules.back_to_aid(live))
