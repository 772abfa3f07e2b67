"""Read the small SVG subset of the anatomy drawings into plain shapes.

Pure Python (no Qt): the Qt diagram and the reportlab PDF both draw from these shapes, so the
screen and the printout look the same.

Supported subset
    root ``<svg viewBox="x y w h">``; ``<g id>`` groups without transforms; ``<path d>`` with the
    commands M L H V C S Q T Z (absolute and relative; no arcs); ``<circle>``, ``<ellipse>``,
    ``<rect>`` (optionally rounded), ``<polygon>``, ``<polyline>``, ``<line>``; presentation
    *attributes* fill, stroke, stroke-width, fill-opacity, stroke-opacity, opacity,
    stroke-dasharray, stroke-linejoin, stroke-linecap. ``<title>``/``<desc>``/``<metadata>`` are
    ignored. Anything else (transforms, ``style=``, text, images, gradients, filters, masks,
    clip paths, ``<use>``) raises :class:`AnatomyError` naming the file and the element.

Every shape comes out as absolute segments ``('M', x, y)``, ``('L', x, y)``,
``('C', x1, y1, x2, y2, x, y)`` and ``('Z',)``; quadratic curves are raised to cubics exactly.
Group ``opacity`` is folded into the fill and stroke opacities of the shapes inside it. Fills
use the SVG default non-zero winding rule (Qt: ``WindingFill``; PDF: ``f``); ``fill-rule`` is
not supported, so draw holes as separate shapes on top.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # ElementTree (~3 ms) is imported when a drawing is parsed
    import xml.etree.ElementTree as ET

SVG_NS = "{http://www.w3.org/2000/svg}"
# Kappa for approximating a quarter circle with one cubic Bezier.
KAPPA = 0.5522847498307936

Segment = tuple[Any, ...]  # (command letter, numbers...)


class AnatomyError(ValueError):
    """The anatomy atlas (an SVG drawing or anatomy.yaml) is invalid.

    ``file`` is the file name, ``element`` the element / structure id (or ``None``), ``problem``
    a plain description.
    """

    def __init__(self, file: str | Path, element: str | None, problem: str):
        self.file = str(file)
        self.element = element
        self.problem = problem
        where = f"{Path(self.file).name}"
        if element:
            where += f": '{element}'"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Shape:
    """One drawable element, in document (= paint) order."""

    element_id: str | None
    structure_id: str | None
    segments: tuple[Segment, ...]
    fill: str | None = "#000000"      # '#rrggbb' or None
    stroke: str | None = None
    stroke_width: float = 1.0
    fill_opacity: float = 1.0
    stroke_opacity: float = 1.0
    dasharray: tuple[float, ...] | None = None
    linejoin: str = "miter"
    linecap: str = "butt"

    def bounds(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the control polygon (a safe superset of the shape)."""
        xs: list[float] = []
        ys: list[float] = []
        for seg in self.segments:
            xs.extend(seg[1::2])
            ys.extend(seg[2::2])
        return (min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True)
class SvgDrawing:
    file: str
    viewbox: tuple[float, float, float, float]
    shapes: tuple[Shape, ...]
    # every element id in the file -> its ancestor ids, innermost first
    element_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)


# ------------------------------------------------------------------------------ helpers
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtZzAa]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[,\s]+|.")
_ARGS = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "Z": 0}

_NAMED_COLOURS = {"black": "#000000", "white": "#ffffff", "none": None, "transparent": None}

_ALLOWED_ATTRS = {
    "id", "fill", "stroke", "stroke-width", "fill-opacity", "stroke-opacity", "opacity",
    "stroke-dasharray", "stroke-linejoin", "stroke-linecap", "stroke-miterlimit",
    "d", "cx", "cy", "r", "rx", "ry", "x", "y", "width", "height", "points",
    "x1", "y1", "x2", "y2", "viewBox", "version", "xmlns", "class",
    "preserveAspectRatio",
}
_INHERITED = ("fill", "stroke", "stroke-width", "fill-opacity", "stroke-opacity",
              "stroke-dasharray", "stroke-linejoin", "stroke-linecap")
