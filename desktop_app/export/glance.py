"""Page 1 of the summary: the visit at a glance.

What we found (the first marked drawing with its key, fitted to the room the rest of the page
leaves), what happens next (the agreed plan, the approach, the tests, the surgeon's notes),
whom to call (day, night, emergency; a line to write the number on when the clinic gave none)
and a short emergency box (the signs, where to go and how fast). The reference sections follow
from page 2. The drawing is the part that gives way: it shrinks to fit, down to a size still
worth reading; notes too long for page 1 move to the reference part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab import platypus as pl

from desktop_app.export import pictures
from desktop_app.export.flowables import Heading, WriteLine
from desktop_app.export.story import height
from desktop_app.export.style import (CM, DIAGRAM_MAX_H, GLANCE_MIN_H, MARGIN_BOTTOM,
                                      MARGIN_TOP, table_style)
from desktop_app.export.text import one_line, paragraphs
from desktop_app.model.biopsy_check import biopsy_with_meningocele
from desktop_app.model.plan_check import approach_conflicts
from desktop_app.model.contacts import contacts_from_config, emergency_number, fill_contacts

if TYPE_CHECKING:
    from desktop_app.export.figures import Figure
    from desktop_app.export.story import Story

# when_to_call items printed in the page-1 box, most urgent first (``urgency`` field)
BOX_URGENCIES = ("emergency_number", "emergency_room_now")
SLACK = 8            # points kept free on page 1 for rounding in the layout
NEXT_SHARE = 0.56    # of the text width for "What happens next"; "Whom to call" has the rest
GUTTER = 16          # between the two
GLANCE_LEAST_H = 4.0 * CM   # page 1's drawing, when nothing else gives way


def glance(b: Story) -> None:
    """Page 1 after the header and the visit details, then a page break."""
    views = pictures.marked_views(b)
    found_head: list[Any] = [_heading(b, b.s["h_found"])] if views else []
    box = emergency_box(b)
    page_h = b.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM
    figure = None
    fits = True
    # what gives way when page 1 is full: the notes (to the reference), then the approach
    # lines (the reference's approach cards say it too), then the drawing's size
    for with_notes, with_approach in ((True, True), (False, True), (False, False)):
        b.notes_on_glance = with_notes and bool(paragraphs(b.c.notes))
        b.approach_on_glance = with_approach
        row = next_and_contact(b)
        if not views:
            break
        fixed = height(b.flowables + found_head + row + box, b.frame_width)
        room = page_h - fixed - SLACK
        figure = fit_figure(b, views[0], room)
        fits = figure.height <= room
        if fits:
            break
    b.flowables += found_head
    if figure is not None:
        pictures.place(b, figure)
        b.flowables.append(pl.Spacer(1, 4))
        b.sections.append("found")
    if not fits:   # still too full: the emergency box first, so it stays whole on page 1
        row, box = box, row
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


def next_and_contact(b: Story) -> list[Any]:
    """"What happens next" and "Whom to call" side by side (or "Whom to call" alone)."""
    nxt = what_next(b, NEXT_SHARE * b.frame_width - GUTTER)
    b.glance_next = bool(nxt)
    contact_w = (1 - NEXT_SHARE) * b.frame_width if nxt else b.frame_width
    contact = whom_to_call(b, contact_w)
    if not nxt:
        return contact
    table = pl.Table([[nxt, contact]], colWidths=[NEXT_SHARE * b.frame_width, contact_w],
                     hAlign="LEFT")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, 0), GUTTER),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [table]


def fit_figure(b: Story, view: str, room: float) -> Figure:
    """The first drawing across the page, as tall as ``room`` allows between
    :data:`GLANCE_MIN_H` and its usual height (its structure labels need the width); down to
    :data:`GLANCE_LEAST_H` when page 1 would not hold everything else."""
    def make(h: float) -> Figure:
        return pictures.drawing_figure(b, view, h, caption=False)

    figure = pictures.fitted(make, room, GLANCE_MIN_H, DIAGRAM_MAX_H.get(view, 10 * CM))
    if figure.height > room:   # page 1 must hold the emergency box: a smaller drawing
        figure = pictures.fitted(make, room, GLANCE_LEAST_H, GLANCE_MIN_H)
    return figure


def what_next(b: Story, width: float) -> list[Any]:
    """"What happens next": the agreed plan (or the options talked about), the confirmed
    approach for each area, the tests planned and the surgeon's notes."""
    s, c = b.s, b.c
    rows: list[Any] = []
    lead = b.st["body"]
    planned = b.items(c.treatments_planned)
    discussed = [i for i in b.items(c.treatments_discussed) if i not in planned]
    if planned:
        rows.append(b.bold_lead(s["plan_lead"], _joined(b, planned) + ". " + s["plan_more"],
                                lead))
    elif discussed:
        rows.append(b.bold_lead(s["discussed_lead"], _joined(b, discussed) + ". "
                                + s["discussed_more"], lead))
    del width   # paragraphs take their column's width
    disagree = approach_conflicts(c)   # an approach against the operation ticked: left out
    for lesion in sorted(c.lesions, key=lambda m: m.number):
        if b.approach_on_glance and lesion.approach and lesion.number not in disagree \
                and lesion.approach_status in ("confirmed", "overridden") \
                and lesion.approach not in planned_kinds(planned):
            rows.append(b.bold_lead(s["area"].format(n=lesion.number) + ".",
                                    s[f"approach_{lesion.approach}"], lead))
    tests = b.items(c.tests)
    if tests:
        rows.append(b.bold_lead(s["tests_lead"], _joined(b, tests) + ".", lead))
    if biopsy_with_meningocele(c):   # never "a biopsy" unqualified beside a meningocele
        b.text.append(s["glance_no_needle"])
        rows.append(b.bold_lead(s["glance_no_needle"], "", lead))
    notes = paragraphs(c.notes)
    if notes and b.notes_on_glance:
        rows.append(b.para(s["h_notes"], "label"))
        rows += [b.para(p, "note") for p in notes]
    elif notes:
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
    return ", ".join(titles[:-1]) + str(b.s["and"]) + titles[-1]


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
        out.append(b.para(s["call_phone"].format(phone=day), "tight"))
    else:
        out += [b.para(s["write_phone"], "tight"), pl.Spacer(1, 16),
                WriteLine(width - 8, b.col["ink"], 2)]
    out += [pl.Spacer(1, 6), b.para(s["contact_night"], "label")]
    if night:
        out.append(b.para(s["call_phone"].format(phone=night), "tight"))
    else:
        out += [b.para(s["write_phone"], "tight"), pl.Spacer(1, 16),
                WriteLine(width - 8, b.col["ink"], 2)]
    return out


def emergency_box(b: Story) -> list[Any]:
    """The emergency box on a warm card (:func:`emergency_rows`)."""
    return [pl.Spacer(1, 12)] + b.card(emergency_rows(b), bar=b.col["warm"],
                                       tint=b.col["warm_tint"])


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
