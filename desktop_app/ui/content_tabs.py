"""Tabs of plain-language content: summary first, details on demand, optional tick boxes.

Each item is an :class:`ItemCard`. Cards in the Symptoms, Tests and Treatments tabs carry
check boxes bound to the Consultation through the Document (so ticking is undoable). Clinician
notes are drawn in a distinct box and hidden when the screen faces the patient.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QFrame, QHBoxLayout, QLabel, QScrollArea,
                               QToolButton, QVBoxLayout, QWidget)

from desktop_app.document import Change, Document
from desktop_app.infra.qtnames import named
from desktop_app.model.content import ContentLibrary, Item
from desktop_app.ui import theme
from desktop_app.ui.text_blocks import blocks_html

# topic key -> [(consultation list, check box text)]
CHECKABLE = {
    "symptoms": [("symptoms", "Patient has this")],
    "workup": [("tests", "Ordered")],
    "treatments": [("treatments_discussed", "Discussed"), ("treatments_planned", "Planned")],
}
SAFETY_HEADING = "When to get help"
EXTRA_HEADINGS = {"why": "Why", "expect": "What to expect", "prepare": "How to prepare",
                  "side_effects": "Possible side effects", "recovery": "Recovery"}


def _paragraphs(text: str) -> str:
    return blocks_html(text)


def _same(text: str) -> str:
    return text


def detail_html(item: Item, fill: Callable[[str], str] = _same) -> str:
    """The expanded, patient-facing detail of an item as simple rich text."""
    out = [_paragraphs(fill(item.body))] if item.body else []
    for name, heading in EXTRA_HEADINGS.items():
        text = item.field_text(name)
        if text:
            out.append(f"<p><b>{heading}.</b> {html.escape(' '.join(fill(text).split()))}</p>")
    return "".join(out)


def safety_html(item: Item, fill: Callable[[str], str] = _same) -> str:
    """The item's safety sentences (where to go, how fast), always shown with the item."""
    if not item.safety:
        return ""
    lines = "".join(f"<li>{html.escape(fill(s))}</li>" for s in item.safety)
    return (f"<b>{SAFETY_HEADING}</b>"
            f"<ul style='margin:0; -qt-list-indent:1'>{lines}</ul>")


_YEAR = re.compile(r"\b((?:19|20)\d{2})\s*[;:.]")
_IDS = (("doi", re.compile(r"\bdoi:\s*(\S+?)\.?(?:\s|$)", re.I)),
        ("PMID", re.compile(r"\bPMID:\s*(\d+)")),
        ("PMCID", re.compile(r"\bPMCID:\s*(PMC\d+)")))


def short_source(citation: str) -> str:
    """A citation as one short line: first author (et al.) and year, title, and one
    identifier kept whole (DOI, else PMID, else PMCID); an organisation's page: its name and
    title. The whole citation stays in the tooltip and the review dialog."""
    text = " ".join(citation.split())
    who, _, rest = text.partition(". ")
    year = _YEAR.search(rest)
    if year is None:                        # a web page: "Organisation. Title."
        return f"{who}: {rest.rstrip('.')}" if rest else who.rstrip(".")
    names = [n.strip() for n in who.split(",") if n.strip()]
    first = names[0].split()[0] if names and names[0].split() else who
    author = f"{first} et al." if len(names) > 1 else first
    title = rest.partition(". ")[0].rstrip(".")
    ident = ""
    for name, pattern in _IDS:
        found = pattern.search(rest)
        if found:
            ident = f"{name}: {found.group(1)}" if name != "doi" else f"doi:{found.group(1)}"
            break
    return " · ".join(p for p in (f"{author} {year.group(1)}", title, ident) if p)


WORD_JOINER = "\u2060"


def _whole(ident: str) -> str:
    """A DOI or PMID with no line-break chance inside (a word joiner after "/", "." and "-")."""
    for mark in "/.-":
        ident = ident.replace(mark, mark + WORD_JOINER)
    return ident