_FORBIDDEN_ATTRS = {
    "transform": "transforms are not supported (bake coordinates into the path)",
    "style": "style= is not supported (use presentation attributes)",
    "clip-path": "clip paths are not supported",
    "mask": "masks are not supported",
    "filter": "filters are not supported",
}
_SHAPE_TAGS = {"path", "circle", "ellipse", "rect", "polygon", "polyline", "line"}
_IGNORED_TAGS = {"title", "desc", "metadata"}


def _local(tag: str) -> str:
    if tag.startswith(SVG_NS):
        return tag[len(SVG_NS):]
    if tag.startswith("{"):
        return "\0" + tag  # foreign namespace: never allowed
    return tag


def _fmt_attr(name: str) -> str:
    if name.startswith("{"):
        return name.split("}", 1)[1]
    return name


class _Ctx:
    def __init__(self, file: str, element: str | None):
        self.file = file
        self.element = element

    def fail(self, problem: str) -> AnatomyError:
        return AnatomyError(self.file, self.element, problem)


def _parse_float(ctx: _Ctx, value: str | None, what: str, default: float | None = None) -> float:
    if value is None:
        if default is None:
            raise ctx.fail(f"missing attribute {what}")
        return default
    text = value.strip()
    if text.endswith("px"):
        text = text[:-2]
    try:
        number = float(text)
    except ValueError:
        raise ctx.fail(f"{what}={value!r} is not a plain number") from None
    if not math.isfinite(number):
        raise ctx.fail(f"{what} is not finite")
    return number


def parse_colour(ctx: _Ctx, value: str, what: str) -> str | None:
    text = value.strip().lower()
    if text in _NAMED_COLOURS:
        return _NAMED_COLOURS[text]
    if re.fullmatch(r"#[0-9a-f]{6}", text):
        return text
    if re.fullmatch(r"#[0-9a-f]{3}", text):
        return "#" + "".join(c * 2 for c in text[1:])
    raise ctx.fail(f"{what}={value!r}: only #rgb, #rrggbb, black, white or none are supported")


def _numbers(ctx: _Ctx, text: str, what: str) -> list[float]:
    cleaned = text.replace(",", " ")
    found = _NUMBER.findall(cleaned)
    rest = _NUMBER.sub(" ", cleaned).strip()
    if rest:
        raise ctx.fail(f"{what} holds something other than numbers: {rest[:20]!r}")
    return [float(x) for x in found]


