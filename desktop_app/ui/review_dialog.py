"""Clinical sign-off in the app: Help ▸ "Clinical sign-off…".

A surgeon (or the clinic's patient-education lead) reads each section, in each language, as
the patient will see it — with sources, clinician notes and, for text edited since its last
approval, the words that changed — and approves the section once read to its end, or approves
or flags one item, under their name and role. Decisions go to the clinic's sign-off file (see
:mod:`desktop_app.infra.signoff_store`) at once. The item cards then say which state their
text is in. Nothing here blocks the use of text that nobody has reviewed.
"""

from __future__ import annotations

import datetime as _dt
import html
import logging

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QSplitter, QTextBrowser,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop_app.infra.qtnames import named
from desktop_app.infra.signoff_store import shown
from desktop_app.model.content import ContentLibrary, Item, Topic
from desktop_app.model.signoff import (APPROVED, FLAGGED, ItemState, SignoffBook, patient_text,
                                       text_changes)
from desktop_app.ui import theme

log = logging.getLogger("presacral")


SECTION = "section:"        # the tree's key of a section row
HINTS = ("Enter your name and role to approve or flag.",
         "Read the section to its end to approve it.")
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
        self.decide_many([item], language, decision, name, role, note=note, today=today)

    def decide_many(self, items: list[Item], language: str, decision: str, name: str,
                    role: str, note: str = "", today: _dt.date | None = None) -> None:
        """One decision per item, saved together: under the record's lock the file is read
        again and ours are added to what is there (a colleague's decisions saved meanwhile
        are kept, and shown from now on)."""
        from desktop_app.infra.signoff_store import SignoffStoreError, update
        from desktop_app.model.signoff import SignoffError

        if self.error:
            raise SignoffStoreError(self.error)
        scratch = SignoffBook()
        mine = [scratch.decide(item, language, decision, name, role, today=today, note=note)
                for item in items]
        writer = {"name": mine[0].name, "role": mine[0].role,
                  "at": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                  "machine": _machine()} if mine else None
        before = SignoffBook(list(self.book.decisions), dict(self.book.saved_by))
        try:
            update(self.path, lambda text: self.book.merged_into(text, mine, writer))
        except SignoffError as exc:
            self.book = before
            raise SignoffStoreError(f"the sign-off file cannot be used: {exc}") from None
        except SignoffStoreError:
            self.book = before      # not saved: not shown as decided
            raise
        self.changed.emit()

    def reload(self) -> None:
        """Read the record again (a colleague may have signed off meanwhile)."""
        from desktop_app.infra.signoff_store import SignoffStoreError, read_text
        from desktop_app.model.signoff import SignoffError

        if self.error:
            return
        try:
            text = read_text(self.path)
            book = SignoffBook() if text is None else SignoffBook.from_json(text)
        except (SignoffStoreError, SignoffError) as exc:
            log.warning("clinical sign-off file not re-read: %s", exc)
            return
        if book != self.book:
            self.book = book
            self.changed.emit()

    def last_writer(self) -> str:
        """Who saved the record last, as the file says (unsigned: anyone who can write it can
        write anything), for the sign-off window."""
        who = self.book.saved_by
        if not who:
            return "not recorded"
        parts = [who.get("name", "unknown")]
        if who.get("role"):
            parts[0] += f" ({who['role']})"
        if who.get("machine"):
            parts.append(f"on {who['machine']}")
        if who.get("at"):
            parts.append(f"at {who['at']}")
        return " ".join(parts)


def _machine() -> str:
    """This computer's name (Qt's: no network module is imported for it)."""
    from PySide6.QtCore import QSysInfo

    return QSysInfo.machineHostName()[:100]


def changes_html(old: str, new: str) -> str:
    """The word-by-word changes from the approved text to today's: removed words struck
    through on red, added words underlined on green (escaped: the text is file content)."""
    css = {"removed": "background-color:#fde2e2; text-decoration:line-through; color:#8a1c1c",
           "added": "background-color:#dcf5dc; text-decoration:underline; color:#1d5e1d"}
    out = []
    for kind, text in text_changes(old, new):
        part = html.escape(text).replace("\n", "<br>")
        out.append(part if kind == "same" else f"<span style='{css[kind]}'>{part}</span>")
    return "".join(out)


