"""The anatomy atlas: drawings, structures, landmarks and the approach aid.

Pure Python (no Qt). ``load_atlas(resources/anatomy)`` reads ``anatomy.yaml`` and every SVG it
names, and checks that the two agree: each drawing holds exactly the structures that anatomy.yaml
lists for it, each once. Any disagreement raises :class:`AnatomyError` naming the file and the id.

Element ids in a drawing that are not structures must either sit inside a structure element
(sub-parts such as ``sacrum_s1``, which belong to ``sacrum``) or start with ``bg_`` (background
and context that is drawn but not interactive). Anything else is treated as a typo.

Coordinates are the SVG user units of the drawing ("diagram units"), ``scale_px_per_cm`` of them
to the centimetre.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, cast

from desktop_app.model.label_layout import LabelSpec
from desktop_app.model.lesions import distance_words
from desktop_app.model.svgshapes import (MAX_SVG_BYTES, AnatomyError, Shape, parse_svg, read_text,
                                         sample_segments)

if TYPE_CHECKING:
    from desktop_app.model.parsecache import Codec

__all__ = [
    "AnatomyError", "ApproachSuggestion", "Atlas", "Drawing", "Shape", "Structure",
    "approach_for", "approach_in", "load_atlas", "point_in_shape", "structure_at",
]

VIEWS = ("sagittal", "axial", "posterior")
REQUIRED_VIEWS = ("sagittal", "axial")   # an atlas without a view from behind still loads
VARIANTS = ("female", "male")
LEVELS = ("S1", "S2", "S3", "S4", "S5")

# The S3 guide line's words, the same on screen and paper: its name (a margin label on the
# drawing) and the key beside the drawing that says what the dashed line is (a patient read
# the line and a bare "S3" as a planned cut). In line with the glossary's "S3" entry.
GUIDE_WORDS = {
    "name": {"en": "S3 level", "es": "Nivel S3"},
    "key": {"en": "S3 level: the middle of the sacrum. A guide, not a cut.",
            "es": "Nivel S3: la mitad del sacro. Una guía, no un corte."},
    # the name with the key in short, where no corner of the margins has room for the key
    "short": {"en": "S3 level: a guide, not a cut", "es": "Nivel S3: una guía, no un corte"},
}


def guide_words(kind: str, language: str) -> str:
    """The S3 guide's ``"name"`` or ``"key"`` in ``language`` (English for any other)."""
    words = GUIDE_WORDS[kind]
    return words.get(language) or words["en"]
TOPICS = ("what_is_it", "where_is_it", "rectal_exam", "mri", "surgery_posterior",
          "surgery_anterior", "urinary_problems", "bowel_control", "sexual_problems",
          "leg_pain", "low_back_pain")
YAML_NAME = "anatomy.yaml"
MAX_ATLAS_BYTES = 1024 * 1024  # the shipped anatomy.yaml is ~16 KB

Point = tuple[float, float]
Segment2 = tuple[Point, Point]


@dataclass(frozen=True)
class Structure:
    id: str
    medical: str
    lay_names: dict[str, str]
    descriptions: dict[str, str]
    topic: str = ""
    drawings: tuple[str, ...] = ()

    def lay(self, lang: str = "en") -> str:
        return self.lay_names.get(lang) or self.lay_names.get("en") or self.medical

    def description(self, lang: str = "en") -> str:
        return self.descriptions.get(lang) or self.descriptions.get("en", "")

    def tooltip(self, lang: str = "en") -> str:
        """"lay name (Medical name)", or just the medical name when they are the same; a
        medical name with brackets of its own follows a dash ("Space in front of the sacrum —
        Presacral (retrorectal) space"), never brackets in brackets."""
        lay = self.lay(lang)
        if lay.strip().lower() == self.medical.strip().lower():
            return self.medical
        if "(" in self.medical:
            return f"{lay} — {self.medical}"
        return f"{lay} ({self.medical})"


@dataclass(frozen=True)
class Label:
    anchor: Point   # a point inside the structure, where the leader line starts
    at: Point       # where the text goes; text ends here if at.x < anchor.x, else starts here

    def __iter__(self) -> Iterator[Point]:  # allows ``anchor, at = label``
        return iter((self.anchor, self.at))


