"""Clinical sign-off in the app: Help ▸ "Clinical sign-off…".

A surgeon (or the clinic's patient-education lead) reads each item, in each language, as the
patient will see it — with its sources and clinician note — and approves it or flags it, under
their name and role. Decisions go to the clinic's sign-off file (see
:mod:`desktop_app.infra.signoff_store`) at once. The item cards then say which state their
text is in. Nothing here blocks the use of text that nobody has reviewed.
"""

from __future__ import annotations

import datetime as _dt
import html
import logging
from typing import TypeVar

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QSplitter, QTextBrowser,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop_app.model.content import ContentLibrary, Item
from desktop_app.model.signoff import APPROVED, FLAGGED, ItemState, SignoffBook
from desktop_app.ui import theme

log = logging.getLogger("presacral")

W = TypeVar("W", bound=QObject)


def _named(widget: W, name: str) -> W:
    """``widget`` with its object name (PySide6's stubs omit the objectName= keyword)."""
    widget.setObjectName(name)
    return widget

LANGUAGE_NAMES = {"en": "English", "es": "Español"}
SHORT_STATE = {"none": "Not reviewed", "reviewed": "Reviewed by {name}, {date}",
               "changed": "Changed since review ({name}, {date})",
               "flagged": "Flagged by {name}, {date}"}


def short_state(state: ItemState) -> str:
    d = state.decision
    if d is None:
        return SHORT_STATE["none"]
    return SHORT_STATE[state.kind].format(name=d.name, date=d.date)


class ClinicSignoff(QObject):
    """The clinic's sign-off record for this window: read once, saved after each decision."""

    changed = Signal()

    def __init__(self, config, parent=None):
        super().__init__(parent)
        from desktop_app.services import ServiceError, load_signoff

        self.error = ""
        try:
            self.book, self.path = load_signoff(config)
        except ServiceError as exc:
            # a broken record is reported and left alone: saving over it would lose what it
            # holds, so decisions cannot be recorded until IT repairs or replaces it
            from desktop_app.infra.signoff_store import signoff_path

            self.book, self.path, self.error = SignoffBook(), signoff_path(config), str(exc)
            log.warning("clinical sign-off file not used: %s", exc)

    @property
    def writable(self) -> bool:
        return not self.error

    def state(self, item: Item, language: str) -> ItemState:
        return self.book.state(item, language)

    def decide(self, item: Item, language: str, decision: str, name: str, role: str,
               note: str = "", today: _dt.date | None = None) -> None:
        """Record and save; raises ValueError (missing name / role) or
        SignoffStoreError (cannot save: the decision is not kept)."""
        from desktop_app.infra.signoff_store import SignoffStoreError, write_text

        if self.error:
            raise SignoffStoreError(self.error)
        decision_ = self.book.decide(item, language, decision, name, role, today=today,
                                     note=note)
        try:
            write_text(self.path, self.book.to_json())
        except SignoffStoreError:
            self.book.decisions.remove(decision_)
            raise
        self.changed.emit()


def item_review_html(library: ContentLibrary, item: Item, state: ItemState) -> str:
    """The item as the patient reads it, then (for the reviewer) its sources, clinician note
    and sign-off state."""
    from desktop_app.ui.content_tabs import detail_html

    refs = "".join(
        f"<li>{html.escape(library.references[r].citation if r in library.references else r)}"
        "</li>" for r in item.sources)
    parts = [f"<h2>{html.escape(item.title)}</h2>",
             f"<p><b>{html.escape(item.summary)}</b></p>", detail_html(item),
             "<hr><h3>Sources</h3>", f"<ol>{refs}</ol>"]
    if item.clinician_note:
        parts.append(f"<h3>Clinician note (never shown to the patient)</h3>"
                     f"<p>{html.escape(item.clinician_note)}</p>")
    parts.append(f"<h3>Sign-off at this clinic</h3><p>{html.escape(state.sentence('en'))}</p>")
    if state.decision is not None and state.decision.note:
        parts.append(f"<p><i>Note: {html.escape(state.decision.note)}</i></p>")
    return "".join(parts)


