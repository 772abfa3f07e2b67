"""The view from behind: the lower back, buttocks and upper thighs, with the pelvis and the
gluteal muscles under the skin.

Imported by gen_anatomy.py (which writes the SVGs and anatomy.yaml). Original drawing: every
coordinate is written by hand in centimetres, x from the midline (positive to the image right),
y down from the top of the drawing, as when standing behind the patient.

Drawn like an atlas plate of the posterior pelvis, in layers from deep to surface:

* the skin outline of the lower back, buttocks and upper thighs, with the buttocks' shading
  and the gluteal folds;
* the bones, ivory: the L4 and L5 vertebrae (spinous and transverse processes), the sacrum
  (an inverted triangle of five fused segments with its middle crest and four pairs of back
  openings), the coccyx (four small segments), and each hip bone from behind: the iliac wing
  with its crest, the posterior superior iliac spine under the skin dimple, the greater
  sciatic notch, the ischial spine and the ischial tuberosity (the sitting bone), with the
  pubic arch seen through the pelvic outlet; the top of each thigh bone (head, neck, greater
  trochanter, shaft);
* the gluteal muscles, translucent so the bone shows through: gluteus medius under the iliac
  crest, and gluteus maximus from the back of the ilium and the side of the sacrum and
  coccyx, its fibres running down and out to the thigh. Neither covers the sacrum or the
  coccyx, which stay in full view between them, as the surgeon's landmarks;
* the fold between the buttocks (natal cleft), starting at the tip of the tailbone.

Female and male differ as the pelvis does (Gray's Anatomy; kenhub "The pelvis"): the female
pelvis is wider and shallower, with flared iliac wings, a wider greater sciatic notch, ischial
tuberosities further apart, a wider pubic arch, oval obturator openings and a shorter, wider
sacrum (about 10 by 11.5 cm against 11 by 10.4 cm); the hips (the greater trochanters) are
broader. The male pelvis is taller and narrower, its notch and arch narrow, its obturator
openings round.
"""

from __future__ import annotations

from geom import Fmt, interp

SCALE = 20.0
PO_OX, PO_OY, PO_W, PO_H = 27.0, -1.5, 54.0, 35.0

SKIN, SKIN_LINE = "#f8efe7", "#c9a48f"
SKIN_SHADE = "#f3e3d6"
FOLD = "#b98e78"
CLEFT, CLEFT_LINE = "#dcbba7", "#a77c66"
BONE, BONE_LINE = "#efe6d2", "#8f7c5a"
BONE_DARK = "#ddcca8"
HOLE = "#f4e9dc"
LIGAMENT = "#e9e3d6"            # skin seen through an opening of the bone
MAXIMUS, MEDIUS, MUSCLE_LINE = "#c07466", "#d19a8c", "#8c5a50"
MUSCLE_OPACITY = "0.45"
FIBRE_OPACITY = "0.5"

