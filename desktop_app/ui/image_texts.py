"""What the Images tab (and presentation mode) say about a key image: the privacy note of the
import, the lesion's size line, and the default caption in the patient's language."""

from __future__ import annotations

from desktop_app.model import lesions as lesion_rules
from desktop_app.model.consultation import KeyImage

BURNED_IN_NOTE = ("Only the pixels are imported: names, IDs, dates and the hospital in a DICOM "
                  "header are left behind. Text burned into the picture itself (names, dates "
                  "on the image) is your responsibility — crop it away in your viewer first.")
NO_SCALE = ("The size cannot be measured on this picture: it does not say how big its "
            "pixels are.")


def lesion_size_text(lesion, image: KeyImage) -> str:
    """"Lesion 1: about 4.2 × 3.1 cm" (width × height of its outline) on a measured scan."""
    size = lesion_rules.scan_size_cm(lesion, image)
    if size is None:
        return NO_SCALE
    return f"Lesion {lesion.number}: about {lesion_rules.size_words(size)} cm"


def default_caption(image: KeyImage, language: str = "en") -> str:
    """A lay caption in the patient's language; the surgeon edits it (e.g. "…, side view").
    The words live in :mod:`desktop_app.model.captions`, shared with the PDF."""
    from desktop_app.model.captions import default_caption as caption_for

    return caption_for(image.modality, language)
