"""The side docks of the main window: the lesion panel and the edit history.

The lesion panel takes its width from the explanations, so it is there while a lesion is
selected (on the drawing or a scan) and gone when none is — unless the surgeon says otherwise
with View ▸ Lesion panel or the dock's close button: "keep it open" or "keep it closed" is
remembered (also for the next start); a double-click on a lesion always brings it forward and
goes back to following the selection. Opening a visit selects nothing, so it opens no panel.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QUndoView

from desktop_app.ui.lesion_panel import PANEL_WIDTH, LesionPanel

CHOICE_KEY = "window/lesion_panel"
AUTO, OPEN, CLOSED = "auto", "open", "closed"


def stored_choice() -> str:
    value = QSettings().value(CHOICE_KEY, AUTO)
    return value if value in (AUTO, OPEN, CLOSED) else AUTO


class LesionDock(QDockWidget):
    """The dock; ``choice`` is the surgeon's: follow the selection, keep open, keep closed."""

    def __init__(self, window, panel: LesionPanel):
        super().__init__("Lesion", window)
        self.setObjectName("lesion_dock")
        self.panel = panel
        self.choice = stored_choice()
        self.setWidget(panel)
        self.toggleViewAction().setText("&Lesion panel")
        self.toggleViewAction().triggered.connect(
            lambda on: self.set_choice(OPEN if on else CLOSED))
        # narrow: the drawing and the explanations need the room more than the form does
        panel.setMinimumWidth(PANEL_WIDTH[0])
        self.setMaximumWidth(PANEL_WIDTH[1])
        self.visibilityChanged.connect(self._narrow)
        panel.lesionShown.connect(self.follow)

    def set_choice(self, choice: str) -> None:
        self.choice = choice
        QSettings().setValue(CHOICE_KEY, choice)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        """The dock's own close button: the surgeon wants it closed."""
        self.set_choice(CLOSED)
        super().closeEvent(event)

    def follow(self, lesion_shown: bool) -> None:
        """A lesion was selected, or none is now."""
        if self.choice == AUTO:
            self.setVisible(lesion_shown)
        elif self.choice == OPEN and not self.isVisible():
            self.show()

    def bring_forward(self, _lesion_id: str = "") -> None:
        """A double-click on a lesion: the panel, and following the selection again."""
        if self.choice == CLOSED:
            self.set_choice(AUTO)
        self.show()
        self.raise_()

    def _narrow(self, visible: bool) -> None:
        # at its narrowest each time it opens: the room comes from the explanations
        window = self.parentWidget()
        if visible and isinstance(window, QMainWindow):
            window.resizeDocks([self], [PANEL_WIDTH[0]], Qt.Orientation.Horizontal)


def add_lesion_dock(window, controller, library=None) -> LesionPanel:
    """The lesion panel in a dock of ``window`` (a QMainWindow), on the right. Sets
    ``window.lesion_panel`` and ``window.lesion_dock``."""
    panel = LesionPanel(controller, library)
    dock = LesionDock(window, panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    controller.lesionActivated.connect(dock.bring_forward)
    dock.setVisible(dock.choice == OPEN)
    window.lesion_panel, window.lesion_dock = panel, dock
    return panel


def add_history_dock(window, undo_stack):
    """A hidden dock listing every edit (QUndoView: click an entry to go back to it).

    Returns the dock; its ``toggleViewAction()`` belongs in the Edit menu.
    """
    view = QUndoView(undo_stack)
    view.setObjectName("history_view")
    view.setEmptyLabel("Start of the visit")
    view.setAccessibleName("Edit history")
    dock = QDockWidget("Edit history", window)
    dock.setObjectName("history_dock")
    dock.setWidget(view)
    dock.toggleViewAction().setText("Edit &history")
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    lesion_dock = getattr(window, "lesion_dock", None)
    if lesion_dock is not None:
        window.tabifyDockWidget(lesion_dock, dock)   # one column of side panels, not two
    dock.hide()
    window.history_dock = dock
    return dock
