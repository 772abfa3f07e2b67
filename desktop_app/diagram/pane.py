"""The diagram pane: a toolbar over the anatomy view.

``DiagramPane(document, atlas)`` shows the drawing chosen by ``consultation.view`` and
``consultation.variant``. Switching view (sagittal / axial) or variant (female / male) goes
through the document as an undoable edit (it marks the consultation unsaved); any change of
those fields — undo, the patient panel, opening a file — redraws the pane.

Labels and the S3 guide are display choices of this pane, not part of the consultation.
Scene coordinates are the drawing's diagram units, the same for both variants of a view, so
marks stay in place when the variant changes (the zoom is kept too).

For the annotation layer: ``pane.view`` is the QGraphicsView (its scene stays the same object
for the life of the pane; only the anatomy items in it are rebuilt), ``viewChanged(str)`` says
when the sagittal / axial view changes, and ``add_toolbar(widget)`` puts another toolbar under
the pane's own. Anatomy items sit at z 0-1, highlights at 100, the S3 guide at 200 and labels at
300, so annotation items above 1000 are never hidden.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QFontMetricsF, QKeySequence
from PySide6.QtWidgets import QGraphicsScene, QToolBar, QToolButton, QVBoxLayout, QWidget

from desktop_app.diagram.annotation_toolbar import TightButtons, app_owned
from desktop_app.diagram.items import LesionItem, MarkItem, TextNoteItem
from desktop_app.diagram.scene import (HIT_MIN, AnatomyLayer, label_font,
                                       layout_zoomed_labels, path_cells)
from desktop_app.diagram.stamp_items import StampItem
from desktop_app.diagram.view import DiagramView
from desktop_app.document import Change
from desktop_app.model.anatomy import (Drawing, anatomy_box, guide_words, inside_points,
                                       label_specs)
from desktop_app.model.label_layout import (GUIDE_KEY, FitPlan, LabelSpec, choose_rect,
                                            ellipse_exit, free_corner, guide_spec,
                                            layout_labels, plan_fit, settle_labels)

VIEW_TEXT = {"sagittal": ("Side view", "Side view: a cut down the middle of the body "
                          "(sagittal section)"),
             "axial": ("Cross-section", "Cross-section of the pelvis at the S3 level "
                       "(axial section)"),
             "posterior": ("From behind", "View from behind: the lower back and buttocks, "
                           "with the tailbone and sacrum under the skin")}
VARIANT_TEXT = {"female": "Female", "male": "Male"}
FIT_MARGIN = 8.0       # px kept free around the fitted drawing and its labels
# a label font's key -> (text width at size 1, remembered per text; line height at size 1)
_MEASURES: dict[str, tuple] = {}
MEASURES_KEPT = 16     # fonts (presentation mode sizes the labels again)
MARK_CELL = 8.0        # diagram units: the grain of the boxes that stand for a mark's shape


def screen_label_px(width: float, height: float) -> float:
    """Label text size on screen (px) for a viewport: 12 px in the 1,366 × 768 window's pane,
    up to 15 px on a large screen; the same for every drawing."""
    return float(min(15, max(12, round(min(width, height) / 46))))


def _rect(r) -> tuple[float, float, float, float]:
    return (r.left(), r.top(), r.right(), r.bottom())


CALLOUT_STARTS = 8     # points inside a lesion (besides its centre) its label's leader may
CALLOUT_REACH = 0.5    # start from, at this share of its radii; drawn from the outline on


def callout_spec(les: LesionItem, key: str, plan: FitPlan) -> LabelSpec:
    """A lesion's label as one more margin label, its leader from the lesion's centre (drawn
    from where it leaves the outline: :func:`outline_exit`), on the side of the body nearer
    the lesion (a row: above or below a wide drawing, as the layout shares them out)."""
    c = les.scenePos()
    if plan.arrangement == "columns":
        right = c.x() >= (plan.edges[0] + plan.edges[1]) / 2
        at = (plan.edges[1] + 1.0, c.y()) if right else (plan.edges[0] - 1.0, c.y())
    else:
        below = c.y() >= (plan.edges[0] + plan.edges[1]) / 2
        at = (c.x(), plan.edges[1] + 1.0 if below else plan.edges[0] - 1.0)
    return LabelSpec(key, les.label_text(), (c.x(), c.y()), at)


def callout_starts(les: LesionItem) -> list[tuple[float, float]]:
    """Where a call-out's leader may start: the lesion's centre, then points around it
    (from any point inside the outline, the leader leaves it once and never cuts across)."""
    c = les.scenePos()
    a = math.radians(les.angle)
    out = [(c.x(), c.y())]
    for i in range(CALLOUT_STARTS):
        t = 2 * math.pi * i / CALLOUT_STARTS
        x = les.rx * CALLOUT_REACH * math.cos(t)
        y = les.ry * CALLOUT_REACH * math.sin(t)
        out.append((c.x() + x * math.cos(a) - y * math.sin(a),
                    c.y() + x * math.sin(a) + y * math.cos(a)))
    return out


def outline_exit(les: LesionItem, start: tuple[float, float],
                 end: tuple[float, float]) -> tuple[float, float]:
    """Where the segment from ``start`` (inside the lesion) to ``end`` leaves its outline (the
    same rule as the printed drawing's, :func:`model.label_layout.ellipse_exit`)."""
    c = les.scenePos()
    return ellipse_exit(c.x(), c.y(), les.rx, les.ry, les.angle, start, end)


class DiagramPane(QWidget):
    structureActivated = Signal(str)    # a structure was clicked: explain it
    structureHovered = Signal(str)
    viewChanged = Signal(str)           # the pane now shows another view (sagittal / axial)
    drawingChanged = Signal()           # another drawing (view or variant) was built

    def __init__(self, document, atlas, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("diagram_pane")
        self.document = document
        self.atlas = atlas
        self.drawing: Drawing | None = None
        self.selected: str | None = None
        self._language: str | None = None
        settings = QSettings()
        self.labels_on = bool(settings.value("diagram/labels", True, type=bool))
        self.s3_on = bool(settings.value("diagram/s3_guide", True, type=bool))

        self.scene = QGraphicsScene(self)
        self.scene.setObjectName("diagram_scene")
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.layer = AnatomyLayer(self.scene)
        self.view = DiagramView(self.scene, self.layer, self.tooltip_for, self)
        self.view.structureHovered.connect(self.structureHovered)
        self.view.structureClicked.connect(self._on_clicked)
        self.view.viewportChanged.connect(self._place_labels)
        self.view.planner = self._plan_fit
        self.plan: FitPlan | None = None

        self.toolbar = QToolBar("Diagram", self)
        self.toolbar.setObjectName("diagram_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._build_actions()

        self._column = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        self.setMinimumSize(360, 320)

        document.changed.connect(self._on_document_changed)
        self.refresh(force=True)

    def _has_view(self, view: str) -> bool:
        """True if the atlas has this view (an atlas without a view from behind still works)."""
        atlas = self.atlas
        if atlas is None:
            return view != "posterior"
        return any(d.view == view for d in atlas.drawings.values()) or \
            any(v == view for v, _variant in getattr(atlas, "pending", {}))

    # ------------------------------------------------------------------ actions
    def _action(self, text: str, name: str, tip: str = "", checkable: bool = False,
                shortcuts: tuple = ()) -> QAction:
        act = QAction(text, self)
        act.setObjectName(name)
        act.setCheckable(checkable)
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        if shortcuts:
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
            # Ctrl +/−/0 zoom the diagram while it has focus; elsewhere in the window the
            # same keys scale the text (the main window's text-size actions)
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        tb = self.toolbar
        self.view_group = QActionGroup(self)
        self.view_actions: dict[str, QAction] = {}
        for key in VIEW_TEXT:
            text, tip = VIEW_TEXT[key]
            act = self._action(text, f"act_view_{key}", tip, checkable=True)
            act.setVisible(self._has_view(key))
            act.triggered.connect(lambda _on=False, k=key: self.set_view(k))
            self.view_group.addAction(act)
            self.view_actions[key] = act
            tb.addAction(act)
        tb.addSeparator()
        self.variant_group = QActionGroup(self)
        self.variant_actions: dict[str, QAction] = {}
        for key in ("female", "male"):
            act = self._action(VARIANT_TEXT[key], f"act_variant_{key}",
                               f"Show {key} anatomy", checkable=True)
            act.triggered.connect(lambda _on=False, k=key: self.set_variant(k))
            self.variant_group.addAction(act)
            self.variant_actions[key] = act
            tb.addAction(act)
        tb.addSeparator()
        self.act_labels = self._action("Labels", "act_labels", "Show or hide the labels",
                                       checkable=True)
        self.act_labels.setChecked(self.labels_on)
        self.act_labels.toggled.connect(self.set_labels_visible)
        tb.addAction(self.act_labels)
        self.act_s3 = self._action("S3 guide", "act_s3", "Show or hide the S3 level line",
                                   checkable=True)
        self.act_s3.setChecked(self.s3_on)
        self.act_s3.toggled.connect(self.set_s3_visible)
        tb.addAction(self.act_s3)
        tb.addSeparator()
        self.act_zoom_out = self._action("−", "act_zoom_out", "Zoom out (Ctrl+−)",
                                         shortcuts=("Ctrl+-",))
        self.act_zoom_out.triggered.connect(self.view.zoom_out)
        self.act_zoom_in = self._action("+", "act_zoom_in", "Zoom in (Ctrl+=)",
                                        shortcuts=("Ctrl+=", "Ctrl++"))
        self.act_zoom_in.triggered.connect(self.view.zoom_in)
        self.act_fit = self._action("Fit", "act_fit", "Show the whole drawing (Ctrl+0)",
                                    shortcuts=("Ctrl+0",))
        self.act_fit.triggered.connect(self.view.fit)
        for act in (self.act_zoom_out, self.act_zoom_in, self.act_fit):
            tb.addAction(act)
        # a few px narrower buttons: zoom and Fit stay in sight at 1,280 px (564 of 601 px;
        # 614 with the style's own padding put them in the overflow menu)
        self._tight = app_owned(TightButtons())   # deleted after every button (see there)
        for button in tb.findChildren(QToolButton):
            if button.objectName() != "qt_toolbar_ext_button":
                button.setStyle(self._tight)

    def add_toolbar(self, widget: QWidget) -> None:
        """Insert another toolbar (e.g. the annotation tools) between this one and the view."""
        self._column.insertWidget(self._column.indexOf(self.view), widget)

    def fit(self) -> None:
        self.view.fit()

    # ------------------------------------------------------------------ model
    @property
    def consultation(self):
        return self.document.consultation

    @property
    def language(self) -> str:
        return getattr(self.consultation, "language", "en") or "en"

    def set_view(self, view: str) -> None:
        """Show another view; an undoable edit of the consultation."""
        if view not in VIEW_TEXT:
            raise ValueError(view)
        self.document.set_value(lambda c: c, "view", view,
                                f"Show the {VIEW_TEXT[view][0].lower()}", Change.DIAGRAM)
        self.refresh()

    def set_variant(self, variant: str) -> None:
        """Show the female or male drawing; an undoable edit of the consultation."""
        if variant not in VARIANT_TEXT:
            raise ValueError(variant)
        self.document.set_value(lambda c: c, "variant", variant,
                                f"Show {variant} anatomy", Change.DIAGRAM)
        self.refresh()

    def _on_document_changed(self, kind: Change) -> None:
        self.refresh(force=(kind == Change.ALL))

    def refresh(self, force: bool = False) -> None:
        """Show the drawing the consultation asks for (rebuilds only when it changed)."""
        view, variant = self.consultation.view, self.consultation.variant
        for key, act in self.view_actions.items():
            act.setChecked(key == view)
        for key, act in self.variant_actions.items():
            act.setChecked(key == variant)
        try:
            drawing = self.atlas.drawing(view, variant)
        except KeyError:
            return
        old = self.drawing
        if drawing is not old or force:
            self.drawing = drawing
            self.layer.build(drawing)
            self._language = None
            self.selected = None
            self.view.set_hovered(None)
            self.act_s3.setEnabled(drawing.s3_line is not None)
        relabelled = self._language != self.language
        if relabelled:
            self._language = self.language
            self._build_overlays()
        # both variants of a view share one plan: switching them refits to the very same
        # transform, so the drawing and the marks stay on the same pixels
        if old is None or old.view != drawing.view or force or \
                (self.view.fitted and (relabelled or drawing is not old)):
            self.view.fit()
            if old is None or old.view != drawing.view:
                self.viewChanged.emit(drawing.view)
        if drawing is not old or force:
            self.drawingChanged.emit()

    label_px: float | None = None    # label text size in drawing units (None: the default)

    def set_label_size(self, px: float | None) -> None:
        """Bigger (or default) labels, e.g. next to large type in presentation mode."""
        if px == self.label_px:
            return
        self.label_px = px
        if px is not None:
            self.label_screen = None
        if self.drawing is not None:
            self._build_overlays()
            if self.view.fitted:
                self.view.fit()

    label_screen: float | None = None   # label text size in screen px (None: the default)

    def set_label_screen_px(self, px: float | None) -> None:
        """Labels of this size on screen whatever the drawing's scale (presentation mode:
        a share of the topic text). The fit plans the drawing around labels of that size,
        so the painted text is ``px`` without a second pass."""
        px = None if px is None else round(px * 2) / 2
        if px == self.label_screen and self.label_px is None:
            return
        self.label_screen, self.label_px = px, None
        if self.drawing is not None:
            self._build_overlays()
            if self.view.fitted:
                self.view.fit()

    def label_px_on_screen(self) -> float:
        """How tall the label text is painted now (px): the plan's em at the view's scale
        (the text items are scaled by the plan, so the font's own size is not it)."""
        if self.plan is None:
            return 0.0
        return self.plan.em * self.view.current_scale()

    def labels_left_out(self) -> list[str]:
        """The structures whose label the fitted layout had to leave out (no room, or no
        leader clear of the marks); none while labels are switched off."""
        if not self.labels_on:
            return []
        return [sid for sid, item in self.layer.labels.items() if not item.isVisible()]

    fit_margin = FIT_MARGIN     # px kept free round the fitted drawing and its labels
    leader_px = 1.0             # leader line width on screen (px)

    def set_room_look(self, margin: float, leader_px: float) -> None:
        """Wider margins and heavier leaders for a screen seen across a room."""
        if (margin, leader_px) == (self.fit_margin, self.leader_px):
            return
        self.fit_margin, self.leader_px = margin, leader_px
        self._set_leader_width()
        if self.drawing is not None and self.view.fitted:
            self.view.fit()

    def _set_leader_width(self) -> None:
        for item in self.layer.labels.values():
            pen = item.line.pen()
            if pen.widthF() != self.leader_px:
                pen.setWidthF(self.leader_px)
                item.line.setPen(pen)

    def _font(self):
        return label_font() if self.label_px is None else label_font(self.label_px)

    def _text_for(self, structure_id: str) -> str:
        return self.atlas.structure(structure_id).lay(self.language)

    def _measure(self):
        """Text width at font size 1, as the labels' own font measures it (each text measured
        once per font: a fit measures every label's words for each wrap it tries, and the
        pane fits several times while the window first opens)."""
        font = self._font()
        key = font.key()
        kept = _MEASURES.get(key)
        if kept is None:
            fm = QFontMetricsF(font)
            px = float(font.pixelSize())
            widths: dict[str, float] = {}

            def measure(text: str) -> float:
                w = widths.get(text)
                if w is None:
                    w = widths[text] = fm.horizontalAdvance(text) / px
                return w

            if len(_MEASURES) >= MEASURES_KEPT:
                _MEASURES.clear()
            kept = _MEASURES[key] = (measure, fm.lineSpacing() / px)
        return kept

    def _plan_fit(self, width: int, height: int) -> tuple[float, QRectF] | None:
        """The fitted layout of the drawing and its labels for a viewport (``view.fit``)."""
        if self.drawing is None or width <= 0 or height <= 0:
            return None
        variants = []
        for variant in VARIANT_TEXT:
            try:
                d = self.atlas.drawing(self.drawing.view, variant)
            except KeyError:
                continue
            specs = label_specs(d, self._text_for) if self.labels_on else []
            variants.append((specs, anatomy_box(d)))
        measure, line = self._measure()
        # the same drawing, words, viewport and sizes give the same plan (the window's first
        # show fits two or three times at one size)
        key = (tuple((tuple(sp), box) for sp, box in variants), width, height, self.label_px,
               self.label_screen, self.fit_margin, self._font().key())
        if self._last_plan[0] == key:
            plan = self._last_plan[1]
        elif self.label_px is None:
            size = self.label_screen or screen_label_px(width, height)
            plan = plan_fit(variants, width, height, measure=measure, line=line,
                            text_size=size, margin=self.fit_margin)
        else:
            plan = plan_fit(variants, width, height, measure=measure, line=line,
                            text_units=self.label_px, margin=self.fit_margin)
        if self._last_plan[0] != key:
            # labels pushed along their side stop at the margin too (a row of labels with the
            # lesions' among them reached the screen's edge)
            plan = replace(plan, inset=self.fit_margin / plan.scale,
                           inset_least=FIT_MARGIN / plan.scale,
                           keep_margin=plan.keep_margin or self.fit_margin > FIT_MARGIN)
        self._last_plan = (key, plan)
        self.plan = self.layer.plan = plan
        x0, y0, x1, y1 = plan.rect
        return plan.scale, QRectF(x0, y0, x1 - x0, y1 - y0)

    def _build_overlays(self) -> None:
        font = self._font()
        self.layer.build_labels(lambda sid: self.atlas.structure(sid).lay(self.language), font)
        self.layer.build_guide(guide_words("name", self.language), font)
        self._set_leader_width()
        self.set_labels_visible(self.labels_on)
        self.set_s3_visible(self.s3_on)

    # ------------------------------------------------------------------ display toggles
    def set_labels_visible(self, on: bool) -> None:
        changed = bool(on) != self.labels_on
        self.labels_on = bool(on)
        for lab in self.layer.labels.values():
            lab.setVisible(self.labels_on)
        if changed and self.view.fitted:
            self.view.fit()
        self._place_labels()
        if self.act_labels.isChecked() != self.labels_on:
            self.act_labels.setChecked(self.labels_on)
        if changed:   # remembered for the next start (a write costs ~10 ms: not at start)
            QSettings().setValue("diagram/labels", self.labels_on)

    def set_s3_visible(self, on: bool) -> None:
        changed = bool(on) != self.s3_on
        self.s3_on = bool(on)
        if self.layer.guide is not None:
            self.layer.guide.setVisible(self.s3_on)
        if self.act_s3.isChecked() != self.s3_on:
            self.act_s3.setChecked(self.s3_on)
        if changed:
            QSettings().setValue("diagram/s3_guide", self.s3_on)
            self._place_labels()     # its name takes (or gives back) a place in a column

    def _label_k(self) -> float:
        """The labels' fitted text scale: diagram units per font pixel."""
        if self.plan is None:
            return 1.0
        return self.plan.em / float(self._font().pixelSize())

    def _place_labels(self) -> None:
        """At the fitted zoom the labels sit in columns beside the body (``_layout_fitted``).
        Zoomed in, those of the structures on screen move to the edges of the view at their
        fitted size."""
        if not self.view.isVisible():
            self._labels_due = True      # placed when shown (after the view's own fit)
            return
        self._labels_due = False
        labels = list(self.layer.labels.values())
        zoom = self.view.zoom_factor()
        base = self._label_k()
        k = base / zoom if zoom > 1.02 else base
        if self.layer.guide is not None:
            self.layer.guide.set_text_scale(k)
        if not self.labels_on:
            self._choose_lesion_sides([], [], [])
            return
        if zoom <= 1.02:
            self._layout_fitted(base)
            return
        shown = set(layout_zoomed_labels(labels, self.view.visible_scene_rect(), k))
        for lab in labels:
            lab.setVisible(lab in shown)
        self._keep_words_apart(k)

    _labels_due = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._labels_due:
            self._place_labels()

    def place_labels(self) -> None:
        """Lay the labels out again (the annotation layer calls this when the marks change,
        so an anatomy label never hides a mark, nor a mark's words a label)."""
        self._place_labels()

    def _marks(self) -> tuple[list, list, list]:
        """The visible marks: lesions, text notes, and stamps' tag boxes."""
        lesions, notes, tags = [], [], []
        for it in self.scene.items():
            if isinstance(it, LesionItem) and it.isVisible():
                lesions.append(it)
            elif isinstance(it, TextNoteItem) and it.isVisible():
                notes.append(it)
            elif isinstance(it, StampItem) and it.isVisible() and it.has_tag():
                tags.append(it.tag_scene_rect())     # a sacral level's "S4"
        return lesions, notes, tags

    def mark_cells(self) -> list[tuple[float, float, float, float]]:
        """Small boxes covering every visible mark's painted shape (scene units): what a
        label must not cover and a leader must not cross (a lesion's own label is laid out
        with the anatomy labels, so only its marker counts)."""
        return [c for _it, cells in self._cells_by_mark() for c in cells]

    def _cells_by_mark(self) -> list[tuple[MarkItem, list]]:
        out = []
        for it in self.scene.items():
            if not isinstance(it, MarkItem) or not it.isVisible() or it.parentItem() is not None:
                continue
            shape = it.mark_path() if isinstance(it, LesionItem) else it.shape()
            out.append((it, path_cells(it.mapToScene(shape), MARK_CELL)))
        return out

    def _guide_boxes(self) -> list:
        """The S3 guide's name and key where they are shown (scene units)."""
        guide = self.layer.guide
        if guide is None or not guide.isVisible():
            return []
        return [_rect(r) for r in (guide.label_box, guide.key_box) if r is not None]

    def _choose_lesion_sides(self, boxes: list, leaders: list, words: list) -> list:
        """Each lesion's label goes on the side of its marker that covers no anatomy label
        (nor another mark's words); returns the marks' words and badges."""
        lesions, notes, tags = self._marks()
        frame = _rect(self.view.visible_scene_rect())
        words = list(words)
        words += [_rect(note.text_scene_rect()) for note in notes]
        words += [_rect(les.badge_scene_rect()) for les in lesions]
        words += [_rect(tag) for tag in tags]
        for les in sorted(lesions, key=lambda it: (it.number, it.mark_id)):
            places = [_rect(r) for r in les.label_candidates()]
            if places:
                side = choose_rect(places, avoid=boxes + self._guide_boxes(), marks=words,
                                   leaders=leaders, frame=frame)
                les.set_label_side(side)
                words.append(places[side])
        return words

    def _layout_fitted(self, k: float) -> None:
        """The fitted layout (``model.label_layout.layout_labels``): the labels beside the
        body with the lesions' labels among them (a leader from each to its marker's
        outline), settled out of the way of every mark and its words, and leaders kept off
        the marks, off one another and off one another's dots. A lesion's label with no room
        in the margins goes beside its marker, on a side that covers no other label."""
        plan, drawing = self.plan, self.drawing
        if plan is None or drawing is None:
            return
        measure, _line = self._measure()
        specs = [sp for sp in label_specs(drawing, self._text_for)
                 if sp.key in self.layer.labels]
        lesions, notes, tags = self._marks()
        words = [_rect(note.text_scene_rect()) for note in notes]
        words += [_rect(les.badge_scene_rect()) for les in lesions]
        words += [_rect(tag) for tag in tags]
        by_mark = self._cells_by_mark()
        cells = [c for _it, cs in by_mark for c in cs]
        callouts = {f"lesion:{les.mark_id}": les for les in lesions if les.label_candidates()}
        extra = [callout_spec(les, key, plan) for key, les in callouts.items()]
        starts = {key: callout_starts(les) for key, les in callouts.items()}
        # the S3 line's name: a margin label from the line's front end, never on the drawing
        line = drawing.s3_line
        guide = self.layer.guide if self.s3_on and line is not None else None
        if guide is not None and line is not None:
            extra.append(guide_spec(line, guide.text))
            starts[GUIDE_KEY] = []
        marks_for: dict[str, Sequence[tuple[float, float, float, float]]] = {
            key: [c for it, cs in by_mark if it is not les for c in cs]
            for key, les in callouts.items()}

        def points(sid: str):
            inside = starts.get(sid)
            return inside if inside is not None else \
                inside_points(drawing, sid, min_line=HIT_MIN)

        def lay_out(all_specs: list[LabelSpec]):
            return layout_labels(all_specs, plan, measure, words=words, marks=cells,
                                 points=points, marks_for=marks_for,
                                 yielding=frozenset(callouts) | {GUIDE_KEY},
                                 stay=frozenset({GUIDE_KEY}))

        key = (id(drawing), plan, tuple(specs), tuple(extra), tuple(words), tuple(cells))
        if self._last_layout[0] == key:       # a repaint, a resize to the same plan: as before
            settled, beside = self._last_layout[1]
        else:
            settled = lay_out(specs + extra)
            if guide is not None and self._key_corner(settled, words, cells) is None and \
                    any(lab.key == GUIDE_KEY for lab in settled):
                # no free corner for the key: the name says it in short ("S3 level: a
                # guide, not a cut"), when its column has room for that
                again = lay_out([replace(sp, text=guide_words("short", self.language))
                                 if sp.key == GUIDE_KEY else sp for sp in specs + extra])
                if {lab.key for lab in again} == {lab.key for lab in settled}:
                    settled = again
            beside = {}
            placed = {lab.key for lab in settled}
            boxes = [lab.box for lab in settled]
            leaders = [(lab.anchor, lab.end) for lab in settled]
            more = list(words)
            for name in callouts:
                if name in placed:
                    continue
                # no room in the margins: beside its marker (at the labels' size), where it
                # covers the fewest labels and words, then crosses the fewest leaders (the
                # labels stay put)
                callouts[name].set_label_floor(plan.em)
                places = [_rect(r) for r in callouts[name].label_candidates()]
                side = choose_rect(places, avoid=boxes + self._guide_boxes(), marks=more,
                                   leaders=leaders, frame=_rect(self.view.visible_scene_rect()))
                beside[name] = side
                more.append(places[side])
            self._last_layout = (key, (settled, beside))
        at = {lab.key: lab for lab in settled}
        if guide is not None:
            self._place_guide(guide, at.get(GUIDE_KEY), settled, words, cells, k)
        for sid, item in self.layer.labels.items():
            lab = at.get(sid)
            if lab is None:
                item.setVisible(False)
                continue
            item.set_fitted(lab.anchor, lab.end, lab.lines, lab.side, k, lab.box)
            item.setVisible(True)
        font = self._font()
        for name, les in callouts.items():
            lab = at.get(name)
            if lab is None:
                les.set_label_floor(plan.em)
                les.set_label_side(beside.get(name, les.label_side))
                continue
            x0, y0, x1, y1 = lab.box
            les.set_callout(QRectF(x0, y0, x1 - x0, y1 - y0),
                            QPointF(*outline_exit(les, lab.anchor, lab.end)),
                            QPointF(*lab.end), lab.lines, font, k, lab.side, self.leader_px)

    def _place_guide(self, guide, lab, settled, words, cells, k: float) -> None:
        """The S3 line's name in its margin (or nowhere: no room), and in a free corner of
        the margins the key that says what the dashed line is (``free_corner``, as in the
        PDF)."""
        plan = self.plan
        if lab is None:
            guide.hide_label()
        else:
            guide.set_label(lab.anchor, lab.end, lab.lines, lab.side, k, lab.box)
        if plan is None:
            return
        found = self._key_corner(settled, words, cells)
        said = lab is not None and " ".join(lab.lines) == guide_words("short", self.language)
        if found is None or said:        # the name says it in short already
            guide.hide_key()
        else:
            guide.set_key(found[0], found[1], k, 2 * plan.em)

    def _key_corner(self, settled, words, cells):
        """Where the S3 key fits in the margins (``free_corner``), or None; remembered."""
        plan = self.plan
        if plan is None:
            return None
        measure, line = self._measure()
        em = plan.em
        x0, y0, x1, y1 = plan.rect
        inset = plan.inset
        # the drawing itself too: the key may also go under or over the body, across
        body = [anatomy_box(self.drawing)] if self.drawing is not None else []
        taken = [b.box for b in settled if b.key != GUIDE_KEY] + list(words) + list(cells) + \
            body + [b.box for b in settled if b.key == GUIDE_KEY]
        leaders = [(b.anchor, b.end) for b in settled]
        key = (plan, tuple(taken), tuple(leaders), self.language)
        if self._last_key[0] != key:
            found = free_corner(guide_words("key", self.language), measure, em, line,
                                2 * em, [(plan.edges[1], x1 - inset), (x0 + inset, plan.edges[0]),
                                         (x0 + inset, x1 - inset)],
                                (y0 + inset, y1 - inset), taken, leaders, step=em * 0.25,
                                from_high=True)
            self._last_key = (key, found)
        return self._last_key[1]

    _last_key: tuple = (None, None)
    _last_layout: tuple = (None, [])
    _last_plan: tuple = (None, None)

    def _keep_words_apart(self, k: float) -> None:
        """Zoomed in: each lesion's label goes on a free side of its marker; anatomy labels
        still in the way of a mark's words move along their edge column, or are left out
        while they would be covered (``desktop_app.model.label_layout``)."""
        shown = [lab for lab in self.layer.labels.values()
                 if self.labels_on and lab.isVisible()]
        boxes = [_rect(lab.box()) for lab in shown]
        leaders = [((lab.anchor.x(), lab.anchor.y()), (lab.at.x(), lab.at.y()))
                   for lab in shown]
        words = self._choose_lesion_sides(boxes, leaders, [])
        if not shown or not words:
            return
        frame = _rect(self.view.visible_scene_rect())
        shifts = settle_labels(boxes, [lab.right_aligned for lab in shown], obstacles=words,
                               frame=frame, gap=2.0 * k)
        for lab, dy in zip(shown, shifts):
            if dy is None:
                lab.setVisible(False)
            elif dy:
                lab.shift(dy)

    # ------------------------------------------------------------------ structures
    def tooltip_for(self, structure_id: str) -> str:
        try:
            return self.atlas.structure(structure_id).tooltip(self.language)
        except KeyError:
            return ""

    def select_structure(self, structure_id: str | None) -> None:
        self.selected = structure_id or None
        self.layer.selection.show_path(self.layer.outline(self.selected))

    def _on_clicked(self, structure_id: str) -> None:
        self.select_structure(structure_id or None)
        if structure_id:
            self.structureActivated.emit(structure_id)

    def structure_at(self, scene_x: float, scene_y: float) -> str | None:
        """The structure painted topmost at a scene point (diagram units)."""
        return self.layer.structure_at(QPointF(scene_x, scene_y))
