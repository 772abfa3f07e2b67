"""Clinical sign-off: a named clinician at a clinic approves (or flags) each content item, in
each language, exactly as the patient sees it.

An approval records who (name, role), when, and the SHA-256 of the item's patient-visible text
in that language. If the text changes afterwards (a new app version, a clinic's own content
folder), the hash no longer matches and the item is "changed since review": never presented as
reviewed. Nothing here blocks the use of unreviewed text; it only says which state it is in.

The record is plain JSON kept beside the clinic's configuration (see
:mod:`desktop_app.infra.signoff_store`), never in the shipped content. Every decision is kept
(an audit trail); the latest one for an item and language counts. Pure Python: no Qt.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable

from desktop_app.model.content import Item
from desktop_app.model.notices import review_words
from desktop_app.model.plaintext import strip_bidi

FORMAT = "presacral-consult clinical sign-off"
VERSION = 1
APPROVED, FLAGGED = "approved", "flagged"
DECISIONS = (APPROVED, FLAGGED)
MAX_FIELD = 200          # a name or role; a note may be longer
MAX_NOTE = 2000
MAX_TEXT = 50_000        # the patient text of one item, kept with its decision
MAX_RECORDS = 100_000
MAX_NAMED = 6            # unreviewed items named in a summary sentence; the rest are counted
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_LANG = re.compile(r"^[a-z]{2}$")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


DateWords = Callable[[str], str]   # an ISO date in the reader's words ("6 December 2026")


class SignoffError(Exception):
    """A sign-off file that cannot be used; ``str()`` is one clear line for the user."""


def patient_text(item: Item) -> str:
    """Everything the patient reads of an item, in a stable form: the title, the phrase the PDF
    names it with (if any), then each lay field's paragraphs (whitespace folded as the app and
    the PDF fold it)."""
    parts = [" ".join(item.title.split())]
    if item.phrase:
        parts.append(f"phrase: {item.phrase}")
    for name, para in item.lay_paragraphs():
        parts.append(f"{name}: {para}")
    return "\n".join(parts)


def text_hash(item: Item, language: str) -> str:
    data = f"{language}\n{item.id}\n{patient_text(item)}".encode()
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Decision:
    item_id: str
    language: str
    decision: str           # APPROVED or FLAGGED
    name: str
    role: str
    date: str               # ISO date, YYYY-MM-DD
    text_sha256: str
    note: str = ""
    text: str = ""          # the patient text decided on (to show what changed since)


@dataclass(frozen=True)
class ItemState:
    """``kind``: "none" (not reviewed), "reviewed", "changed" (reviewed text was edited since)
    or "flagged" (a clinician asked for changes to this very text)."""

    kind: str
    decision: Decision | None = None

    @property
    def is_reviewed(self) -> bool:
        return self.kind == "reviewed"

    def sentence(self, language: str = "en", date_words: DateWords | None = None) -> str:
        """One plain sentence in ``language``; ``date_words(iso)`` formats the date."""
        words = review_words(language)
        d = self.decision
        if d is None or self.kind == "none":
            return words["none"]
        date = date_words(d.date) if date_words else d.date
        return words[self.kind].format(name=d.name, role=d.role, date=date)


@dataclass
class SignoffBook:
    """All decisions of one clinic, oldest first."""

    decisions: list[Decision] = field(default_factory=list)
    # who wrote the file last, as that writer said (name, role, at, machine): unsigned,
    # shown so a clinic can ask; anyone who can write the file can write anything here
    saved_by: dict[str, str] = field(default_factory=dict)

    def latest(self, item_id: str, language: str) -> Decision | None:
        for d in reversed(self.decisions):
            if d.item_id == item_id and d.language == language:
                return d
        return None

    def state(self, item: Item, language: str) -> ItemState:
        d = self.latest(item.id, language)
        if d is None:
            return ItemState("none")
        if d.text_sha256 != text_hash(item, language):
            # the text the clinician saw is not the text shown now
            return ItemState("changed", d)
        return ItemState("reviewed" if d.decision == APPROVED else "flagged", d)

    def decide(self, item: Item, language: str, decision: str, name: str, role: str,
               today: _dt.date | None = None, note: str = "") -> Decision:
        """Record a decision on the text of ``item`` as it is now. Name and role are required:
        a sign-off is only worth something when someone can be asked about it."""
        name, role, note = (" ".join(strip_bidi(str(v)).split()) for v in (name, role, note))
        if decision not in DECISIONS:
            raise ValueError(f"decision must be one of {DECISIONS}")
        if not name or not role:
            raise ValueError("a sign-off needs the reviewer's name and role")
        if len(name) > MAX_FIELD or len(role) > MAX_FIELD or len(note) > MAX_NOTE:
            raise ValueError("name, role or note is too long")
        d = Decision(item_id=item.id, language=language, decision=decision, name=name,
                     role=role, date=(today or _dt.date.today()).isoformat(),
                     text_sha256=text_hash(item, language), note=note,
                     text=patient_text(item)[:MAX_TEXT])
        self.decisions.append(d)
        return d

    def approved_text(self, item: Item, language: str) -> str | None:
        """The text of ``item`` as last approved (None: never approved, or approved before
        the record kept texts). For "what changed since the last approval"."""
        for d in reversed(self.decisions):
            if d.item_id == item.id and d.language == language and d.decision == APPROVED:
                return d.text or None
        return None

    def merged_into(self, text_on_disk: str | None, mine: Iterable[Decision],
                    saved_by: dict[str, str] | None = None) -> str:
        """The record as it is on disk (another writer's decisions included) plus ``mine``,
        as JSON; this book then holds the same. Decisions are kept once each, in the order
        they were made (the disk's first: they were saved before ours)."""
        disk = SignoffBook() if text_on_disk is None else SignoffBook.from_json(text_on_disk)
        seen = set(disk.decisions)
        for d in mine:
            if d not in seen:
                disk.decisions.append(d)
                seen.add(d)
        if len(disk.decisions) > MAX_RECORDS:
            raise SignoffError(f"the sign-off file would hold more than {MAX_RECORDS} "
                               "decisions; ask IT to archive it")
        self.decisions = disk.decisions
        self.saved_by = dict(saved_by) if saved_by else disk.saved_by
        return self.to_json()

    # ---------------------------------------------------------------- JSON
    def to_json(self) -> str:
        data: dict[str, object] = {"format": FORMAT, "version": VERSION}
        if self.saved_by:
            data["saved_by"] = self.saved_by
        data["decisions"] = [asdict(d) for d in self.decisions]
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> SignoffBook:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            raise SignoffError("the sign-off file is not valid JSON") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise SignoffError("this is not a clinical sign-off file")
        if data.get("version") != VERSION:
            raise SignoffError(f"sign-off file version {data.get('version')!r} is not "
                               f"supported (this app reads version {VERSION})")
        raw = data.get("decisions")
        if not isinstance(raw, list) or len(raw) > MAX_RECORDS:
            raise SignoffError("the sign-off file has no valid list of decisions")
        return cls([_decision(entry, n) for n, entry in enumerate(raw, 1)],
                   _saved_by(data.get("saved_by")))


SAVED_BY_KEYS = ("name", "role", "at", "machine")


def _saved_by(raw: object) -> dict[str, str]:
    """The last writer's note, or {} when missing or malformed (it is only a hint)."""
    if not isinstance(raw, dict):
        return {}
    out = {}
    for key in SAVED_BY_KEYS:
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            out[key] = " ".join(strip_bidi(value).split())[:MAX_FIELD]
    return out


def _decision(entry: object, n: int) -> Decision:
    def bad(what: str) -> SignoffError:
        return SignoffError(f"sign-off decision {n}: {what}")

    if not isinstance(entry, dict):
        raise bad("is not a record")
    fields = {}
    for key in ("item_id", "language", "decision", "name", "role", "date", "text_sha256",
                "note", "text"):
        value = entry.get(key, "" if key in ("note", "text") else None)
        if not isinstance(value, str):
            raise bad(f"'{key}' is missing or not text")
        fields[key] = strip_bidi(value)
    if not _ID.match(fields["item_id"]) or not _LANG.match(fields["language"]):
        raise bad("item id or language is not valid")
    if fields["decision"] not in DECISIONS:
        raise bad(f"decision must be one of {', '.join(DECISIONS)}")
    if not fields["name"].strip() or not fields["role"].strip():
        raise bad("name and role are required")
    if (len(fields["name"]) > MAX_FIELD or len(fields["role"]) > MAX_FIELD
            or len(fields["note"]) > MAX_NOTE or len(fields["text"]) > MAX_TEXT):
        raise bad("name, role or note is too long")
    try:
        _dt.date.fromisoformat(fields["date"])
    except ValueError:
        raise bad("date is not YYYY-MM-DD") from None
    if not _HEX64.match(fields["text_sha256"]):
        raise bad("text_sha256 is not a SHA-256 hex digest")
    return Decision(**fields)


@dataclass(frozen=True)
class PrintedState:
    """The review state of a set of items shown together (a PDF, a tab)."""

    reviewed: tuple[tuple[Item, Decision], ...]
    not_reviewed: tuple[Item, ...]

    def sentence(self, language: str = "en", date_words: DateWords | None = None) -> str:
        words = review_words(language)
        if not self.reviewed:
            return words["nothing"]
        seen: list[str] = []
        for _item, d in self.reviewed:   # each reviewer once, in the order met
            who = words["who"].format(name=d.name, role=d.role,
                                      date=date_words(d.date) if date_words else d.date)
            if who not in seen:
                seen.append(who)
        who = "; ".join(seen)
        if not self.not_reviewed:
            return words["all"].format(who=who)
        titles = [i.title for i in self.not_reviewed]
        rest = ", ".join(titles[:MAX_NAMED])
        if len(titles) > MAX_NAMED:
            rest += " " + words["more"].format(n=len(titles) - MAX_NAMED)
        return words["some"].format(who=who, rest=rest)


def printed_state(items: Iterable[Item], language: str, book: SignoffBook | None) -> PrintedState:
    reviewed, missing = [], []
    for item in items:
        state = book.state(item, language) if book is not None else ItemState("none")
        if state.is_reviewed and state.decision is not None:
            reviewed.append((item, state.decision))
        else:
            missing.append(item)
    return PrintedState(tuple(reviewed), tuple(missing))


def text_changes(old: str, new: str) -> list[tuple[str, str]]:
    """What changed from ``old`` to ``new``, word by word: a list of (kind, text), kind
    "same", "removed" or "added", in reading order (for "changed since the last approval")."""
    import difflib

    a, b = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("added", "".join(b[j1:j2])))
    return out
