"""Presentation mode shows what the surgeon is explaining now.

What the surgeon has on screen decides what the patient sees, and the latest of these wins:

- the Images tab: the image shown there (the diagram alone when there is none);
- a section of explanations: the open card in view (the one opened last, if it is in view),
  else the section's title and the cards in view — so a card opened minutes ago in another
  section never stays on the patient's screen;
- a part of the drawing clicked or chosen: that part;
- the patient's details: the drawing alone (nothing there is for the patient's screen).

The keys in the patient's window step through the cards of the surgeon's section.
"""

from __future__ import annotations

from desktop_app.ui.content_tabs import TopicPage


class ScreenFollower:
    """Tracks the surgeon's screen in ``window`` (a MainWindow) and drives its
    ``presentation`` window while that is open."""

    def __init__(self, window):
        self.window = window
        self.kind, self.ident = "none", ""       # "item" | "section" | "structure" | "none"
        window.tabs.currentChanged.connect(lambda _i: self.follow_page())
        for page in window.pages.values():
            page.inViewChanged.connect(lambda p=page: self._page_moved(p))
            page.itemShown.connect(lambda item_id, p=page: self._opened(p, item_id))

    def page(self) -> TopicPage | None:
        page = self.window.tabs.currentWidget()
        return page if isinstance(page, TopicPage) else None

    # ------------------------------------------------------------------ the surgeon's screen
    def follow_page(self) -> None:
        """Another section, or the one on screen scrolled: what it shows now."""
        page = self.page()
        if page is None:
            self.kind, self.ident = "none", ""
        else:
            card = page.card_on_screen()
            self.kind, self.ident = ("item", card) if card else ("section", page.key)
        self.push()

    def _page_moved(self, page: TopicPage) -> None:
        if page is self.window.tabs.currentWidget():
            self.follow_page()

    def _opened(self, page: TopicPage, item_id: str) -> None:
        if page is self.window.tabs.currentWidget() or self.window.tabs.currentWidget() is None:
            self.kind, self.ident = "item", item_id
            self.push()

    def show_structure(self, structure_id: str) -> None:
        self.kind, self.ident = "structure", structure_id
        p = self._open_presentation()
        if p is not None:
            p.show_structure(structure_id)

    # ------------------------------------------------------------------ the patient's screen
    def _open_presentation(self):
        p = getattr(self.window, "presentation", None)
        return p if p is not None and p.isVisible() else None

    def push(self, force: bool = False) -> None:
        """Show the surgeon's current thing on the patient's screen (when it is open, or
        ``force``: it is about to open)."""
        p = getattr(self.window, "presentation", None)
        if p is None or (not force and not p.isVisible()):
            return
        page = self.page()
        p.set_steps(list(page.cards) if page is not None else [])
        image_id = self.window.presented_image_id()
        if image_id:
            if force or image_id != p.image_id:
                p.show_image(image_id)
            return
        if self.kind == "item":
            p.show_topic(self.ident)
        elif self.kind == "structure":
            p.show_structure(self.ident)
        elif self.kind == "section" and page is not None:
            p.show_section(self.ident, page.cards_in_view())
        else:
            p.show_nothing()
