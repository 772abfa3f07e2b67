"""Clinical content: ``content/<lang>/*.yaml`` loaded into typed, validated objects.

Every problem is a :class:`ContentError` that names the file, the line (where YAML knows it),
the item id and the field, so a clinic editing its own content folder can fix it quickly.
Only safe loaders are used (libyaml's CSafeLoader when PyYAML has it, else SafeLoader):
content files may come from a clinic's shared drive. PyYAML (~30 ms) is imported only when a
file is parsed: with a warm parse cache (``load_content(..., cache_dir=...)``, see
:mod:`desktop_app.model.parsecache`) it is not needed at all.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, cast

from desktop_app.model.plaintext import strip_bidi

if TYPE_CHECKING:
    from yaml import Node

    from desktop_app.model.parsecache import Codec

# File stem -> role. Order is the tab order in the app and the section order in searches.
TOPIC_FILES = ("overview", "tumour_types", "symptoms", "workup", "treatments", "glossary",
               "questions", "when_to_call", "disclaimer")
REQUIRED_TOPICS = ("overview", "symptoms", "workup", "treatments")
REFERENCES_FILE = "references.yaml"
# Patient-facing text fields (all are readability-checked); ``body`` is the main one.
LAY_FIELDS = ("summary", "body", "why", "expect", "prepare", "side_effects", "recovery")
OPTIONAL_LAY_FIELDS = ("body", "why", "expect", "prepare", "side_effects", "recovery")
ITEM_KEYS = {"id", "title", "summary", "body", "clinician_note", "sources", "group", "aliases",
             "safety", "urgency", "phrase", *LAY_FIELDS}
# ``safety``: a list of safety sentences (where to go, how fast). Each is patient text
# (readability-checked like LAY_FIELDS) that must be shown with its item on screen and printed
# in full wherever the item is printed.
SAFETY_FIELD = "safety"
# ``urgency`` of a ``when_to_call`` item, most urgent first:
#   emergency_number    call the emergency number (911 in the US) now
#   emergency_room_now  go to the emergency room now; do not wait to reach the team; do not
#                       drive yourself; tell the team afterwards
#   at_once             call the team at once; the emergency room if they cannot be reached
#   same_day            call the team the same day
URGENCIES = ("emergency_number", "emergency_room_now", "at_once", "same_day")
# Tokens patient text may contain, filled from the clinic config by :func:`fill_contacts`
# ({fever}: the fever threshold, the clinic country's scale first).
TOKENS = ("emergency_number", "clinic_phone", "out_of_hours_phone", "fever")
_BRACE_RE = re.compile(r"\{([^{}]*)\}")
# ``sources_checked``: the date the text was last written or checked against its sources by
# the people who wrote it. It is not a clinical review: that is a named clinician's sign-off,
# kept per clinic outside the content (:mod:`desktop_app.model.signoff`). ``reviewed`` is the
# field's old name, still read so that existing clinic content folders keep loading.
CHECKED_KEY = "sources_checked"
OLD_CHECKED_KEY = "reviewed"
TOPIC_KEYS = {CHECKED_KEY, OLD_CHECKED_KEY, "title", "items", "extend"}
MAX_CONTENT_BYTES = 2 * 1024 * 1024
_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class ContentError(Exception):
    """A content file is invalid. Attributes say where; ``str()`` is the user-facing message."""

    def __init__(self, file: str | Path, problem: str, *, line: int | None = None,
                 item: str | None = None, field: str | None = None):
        self.file = str(file)
        self.line = line
        self.item = item
        self.field = field
        self.problem = problem
        where = [Path(self.file).name if self.file else "content"]
        if line:
            where.append(f"line {line}")
        if item:
            where.append(f"item '{item}'")
        if field:
            where.append(f"field '{field}'")
        super().__init__(", ".join(where) + ": " + problem)


@dataclass(frozen=True)
class Reference:
    id: str
    citation: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    summary: str
    body: str = ""
    clinician_note: str = ""
    sources: tuple[str, ...] = ()
    group: str = ""
    aliases: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()  # (field, text) for why / expect / prepare / ...
    safety: tuple[str, ...] = ()  # safety sentences, each printed in full with the item
    urgency: str = ""  # one of URGENCIES (``when_to_call`` items), "" when not given
    # How a sentence names the item, article included ("an abscess", "Ewing sarcoma",
    # "un cordoma"): grammar no template rule can guess (a/an, gender, names, plurals).
    phrase: str = ""
    topic: str = ""
    file: str = ""
    line: int | None = None

    def field_text(self, name: str) -> str:
        if name in ("summary", "body"):
            return cast(str, getattr(self, name))
        return dict(self.extra).get(name, "")

    def lay_paragraphs(self) -> list[tuple[str, str]]:
        """(field, paragraph) pairs of all patient-facing text, paragraphs split on blank lines."""
        out = []
        for name in LAY_FIELDS:
            for para in re.split(r"\n\s*\n", self.field_text(name)):
                if para.strip():
                    out.append((name, " ".join(para.split())))
        out += [(SAFETY_FIELD, " ".join(sentence.split())) for sentence in self.safety]
        return out

    def searchable_text(self) -> str:
        parts = [self.title, self.summary, self.body, self.clinician_note, *self.aliases,
                 *(t for _, t in self.extra), *self.safety]
        return " ".join(parts).casefold()


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    sources_checked: _dt.date
    items: tuple[Item, ...]
    file: str = ""


@dataclass
class ContentLibrary:
    language: str
    topics: dict[str, Topic]
    references: dict[str, Reference]
    references_checked: _dt.date | None = None
    folders: tuple[str, ...] = ()
    _index: dict[str, Item] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {item.id: item for topic in self.topics.values() for item in topic.items}

    def topic(self, key: str) -> Topic | None:
        return self.topics.get(key)

    def items(self, key: str) -> tuple[Item, ...]:
        topic = self.topics.get(key)
        return topic.items if topic else ()

    def item(self, item_id: str) -> Item | None:
        return self._index.get(item_id)

    def all_items(self) -> Iterable[Item]:
        return self._index.values()

    def items_by_urgency(self, key: str = "when_to_call") -> list[tuple[str, tuple[Item, ...]]]:
        """(urgency, items) of topic ``key`` for each level of :data:`URGENCIES` that has
        items, most urgent first (file order within a level); items without an urgency are
        left out. The PDF's emergency box and the screen's list are built from this."""
        items = self.items(key)
        out = []
        for level in URGENCIES:
            found = tuple(i for i in items if i.urgency == level)
            if found:
                out.append((level, found))
        return out

    def search(self, query: str) -> list[Item]:
        """Items whose text contains every word of ``query`` (case-insensitive), titles first."""
        words = query.casefold().split()
        if not words:
            return []
        hits = [i for i in self._index.values() if all(w in i.searchable_text() for w in words)]
        hits.sort(key=lambda i: (not all(w in i.title.casefold() for w in words),
                                 TOPIC_FILES.index(i.topic) if i.topic in TOPIC_FILES else 99))
        return hits


# ----------------------------------------------------------------------------- parsing
def _read_yaml(path: Path) -> tuple[Any, Any]:
    """Return (data, node); node carries line numbers."""
    import yaml

    from desktop_app.model import yamlsafe

    from desktop_app.model.files import FileRefusedError, read_regular

    try:
        text = read_regular(path, MAX_CONTENT_BYTES,
                            too_large="file is too large for a content file").decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError(path, "is not UTF-8 text") from None
    except FileRefusedError as exc:
        raise ContentError(path, exc.reason) from None
    try:
        loader = yamlsafe.SafeLoader(text)
    except yaml.reader.ReaderError as exc:  # control characters (NUL, ...) in the text
        line = text.count("\n", 0, exc.position) + 1 if exc.position is not None else None
        raise ContentError(path, "contains a control character that is not allowed in text",
                           line=line) from None
    try:
        node = loader.get_single_node()
        yamlsafe.check_expansion(node, MAX_CONTENT_BYTES)
        _no_repeated_keys(path, node)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ContentError(path, f"invalid YAML ({problem})", line=line) from None
    except yamlsafe.ExpansionError as exc:
        raise ContentError(path, str(exc)) from None
    except yaml.YAMLError as exc:
        raise ContentError(path, f"invalid YAML ({type(exc).__name__})") from None
    except RecursionError:
        raise ContentError(path, "invalid YAML (nested too deeply)") from None
    except (ValueError, TypeError, OverflowError, AttributeError):
        # e.g. "reviewed: 2026-13-45", "!!int x"; PyYAML fails with AttributeError on an
        # explicit "!!timestamp" whose text is not a timestamp (found by the fuzz test)
        raise ContentError(path, "invalid YAML (a date or number that does not exist)") from None
    finally:
        loader.dispose()
    return data, node


def _no_repeated_keys(path: Path, root: Node | None) -> None:
    """A key given twice in one mapping is an error: YAML keeps the last value silently, and
    the line numbers we report would point at the first."""
    import yaml

    stack, seen_nodes = [root], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen_nodes:  # anchors can make the tree a graph
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    line = k.start_mark.line + 1
                    if k.value in first:
                        raise ContentError(path, f"'{k.value}' is given twice (lines "
                                                 f"{first[k.value]} and {line})", line=line)
                    first[k.value] = line
                stack.extend((k, v))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _mapping_lines(node: Node | None) -> dict[str, int]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return {k.value: v.start_mark.line + 1 for k, v in node.value
                if isinstance(k, yaml.ScalarNode)}
    return {}


def _child(node: Node | None, key: str) -> Node | None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return cast("Node", v)
    return None


def _sources_checked(data: dict[str, Any], path: Path, lines: dict[str, int]) -> _dt.date:
    """The file's ``sources_checked`` date (or its old name ``reviewed``; not both)."""
    if CHECKED_KEY in data and OLD_CHECKED_KEY in data:
        raise ContentError(path, f"give '{CHECKED_KEY}' only ('{OLD_CHECKED_KEY}' is its old "
                                 "name)", line=lines.get(OLD_CHECKED_KEY), field=OLD_CHECKED_KEY)
    key = OLD_CHECKED_KEY if OLD_CHECKED_KEY in data else CHECKED_KEY
    value = data.get(key)
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, _dt.date):
        raise ContentError(path, "missing or invalid date the text was checked against its "
                                 "sources (expected YYYY-MM-DD)",
                           line=lines.get(key), field=key)
    return value