@dataclass(frozen=True)
class Drawing:
    key: str
    view: str
    variant: str
    file: str
    shapes: tuple[Shape, ...]
    viewbox: tuple[float, float, float, float]
    labels: dict[str, Label]
    s3_line: Segment2 | None = None
    cranial: Point | None = None
    sacral_levels: dict[str, Segment2] = field(default_factory=dict)
    structure_ids: tuple[str, ...] = ()   # in paint order of their first shape
    scale_px_per_cm: float = 20.0

    def shapes_for(self, structure_id: str) -> list[Shape]:
        return [s for s in self.shapes if s.structure_id == structure_id]


@dataclass
class Atlas:
    scale_px_per_cm: float
    drawings: dict[str, Drawing]
    structures: dict[str, Structure]
    directory: Path | None = None
    # lazy loading (app start-up): (view, variant) -> (key, build) for drawings not read yet
    pending: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    def drawing(self, view: str, variant: str) -> Drawing:
        for d in self.drawings.values():
            if d.view == view and d.variant == variant:
                return d
        if (view, variant) in self.pending:
            key, build = self.pending.pop((view, variant))
            self.drawings[key] = build()
            return self.drawings[key]
        raise KeyError(f"no {view} drawing for the {variant} variant")

    def structure(self, structure_id: str) -> Structure:
        return self.structures[structure_id]

    def to_cm(self, units: float) -> float:
        return units / self.scale_px_per_cm


# ----------------------------------------------------------------------------- loading
def _fail(file: str | Path, element: str | None, problem: str) -> AnatomyError:
    return AnatomyError(file, element, problem)


def _text_map(value: Any, file: Path, sid: str, what: str, *, required: bool) -> dict[str, str]:
    if value is None or value == "":
        if required:
            raise _fail(file, sid, f"{what} is missing")
        return {}
    if isinstance(value, str):
        return {"en": value}
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _fail(file, sid, f"{what} must be a text or a map of language -> text")
    if required and not value.get("en", "").strip():
        raise _fail(file, sid, f"{what} needs an English ('en') text")
    return {k: v.strip() for k, v in value.items()}


def _point(value: Any, file: Path, sid: str, what: str) -> Point:
    if (not isinstance(value, (list, tuple)) or len(value) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                       and math.isfinite(v) for v in value)):
        raise _fail(file, sid, f"{what} must be [x, y]")
    return (float(value[0]), float(value[1]))


def _segment(value: Any, file: Path, sid: str, what: str) -> Segment2:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise _fail(file, sid, f"{what} must be [[x1, y1], [x2, y2]]")
    a = _point(value[0], file, sid, what)
    b = _point(value[1], file, sid, what)
    if a == b:
        raise _fail(file, sid, f"{what} has two equal end points")
    return (a, b)


def load_atlas(resources_dir: str | Path, *, lazy: bool = False,
               cache_dir: str | Path | None = None) -> Atlas:
    """Load and cross-check ``anatomy.yaml`` and its drawings.

    ``lazy``: read and check each drawing only when it is first asked for (the app's
    start-up shows one of four); ``--selftest`` and the tests check all of them at once.
    ``cache_dir``: a parse cache folder (:mod:`desktop_app.model.parsecache`): an unchanged
    anatomy.yaml and drawing come from there without parsing YAML or SVG. Without it every
    file is parsed.
    """
    if cache_dir is not None:
        return _load_atlas_cached(Path(resources_dir), lazy, cache_dir)
    return _load_atlas(Path(resources_dir), lazy=lazy)


