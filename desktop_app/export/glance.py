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
from desktop_app.export.figures import KEY_MIN_WIDTH
from desktop_app.export.flowables import Heading, WriteLine
from desktop_app.export.story import height
from desktop_app.export.style import (CM, DIAGRAM_MAX_H, GLANCE_MIN_H, MARGIN_BOTTOM,
                                      MARGIN_TOP, table_style)
from desktop_app.export.text import one_line, paragraphs

if TYPE_CHECKING:
    from desktop_app.export.story import Story

# when_to_call items printed in the page-1 box, most urgent first (``urgency`` field)
BOX_URGENCIES = ("emergency_number", "emergency_room_now")
SLACK = 8            # points kept free on page 1 for rounding in the layout
GLANCE_LEAST_H = 4.5 * CM   # with its key beside it, the drawing may shrink to this


def glance(b: Story) -> None:
    """Page 1 after the header and the visit details, then a page break."""
    views = pictures.marked_views(b)
    found_head: list[Any] = [_heading(b, b.s["h_found"])] if views else []
    contact = whom_to_call(b)
    box = emergency_box(b)
    page_h = b.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM
    figure = None
    for with_notes in (True, False):
        b.notes_on_glance = with_notes and bool(paragraphs(b.c.notes))
        nxt = what_next(b)
        if not views:
            break
        fixed = height(b.flowables + found_head + nxt + contact + box, b.frame_width)
        room = page_h - fixed - SLACK
        figure = fit_figure(b, views[0], room)
        if figure.height <= room or not b.notes_on_glance:
            break
    b.flowables += found_head
    if figure is not None:
        pictures.place(b, figure)
        b.sections.append("found")
    if nxt:
        b.sections.append("next")
    b.sections += ["contact", "emergency"]
    b.flowables += nxt + contact + box
    b.flowables += [pl.PageBreak(), b.para(b.s["intro"], "muted")]
    b.later_views = views[1:]


def fit_figure(b: Story, view: str, room: float) -> Any:
    """The first drawing, as large as ``room`` allows: across the page with its key under it
    while it stays at least :data:`GLANCE_MIN_H` tall, else narrower with its key and caption
    beside it (the whole width still used), else the smallest of the two."""
    most = DIAGRAM_MAX_H.get(view, 10 * CM)
    across = pictures.fitted(lambda h: pictures.drawing_figure(b, view, h), room,
                             GLANCE_MIN_H, most)
    if across.height <= room and across.art.height >= GLANCE_MIN_H - 1:
        return across
    beside = pictures.fitted(
        lambda h: pictures.drawing_figure(b, view, h, key_width=KEY_MIN_WIDTH), room,
        GLANCE_LEAST_H, most)
    if beside.height <= room:
        return beside
    return min((across, beside), key=lambda f: f.height)


def what_next(b: Story) -> list[Any]:
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
    for lesion in sorted(c.lesions, key=lambda m: m.number):
        if lesion.approach and lesion.approach_status in ("confirmed", "overridden") \
                and lesion.approach not in planned_kinds(planned):
            rows.append(b.bold_lead(s["area"].format(n=lesion.number) + ".",
                                    s[f"approach_{lesion.approach}"], lead))
    tests = b.items(c.tests)
    if tests:
        rows.append(b.bold_lead(s["tests_lead"], _joined(b, tests) + ".", lead))
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
    """Item titles as one list in words: "A, B and C"."""
    titles = [one_line(i.title) for i in items]
    b.text += titles
    if len(titles) == 1:
        return titles[0]
    return ", ".join(titles[:-1]) + b.s["and"] + titles[-1]


def numbers(b: Story) -> tuple[str, str, str]:
    """(day phone, out-of-hours phone, emergency number) from the clinic config; "" for each
    one the clinic did not give."""
    cfg = b.config

    def value(name: str) -> str:
        return one_line(str(getattr(cfg, name, "") or "")) if cfg is not None else ""

    return value("phone"), value("out_of_hours_phone"), value("emergency_number")


def whom_to_call(b: Story) -> list[Any]:
    """"Whom to call": the team's number by day, out of hours, and in an emergency. A line to
    write the team's number on when the clinic gave none."""
    s = b.s
    day, night, emergency = numbers(b)
    label_w = 5.6 * CM
    rows: list[list[Any]] = []
    if day:
        rows.append([b.para(s["contact_day"], "label"), b.para(day, "tight")])
    else:
        rows.append([b.para(s["contact_day"], "label"),
                     [b.para(s["write_phone"], "tight"),
                      WriteLine(b.frame_width - label_w - 28, b.col["ink"], 22)]])
    rows.append([b.para(s["contact_night"], "label"),
                 b.para(night if night else s["night_fallback"], "tight")])
    rows.append([b.para(s["contact_emergency"], "label"),
                 b.para(s["emergency_call"].format(number=emergency) if emergency
                        else s["emergency_call_local"], "tight")])
    table = pl.Table(rows, colWidths=[label_w, b.frame_width - label_w], hAlign="LEFT")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [_heading(b, s["h_contact"]), table]


def emergency_box(b: Story) -> list[Any]:
    """The short emergency box: the signs that cannot wait, where to go and how fast.

    From the ``when_to_call`` items whose ``urgency`` says emergency number or emergency room
    now (their titles under what to do, one column for each); a library without urgencies
    gives the app's own short list (its ``emergency`` item then follows in full in "When to
    call us")."""
    s = b.s
    items = list(b.content.items("when_to_call")) if b.content is not None else []
    title = b.para(s["box_title"], "item")
    levels = [(level, [i for i in items if getattr(i, "urgency", "") == level])
              for level in BOX_URGENCIES]
    levels = [(level, found) for level, found in levels if found]
    if not levels:
        # the app's own short list; the library's ``emergency`` item follows in full later
        from desktop_app.model.notices import emergency_signs

        rows: list[Any] = [title, pl.Spacer(1, 4)]
        rows += [_sign(b, sign) for sign in emergency_signs(b.lang_code)]
        return [pl.Spacer(1, 12)] + b.card(rows, bar=b.col["warm"], tint=b.col["warm_tint"])
    _, _, number = numbers(b)
    columns: list[list[Any]] = []
    for level, found in levels:
        head = s[f"box_{level}"].format(number=number or s["local_number"])
        column: list[Any] = [b.para(head, "label"), pl.Spacer(1, 3)]
        for item in found:
            b.printed.append(item)
            column.append(_sign(b, item.title))
        columns.append(column)
    inner = b.frame_width - 28
    table = pl.Table([columns], colWidths=[inner / len(columns)] * len(columns),
                     hAlign="LEFT")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [pl.Spacer(1, 12)] + b.card([title, table], bar=b.col["warm"],
                                       tint=b.col["warm_tint"])


def _sign(b: Story, text: str) -> Any:
    """One sign as a bullet line. Its line breaks are not shared with the process cache: a
    card that breaks across a page splits its paragraphs (see ``sections.call``)."""
    text = " ".join(text.split())
    b.text.append(text)
    line = b.plain(text, b.bullet_style("tight"), bullet="•")
    line.key = None
    return line
