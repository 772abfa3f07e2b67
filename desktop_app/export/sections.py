"""The summary's text sections, one function each: clinic header, visit details, symptoms,
tests, treatments, notes, questions, words to know, when to call us, and the disclaimer.

Each appends its flowables to the builder's story, and nothing when it has nothing to say.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from reportlab import platypus as pl
from reportlab.lib.styles import ParagraphStyle

from desktop_app.export.flowables import (Badge, Dot, EndMark, Heading, KeepShort, Para,
                                          WHOLE_SHARE, WriteLine)
from desktop_app.export.glossary import find_glossary_items
from desktop_app.export.strings import format_date
from desktop_app.export.fonts import REGULAR
from desktop_app.export.style import BODY_SIZE, CM, LOGO_MAX_H, LOGO_MAX_W, table_style
from desktop_app.export.text import BULLET_RE, esc, one_line, paragraphs
from desktop_app.export.choices import approach_shown, treatment_ids
from desktop_app.model.biopsy_check import BIOPSY_ID, biopsy_with_meningocele, meningocele_areas
from desktop_app.model.lesions import described_once

if TYPE_CHECKING:
    from desktop_app.export.story import Story


def header(b: Story) -> None:
    """"Your visit summary" beside the clinic's logo, name, department, address and phone (from
    the clinic config), over an accent rule."""
    s, cfg = b.s, b.config
    name = (getattr(cfg, "clinic_name", "") or s["default_clinic"]) if cfg else \
        s["default_clinic"]
    b.clinic = one_line(name)
    clinic: list[Any] = [b.plain(b.clinic, "clinic")]
    picture = logo(b.config)   # over the title: the clinic's words stay a short column
    for value in (getattr(cfg, "department", ""), getattr(cfg, "address", "")):
        for ln in str(value or "").splitlines():
            if ln.strip():
                clinic.append(b.plain(ln, "clinic_line"))
    phone = getattr(cfg, "phone", "") if cfg else ""
    if phone:
        clinic.append(b.plain(s["phone"].format(phone=one_line(phone)), "clinic_line"))
    b.text.append(s["title"])
    title: list[Any] = [b.plain(s["title"], "h1")]
    if picture is not None:
        picture.hAlign = "LEFT"
        title[:0] = [picture, pl.Spacer(1, 6)]
    right = 0.42 * b.frame_width
    beside = sum(f.wrap(right - 8, 10_000)[1] for f in clinic) <= HEADER_MOST
    if beside:
        table = pl.Table([[title, clinic]], colWidths=[b.frame_width - right, right],
                         hAlign="LEFT")
    else:   # very long clinic details: under the title, across the page
        table = pl.Table([[title], [clinic]], colWidths=[b.frame_width], hAlign="LEFT")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (1, 0), (1, 0), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("LINEBELOW", (0, -1), (-1, -1), 2, b.col["accent"]),
    ]))
    b.flowables += [table, pl.Spacer(1, 8)]
    b.sections.append("header")


def logo(config: Any) -> pl.Image | None:
    """The clinic's logo scaled into its box, or None (no config, no logo, unreadable)."""
    if config is None:
        return None
    try:
        path = config.logo_path()
    except Exception:  # noqa: BLE001 - a broken config value must never stop the summary
        return None
    if path is None:
        return None
    from desktop_app.infra.logo import LogoError, prepared

    try:  # checked at config load; decoded and scaled once per process (a 9,000 px logo
        picture = prepared(path, LOGO_MAX_W, LOGO_MAX_H)  # cost 3 s and 900 MB an export)
    except LogoError:  # unreadable / unsupported image: the summary goes without a logo
        return None
    return pl.Image(io.BytesIO(picture.data), width=picture.width_pt, height=picture.height_pt)


