"""Screenshot of presentation mode (patient-facing window), in Spanish, to look at.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/screenshots_presentation.py OUT_DIR
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(out_dir: str) -> int:
    from desktop_app.app import content_loader, load_atlas_or_none
    from desktop_app.document import Document
    from desktop_app.model import storage
    from desktop_app.ui.application import make_application
    from desktop_app.ui.presentation import PresentationWindow

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    consultation = storage.load(ROOT / "tests" / "data" / "example_consultation.json")
    for lang in ("es", "en"):
        consultation.language = lang
        w = PresentationWindow(Document(consultation), load_atlas_or_none(), content_loader([]))
        w.resize(1600, 900)
        w.show_topic("surgery_posterior")
        w.show()
        w.pane.fit()
        app.processEvents()
        w.grab().save(str(out / f"presentation_{lang}.png"))
        w.close()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
