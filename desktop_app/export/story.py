"""The summary being built: one export's inputs, its flowables so far, the words it printed,
and the small building blocks every section uses (paragraphs, headings, cards, lists).

Each section (:mod:`.sections`, :mod:`.pictures`, :mod:`.found`) is a function of a
:class:`Story` that appends to :attr:`Story.flowables`; every word printed is also kept in
:attr:`Story.text`, which decides the glossary.
"""

from __future__ import annotations

from typing import Any, Iterable

from reportlab import platypus as pl
from reportlab.lib import colors, pagesizes
from reportlab.lib.styles import ParagraphStyle

from desktop_app.export.flowables import CardTable, Heading, Para, Stack, TextLines
from desktop_app.export.fonts import REGULAR, FontError, printable, register_fonts
from desktop_app.export.result import DiagramPlacement, ExportError
from desktop_app.export.scripts import needs_shaping
from desktop_app.export.strings import FALLBACK_LANGUAGE, STRINGS, strings_for
from desktop_app.export.style import (BODY_SIZE, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, design,
                                      table_style)
from desktop_app.export.text import BULLET_RE, esc, paragraphs

Style = str | ParagraphStyle
LINES_PER_PARA = 12     # the most lines of one printed piece of a long paragraph (text_block)


_SHAPED_STYLES: dict[int, ParagraphStyle] = {}