# Per sex: the sacrum's height and the half widths of its outline at its segment borders; the
# hip bone's key points (cm, right side of the image); the skin outline.
SEX = {
    "female": {
        "sacrum_top": 12.0,
        # S1..S5 heights 2.6, 2.3, 2.0, 1.7, 1.4 (10.0 cm)
        "junctions": [12.0, 14.6, 16.9, 18.9, 20.6, 22.0],
        "half": [(12.0, 5.8), (14.6, 5.1), (16.9, 3.9), (18.9, 2.6), (20.6, 1.6), (22.0, 0.9)],
        "coccyx": [(22.0, 0.85), (23.0, 0.7), (23.9, 0.55), (24.7, 0.38), (25.3, 0.2)],
        "crest": [(5.9, 13.6), (5.6, 11.0), (6.6, 8.8), (9.0, 7.3), (12.0, 7.2), (14.4, 8.6),
                  (15.5, 10.8)],
        "wing_side": [(15.3, 13.5), (14.0, 16.3), (12.9, 18.2)],
        "notch": [(7.6, 19.2), (6.6, 17.4), (5.9, 16.1)],        # up from the ischial spine
        "spine": (6.2, 20.8),
        "socket": (12.8, 21.0),
        # the ischium down to the sitting bone, the pubic arch up to the symphysis, the brim
        "ischium": [(9.6, 24.0), (8.8, 26.4), (7.6, 27.5), (6.2, 27.4, "c")],
        "arch": [(3.6, 25.7), (1.5, 24.4), (0.35, 24.0, "c"), (0.35, 22.4, "c")],
        "brim": [(2.6, 22.0), (4.8, 21.5)],
        "obturator": ((5.6, 24.3), 1.75, 1.05, 25.0),            # centre, rx, ry, tilt (deg)
        "femur_head": (10.4, 20.7),
        "trochanter": (16.3, 21.6),
        "shaft": [(15.3, 24.2), (14.7, 29.0), (14.2, 36.5)],
        "body": [(13.0, 1.5, "c"), (12.5, 4.5), (14.0, 9.0), (17.2, 14.5), (18.8, 19.5),
                 (19.0, 23.5), (18.3, 28.5), (17.4, 36.5, "c")],
        "buttock_out": 17.8,
    },
    "male": {
        "sacrum_top": 12.0,
        # S1..S5 heights 2.9, 2.5, 2.2, 1.9, 1.5 (11.0 cm)
        "junctions": [12.0, 14.9, 17.4, 19.6, 21.5, 23.0],
        "half": [(12.0, 5.2), (14.9, 4.6), (17.4, 3.5), (19.6, 2.3), (21.5, 1.45), (23.0, 0.8)],
        "coccyx": [(23.0, 0.8), (24.0, 0.65), (24.9, 0.5), (25.7, 0.34), (26.3, 0.18)],
        "crest": [(5.4, 13.6), (5.1, 10.8), (5.9, 8.2), (8.2, 6.6), (10.9, 6.6), (12.9, 8.2),
                  (13.7, 10.6)],
        "wing_side": [(13.4, 13.5), (12.4, 16.4), (11.7, 18.4)],
        "notch": [(6.5, 19.6), (6.0, 17.8), (5.4, 16.4)],
        "spine": (5.3, 21.2),
        "socket": (11.6, 21.2),
        "ischium": [(8.2, 24.6), (7.4, 27.3), (6.4, 28.4), (5.0, 28.2, "c")],
        "arch": [(2.8, 25.8), (1.1, 24.2), (0.35, 23.6, "c"), (0.35, 21.8, "c")],
        "brim": [(2.2, 21.6), (4.0, 21.3)],
        "obturator": ((4.7, 24.6), 1.3, 1.3, 0.0),
        "femur_head": (9.6, 21.0),
        "trochanter": (15.1, 22.0),
        "shaft": [(14.2, 24.6), (13.7, 29.0), (13.3, 36.5)],
        "body": [(14.2, 1.5, "c"), (13.8, 4.5), (14.6, 9.0), (16.2, 14.5), (17.4, 19.5),
                 (17.6, 23.5), (17.0, 28.5), (16.3, 36.5, "c")],
        "buttock_out": 16.6,
    },
}
TOP, BOTTOM = 1.5, 36.5


def _mirror(pts):
    return [(-p[0], p[1], *p[2:]) for p in pts]


def _closed_sym(right_half):
    """A closed outline symmetric about the midline from its right half (top to bottom)."""
    left = list(reversed(_mirror(right_half)))[1:-1]
    return right_half + left


def _body(g: dict) -> list:
    """The skin outline: the lower back, the hips and buttocks, the tops of the thighs with the
    gap between them (the crotch) at the bottom."""
    side = g["body"]
    crotch = [(2.3, BOTTOM, "c"), (1.3, 33.6), (0.0, 32.8, "c")]
    return [(0.0, TOP, "c")] + side + crotch


def _buttock(g: dict) -> list:
    """The right buttock's skin (image right), from the top of the cleft round the outside."""
    out = g["buttock_out"]
    return [(0.3, 23.0, "c"), (2.5, 19.2), (6.5, 17.0), (11.5, 16.8), (out - 1.4, 19.0),
            (out, 24.0), (out - 0.9, 29.0), (12.5, 32.4), (7.0, 33.2), (2.6, 32.6),
            (0.5, 31.6), (0.25, 27.0)]


