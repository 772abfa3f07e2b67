"""The lay captions the app writes for a patient's picture, in each patient language.

The app suggests a caption when a picture is imported ("Your MRI scan"), in the consultation's
language at that moment. If the language changes later, or the PDF is made in another language,
a caption that is still the app's own suggestion is shown in the new language; a caption the
surgeon wrote is always kept as written.
"""

from __future__ import annotations

DEFAULT_CAPTIONS = {
    "en": {"MR": "Your MRI scan", "CT": "Your CT scan", "": "Your scan"},
    "es": {"MR": "Su resonancia magnética", "CT": "Su TAC", "": "Su prueba de imagen"},
}


def default_caption(modality: str, language: str = "en") -> str:
    words = DEFAULT_CAPTIONS.get(language, DEFAULT_CAPTIONS["en"])
    return words.get(modality, words[""])


def is_app_caption(caption: str) -> bool:
    text = " ".join((caption or "").split())
    return not text or any(text == c for words in DEFAULT_CAPTIONS.values()
                           for c in words.values())


def caption_in(caption: str, modality: str, language: str) -> str:
    """``caption`` for a patient reading ``language``: the app's own suggestion follows the
    language (the same suggestion: "Your CT scan" becomes "Su TAC"); an empty caption gets
    the suggestion for the image's modality; the surgeon's words are kept."""
    text = " ".join((caption or "").split())
    if not text:
        return default_caption(modality, language)
    target = DEFAULT_CAPTIONS.get(language, DEFAULT_CAPTIONS["en"])
    for words in DEFAULT_CAPTIONS.values():
        for key, suggestion in words.items():
            if text == suggestion:
                return target[key]
    return caption