def _text(value: Any, path: Path, line: int | None, item: str | None, fld: str, *,
          required: bool) -> str:
    if value is None or value == "":
        if required:
            raise ContentError(path, "is missing or empty", line=line, item=item, field=fld)
        return ""
    if not isinstance(value, str):
        raise ContentError(path, "must be text", line=line, item=item, field=fld)
    text = strip_bidi(value)           # the screen and the PDF show the same order
    if required and not text.strip():
        raise ContentError(path, "is missing or empty", line=line, item=item, field=fld)
    return text.strip()


def _parse_item(raw: Any, node: Node | None, path: Path, topic: str) -> Item:
    item_line = node.start_mark.line + 1 if node is not None else None
    if not isinstance(raw, dict):
        raise ContentError(path, "each item must be a mapping with id, title, summary, ...",
                           line=item_line)
    lines = _mapping_lines(node)
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not _ID_RE.match(item_id):
        raise ContentError(path, "missing or invalid id (use lower_case_with_underscores)",
                           line=lines.get("id", item_line), field="id")
    for key in raw:
        if key not in ITEM_KEYS:
            raise ContentError(path, f"unknown field '{key}'", line=lines.get(str(key), item_line),
                               item=item_id, field=str(key))

    def text(name: str, required: bool = False) -> str:
        return _text(raw.get(name), path, lines.get(name, item_line), item_id, name,
                     required=required)

    sources = raw.get("sources")
    if (not isinstance(sources, list) or not sources
            or not all(isinstance(s, str) and s for s in sources)):
        raise ContentError(path, "needs a list of at least one source id",
                           line=lines.get("sources", item_line), item=item_id, field="sources")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ContentError(path, "must be a list of words", line=lines.get("aliases", item_line),
                           item=item_id, field="aliases")
    group = raw.get("group") or ""
    if not isinstance(group, str):
        raise ContentError(path, "must be text", line=lines.get("group", item_line),
                           item=item_id, field="group")
    extra = tuple((name, text(name)) for name in ("why", "expect", "prepare", "side_effects",
                                                  "recovery") if raw.get(name))
    safety = _safety(raw.get(SAFETY_FIELD), path, lines.get(SAFETY_FIELD, item_line), item_id)
    urgency = raw.get("urgency") or ""
    if urgency not in ("", *URGENCIES):
        raise ContentError(path, "must be one of " + ", ".join(URGENCIES),
                           line=lines.get("urgency", item_line), item=item_id, field="urgency")
    item = Item(id=item_id, title=text("title", True), summary=text("summary", True),
                body=text("body"), clinician_note=text("clinician_note"),
                sources=tuple(sources), group=group, aliases=tuple(aliases), extra=extra,
                safety=safety, urgency=urgency, phrase=" ".join(text("phrase").split()),
                topic=topic, file=str(path), line=item_line)
    for name, value in (("title", item.title), ("summary", item.summary), ("body", item.body),
                        *item.extra, *((SAFETY_FIELD, t) for t in item.safety)):
        _check_tokens(value, path, lines.get(name, item_line), item_id, name)
    return item


