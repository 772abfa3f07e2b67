"""What the patient's screen says, as rich text: a topic, a part of the drawing, a section, a
key image's caption and sizes. Patient-facing fields only: no clinician note, no sign-off state,
no DICOM header field can reach these strings, because none of them is ever read here.

Words are escaped for HTML, quotes kept as they are (they are plain text in an element).
Headings are relative to the label's font, so one font size scales headline and body together
when the text is fitted to its box.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from desktop_app.model.consultation import KeyImage, Lesion
from desktop_app.model.content import Item
from desktop_app.ui.text_blocks import blocks_html

# the same plain words as the patient PDF (``size_scan`` and ``size_typed_scan`` in
# export/strings_en.py and strings_es.py; tests/gui/test_presentation.py checks they stay the
# same); the PDF module is not imported here because it pulls in ReportLab
SCAN_SIZE = {"en": "On this picture, area {n} is about {length} × {width} cm.",
             "es": "En esta imagen, la zona {n} mide unos {length} × {width} cm."}
TYPED_SIZE = {"en": "Area {n} is about {size} cm. Its outline here is drawn by hand.",
              "es": "La zona {n} mide unos {size} cm. Su contorno aquí está dibujado a mano."}
DECIMAL = {"en": ".", "es": ","}   # as the PDF's ``decimal`` (5,5 cm in Spanish)
NBSP = "\u00a0"


def scan_size_sentences(image: KeyImage, lesions: Iterable[Lesion], language: str = "en",
                        every: Iterable[Lesion] = ()) -> list[str]:
    """One sentence per marked area on a scan: the size typed for it (looked up among
    ``every`` lesion of the visit and ``lesions``), else its outline measured with the scan's
    pixel size, else none; the PDF's rule (``model.lesions.size_on_scan``)."""
    from desktop_app.model.lesions import TYPED, cm_words, size_on_scan, typed_words

    shown_on = list(lesions)
    visit = list(every) or shown_on
    decimal = DECIMAL.get(language, ".")
    out = []
    for lesion in sorted(shown_on, key=lambda m: m.number):
        shown = size_on_scan(visit, lesion, image)
        if shown is None:
            continue
        kind, size = shown
        if kind == TYPED:
            words = TYPED_SIZE.get(language, TYPED_SIZE["en"])
            out.append(words.format(n=lesion.number, size=typed_words(size, decimal)))
        else:
            words = SCAN_SIZE.get(language, SCAN_SIZE["en"])
            out.append(words.format(n=lesion.number, length=cm_words(size[0], decimal),
                                    width=cm_words(size[1], decimal)))
    return out


def _keep_together(sentence: str) -> str:
    """A size such as "4.7 × 4.3 cm" never breaks across lines."""
    sentence = html.escape(sentence, quote=False).replace(" × ", NBSP + "×" + NBSP)
    return sentence.replace(" cm", NBSP + "cm")


def image_html(caption: str, sentences: Sequence[str]) -> str:
    """The caption (large) and the size sentences (bold, like a topic's summary)."""
    text = f"<h1>{html.escape(caption, quote=False)}</h1>" if caption else ""
    for sentence in sentences:
        text += f"<p><b>{_keep_together(sentence)}</b></p>"
    return text


def _filled(text: str, config: Any, language: str) -> str:
    """One line of content, escaped, with the clinic's numbers in place of its {tokens}."""
    from desktop_app.model.contacts import fill_contacts

    return html.escape(fill_contacts(" ".join(text.split()), config, language), quote=False)


# the lead of a treatment's warning signs on the patient's screen
AFTER_TREATMENT = {"en": "After this treatment:", "es": "Después de este tratamiento:"}


def topic_html(item: Item | None, fallback_title: str = "", fallback_text: str = "",
               config: Any = None, language: str = "en") -> str:
    """Title, summary, body and safety sentences of a topic, with the clinic's numbers filled
    in; or a title and a text (a part of the drawing)."""
    if item is None:
        if not fallback_title:
            return ""
        return (f"<h2>{html.escape(fallback_title, quote=False)}</h2>"
                f"<p>{html.escape(fallback_text, quote=False)}</p>")
    body = blocks_html(item.body, lambda text: _filled(text, config, language))
    if item.topic == "treatments":
        # a treatment's signs are for after it: said under their own lead, not as alarms in
        # bold while the patient is still hearing what the treatment is
        safety = "".join(f"<li>{_filled(t, config, language)}</li>" for t in item.safety)
        lead = f"<p><b>{AFTER_TREATMENT.get(language, AFTER_TREATMENT['en'])}</b></p>"
    else:
        safety = "".join(f"<li><b>{_filled(t, config, language)}</b></li>" for t in item.safety)
        lead = ""
    return (f"<h2>{_filled(item.title, config, language)}</h2>"
            f"<p><b>{_filled(item.summary, config, language)}</b></p>{body}"
            + (f"{lead}<ul>{safety}</ul>" if safety else ""))


SUMMARIES_UP_TO = 3     # cards in view; more are listed by their titles only


def section_html(title: str, items: Sequence[Item], config: Any = None,
                 language: str = "en") -> str:
    """A section with no card open: its title and the cards the surgeon has in view — with
    their one-line summaries when there are a few, else their titles as a list (seven
    summaries were too much to read across a room)."""
    out = [f"<h2>{html.escape(title, quote=False)}</h2>"] if title else []
    if len(items) <= SUMMARIES_UP_TO:
        for item in items:
            out.append(f"<p><b>{_filled(item.title, config, language)}</b><br>"
                       f"{_filled(item.summary, config, language)}</p>")
    elif items:
        rows = "".join(f"<li>{_filled(item.title, config, language)}</li>" for item in items)
        out.append(f"<ul>{rows}</ul>")
    return "".join(out)