def visit(b: Story) -> None:
    """The visit's details: name and date of birth if entered, visit date, clinician."""
    s, c = b.s, b.c
    b.sections.append("visit")
    pairs = []
    if c.patient.name.strip():
        pairs.append((s["patient_name"], one_line(c.patient.name)))
    if c.patient.date_of_birth:
        pairs.append((s["date_of_birth"], format_date(c.patient.date_of_birth, s)))
    pairs.append((s["visit_date"], format_date(c.visit_date, s)))
    if c.clinician.strip():
        pairs.append((s["clinician"], one_line(c.clinician)))
    # one paragraph on a tinted band; a label never breaks from its value's first word
    nbsp = "\u00a0"

    def pair(label: str, value: str) -> str:
        first, _, rest = value.partition(" ")
        return (f"<b>{esc(label + ':').replace(' ', nbsp)}</b>{nbsp}{esc(first)}"
                + (" " + esc(rest) if rest else ""))

    markup = (nbsp * 2 + "· ").join(pair(label, value) for label, value in pairs)
    table = pl.Table([[Para(markup, b.st["tight"])]], colWidths=[b.frame_width],
                     hAlign="LEFT")
    table.setStyle(table_style([
        ("BACKGROUND", (0, 0), (-1, -1), b.col["tint"]),
        ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LINEBEFORE", (0, 0), (0, -1), 4, b.col["accent"]),
    ]))
    for text in [v for _, v in pairs if v] + [k for k, _ in pairs if k]:
        b.text.append(text)
    b.flowables.append(table)


def symptoms(b: Story) -> None:
    """"Your symptoms": the ticked symptoms, each with its short explanation."""
    s = b.s
    items = b.items(b.c.symptoms)
    if not items:
        return
    b.flowables.append(b.heading("symptoms", s["h_symptoms"]))   # "Your symptoms" says it
    rows = []
    for item in items:
        # she has this symptom already: the warning signs say what counts as new
        since = [b.plain(s["since_visit"].format(date=format_date(b.c.visit_date, s)),
                         safety_style(b))] if item.safety and b.c.visit_date else []
        lines = safety_lines(b, item)
        if len(lines) < len(item.safety):
            lines.append(pointer(b))
        rows.append([Dot(b.col["accent"]),
                     [b.para(item.title, "item"), b.para(item.summary, "tight"),
                      *since, *lines]])
    b.flowables += b.list_table(rows, 0.8 * CM, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ], head=1)


def tests(b: Story) -> None:
    """"Tests we plan": one card per test (why, what to expect, how to get ready)."""
    s = b.s
    items = b.items(b.c.tests)
    if not items:
        return
    head: list[Any] = [b.heading("tests", s["h_tests"])]   # "Tests we plan" says it
    meningocele = biopsy_with_meningocele(b.c)
    for item in items:
        rows: list[Any] = [[b.para(item.title, "item"), b.para(item.summary, "tight")]]
        names: tuple[str, ...] = ("why", "expect", "prepare")
        if item.id == BIOPSY_ID and meningocele:
            # a meningocele is never needled: no needle biopsy described for this visit, and
            # no reason to do one when every marked area may be a meningocele
            others = [m for m in b.c.lesions if m.number not in meningocele]
            names = ("why",) if others else ()
            rows.append([pl.Spacer(1, 5), b.para(s["biopsy_meningocele"].format(
                areas=areas_words(s, meningocele)), "tight")])
        extra = [(name, item.field_text(name)) for name in names]
        if not any(t for _, t in extra) and item.body and item.id != BIOPSY_ID:
            rows += b.item_blocks(item.body, "tight")
        for name, text in extra:
            if text:
                rows += b.labelled(s[name], text)
        rows += safety_rows(b, item)
        b.flowables += head_kept(b.card(rows), head) + [pl.Spacer(1, CARD_GAP)]
        head = []


def head_kept(card: list[Any], head: list[Any] | None = None,
              share: float = WHOLE_SHARE) -> list[Any]:
    """A card whose first row (its title and first lines) moves whole to the next page
    rather than being left alone at a page foot, with ``head`` (a section's heading and
    intro) kept with it; a card up to ``share`` of a page moves whole
    (:class:`.flowables.KeepShort`)."""
    if len(card) == 1 and not head:   # one table, its title repeated: it keeps its own
        return [KeepShort([], card, share)]
    return [KeepShort([*(head or []), *card[:1]], card[1:], share)]


