"""The lesion panel's list of suspected types: each group's heading is bold and cannot be
chosen, its types are indented one step under it (by the item delegate, not by spaces)."""

import pytest
from PySide6.QtCore import Qt

from desktop_app.services import content_loader
from desktop_app.ui.lesion_panel import GROUP_NAMES, INDENT_ROLE, OTHER
from desktop_app.ui.main_window import MainWindow


@pytest.fixture
def panel(qtbot, library, atlas):
    w = MainWindow(library, atlas=atlas, content_for=content_loader([]))
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    return w.lesion_panel


def test_headings_are_bold_and_not_choosable_and_types_sit_under_them(panel, library):
    box = panel.suspected
    model = box.model()
    types = library.items("tumour_types")
    assert len(types) >= 2
    groups = {t.group or "other" for t in types}
    headings = [GROUP_NAMES.get(g, g.capitalize()) for g in groups]
    rows = [box.itemText(i) for i in range(box.count())]
    assert rows[0] == "Not stated" and box.itemData(len(rows) - 1) == OTHER
    for heading in headings:
        row = rows.index(heading)
        item = model.item(row)
        assert box.itemData(row) is None
        assert not item.flags() & Qt.ItemFlag.ItemIsEnabled
        assert item.font().bold()
        assert not item.data(INDENT_ROLE)
    for t in types:
        row = box.findData(t.id)
        assert row > 0 and box.itemText(row) == t.title     # no padding spaces in the name
        assert model.item(row).data(INDENT_ROLE) == 1
        assert model.item(row).flags() & Qt.ItemFlag.ItemIsEnabled
    assert len(rows) == 2 + len(headings) + len(types)