def _safety(value: Any, path: Path, line: int | None, item: str) -> tuple[str, ...]:
    """The ``safety`` list: one sentence of text per entry (absent = none)."""
    if value is None:
        return ()
    if (not isinstance(value, list) or not value
            or not all(isinstance(t, str) and t.strip() for t in value)):
        raise ContentError(path, "must be a list of safety sentences (one text per '- ' line)",
                           line=line, item=item, field=SAFETY_FIELD)
    return tuple(" ".join(t.split()) for t in value)


def _check_tokens(text: str, path: Path, line: int | None, item: str, fld: str) -> None:
    """Braces in patient text are only the known tokens: anything else would be printed."""
    for match in _BRACE_RE.finditer(text):
        if match.group(1) not in TOKENS:
            raise ContentError(path, f"unknown token '{{{match.group(1)}}}' (known: "
                               + ", ".join("{" + t + "}" for t in TOKENS) + ")",
                               line=line, item=item, field=fld)
    rest = _BRACE_RE.sub("", text)
    if "{" in rest or "}" in rest:
        raise ContentError(path, "has a '{' or '}' that is not part of a token (known: "
                           + ", ".join("{" + t + "}" for t in TOKENS) + ")",
                           line=line, item=item, field=fld)


def load_topic(path: Path, key: str | None = None) -> tuple[Topic, bool]:
    """Load one topic file. Returns (topic, extend) where extend means merge into the base."""
    import yaml

    path = Path(path)
    key = key or path.stem
    data, node = _read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(path, f"must be a mapping with '{CHECKED_KEY}', 'title' and 'items'",
                           line=1)
    lines = _mapping_lines(node)
    for k in data:
        if k not in TOPIC_KEYS:
            raise ContentError(path, f"unknown top-level field '{k}'", line=lines.get(str(k)),
                               field=str(k))
    checked = _sources_checked(data, path, lines)
    title = _text(data.get("title"), path, lines.get("title"), None, "title", required=True)
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise ContentError(path, "needs a non-empty list of items", line=lines.get("items"),
                           field="items")
    seq = _child(node, "items")
    nodes = seq.value if isinstance(seq, yaml.SequenceNode) else [None] * len(raw_items)
    items = []
    seen: dict[str, int | None] = {}
    for raw, item_node in zip(raw_items, nodes):
        item = _parse_item(raw, item_node, path, key)
        if item.id in seen:
            raise ContentError(path, f"duplicate id (first used at line {seen[item.id]})",
                               line=item.line, item=item.id, field="id")
        seen[item.id] = item.line
        items.append(item)
    extend = bool(data.get("extend", False))
    return (Topic(key=key, title=title, sources_checked=checked, items=tuple(items),
                  file=str(path)), extend)


