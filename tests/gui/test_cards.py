"""Content cards: the whole title row opens a card, every card with more has the control,
text is shown as written and sources are whole."""

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop_app.ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot, library, atlas):
    w = MainWindow(library, atlas=atlas)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _open_page(window, key):
    window.tabs.setCurrentWidget(window.pages[key])
    return window.pages[key].cards


def test_clicking_the_title_opens_and_closes_a_card(window, qtbot):
    cards = _open_page(window, "questions")
    card = list(cards.values())[1]            # not the first: every card has the control
    assert not card.detail.isVisible() and not card.sources.isVisible()
    qtbot.mouseClick(card.title, LEFT)
    assert card.more.isChecked() and card.sources.isVisible()
    qtbot.mouseClick(card.title, LEFT)
    assert not card.more.isChecked() and not card.sources.isVisible()
    # the empty space at the end of the row opens it too
    head = card.header
    qtbot.mouseClick(head, LEFT, pos=QPoint(head.width() - 3, head.height() // 2))
    assert card.more.isChecked()


def test_ticking_a_box_on_the_title_row_does_not_open_the_card(window, qtbot):
    card = _open_page(window, "symptoms")["low_back_pain"]
    box = card.checks["symptoms"]
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() and window.document.consultation.symptoms == ["low_back_pain"]
    assert not card.more.isChecked()


def test_every_card_with_more_has_the_control(window, qtbot, library):
    for key, page in window.pages.items():
        window.tabs.setCurrentWidget(page)
        for item_id, card in page.cards.items():
            item = card.item
            has_more = bool(item.body or item.extra or item.clinician_note or item.sources)
            assert card.more.isVisible() == has_more, (key, item_id)


def test_glossary_text_is_shown_as_written(window, qtbot, library):
    cards = _open_page(window, "glossary")
    quoted = [c for c in cards.values() if '"' in c.item.summary]
    assert quoted, "the glossary has a definition with quotes"
    for card in quoted:
        assert card.summary.text() == card.item.summary
        assert card.summary.textFormat() == Qt.TextFormat.PlainText
        # what is painted: a label with the same text in plain text renders the same pixels
        assert "&quot;" not in card.summary.text()


def test_sources_are_shown_whole(window, qtbot, library):
    longest = max(library.references.values(), key=lambda r: len(r.citation))
    assert len(longest.citation) > 70
    page_key, card = next((k, c) for k, p in window.pages.items()
                          for c in p.cards.values() if longest.id in c.item.sources)
    window.tabs.setCurrentWidget(window.pages[page_key])
    window.reveal_item(card.item.id)
    assert card.sources.isVisible() and card.sources.wordWrap()
    assert " ".join(longest.citation.split()) in card.sources.text()
    assert "…" not in card.sources.text()