def areas_words(s: dict[str, Any], numbers: list[int]) -> str:
    """"area 2" / "areas 1 and 3" in the summary's language."""
    if len(numbers) == 1:
        return str(s["area_one"].format(n=numbers[0]))
    head = ", ".join(str(n) for n in numbers[:-1])
    return str(s["area_many"].format(head=head, last=numbers[-1]))


def safety_lines(b: Story, item: Any, seen: set[str] | None = None) -> list[Any]:
    """The item's safety sentences, each a bold bullet line. Each sentence is printed in full
    once in the summary (``seen``: the summary's own set by default), in the first place it
    comes: "When to call us" on page 2, then the cards (:func:`pointer` says where the rest
    is)."""
    out: list[Any] = []
    for text in new_sentences(b, item, seen):
        line = b.plain(text, safety_style(b), bullet="•")
        line.key = None  # long cards break across pages: see the note above call()
        out.append(line)
    return out


def new_sentences(b: Story, item: Any, seen: set[str] | None = None) -> list[str]:
    """The item's safety sentences not yet printed (``seen``: the summary's own set by
    default), clinic numbers filled in; each is recorded as printed."""
    out: list[str] = []
    seen = b.safety_seen if seen is None else seen
    for sentence in item.safety:
        text = " ".join(b.fill(sentence).split())
        if text in seen:
            continue
        seen.add(text)
        b.text.append(text)
        out.append(text)
    return out


def instructions(b: Story, item: Any, seen: set[str]) -> list[Any]:
    """An emergency card's safety sentences as its lead text: what to do, in bold, above the
    list of signs and never bulleted like them ("Call 911 now for any one of these signs. Do
    not wait to reach us first…")."""
    texts = new_sentences(b, item, seen)
    if not texts:
        return []
    key = "instruction"
    if key not in b.st:
        from desktop_app.export.fonts import BOLD

        b.st[key] = ParagraphStyle(key, parent=b.st["tight"], fontName=BOLD, spaceBefore=3,
                                   spaceAfter=3)
    line = b.plain(" ".join(texts), b.st[key])
    line.key = None
    return [line]


def safety_style(b: Story) -> Any:
    """Bold bullet lines: what to do stands apart from the list of signs above it."""
    key = "safety_bullet"
    if key not in b.st:
        from reportlab.lib.styles import ParagraphStyle

        from desktop_app.export.fonts import BOLD

        b.st[key] = ParagraphStyle(key, parent=b.bullet_style("tight"), fontName=BOLD)
    return b.st[key]


def safety_rows(b: Story, item: Any) -> list[Any]:
    """Card rows for the item's safety sentences not printed before, under their label, and
    a pointer to where the others are."""
    lines = safety_lines(b, item)
    rows: list[Any] = []
    if lines:
        rows = [[pl.Spacer(1, 5), b.para(b.s["safety"], "label"), lines[0]], *lines[1:]]
    if len(lines) < len(item.safety):
        rows.append([pl.Spacer(1, 3), pointer(b)])
    return rows


def pointer(b: Story) -> Any:
    """"The other warning signs are in “When to call us”, page 2." (bold, like the signs)."""
    text = b.s["safety_elsewhere"].format(page=b.call_page)
    b.pointers += 1
    return b.plain(text, safety_style(b))