def load_references(path: Path) -> tuple[dict[str, Reference], _dt.date]:
    import yaml

    data, node = _read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(path, f"must be a mapping with '{CHECKED_KEY}' and 'references'",
                           line=1)
    lines = _mapping_lines(node)
    checked = _sources_checked(data, path, lines)
    raw = data.get("references")
    if not isinstance(raw, list) or not raw:
        raise ContentError(path, "needs a non-empty list 'references'",
                           line=lines.get("references"), field="references")
    seq = _child(node, "references")
    nodes = seq.value if isinstance(seq, yaml.SequenceNode) else [None] * len(raw)
    refs: dict[str, Reference] = {}
    for entry, entry_node in zip(raw, nodes):
        line = entry_node.start_mark.line + 1 if entry_node is not None else None
        if not isinstance(entry, dict):
            raise ContentError(path, "each reference must be a mapping", line=line)
        ref_id = entry.get("id")
        if not isinstance(ref_id, str) or not ref_id:
            raise ContentError(path, "reference without an id", line=line, field="id")
        if ref_id in refs:
            raise ContentError(path, "duplicate reference id", line=line, item=ref_id, field="id")
        fields_ = {}
        for name, required in (("citation", True), ("url", False), ("note", False)):
            fields_[name] = _text(entry.get(name), path, line, ref_id, name, required=required)
        refs[ref_id] = Reference(id=ref_id, **fields_)
    return refs, checked


def _language_dir(folder: Path, language: str) -> Path:
    """A content folder may hold ``<lang>/`` subfolders or be a language folder itself."""
    sub = folder / language
    return sub if sub.is_dir() else folder