# ------------------------------------------------------------------------- path data
def parse_path_data(d: str, file: str = "<svg>", element: str | None = None) -> tuple[Segment, ...]:
    """Normalise SVG path data to absolute M/L/C/Z segments."""
    ctx = _Ctx(file, element)
    tokens: list[str] = []
    for tok in _TOKEN.findall(d):
        if tok.strip(", \t\r\n") == "":
            continue
        if tok in "Aa":
            raise ctx.fail("path arcs (A/a) are not supported; use cubic curves")
        if len(tok) == 1 and tok.isalpha() and tok.upper() not in _ARGS:
            raise ctx.fail(f"unknown path command {tok!r}")
        if len(tok) == 1 and not tok.isalpha() and not _NUMBER.fullmatch(tok):
            raise ctx.fail(f"unexpected character {tok!r} in path data")
        tokens.append(tok)

    segs: list[Segment] = []
    i = 0
    cx = cy = 0.0           # current point
    sx = sy = 0.0           # subpath start
    last_ctrl: tuple[float, float] | None = None   # for S (cubic reflection)
    last_qctrl: tuple[float, float] | None = None  # for T (quadratic reflection)
    cmd: str | None = None
    have_subpath = False

    def take(n: int) -> list[float]:
        nonlocal i
        if i + n > len(tokens):
            raise ctx.fail(f"path command {cmd!r} is missing numbers")
        vals = tokens[i:i + n]
        for v in vals:
            if v.isalpha():
                raise ctx.fail(f"path command {cmd!r} is missing numbers")
        i += n
        return [float(v) for v in vals]

    def quad_to_cubic(x0: float, y0: float, qx: float, qy: float, x: float,
                      y: float) -> Segment:
        return ("C", x0 + 2.0 / 3.0 * (qx - x0), y0 + 2.0 / 3.0 * (qy - y0),
                x + 2.0 / 3.0 * (qx - x), y + 2.0 / 3.0 * (qy - y), x, y)

    while i < len(tokens):
        tok = tokens[i]
        if tok.isalpha():
            cmd = tok
            i += 1
            if cmd in "Zz":
                if not have_subpath:
                    raise ctx.fail("path closes before it starts")
                segs.append(("Z",))
                cx, cy = sx, sy
                last_ctrl = last_qctrl = None
                continue
        elif cmd is None:
            raise ctx.fail("path data must start with a move command")
        elif cmd in "Zz":
            raise ctx.fail("numbers after a close command")
        if not have_subpath and cmd not in "Mm":
            raise ctx.fail("path data must start with a move command")
        up = cmd.upper()
        rel = cmd.islower()
        args = take(_ARGS[up])
        ox, oy = (cx, cy) if rel else (0.0, 0.0)
        new_ctrl = new_qctrl = None
        if up == "M":
            cx, cy = args[0] + ox, args[1] + oy
            sx, sy = cx, cy
            segs.append(("M", cx, cy))
            have_subpath = True
            cmd = "l" if rel else "L"  # implicit lineto for following pairs
        elif up == "L":
            cx, cy = args[0] + ox, args[1] + oy
            segs.append(("L", cx, cy))
        elif up == "H":
            cx = args[0] + (ox if rel else 0.0)
            segs.append(("L", cx, cy))
        elif up == "V":
            cy = args[0] + (oy if rel else 0.0)
            segs.append(("L", cx, cy))
        elif up == "C":
            x1, y1, x2, y2, x, y = (args[0] + ox, args[1] + oy, args[2] + ox, args[3] + oy,
                                    args[4] + ox, args[5] + oy)
            segs.append(("C", x1, y1, x2, y2, x, y))
            new_ctrl = (x2, y2)
            cx, cy = x, y
        elif up == "S":
            if last_ctrl is None:
                x1, y1 = cx, cy
            else:
                x1, y1 = 2 * cx - last_ctrl[0], 2 * cy - last_ctrl[1]
            x2, y2, x, y = args[0] + ox, args[1] + oy, args[2] + ox, args[3] + oy
            segs.append(("C", x1, y1, x2, y2, x, y))
            new_ctrl = (x2, y2)
            cx, cy = x, y
        elif up == "Q":
            qx, qy, x, y = args[0] + ox, args[1] + oy, args[2] + ox, args[3] + oy
            segs.append(quad_to_cubic(cx, cy, qx, qy, x, y))
            new_qctrl = (qx, qy)
            cx, cy = x, y
        elif up == "T":
            if last_qctrl is None:
                qx, qy = cx, cy
            else:
                qx, qy = 2 * cx - last_qctrl[0], 2 * cy - last_qctrl[1]
            x, y = args[0] + ox, args[1] + oy
            segs.append(quad_to_cubic(cx, cy, qx, qy, x, y))
            new_qctrl = (qx, qy)
            cx, cy = x, y
        last_ctrl, last_qctrl = new_ctrl, new_qctrl
    if not segs:
        raise ctx.fail("empty path data")
    return tuple(segs)


# ------------------------------------------------------------------- basic shapes
def ellipse_segments(cx: float, cy: float, rx: float, ry: float) -> tuple[Segment, ...]:
    kx, ky = rx * KAPPA, ry * KAPPA
    return (
        ("M", cx + rx, cy),
        ("C", cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry),
        ("C", cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy),
        ("C", cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry),
        ("C", cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy),
        ("Z",),
    )


