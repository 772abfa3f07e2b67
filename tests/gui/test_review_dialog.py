"""Clinical sign-off in the window: Help ▸ Clinical sign-off…, approve with name and role,
the decisions survive a restart, and an item edited in the clinic's content folder loses its
approval. Real widgets, real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.infra.config import ClinicConfig
from desktop_app.model.content import load_content
from desktop_app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]

CLINIC_OVERVIEW = """\
extend: true
sources_checked: 2026-12-01
title: Overview
items:
  - id: clinic_parking
    title: Getting to the clinic
    summary: You can park for free in car park B, next to the main entrance.
    sources: [nci_find_doctor]
"""


@pytest.fixture
def clinic(tmp_path):
    folder = tmp_path / "clinic"
    (folder / "en").mkdir(parents=True)
    (folder / "en" / "overview.yaml").write_text(CLINIC_OVERVIEW, encoding="utf-8")
    config = ClinicConfig(content_dir=str(folder),
                          signoff_file=str(tmp_path / "it-share" / "clinical-signoff.json"))
    return folder, config


def open_window(qtbot, clinic):
    folder, config = clinic
    libraries = {}

    def content_for(lang):
        if lang not in libraries:  # read the files afresh, as a new start of the app does
            libraries[lang] = load_content(ROOT / "content", lang, [folder])
        return libraries[lang]

    window = MainWindow(content_for("en"), config=config, content_for=content_for)
    qtbot.addWidget(window)
    window.maybe_save = lambda: True  # no unsaved-changes prompt when a test closes it
    window.show()
    qtbot.waitExposed(window)
    return window


def click_row(qtbot, dialog, item_id):
    """Click the item's row in the list, as a reviewer does."""
    tree = dialog.tree
    for i in range(tree.topLevelItemCount()):
        parent = tree.topLevelItem(i)
        for j in range(parent.childCount()):
            row = parent.child(j)
            if row.data(0, Qt.ItemDataRole.UserRole) == item_id:
                tree.scrollToItem(row)
                rect = tree.visualItemRect(row)
                qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                                 pos=rect.center())
                assert dialog.current_item_id() == item_id
                return row
    raise AssertionError(item_id)


def card_review_text(window, item_id):
    for page in window.pages.values():
        if item_id in page.cards:
            return page.shown_review(item_id)
    raise AssertionError(item_id)


def test_approve_two_items_restart_then_edit_one(qtbot, clinic):
    window = open_window(qtbot, clinic)
    assert "has reviewed this text yet" in card_review_text(window, "fever")  # nothing yet
    help_menu = next(a.menu() for a in window.menuBar().actions()
                     if a.text().replace("&", "") == "Help")
    assert window.act_signoff in help_menu.actions()
    window.act_signoff.trigger()
    dialog = window.review_dialog
    qtbot.waitExposed(dialog)

    click_row(qtbot, dialog, "fever")
    assert not dialog.approve.isEnabled()                             # who signs is required
    assert "Fever or chills" in dialog.view.toPlainText()
    assert "Infection and Neutropenia" in dialog.view.toPlainText()    # its source is shown
    dialog.name.clear()
    dialog.role.clear()
    qtbot.keyClicks(dialog.name, "Dr Ana Ruiz")
    qtbot.keyClicks(dialog.role, "Consultant colorectal surgeon")
    assert dialog.approve.isEnabled()
    qtbot.mouseClick(dialog.approve, Qt.MouseButton.LeftButton)
    click_row(qtbot, dialog, "clinic_parking")
    qtbot.mouseClick(dialog.approve, Qt.MouseButton.LeftButton)
    click_row(qtbot, dialog, "bleeding")
    qtbot.keyClicks(dialog.note, "Say how much blood is too much")
    qtbot.mouseClick(dialog.flag, Qt.MouseButton.LeftButton)
    assert "2 of" in dialog.counts.text()
    assert card_review_text(window, "fever").startswith(
        "Clinical sign-off: Reviewed by Dr Ana Ruiz (Consultant colorectal surgeon) on ")

    record = json.loads(Path(clinic[1].signoff_file).read_text(encoding="utf-8"))
    assert [d["item_id"] for d in record["decisions"]] == ["fever", "clinic_parking", "bleeding"]
    assert {d["name"] for d in record["decisions"]} == {"Dr Ana Ruiz"}
    dialog.close()
    window.close()

    # a new start: the decisions are read back from the clinic's file
    again = open_window(qtbot, clinic)
    for item_id in ("fever", "clinic_parking"):
        assert "Reviewed by Dr Ana Ruiz" in card_review_text(again, item_id)
    assert "asked for changes" in card_review_text(again, "bleeding")
    again.close()

    # the clinic edits its own item: that approval no longer counts; the other one does
    overview = clinic[0] / "en" / "overview.yaml"
    overview.write_text(CLINIC_OVERVIEW.replace("car park B", "car park C"), encoding="utf-8")
    edited = open_window(qtbot, clinic)
    assert "Changed since Dr Ana Ruiz reviewed it" in card_review_text(edited, "clinic_parking")
    assert "Reviewed by Dr Ana Ruiz" in card_review_text(edited, "fever")
    edited.act_signoff.trigger()
    dialog = edited.review_dialog
    qtbot.waitExposed(dialog)
    row = click_row(qtbot, dialog, "clinic_parking")
    assert row.text(1).startswith("Changed since review")
    assert "1 of" in dialog.counts.text()
    dialog.close()


