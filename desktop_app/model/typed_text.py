"""What the surgeon typed that a summary prints as typed: the app does not translate it, so a
summary in another language than English carries it in the surgeon's words (the export and
print checks of the window and the command line's export name its kinds, never the words)."""

from __future__ import annotations

from typing import Any

from desktop_app.model.captions import is_app_caption
from desktop_app.model.lesions import described_once

# the summary's languages other than English, by name (for what the checks say)
LANGUAGE_NAMES = {"es": "Spanish"}
# the kinds of typed text, in the order the box names them
KINDS = ("your notes", "area labels", "what an area may be", "words on the drawings",
         "picture captions", "your reason for another way in")


def typed_kinds(consultation: Any) -> list[str]:
    """The kinds of surgeon-typed text the summary prints (:data:`KINDS`), or []."""
    c = consultation
    areas = described_once(c.lesions)
    found = (c.notes.strip(),
             any(m.label.strip() for m in areas),
             any(m.suspected_type_text.strip() and not m.suspected_type for m in areas),
             any(t.text.strip() for t in c.texts),
             any(i.caption.strip() and not is_app_caption(i.caption) for i in c.images),
             any(m.approach_status == "overridden" and m.approach_reason.strip()
                 for m in areas))
    return [kind for kind, there in zip(KINDS, found) if there]
