"""Small helpers shared by several test modules."""

import re


def json_paths(obj, prefix=()):
    """Every path (tuple of keys / indexes) into a nested dict/list value, the root first."""
    yield prefix
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from json_paths(value, prefix + (key,))
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield from json_paths(value, prefix + (index,))


def not_one_sentence(named_items) -> list[str]:
    """'file/id: summary' for each (file, item) whose summary is not exactly one sentence."""
    bad = []
    for name, item in named_items:
        summary = " ".join(item["summary"].split())
        ends = re.findall(r"[.!?](?=\s|$)", summary)
        if len(ends) != 1 or not summary.endswith((".", "?", "!")):
            bad.append(f"{name}/{item['id']}: {summary}")
    return bad


def textstat_version() -> str:
    """The installed textstat version, for failure messages (readability differs by version)."""
    try:
        from importlib.metadata import version

        return version("textstat")
    except Exception:  # noqa: BLE001 pragma: no cover - metadata missing in odd installs
        return "?"


# The patient reads the numbers, not the content's tokens: readability is scored on the text
# as a US clinic prints it.
SAMPLE_NUMBERS = {"{emergency_number}": "911", "{clinic_phone}": "310 555 0100",
                  "{out_of_hours_phone}": "310 555 0199", "{fever}": "100.4°F (38°C)"}


def filled(text: str) -> str:
    for token, number in SAMPLE_NUMBERS.items():
        text = text.replace(token, number)
    return text


def drag(view, a, b, steps: int = 6) -> None:
    """A real left-button drag on ``view``'s viewport from scene point ``a`` to ``b``, with
    mouse moves in between (what a hand does; tools that follow the moves see them)."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    left, nomod = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    vp = view.viewport()

    def at(x, y):
        return view.mapFromScene(QPointF(x, y))

    QTest.mousePress(vp, left, nomod, at(*a))
    for i in range(1, steps + 1):
        t = i / steps
        pos = at(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        QApplication.sendEvent(vp, QMouseEvent(QEvent.Type.MouseMove, QPointF(pos),
                                               QPointF(vp.mapToGlobal(pos)),
                                               Qt.MouseButton.NoButton, left, nomod))
    QTest.mouseRelease(vp, left, nomod, at(*b))


def norm(text: str) -> str:
    """Text read back from a PDF with whitespace (line wraps, page breaks) and soft hyphens
    not counting: what a patient reads, compared word by word."""
    return " ".join(text.replace("\xad", "").split())


def exported_pages(out, consultation, lang: str, atlas, phone: str = "+1 555 0100") -> list[str]:
    """Export ``consultation`` with the shipped content of ``lang`` to ``out`` (a clinic with
    ``phone``) and read each page's text back with PDFium, whitespace normalised."""
    from pathlib import Path

    import pypdfium2 as pdfium

    from desktop_app.export.pdf import export_summary
    from desktop_app.infra.config import ClinicConfig
    from desktop_app.model.content import load_content

    root = Path(__file__).resolve().parents[1]
    export_summary(consultation, Path(out), config=ClinicConfig(phone=phone),
                   content=load_content(root / "content", lang), atlas=atlas, language=lang)
    doc = pdfium.PdfDocument(str(out))
    try:
        return [norm(doc[i].get_textpage().get_text_range()) for i in range(len(doc))]
    finally:
        doc.close()


def export_cases(tmp_path_factory, names) -> dict:
    """Each named case of ``tests/pdf_cases.py`` exported once, into a folder of its own:
    name -> (its arguments, consultation included; the PDF's path)."""
    from desktop_app.export.pdf import export_summary
    from tests import pdf_cases

    out = {}
    for name in names:
        folder = tmp_path_factory.mktemp(name)
        args = pdf_cases.build(name, folder)
        export_summary(args["consultation"], folder / "s.pdf",
                       **{k: v for k, v in args.items() if k != "consultation"})
        out[name] = (args, folder / "s.pdf")
    return out


def open_scan(window, path):
    """The Images section opened with one click in the section list, and an MRI-like scan
    with 0.8 mm pixels imported at ``path``: the image pane."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.dicom_samples import make_mri_like

    sections = window.sections
    QTest.mouseClick(sections.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier,
                     sections.visualItemRect(sections.section_items["images"]).center())
    pane = window.image_pane
    assert pane.import_path(make_mri_like(path, spacing=(0.8, 0.8)), "Your MRI scan") == ""
    return pane


def open_section(window, key: str) -> None:
    """Open a section of the main window with a real click on its entry in the section list."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    sections = window.sections
    QTest.mouseClick(sections.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier,
                     sections.visualItemRect(sections.section_items[key]).center())


def example_window(qtbot, library, atlas, config):
    """The main window with the shipped example open and shown, for ``config``'s clinic."""
    from desktop_app.services import content_loader
    from desktop_app.ui.main_window import MainWindow

    from tests.conftest import EXAMPLE

    w = MainWindow(library, atlas=atlas, config=config, content_for=content_loader([]))
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    assert w.open_path(EXAMPLE)
    w.show()
    qtbot.waitExposed(w)
    return w


def patient_screen(qtbot, atlas, consultation, view, size, topic="what_is_it"):
    """The patient's screen (presentation window) for ``consultation``, ``size`` pixels,
    showing ``view`` beside ``topic`` (None: the drawing alone), laid out and painted."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.document import Document
    from desktop_app.services import content_loader
    from desktop_app.ui.presentation import PresentationWindow

    w = PresentationWindow(Document(consultation), atlas, content_loader([]))
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    w.pane.set_view(view)
    if topic:
        w.show_topic(topic)
    else:
        w.show_nothing()
    QApplication.processEvents()
    return w
