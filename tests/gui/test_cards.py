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
    # the card lists a short line per source; the whole citation is in its tooltip
    assert " ".join(longest.citation.split()) in card.sources.toolTip()
    assert "…" not in card.sources.text()


def _shown_text(label) -> str:
    """What a rich-text label shows, as plain text lines (its document, as painted)."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(label.text())
    return doc.toPlainText()


def _laid_out_lines(label) -> list[str]:
    """The lines a word-wrapped rich-text label breaks its text into at its width."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setHtml(label.text())
    doc.setTextWidth(label.contentsRect().width())
    doc.size()          # lays the text out
    out = []
    block = doc.begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            out.append(text[line.textStart():line.textStart() + line.textLength()]
                       .replace("\u2060", "").replace("\u2028", "").strip())
        block = block.next()
    return out


def test_dash_lines_in_a_body_show_as_a_list(window, qtbot, library):
    cards = _open_page(window, "when_to_call")
    card = cards["emergency"]
    item = card.item
    dashed = [ln for ln in item.body.splitlines() if ln.startswith("- ")]
    assert len(dashed) == 5                       # the five emergency signs, written as "- "
    window.reveal_item("emergency")
    assert card.detail.isVisible()
    assert card.detail.text().count("<li>") == 5 and "<ul" in card.detail.text()
    shown = _shown_text(card.detail).splitlines()
    assert not [ln for ln in shown if ln.lstrip().startswith("- ")]
    assert "If you are not sure what to do, it is always better to call." in shown


def test_every_dash_list_in_every_section_is_a_list(window, qtbot, library):
    found = 0
    for page in window.pages.values():
        if not hasattr(page, "cards"):
            continue
        for card in page.cards.values():
            dashed = sum(1 for ln in card.item.body.splitlines() if ln.lstrip()[:2] == "- ")
            found += dashed
            assert card.detail.text().count("<li>") >= dashed, card.item.id
            assert not [ln for ln in _shown_text(card.detail).splitlines()
                        if ln.lstrip().startswith("- ")], card.item.id
    assert found >= 10


def test_blocks_keep_paragraphs_lists_and_wrapped_list_lines():
    from desktop_app.ui.text_blocks import blocks, blocks_html

    text = "Intro line\n- one\n  more of one\n- two\n\nAfter."
    assert blocks(text) == [("p", ["Intro line"]), ("ul", ["one more of one", "two"]),
                            ("p", ["After."])]
    assert blocks("- a - b") == [("ul", ["a - b"])]      # a hyphen inside a line stays
    assert blocks("a\n-b") == [("p", ["a -b"])]          # no space after: not a list
    assert "&lt;b&gt;" in blocks_html("- <b>")


def test_sources_are_short_lines_with_whole_identifiers(window, qtbot, library):
    from desktop_app.ui.content_tabs import short_source

    glasgow = library.references["glasgow2006"].citation
    assert short_source(glasgow) == ("Glasgow et al. 2006 · Retrorectal tumors · "
                                     "doi:10.1055/s-2006-942346")
    cards = _open_page(window, "overview")
    shown_any = 0
    for card in cards.values():
        text = card.sources.text()
        if not text:
            continue
        shown_any += 1
        assert ".;" not in text and "; " not in _shown_text(card.sources)
        assert text.count("<li>") == len(card.item.sources)
        window.reveal_item(card.item.id)
        idents = [short_source(library.references[r].citation).rpartition(" · ")[2]
                  for r in card.item.sources]
        idents = [i for i in idents if i.startswith(("doi:", "PMID:"))]
        lines = _laid_out_lines(card.sources)
        for ident in idents:      # each identifier whole on one line, as painted
            assert any(ident in line for line in lines), (ident, lines)
    assert shown_any


def test_sign_off_state_once_per_section_unless_a_card_differs(window, qtbot, library):
    page = window.pages["when_to_call"]
    _open_page(window, "when_to_call")
    states = {"fever": "Clinical sign-off: Reviewed by Dr A."}

    def provider(item):
        return states.get(item.id, "Clinical sign-off: No clinician has reviewed this yet.")

    page.set_review_provider(lambda item: "Clinical sign-off: No clinician has reviewed this.")
    assert page.review_header.isVisible()
    assert page.review_header.text() == "Clinical sign-off: No clinician has reviewed this."
    for card in page.cards.values():
        card.set_expanded(True)
        assert not card.review.isVisible() and card.review.text() == ""
    page.set_review_provider(provider)
    assert "unless a card says otherwise" in page.review_header.text()
    assert page.cards["fever"].review.isVisible()
    assert page.cards["fever"].review.text() == "Clinical sign-off: Reviewed by Dr A."
    assert page.shown_review("fever") == "Clinical sign-off: Reviewed by Dr A."
    others = [c for i, c in page.cards.items() if i != "fever"]
    assert all(c.review.text() == "" for c in others)
    assert page.shown_review(others[0].item.id).startswith(
        "Clinical sign-off: No clinician has reviewed this yet.")