def treatments(b: Story) -> None:
    """"Treatment options we discussed": one card per treatment (the planned one marked),
    then the surgeon's approach for each lesion whose approach was confirmed or overridden."""
    s, c = b.s, b.c
    # the agreed plan first, its risks on its card; then the other options talked about
    # (a suspected meningocele's operation is its repair: :mod:`.choices`)
    planned_ids, discussed_ids = treatment_ids(c)
    ids = list(dict.fromkeys(planned_ids + discussed_ids))
    items = b.items(ids)
    shown = approach_shown(c)
    approach = [m for m in described_once(c.lesions) if shown(m)]
    # with a way chosen for some areas, the others are named too: never "area 1" alone
    open_areas = [m for m in described_once(c.lesions) if not shown(m)] \
        if approach else []
    if not items and not approach:
        return
    head: list[Any] = [b.heading("treatments", s["h_treatments"])]
    if not planned_ids:   # with a plan agreed, its badge says which one it is
        head.append(b.para(s["treatments_intro"], "intro"))
    planned = set(planned_ids)
    for item in items:
        first: list[Any] = [b.para(item.title, "item")]
        if item.id in planned:
            first += [Badge(s["planned"], b.col["accent"], b.col["white"]), pl.Spacer(1, 5)]
            b.text.append(s["planned"])
        first.append(b.para(item.summary, "tight"))
        rows: list[Any] = [first]
        if planned and item.id not in planned:
            # an option talked about but not chosen: what it is, in one line; its details
            # and warning signs would only matter if it became the plan
            b.short_cards.append(item.id)
            rows.append([pl.Spacer(1, 3), b.para(s["not_chosen"], "tight")])
            b.flowables += head_kept(b.card(rows), head) + [pl.Spacer(1, CARD_GAP)]
            head = []
            continue
        for block in b.item_blocks(item.body, "tight"):
            rows.append([pl.Spacer(1, 5), block])
        for name in ("recovery", "side_effects"):
            text = item.field_text(name)
            if text:
                rows += b.labelled(s[name], text)
        rows += safety_rows(b, item)
        b.flowables += head_kept(b.card(rows), head) + [pl.Spacer(1, CARD_GAP)]
        head = []
    b.flowables += head  # no treatment card: the approach cards follow the heading
    meningoceles = meningocele_areas(c)
    if open_areas:   # several areas: one card naming each, with or without a plan
        rows = [[b.para(s["approach_title_all"], "item")]]
        for lesion in sorted(approach + open_areas, key=lambda m: m.number):
            lead = s["area"].format(n=lesion.number) + "."
            words = approach_words(s, lesion, meningoceles) if shown(lesion) \
                else s["approach_open_more"]
            rows.append([pl.Spacer(1, 4), b.bold_lead(lead, words, "tight")])
            rows += approach_note(b, lesion)
        b.flowables += [pl.KeepTogether(b.card(rows)), pl.Spacer(1, CARD_GAP)]
        return
    for lesion in approach:
        rows = [[b.para(s["approach_title"].format(n=lesion.number), "item"),
                 b.para(approach_words(s, lesion, meningoceles), "tight")]]
        rows += approach_note(b, lesion)
        # a short card: never leave its title alone at the foot of a page
        b.flowables += [pl.KeepTogether(b.card(rows)), pl.Spacer(1, CARD_GAP)]


def approach_words(s: Any, lesion: Any, meningoceles: list[int]) -> str:
    """How the surgeon plans to reach an area, and why that way is usual (not for a
    meningocele: the reasons are about growths, and its repair card says how it is done)."""
    words = str(s[f"approach_{lesion.approach}"])
    if lesion.number not in meningoceles:
        words += " " + s[f"approach_why_{lesion.approach}"] + " " + s["approach_more"]
    return words


def approach_note(b: Story, lesion: Any) -> list[Any]:
    """The surgeon's own reason for another way than the usual one, as a card row."""
    if lesion.approach_status == "overridden" and lesion.approach_reason.strip():
        return [[pl.Spacer(1, 5), b.para(b.s["approach_note"].format(
            text=one_line(lesion.approach_reason)), "tight")]]
    return []


def notes(b: Story) -> None:
    """"Notes from your surgeon": the free-text notes, paragraph by paragraph."""
    paras = paragraphs(b.c.notes)
    if not paras:
        return
    b.flowables.append(b.heading("notes", b.s["h_notes"]))
    for p in paras:
        b.flowables.extend(b.text_block(p, "note"))