def rect_segments(x: float, y: float, w: float, h: float, rx: float = 0.0,
                  ry: float = 0.0) -> tuple[Segment, ...]:
    rx = min(rx, w / 2.0)
    ry = min(ry, h / 2.0)
    if rx <= 0 or ry <= 0:
        return (("M", x, y), ("L", x + w, y), ("L", x + w, y + h), ("L", x, y + h), ("Z",))
    kx, ky = rx * KAPPA, ry * KAPPA
    r, b = x + w, y + h
    return (
        ("M", x + rx, y), ("L", r - rx, y),
        ("C", r - rx + kx, y, r, y + ry - ky, r, y + ry), ("L", r, b - ry),
        ("C", r, b - ry + ky, r - rx + kx, b, r - rx, b), ("L", x + rx, b),
        ("C", x + rx - kx, b, x, b - ry + ky, x, b - ry), ("L", x, y + ry),
        ("C", x, y + ry - ky, x + rx - kx, y, x + rx, y), ("Z",),
    )


def _element_segments(ctx: _Ctx, tag: str, el: ET.Element) -> tuple[Segment, ...]:
    a = el.attrib
    if tag == "path":
        d = a.get("d")
        if not d:
            raise ctx.fail("path without d")
        return parse_path_data(d, ctx.file, ctx.element)
    if tag == "circle":
        r = _parse_float(ctx, a.get("r"), "r")
        if r <= 0:
            raise ctx.fail("circle radius must be positive")
        return ellipse_segments(_parse_float(ctx, a.get("cx"), "cx", 0.0),
                                _parse_float(ctx, a.get("cy"), "cy", 0.0), r, r)
    if tag == "ellipse":
        rx = _parse_float(ctx, a.get("rx"), "rx")
        ry = _parse_float(ctx, a.get("ry"), "ry")
        if rx <= 0 or ry <= 0:
            raise ctx.fail("ellipse radii must be positive")
        return ellipse_segments(_parse_float(ctx, a.get("cx"), "cx", 0.0),
                                _parse_float(ctx, a.get("cy"), "cy", 0.0), rx, ry)
    if tag == "rect":
        w = _parse_float(ctx, a.get("width"), "width")
        h = _parse_float(ctx, a.get("height"), "height")
        if w <= 0 or h <= 0:
            raise ctx.fail("rect width and height must be positive")
        rx_attr = a.get("rx")
        ry_attr = a.get("ry")
        rxv = _parse_float(ctx, rx_attr, "rx") if rx_attr is not None else None
        ryv = _parse_float(ctx, ry_attr, "ry") if ry_attr is not None else None
        if rxv is None:
            rxv = ryv or 0.0
        if ryv is None:
            ryv = rxv
        return rect_segments(_parse_float(ctx, a.get("x"), "x", 0.0),
                             _parse_float(ctx, a.get("y"), "y", 0.0), w, h, rxv, ryv)
    if tag in ("polygon", "polyline"):
        nums = _numbers(ctx, a.get("points", ""), "points")
        if len(nums) < 4 or len(nums) % 2:
            raise ctx.fail("points needs at least two x,y pairs")
        segs: list[Segment] = [("M", nums[0], nums[1])]
        segs += [("L", nums[k], nums[k + 1]) for k in range(2, len(nums), 2)]
        if tag == "polygon":
            segs.append(("Z",))
        return tuple(segs)
    if tag == "line":
        return (("M", _parse_float(ctx, a.get("x1"), "x1", 0.0),
                 _parse_float(ctx, a.get("y1"), "y1", 0.0)),
                ("L", _parse_float(ctx, a.get("x2"), "x2", 0.0),
                 _parse_float(ctx, a.get("y2"), "y2", 0.0)))
    raise ctx.fail(f"unsupported element <{tag}>")  # pragma: no cover