def _load_atlas(directory: Path, *, lazy: bool, text: str | None = None,
                specs: list[Any] | None = None) -> Atlas:
    """:func:`load_atlas` without a cache. ``text``: the contents of anatomy.yaml (else read);
    ``specs`` collects (key, view, variant, file name, build) of every drawing, where
    ``build(svg_text=None)`` parses and checks the drawing (from ``svg_text`` if given)."""
    import yaml

    from desktop_app.model import yamlsafe

    yfile = directory / YAML_NAME
    if text is None:
        text = read_text(yfile, MAX_ATLAS_BYTES, "the atlas")
    try:
        raw = yamlsafe.safe_load(text, MAX_ATLAS_BYTES)
    except yamlsafe.ExpansionError as exc:
        raise _fail(yfile, None, str(exc)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise _fail(yfile, None, f"not valid YAML{where}") from None
    if not isinstance(raw, dict):
        raise _fail(yfile, None, "expected a mapping at the top level")

    scale = raw.get("scale_px_per_cm")
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not scale > 0:
        raise _fail(yfile, "scale_px_per_cm", "must be a positive number")

    drawings_raw = raw.get("drawings")
    if not isinstance(drawings_raw, dict) or not drawings_raw:
        raise _fail(yfile, "drawings", "must map drawing keys to {file, view, variant}")
    structures_raw = raw.get("structures")
    if not isinstance(structures_raw, dict) or not structures_raw:
        raise _fail(yfile, "structures", "must map structure ids to their names")
    landmarks = raw.get("landmarks") or {}
    if not isinstance(landmarks, dict):
        raise _fail(yfile, "landmarks", "must be a mapping")

    # structures
    structures: dict[str, Structure] = {}
    labels_raw: dict[str, dict[str, Any]] = {}
    for sid, entry in structures_raw.items():
        if not isinstance(sid, str) or not sid.replace("_", "").isalnum():
            raise _fail(yfile, str(sid), "structure ids must be plain names")
        if sid.startswith("bg_"):
            raise _fail(yfile, sid, "ids starting with bg_ are reserved for background")
        if not isinstance(entry, dict):
            raise _fail(yfile, sid, "expected a mapping with medical, lay, description")
        medical = entry.get("medical")
        if not isinstance(medical, str) or not medical.strip():
            raise _fail(yfile, sid, "medical name is missing")
        topic = entry.get("topic") or ""
        if not isinstance(topic, str):
            raise _fail(yfile, sid, "topic must be a content item id")
        listed = entry.get("drawings")
        if (not isinstance(listed, list) or not listed
                or not all(isinstance(d, str) for d in listed)):
            raise _fail(yfile, sid, "drawings must list the drawing keys it appears in")
        for d in listed:
            if d not in drawings_raw:
                raise _fail(yfile, sid, f"lists unknown drawing {d!r}")
        labels = entry.get("label") or {}
        if not isinstance(labels, dict):
            raise _fail(yfile, sid, "label must map drawing keys to {anchor, at}")
        for d in labels:
            if d not in listed:
                raise _fail(yfile, sid, f"has a label for drawing {d!r} it is not listed in")
        labels_raw[sid] = labels
        structures[sid] = Structure(
            id=sid, medical=medical.strip(),
            lay_names=_text_map(entry.get("lay"), yfile, sid, "lay name", required=True),
            descriptions=_text_map(entry.get("description"), yfile, sid, "description",
                                   required=True),
            topic=topic, drawings=tuple(dict.fromkeys(listed)))

    # drawings
    drawings: dict[str, Drawing] = {}
    atlas_pending: dict[tuple[str, str], Any] = {}
    seen_pairs: set[tuple[str, str]] = set()
    for key, spec in drawings_raw.items():
        if not isinstance(spec, dict):
            raise _fail(yfile, str(key), "drawing entry must be {file, view, variant}")
        view, variant, fname = spec.get("view"), spec.get("variant"), spec.get("file")
        if view not in VIEWS:
            raise _fail(yfile, key, f"view must be one of {', '.join(VIEWS)}")
        if variant not in VARIANTS:
            raise _fail(yfile, key, f"variant must be one of {', '.join(VARIANTS)}")
        if (view, variant) in seen_pairs:
            raise _fail(yfile, key, f"a second {view} {variant} drawing")
        seen_pairs.add((view, variant))
        if not isinstance(fname, str) or "/" in fname or "\\" in fname or fname.startswith("."):
            raise _fail(yfile, key, "file must be a file name in the anatomy folder")
        def build(key: str = key, view: str = view, variant: str = variant, fname: str = fname,
                  svg_text: str | None = None) -> Drawing:
            svg_file = directory / fname
            svg = parse_svg(svg_file, structures.keys(), text=svg_text)

            expected = {sid for sid, s in structures.items() if key in s.drawings}
            present: set[str] = set()
            for el_id, ancestors in svg.element_ids.items():
                if el_id in structures:
                    if key not in structures[el_id].drawings:
                        raise _fail(svg_file, el_id,
                                    f"is in the drawing but anatomy.yaml does not list {key!r} "
                                    "for it")
                    nested = [a for a in ancestors if a in structures]
                    if nested:
                        raise _fail(svg_file, el_id, f"structure nested inside {nested[0]!r}")
                    present.add(el_id)
                elif not el_id.startswith("bg_") and not any(a in structures for a in ancestors):
                    raise _fail(svg_file, el_id,
                                "unknown id: not a structure in anatomy.yaml, not inside one, "
                                "and not a bg_ background element")
            missing = sorted(expected - present)
            if missing:
                raise _fail(svg_file, missing[0],
                            f"listed for {key!r} in anatomy.yaml but missing from the drawing")
            for sid in present:
                if not any(s.structure_id == sid for s in svg.shapes):
                    raise _fail(svg_file, sid, "structure element has no shapes")

            order = tuple(dict.fromkeys(s.structure_id for s in svg.shapes if s.structure_id))

            labels: dict[str, Label] = {}
            for sid in order:
                lab = labels_raw.get(sid, {}).get(key)
                if lab is None:
                    continue
                if not isinstance(lab, dict):
                    raise _fail(yfile, sid, f"label for {key!r} must be {{anchor, at}}")
                anchor = _point(lab.get("anchor"), yfile, sid, f"label.{key}.anchor")
                at = _point(lab.get("at"), yfile, sid, f"label.{key}.at")
                shapes = [s for s in svg.shapes if s.structure_id == sid]
                if not any(point_in_shape(s, *anchor) for s in shapes):
                    raise _fail(yfile, sid, f"label anchor for {key!r} is not inside the structure")
                labels[sid] = Label(anchor, at)

            s3 = cranial = None
            levels: dict[str, Segment2] = {}
            if view == "sagittal":
                s3_map = landmarks.get("s3_line") or {}
                if not isinstance(s3_map, dict) or key not in s3_map:
                    raise _fail(yfile, "s3_line", f"landmarks.s3_line needs an entry for {key!r}")
                s3 = _segment(s3_map[key], yfile, "s3_line", f"landmarks.s3_line.{key}")
                cranial = _point(landmarks.get("cranial"), yfile, "cranial", "landmarks.cranial")
                if math.hypot(*cranial) < 1e-9:
                    raise _fail(yfile, "cranial", "landmarks.cranial must not be zero")
                lv_map = (landmarks.get("sacral_levels") or {})
                lv = lv_map.get(key) if isinstance(lv_map, dict) else None
                if not isinstance(lv, dict) or set(lv) != set(LEVELS):
                    raise _fail(yfile, "sacral_levels",
                                f"landmarks.sacral_levels.{key} needs S1, S2, S3, S4 and S5")
                levels = {lvl: _segment(lv[lvl], yfile, "sacral_levels",
                                        f"landmarks.sacral_levels.{key}.{lvl}") for lvl in LEVELS}
            else:   # optional on other views (the view from behind has them)
                lv_map = (landmarks.get("sacral_levels") or {})
                lv = lv_map.get(key) if isinstance(lv_map, dict) else None
                if lv is not None:
                    if not isinstance(lv, dict) or set(lv) != set(LEVELS):
                        raise _fail(yfile, "sacral_levels",
                                    f"landmarks.sacral_levels.{key} needs S1, S2, S3, S4 and S5")
                    levels = {lvl: _segment(lv[lvl], yfile, "sacral_levels",
                                            f"landmarks.sacral_levels.{key}.{lvl}")
                              for lvl in LEVELS}
            return Drawing(key=key, view=view, variant=variant, file=str(svg_file),
                                    shapes=svg.shapes, viewbox=svg.viewbox, labels=labels,
                                    s3_line=s3, cranial=cranial, sacral_levels=levels,
                                    structure_ids=order, scale_px_per_cm=float(scale))

        if specs is not None:
            specs.append((key, view, variant, fname, build))
        if lazy:
            atlas_pending[(view, variant)] = (key, build)
        else:
            drawings[key] = build()
    for view in REQUIRED_VIEWS:
        for variant in VARIANTS:
            if (view, variant) not in seen_pairs:
                raise _fail(yfile, "drawings", f"no {view} drawing for the {variant} variant")
    return Atlas(scale_px_per_cm=float(scale), drawings=drawings, structures=structures,
                 directory=directory, pending=atlas_pending)


# ---------------------------------------------------------------------- parse cache
_CODEC: Codec | None = None


def _codec() -> Codec:
    """The parse cache's whitelist for the atlas: these classes and plain data."""
    global _CODEC
    if _CODEC is None:
        from desktop_app.model.parsecache import Codec

        _CODEC = Codec({Atlas: ("pending",), Structure: (), Label: (), Drawing: (), Shape: ()})
    return _CODEC


def _load_atlas_cached(directory: Path, lazy: bool, cache_dir: str | Path) -> Atlas:
    """:func:`load_atlas` through the parse cache.

    The atlas (structures and the list of drawings) is keyed by the bytes of anatomy.yaml;
    each drawing by those and the bytes of its SVG, and is looked up when the drawing is
    first asked for. A miss parses exactly the bytes that were hashed (anatomy.yaml is parsed
    at most once per call), so what is stored always matches its key."""
    from desktop_app.model import parsecache

    from desktop_app.model.files import FileRefusedError, read_regular

    yfile = directory / YAML_NAME
    try:
        raw = read_regular(yfile, MAX_ATLAS_BYTES)
        text = parsecache.text_of(raw)
    except (FileRefusedError, UnicodeError):
        return _load_atlas(directory, lazy=lazy)  # reports the problem as without a cache
    cache = parsecache.ParseCache(cache_dir)
    codec = _codec()
    where = str(directory)
    yaml_sum = parsecache.sha256(raw)
    builders: dict[str, Any] = {}   # drawing key -> build, from parsing ``text``

    def parse() -> tuple[Atlas, tuple[Any, ...]]:
        specs: list[Any] = []
        atlas = _load_atlas(directory, lazy=True, text=text, specs=specs)
        builders.update((spec[0], spec[4]) for spec in specs)
        return atlas, tuple(spec[:4] for spec in specs)

    def builder(key: str) -> Callable[..., Drawing]:
        if not builders:  # warm atlas, cold drawing: parse anatomy.yaml now (once)
            parse()
        return cast(Callable[..., Drawing], builders[key])

    def cached_build(key: str, fname: str) -> Callable[[], Drawing]:
        def build() -> Drawing:
            try:
                svg_raw = read_regular(directory / fname, MAX_SVG_BYTES)
                svg_text = parsecache.text_of(svg_raw)
            except (FileRefusedError, UnicodeError):
                return builder(key)()  # reports the problem as without a cache
            dkey = cache.key("drawing", [where, yaml_sum, key, fname, parsecache.sha256(svg_raw)])
            slot = cache.slot("drawing", [where, key])
            drawing = cache.load(slot, dkey, codec, Drawing)
            if drawing is parsecache.MISS:
                drawing = builder(key)(svg_text=svg_text)  # errors propagate, nothing stored
                cache.store(slot, dkey, drawing, codec)
            return cast(Drawing, drawing)
        return build

    key = cache.key("atlas", [where, yaml_sum])
    slot = cache.slot("atlas", where)
    stored = cache.load(slot, key, codec, tuple)
    if stored is parsecache.MISS or len(stored) != 2 or not isinstance(stored[0], Atlas):
        atlas, drawing_specs = parse()   # errors propagate; nothing is stored then
        atlas.pending = {}
        cache.store(slot, key, (atlas, drawing_specs), codec)
    else:
        atlas, drawing_specs = stored
    for key_, view, variant, fname in drawing_specs:
        build = cached_build(key_, fname)
        if lazy:
            atlas.pending[(view, variant)] = (key_, build)
        else:
            atlas.drawings[key_] = build()
    return atlas


# --------------------------------------------------------------------------- geometry
_BOXES: dict[int, tuple[list[Point], tuple[float, float, float, float]]] = {}


def _box(poly: list[Point]) -> tuple[float, float, float, float]:
    """The polygon's bounding box (computed once per polygon)."""
    hit = _BOXES.get(id(poly))
    if hit is not None and hit[0] is poly:
        return hit[1]
    if len(_BOXES) >= 16384:
        _BOXES.clear()
    xs, ys = [p[0] for p in poly], [p[1] for p in poly]
    box = (min(xs), min(ys), max(xs), max(ys)) if poly else (0.0, 0.0, -1.0, -1.0)
    _BOXES[id(poly)] = (poly, box)    # holding the polygon keeps its id unique
    return box


def _winding(polys: Iterable[list[Point]], x: float, y: float) -> int:
    """The non-zero winding number of (x, y). A closed polygon adds nothing for a point
    outside its box, so those are skipped unread."""
    wn = 0
    for poly in polys:
        bx0, by0, bx1, by1 = _box(poly)
        if not (bx0 <= x <= bx1 and by0 <= y <= by1):
            continue
        for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
            if y0 <= y < y1 and (x1 - x0) * (y - y0) - (x - x0) * (y1 - y0) > 0:
                wn += 1
            elif y1 <= y < y0 and (x1 - x0) * (y - y0) - (x - x0) * (y1 - y0) < 0:
                wn -= 1
    return wn


def _near_polyline(poly: list[Point], x: float, y: float, r: float) -> bool:
    """Whether (x, y) is within ``r`` of the polyline. Segments whose box, grown by ``r``,
    misses the point are skipped before any arithmetic, and the first near segment ends the
    walk: label layout asks this of ~20,000 points at a PDF's first export (the full
    distance to every segment took ~0.4 s of it)."""
    r2 = r * r
    for (x0, y0), (x1, y1) in zip(poly, poly[1:]):
        if (x < x0 - r and x < x1 - r) or (x > x0 + r and x > x1 + r) \
                or (y < y0 - r and y < y1 - r) or (y > y0 + r and y > y1 + r):
            continue
        dx, dy = x1 - x0, y1 - y0
        L2 = dx * dx + dy * dy  # noqa: N806 - the squared length, as the formula writes it
        t = 0.0 if L2 == 0 else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / L2))
        ex, ey = x - (x0 + t * dx), y - (y0 + t * dy)
        if ex * ex + ey * ey <= r2:
            return True
    return False