def questions(b: Story) -> None:
    """"Questions to ask": the library's questions with tick boxes, and lines to write on."""
    s = b.s
    ids = [i.id for i in (b.content.items("questions") if b.content is not None else ())]
    radiation = any(t.startswith("radiation") for t in
                    [*b.c.treatments_discussed, *b.c.treatments_planned])
    items = b.items(i for i in ids if i not in ANSWERED_HERE
                    and (radiation or i not in RADIATION_ONLY))
    if not items:
        return
    b.flowables += [b.heading("questions", s["h_questions"]),
                    b.para(s["questions_intro"], "intro")]
    style = b.st.setdefault("question", ParagraphStyle(
        "question", parent=b.st["body"], leftIndent=20, bulletIndent=0, spaceAfter=4,
        bulletFontName=REGULAR, bulletFontSize=BODY_SIZE + 2, bulletColor=b.col["accent"]))
    boxes = [b.plain(item.title, style, bullet="\u2610") for item in items]
    b.text += [item.title for item in items]   # their words are looked up in "Words to know"
    b.flowables += boxes[:-1]   # a box to tick by hand (DejaVu Sans' ballot box)
    # the lines for the patient's own questions never start a page alone: the last question
    # goes with them
    own: list[Any] = [*boxes[-1:], pl.Spacer(1, 8), b.para(s["own_questions"], "label")]
    own += [WriteLine(b.frame_width, b.col["rule"]) for _ in range(2)]
    b.flowables.append(pl.KeepTogether(own))


# Questions this summary answers itself (whom to call, which signs: page 1 and "When to call
# us"), or says in another question ("Could my treatment affect having children?"); and one
# that only matters when radiation was talked about. The app shows them all.
ANSWERED_HERE = frozenset({"q_wound_signs", "q_who_to_call", "q_pregnancy"})
RADIATION_ONLY = frozenset({"q_radiation_wound"})


def glossary(b: Story, insert_at: int, section_at: int) -> None:
    """"Words to know": the glossary terms that appear anywhere else in this summary.

    Inserted at ``insert_at`` (before "When to call us") but built last: it needs every other
    word."""
    s = b.s
    if b.content is None:
        return
    text = "\n".join(b.text)
    found = find_glossary_items(b.content.items("glossary"), text)
    b.glossary_terms = [i.title for i in found]
    b.printed += found
    if not found:
        return
    found.sort(key=lambda i: i.title.casefold())
    entries = [b.bold_lead(item.title, "— " + item.summary, "entry") for item in found]
    # the heading (its words say what follows: no intro) never ends a page with one entry
    blocks: list[Any] = [pl.KeepTogether([b.plain(s["h_glossary"], "h2", Heading),
                                          *entries[:3]]), *entries[3:]]
    b.flowables[insert_at:insert_at] = blocks
    b.sections.insert(section_at, "glossary")


HEADER_MOST = 130      # points: clinic details taller than this go under the title
CARD_GAP = 7           # between two cards
# The warning-sign cards are long enough to break across a page, and a paragraph split at a
# page break must not share its line breaks with the process cache (flowables.Para): reportlab
# marks up the shared result while splitting and drawing, and the next export then draws the
# continuation differently (found by the byte-identity tests). Their lines carry no cache key.


# Warning signs that only apply once the patient has had an operation (a wound): "When to
# call us" prints them last, under their own heading, for a reader who may not have had one.
AFTER_OPERATION = frozenset({"wound_after_posterior_surgery", "wound_problems"})
URGENT_LEVELS = frozenset({"emergency_number", "emergency_room_now"})


