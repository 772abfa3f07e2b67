"""Page 1 of the summary: the visit at a glance.

What we found (the first marked drawing with its key, fitted to the room the rest of the page
leaves), what happens next (the agreed plan, the approach, the tests, the surgeon's notes),
whom to call (day, night, emergency; a line to write the number on when the clinic gave none)
and a short emergency box (the signs, where to go and how fast). The reference sections follow
from page 2. The drawing is the part that gives way: it shrinks to fit, down to a size still
worth reading; notes too long for page 1 move to the reference part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from reportlab import platypus as pl

from desktop_app.export import pictures
from desktop_app.export.choices import approach_shown, treatment_ids
from desktop_app.export.flowables import Heading, Para, WriteLine
from desktop_app.export.scripts import needs_shaping
from desktop_app.export.story import height, shaped
from desktop_app.export.style import (CM, DIAGRAM_MAX_H, GLANCE_MIN_H, MARGIN_BOTTOM,
                                      MARGIN_TOP, table_style)
from desktop_app.export.text import esc, one_line, paragraphs
from desktop_app.model.biopsy_check import BIOPSY_ID, biopsy_with_meningocele
from desktop_app.model.contacts import contacts_from_config, emergency_number, fill_contacts
from desktop_app.model.lesions import described_once

if TYPE_CHECKING:
    from desktop_app.export.figures import Figure
    from desktop_app.export.story import Story

# when_to_call items printed in the page-1 box, most urgent first (``urgency`` field)
BOX_URGENCIES = ("emergency_number", "emergency_room_now")
SLACK = 8            # points kept free on page 1 for rounding in the layout
# of the text width for "What happens next" beside "Whom to call", the first one preferred
NEXT_SHARES = (0.6, 0.65, 0.7)
GUTTER = 16          # between two columns
GLANCE_LEAST_H = 4.0 * CM   # page 1's drawing when the page is full, if its labels all fit
WRITE_GAP = 20       # above the line to write a number on: room for handwriting
# page 1's drawing at about its size on a full A4 page 1 (the example's: 182 pt), where all
# but one of its structure labels fit beside it (12 of 17 at GLANCE_MIN_H): a line saying
# the notes are later gives way for it
GLANCE_GOOD_H = 6.4 * CM


def glance(b: Story) -> None:
    """Page 1 after the header and the visit details, then a page break."""
    views = pictures.marked_views(b)
    found_head: list[Any] = [_heading(b, b.s["h_found"])] if views else []
    box = emergency_box(b)
    page_h = b.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM
    figure = None
    fits = True
    make = figure_maker(b, views[0]) if views else None
    # what gives way when page 1 is full: the approach lines (the reference's approach card
    # says the same), then the surgeon's notes (to the reference: their own words, kept on
    # page 1 before a line the reference repeats), then the plan's column beside "Whom to
    # call" may widen, then the line saying the notes are later (their own section says it
    # too) when the drawing is smaller than GLANCE_GOOD_H with it, then the drawing's size.
    # A shorter page (US Letter, 50 pt less than A4) needs the widening and that line's
    # room to keep page 1 whole with its drawing about as large as A4's.
    tries = ((True, True, True, NEXT_SHARES[:1], 0.0),
             (True, False, True, NEXT_SHARES[:1], 0.0),
             (False, False, True, NEXT_SHARES[:1], 0.0),
             (False, False, True, NEXT_SHARES, GLANCE_GOOD_H),
             (False, False, False, NEXT_SHARES, 0.0))
    mark = len(b.text)
    for n, (with_notes, with_approach, with_pointer, shares, good) in enumerate(tries):
        del b.text[mark:]   # the words of the try kept, only (the glossary looks them up)
        b.notes_on_glance = with_notes and bool(paragraphs(b.c.notes))
        b.approach_on_glance = with_approach
        b.notes_pointer = with_pointer
        b.next_shares = shares
        row = next_and_contact(b)
        if make is None:
            break
        fixed = height(b.flowables + found_head + row + box, b.frame_width)
        room = page_h - fixed - SLACK
        figure = fit_figure(b, views[0], make, room, last=n == len(tries) - 1)
        fits = figure.height <= room + pictures.FIT_FUZZ
        if fits and figure.art.height >= good - 0.01:
            break
    b.flowables += found_head
    if figure is not None:
        pictures.place(b, figure)
        b.flowables.append(pl.Spacer(1, 4))
        b.sections.append("found")
    if not fits:   # still too full: the emergency box first, so it stays whole on page 1,
        # then whom to call, then the plan across the page, free to go on over the page
        across = next_and_contact(b, stacked=True)
        cut = len(across) - 2            # "Whom to call": its heading and its row
        row, box = box, across[cut:] + across[:cut]
    if b.glance_next:
        b.sections.append("next")
    b.sections += ["contact", "box"]
    b.flowables += row + box
    # the reference starts on page 2, unless a quarter of page 1 is still free (nothing marked,
    # nothing planned): then it follows on page 1
    b.flowables.append(pl.CondPageBreak(page_h / 4))
    b.glance_view = views[0] if figure is not None else ""
    b.later_views = views[1:]


def drawing_caption(b: Story) -> None:
    """How to read page 1's drawing (no room for it there): opens "More about what we
    found"."""
    if b.glance_view:
        words = pictures.caption_words(b, b.glance_view)
        b.text.append(words)
        b.flowables.append(b.bold_lead(b.s["glance_caption"], words, "muted"))