def load_content(base_dir: str | Path, language: str = "en",
                 extra_dirs: Iterable[str | Path] = (), *,
                 cache_dir: str | Path | None = None) -> ContentLibrary:
    """Load ``base_dir/<language>`` and overlay clinic folders (replace a file, or extend it).

    A clinic file with the same name replaces the shipped one; with ``extend: true`` its items
    are added (an item with an existing id replaces that item). Clinic references are added.

    ``cache_dir``: a parse cache folder (:mod:`desktop_app.model.parsecache`); when the files
    of every folder are unchanged the library comes from there without parsing. Without it
    (tests, ``--selftest``, export) every file is parsed.
    """
    if cache_dir is None:
        return _load_content(base_dir, language, extra_dirs)
    from desktop_app.model import parsecache

    extra_dirs = tuple(extra_dirs)
    identity = [str(base_dir), language, [str(d) for d in extra_dirs]]

    def sources() -> list[Any]:
        folders = ([_language_dir(Path(base_dir), language)]
                   + [_language_dir(Path(d), language) for d in extra_dirs])
        return [identity, [[str(f), parsecache.folder_digests(f, "*.yaml", MAX_CONTENT_BYTES)]
                           for f in folders]]

    return cast(ContentLibrary, parsecache.ParseCache(cache_dir).cached(
        "content", identity, sources, lambda: _load_content(base_dir, language, extra_dirs),
        _codec(), ContentLibrary))


_CODEC: Codec | None = None


def _codec() -> Codec:
    """The parse cache's whitelist for content: these four classes and plain data."""
    global _CODEC
    if _CODEC is None:
        from desktop_app.model.parsecache import Codec

        _CODEC = Codec({Reference: (), Item: (), Topic: (), ContentLibrary: ("_index",)})
    return _CODEC


def _load_content(base_dir: str | Path, language: str,
                  extra_dirs: Iterable[str | Path]) -> ContentLibrary:
    base = _language_dir(Path(base_dir), language)
    if not base.is_dir():
        raise ContentError(base, "content folder not found")
    folders = [base] + [_language_dir(Path(d), language) for d in extra_dirs]
    topics: dict[str, Topic] = {}
    references: dict[str, Reference] = {}
    ref_checked = None
    for index, folder in enumerate(folders):
        if not folder.is_dir():
            raise ContentError(folder, "content folder not found")
        ref_path = folder / REFERENCES_FILE
        if ref_path.exists():
            refs, checked = load_references(ref_path)
            references.update(refs)
            ref_checked = checked if index == 0 or ref_checked is None else max(ref_checked,
                                                                               checked)
        elif index == 0:
            raise ContentError(ref_path, "file is missing")
        for path in sorted(folder.glob("*.yaml")):
            if path.name == REFERENCES_FILE:
                continue
            if path.stem not in TOPIC_FILES:
                raise ContentError(path, "unknown content file (expected one of: "
                                   + ", ".join(f + ".yaml" for f in TOPIC_FILES) + ")")
            topic, extend = load_topic(path)
            if extend and path.stem in topics:
                merged = {i.id: i for i in topics[path.stem].items}
                merged.update({i.id: i for i in topic.items})
                topic = Topic(key=topic.key, title=topics[path.stem].title,
                              sources_checked=max(topic.sources_checked,
                                                  topics[path.stem].sources_checked),
                              items=tuple(merged.values()), file=topic.file)
            topics[path.stem] = topic
    for key in REQUIRED_TOPICS:
        if key not in topics:
            raise ContentError(base / f"{key}.yaml", "file is missing")
    # ids are unique across the whole language: the consultation stores bare ids
    seen: dict[str, Item] = {}
    for key in TOPIC_FILES:
        for item in topics.get(key, Topic(key, "", _dt.date.min, ())).items:
            if item.id in seen:
                other = Path(seen[item.id].file).name
                raise ContentError(item.file, f"duplicate id (also in {other})",
                                   line=item.line, item=item.id, field="id")
            seen[item.id] = item
            for src in item.sources:
                if src not in references:
                    raise ContentError(item.file, f"unknown source id '{src}' (not in "
                                       f"{REFERENCES_FILE})", line=item.line, item=item.id,
                                       field="sources")
    ordered = {k: topics[k] for k in TOPIC_FILES if k in topics}
    return ContentLibrary(language=language, topics=ordered, references=references,
                          references_checked=ref_checked, folders=tuple(str(f) for f in folders))