def call(b: Story) -> None:
    """"When to call us": the clinic's numbers (a line to write on when one is missing), then
    the warning signs grouped by where to go and how fast (the items' ``urgency``, most urgent
    first), each item with all its safety sentences; then the signs without an urgency; then,
    under "After your operation", the signs of a wound (:data:`AFTER_OPERATION`), by urgency
    too. When a clinic's content has no emergency-level items, the app's own emergency signs
    are printed, always: the signs themselves, never just "these signs"."""
    from desktop_app.model.content import URGENCIES
    from desktop_app.model.notices import emergency_signs

    s = b.s
    content = b.content
    items = list(content.items("when_to_call")) if content is not None else []
    groups = content.items_by_urgency("when_to_call") if content is not None else []
    others = [i for i in items if i.urgency not in URGENCIES]
    # the heading never alone at a page foot: it keeps with the numbers; then the one rule
    # for every doubt (the content says it in the emergency item's body, which is not printed)
    b.flowables += [pl.KeepTogether([EndMark(b.call_seen_at),
                                     b.heading("when_to_call", s["h_call"]), *numbers(b),
                                     pl.Spacer(1, 4), b.para(s["call_unsure"], "label")]),
                    pl.Spacer(1, 8)]
    now = [(level, [i for i in found if i.id not in AFTER_OPERATION]) for level, found in groups]
    after = [(level, [i for i in found if i.id in AFTER_OPERATION])
             for level, found in groups]
    for level, found in now:
        if found:
            level_cards(b, level, found)
    if others:
        b.printed += others
        rows: list[Any] = []
        for item in others:
            line = b.bold_lead(item.title + ".", item.summary, b.bullet_style("tight"),
                               bullet="•")
            line.key = None
            if not rows:
                rows.append(b.para(s["call_other"], "item"))
            rows.append(line)
            rows += safety_lines(b, item)
        b.flowables += head_kept(b.card(rows, continued=continued(b, s["call_other"]))) \
            + [pl.Spacer(1, CARD_GAP)]
    if not any(level in URGENT_LEVELS for level, _ in groups):
        urgent: list[Any] = [b.para(s["h_emergency"], "item"), pl.Spacer(1, 4)]
        for sign in emergency_signs(b.lang_code):
            text = " ".join(b.fill(sign).split())
            b.text.append(text)
            line = b.plain(text, b.bullet_style("tight"), bullet="•")
            line.key = None
            urgent.append(line)
        b.flowables += b.card(urgent, bar=b.col["warm"], tint=b.col["warm_tint"])
    after_operation(b, [i for _level, found in after for i in found])
    b.sections.append("emergency")


def after_operation(b: Story, items: list[Any]) -> None:
    """"After your operation": the signs of a wound on one card, most urgent first, each
    with what to do (its summary says where to go and how fast) and its safety sentences,
    each said once on the card."""
    if not items:
        return
    b.printed += items
    seen: set[str] = set()
    rows: list[Any] = []
    for item in items:   # a sign and what to do about it start together
        said = restating(b, item, seen | b.safety_seen)
        if said:   # the sign and what to do in one sentence: it leads, said once
            seen.add(said)
            b.text.append(said)
            line = b.bold_lead(said, "", "tight")
        else:
            line = b.bold_lead(item.title + ".", item.summary, "tight")
        line.key = None
        if not said:
            seen.add(" ".join(b.fill(item.summary).split()))
        if not rows:
            rows.append(b.para(b.s["h_after_operation"], "item"))
        head = [pl.Spacer(1, 2), b.para(b.s["after_operation_nerves"], "tight")] \
            if len(rows) == 1 else []
        lines = safety_lines(b, item, seen)
        rows.append([*head, pl.Spacer(1, 4), line, *lines[:1]])
        # the last two together: never one sentence alone at the top of a page
        rows += lines[1:-2] + ([lines[-2:]] if len(lines) > 2 else lines[1:])
    b.safety_seen |= seen
    # signs of different urgency on one card: a piece on the next page starts with the
    # card's title again (a same-day sign alone there read as part of the card before it,
    # after "go to the emergency room"); the title never stays alone at a page foot
    b.flowables += b.card(rows, continued=continued(b, b.s["h_after_operation"])) \
        + [pl.Spacer(1, CARD_GAP)]


def continued(b: Story, title: str) -> str:
    """A card's title on the page it goes on to: "Call us the same day (continued)"."""
    return str(b.s["continued"]).format(title=b.fill(title))


# words that do not make a sign: a safety sentence restates an item's title when it holds
# every other word of it
_GLUE = frozenset("a an and or the of from with your you in on to at y o la el los las "
                  "por de del un una su sus".split())