def shaped(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` with reportlab's HarfBuzz shaping on (for Devanagari, Thai...; made once)."""
    found = _SHAPED_STYLES.get(id(style))
    if found is None or found.parent is not style:
        found = _SHAPED_STYLES[id(style)] = ParagraphStyle(f"{style.name}-shaped",
                                                           parent=style, shaping=1)
    return found


def height(flowables: Iterable[Any], width: float) -> float:
    """Estimated height of flowables laid out one after another in a frame of ``width``."""
    total = 0.0
    for f in flowables:
        _w, h = f.wrap(width, 10_000)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


class Story:
    """One export: the inputs, the flowables being built and what the result reports."""

    def __init__(self, consultation: Any, *, config: Any, content: Any, atlas: Any,
                 language: str | None, signoff: Any = None, compact: bool = False):
        try:
            register_fonts()
        except FontError as exc:
            raise ExportError(str(exc)) from None
        self.c = consultation
        self.config = config
        self.content = content
        self.atlas = atlas
        self.signoff = signoff  # the clinic's SignoffBook (None: nothing signed off)
        self.printed: list[Any] = []  # content items printed, for the review-state sentence
        self.lang_code = language or FALLBACK_LANGUAGE  # for the atlas' lay names
        # the PDF's /Lang: the language most of the words are in (the content's)
        self.pdf_lang: str = getattr(content, "language", None) or \
            (self.lang_code if self.lang_code in STRINGS else FALLBACK_LANGUAGE)
        from desktop_app.model.contacts import contacts_from_config

        # the clinic's numbers, filled into the content's {tokens} wherever text is printed
        self.contacts = contacts_from_config(config)
        self.s = strings_for(language, self.contacts.country)
        self.fill_language: str = getattr(content, "language", None) or self.lang_code
        self.flowables: list[Any] = []
        self.glossary_terms: list[str] = []
        self.pages = 0
        self.last_page_fill = 1.0      # share of the last page's text frame used (render)
        self.sections: list[str] = []
        self.text: list[str] = []          # all words printed (for the glossary)
        self.recorders: list[DiagramPlacement] = []
        # the drawings laid out (labels placed) by (view, width, height), kept for one
        # export: the compact retry asks again for some of the same (``builder``)
        self.views: dict[tuple[str, float, float], Any] = {}
        self.clinic = ""
        self.notes_on_glance = False   # the surgeon's notes are on page 1 (:mod:`.glance`)
        self.later_views: list[str] = []  # marked drawing views printed after page 1
        self.glance_view = ""          # the drawing on page 1 ("" when none)
        self.glance_next = False       # page 1 has "What happens next"
        self.approach_on_glance = True  # page 1 names each area's approach (when it fits)
        self.notes_pointer = True      # page 1 says the notes are later (when it fits)
        self.next_shares: tuple[float, ...] = (0.6,)   # page 1's plan column: its shares
        self.short_cards: list[str] = []  # options not chosen, printed as one line each
        self.about_paragraphs: list[str] = []  # the library's "About this summary" text
        # every safety sentence is printed in full once (:func:`.sections.safety_lines`);
        # a card whose other sentences are in "When to call us" points to its page
        self.safety_seen: set[str] = set()
        self.call_page = 2             # where "When to call us" starts (checked after layout)
        self.call_seen_at: list[tuple[int, float]] = []
        self.pointers = 0
        self.compact = compact   # less space between lines (:func:`.style.design`)
        self.col, self.st, self._templates = design(compact)
        pagesize_name = getattr(config, "paper_size", "A4") if config is not None else "A4"
        self.pagesize: tuple[float, float] = \
            pagesizes.LETTER if pagesize_name == "Letter" else pagesizes.A4
        self.frame_width = self.pagesize[0] - 2 * MARGIN_X

    # -------------------------------------------------------------- small pieces
    def fill(self, text: str) -> str:
        """``text`` with the content's {tokens} replaced by the clinic's numbers."""
        from desktop_app.model.contacts import fill_contacts

        return fill_contacts(text, self.contacts, self.fill_language)

    def para(self, text: str, style: str = "body") -> Para:
        """A paragraph of plain text (never markup: patient and surgeon text is escaped).

        Every printed word is also kept in ``self.text`` for the glossary.
        """
        text = printable(self.fill(text))
        self.text.append(text)
        if "\n" not in text and text.strip():
            return self.plain(text, style)
        st = shaped(self.st[style]) if needs_shaping(text) else self.st[style]
        return Para(esc(text).replace("\n", "<br/>"), st)

    def text_block(self, text: str, style: str = "body") -> list[Any]:
        """A paragraph of plain text that may run over many lines (the surgeon's notes): as
        :meth:`para` up to ``LINES_PER_PARA`` lines, else a :class:`TextLines` of the same
        style, laid out in time linear in its lines (as one reportlab Paragraph, 8,000 short
        lines took 12 s and 16,000 took 52 s: it is re-broken whole at every page)."""
        lines = printable(text).split("\n")
        if len(lines) <= LINES_PER_PARA:
            return [self.para(text, style)]
        self.text.append("\n".join(lines))
        return [TextLines([" ".join(ln.split()) for ln in lines], self.st[style])]

    def plain(self, text: str, style: Style, cls: type[Para] = Para,
              bullet: str | None = None) -> Para:
        """Plain text without reportlab's markup parser: one text fragment cloned from a
        parsed template of the style (same result, a fraction of the time)."""
        st = self.st[style] if isinstance(style, str) else style
        if needs_shaping(text):
            return cls(esc(" ".join(text.split())), shaped(st), bulletText=bullet)
        template = self._templates.get(st.name)
        if template is None:
            template = self._templates[st.name] = Para("x", st).frags[0]
        clean = " ".join(self.fill(text).split())
        p = cls(clean, st, bulletText=bullet, frags=[template.clone(text=clean)])
        p.key = (id(st), clean, bullet)
        return p

    def bold_lead(self, lead: str, rest: str, style: Style, bullet: str | None = None) -> Para:
        """A paragraph starting with a bold phrase ("Fever. Call us if ..."), built from
        parsed template fragments like :meth:`plain`."""
        st = self.st[style] if isinstance(style, str) else style
        key = ("bold_lead", st.name)
        frags = self._templates.get(key)
        if frags is None:
            frags = self._templates[key] = Para("<b>x</b>y", st).frags
        lead = " ".join(printable(self.fill(lead)).split())
        rest = " " + " ".join(printable(self.fill(rest)).split())
        p = Para(lead + rest, st, bulletText=bullet,
                 frags=[frags[0].clone(text=lead), frags[1].clone(text=rest)])
        p.key = (id(st), lead, rest, bullet)
        return p

    def heading(self, key: str, text: str) -> Para:
        """A section heading; records the section ``key`` for the result."""
        self.sections.append(key)
        self.text.append(text)
        return self.plain(text, "h2", Heading)

    def item_blocks(self, text: str, style: str = "body") -> list[Any]:
        """Content text: paragraphs, and lines starting with '-' as bullets."""
        out: list[Any] = []
        for block in paragraphs(text):
            lines = block.split("\n")
            if all(BULLET_RE.match(ln) for ln in lines):
                for ln in lines:
                    body = BULLET_RE.sub("", ln)
                    self.text.append(body)
                    out.append(self.plain(body, self.bullet_style(style), bullet="•"))
            else:
                out.append(self.para(" ".join(lines), style))
        return out

    def bullet_style(self, style: str) -> ParagraphStyle:
        """``style`` indented with a bullet (made once, shared like the other styles)."""
        key = style + "_bullet"
        if key not in self.st:
            self.st[key] = ParagraphStyle(key, parent=self.st[style], leftIndent=16,
                                          bulletIndent=3, spaceAfter=3,
                                          bulletFontName=REGULAR, bulletFontSize=BODY_SIZE)
        return self.st[key]

    def card(self, groups: list[Any], *, bar: colors.Color | None = None,
             tint: colors.Color | None = None, pad: float = 9,
             repeat_head: bool = False, continued: str | None = None) -> list[Any]:
        """A tinted card with a coloured bar on the left, as flowables for the story.

        ``groups`` are rows (a flowable or a list kept together, such as a label and its
        text); the card may break between rows. The first row is its own table so a section
        heading can keep with it without dragging the whole card to the next page.
        ``repeat_head``: one table whose first row (the title alone) starts each piece;
        ``continued``: the title that row reads on the pieces after the first ("When to call
        us (continued)"); either way its rows never split inside (no sentence cut in two).
        """
        parts = [groups[:1], groups[1:]] if len(groups) > 1 else [groups]
        repeat_head = repeat_head or continued is not None
        if repeat_head:   # one table whose first row (its title) starts every piece of it
            parts = [[groups[0]] + [Stack(g) if isinstance(g, list) else g
                                    for g in groups[1:]]]
        elif len(parts) > 1:   # a row kept together stays whole where the card may break
            parts[1] = [Stack(g) if isinstance(g, list) else g for g in parts[1]]
        out: list[Any] = []
        for k, part in enumerate(parts):
            # the first row (a title and its first lines) never splits: no title alone at a
            # page foot; later rows may split inside, so a long card fills the page
            table = CardTable([[g] for g in part], colWidths=[self.frame_width],
                              hAlign="LEFT", repeatRows=1 if repeat_head else 0,
                              splitInRow=0 if repeat_head or (k == 0 and len(parts) > 1)
                              else 1)
            if continued is not None:
                title = self.plain(continued, "item")
                title.key = None   # drawn only when the card breaks: not in the line cache
                table.continued = title
            n = len(part)
            style: list[Any] = [
                ("BACKGROUND", (0, 0), (-1, -1), tint or self.col["tint"]),
                ("LINEBEFORE", (0, 0), (0, -1), 4, bar or self.col["accent"]),
                ("LEFTPADDING", (0, 0), (-1, -1), pad + 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
            if k == 0:
                style.append(("TOPPADDING", (0, 0), (-1, 0), pad - 2))
            if k == len(parts) - 1:
                style.append(("BOTTOMPADDING", (0, n - 1), (-1, n - 1), pad - 2))
            table.setStyle(table_style(style))
            out.append(table)
        return out

    def list_table(self, rows: list[Any], col0: float, cmds: list[Any],
                   head: int = 2) -> list[Any]:
        """A two-column list as two tables: the first ``head`` rows (kept with the section
        heading) and the rest (free to break across pages)."""
        out: list[Any] = []
        for part in (rows[:head], rows[head:]):
            if not part:
                continue
            table = pl.Table(part, colWidths=[col0, self.frame_width - col0], hAlign="LEFT")
            table.setStyle(table_style(cmds))
            out.append(table)
        return out

    def labelled(self, label: str, text: str) -> list[Any]:
        """Card rows for a labelled field: the label as a bold lead-in to its first paragraph
        ("What to expect. You lie on ..."); a field that starts with a list gets the label
        on a line of its own, kept with the list's first line."""
        blocks = self.item_blocks(text, "tight")
        if not blocks:
            return []
        self.text.append(label)
        first = paragraphs(text)[0]
        if "\n" in first or BULLET_RE.match(first):
            return [[pl.Spacer(1, 5), self.para(label, "label"), blocks[0]], *blocks[1:]]
        lead = self.bold_lead(label + ".", " ".join(first.split()), "tight")
        return [[pl.Spacer(1, 5), lead], *blocks[1:]]

    def items(self, ids: Iterable[str]) -> list[Any]:
        """The content library's items for ``ids`` (unknown ids skipped), in that order."""
        if self.content is None:
            return []
        out = []
        for item_id in ids:
            item = self.content.item(item_id)
            if item is not None:
                out.append(item)
        self.printed += out
        return out

    def atlas_drawing(self, view: str) -> Any:
        """The atlas drawing of ``view`` for the visit's variant, or None."""
        if self.atlas is None:
            return None
        try:
            return self.atlas.drawing(view, self.c.variant)
        except (KeyError, AttributeError):
            return None

    def lay(self, structure_id: str) -> str:
        """A structure's lay name in the summary's language ("" if unknown)."""
        try:
            name: str = self.atlas.structure(structure_id).lay(self.lang_code)
            return name
        except (KeyError, AttributeError):
            return ""

    def room_left_on_first_page(self) -> float:
        """Height left on page 1 below what the story holds so far."""
        page_h = self.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM
        return page_h - height(self.flowables, self.frame_width)