def _lower_back(g: dict) -> list:
    """The skin above the buttocks: the body outline down to the buttocks' upper edge."""
    side = g["body"]
    right = [(side[0][0] - 0.15, TOP + 0.15, "c"), (side[1][0] - 0.15, side[1][1]),
             (side[2][0] - 0.2, side[2][1]), (side[3][0] - 0.3, 14.8, "c"),
             (11.5, 16.5), (6.5, 16.7), (2.5, 18.9)]
    return [(0.0, TOP + 0.15, "c")] + right + [(0.0, 22.7, "c")] + \
        list(reversed(_mirror(right)))


def _sacrum(g: dict) -> list:
    half = interp(g["half"])
    j = g["junctions"]
    top = [(0.0, j[0] + 0.3), (2.4, j[0] - 0.1), (half(j[0]) - 0.6, j[0] - 0.25),
           (half(j[0]), j[0] + 0.2, "c")]
    side = [(half(y), y) for y in j[1:-1]]
    bottom = [(half(j[-1]), j[-1], "c"), (0.0, j[-1] + 0.15)]
    right = top + side + bottom
    return right + list(reversed(_mirror(right)))[1:-1]


def _coccyx(g: dict) -> list:
    seg = g["coccyx"]
    right = [(w, y) for y, w in seg[:-1]]
    right[0] = (*right[0], "c")
    tip = seg[-1][0]
    return [(0.0, seg[0][0] - 0.05, "c")] + right + [(0.0, tip + 0.2, "c")] + \
        list(reversed(_mirror(right)))


def _hip_bone(g: dict) -> list:
    """The right hip bone from behind: up the sacroiliac joint, round the iliac crest, down the
    side of the wing behind the hip socket, the ischium down to the sitting bone, up the pubic
    arch (seen through the pelvic outlet) to the symphysis, along the pelvic brim to the
    ischial spine and up the greater sciatic notch."""
    sx, sy = g["spine"]
    pts = [(*g["crest"][0], "c")] + g["crest"][1:] + g["wing_side"] + [g["socket"]]
    pts += g["ischium"] + g["arch"] + g["brim"]
    pts += [(sx - 0.3, sy - 0.2, "c"), (sx + 0.5, sy - 0.4)]
    pts += g["notch"] + [(g["crest"][0][0] - 0.2, g["crest"][0][1] + 1.6)]
    return pts


def _sacrotuberous(g: dict) -> list:
    """The right sacrotuberous ligament: a band from the lower side of the sacrum and the
    coccyx, narrowing to the ischial tuberosity; it closes the sciatic notch below."""
    half = interp(g["half"])
    j = g["junctions"]
    cy = g["coccyx"]
    ix, iy = g["ischium"][-1][:2]
    return [(half(j[2]) - 0.2, j[2] + 0.1, "c"), (half(j[3]) + 0.6, j[3] + 0.6),
            (ix + 0.7, iy - 1.9), (ix + 0.5, iy - 0.7, "c"), (ix - 0.1, iy - 0.3, "c"),
            (cy[1][1] + 1.2, cy[1][0] + 1.0), (cy[1][1] - 0.1, cy[1][0], "c")]


def _femur(g: dict) -> list:
    """The top of the right thigh bone: the head in its socket, the neck, the greater
    trochanter and the shaft."""
    hx, hy = g["femur_head"]
    tx, ty = g["trochanter"]
    (s0x, s0y), (s1x, s1y), (s2x, s2y) = g["shaft"]
    return [(hx - 1.6, hy - 1.2), (hx, hy - 2.1), (hx + 1.7, hy - 1.5), (tx - 2.0, ty - 1.6),
            (tx - 0.5, ty - 2.3), (tx + 0.7, ty - 1.2), (tx + 0.6, ty + 1.0),
            (s0x + 1.0, s0y + 1.0), (s1x + 1.15, s1y), (s2x + 1.15, s2y, "c"),
            (s2x - 1.35, s2y, "c"), (s1x - 1.3, s1y), (s0x - 1.4, s0y + 0.6),
            (tx - 3.3, ty + 0.9), (hx + 1.2, hy + 1.3), (hx - 0.9, hy + 1.5)]