def next_and_contact(b: Story, stacked: bool = False) -> list[Any]:
    """"What happens next" and "Whom to call": side by side (the numbers in a column beside
    the plan), or, when that is taller, the plan across the page and the day and night
    numbers in one row under it. A short plan leaves room beside it; a long one reads in
    fewer lines across the page. ``stacked``: across the page in any case."""
    start = len(b.text)
    beside = [] if stacked else _side_by_side(b)
    beside_text = b.text[start:]
    del b.text[start:]
    nxt = what_next(b, b.frame_width)
    b.glance_next = bool(nxt)
    across = nxt + contact_row(b, b.frame_width)
    if stacked or height(across, b.frame_width) < height(beside, b.frame_width):
        return across
    del b.text[start:]
    b.text += beside_text
    return beside


def _side_by_side(b: Story) -> list[Any]:
    """"What happens next" with "Whom to call" in a column beside it: of the shares of
    :data:`NEXT_SHARES` allowed (``b.next_shares``), the one that makes the pair least
    tall (a clinic's printed numbers are short lines; the plan reads in fewer lines wider)."""
    start = len(b.text)
    best: tuple[float, list[Any], list[str]] | None = None
    for share in b.next_shares:
        del b.text[start:]
        made = _beside(b, share)
        tall = height(made, b.frame_width)
        if best is None or tall < best[0] - 0.5:
            best = (tall, made, b.text[start:])
    assert best is not None
    del b.text[start:]
    b.text += best[2]
    return best[1]


def _beside(b: Story, share: float) -> list[Any]:
    """"What happens next" in ``share`` of the width, "Whom to call" in the rest."""
    nxt = what_next(b, share * b.frame_width - GUTTER)
    contact_w = (1 - share) * b.frame_width if nxt else b.frame_width
    contact = whom_to_call(b, contact_w)
    if not nxt:
        return contact
    table = pl.Table([[nxt, contact]], colWidths=[share * b.frame_width, contact_w],
                     hAlign="LEFT")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, 0), GUTTER),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [table]


def figure_maker(b: Story, view: str) -> Callable[[float], Figure]:
    """Page 1's figure of ``view`` with its drawing at most ``h`` tall, each height made once
    (a drawing's label layout is most of an export's time, and page 1 asks again for the
    same heights as it tries what gives way)."""
    here = {m.number for m in b.c.lesions if m.view == view}
    elsewhere = [m for m in described_once(b.c.lesions) if m.number not in here]
    made: dict[float, Figure] = {}

    def make(h: float) -> Figure:
        key = round(h, 2)
        if key not in made:
            made[key] = pictures.drawing_figure(b, view, h, caption=False, elsewhere=elsewhere)
        return made[key]
    return make


def fit_figure(b: Story, view: str, make: Callable[[float], Figure], room: float,
               last: bool = True) -> Figure:
    """The first drawing across the page, as tall as ``room`` allows between
    :data:`GLANCE_MIN_H` and its usual height (its structure labels need the width). Smaller,
    down to :data:`GLANCE_LEAST_H`, only when page 1 is full (``last``: nothing else can
    give way) and every label still fits beside it: a shorter drawing of the full atlas
    sets its labels in rows above and below (as tall, and hard to read) or leaves some out;
    then the emergency box moves up instead (:func:`glance`)."""
    least = make(GLANCE_MIN_H)
    if least.height > room + pictures.FIT_FUZZ:   # not even at its least
        if last:
            # smaller still, only if every label of the drawing keeps its place beside it
            # (a drawing with few labels, or a shorter paper)
            smaller = pictures.fitted(make, room, GLANCE_LEAST_H, GLANCE_MIN_H)
            if smaller.height <= room + pictures.FIT_FUZZ and labels_whole(b, view, smaller):
                return smaller
        return least
    # the frame and key take about what they take at the least height: start from there
    start = room - (least.height - least.art.height)
    return pictures.fitted(make, room, GLANCE_MIN_H, DIAGRAM_MAX_H.get(view, 10 * CM), start)