# ------------------------------------------------------------------------- document
def _style(ctx: _Ctx, attrs: dict[str, str],
           inherited: dict[str, Any]) -> dict[str, Any]:
    style = dict(inherited)
    for name in _INHERITED:
        if name in attrs:
            style[name] = attrs[name]
    style["opacity"] = inherited.get("opacity", 1.0) * _opacity(ctx, attrs.get("opacity"),
                                                                "opacity")
    return style


def _opacity(ctx: _Ctx, value: str | None, what: str) -> float:
    if value is None:
        return 1.0
    number = _parse_float(ctx, value, what)
    if not 0.0 <= number <= 1.0:
        raise ctx.fail(f"{what} must be between 0 and 1")
    return number


def _make_shape(ctx: _Ctx, element_id: str | None, structure_id: str | None,
                segments: tuple[Segment, ...], style: dict[str, Any]) -> Shape:
    fill = parse_colour(ctx, style.get("fill", "#000000"), "fill")
    stroke_raw = style.get("stroke", "none")
    stroke = parse_colour(ctx, stroke_raw, "stroke")
    width = _parse_float(ctx, style.get("stroke-width", "1"), "stroke-width")
    if width < 0:
        raise ctx.fail("stroke-width must not be negative")
    dash_raw = style.get("stroke-dasharray", "none").strip()
    dash: tuple[float, ...] | None = None
    if dash_raw and dash_raw != "none":
        values = _numbers(ctx, dash_raw, "stroke-dasharray")
        if not values or any(v < 0 for v in values) or sum(values) <= 0:
            raise ctx.fail("stroke-dasharray needs positive numbers")
        if len(values) % 2:
            values = values * 2
        dash = tuple(values)
    join = style.get("stroke-linejoin", "miter").strip()
    if join not in ("miter", "round", "bevel"):
        raise ctx.fail(f"stroke-linejoin={join!r} is not supported")
    cap = style.get("stroke-linecap", "butt").strip()
    if cap not in ("butt", "round", "square"):
        raise ctx.fail(f"stroke-linecap={cap!r} is not supported")
    opacity = style.get("opacity", 1.0)
    return Shape(
        element_id=element_id, structure_id=structure_id, segments=segments,
        fill=fill, stroke=stroke, stroke_width=width,
        fill_opacity=_opacity(ctx, style.get("fill-opacity"), "fill-opacity") * opacity,
        stroke_opacity=_opacity(ctx, style.get("stroke-opacity"), "stroke-opacity") * opacity,
        dasharray=dash, linejoin=join, linecap=cap,
    )


MAX_SVG_BYTES = 4 * 1024 * 1024  # the shipped drawings are ~40 KB