_POLYS: dict[int, tuple[Shape, list[list[Point]]]] = {}


def _polylines(shape: Shape) -> list[list[Point]]:
    """The shape flattened once (label layout asks for many points of the same shapes)."""
    hit = _POLYS.get(id(shape))
    if hit is not None and hit[0] is shape:
        return hit[1]
    if len(_POLYS) >= 4096:
        _POLYS.clear()
    polys = sample_segments(shape.segments)
    _POLYS[id(shape)] = (shape, polys)    # holding the shape keeps its id unique
    return polys


def point_in_shape(shape: Shape, x: float, y: float, *, min_line: float = 0.0) -> bool:
    """True when (x, y) is inside the filled area (non-zero rule) or on the stroke.

    ``min_line``: a shape drawn as a line only (no fill) counts as at least this wide, so a
    pointer can find it (the diagram uses 6 units).
    """
    polys = _polylines(shape)
    filled = bool(shape.fill) and shape.fill_opacity > 0
    if filled and _winding(polys, x, y) != 0:
        return True
    if shape.stroke and shape.stroke_width > 0:
        half = (shape.stroke_width if filled else max(shape.stroke_width, min_line)) / 2.0
        return any(_near_polyline(p, x, y, half) for p in polys)
    return False


_BOUNDS: dict[int, tuple[Drawing, tuple[tuple[float, float, float, float], ...]]] = {}