def labels_whole(b: Story, view: str, figure: Figure) -> bool:
    """Every structure label of the drawing is printed on ``figure``."""
    drawing = b.atlas_drawing(view)
    wanted = {sid for sid in getattr(drawing, "labels", {}) if b.lay(sid)}
    return wanted <= set(figure.art.vd.label_boxes)


def what_next(b: Story, width: float) -> list[Any]:
    """"What happens next": the agreed plan (or the options talked about), the confirmed
    approach for each area, the tests planned and the surgeon's notes."""
    s, c = b.s, b.c
    rows: list[Any] = []
    lead = b.st["body"]
    planned_ids, discussed_ids = treatment_ids(c)   # a meningocele's operation: its repair
    planned = b.items(planned_ids)
    discussed = [i for i in b.items(discussed_ids) if i not in planned]
    if planned:
        rows.append(b.bold_lead(s["plan_lead"], _joined(b, planned) + ". " + s["plan_more"],
                                lead))
    elif discussed:
        rows.append(b.bold_lead(s["discussed_lead"], _joined(b, discussed) + ". "
                                + s["discussed_more"], lead))
    del width   # paragraphs take their column's width
    areas = described_once(c.lesions)
    shown = approach_shown(c)
    chosen = [m for m in areas if shown(m)]
    several = len(areas) > 1
    for lesion in areas:
        # with one area, a planned operation that names its approach says it already; with
        # more, each area is named (these lines give way first when page 1 is full)...
        if shown(lesion) and b.approach_on_glance and (
                several or lesion.approach not in planned_kinds(planned)):
            rows.append(b.bold_lead(s["area"].format(n=lesion.number) + ".",
                                    s[f"approach_{lesion.approach}"], lead))
        # ...and an area no plan covers yet is said so, always: page 1 never reads as if
        # one settled plan covers an area nothing explains
        elif not shown(lesion) and several and chosen:
            rows.append(b.bold_lead(s["area"].format(n=lesion.number) + ".",
                                    s["approach_open_more"], lead))
    if several and not chosen and (planned or discussed):
        rows.append(b.para(s["glance_which_areas"].format(n=len(areas)), "body"))
    tests = b.items(c.tests)
    no_needle = bool(biopsy_with_meningocele(c))
    if no_needle:   # the biopsy is named only in the warning's line
        tests = [i for i in tests if i.id != BIOPSY_ID]
    if tests:
        rows.append(b.bold_lead(s["tests_lead"], _joined(b, tests) + ".", lead))
    if no_needle:   # never "a biopsy" unqualified beside a meningocele; and first, so that
        # a full page 1, whose plan may go on over the page, never carries it away
        b.text += [s["glance_no_needle"], s["glance_biopsy_asked"]]
        rows.insert(0, b.bold_lead(s["glance_no_needle"], s["glance_biopsy_asked"], lead))
    notes = paragraphs(c.notes)
    if notes and b.notes_on_glance:
        rows.append(b.para(s["h_notes"], "label"))
        rows += [b.para(p, "note") for p in notes]
    elif notes and b.notes_pointer:
        rows.append(b.para(s["notes_later"], "body"))
    if not rows:
        return []
    return [_heading(b, s["h_next"]), *rows]


def _heading(b: Story, text: str) -> Any:
    """A section heading of page 1 (the sections are recorded in order by :func:`glance`)."""
    b.text.append(text)
    return b.plain(text, "h2_glance", Heading)


def planned_kinds(planned: list[Any]) -> set[str]:
    """The approaches the planned operations already name ("surgery_posterior": posterior),
    so page 1 does not say the same thing twice."""
    return {i.id.removeprefix("surgery_") for i in planned if i.id.startswith("surgery_")}


def _joined(b: Story, items: list[Any]) -> str:
    """Item titles as one list in words, capitals only where they belong: "MRI scan, blood
    tests and rectal exam"."""
    titles = [one_line(i.title) for i in items]
    titles = [t if t[:2].isupper() else t[:1].lower() + t[1:] for t in titles]
    b.text += titles
    if len(titles) == 1:
        return titles[0]
    conj = str(b.s["and"])
    if any(conj in t for t in titles):   # "from the front and from behind; proton and ..."
        return "; ".join(titles)
    return ", ".join(titles[:-1]) + conj + titles[-1]


def numbers(b: Story) -> tuple[str, str, str]:
    """(day phone, out-of-hours phone, emergency number) from the clinic config; "" for each
    one the clinic did not give (the emergency number also from the clinic's country)."""
    numbers = contacts_from_config(b.config)
    return numbers.clinic_phone, numbers.out_of_hours_phone, numbers.emergency_number