def read_text(path: Path, limit: int, what: str) -> str:
    """The UTF-8 text of an atlas file (universal newlines, as ``Path.read_text``), read by
    the app's one reading rule (:mod:`desktop_app.model.files`); AnatomyError otherwise."""
    from desktop_app.model.files import FileRefusedError, read_regular

    try:
        raw = read_regular(path, limit)
    except FileRefusedError as exc:
        raise AnatomyError(str(path), None, f"cannot read {what}: it {exc.reason}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise AnatomyError(str(path), None, f"cannot read {what}: it is not UTF-8 text") \
            from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_svg(source: str | Path, structure_ids: Iterable[str] = (), *,
              text: str | None = None) -> SvgDrawing:
    """Parse one drawing.

    ``structure_ids`` are the ids that name anatomical structures (the keys of anatomy.yaml);
    each shape's ``structure_id`` is its nearest ancestor-or-self id among them. ``text``, when
    given, is parsed instead of reading ``source`` (which then only names the file in errors).
    """
    import xml.etree.ElementTree as ET

    file = str(source)
    known = set(structure_ids)
    if text is None:
        text = read_text(Path(source), MAX_SVG_BYTES, "the drawing")
    if "<!ENTITY" in text or "<!DOCTYPE" in text:
        raise AnatomyError(file, None, "DOCTYPE / entity declarations are not allowed")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise AnatomyError(file, None, f"not well-formed XML ({exc})") from None
    if _local(root.tag) != "svg":
        raise AnatomyError(file, None, "the root element is not <svg>")
    ctx = _Ctx(file, None)
    vb = root.attrib.get("viewBox")
    if not vb:
        raise ctx.fail("the <svg> root needs a viewBox")
    vals = _numbers(ctx, vb, "viewBox")
    if len(vals) != 4 or vals[2] <= 0 or vals[3] <= 0:
        raise ctx.fail("viewBox must be four numbers with a positive width and height")
    viewbox = (vals[0], vals[1], vals[2], vals[3])

    shapes: list[Shape] = []
    element_ids: dict[str, tuple[str, ...]] = {}

    def walk(el: ET.Element, ancestors: tuple[str, ...], inherited: dict[str, Any],
             is_root: bool) -> None:
        tag = _local(el.tag)
        el_id = el.attrib.get("id")
        ectx = _Ctx(file, el_id or (ancestors[0] + " > <" + tag + ">" if ancestors else
                                    "<" + tag + ">"))
        if tag in _IGNORED_TAGS:
            return
        if tag.startswith("\0"):
            raise ectx.fail(f"element {el.tag} from another namespace is not supported")
        if not is_root and tag != "g" and tag not in _SHAPE_TAGS:
            raise ectx.fail(f"<{tag}> is not supported (only g, path, circle, ellipse, rect, "
                            "polygon, polyline, line)")
        for name in el.attrib:
            plain = _fmt_attr(name)
            if plain in _FORBIDDEN_ATTRS:
                raise ectx.fail(_FORBIDDEN_ATTRS[plain])
            if name.startswith("{") or plain not in _ALLOWED_ATTRS:
                if name.startswith("{http://www.w3.org/XML/1998/namespace}"):
                    continue
                raise ectx.fail(f"attribute {plain!r} is not supported")
        if el_id is not None:
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", el_id):
                raise ectx.fail("ids must be plain names (letters, digits, _ and -)")
            if el_id in element_ids:
                raise ectx.fail("duplicate id")
            element_ids[el_id] = ancestors
        style = _style(ectx, el.attrib, inherited)
        chain = ((el_id,) + ancestors) if el_id else ancestors
        if tag in _SHAPE_TAGS:
            if len(el):
                for child in el:
                    if _local(child.tag) not in _IGNORED_TAGS:
                        raise ectx.fail(f"<{tag}> must not contain other elements")
            segments = _element_segments(ectx, tag, el)
            structure = next((i for i in chain if i in known), None)
            shapes.append(_make_shape(ectx, el_id, structure, segments, style))
            return
        for child in el:
            walk(child, chain, style, False)

    walk(root, (), {}, True)
    if not shapes:
        raise ctx.fail("the drawing has no shapes")
    return SvgDrawing(file=file, viewbox=viewbox, shapes=tuple(shapes), element_ids=element_ids)


def sample_segments(segments: Iterable[Segment],
                    steps: int = 16) -> list[list[tuple[float, float]]]:
    """Flatten segments to polylines (one per subpath); handy for tests and hit checks."""
    polys: list[list[tuple[float, float]]] = []
    cur: list[tuple[float, float]] = []
    px = py = 0.0
    for seg in segments:
        op = seg[0]
        if op == "M":
            if cur:
                polys.append(cur)
            px, py = seg[1], seg[2]
            cur = [(px, py)]
        elif op == "L":
            px, py = seg[1], seg[2]
            cur.append((px, py))
        elif op == "C":
            x1, y1, x2, y2, x, y = seg[1:]
            for k in range(1, steps + 1):
                t = k / steps
                u = 1 - t
                a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
                cur.append((a * px + b * x1 + c * x2 + d * x, a * py + b * y1 + c * y2 + d * y))
            px, py = x, y
        elif op == "Z":
            if cur:
                cur.append(cur[0])
                px, py = cur[0]
    if cur:
        polys.append(cur)
    return polys
