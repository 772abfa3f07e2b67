"""The section list: every section of the explanations side, grouped, always in view.

Ten tabs did not fit beside the drawing at clinic screen sizes (the last ones hid behind
scroll arrows). A list down the side of the explanations shows every section at once, in the
order of a consultation — the visit, explaining, planning, what the patient takes home — one
click (or Up / Down) away. It drives a QTabWidget whose own tab bar is hidden, so the pages,
``currentChanged`` and the rest of the window's code stay as they were.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListWidget, QListWidgetItem, QTabWidget

from desktop_app.ui import theme

# (group heading, section keys); a key is a topic key, or "visit" / "images"
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Visit", ("visit", "images")),
    ("Explain", ("overview", "tumour_types", "symptoms")),
    ("Plan", ("workup", "treatments", "questions")),
    ("Hand-out", ("glossary", "when_to_call")),
)
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_PADDING = 6       # px above and below a section's name
SIDE_PADDING = 14     # px either side of the names


class SectionList(QListWidget):
    """Group headings and section names for the pages of ``tabs`` (keyed by ``keys``:
    page widget -> section key). Picking a name shows its page; another page shown in any
    other way (search, a link) is followed here."""

    def __init__(self, tabs: QTabWidget, keys: dict, parent=None):
        super().__init__(parent)
        self.setObjectName("section_list")
        self.setAccessibleName("Sections")
        self.tabs = tabs
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setUniformItemSizes(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.section_items: dict[str, QListWidgetItem] = {}
        by_key = {key: page for page, key in keys.items()}
        used = set()
        for heading, group_keys in GROUPS:
            present = [k for k in group_keys if k in by_key]
            if not present:
                continue
            self._add_heading(heading)
            for key in present:
                self._add_section(key, by_key[key])
                used.add(key)
        leftovers = [k for k in keys.values() if k not in used]   # a topic added later
        if leftovers:
            self._add_heading("More")
            for key in leftovers:
                self._add_section(key, by_key[key])
        self.setFixedWidth(self._needed_width())
        self.currentItemChanged.connect(self._on_current)
        tabs.currentChanged.connect(self._follow_tabs)
        self._follow_tabs(tabs.currentIndex())

    # ------------------------------------------------------------------ building
    def _add_heading(self, text: str) -> None:
        item = QListWidgetItem(text.upper())
        item.setFlags(Qt.ItemFlag.NoItemFlags)      # not selectable, skipped by the keys
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        font.setBold(True)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        item.setFont(font)
        item.setForeground(theme.muted_color())
        top = 4 if self.count() == 0 else 12
        item.setSizeHint(QSize(0, self.fontMetrics().height() + top))
        item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.addItem(item)

    def _add_section(self, key: str, page) -> None:
        text = self.tabs.tabText(self.tabs.indexOf(page))
        item = QListWidgetItem(text)
        item.setData(KEY_ROLE, key)
        item.setToolTip(f"Show “{text}”")
        item.setSizeHint(QSize(0, self.fontMetrics().height() + 2 * ROW_PADDING))
        self.addItem(item)
        self.section_items[key] = item

    def _needed_width(self) -> int:
        widest = max((self.fontMetrics().horizontalAdvance(self.item(i).text())
                      for i in range(self.count())), default=80)
        return widest + 2 * SIDE_PADDING + 8

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        height = sum(self.sizeHintForRow(i) for i in range(self.count())) + 8
        return QSize(self._needed_width(), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self._needed_width(), 0)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            for i in range(self.count()):      # the headings' colour follows the theme
                item = self.item(i)
                if not self.key_of(item):
                    item.setForeground(theme.muted_color())

    # ------------------------------------------------------------------ following
    def key_of(self, item: QListWidgetItem | None) -> str:
        return item.data(KEY_ROLE) if item is not None else ""

    def page_of(self, key: str):
        for i in range(self.tabs.count()):
            if self._key_at(i) == key:
                return self.tabs.widget(i)
        return None

    def _key_at(self, index: int) -> str:
        page = self.tabs.widget(index)
        return page.property("section_key") if page is not None else ""

    def _on_current(self, item: QListWidgetItem | None, _previous=None) -> None:
        key = self.key_of(item)
        page = self.page_of(key) if key else None
        if page is not None and self.tabs.currentWidget() is not page:
            self.tabs.setCurrentWidget(page)

    def _follow_tabs(self, index: int) -> None:
        item = self.section_items.get(self._key_at(index))
        if item is not None and self.currentItem() is not item:
            self.setCurrentItem(item)

    def show_section(self, key: str) -> bool:
        """Show a section as a click on its name would (False: no such section)."""
        item = self.section_items.get(key)
        if item is None:
            return False
        self.setCurrentItem(item)
        return True
