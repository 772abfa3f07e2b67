"""The surgeon's main window: diagram on the left, explanations and the visit on the right."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget)

from desktop_app import APP_NAME
from desktop_app.infra import recovery
from desktop_app.infra.config import ClinicConfig
from desktop_app.infra.qtnames import named
from desktop_app.document import Document
from desktop_app.model.consultation import Consultation
from desktop_app.model.content import ContentLibrary
from desktop_app.ui.content_tabs import TopicPage
from desktop_app.ui import look, plain_text, window_geometry
from desktop_app.ui.explain_area import ExplainArea
from desktop_app.ui.file_actions import FileActions
from desktop_app.ui.navigation import SectionList
from desktop_app.ui.patient_panel import PatientPanel
from desktop_app.ui.room_layout import DrawingFirstSplitter

if TYPE_CHECKING:      # made or installed after the window's first paint
    from desktop_app.ui.lesion_dock import LesionDock
    from desktop_app.ui.lesion_panel import LesionPanel
    from desktop_app.ui.presentation import PresentationWindow
    from desktop_app.ui.review_dialog import ClinicSignoff

log = logging.getLogger("presacral.ui")

TAB_TOPICS = ("overview", "tumour_types", "symptoms", "workup", "treatments", "questions",
              "glossary", "when_to_call")
NOTES_KEY = "content/clinician_notes"   # the surgeon's choice: clinician notes shown
MIN_PAGE_WIDTH = 300     # px: the narrowest the explanations' pages get (cards stay readable)


class LazyPage(QWidget):
    """A tab page whose content widget is made the first time the page is shown or asked
    for (what the user has not opened yet need not slow the start)."""

    def __init__(self, make: Callable[[], QWidget],
                 objectName: str = ""):  # noqa: N803 - Qt's keyword
        super().__init__()
        self.setObjectName(objectName)
        self._make = make
        self._content: QWidget | None = None
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)

    def content(self) -> QWidget:
        if self._content is None:
            self._content = self._make()
            self._box.addWidget(self._content)
            self._content.show()  # made inside showEvent: Qt has shown the children already
        return self._content

    def is_built(self) -> bool:
        return self._content is not None

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.content()
        super().showEvent(event)


class MainWindow(QMainWindow):
    """One consultation per window. ``document`` is the single source of truth."""

    consultationSaved = Signal(str)

    # set by the installers called from __init__ (ui/lesion_dock.py, ui/review_dialog.py)
    lesion_dock: LesionDock | None = None       # (none without the anatomy drawing)
    signoff: ClinicSignoff

    def fill_contacts(self, text: str) -> str:
        """Content text with the clinic's numbers in place of its {tokens} (as printed)."""
        from desktop_app.model.contacts import fill_contacts

        return fill_contacts(text, self.config, self.library.language)

    def __init__(self, library: ContentLibrary, config: ClinicConfig | None = None,
                 atlas=None, content_for=None, parent=None):
        super().__init__(parent)
        plain_text.install()      # every label plain text unless it asks for rich text
        self.library = library
        self.config = config or ClinicConfig()
        self.atlas = atlas
        # language -> ContentLibrary (for the patient's language in PDF / presentation)
        self.content_for = content_for or (lambda _lang: library)
        self.document = Document(Consultation(language=self.config.language))
        self.files = FileActions(self, self.document, self.config, atlas=atlas,
                                 content_for=self.content_for,
                                 on_saved=self.consultationSaved.emit)
        self.setObjectName("main_window")
        # a size that fits this screen (the app then puts it where the start screen is, which
        # is where the window was last closed)
        self.resize(window_geometry.first_rect(self.screen()).size())

        self.pages: dict[str, TopicPage] = {}
        self._last_pane_image: str | None = None  # the Images tab's image, as last reported
        self._build_ui()
        self._build_actions()
        from desktop_app.ui.disclaimer_banner import install_disclaimer
        from desktop_app.ui.review_dialog import install_signoff
        install_disclaimer(self)   # the disclaimer on screen, in the patient's language
        from desktop_app.ui.biopsy_warning import install_biopsy_warning
        install_biopsy_warning(self)  # a biopsy ticked with a possible meningocele
        from desktop_app.ui.plan_warning import install_plan_warning
        install_plan_warning(self)    # an area's approach against the operation ticked
        install_signoff(self)      # Help ▸ Clinical sign-off…, and each card's sign-off line
        from desktop_app.ui.keyboard_access import install_keyboard_access
        install_keyboard_access(self)  # keyboard routes to the diagram (accessibility)
        look.install(self)             # cards, section list, accent: from the system palette
        self.document.dirtyChanged.connect(self.setWindowModified)
        self.document.pathChanged.connect(lambda _p: self._update_title())
        self._update_title()

    # ---------------------------------------------------------------- layout
    def _build_ui(self) -> None:
        # the drawing keeps its share of the window's width when the lesion panel opens
        self.splitter = DrawingFirstSplitter(name="main_splitter")
        self.splitter.setChildrenCollapsible(False)
        left = named(QWidget(), "drawing_column")
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.setSpacing(0)
        self.diagram_pane = self._build_diagram_pane()
        # drawing on the diagram: tools and marks on the pane, lesion panel in a dock
        from desktop_app.diagram.annotations import install_annotations
        from desktop_app.ui.lesion_dock import add_lesion_dock
        self.annotations = install_annotations(self.diagram_pane, self.document, self.atlas)
        if self.annotations is not None:
            add_lesion_dock(self, self.annotations, self.library)
            # the drawing's parts and marks for screen readers (Page Down / Up walk them)
            from desktop_app.diagram.accessibility import install_diagram_accessibility
            install_diagram_accessibility(self.diagram_pane, self.annotations.layer,
                                          self.annotations)
        ll.addWidget(self.diagram_pane, 1)
        # a strip of fixed height: explaining a part never moves the drawing
        self.explain_area = ExplainArea()
        self.explain_area.linkActivated.connect(self.reveal_item)
        self.info = self.explain_area.info
        ll.addWidget(self.explain_area)
        self.splitter.addWidget(left)

        self.explanations_column = right = named(QWidget(), "explanations_column")
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.search = named(QLineEdit(), "content_search")
        self.search.setPlaceholderText("Search all explanations (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search explanations")
        self.results = named(QListWidget(), "search_results")
        self.results.setMaximumHeight(180)
        self.results.hide()
        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(lambda: self._open_result(self.results.item(0)))
        self.results.itemActivated.connect(self._open_result)
        self.results.itemClicked.connect(self._open_result)
        self.search_row = QHBoxLayout()
        self.search_row.setContentsMargins(6, 6, 6, 0)
        self.search_row.addWidget(self.search, 1)
        rl.addLayout(self.search_row)
        rl.addWidget(self.results)

        # the pages; their own tab bar is hidden: the section list beside them shows every
        # section at once (ten tabs did not fit at clinic screen sizes)
        self.tabs = named(QTabWidget(), "content_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().hide()
        keys: dict[QWidget, str] = {}
        self.patient_panel = PatientPanel(self.document)
        self.tabs.addTab(self.patient_panel, "Patient details")
        keys[self.patient_panel] = "visit"
        # the patient's own key images, marked like the diagram; made when the tab is first
        # shown or used (~30 ms of start-up)
        self.images_tab = LazyPage(self._make_image_pane, objectName="images_tab")
        self.tabs.addTab(self.images_tab, "Images")
        keys[self.images_tab] = "images"
        for key in TAB_TOPICS:
            topic = self.library.topic(key)
            if topic is None:
                continue
            page = TopicPage(self.document, self.library, key, fill=self.fill_contacts)
            self.pages[key] = page
            self.tabs.addTab(page, topic.title)
            keys[page] = key
        for widget, key in keys.items():
            widget.setProperty("section_key", key)
        self.sections = SectionList(self.tabs, keys)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.sections)
        body.addWidget(self.tabs, 1)
        rl.addLayout(body, 1)
        self.tabs.setMinimumWidth(MIN_PAGE_WIDTH)
        self.splitter.addWidget(right)
        self.setCentralWidget(self.splitter)
        self.statusBar()

    def _make_image_pane(self) -> QWidget:
        from desktop_app.ui.image_pane import ImagePane

        pane = ImagePane(self.document)
        pane.imageShown.connect(self._on_image_shown)
        pane.scansDropped.connect(self.open_patient_scans)
        pane.scansRequested.connect(lambda: self.open_patient_scans())
        if self.lesion_dock is not None:
            # a lesion selected on a scan shows in the lesion panel
            self.lesion_dock.follow_controller(pane.ctl)
        return pane

    @property
    def lesion_panel(self) -> LesionPanel | None:
        """The lesion panel (made now if it was not yet), or None without a drawing."""
        return self.lesion_dock.panel if self.lesion_dock is not None else None

    def open_patient_scans(self, path=None):
        """The series browser on a CD or folder (asked for when ``path`` is None)."""
        from desktop_app.ui.scan_actions import open_patient_scans

        return open_patient_scans(self, path if isinstance(path, str) and path else None)

    @property
    def image_pane(self):
        """The Images tab's pane (made now if the tab was never shown)."""
        return self.images_tab.content()

    def _build_diagram_pane(self) -> QWidget:
        """The anatomy diagram; a plain placeholder when the atlas is not installed."""
        if self.atlas is None:
            placeholder = named(QLabel("Anatomy diagram not available"), "diagram_placeholder")
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            placeholder.setMinimumSize(480, 480)
            placeholder.setStyleSheet("background:#fbfaf6; color:#8a8f98; font-size:18px;"
                                      "border:1px solid #e3e0d8;")
            return placeholder
        from desktop_app.diagram.pane import DiagramPane

        pane = DiagramPane(self.document, self.atlas)
        pane.setMinimumSize(480, 420)
        pane.structureActivated.connect(self.show_structure)
        return pane

    def _build_actions(self) -> None:
        def action(text, slot, shortcut=None, menu=None, name=None, checkable=False):
            act = QAction(text, self)
            act.setObjectName(name or text)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.setCheckable(checkable)
            (act.toggled if checkable else act.triggered).connect(slot)
            if menu is not None:
                menu.addAction(act)
            self.addAction(act)
            return act

        file_menu = self.menuBar().addMenu("&File")
        made = self.files.add_to_menu(file_menu)
        self.act_new, self.act_open, self.act_save = \
            made["act_new"], made["act_open"], made["act_save"]
        self.act_save_as, self.act_export = made["act_save_as"], made["act_export"]
        # the patient's CD: beside Open, before the separator above Export
        self.act_open_scans = QAction("Open patient &scans…", self)
        self.act_open_scans.setObjectName("act_open_scans")
        self.act_open_scans.triggered.connect(lambda: self.open_patient_scans())
        entries = file_menu.actions()
        file_menu.insertAction(entries[entries.index(self.act_export) - 1], self.act_open_scans)
        self.addAction(self.act_open_scans)
        self.act_print = action("&Print patient summary…", self.print_summary,
                                QKeySequence.StandardKey.Print, file_menu, "act_print")
        file_menu.addSeparator()
        self.act_quit = action("&Quit", self.close, QKeySequence.StandardKey.Quit, file_menu,
                               "act_quit")

        edit_menu = self.menuBar().addMenu("&Edit")
        self.act_undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        # the platform's own keys only (Ctrl+Shift+Z on Linux and macOS, Ctrl+Y as well on
        # Windows): a key listed twice makes Qt call the shortcut ambiguous and do nothing
        self.act_redo.setShortcuts(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.act_undo)
        edit_menu.addAction(self.act_redo)
        from desktop_app.ui.lesion_dock import add_history_dock
        edit_menu.addAction(add_history_dock(self, self.document.undo_stack).toggleViewAction())
        edit_menu.addSeparator()
        action("&Find in explanations", self._focus_search, QKeySequence.StandardKey.Find,
               edit_menu, "act_find")

        self.view_menu = self.menuBar().addMenu("&View")
        if self.lesion_dock is not None:
            self.view_menu.addAction(self.lesion_dock.toggleViewAction())
        self.act_notes = action("Show &clinician notes", self.set_clinician_notes_visible,
                                QKeySequence("Ctrl+Shift+N"), self.view_menu, "act_notes",
                                checkable=True)
        # hidden until the surgeon shows them (the patient reads this screen too); the choice
        # is remembered, and written only when it changes
        self._notes_on = bool(QSettings().value(NOTES_KEY, False, type=bool))
        self.act_notes.setChecked(self._notes_on)
        for page in self.pages.values():
            page.set_clinician_notes_visible(self._notes_on)
        self._build_consultation_room_actions()

        help_menu = self.menuBar().addMenu("&Help")
        action("About this &information…", self.show_about_content, None, help_menu,
               "act_about_content")
        action(f"&About {APP_NAME}", self.show_about, None, help_menu, "act_about")

    # ---------------------------------------------------------------- consultation room
    def _build_consultation_room_actions(self) -> None:
        """Presentation mode (F5) and text size for the explanations (Ctrl +/−/0)."""
        from PySide6.QtWidgets import QToolButton

        self.presentation: PresentationWindow | None = None
        self.view_menu.addSeparator()
        self.act_present = named(QAction("&Present to patient", self), "act_present")
        self.act_present.setShortcut(QKeySequence("F5"))
        self.act_present.setToolTip("Show the diagram and the current topic full screen for "
                                    "the patient — or, from the Images tab, the image shown "
                                    "there (F5; Left / Right switch; Esc leaves)")
        self.act_present.triggered.connect(self.toggle_presentation)
        self.addAction(self.act_present)
        self.view_menu.addAction(self.act_present)
        button = named(QToolButton(), "present_button")
        button.setDefaultAction(self.act_present)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.search_row.addWidget(button)

        # scoped to the explanations side so the same keys zoom the diagram when it has focus
        right = self.explanations_column
        self.text_points = self.tabs.font().pointSizeF()
        self._base_points = self.text_points
        self.view_menu.addSeparator()
        for text, keys, delta, name in (("&Larger text", ("Ctrl+=", "Ctrl++"), 1, "act_text_up"),
                                        ("&Smaller text", ("Ctrl+-",), -1, "act_text_down"),
                                        ("&Normal text size", ("Ctrl+0",), 0, "act_text_reset")):
            act = named(QAction(text, right), name)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _c=False, d=delta: self.scale_text(d))
            right.addAction(act)
            self.view_menu.addAction(act)
        # what the patient sees follows the surgeon's screen
        from desktop_app.ui.presentation_follow import ScreenFollower
        self.follower = ScreenFollower(self)

    def scale_text(self, steps: int) -> None:
        """Bigger or smaller text in the tabs (0 resets); 1 step = 10 %."""
        if steps == 0:
            self.text_points = self._base_points
        else:
            factor = 1.1 if steps > 0 else 1 / 1.1
            self.text_points = min(max(self.text_points * factor, 8.0), 32.0)
        font = self.tabs.font()
        font.setPointSizeF(self.text_points)
        self.tabs.setFont(font)
        self.search.setFont(font)

    def _presentation_window(self) -> PresentationWindow:
        """The patient's window, made the first time it is needed."""
        if self.presentation is None:
            from desktop_app.ui.presentation import PresentationWindow

            self.presentation = PresentationWindow(self.document, self.atlas, self.content_for,
                                                   self, config=self.config)
            self.presentation.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
            # the keys in the patient's window step through cards: the surgeon's follows
            self.presentation.stepped.connect(lambda item_id: item_id and
                                              self.reveal_item(item_id))
        return self.presentation

    def toggle_presentation(self) -> None:
        if self.presentation is not None and self.presentation.isVisible():
            self.presentation.close()
            return
        presentation = self._presentation_window()
        self.follower.push(force=True)
        presentation.present()

    def presented_image_id(self) -> str:
        """The key image presentation mode shows: the one on the Images tab while that tab is
        open ("" : the diagram)."""
        if self.tabs.currentWidget() is self.images_tab and self.images_tab.is_built():
            return self.image_pane.current_id
        return ""

    def present_image(self, image_id: str) -> bool:
        """Show this key image to the patient (opens presentation mode if needed)."""
        if self.document.consultation.image(image_id) is None:
            return False
        if self.presentation is None or not self.presentation.isVisible():
            self.toggle_presentation()
        return self._presentation_window().show_image(image_id)

    def _on_image_shown(self, image_id: str) -> None:
        """Another image picked (or the shown one removed) on the Images tab."""
        if image_id != self._last_pane_image:
            self._last_pane_image = image_id
            self.follower.push()

    # ---------------------------------------------------------------- content
    _notes_on = False

    def set_clinician_notes_visible(self, on: bool) -> None:
        for page in self.pages.values():
            page.set_clinician_notes_visible(on)
        if bool(on) != self._notes_on:
            self._notes_on = bool(on)
            QSettings().setValue(NOTES_KEY, self._notes_on)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_search(self, text: str) -> None:
        self.results.clear()
        hits = self.library.search(text) if len(text.strip()) >= 2 else []
        for item in hits[:40]:
            topic = self.library.topic(item.topic)
            row = QListWidgetItem(f"{item.title}  —  {topic.title if topic else ''}")
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            row.setToolTip(self.fill_contacts(item.summary))
            self.results.addItem(row)
        if text.strip() and not hits:
            self.results.addItem(QListWidgetItem("No matches"))
        self.results.setVisible(bool(text.strip()))

    def _open_result(self, row: QListWidgetItem | None) -> None:
        if row is None:
            return
        item_id = row.data(Qt.ItemDataRole.UserRole)
        if item_id:
            self.reveal_item(item_id)

    def reveal_item(self, item_id: str) -> bool:
        """Switch to the tab holding ``item_id`` and expand it."""
        item = self.library.item(item_id)
        if item is None or item.topic not in self.pages:
            return False
        page = self.pages[item.topic]
        self.tabs.setCurrentWidget(page)
        return page.reveal(item_id)

    def show_structure(self, structure_id: str) -> None:
        """Explain a part of the drawing in the panel under the diagram."""
        if self.atlas is None:
            return
        self.follower.show_structure(structure_id)
        try:
            s = self.atlas.structure(structure_id)
        except KeyError:
            return
        item = self.library.item(s.topic) if s.topic else None
        self.explain_area.show_part(s.lay("en").capitalize(), s.medical, s.description("en"),
                                    item.id if item is not None else "",
                                    item.title if item is not None else "")
        chooser = getattr(self, "structure_chooser", None)
        if chooser is not None:
            chooser.show_structure(structure_id)

    # ---------------------------------------------------------------- files
    def _update_title(self) -> None:
        name = self.document.path.name if self.document.path else "Untitled consultation"
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")

    # the life cycle lives in self.files (ui/file_actions.py); these are its public face
    @property
    def autosaver(self):
        return self.files.autosaver

    def maybe_save(self) -> bool:
        return self.files.maybe_save()

    def new_consultation(self) -> None:
        self.files.new_consultation()

    def open_path(self, path: str | Path) -> bool:
        return self.files.open_path(path)

    def restore_recovered(self, entry: recovery.RecoveryEntry) -> None:
        self.files.restore_recovered(entry)

    def save(self) -> bool:
        return self.files.save()

    def save_to(self, path: str | Path, *, check_disk: bool = True) -> bool:
        return self.files.save_to(path, check_disk=check_disk)

    def export_to(self, path: str | Path) -> bool:
        return self.files.export_to(path)

    def on_unexpected_error(self) -> bool:
        """Called by the global exception hook: secure the work at once."""
        return self.files.autosaver.save_now()

    def print_summary(self) -> int:
        """File ▸ Print patient summary: the PDF's pages on paper (0: nothing printed)."""
        from desktop_app.ui.handout_checks import confirm_handout
        from desktop_app.ui.print_summary import PrintError, print_summary

        if not confirm_handout(self, self.config.phone, self.document.consultation, "Print"):
            return 0
        try:
            printed = print_summary(self)
        except PrintError as exc:
            self._warn("Could not print the summary", str(exc))
            return 0
        if printed:
            self.statusBar().showMessage(f"Sent {printed} pages to the printer", 4000)
        return printed

    def _warn(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok,
                          self)
        box.setObjectName("message_box")
        box.exec()

    # ---------------------------------------------------------------- about
    def show_about_content(self) -> None:
        from desktop_app.ui.dialogs import AboutContentDialog   # (not needed to start)
        from desktop_app.ui.review_dialog import topic_rows

        AboutContentDialog(self.library, self,
                           signoff_rows=topic_rows(self.library, self.signoff)).exec()

    def show_about(self) -> None:
        from desktop_app.ui.dialogs import about_text

        box = QMessageBox(QMessageBox.Icon.NoIcon, f"About {APP_NAME}", about_text(self.config),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("about_box")
        box.setTextFormat(Qt.TextFormat.RichText)     # about_text escapes the clinic's values
        self.about_box = box
        box.exec()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.maybe_save():
            self.autosaver.close()  # saved or explicitly discarded: no recovery file remains
            window_geometry.save(self)
            event.accept()
        else:
            event.ignore()