def _changed_part(signoff: ClinicSignoff, item: Item, language: str, state: ItemState) -> str:
    if state.kind != "changed":
        return ""
    old = signoff.book.approved_text(item, language)
    if old is None:
        return ("<h3>Changed since the last approval</h3><p>The earlier text was not kept "
                "with that approval; read the whole item.</p>")
    return ("<h3>Changed since the last approval</h3>"
            "<p style='color:#555'>Struck through: removed. Underlined: added.</p>"
            f"<p>{changes_html(old, patient_text(item))}</p>")


def item_review_html(library: ContentLibrary, item: Item, state: ItemState,
                     changed: str = "") -> str:
    """The item as the patient reads it, then (for the reviewer) what changed since the last
    approval, its sources, clinician note and sign-off state."""
    from desktop_app.ui.content_tabs import detail_html

    refs = "".join(
        f"<li>{html.escape(library.references[r].citation if r in library.references else r)}"
        "</li>" for r in item.sources)
    parts = [f"<h2>{html.escape(item.title)}</h2>", changed,
             f"<p><b>{html.escape(item.summary)}</b></p>", detail_html(item),
             "<hr><h3>Sources</h3>", f"<ol>{refs}</ol>"]
    if item.clinician_note:
        parts.append(f"<h3>Clinician note (never shown to the patient)</h3>"
                     f"<p>{html.escape(item.clinician_note)}</p>")
    parts.append(f"<h3>Sign-off at this clinic</h3><p>{html.escape(state.sentence('en'))}</p>")
    if state.decision is not None and state.decision.note:
        parts.append(f"<p><i>Note: {html.escape(state.decision.note)}</i></p>")
    return "".join(parts)


def section_review_html(signoff: ClinicSignoff, library: ContentLibrary, topic: Topic,
                        language: str) -> str:
    """A whole section as the patient reads it, item after item, each with its state and,
    when its approved text was edited since, the changes."""
    parts = [f"<h1>{html.escape(topic.title)}</h1>"]
    for item in topic.items:
        state = signoff.state(item, language)
        parts.append(f"<p style='color:#555'>{html.escape(short_state(state))}</p>")
        parts.append(item_review_html(library, item, state,
                                      _changed_part(signoff, item, language, state)))
        parts.append("<hr>")
    parts.append("<p><i>End of the section.</i></p>")
    return "".join(parts)


def section_counts(signoff: ClinicSignoff, topic: Topic, language: str) -> str:
    kinds = [signoff.state(i, language).kind for i in topic.items]
    text = f"{kinds.count('reviewed')} of {len(kinds)} reviewed"
    for kind, word in (("changed", "changed"), ("flagged", "flagged")):
        if kinds.count(kind):
            text += f", {kinds.count(kind)} {word}"
    return text