def shape_bounds(drawing: Drawing) -> tuple[tuple[float, float, float, float], ...]:
    """``Shape.bounds()`` of every shape of ``drawing``, in paint order, computed once per
    drawing object (the atlas keeps its drawings for the life of the app)."""
    hit = _BOUNDS.get(id(drawing))
    if hit is not None and hit[0] is drawing:
        return hit[1]
    if len(_BOUNDS) >= 16:
        _BOUNDS.clear()
    bounds = tuple(shape.bounds() for shape in drawing.shapes)
    _BOUNDS[id(drawing)] = (drawing, bounds)   # holding the drawing keeps its id unique
    return bounds


def structure_at(drawing: Drawing, x: float, y: float, *, min_line: float = 0.0) -> str | None:
    """The structure painted topmost at (x, y), or None (background / nothing).

    Each shape's control-polygon box (padded by half its line) is tested first: most shapes
    are far from the point, and the box is a safe superset of what :func:`point_in_shape`
    finds.
    """
    for shape, (x0, y0, x1, y1) in zip(reversed(drawing.shapes),
                                        reversed(shape_bounds(drawing))):
        pad = max(shape.stroke_width, min_line) / 2 if shape.stroke else 0.0
        if x0 - pad <= x <= x1 + pad and y0 - pad <= y <= y1 + pad \
                and point_in_shape(shape, x, y, min_line=min_line):
            return shape.structure_id
    return None


