"""The view from behind: the patient's lower back and buttocks, with the bones under the skin.

Imported by gen_anatomy.py (which writes the SVGs and anatomy.yaml). Original drawing: every
coordinate is written by hand in centimetres, x from the midline (the patient's left on the
image left, as when standing behind the patient), y down from the top of the drawing.

What a surgeon shows on it is where a posterior (parasacral / Kraske-type) incision goes, so the
landmarks are those felt through the skin: the tailbone at the top of the fold between the
buttocks (natal cleft), the sacrum above it between the two dimples over the back of the hip
bones, the iliac crests. The bones are drawn translucent over the skin (a "see-through" view),
with the sacrum's five segments (about 2.8, 2.4, 2.1, 1.8, 1.5 cm, as in the side view) and its
four pairs of back openings.
"""

from __future__ import annotations

from geom import Fmt, interp

SCALE = 20.0
PO_OX, PO_OY, PO_W, PO_H = 27.0, 0.0, 54.0, 34.0

SKIN, SKIN_LINE = "#f8efe7", "#c9a48f"
SKIN_SHADE = "#f2e0d3"
CLEFT, CLEFT_LINE = "#dcbba7", "#a77c66"
BONE, BONE_LINE = "#efe6d2", "#8f7c5a"
BONE_DARK = "#d9c9a5"
BONE_OPACITY = "0.75"

# the sacrum from behind: top (base, S1) at y 12, segment junctions, apex at the S5 bottom
SACRUM_TOP = 12.0
JUNCTIONS = [12.0, 14.8, 17.2, 19.3, 21.1, 22.6]
SACRUM_HALF = interp([(12.0, 5.3), (14.8, 4.6), (17.2, 3.4), (19.3, 2.3), (21.1, 1.45),
                      (22.6, 0.85)])
COCCYX = [(22.6, 0.8), (23.8, 0.65), (24.9, 0.5), (25.9, 0.3)]
CLEFT_TOP, CLEFT_BOTTOM = 21.6, 30.4


def _body(variant: str) -> list:
    """Right half of the skin outline, from the top midline round to the crotch."""
    if variant == "female":
        side = [(13.2, 0.0, "c"), (12.4, 4.0), (14.2, 9.5), (17.2, 15.5), (18.2, 19.5),
                (17.8, 25.0), (16.6, 34.0, "c")]
    else:
        side = [(14.6, 0.0, "c"), (14.2, 4.0), (15.0, 9.5), (16.4, 15.5), (16.9, 19.5),
                (16.4, 25.0), (15.2, 34.0, "c")]
    return [(0.0, 0.0, "c")] + side + [(2.0, 34.0, "c"), (1.1, 31.6), (0.0, 30.9, "c")]


def _mirror(pts):
    return [(-p[0], p[1], *p[2:]) for p in pts]


def _closed_sym(right_half):
    left = list(reversed(_mirror(right_half)))[1:-1]
    return right_half + left


def _buttock(variant: str) -> list:
    """The right buttock (image right), from the top of the cleft round the outside."""
    out = 17.4 if variant == "female" else 16.2
    return [(0.35, CLEFT_TOP, "c"), (2.6, 17.8), (6.5, 15.6), (11.5, 15.6), (out - 1.2, 18.0),
            (out, 22.5), (out - 1.0, 27.5), (12.5, 30.9), (7.0, 31.6), (2.6, 31.0),
            (0.6, CLEFT_BOTTOM), (0.3, 26.0)]


def _lower_back(variant: str, body) -> list:
    """The skin above the buttocks: the body outline down to the buttocks' upper edge."""
    top = body[1][0]
    waist = body[2]
    hip = body[3]
    right = [(top - 0.15, 0.15, "c"), (waist[0] - 0.15, waist[1]), (hip[0] - 0.2, hip[1]),
             (hip[0] + 1.6 if variant == "female" else hip[0] + 0.9, 15.2, "c"),
             (11.5, 15.3), (6.5, 15.3), (2.6, 17.5)]
    return [(0.0, 0.15, "c")] + right + [(0.0, CLEFT_TOP - 0.3, "c")] + \
        list(reversed(_mirror(right)))


