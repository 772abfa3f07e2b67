"""The side docks of the main window: the lesion panel and the edit history.

The lesion panel takes its width from the explanations, so it is there while a lesion is
selected (on the drawing or a scan) and gone when none is — unless the surgeon says otherwise
with View ▸ Lesion panel or the dock's close button: "keep it open" or "keep it closed" is
remembered (also for the next start); a double-click on a lesion always brings it forward and
goes back to following the selection. Opening a visit selects nothing, so it opens no panel.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QUndoView

CHOICE_KEY = "window/lesion_panel"
AUTO, OPEN, CLOSED = "auto", "open", "closed"


def stored_choice() -> str:
    value = QSettings().value(CHOICE_KEY, AUTO)
    return value if value in (AUTO, OPEN, CLOSED) else AUTO


class LesionDock(QDockWidget):
    """The dock; ``choice`` is the surgeon's: follow the selection, keep open, keep closed.

    Its panel (~70 widgets, a quarter of the window's) is made when it is first needed: the
    dock shown, a lesion selected or activated, or :attr:`panel` asked for. A visit opens
    with nothing selected, so the first screen never shows it."""

    def __init__(self, window, make_panel: Callable[[], Any], controller):
        super().__init__("Lesion", window)
        self.setObjectName("lesion_dock")
        self._make_panel = make_panel
        self._panel: Any = None
        self._followed = [controller]      # controllers whose selection the panel follows
        self.choice = stored_choice()
        self.toggleViewAction().setText("&Lesion panel")
        self.toggleViewAction().triggered.connect(
            lambda on: self.set_choice(OPEN if on else CLOSED))
        self.visibilityChanged.connect(self._narrow)
        self._watch(controller)
        controller.lesionActivated.connect(self._activated)

    @property
    def panel(self):
        """The lesion panel (made now if it was not yet)."""
        if self._panel is None:
            from desktop_app.ui.lesion_panel import PANEL_WIDTH

            panel = self._panel = self._make_panel()
            for controller in self._followed[1:]:
                panel.follow(controller)
            self.setWidget(panel)
            # narrow: the drawing and the explanations need the room more than the form does
            panel.setMinimumWidth(PANEL_WIDTH[0])
            self.setMaximumWidth(PANEL_WIDTH[1])
            panel.lesionShown.connect(self.follow)
            # from now on as it always was: the panel shows the lesion, then the dock comes
            controller = self._followed[0]
            controller.lesionActivated.disconnect(self._activated)
            controller.lesionActivated.connect(self.bring_forward)
        return self._panel

    def is_made(self) -> bool:
        return self._panel is not None

    def follow_controller(self, controller) -> None:
        """Also follow the lesions selected through another controller (the Images tab's)."""
        if controller in self._followed:
            return
        self._followed.append(controller)
        if self._panel is not None:
            self._panel.follow(controller)
        else:
            self._watch(controller)

    def _watch(self, controller) -> None:
        controller.selectionChanged.connect(
            lambda ids, c=controller: self._selected(c, ids))

    def _selected(self, controller, ids) -> None:
        """Before the panel is made: a lesion selected makes it, and it takes the selection
        as its own connection would have (made during this signal, it missed it)."""
        if self._panel is None and controller.selected_lesion() is not None:
            self.panel._on_selection_of(controller, ids)

    def _activated(self, lesion_id: str = "") -> None:
        """Before the panel is made: a lesion activated (double-click) makes it."""
        self.panel.show_lesion(lesion_id)
        self.bring_forward(lesion_id)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt API
        if visible:
            self.panel            # noqa: B018 - made before the dock shows
        super().setVisible(visible)

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
            from desktop_app.ui.lesion_panel import PANEL_WIDTH

            window.resizeDocks([self], [PANEL_WIDTH[0]], Qt.Orientation.Horizontal)


def add_lesion_dock(window, controller, library=None) -> LesionDock:
    """The lesion panel's dock in ``window`` (a QMainWindow), on the right; the panel itself
    is made when first needed (:class:`LesionDock`). Sets ``window.lesion_dock``."""
    def make_panel():
        from desktop_app.ui.lesion_panel import LesionPanel

        return LesionPanel(controller, library)

    dock = LesionDock(window, make_panel, controller)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.setVisible(dock.choice == OPEN)
    window.lesion_dock = dock
    return dock


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