# ----------------------------------------------------------------------- approach aid
@dataclass(frozen=True)
class ApproachSuggestion:
    kind: str          # "posterior" | "anterior" | "combined"
    reason: str
    above_cm: float    # how far the lesion's cranial edge lies above the S3 line (negative: below)
    below_cm: float    # how far its caudal edge lies below the S3 line (negative: above)


def approach_for(drawing: Drawing, lesion: Any, *,
                 eps: float = 1e-3) -> ApproachSuggestion | None:
    """Compare a lesion ellipse with the S3 line of a sagittal drawing.

    ``lesion`` has ``cx, cy, rx, ry`` (diagram units) and ``rotation`` (degrees, clockwise on
    screen, i.e. Qt's y-down convention). The ellipse's extent is projected on the normal of the
    S3 line, oriented toward the head by ``drawing.cranial``. Touching the line counts as not
    crossing it. Returns None for drawings without an S3 line (axial views).

    A discussion aid for the surgeon to confirm, never an instruction.
    """
    if drawing.s3_line is None or drawing.cranial is None:
        return None
    (x1, y1), (x2, y2) = drawing.s3_line
    lx, ly = x2 - x1, y2 - y1
    length = math.hypot(lx, ly)
    nx, ny = -ly / length, lx / length
    if nx * drawing.cranial[0] + ny * drawing.cranial[1] < 0:
        nx, ny = -nx, -ny
    phi = math.radians(float(getattr(lesion, "rotation", 0.0) or 0.0))
    ux, uy = math.cos(phi), math.sin(phi)      # the rx axis after rotation
    vx, vy = -math.sin(phi), math.cos(phi)     # the ry axis after rotation
    rx, ry = abs(float(lesion.rx)), abs(float(lesion.ry))
    half = math.hypot(rx * (ux * nx + uy * ny), ry * (vx * nx + vy * ny))
    centre = (float(lesion.cx) - x1) * nx + (float(lesion.cy) - y1) * ny
    top, bottom = centre + half, centre - half          # cranial-most / caudal-most offsets
    scale = drawing.scale_px_per_cm
    above_cm, below_cm = top / scale, -bottom / scale
    if top <= eps:
        reason = (f"The whole lesion lies below the S3 level (its upper edge is "
                  f"{distance_words(above_cm)} below it); a posterior (from behind) approach is "
                  "usually considered.")
        kind = "posterior"
    elif bottom >= -eps:
        reason = (f"The whole lesion lies above the S3 level (its lower edge is "
                  f"{distance_words(below_cm)} above it); an anterior (abdominal) approach is "
                  "usually considered.")
        kind = "anterior"
    else:
        reason = (f"The lesion crosses the S3 level (from {distance_words(below_cm)} below it to "
                  f"{distance_words(above_cm)} above it); a combined (abdominal and from behind) "
                  "approach is usually considered.")
        kind = "combined"
    # The level is only one of the things that decide the way in; the aid says so every time.
    reason += (" Level is not the only guide: some series use S4, and suspected cancer or "
               "involvement of bone, vessels, nerves or other organs also decide the approach.")
    return ApproachSuggestion(kind=kind, reason=reason, above_cm=above_cm, below_cm=below_cm)