def _vertebra(top: float, height: float, wide: float) -> list:
    """A lumbar vertebra from behind: the arch with its transverse processes."""
    b = top + height
    half = [(0.0, top, "c"), (1.5, top + 0.1), (2.3, top + 0.55, "c"), (wide, top + 0.75, "c"),
            (wide + 0.2, top + 1.4, "c"), (2.3, top + 1.6, "c"), (2.1, b - 0.25), (0.9, b, "c"),
            (0.0, b + 0.15, "c")]
    return half + list(reversed(_mirror(half)))[1:-1]


def _spinous(top: float, height: float) -> list:
    """The spinous process down the middle of a vertebra (the bump felt in the back)."""
    return [(0.0, top + 0.15, "c"), (0.55, top + 0.4), (0.6, top + height - 0.5),
            (0.0, top + height + 0.1, "c"), (-0.6, top + height - 0.5), (-0.55, top + 0.4)]


def _maximus_upper(g: dict) -> list:
    """The upper border of the right gluteus maximus, from the greater trochanter up and in to
    the back of the iliac crest."""
    tx, ty = g["trochanter"]
    cx, cy = g["crest"][1]
    k = (tx - cx) / 10.4
    return [(tx + 0.1, ty - 0.6), (cx + 7.6 * k, ty - 4.2), (cx + 4.2 * k, cy + 3.0),
            (cx + 1.9 * k, cy + 0.6)]


def _gluteus_medius(g: dict) -> list:
    """Right gluteus medius: a fan under the iliac crest down to the greater trochanter, where
    the gluteus maximus leaves it uncovered."""
    crest = g["crest"]
    tx, ty = g["trochanter"]
    top = [(x + (0.5 if n < 2 else 0.0), y + 0.9) for n, (x, y) in enumerate(crest[2:])]
    upper = _maximus_upper(g)
    return ([(*upper[-1], "c")] + top +
            [(g["wing_side"][0][0] + 0.6, g["wing_side"][0][1] + 0.4),
             (tx + 0.5, ty - 3.0), (*upper[0], "c")] + upper[1:-1])


def _gluteus_maximus(g: dict) -> list:
    """Right gluteus maximus: from the back of the iliac crest, the side of the sacrum and
    coccyx (and the sacrotuberous ligament) down and out to the thigh (iliotibial tract)."""
    half = interp(g["half"])
    j = g["junctions"]
    tx, ty = g["trochanter"]
    cy = g["coccyx"]
    upper = _maximus_upper(g)
    psis = g["crest"][0]
    medial = [(psis[0] + 0.1, psis[1] - 0.4)] + \
        [(half(y) + 0.12, y) for y in (j[1], j[2], j[3], j[4])] + \
        [(cy[0][1] + 0.2, cy[0][0]), (cy[2][1] + 0.15, cy[2][0]), (0.55, cy[-1][0] + 0.3)]
    lower = [(2.6, cy[-1][0] + 3.4), (6.2, 31.1), (10.2, 32.0), (tx - 2.0, 31.0, "c")]
    lateral = [(tx - 0.6, 27.2), (tx + 0.4, ty + 1.4)]
    return [(*upper[-1], "c")] + medial + lower + lateral + [(*upper[0], "c")] + upper[1:-1]


def _fibres(g: dict) -> list[list]:
    """Lines along the gluteus maximus fibres: down and out from the sacrum to the thigh."""
    half = interp(g["half"])
    j = g["junctions"]
    tx, ty = g["trochanter"]
    out = []
    for k, y in enumerate((j[1] + 0.8, j[2] + 0.6, j[3] + 0.4, j[4] + 0.2, j[5] + 1.3)):
        x0 = half(min(y, j[5])) + 0.6 if y <= j[5] else 1.6
        x1, y1 = tx - 0.3 - 0.5 * k, ty + 0.2 + 2.0 * k
        out.append([(x0, y), ((x0 + x1) / 2, (y + y1) / 2 - 0.3), (x1, y1)])
    return out