class ReviewDialog(QDialog):
    """Lists every item per language with its state; Approve / Flag the selected one."""

    def __init__(self, signoff: ClinicSignoff, content_for, languages=("en", "es"),
                 parent=None):
        super().__init__(parent)
        self.setObjectName("review_dialog")
        self.setWindowTitle("Clinical sign-off")
        self.signoff = signoff
        self.content_for = content_for
        self.resize(980, 680)
        layout = QVBoxLayout(self)

        intro = QLabel(
            "Read each item as the patient will see it, then approve it or flag it for "
            "changes. Approvals are saved for this clinic with your name and role, in "
            f"<code>{html.escape(str(signoff.path))}</code>. If the text changes later, its "
            "approval no longer counts. Unreviewed text can still be used; it is never "
            "shown as reviewed.")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)
        if signoff.error:
            problem = _named(QLabel("<b>Sign-off file not used:</b> "
                                    + html.escape(signoff.error)), "review_error")
            problem.setWordWrap(True)
            problem.setStyleSheet(theme.note_css())
            layout.addWidget(problem)

        top = QHBoxLayout()
        top.addWidget(QLabel("Language:"))
        self.language = _named(QComboBox(), "review_language")
        for code in languages:
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language.setAccessibleName("Language of the text to review")
        top.addWidget(self.language)
        top.addStretch(1)
        self.counts = _named(QLabel(), "review_counts")
        top.addWidget(self.counts)
        layout.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = _named(QTreeWidget(), "review_items")
        self.tree.setHeaderLabels(["Item", "Sign-off"])
        self.tree.setColumnWidth(0, 260)
        self.tree.setAccessibleName("Items to review")
        split.addWidget(self.tree)
        self.view = _named(QTextBrowser(), "review_item_text")
        self.view.setOpenExternalLinks(False)  # the app is offline
        split.addWidget(self.view)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)

        form_box = QWidget()
        form = QFormLayout(form_box)
        settings = QSettings()
        self.name = _named(QLineEdit(str(settings.value("signoff/name", ""))), "review_name")
        self.name.setPlaceholderText("for example Dr A. Surgeon")
        self.role = _named(QLineEdit(str(settings.value("signoff/role", ""))), "review_role")
        self.role.setPlaceholderText("for example Consultant colorectal surgeon")
        self.note = _named(QLineEdit(), "review_note")
        self.note.setPlaceholderText("What should change (for a flag); optional")
        form.addRow("Your name:", self.name)
        form.addRow("Your role:", self.role)
        form.addRow("Note:", self.note)
        layout.addWidget(form_box)

        buttons = QHBoxLayout()
        self.approve = _named(QPushButton("Approve this text"), "review_approve")
        self.flag = _named(QPushButton("Flag for changes"), "review_flag")
        self.status = _named(QLabel(), "review_status")
        self.status.setWordWrap(True)
        buttons.addWidget(self.approve)
        buttons.addWidget(self.flag)
        buttons.addWidget(self.status, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        self.language.currentIndexChanged.connect(lambda _i: self.fill())
        self.tree.currentItemChanged.connect(lambda *_: self._show_current())
        self.name.textChanged.connect(lambda _t: self._update_buttons())
        self.role.textChanged.connect(lambda _t: self._update_buttons())
        self.approve.clicked.connect(lambda: self.decide(APPROVED))
        self.flag.clicked.connect(lambda: self.decide(FLAGGED))
        self.fill()

    # ---------------------------------------------------------------- list
    @property
    def lang(self) -> str:
        return self.language.currentData() or "en"

    @property
    def library(self) -> ContentLibrary:
        return self.content_for(self.lang)

    def fill(self, select: str | None = None) -> None:
        select = select or self.current_item_id()
        self.tree.clear()
        reviewed = total = 0
        chosen = None
        for topic in self.library.topics.values():
            parent = QTreeWidgetItem([topic.title, ""])
            parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(parent)
            for item in topic.items:
                state = self.signoff.state(item, self.lang)
                row = QTreeWidgetItem([item.title, short_state(state)])
                row.setData(0, Qt.ItemDataRole.UserRole, item.id)
                parent.addChild(row)
                total += 1
                reviewed += state.is_reviewed
                if item.id == select:
                    chosen = row
            parent.setExpanded(True)
        self.counts.setText(f"{reviewed} of {total} items reviewed in "
                            f"{LANGUAGE_NAMES.get(self.lang, self.lang)}")
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self._show_current()

    def current_item_id(self) -> str | None:
        row = self.tree.currentItem() if hasattr(self, "tree") else None
        return row.data(0, Qt.ItemDataRole.UserRole) if row is not None else None

    def select_item(self, item_id: str) -> bool:
        """Select ``item_id`` in the list (tests and keyboard users)."""
        for i in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(i)
            for j in range(parent.childCount() if parent is not None else 0):
                row = parent.child(j) if parent is not None else None
                if row is not None and row.data(0, Qt.ItemDataRole.UserRole) == item_id:
                    self.tree.setCurrentItem(row)
                    return True
        return False

    def _show_current(self) -> None:
        item = self.library.item(self.current_item_id() or "")
        if item is None:
            self.view.setHtml("<p>Choose an item on the left to read it as the patient "
                              "will.</p>")
        else:
            self.view.setHtml(item_review_html(self.library, item,
                                               self.signoff.state(item, self.lang)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = (self.signoff.writable and self.current_item_id() is not None
                 and bool(self.name.text().strip()) and bool(self.role.text().strip()))
        self.approve.setEnabled(ready)
        self.flag.setEnabled(ready)
        if not self.name.text().strip() or not self.role.text().strip():
            self.status.setText("Enter your name and role to approve or flag.")

    # ---------------------------------------------------------------- decide
    def decide(self, decision: str) -> bool:
        from desktop_app.infra.signoff_store import SignoffStoreError

        item = self.library.item(self.current_item_id() or "")
        if item is None:
            return False
        try:
            self.signoff.decide(item, self.lang, decision, self.name.text(), self.role.text(),
                                note=self.note.text())
        except (ValueError, SignoffStoreError) as exc:
            self.status.setText(f"Not saved: {exc}")
            return False
        settings = QSettings()
        settings.setValue("signoff/name", self.name.text().strip())
        settings.setValue("signoff/role", self.role.text().strip())
        self.note.clear()
        verb = "Approved" if decision == APPROVED else "Flagged"
        self.status.setText(f"{verb}: “{item.title}”.")
        self.fill(select=item.id)
        return True


def install_signoff(window) -> ClinicSignoff:
    """Give a main window its clinic sign-off record, the Help menu entry, and the sign-off
    state line on every item card (refreshed after each decision)."""
    from PySide6.QtGui import QAction

    signoff = ClinicSignoff(window.config, window)
    window.signoff = signoff

    def state_text(item: Item) -> str:
        # the state of the text on the card itself (the window's language)
        return "Clinical sign-off: " + signoff.state(item, window.library.language).sentence()

    for page in window.pages.values():
        page.set_review_provider(state_text)

    def refresh() -> None:
        for page in window.pages.values():
            page.refresh_review()

    signoff.changed.connect(refresh)

    def open_dialog() -> ReviewDialog:
        dialog = ReviewDialog(signoff, window.content_for, parent=window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        lang = window.document.consultation.language or "en"
        dialog.language.setCurrentIndex(max(0, dialog.language.findData(lang)))
        window.review_dialog = dialog
        dialog.show()
        return dialog

    window.show_signoff = open_dialog
    act = _named(QAction("Clinical &sign-off…", window), "act_signoff")
    act.setToolTip("Review and approve the patient text for this clinic")
    act.triggered.connect(lambda _=False: open_dialog())
    for menu_action in window.menuBar().actions():
        if menu_action.menu() is not None and menu_action.text().replace("&", "") == "Help":
            menu = menu_action.menu()
            first = menu.actions()[0] if menu.actions() else None
            menu.insertAction(first, act)
            break
    window.act_signoff = act
    return signoff


def topic_rows(library: ContentLibrary, signoff: ClinicSignoff | None) -> dict[str, str]:
    """Per topic, how many of its items a clinician at this clinic has signed off."""
    if signoff is None:
        return {}
    out = {}
    for key, topic in library.topics.items():
        done = sum(signoff.state(i, library.language).is_reviewed for i in topic.items)
        out[key] = (f"{done} of {len(topic.items)} items reviewed" if done
                    else "Not yet reviewed by a clinician here")
    return out