def approach_in(atlas: Any, variant: str, lesion: Any) -> ApproachSuggestion | None:
    """The S3 aid for a lesion of a consultation drawn on ``variant``'s sagittal drawing; None
    for a lesion on the axial view or on a key image, or without an atlas."""
    if atlas is None or lesion.view != "sagittal":
        return None
    try:
        drawing = atlas.drawing("sagittal", variant)
    except KeyError:
        return None
    return approach_for(drawing, lesion)


# ------------------------------------------------------------------------ label layout
def anatomy_box(drawing: Drawing) -> tuple[float, float, float, float]:
    """The box of everything painted, within the view box (diagram units)."""
    vx, vy, vw, vh = drawing.viewbox
    b = shape_bounds(drawing)
    if not b:
        return (vx, vy, vx + vw, vy + vh)
    return (max(min(t[0] for t in b), vx), max(min(t[1] for t in b), vy),
            min(max(t[2] for t in b), vx + vw), min(max(t[3] for t in b), vy + vh))


def structure_box(drawing: Drawing, structure_id: str) -> tuple[float, float, float, float]:
    """The box of one structure's shapes (diagram units)."""
    b = [bx for shape, bx in zip(drawing.shapes, shape_bounds(drawing))
         if shape.structure_id == structure_id]
    if not b:
        return (0.0, 0.0, 0.0, 0.0)
    return (min(t[0] for t in b), min(t[1] for t in b), max(t[2] for t in b),
            max(t[3] for t in b))