def build_posterior(variant: str, svg_cls) -> str:
    g = SEX[variant]
    f = Fmt(SCALE, ox=PO_OX, oy=PO_OY)
    svg = svg_cls(f, PO_W * SCALE, PO_H * SCALE,
                  f"The lower back and buttocks seen from behind, with the pelvis and the gluteal "
                  f"muscles under the skin ({variant})")
    svg.path(f.spline(_closed_sym(_body(g)), closed=True), "bg_body", fill=SKIN,
             stroke=SKIN_LINE, stroke_width="1.6", stroke_linejoin="round")
    svg.path(f.spline(_lower_back(g), closed=True), "lower_back", fill=SKIN, stroke="none")
    skin = dict(fill=SKIN_SHADE, stroke=SKIN_LINE, stroke_width="1.2", stroke_linejoin="round")
    with svg.group("buttocks"):
        right = _buttock(g)
        svg.path(f.spline(right, closed=True), **skin)
        svg.path(f.spline(_mirror(right), closed=True), **skin)
    for sgn, name in ((1, "r"), (-1, "l")):   # the gluteal folds under the buttocks
        fold = [(2.4 * sgn, 32.7), (6.5 * sgn, 33.35), (11.0 * sgn, 32.9)]
        svg.path(f.spline(fold), f"bg_gluteal_fold_{name}", fill="none", stroke=FOLD,
                 stroke_width="1.2", stroke_linecap="round", stroke_opacity="0.7")

    # ---- the bones
    bone = dict(fill=BONE, stroke=BONE_LINE, stroke_width="1.2", stroke_linejoin="round")
    for sgn, name in ((1, "r"), (-1, "l")):
        fem = _femur(g)
        svg.path(f.spline(fem if sgn > 0 else _mirror(fem), closed=True), f"bg_femur_{name}",
                 **bone)
    with svg.group("hip_bone"):
        for sgn in (1, -1):
            hip = _hip_bone(g)
            svg.path(f.spline(hip if sgn > 0 else _mirror(hip), closed=True), **bone)
        for sgn in (1, -1):    # the obturator openings, seen through the pelvic outlet
            (ox, oy), rx, ry, tilt = g["obturator"]
            svg.path(f.ellipse((ox * sgn, oy), rx, ry, tilt * sgn), fill=HOLE,
                     stroke=BONE_LINE, stroke_width="0.9")
        for sgn in (1, -1):    # the iliac crest, a thicker rim along the top of each wing
            crest = g["crest"][1:]
            svg.path(f.spline(crest if sgn > 0 else _mirror(crest)), fill="none",
                     stroke=BONE_LINE, stroke_width="2.4", stroke_linecap="round")
    for sgn, name in ((1, "r"), (-1, "l")):   # sacrotuberous ligaments, sacrum to sitting bone
        lig = _sacrotuberous(g)
        svg.path(f.spline(lig if sgn > 0 else _mirror(lig), closed=True),
                 f"bg_sacrotuberous_{name}", fill=LIGAMENT, stroke=BONE_LINE,
                 stroke_width="0.8", stroke_linejoin="round")
    svg.path(f.spline(_vertebra(5.2, 3.0, 4.3), closed=True), "bg_l4_vertebra", **bone)
    svg.path(f.spline(_spinous(5.2, 3.0), closed=True), "bg_l4_spinous", fill=BONE_DARK,
             stroke=BONE_LINE, stroke_width="0.9")
    with svg.group("l5_vertebra"):
        svg.path(f.spline(_vertebra(8.55, 3.0, 4.6), closed=True), **bone)
        svg.path(f.spline(_spinous(8.55, 3.0), closed=True), fill=BONE_DARK, stroke=BONE_LINE,
                 stroke_width="0.9")
    half = interp(g["half"])
    j = g["junctions"]
    with svg.group("sacrum"):
        svg.path(f.spline(_sacrum(g), closed=True), **bone)
        for y in j[1:-1]:    # the fused segments' borders, faint
            w = half(y) - 0.4
            svg.path(f.poly([(-w, y), (w, y)], closed=False), fill="none", stroke=BONE_LINE,
                     stroke_width="0.8", stroke_opacity="0.5", stroke_dasharray="3 3")
        for i, y in enumerate(j[1:5]):   # the four pairs of openings at the back
            x = half(y) * 0.55
            for sgn in (1, -1):
                svg.path(f.ellipse((x * sgn, y), 0.45 - 0.05 * i, 0.34 - 0.03 * i),
                         fill=BONE_DARK, stroke=BONE_LINE, stroke_width="0.7")
        # the middle crest (fused spinous processes) down to the sacral hiatus
        crest = [(0.0, j[0] + 0.5), (0.0, j[4] - 0.2)]
        svg.path(f.poly(crest, closed=False), fill="none", stroke=BONE_LINE,
                 stroke_width="2.0", stroke_opacity="0.6", stroke_linecap="round")
        hiatus = [(0.0, j[4] + 0.1, "c"), (0.4, j[4] + 0.9), (0.0, j[5] - 0.05, "c"),
                  (-0.4, j[4] + 0.9)]
        svg.path(f.spline(hiatus, closed=True), fill=BONE_DARK, stroke=BONE_LINE,
                 stroke_width="0.7")
    with svg.group("coccyx"):
        svg.path(f.spline(_coccyx(g), closed=True), **bone)
        for y, w in g["coccyx"][1:4]:
            svg.path(f.poly([(-w + 0.12, y), (w - 0.12, y)], closed=False), fill="none",
                     stroke=BONE_LINE, stroke_width="0.8")

    # ---- the gluteal muscles over the bone, translucent
    muscle = dict(fill_opacity=MUSCLE_OPACITY, stroke=MUSCLE_LINE, stroke_width="1.1",
                  stroke_linejoin="round")
    with svg.group("gluteal_muscles"):
        for sgn in (1, -1):
            med = _gluteus_medius(g)
            svg.path(f.spline(med if sgn > 0 else _mirror(med), closed=True), fill=MEDIUS,
                     **muscle)
        for sgn in (1, -1):
            mx = _gluteus_maximus(g)
            svg.path(f.spline(mx if sgn > 0 else _mirror(mx), closed=True), fill=MAXIMUS,
                     **muscle)
        for sgn in (1, -1):
            for fib in _fibres(g):
                svg.path(f.spline(fib if sgn > 0 else _mirror(fib)), fill="none",
                         stroke=MUSCLE_LINE, stroke_width="0.8", stroke_opacity=FIBRE_OPACITY,
                         stroke_linecap="round")

    # ---- on the skin: the dimples over the posterior superior iliac spines, and the cleft
    for sgn, name in ((1, "r"), (-1, "l")):
        x, y = g["crest"][0]
        svg.path(f.ellipse((x * sgn - 0.4 * sgn, y + 0.3), 0.42, 0.3), f"bg_dimple_{name}",
                 fill=CLEFT, stroke="none", fill_opacity="0.8")
    tip = g["coccyx"][-1][0]
    cleft = [(0.0, tip - 0.2, "c"), (0.16, tip + 1.5), (0.2, 28.8), (0.1, 31.9),
             (0.0, 32.3, "c"), (-0.1, 31.9), (-0.2, 28.8), (-0.16, tip + 1.5)]
    svg.path(f.spline(cleft, closed=True), "natal_cleft", fill=CLEFT, stroke=CLEFT_LINE,
             stroke_width="1.1", stroke_linejoin="round")
    return svg.text()