def _words(text: str) -> list[str]:
    """Lower-case words without accents ("Vómitos" -> "vomitos")."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return re.findall(r"[a-z0-9]+", "".join(ch for ch in plain
                                            if not unicodedata.combining(ch)))


def restating(b: Story, item: Any, seen: set[str]) -> str:
    """The item's first safety sentence not printed yet that says its whole sign (every
    word of a title of two words or more: "throwing" for "throwing up", "vomita" for
    "vómitos") and what to do as its level of urgency says it ("call us at once"), or "".
    Printed as the sign's lead, it stands for the title and the summary, which say the same
    again ("Stool, gas or clear fluid from the wound. After surgery from behind, call us at
    once if stool, gas or clear fluid leaks from the wound. • Stool, gas or clear fluid from
    the wound means call us at once.")."""
    title = [w for w in _words(b.fill(item.title)) if w not in _GLUE and len(w) > 2]
    heading = b.s.get(f"urgency_{getattr(item, 'urgency', '')}")
    if len(title) < 2 or not heading:
        return ""
    action = _words(b.fill(str(heading).split(",")[0]))   # "Call us at once, or go ..."
    for sentence in item.safety:
        text = " ".join(b.fill(sentence).split())
        if text in seen:
            continue
        words = _words(text)
        said = " ".join(words)
        if f" {' '.join(action)} " in f" {said} " and all(
                any(w == t or (len(t) > 3 and w.startswith(t[:4])) for w in words)
                for t in title):
            return text
    return ""


def level_cards(b: Story, level: str, found: list[Any]) -> None:
    """The cards of one level of urgency: its heading ("Call us the same day") over each
    item's sign, what the sign is, the list of signs and all its safety sentences, once on
    the level's card."""
    s = b.s
    warm = level in URGENT_LEVELS
    b.printed += list(found)
    seen: set[str] = set()   # each card says all it needs; the level says it once
    blocks: list[list[Any]] = []  # one list of card rows per item
    heading = s[f"urgency_{level}"]
    for item in found:
        summary = item.summary
        repeated = bool(warm and blocks) and all(" ".join(b.fill(t).split()) in seen
                                                 for t in item.safety)
        if repeated:   # its signs and actions are on the card already: said once
            continue
        if warm and " ".join(b.fill(summary).split()).casefold().startswith(
                b.fill(heading).casefold()):
            summary = ""   # the card's heading already says what to do
        said = None if warm else restating(b, item, seen)
        if said:   # the sign and what to do in one sentence: it leads, said once
            seen.add(said)
            b.text.append(said)
            line = b.bold_lead(said, "", "tight")
        elif summary:
            line = b.bold_lead(item.title + ".", summary, "tight")
        else:
            line = b.para(item.title + ".", "item")
        line.key = None
        if summary and not said:   # printed here in full: a card later only points to it
            seen.add(" ".join(b.fill(summary).split()))
        if blocks:
            rows: list[Any] = [[pl.Spacer(1, 4), line]]
        elif warm:  # the card's heading keeps with its first sign
            rows = [[b.para(heading, "item"), pl.Spacer(1, 4), line]]
        else:   # the heading a row of its own: it starts each piece of the card
            rows = [b.para(heading, "item"), [pl.Spacer(1, 4), line]]
        if warm:   # what to do leads the card, then the list of signs (its bullet lines)
            rows += instructions(b, item, seen)
            for para in paragraphs(item.body):
                if all(BULLET_RE.match(ln) for ln in para.split("\n")):
                    for block in b.item_blocks(para, "tight"):
                        block.key = None
                        rows.append(block)
        else:
            rows += safety_lines(b, item, seen)
        blocks.append(rows)
    b.safety_seen |= seen   # the cards after "When to call us" point to it
    if warm:
        # an emergency sign and what to do about it are never split by a page break:
        # one unbreakable card per item, the cards of a level touching
        for rows in blocks:
            b.flowables.append(pl.KeepTogether(b.card(rows, bar=b.col["warm"],
                                                      tint=b.col["warm_tint"])))
    else:
        b.flowables += head_kept(b.card([r for rows in blocks for r in rows],
                                        continued=continued(b, heading)))
    b.flowables.append(pl.Spacer(1, CARD_GAP))


def numbers(b: Story) -> list[Any]:
    """Whom to call: the team's phone, the out-of-hours number and the emergency number. A
    number the clinic did not configure gets a line to write it on (never "call us" alone)."""
    s, contacts = b.s, b.contacts
    rows: list[Any] = []
    for label, value in ((s["phone_day"], contacts.clinic_phone),
                         (s["phone_night"], contacts.out_of_hours_phone)):
        if value:
            rows.append(b.bold_lead(label, one_line(value), "tight"))
        else:
            b.text.append(label)
            rows.append(pl.Table([[b.plain(label, "label"), WriteLine(7 * CM, b.col["muted"])]],
                                 colWidths=[8.5 * CM, 7 * CM], hAlign="LEFT",
                                 style=table_style([
                                     ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (0, 0), 6),
                                     ("TOPPADDING", (0, 0), (-1, -1), 4),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])))
    # set apart, in bold: straight under a blank line for the night number it read as the
    # night-time instruction
    rows += [pl.Spacer(1, EMERGENCY_GAP), b.para(s["phone_emergency"], emergency_line(b))]
    return rows