def sources_line(library: ContentLibrary, item: Item) -> str:
    """The "Sources" list for the surgeon as rich text: one short line per source, its DOI
    or PMID never broken across lines (the full citations are in the tooltip)."""
    rows = []
    for ref_id in item.sources:
        ref = library.references.get(ref_id)
        line = short_source(ref.citation) if ref else ref_id
        head, sep, ident = line.rpartition(" · ") if (" · doi:" in line or " · PM" in line) \
            else (line, "", "")
        text = html.escape(head, quote=False)
        if sep:     # its own line, and no break inside it (Qt breaks after "/" and "-")
            text += "<br>" + _whole(html.escape(ident, quote=False))
        rows.append(f"<li>{text}</li>")
    if not rows:
        return ""
    return (f"<b>Sources</b><ul style='margin-top:0; margin-bottom:0; -qt-list-indent:1'>"
            f"{''.join(rows)}</ul>")


def sources_tooltip(library: ContentLibrary, item: Item) -> str:
    refs = [library.references.get(r) for r in item.sources]
    return "\n\n".join(" ".join(r.citation.split()) for r in refs if r is not None)


class CardHeader(QWidget):
    """A card's title row: a click anywhere on it (but on its check boxes, which take their
    own clicks) opens or closes the card."""

    clicked = Signal()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        event.setAccepted(event.button() == Qt.MouseButton.LeftButton)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.clicked.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)