class ReviewDialog(QDialog):
    """Sections and their items per language, with their states. Choose a section to read it
    whole (changes since the last approval marked) and approve it once read to its end, or
    an item to approve or flag it alone."""

    def __init__(self, signoff: ClinicSignoff, content_for, languages=("en", "es"),
                 parent=None):
        super().__init__(parent)
        self.setObjectName("review_dialog")
        self.setWindowTitle("Clinical sign-off")
        self.signoff = signoff
        self.content_for = content_for
        self.read_to_end = False
        self.resize(980, 680)
        layout = QVBoxLayout(self)

        intro = QLabel(
            "Read each section as the patient will see it, then approve it, or choose one "
            "item to approve or flag it for changes. Text changed since its last approval "
            "shows what changed. Approvals are saved for this clinic with your name and role. "
            "If the text changes later, its approval no longer counts. Unreviewed text can "
            "still be used; it is never shown as reviewed.")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)
        self.file_line = named(QLabel(), "review_file")
        self.file_line.setTextFormat(Qt.TextFormat.PlainText)
        self.file_line.setWordWrap(True)
        self.file_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.file_line)
        if signoff.error:
            problem = named(QLabel("Sign-off file not used: " + signoff.error),
                             "review_error")
            problem.setTextFormat(Qt.TextFormat.PlainText)
            problem.setWordWrap(True)
            problem.setStyleSheet(theme.note_css())
            layout.addWidget(problem)

        top = QHBoxLayout()
        top.addWidget(QLabel("Language:"))
        self.language = named(QComboBox(), "review_language")
        for code in languages:
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language.setAccessibleName("Language of the text to review")
        top.addWidget(self.language)
        top.addStretch(1)
        self.counts = named(QLabel(), "review_counts")
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(self.counts)
        layout.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = named(QTreeWidget(), "review_items")
        self.tree.setHeaderLabels(["Section / item", "Sign-off"])
        self.tree.setColumnWidth(0, 260)
        self.tree.setAccessibleName("Sections and items to review")
        split.addWidget(self.tree)
        self.view = named(QTextBrowser(), "review_item_text")
        self.view.setOpenExternalLinks(False)  # the app is offline
        split.addWidget(self.view)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)

        form_box = QWidget()
        form = QFormLayout(form_box)
        settings = QSettings()
        self.name = named(QLineEdit(str(settings.value("signoff/name", ""))), "review_name")
        self.name.setPlaceholderText("for example Dr A. Surgeon")
        self.role = named(QLineEdit(str(settings.value("signoff/role", ""))), "review_role")
        self.role.setPlaceholderText("for example Consultant colorectal surgeon")
        self.note = named(QLineEdit(), "review_note")
        self.note.setPlaceholderText("What should change (for a flag); optional")
        form.addRow("Your name:", self.name)
        form.addRow("Your role:", self.role)
        form.addRow("Note:", self.note)
        layout.addWidget(form_box)

        buttons = QHBoxLayout()
        self.approve_section = named(QPushButton("Approve this section"),
                                      "review_approve_section")
        self.approve_section.setToolTip("Approves every item of the section not yet approved "
                                        "or flagged; enabled once you have read to its end")
        self.approve = named(QPushButton("Approve this text"), "review_approve")
        self.flag = named(QPushButton("Flag for changes"), "review_flag")
        self.status = named(QLabel(), "review_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        buttons.addWidget(self.approve_section)
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
        self.approve_section.clicked.connect(lambda: self.approve_current_section())
        bar = self.view.verticalScrollBar()
        bar.valueChanged.connect(lambda _v: self._check_read())
        bar.rangeChanged.connect(lambda *_: self._check_read())
        self.signoff.reload()
        self.fill()

    # ---------------------------------------------------------------- list
    @property
    def lang(self) -> str:
        return self.language.currentData() or "en"

    @property
    def library(self) -> ContentLibrary:
        return self.content_for(self.lang)

    def fill(self, select: str | None = None) -> None:
        select = select or self.current_key()
        self.tree.clear()
        reviewed = total = 0
        chosen = None
        for key, topic in self.library.topics.items():
            parent = QTreeWidgetItem([topic.title,
                                      section_counts(self.signoff, topic, self.lang)])
            parent.setData(0, Qt.ItemDataRole.UserRole, SECTION + key)
            self.tree.addTopLevelItem(parent)
            if SECTION + key == select:
                chosen = parent
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
        self.file_line.setText(f"Sign-off file: {shown(self.signoff.path)}. Last saved by: "
                               f"{self.signoff.last_writer()} (as the file says: anyone who "
                               "can write the file can write any name).")
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self._show_current()

    def current_key(self) -> str | None:
        """The selected row: an item id, or ``section:KEY`` for a section."""
        row = self.tree.currentItem() if hasattr(self, "tree") else None
        return row.data(0, Qt.ItemDataRole.UserRole) if row is not None else None

    def current_item_id(self) -> str | None:
        key = self.current_key()
        return None if key is None or key.startswith(SECTION) else key

    def current_topic(self) -> Topic | None:
        key = self.current_key()
        if key is None or not key.startswith(SECTION):
            return None
        return self.library.topics.get(key[len(SECTION):])

    def select_item(self, item_id: str) -> bool:
        """Select ``item_id`` (or ``section:KEY``) in the list (tests and keyboard users)."""
        for i in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(i)
            if parent is None:
                continue
            rows = [parent] + [parent.child(j) for j in range(parent.childCount())]
            for row in rows:
                if row is not None and row.data(0, Qt.ItemDataRole.UserRole) == item_id:
                    self.tree.setCurrentItem(row)
                    return True
        return False

    def _show_current(self) -> None:
        self.read_to_end = False
        topic = self.current_topic()
        item = self.library.item(self.current_item_id() or "")
        if topic is not None:
            self.view.setHtml(section_review_html(self.signoff, self.library, topic, self.lang))
        elif item is None:
            self.view.setHtml("<p>Choose a section or an item on the left to read it as the "
                              "patient will.</p>")
        else:
            state = self.signoff.state(item, self.lang)
            self.view.setHtml(item_review_html(
                self.library, item, state, _changed_part(self.signoff, item, self.lang, state)))
        self.view.verticalScrollBar().setValue(0)
        self._check_read()
        key = self.current_key()
        QTimer.singleShot(0, self, lambda: self._check_fits(key))

    def _check_read(self) -> None:
        """A section counts as read once its text has been scrolled to the end."""
        bar = self.view.verticalScrollBar()
        if self.current_topic() is not None and bar.maximum() > 0 \
                and bar.value() >= bar.maximum():
            self.read_to_end = True
        self._update_buttons()

    def _check_fits(self, key: str | None) -> None:
        """After the text is laid out (the next turn of the event loop: during setHtml the
        scroll range is not yet known): a section that fits on screen counts as read."""
        if key is not None and key == self.current_key() and \
                self.view.verticalScrollBar().maximum() == 0:
            self.read_to_end = True
            self._update_buttons()

    def _update_buttons(self) -> None:
        signer = bool(self.name.text().strip()) and bool(self.role.text().strip())
        ready = self.signoff.writable and signer
        self.approve.setEnabled(ready and self.current_item_id() is not None)
        self.flag.setEnabled(ready and self.current_item_id() is not None)
        topic = self.current_topic()
        self.approve_section.setEnabled(ready and topic is not None and self.read_to_end
                                        and bool(self._to_approve(topic)))
        hint = ("Enter your name and role to approve or flag." if not signer
                else "Read the section to its end to approve it."
                if topic is not None and not self.read_to_end else "")
        if hint:
            self.status.setText(hint)
        elif self.status.text() in HINTS:     # a hint that no longer applies goes
            self.status.clear()

    def _to_approve(self, topic: Topic) -> list[Item]:
        """The section's items an approval of the section covers: not those approved as they
        are, nor those a clinician flagged (a flag is answered item by item)."""
        return [i for i in topic.items
                if self.signoff.state(i, self.lang).kind in ("none", "changed")]

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
        self._remember_signer()
        verb = "Approved" if decision == APPROVED else "Flagged"
        self.status.setText(f"{verb}: “{item.title}”.")
        self.fill(select=item.id)
        return True

    def approve_current_section(self) -> bool:
        from desktop_app.infra.signoff_store import SignoffStoreError

        topic = self.current_topic()
        if topic is None or not self.read_to_end:
            return False
        items = self._to_approve(topic)
        if not items:
            return False
        try:
            self.signoff.decide_many(items, self.lang, APPROVED, self.name.text(),
                                     self.role.text(), note=self.note.text())
        except (ValueError, SignoffStoreError) as exc:
            self.status.setText(f"Not saved: {exc}")
            return False
        self._remember_signer()
        self.fill(select=SECTION + topic.key)
        self.status.setText(f"Approved {len(items)} items of “{topic.title}”.")
        return True

    def _remember_signer(self) -> None:
        settings = QSettings()
        settings.setValue("signoff/name", self.name.text().strip())
        settings.setValue("signoff/role", self.role.text().strip())
        self.note.clear()


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
    act = named(QAction("Clinical &sign-off…", window), "act_signoff")
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