EMERGENCY_GAP = 8   # points between the team's numbers and the emergency number's line


def emergency_line(b: Story) -> str:
    """The bold style of the emergency number's line under the team's numbers (its name)."""
    key = "emergency_line"
    if key not in b.st:
        from desktop_app.export.fonts import BOLD

        b.st[key] = ParagraphStyle(key, parent=b.st["tight"], fontName=BOLD)
    return key


def disclaimer(b: Story) -> list[Any]:
    """"About this summary", always: the app's own disclaimer (whatever the content folder
    holds), the library's disclaimer if it has one, and when the writers last checked the
    text against its sources. Returns the blocks; :func:`review_state` ends them with the
    clinical sign-off sentence once every section (the glossary too) is known."""
    from desktop_app.model.notices import disclaimer as app_disclaimer

    s = b.s
    items = b.content.items("disclaimer") if b.content is not None else ()
    b.sections.append("disclaimer")
    blocks: list[Any] = [pl.Spacer(1, 18), WriteLine(b.frame_width, b.col["rule"], 2),
                         pl.Spacer(1, 8), b.para(s["h_disclaimer"], "label"),
                         b.para(s["intro"] + " " + app_disclaimer(b.lang_code), "muted")]
    for item in items:  # its one-line summary says what the app's sentence says: only the body
        b.printed.append(item)
        b.about_paragraphs += paragraphs(item.body)   # printed by review_state
    return blocks


def review_state(b: Story, blocks: list[Any]) -> None:
    """End the disclaimer with the text's review state: when the writers last checked it
    against the sources, and whether a clinician at this clinic signed off the items printed
    (by name and date), then keep the block together at the end."""
    from desktop_app.model.signoff import printed_state

    s = b.s
    topics = getattr(b.content, "topics", {}) if b.content is not None else {}
    dates = [t.sources_checked for t in topics.values() if getattr(t, "sources_checked", None)]
    printed = list({id(i): i for i in b.printed}.values())
    state = printed_state(printed, b.lang_code, b.signoff)
    words = state.sentence(b.lang_code, lambda iso: format_date(iso, s))
    if dates:   # one paragraph: where the text comes from, and who has checked it
        checked = max(dates).isoformat()
        # a visit printed again later, with text checked after it: a check date after the
        # visit date reads as a contradiction on the page, so that date is left out
        later = bool(b.c.visit_date) and checked > str(b.c.visit_date)
        if not later:
            words = s["checked_by_writers"].format(date=format_date(checked, s)) + " " + words
    # the review state ends the library's last paragraph (one paragraph: less air)
    tail = [*b.about_paragraphs[:-1], " ".join(b.about_paragraphs[-1:] + [words])]
    for text in tail:
        blocks += b.item_blocks(text, "muted")
    # the rule, the heading and the first paragraph together; the rest may follow on the next
    # page (kept whole, this block alone made a near-empty last page)
    b.flowables += [pl.KeepTogether(blocks[:5])] + blocks[5:]