class ItemCard(QFrame):
    """One content item: title (+ tick boxes), one-line summary, expandable detail."""

    toggled = Signal(str, str, bool)  # list name, item id, checked
    expanded = Signal(str)  # item id, when its details are opened

    def __init__(self, item: Item, checks: list[tuple[str, str]], sources_text: str = "",
                 parent=None, fill: Callable[[str], str] = _same):
        super().__init__(parent)
        self.item = item
        self.setObjectName(f"card_{item.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setProperty("role", "card")      # the window's style draws it (ui/look.py)
        self.setAccessibleName(item.title)
        self.setAccessibleDescription(item.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)

        self.header = CardHeader()
        self.header.setObjectName(f"head_{item.id}")
        head = QHBoxLayout(self.header)
        head.setContentsMargins(0, 0, 0, 0)
        self.more = QToolButton()
        self.more.setObjectName(f"more_{item.id}")
        self.more.setCheckable(True)
        self.more.setAutoRaise(True)
        self.more.setArrowType(Qt.ArrowType.RightArrow)
        self.more.setToolTip("Show details")
        self.more.setAccessibleName(f"Details: {item.title}")
        head.addWidget(self.more, 0, Qt.AlignmentFlag.AlignTop)
        self.title = QLabel(f"<b>{html.escape(fill(item.title))}</b>")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        head.addWidget(self.title, 1)
        self.checks: dict[str, QCheckBox] = {}
        for list_name, text in checks:
            box = QCheckBox(text)
            box.setObjectName(f"check_{list_name}_{item.id}")
            box.setAccessibleName(f"{text}: {item.title}")
            box.toggled.connect(lambda on, ln=list_name: self.toggled.emit(ln, item.id, on))
            head.addWidget(box)
            self.checks[list_name] = box
        layout.addWidget(self.header)

        # plain text: the words as written (an escaped quote would show as "&quot;")
        self.summary = QLabel(fill(item.summary))
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        # safety sentences are never hidden behind "details"
        self.safety = QLabel(safety_html(item, fill))
        self.safety.setObjectName(f"safety_{item.id}")
        self.safety.setTextFormat(Qt.TextFormat.RichText)
        self.safety.setWordWrap(True)
        self.safety.setStyleSheet(theme.safety_css())
        self.safety.setVisible(bool(item.safety))
        layout.addWidget(self.safety)

        self.detail = QLabel(detail_html(item, fill))
        self.detail.setObjectName(f"detail_{item.id}")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setVisible(False)
        layout.addWidget(self.detail)

        self.sources = named(QLabel(sources_text), f"sources_{item.id}")
        self.sources.setTextFormat(Qt.TextFormat.RichText)     # escaped in sources_line
        self.sources.setWordWrap(True)
        self.sources.setStyleSheet(f"color:{theme.muted()}; font-size:11px;")
        self.sources.setVisible(False)
        layout.addWidget(self.sources)

        # whether a clinician at this clinic signed this text off (set by the window)
        self.review = QLabel()
        self.review.setObjectName(f"review_{item.id}")
        self.review.setWordWrap(True)
        self.review.setStyleSheet(f"color:{theme.muted()}; font-size:11px;")
        self.review.setVisible(False)
        layout.addWidget(self.review)

        self.note = QLabel(f"<b>Clinician note.</b> {html.escape(item.clinician_note)}")
        self.note.setObjectName(f"note_{item.id}")
        self.note.setTextFormat(Qt.TextFormat.RichText)    # the note is escaped
        self.note.setWordWrap(True)
        self.note.setStyleSheet(theme.note_css())
        self.note.setVisible(False)
        layout.addWidget(self.note)
        self._show_notes = False
        self.more.toggled.connect(self.set_expanded)
        if self.has_more():
            self.header.clicked.connect(self.more.toggle)
            self.header.setCursor(Qt.CursorShape.PointingHandCursor)
            self.header.setToolTip("Click to show or hide the details")
        else:   # the button's room stays, so every title starts at the same place
            policy = self.more.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.more.setSizePolicy(policy)
            self.more.hide()

    def has_more(self) -> bool:
        """Anything to show beyond the summary: details, sources or a clinician note."""
        item = self.item
        return bool(item.body or item.extra or item.clinician_note or self.sources.text())

    def set_expanded(self, on: bool) -> None:
        if self.more.isChecked() != on:
            self.more.setChecked(on)
            return
        if on:
            self.expanded.emit(self.item.id)
        self.more.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.more.setToolTip("Hide details" if on else "Show details")
        self.detail.setVisible(on and bool(self.item.body or self.item.extra))
        self.sources.setVisible(on and bool(self.sources.text()))
        self.review.setVisible(on and bool(self.review.text()))
        self._update_note()

    def set_review_text(self, text: str) -> None:
        self.review.setText(text)
        self.review.setVisible(self.more.isChecked() and bool(text))

    def set_clinician_notes_visible(self, on: bool) -> None:
        self._show_notes = on
        self._update_note()

    def _update_note(self) -> None:
        self.note.setVisible(self.more.isChecked() and self._show_notes
                             and bool(self.item.clinician_note))

    def set_checked(self, list_name: str, on: bool) -> None:
        box = self.checks.get(list_name)
        if box is not None and box.isChecked() != on:
            box.blockSignals(True)
            box.setChecked(on)
            box.blockSignals(False)


class TopicPage(QScrollArea):
    """A scrollable list of cards for one topic, grouped by the items' ``group``."""

    itemShown = Signal(str)  # an item's details were opened (presentation mode follows)
    inViewChanged = Signal()  # scrolled, or a card opened or closed: what is on screen changed

    def __init__(self, document: Document, library: ContentLibrary, key: str, parent=None,
                 fill: Callable[[str], str] = _same):
        super().__init__(parent)
        self.document = document
        self.library = library
        self.fill = fill  # the clinic's numbers into the content's {tokens}
        self.key = key
        self.setObjectName(f"page_{key}")
        self.setWidgetResizable(True)
        self._cards: dict[str, ItemCard] | None = None  # built when first needed (start-up)
        self._notes_visible = False     # the window shows them when the surgeon asks
        self._review_provider = None  # item -> its sign-off sentence (see review_dialog)
        self._last_opened: str | None = None
        # the sign-off state shared by every card of the section, shown once (see
        # refresh_review); a card shows its own only when it differs
        self.review_header = named(QLabel(), f"review_{key}")
        self.review_header.setWordWrap(True)
        self.review_header.setVisible(False)
        document.changed.connect(self._on_model_changed)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.inViewChanged.emit())

    @property
    def cards(self) -> dict[str, ItemCard]:
        """The item cards; building them is deferred until the page is shown or used."""
        if self._cards is None:
            return self._build()
        return self._cards

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._cards is None:
            self._build()
        super().showEvent(event)

    def _build(self) -> dict[str, ItemCard]:
        cards: dict[str, ItemCard] = {}
        self._cards = cards
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        checks = CHECKABLE.get(self.key, [])
        self.review_header.setStyleSheet(f"color:{theme.muted()}; font-size:11px;")
        layout.addWidget(self.review_header)
        last_group = None
        for item in self.library.items(self.key):
            if item.group and item.group != last_group:
                heading = QLabel(item.group.replace("_", " ").capitalize())
                heading.setProperty("role", "group-heading")
                heading.setStyleSheet(f"font-weight:600; color:{theme.muted()}; margin-top:6px;")
                layout.addWidget(heading)
                last_group = item.group
            card = ItemCard(item, checks, sources_line(self.library, item), fill=self.fill)
            card.sources.setToolTip(sources_tooltip(self.library, item))
            card.toggled.connect(self._on_toggled)
            card.expanded.connect(self._opened)
            card.more.toggled.connect(lambda _on: self.inViewChanged.emit())
            card.set_clinician_notes_visible(self._notes_visible)
            layout.addWidget(card)
            cards[item.id] = card
        layout.addStretch(1)
        self.setWidget(inner)
        self.sync_from_model()
        self.refresh_review()
        return cards

    def _opened(self, item_id: str) -> None:
        self._last_opened = item_id
        self.itemShown.emit(item_id)

    def _visible_px(self, card: ItemCard) -> int:
        """How many px of the card's height are in the page's viewport now."""
        if card.isHidden() or self.widget() is None:
            return 0
        top = card.mapTo(self.viewport(), card.rect().topLeft()).y()
        shown = min(top + card.height(), self.viewport().height()) - max(top, 0)
        return max(0, shown)

    def _settle(self) -> None:
        """Lay out what is pending (a card just opened) so the cards' places are current."""
        for _ in range(2):      # the cards' layouts, then the page's
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def cards_in_view(self) -> list[str]:
        """The cards the surgeon can see now (at least half of each, or a third of the view
        of a tall one)."""
        self._settle()
        least = self.viewport().height() // 3
        return [item_id for item_id, card in self.cards.items()
                if self._visible_px(card) >= min(card.height() // 2, least) > 0]

    def card_on_screen(self) -> str | None:
        """The open card the surgeon is explaining: the one opened last while any of it is in
        view (it may open below the fold), else the open card with most of it in view, if
        that is half of it or a third of the view (None: no open card in view)."""
        self._settle()
        cards = self.cards
        opened = {i: c for i, c in cards.items() if c.more.isChecked()}
        last = opened.get(self._last_opened or "")
        if last is not None and self._visible_px(last) >= min(40, last.height()):
            return self._last_opened
        least = self.viewport().height() // 3
        shown = {i: self._visible_px(c) for i, c in opened.items()}
        shown = {i: px for i, px in shown.items() if px >= min(opened[i].height() // 2, least) > 0}
        return max(shown, key=lambda i: shown[i]) if shown else None

    def set_review_provider(self, provider) -> None:
        self._review_provider = provider
        self.refresh_review()

    def refresh_review(self) -> None:
        if self._cards is None or self._review_provider is None:
            return
        texts = {item_id: self._review_provider(card.item)
                 for item_id, card in self._cards.items()}
        shared = Counter(texts.values()).most_common(1)[0][0] if texts else ""
        everyone = all(t == shared for t in texts.values())
        if shared and everyone:
            self.review_header.setText(shared)
        elif shared:
            self.review_header.setText(f"{shared} (unless a card says otherwise)")
        self.review_header.setVisible(bool(shared))
        for item_id, card in self._cards.items():
            text = texts[item_id]
            card.set_review_text("" if text == shared else text)
            card.setToolTip(text)

    def shown_review(self, item_id: str) -> str:
        """The sign-off state the surgeon reads for a card: its own line, else the header's."""
        card = self.cards[item_id]
        return card.review.text() or self.review_header.text()

    def _on_toggled(self, list_name: str, item_id: str, checked: bool) -> None:
        item = self.cards[item_id].item
        verb = "Check" if checked else "Uncheck"
        self.document.set_checked(list_name, item_id, checked, f"{verb} “{item.title}”")

    def _on_model_changed(self, kind: Change) -> None:
        if kind in (Change.CHECKLIST, Change.ALL) and self._cards is not None:
            self.sync_from_model()

    def sync_from_model(self) -> None:
        c = self.document.consultation
        for card in self.cards.values():
            for list_name in card.checks:
                card.set_checked(list_name, card.item.id in getattr(c, list_name))

    def reveal(self, item_id: str) -> bool:
        card = self.cards.get(item_id)
        if card is None:
            return False
        card.set_expanded(True)
        self.ensureWidgetVisible(card, 0, 40)
        card.setFocus()
        return True

    def set_clinician_notes_visible(self, on: bool) -> None:
        self._notes_visible = on
        for card in (self._cards or {}).values():
            card.set_clinician_notes_visible(on)