def whom_to_call(b: Story, width: float) -> list[Any]:
    """"Whom to call": the team's number by day and out of hours, ``width`` wide; a line to
    write the team's number on when the clinic gave none. (The emergency number heads the
    emergency box under it.)"""
    s = b.s
    day, night, _ = numbers(b)
    out: list[Any] = [_heading(b, s["h_contact"])]
    out.append(b.para(s["contact_day"], "label"))
    if day:
        out.append(phone_line(b, day))
    else:
        out += [b.para(s["write_phone"], "tight"), pl.Spacer(1, 16),
                WriteLine(width - 8, b.col["ink"], 2)]
    out += [pl.Spacer(1, 6), b.para(s["contact_night"], "label")]
    if night:
        out.append(phone_line(b, night))
    else:
        out += [b.para(s["write_phone"], "tight"), pl.Spacer(1, 16),
                WriteLine(width - 8, b.col["ink"], 2)]
    return out


def phone_line(b: Story, phone: str) -> Any:
    """"Call us at <phone>.", the number never broken across lines (its spaces no-break
    spaces, which the story's own paragraphs would fold into plain ones)."""
    text = str(b.s["call_phone"]).format(phone=one_line(phone).replace(" ", "\u00a0"))
    b.text.append(text)
    style = shaped(b.st["tight"]) if needs_shaping(text) else b.st["tight"]
    return Para(esc(text), style)


def contact_row(b: Story, width: float) -> list[Any]:
    """"Whom to call" in one row: the team's number by day and out of hours side by side,
    ``width`` wide; a line to write each number on when the clinic gave none. (The emergency number
    heads the emergency box under it.)"""
    s = b.s
    day, night = numbers(b)[:2]
    cell_w = (width - GUTTER) / 2
    cells: list[list[Any]] = []
    for label, phone in ((s["contact_day"], day), (s["contact_night"], night)):
        cell: list[Any] = [b.para(label, "label")]
        if phone:
            cell.append(phone_line(b, phone))
        else:   # room to write a number by hand under its label
            cell += [pl.Spacer(1, WRITE_GAP), WriteLine(cell_w - 8, b.col["ink"], 2)]
        cells.append(cell)
    table = pl.Table([cells], colWidths=[cell_w + GUTTER, cell_w], hAlign="LEFT")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, 0), GUTTER),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [_heading(b, s["h_contact"]), table]


def emergency_box(b: Story) -> list[Any]:
    """The emergency box on a warm card (:func:`emergency_rows`)."""
    return [pl.Spacer(1, 8)] + b.card(emergency_rows(b), bar=b.col["warm"],
                                      tint=b.col["warm_tint"], pad=7)


def emergency_rows(b: Story) -> list[Any]:
    """The short emergency box: the signs that cannot wait, where to go and how fast.

    From the ``when_to_call`` items whose ``urgency`` says emergency number or emergency room
    now: what to do as a heading over each one's title (the sign), a column for each (their
    full text is in "When to call us"). A library without urgencies gives the app's own short
    signs in the same two columns (the full list follows in "When to call us")."""
    s = b.s
    items = list(b.content.items("when_to_call")) if b.content is not None else []
    rows: list[Any] = [b.para(s["box_title"], "item")]
    levels = [(level, [i for i in items if getattr(i, "urgency", "") == level])
              for level in BOX_URGENCIES]
    levels = [(level, found) for level, found in levels if found]
    number = emergency_number(b.config, b.lang_code)
    columns: list[list[Any]] = []
    if levels:
        signs = []
        for level, found in levels:
            b.printed += found
            signs.append((level, [fill_contacts(i.title, b.config, b.lang_code)
                                  for i in found]))
    else:   # a library without urgencies: the app's own short signs (its full list is in
        from desktop_app.model.notices import box_signs   # "When to call us")

        signs = list(box_signs(b.lang_code).items())
    for level, titles in signs:
        column: list[Any] = [b.para(s[f"box_{level}"].format(number=number), "label"),
                             pl.Spacer(1, 2)]
        column += [_sign(b, title) for title in titles]
        columns.append(column)
    width = b.frame_width - 28                       # the card's padding
    table = pl.Table([columns], colWidths=[width / len(columns)] * len(columns),
                     hAlign="LEFT")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return rows + [table, b.para(s["box_after"], "tight")]


def _sign(b: Story, text: str) -> Any:
    """One sign as a bullet line. Its line breaks are not shared with the process cache: a
    card that breaks across a page splits its paragraphs (see ``sections.call``)."""
    text = " ".join(text.split())
    b.text.append(text)
    line = b.plain(text, b.bullet_style("tight"), bullet="•")
    line.key = None
    return line
