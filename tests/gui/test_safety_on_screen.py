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
    from desktop_app.ui.presentation_text import topic_html

    text = topic_html(library.item("leg_weakness_numbness"), config=ClinicConfig(country="GB"))
    assert "Do not drive yourself. Ask someone to take you, or call 999." in text
    assert "{" not in text


@pytest.mark.parametrize("language, lead", [("en", "After this treatment:"),
                                            ("es", "Después de este tratamiento:")])
def test_a_treatments_signs_are_led_as_after_it_on_the_patients_screen(language, lead):
    from pathlib import Path

    from desktop_app.model.content import load_content
    from desktop_app.ui.presentation_text import topic_html

    library = load_content(Path(__file__).resolve().parents[2] / "content", language)
    item = library.item("surgery_posterior")
    text = topic_html(item, config=ClinicConfig(country="US"), language=language)
    # every sign is there, after the explanation and its lead, not in bold
    assert text.index(f"<p><b>{lead}</b></p>") > text.index(item.summary.split()[0])
    for sentence in item.safety:
        filled = fill_contacts(sentence, ClinicConfig(country="US"), language)
        assert f"<li>{filled}</li>" in text.replace("&#x27;", "'")
    assert "<li><b>" not in text
    # a sign that is not about a treatment keeps its bold and has no such lead
    other = topic_html(library.item("leg_weakness_numbness"), language=language)
    assert "<li><b>" in other and lead not in other