def _sacrum() -> list:
    right = [(SACRUM_HALF(y), y) for y in (12.6, 14.8, 17.2, 19.3, 21.1)]
    top = [(0.0, 12.35), (2.4, 11.95), (4.6, 11.7), (5.5, 12.1, "c")]
    bottom = [(0.85, 22.6, "c"), (0.0, 22.75)]
    half = top + right + bottom
    return [(p[0], p[1], *p[2:]) for p in half] + list(reversed(_mirror(half)))[1:-1]


def _coccyx() -> list:
    right = [(w, y) for y, w in COCCYX]
    right[0] = (*right[0], "c")
    return [(0.0, 22.55, "c")] + right + [(0.0, 26.2, "c")] + \
        list(reversed(_mirror(right)))


def _iliac_wing() -> list:
    """The right hip bone's back (the ilium), from the joint with the sacrum round the crest."""
    return [(5.3, 12.3, "c"), (5.0, 10.0), (6.4, 7.8), (9.4, 6.6), (12.6, 7.4), (14.2, 9.6),
            (13.8, 12.6), (12.0, 15.6), (9.8, 18.2, "c"), (7.8, 17.6), (6.0, 16.8),
            (4.1, 16.0, "c"), (4.6, 13.6)]


def _vertebra(top: float, height: float) -> list:
    """A lumbar vertebra from behind: the arch with its transverse processes."""
    b = top + height
    half = [(0.0, top, "c"), (1.6, top + 0.1), (2.4, top + 0.55, "c"), (4.3, top + 0.7, "c"),
            (4.5, top + 1.35, "c"), (2.4, top + 1.55, "c"), (2.2, b - 0.2), (0.9, b, "c"),
            (0.0, b + 0.15, "c")]
    return half + list(reversed(_mirror(half)))[1:-1]


def build_posterior(variant: str, svg_cls) -> str:
    f = Fmt(SCALE, ox=PO_OX, oy=PO_OY)
    svg = svg_cls(f, PO_W * SCALE, PO_H * SCALE,
                  f"The lower back and buttocks seen from behind, with the bones under the skin "
                  f"({variant})")
    body = _body(variant)
    svg.path(f.spline(_closed_sym(body), closed=True), "bg_body", fill=SKIN, stroke=SKIN_LINE,
             stroke_width="1.6", stroke_linejoin="round")
    svg.path(f.spline(_lower_back(variant, body), closed=True), "lower_back", fill=SKIN,
             stroke="none")
    skin = dict(fill=SKIN_SHADE, stroke=SKIN_LINE, stroke_width="1.3", stroke_linejoin="round")
    with svg.group("buttocks"):
        right = _buttock(variant)
        svg.path(f.spline(right, closed=True), **skin)
        svg.path(f.spline(_mirror(right), closed=True), **skin)
    # the dimples over the back of the hip bones (posterior superior iliac spines)
    for sgn in (1, -1):
        svg.path(f.ellipse((4.7 * sgn, 13.4), 0.45, 0.3), f"bg_dimple_{'l' if sgn > 0 else 'r'}",
                 fill=CLEFT, stroke="none", fill_opacity="0.8")
    cleft = [(0.0, CLEFT_TOP, "c"), (0.16, 23.5), (0.2, 27.0), (0.1, CLEFT_BOTTOM - 0.3),
             (0.0, CLEFT_BOTTOM, "c"), (-0.1, CLEFT_BOTTOM - 0.3), (-0.2, 27.0), (-0.16, 23.5)]
    svg.path(f.spline(cleft, closed=True), "natal_cleft", fill=CLEFT, stroke=CLEFT_LINE,
             stroke_width="1.1", stroke_linejoin="round")

    # the bones under the skin, see-through
    bone = dict(fill=BONE, fill_opacity=BONE_OPACITY, stroke=BONE_LINE, stroke_width="1.2",
                stroke_linejoin="round")
    with svg.group("hip_bone"):
        wing = _iliac_wing()
        svg.path(f.spline(wing, closed=True), **bone)
        svg.path(f.spline(_mirror(wing), closed=True), **bone)
    svg.path(f.spline(_vertebra(5.2, 3.0), closed=True), "bg_l4_vertebra", **bone)
    svg.path(f.spline(_vertebra(8.55, 3.0), closed=True), "l5_vertebra", **bone)
    with svg.group("sacrum"):
        svg.path(f.spline(_sacrum(), closed=True), **bone)
        for y in JUNCTIONS[1:-1]:    # the fused segments' borders, faint
            w = SACRUM_HALF(y) - 0.35
            svg.path(f.poly([(-w, y), (w, y)], closed=False), fill="none", stroke=BONE_LINE,
                     stroke_width="0.8", stroke_opacity="0.55", stroke_dasharray="3 3")
        for i, y in enumerate(JUNCTIONS[1:5]):   # the four pairs of openings at the back
            x = SACRUM_HALF(y) * 0.55
            for sgn in (1, -1):
                svg.path(f.ellipse((x * sgn, y), 0.42 - 0.05 * i, 0.32 - 0.03 * i),
                         fill=BONE_DARK, stroke=BONE_LINE, stroke_width="0.7")
        crest = [(0.0, 12.6), (0.0, 21.3)]      # the bumpy ridge down the middle
        svg.path(f.poly(crest, closed=False), fill="none", stroke=BONE_LINE,
                 stroke_width="1.6", stroke_opacity="0.7", stroke_linecap="round")
    with svg.group("coccyx"):
        svg.path(f.spline(_coccyx(), closed=True), **bone)
        for y, w in COCCYX[1:3]:
            svg.path(f.poly([(-w + 0.1, y), (w - 0.1, y)], closed=False), fill="none",
                     stroke=BONE_LINE, stroke_width="0.8")
    return svg.text()