IN_POSTERIOR = ["lower_back", "buttocks", "natal_cleft", "hip_bone", "l5_vertebra", "sacrum",
                "coccyx", "gluteal_muscles"]


def anchors(variant: str) -> dict:
    """Label anchors (cm) inside each structure, and the side the label goes to."""
    g = SEX[variant]
    tx, ty = g["trochanter"]
    tip = g["coccyx"][-1][0]
    cx, cy = g["crest"][3]
    return {"left": {"lower_back": (-8.5, 4.0), "hip_bone": (-(cx + 1.0), cy + 0.45),
                     "gluteal_muscles": (-(tx - 5.0), ty + 1.5),
                     "buttocks": (-8.5, 32.4)},
            "right": {"l5_vertebra": (1.4, 9.9), "sacrum": (1.9, 15.6),
                      "coccyx": (0.0, g["coccyx"][1][0] + 0.4), "natal_cleft": (0.0, tip + 4.0)}}


def sacral_levels(fmt: Fmt, variant: str = "female") -> dict:
    """A segment across the sacrum at the middle of each sacral segment (S1..S5)."""
    g = SEX[variant]
    half = interp(g["half"])
    j = g["junctions"]
    out = {}
    for i in range(5):
        y = (j[i] + j[i + 1]) / 2
        w = half(y) + 0.6
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
