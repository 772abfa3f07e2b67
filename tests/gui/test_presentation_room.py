"""Presentation mode at the size of the room: the drawing's labels grow with the topic text,
and a scan uses the whole width of the screen."""

import statistics

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtTest import QTest

from desktop_app.diagram.scene import LABEL_PX
from desktop_app.document import Document
from desktop_app.model import storage
from desktop_app.services import content_loader
from desktop_app.ui.presentation import LABEL_TO_TEXT, PresentationWindow
from tests.conftest import EXAMPLE
from tests.dicom_samples import make_mri_like


@pytest.fixture
def presentation(qtbot, atlas):
    w = PresentationWindow(Document(storage.load(EXAMPLE)), atlas, content_loader([]))
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    w.show_topic("what_is_it")
    return w


def _ink_height(image: QImage, rect: QRect) -> int:
    """Rows of ``rect`` in ``image`` holding dark (text) pixels, first to last."""
    rows = [y for y in range(max(rect.top(), 0), min(rect.bottom() + 1, image.height()))
            if any(max(QColor(image.pixel(x, y)).getRgb()[:3]) < 110
                   for x in range(max(rect.left(), 0), min(rect.right() + 1, image.width())))]
    return rows[-1] - rows[0] + 1 if rows else 0


def _glyph_share(text: str, font: QFont) -> float:
    """How tall ``text``'s ink is per px of font size (drawn at 200 px)."""
    font = QFont(font)
    font.setPixelSize(200)
    image = QImage(200 * len(text) + 40, 320, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(20, 250, text)
    painter.end()
    return _ink_height(image, image.rect()) / 200


def _label_px_on_screen(window) -> float:
    """The label text's size as painted, read from a grab of the window: each one-line
    label's ink height over its glyphs' ink height per font px (the median of them)."""
    image = window.grab().toImage()
    view = window.pane.view
    offset = view.viewport().mapTo(window, QPoint(0, 0))
    sizes = []
    for label in window.pane.layer.labels.values():
        if not label.isVisible() or len(label.line_items) != 1:
            continue
        item = label.text_item
        rect = view.mapFromScene(item.sceneBoundingRect()).boundingRect().translated(offset)
        sizes.append(_ink_height(image, rect) / _glyph_share(item.text(), item.font()))
    assert len(sizes) >= 3
    return statistics.median(sizes)


def test_labels_scale_with_the_topic_text(presentation, qtbot):
    first, text = _label_px_on_screen(presentation), presentation.topic_px()
    # painted within a px or so of the share (the ink is measured in whole rows)
    assert first == pytest.approx(LABEL_TO_TEXT * text, rel=0.08)
    assert first == pytest.approx(presentation.label_screen_px(), rel=0.08)
    assert first > 18               # not the surgeon's ~13 px
    for _ in range(3):              # larger text, by its keys
        QTest.keyClick(presentation, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert presentation.zoom == pytest.approx(1.1 ** 3)
    # (the text is fitted to its box, so it grows by up to 1.1³; the labels as much)
    assert presentation.topic_px() > text * 1.05
    bigger = _label_px_on_screen(presentation)
    assert bigger / first == pytest.approx(presentation.topic_px() / text, rel=0.08)
    # the labels are still laid out: none is left out of the drawing's frame
    frame = presentation.pane.layer.content_rect()
    for label in presentation.pane.layer.labels.values():
        if label.isVisible():
            assert frame.contains(label.text_rect())


def test_the_surgeons_drawing_keeps_its_label_size(presentation, qtbot, library, atlas):
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(library, atlas=atlas)
    qtbot.addWidget(window)
    window.maybe_save = lambda: True
    label = next(iter(window.diagram_pane.layer.labels.values()))
    assert label.text_item.font().pixelSize() == round(LABEL_PX)


def test_a_scan_uses_the_whole_width(presentation, qtbot, tmp_path):
    from desktop_app.ui.image_pane import ImagePane

    document = presentation.document
    pane = ImagePane(document)
    qtbot.addWidget(pane)
    assert pane.import_path(make_mri_like(tmp_path / "mr.dcm", spacing=(0.8, 0.8)),
                            "Your MRI scan") == ""
    image_id = document.consultation.images[-1].id
    assert presentation.show_image(image_id)
    qtbot.waitUntil(lambda: presentation.image_view.isVisible())
    assert presentation.image_view.width() >= 0.95 * presentation.width()
    assert presentation.topic.isVisible() and "Your MRI scan" in presentation.topic.text()
    # the caption band is under the picture, not beside it
    picture = presentation.image_view.mapTo(presentation, presentation.image_view.rect().topLeft())
    caption = presentation.topic.mapTo(presentation, presentation.topic.rect().topLeft())
    assert caption.y() > picture.y() + presentation.image_view.height() - 5
    # the scale bar's "1 cm" in large type is not cut off by its box
    from PySide6.QtGui import QFont, QFontMetricsF

    view = presentation.image_view
    cm, _length = view.scale_bar()
    font = QFont(view.font())
    font.setBold(True)
    assert view.scale_bar_rect().width() >= QFontMetricsF(font).horizontalAdvance(f"{cm} cm") + 20
    # back to the drawing: side by side again
    QTest.keyClick(presentation, Qt.Key.Key_Left)
    assert presentation.image_id == ""
    assert presentation.pane.width() < 0.7 * presentation.width()


def test_the_marks_words_grow_with_the_labels(presentation, qtbot):
    from desktop_app.diagram.items import LesionItem, TextNoteItem

    items = presentation.marks.items.values()
    lesion = next(it for it in items if isinstance(it, LesionItem) and it.label_candidates())
    note = next(it for it in items if isinstance(it, TextNoteItem))
    k = presentation.marks.text_scale
    assert k == pytest.approx(presentation.pane.plan.em / LABEL_PX)
    # as large on screen as the anatomy labels: read across the room
    assert k * LABEL_PX * presentation.pane.view.current_scale() == pytest.approx(
        presentation.label_screen_px())
    assert presentation.label_screen_px() > 18
    label_h = lesion.label_candidates()[0].height()
    note_h = note.text_scene_rect().height()
    for _ in range(3):
        QTest.keyClick(presentation, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert presentation.marks.text_scale > k
    assert lesion.label_candidates()[0].height() > label_h
    assert note.text_scene_rect().height() > note_h
    # the lesion's outline keeps its size: only the words grow
    mark = presentation.document.consultation.lesions[0]
    ellipse = lesion.shape().boundingRect()
    assert ellipse.width() >= 2 * min(mark.rx, mark.ry) - 1


def test_a_larger_screen_never_shows_a_smaller_scale_bar(presentation, qtbot, tmp_path):
    """1 cm only when it is a tenth of the screen's height (else 5 cm): at 1,920 x 1,080 the
    1 cm bar was 53 px, smaller than the 5 cm bar at 1,366 x 768."""
    from desktop_app.ui.image_pane import ImagePane

    pane = ImagePane(presentation.document)
    qtbot.addWidget(pane)
    assert pane.import_path(make_mri_like(tmp_path / "mr.dcm", spacing=(0.8, 0.8)),
                            "Your MRI scan") == ""
    assert presentation.show_image(presentation.document.consultation.images[-1].id)
    bars = {}
    for size in ((1366, 768), (1920, 1080), (3000, 1080)):
        presentation.resize(*size)
        qtbot.waitUntil(lambda s=size: presentation.image_view.height() > 0.5 * s[1])
        view = presentation.image_view
        assert view.min_bar_px == round(size[1] * 0.1)
        bars[size] = view.scale_bar()
        cm, length = bars[size]
        # 1 cm when a centimetre is at least a tenth of the height long, else 5 cm
        assert (cm == 1) == (length / cm >= view.min_bar_px)
    assert bars[(1920, 1080)][1] >= bars[(1366, 768)][1]