IN_POSTERIOR = ["lower_back", "buttocks", "natal_cleft", "hip_bone", "l5_vertebra", "sacrum",
                "coccyx"]


def anchors(variant: str) -> dict:
    """Label anchors (cm) inside each structure, and the side the label goes to."""
    out = 16.6 if variant == "female" else 15.5
    return {"left": {"lower_back": (-9.0, 4.0), "hip_bone": (-12.5, 9.0),
                     "buttocks": (-out + 4.5, 24.5)},
            "right": {"l5_vertebra": (1.2, 10.0), "sacrum": (1.8, 16.0),
                      "coccyx": (0.0, 24.4), "natal_cleft": (0.0, 28.5)}}


def sacral_levels(fmt: Fmt) -> dict:
    """A segment across the sacrum at the middle of each sacral segment (S1..S5)."""
    out = {}
    for i in range(5):
        y = (JUNCTIONS[i] + JUNCTIONS[i + 1]) / 2
        w = SACRUM_HALF(y) + 0.6
        a, b = fmt.px((-w, y)), fmt.px((w, y))
        out[f"S{i + 1}"] = [[round(a[0], 1), round(a[1], 1)], [round(b[0], 1), round(b[1], 1)]]
    return out


STRUCTURES = {
    "lower_back": {
        "medical": "Lumbosacral region",
        "lay": {"en": "lower back", "es": "parte baja de la espalda"},
        "description": {
            "en": "The skin and muscles of the lower back, over the lowest back bones and the "
                  "sacrum.",
            "es": "La piel y los músculos de la parte baja de la espalda, sobre las últimas "
                  "vértebras y el sacro.",
        },
        "topic": "low_back_pain",
    },
    "buttocks": {
        "medical": "Gluteal region",
        "lay": {"en": "buttocks", "es": "nalgas"},
        "description": {
            "en": "The buttocks. An operation from behind goes in between them, just above the "
                  "tailbone.",
            "es": "Las nalgas. Una operación por detrás entra entre ellas, justo por encima del "
                  "coxis.",
        },
        "topic": "surgery_posterior",
    },
    "natal_cleft": {
        "medical": "Natal (intergluteal) cleft",
        "lay": {"en": "fold between the buttocks", "es": "pliegue entre las nalgas"},
        "description": {
            "en": "The fold between the buttocks. The tailbone can be felt at its top; a cut "
                  "from behind usually starts near here.",
            "es": "El pliegue entre las nalgas. El coxis se nota en su parte de arriba; un corte "
                  "por detrás suele empezar cerca de aquí.",
        },
        "topic": "surgery_posterior",
    },
}