def test_a_broken_signoff_file_is_reported_and_never_overwritten(qtbot, clinic):
    path = Path(clinic[1].signoff_file)
    path.parent.mkdir(parents=True)
    path.write_text("{ not json", encoding="utf-8")
    window = open_window(qtbot, clinic)
    window.act_signoff.trigger()
    dialog = window.review_dialog
    qtbot.waitExposed(dialog)
    assert "not valid JSON" in dialog.findChild(type(dialog.status), "review_error").text()
    click_row(qtbot, dialog, "fever")
    qtbot.keyClicks(dialog.name, "Dr A")
    qtbot.keyClicks(dialog.role, "Surgeon")
    assert not dialog.approve.isEnabled()
    assert path.read_text(encoding="utf-8") == "{ not json"
    dialog.close()


def test_disclaimer_on_screen_follows_the_patient_language(qtbot, clinic):
    window = open_window(qtbot, clinic)
    banner = window.disclaimer_banner
    assert banner.isVisible()
    assert "does not replace advice from your own care team" in banner.text()
    window.tabs.setCurrentWidget(window.patient_panel)
    combo = window.patient_panel.language
    combo.setFocus()
    while combo.currentData() != "es":
        qtbot.keyClick(combo, Qt.Key.Key_Down)       # the surgeon picks Spanish
    assert window.document.consultation.language == "es"
    assert "No reemplaza los consejos" in banner.text()


def click_section(qtbot, dialog, title):
    tree = dialog.tree
    for i in range(tree.topLevelItemCount()):
        row = tree.topLevelItem(i)
        if row.text(0) == title:
            tree.scrollToItem(row)
            qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                             pos=tree.visualItemRect(row).center())
            assert dialog.current_topic() is not None
            return row
    raise AssertionError(title)


def test_review_a_section_see_what_changed_and_approve_it_once_read(qtbot, clinic):
    """The clinic workflow: approve, the text changes, the reviewer sees the changed words,
    reads the whole section to its end and approves it with one click."""
    window = open_window(qtbot, clinic)
    window.act_signoff.trigger()
    dialog = window.review_dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Dr Ana Ruiz")
    qtbot.keyClicks(dialog.role, "Consultant colorectal surgeon")
    click_row(qtbot, dialog, "clinic_parking")
    qtbot.mouseClick(dialog.approve, Qt.MouseButton.LeftButton)
    dialog.close()
    window.close()

    overview = clinic[0] / "en" / "overview.yaml"
    overview.write_text(CLINIC_OVERVIEW.replace("car park B", "car park C"), encoding="utf-8")
    window = open_window(qtbot, clinic)
    window.act_signoff.trigger()
    dialog = window.review_dialog
    qtbot.waitExposed(dialog)
    # the file and its last writer are shown, as plain text
    assert str(Path(clinic[1].signoff_file)) in dialog.file_line.text()
    assert "Last saved by: Dr Ana Ruiz (Consultant colorectal surgeon)" in \
        dialog.file_line.text()
    click_row(qtbot, dialog, "clinic_parking")
    page = dialog.view.toHtml()
    assert "Changed since the last approval" in dialog.view.toPlainText()
    assert "line-through" in page and "underline" in page
    struck = page.split("line-through")[1].split("</span>")[0]
    added = page.split("underline")[1].split("</span>")[0]
    assert struck.endswith(">B,") and added.endswith(">C,")   # "car park B," -> "C,"

    click_section(qtbot, dialog, "Overview")
    topic = dialog.current_topic()
    bar = dialog.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)       # a long section: it has to be read
    assert not dialog.approve_section.isEnabled()
    assert dialog.select_item("fever") and dialog.select_item("section:overview")
    qtbot.waitUntil(lambda: bar.maximum() > 0)       # (chosen again: still not read)
    assert not dialog.approve_section.isEnabled()
    assert "Read the section to its end" in dialog.status.text()
    dialog.view.setFocus()
    for _ in range(200):                             # the reader pages down to the end
        if bar.value() == bar.maximum():
            break
        qtbot.keyClick(dialog.view, Qt.Key.Key_PageDown)
        if bar.value() < bar.maximum():
            assert not dialog.approve_section.isEnabled()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())
    assert dialog.approve_section.isEnabled()
    qtbot.mouseClick(dialog.approve_section, Qt.MouseButton.LeftButton)
    assert dialog.tree.currentItem().text(1) == \
        f"{len(topic.items)} of {len(topic.items)} reviewed"
    assert f"Approved {len(topic.items)} items" in dialog.status.text()
    record = json.loads(Path(clinic[1].signoff_file).read_text(encoding="utf-8"))
    approved = {d["item_id"] for d in record["decisions"][1:]}
    assert approved == {i.id for i in topic.items}
    assert not dialog.approve_section.isEnabled()   # nothing left to approve in it
    dialog.close()


def test_a_long_section_is_not_read_until_scrolled_even_when_chosen_at_once(qtbot, clinic):
    """Chosen before the window has laid anything out (as a keyboard user or a script can)."""
    from desktop_app.services import content_loader
    from desktop_app.ui.review_dialog import ClinicSignoff, ReviewDialog

    dialog = ReviewDialog(ClinicSignoff(clinic[1]), content_loader([clinic[0]]))
    qtbot.addWidget(dialog)
    dialog.resize(1366, 740)
    dialog.name.setText("Dr Ana Ruiz")
    dialog.role.setText("Colorectal surgeon")
    dialog.show()
    assert dialog.select_item("what_is_it") and dialog.select_item("section:overview")
    bar = dialog.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert not dialog.read_to_end and not dialog.approve_section.isEnabled()
    bar.setValue(bar.maximum())                       # the reader scrolls to the end
    assert dialog.read_to_end and dialog.approve_section.isEnabled()
    dialog.close()