def label_specs(drawing: Drawing, text_for: Callable[[str], str]) -> list[LabelSpec]:
    """The drawing's structure labels for ``model.label_layout`` (those with a text)."""
    out = []
    for sid, label in drawing.labels.items():
        text = text_for(sid)
        if text:
            out.append(LabelSpec(sid, text, label.anchor, label.at))
    return out



_INSIDE: dict[tuple[int, str], tuple[Drawing, list[Point]]] = {}
ANCHOR_GRID = 200      # about this many points tried over a structure's box


def _painted_top(drawing: Drawing, x: float, y: float, min_line: float) -> str | None:
    """:func:`structure_at` without the outline band of filled shapes (about a unit wide):
    enough to find points well inside a structure, and many times faster (the distance to
    an outline is the costly part)."""
    for shape, (x0, y0, x1, y1) in zip(reversed(drawing.shapes),
                                        reversed(shape_bounds(drawing))):
        filled = bool(shape.fill) and shape.fill_opacity > 0
        pad = 0.0 if filled else max(shape.stroke_width, min_line) / 2
        if not (x0 - pad <= x <= x1 + pad and y0 - pad <= y <= y1 + pad):
            continue
        polys = _polylines(shape)
        if filled:
            if _winding(polys, x, y) != 0:
                return shape.structure_id
        elif shape.stroke and shape.stroke_width > 0 and \
                any(_near_polyline(poly, x, y, pad) for poly in polys):
            return shape.structure_id
    return None


def inside_points(drawing: Drawing, structure_id: str, *,
                  min_line: float = 6.0) -> list[Point]:
    """Points of a grid over a structure where it is the one painted on top: where a leader
    can start instead of the label's own anchor (computed once per drawing and structure)."""
    key = (id(drawing), structure_id)
    hit = _INSIDE.get(key)
    if hit is not None and hit[0] is drawing:
        return hit[1]
    x0, y0, x1, y1 = structure_box(drawing, structure_id)
    step = max(2.0, math.sqrt(max((x1 - x0) * (y1 - y0), 1.0) / ANCHOR_GRID))
    pts = [(x0 + (i + 0.5) * step, y0 + (j + 0.5) * step)
           for i in range(int((x1 - x0) / step)) for j in range(int((y1 - y0) / step))]
    pts = [p for p in pts if _painted_top(drawing, p[0], p[1], min_line) == structure_id]
    if len(_INSIDE) >= 256:
        _INSIDE.clear()
    _INSIDE[key] = (drawing, pts)
    return pts
