"""Safety sentences are on screen with their item, never behind "details", with the clinic's
numbers filled in exactly as the PDF prints them (one model function for both)."""

import pytest

from desktop_app.infra.config import ClinicConfig
from desktop_app.model.contacts import fill_contacts


@pytest.mark.parametrize("config, words", [
    (ClinicConfig(country="US"), "Call 911 now for any one of these signs."),
    (None, "Call your local emergency number now for any one of these signs."),
])
def test_card_shows_safety_sentences_filled(make_window, library, config, words):
    w = make_window(**({"config": config} if config else {}))
    w.tabs.setCurrentWidget(w.pages["when_to_call"])
    card = w.pages["when_to_call"].cards["emergency"]
    assert card.safety.isVisible() and not card.more.isChecked()   # shown while closed
    assert words in card.safety.text()
    assert "{" not in card.summary.text() and "{" not in card.safety.text()
    for sentence in library.item("emergency").safety:
        assert fill_contacts(sentence, config, "en").replace("'", "&#x27;") in \
            card.safety.text()
    assert not w.pages["when_to_call"].cards["feeling_low"].safety.isVisible()  # none to show


def test_presentation_shows_safety_sentences(library):
    from desktop_app.ui.presentation import topic_html

    text = topic_html(library.item("leg_weakness_numbness"), config=ClinicConfig(country="GB"))
    assert "Do not drive yourself. Ask someone to take you, or call 999." in text
    assert "{" not in text
