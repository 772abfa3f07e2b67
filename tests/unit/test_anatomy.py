"""The anatomy atlas (drawings + anatomy.yaml) and the S3 approach aid. No Qt needed."""

from __future__ import annotations

import math
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_app.model.anatomy import (AnatomyError, Drawing, approach_for, load_atlas,
                                       point_in_shape, structure_at)
from desktop_app.model.svgshapes import parse_svg

ROOT = Path(__file__).resolve().parents[2]
ANATOMY = ROOT / "resources" / "anatomy"
SEX_SPECIFIC = {"uterus", "vagina", "prostate", "seminal_vesicles", "bladder",
                "peritoneal_reflection"}
CONTENT_TOPICS = {"what_is_it", "where_is_it", "rectal_exam", "mri", "surgery_posterior",
                  "surgery_anterior", "urinary_problems", "bowel_control", "sexual_problems",
                  "leg_pain", "low_back_pain"}


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(ANATOMY)


@dataclass
class Lesion:
    cx: float
    cy: float
    rx: float
    ry: float
    rotation: float = 0.0


# ------------------------------------------------------------------- the real atlas
def test_six_drawings_at_a_known_scale(atlas):
    assert atlas.scale_px_per_cm == 20
    assert {(d.view, d.variant) for d in atlas.drawings.values()} == {
        ("sagittal", "female"), ("sagittal", "male"), ("axial", "female"), ("axial", "male"),
        ("posterior", "female"), ("posterior", "male")}
    assert atlas.drawing("sagittal", "male").key == "sagittal_male"
    with pytest.raises(KeyError):
        atlas.drawing("coronal", "male")


@pytest.mark.parametrize("key", ["sagittal_female", "sagittal_male", "axial_female",
                                 "axial_male", "posterior_female", "posterior_male"])
def test_ids_in_yaml_and_drawing_agree_both_ways(atlas, key):
    drawing = atlas.drawings[key]
    listed = {sid for sid, s in atlas.structures.items() if key in s.drawings}
    svg = parse_svg(drawing.file, atlas.structures.keys())
    in_svg = {i for i in svg.element_ids if i in atlas.structures}
    assert in_svg == listed
    assert {s.structure_id for s in drawing.shapes if s.structure_id} == listed
    # every other id is a sub-part of a structure or explicit background
    for el_id, ancestors in svg.element_ids.items():
        if el_id not in atlas.structures:
            assert el_id.startswith("bg_") or any(a in atlas.structures for a in ancestors), el_id


def test_required_structures_are_drawn(atlas):
    sagittal = {"l5_vertebra", "l5_s1_disc", "sacrum", "coccyx", "sacral_nerves", "rectum",
                "anal_canal", "mesorectal_fascia", "presacral_space", "peritoneal_reflection",
                "bladder", "pubic_symphysis", "pelvic_floor", "sigmoid_colon"}
    axial = {"sacrum", "sacral_nerves", "presacral_space", "rectum", "mesorectal_fascia",
             "piriformis", "internal_iliac_vessels", "ureters", "bladder"}
    ids = {k: set(d.structure_ids) for k, d in atlas.drawings.items()}
    assert sagittal | {"uterus", "vagina"} <= ids["sagittal_female"]
    assert sagittal | {"prostate", "seminal_vesicles"} <= ids["sagittal_male"]
    assert axial | {"uterus"} <= ids["axial_female"]
    assert axial | {"seminal_vesicles"} <= ids["axial_male"]
    assert not ids["sagittal_male"] & {"uterus", "vagina"}
    assert not ids["sagittal_female"] & {"prostate", "seminal_vesicles"}


def test_sacrum_shows_five_segments(atlas):
    svg = parse_svg(atlas.drawings["sagittal_female"].file, atlas.structures.keys())
    for i in range(1, 6):
        assert svg.element_ids[f"sacrum_s{i}"] == ("sacrum",)


@pytest.mark.parametrize("view", ["sagittal", "axial"])
def test_variants_share_geometry_except_sex_specific_organs(atlas, view):
    f, m = atlas.drawing(view, "female"), atlas.drawing(view, "male")
    assert f.viewbox == m.viewbox
    common = (set(f.structure_ids) & set(m.structure_ids)) - SEX_SPECIFIC
    assert len(common) >= 8
    for sid in common:
        assert f.shapes_for(sid) == m.shapes_for(sid), sid
        assert f.labels.get(sid) == m.labels.get(sid), sid
    assert f.s3_line == m.s3_line and f.sacral_levels == m.sacral_levels


def test_structures_have_names_descriptions_and_known_topics(atlas):
    for sid, s in atlas.structures.items():
        assert s.medical and s.lay("en") and s.description("en"), sid
        assert s.lay("es") and s.description("es"), sid
        assert s.description("en").endswith("."), sid
        assert len(s.lay("en")) <= 32, sid   # lay names are the labels
        assert s.topic == "" or s.topic in CONTENT_TOPICS, sid
    assert atlas.structure("coccyx").lay() == "tailbone"
    assert atlas.structure("rectum").lay() == "rectum"
    assert atlas.structure("coccyx").tooltip() == "tailbone (Coccyx)"
    # a medical name with brackets of its own after a dash, never brackets in brackets
    assert atlas.structure("presacral_space").tooltip() == \
        "space in front of the sacrum — Presacral (retrorectal) space"
    for sid, s in atlas.structures.items():
        for lang in ("en", "es"):
            depth, deepest = 0, 0
            for ch in s.tooltip(lang):
                depth += {"(": 1, ")": -1}.get(ch, 0)
                deepest = max(deepest, depth)
            assert deepest <= 1 and depth == 0, (sid, lang, s.tooltip(lang))
    assert atlas.structure("bladder").lay("fr") == "bladder"       # falls back to English


def test_labels_anchor_inside_their_structure_and_text_within_the_view(atlas):
    for key, drawing in atlas.drawings.items():
        x, y, w, h = drawing.viewbox
        assert set(drawing.labels) == set(drawing.structure_ids), key
        for sid, label in drawing.labels.items():
            assert structure_at(drawing, *label.anchor) == sid, (key, sid)
            assert x <= label.at[0] <= x + w and y + 8 <= label.at[1] <= y + h - 8, (key, sid)
        for side in (-1, 1):
            ys = sorted(lab.at[1] for lab in drawing.labels.values()
                        if (lab.at[0] - lab.anchor[0]) * side > 0)
            assert all(b - a >= 18 for a, b in zip(ys, ys[1:])), (key, "labels overlap")


def test_s3_line_crosses_presacral_space_and_rectum_perpendicular_to_sacrum(atlas):
    for variant in ("female", "male"):
        d = atlas.drawing("sagittal", variant)
        (x1, y1), (x2, y2) = d.s3_line
        cx, cy = d.cranial
        assert abs((x2 - x1) * cx + (y2 - y1) * cy) < 1e-3 * math.hypot(x2 - x1, y2 - y1)
        assert cy < 0    # the head is up
        crossed = [structure_at(d, x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)
                   for t in (i / 100 for i in range(101))]
        for sid in ("presacral_space", "mesorectal_fascia", "rectum"):
            assert sid in crossed, sid
        # the line starts at the front of the sacrum and runs forward (left)
        assert x2 < x1
        assert d.sacral_levels["S3"] == d.s3_line
        # levels run from head to tail along the sacrum
        heights = [-(lv[0][0] * cx + lv[0][1] * cy) for lv in
                   (d.sacral_levels[k] for k in ("S1", "S2", "S3", "S4", "S5"))]
        assert heights == sorted(heights)
    assert atlas.drawing("axial", "female").s3_line is None


def test_presacral_space_is_a_thin_band_about_1_to_1_5_cm(atlas):
    d = atlas.drawing("sagittal", "female")
    (x1, y1), (x2, y2) = d.s3_line
    length = math.hypot(x2 - x1, y2 - y1)
    inside = [t for t in (i / 400 for i in range(401))
              if any(point_in_shape(s, x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)
                     for s in d.shapes_for("presacral_space"))]
    width_cm = (max(inside) - min(inside)) * length / atlas.scale_px_per_cm
    assert 1.0 <= width_cm <= 1.6


def test_proportions_promontory_to_symphysis_and_sacral_length(atlas):
    """Adult proportions from ANATOMY_REFERENCE.md, measured on the drawing itself."""
    d = atlas.drawing("sagittal", "female")
    cm = atlas.scale_px_per_cm
    levels = d.sacral_levels
    s1, s5 = levels["S1"][0], levels["S5"][0]
    chord = math.dist(s1, s5) / cm
    assert 7.5 <= chord <= 10.5           # the curved front is ~10.6 cm; its chord is shorter
    sym = [s for s in d.shapes_for("pubic_symphysis")][0]
    x0, y0, x1, y1 = sym.bounds()
    assert 4.0 <= (y1 - y0) / cm <= 5.5   # symphysis 4-5 cm tall
    promontory = min((p for s in d.shapes_for("sacrum") for p in _points(s)),
                     key=lambda p: p[0] + 0.3 * p[1])
    sym_top_back = max((p for p in _points(sym) if p[1] < y0 + 0.25 * (y1 - y0)),
                       key=lambda p: p[0])
    assert 10.0 <= math.dist(promontory, sym_top_back) / cm <= 12.5


def _points(shape):
    for seg in shape.segments:
        if seg[0] in ("M", "L"):
            yield seg[1], seg[2]
        elif seg[0] == "C":
            yield seg[5], seg[6]


# ------------------------------------------------------------------------ approach aid
def flat_drawing(scale: float = 20.0) -> Drawing:
    """A drawing whose S3 line is horizontal at y = 100, head up."""
    return Drawing(key="test", view="sagittal", variant="female", file="test.svg", shapes=(),
                   viewbox=(0, 0, 400, 400), labels={}, s3_line=((0.0, 100.0), (300.0, 100.0)),
                   cranial=(0.0, -1.0), scale_px_per_cm=scale)


@pytest.mark.parametrize("cy, kind", [
    (200.0, "posterior"),
    (150.0, "posterior"),      # touching the line from below: not crossing
    (149.99, "combined"),
    (100.0, "combined"),
    (50.01, "combined"),
    (50.0, "anterior"),        # touching from above
    (0.0, "anterior"),
])
def test_vertical_extent_decides(cy, kind):
    assert approach_for(flat_drawing(), Lesion(cx=80, cy=cy, rx=30, ry=50)).kind == kind


@pytest.mark.parametrize("rotation", [0.0, 30.0, 45.0, 90.0, 135.0, -60.0, 400.0])
def test_rotated_ellipse_boundaries(rotation):
    rx, ry = 60.0, 20.0
    phi = math.radians(rotation)
    half = math.hypot(rx * math.sin(phi), ry * math.cos(phi))   # vertical half-extent
    d = flat_drawing()
    assert approach_for(d, Lesion(100, 100 + half, rx, ry, rotation)).kind == "posterior"
    assert approach_for(d, Lesion(100, 100 + half - 0.01, rx, ry, rotation)).kind == "combined"
    assert approach_for(d, Lesion(100, 100 - half, rx, ry, rotation)).kind == "anterior"
    assert approach_for(d, Lesion(100, 100 - half + 0.01, rx, ry, rotation)).kind == "combined"


def test_rotation_is_clockwise_on_screen():
    """rotation 90 turns the long rx axis vertical: a lesion that fits below when flat
    now crosses the line."""
    d = flat_drawing()
    assert approach_for(d, Lesion(100, 130, 60, 20, 0)).kind == "posterior"
    assert approach_for(d, Lesion(100, 130, 60, 20, 90)).kind == "combined"


def test_reasons_say_how_far_in_cm():
    d = flat_drawing(scale=20.0)
    below = approach_for(d, Lesion(100, 200, 30, 40))       # top edge at y=160: 3 cm below
    assert below.kind == "posterior"
    assert "below the S3 level" in below.reason and "3.0 cm" in below.reason
    assert "posterior" in below.reason and below.above_cm == pytest.approx(-3.0)
    above = approach_for(d, Lesion(100, 20, 30, 20))        # bottom edge at y=40: 3 cm above
    assert above.kind == "anterior" and "3.0 cm above" in above.reason
    assert "anterior (abdominal)" in above.reason
    both = approach_for(d, Lesion(100, 110, 30, 50))        # from 3 cm below to 2 cm above
    assert both.kind == "combined"
    assert "3.0 cm below" in both.reason and "2.0 cm above" in both.reason
    assert both.above_cm == pytest.approx(2.0) and both.below_cm == pytest.approx(3.0)


def test_cranial_vector_orients_the_line_not_its_point_order():
    d = flat_drawing()
    flipped = Drawing(**{**d.__dict__, "s3_line": ((300.0, 100.0), (0.0, 100.0))})
    for drawing in (d, flipped):
        assert approach_for(drawing, Lesion(50, 300, 10, 10)).kind == "posterior"
        assert approach_for(drawing, Lesion(50, 10, 10, 10)).kind == "anterior"


def test_real_sagittal_drawing_along_the_sacrum(atlas):
    d = atlas.drawing("sagittal", "male")
    (x1, y1), (x2, y2) = d.s3_line
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    cx, cy = d.cranial
    n = math.hypot(cx, cy)
    cx, cy = cx / n, cy / n
    r = 30.0
    for offset, kind in ((r, "anterior"), (-r, "posterior"), (r / 2, "combined"),
                         (3 * r, "anterior"), (-3 * r, "posterior")):
        lesion = Lesion(mx + cx * offset, my + cy * offset, r, r)
        assert approach_for(d, lesion).kind == kind, offset
    assert approach_for(atlas.drawing("axial", "male"), Lesion(0, 0, 1, 1)) is None


# ----------------------------------------------------------------------- broken atlases
@pytest.fixture
def broken(tmp_path):
    target = tmp_path / "anatomy"
    shutil.copytree(ANATOMY, target, ignore=shutil.ignore_patterns("tools"))
    return target


def test_copy_loads(broken):
    assert load_atlas(broken).drawings


def test_id_missing_from_drawing_names_file_and_id(broken):
    svg = broken / "sagittal_male.svg"
    svg.write_text(svg.read_text().replace('id="coccyx"', 'id="coccyx_renamed"'))
    with pytest.raises(AnatomyError) as err:
        load_atlas(broken)
    assert err.value.file.endswith("sagittal_male.svg")
    assert "coccyx" in str(err.value)


def test_structure_in_drawing_but_not_listed(broken):
    svg = broken / "axial_female.svg"
    svg.write_text(svg.read_text().replace('id="bg_ovary_l"', 'id="coccyx"'))
    with pytest.raises(AnatomyError) as err:
        load_atlas(broken)
    assert err.value.file.endswith("axial_female.svg") and err.value.element == "coccyx"


def test_unknown_id_is_reported_as_a_typo(broken):
    svg = broken / "axial_male.svg"
    svg.write_text(svg.read_text().replace('id="bg_iliopsoas_r"', 'id="iliopsoas"'))
    with pytest.raises(AnatomyError, match="unknown id") as err:
        load_atlas(broken)
    assert err.value.element == "iliopsoas"


def test_unsupported_svg_feature_names_the_file(broken):
    svg = broken / "sagittal_female.svg"
    svg.write_text(svg.read_text().replace('<g id="coccyx"', '<g id="coccyx" transform="scale(2)"'))
    with pytest.raises(AnatomyError, match="transform") as err:
        load_atlas(broken)
    assert err.value.file.endswith("sagittal_female.svg")


def test_invalid_yaml_names_anatomy_yaml(broken):
    y = broken / "anatomy.yaml"
    y.write_text(y.read_text() + "\n  : : [\n")
    with pytest.raises(AnatomyError) as err:
        load_atlas(broken)
    assert err.value.file.endswith("anatomy.yaml") and "YAML" in str(err.value)


@pytest.mark.parametrize("bad", ["reviewed: 2026-13-45\n", "reviewed: !!timestamp soon\n",
                                 "scale_px_per_cm: !!float nope\n"])
def test_a_value_yaml_cannot_build_names_anatomy_yaml(broken, bad):
    """PyYAML raises ValueError / AttributeError for these: still one AnatomyError."""
    y = broken / "anatomy.yaml"
    y.write_text(bad + y.read_text())
    with pytest.raises(AnatomyError) as err:
        load_atlas(broken)
    assert err.value.file.endswith("anatomy.yaml") and "YAML" in str(err.value)


def test_yaml_listing_a_structure_the_drawing_lacks(broken):
    y = broken / "anatomy.yaml"
    text = y.read_text()
    text = text.replace("drawings: [axial_female, axial_male]\n    label:\n      axial_female",
                        "drawings: [axial_female, axial_male, sagittal_male]\n    label:\n"
                        "      axial_female", 1)
    y.write_text(text)
    with pytest.raises(AnatomyError) as err:
        load_atlas(broken)
    assert err.value.file.endswith("sagittal_male.svg")
    assert "missing from the drawing" in str(err.value)


def test_label_anchor_outside_its_structure(broken):
    y = broken / "anatomy.yaml"
    text = y.read_text()
    m = re.search(r"  coccyx:\n(?:    .*\n)*?        anchor: \[([\d.]+), ([\d.]+)\]", text)
    assert m
    text = text[:m.start(1)] + "1.0, 1.0" + text[m.end(2):]
    y.write_text(text)
    with pytest.raises(AnatomyError, match="anchor") as err:
        load_atlas(broken)
    assert err.value.file.endswith("anatomy.yaml") and err.value.element == "coccyx"


@pytest.mark.parametrize("old, new, element", [
    ("scale_px_per_cm: 20.0", "scale_px_per_cm: -1", "scale_px_per_cm"),
    ("    medical: Coccyx\n", "", "coccyx"),
    ("    topic: bowel_control\n", "    topic: [1]\n", "anal_canal"),
    ("    view: axial\n    variant: male", "    view: coronal\n    variant: male", "axial_male"),
    ("file: axial_male.svg", "file: ../axial_male.svg", "axial_male"),
    ("  s3_line:\n    sagittal_female:", "  s3_line:\n    sagittal_other:", "s3_line"),
])
def test_schema_errors_name_the_field(broken, old, new, element):
    y = broken / "anatomy.yaml"
    text = y.read_text()
    assert old in text
    y.write_text(text.replace(old, new, 1))
    with pytest.raises(AnatomyError) as err:
        load_atlas(broken)
    assert err.value.file.endswith("anatomy.yaml") and err.value.element == element


def test_missing_drawing_file(broken):
    (broken / "axial_male.svg").unlink()
    with pytest.raises(AnatomyError, match="cannot read") as err:
        load_atlas(broken)
    assert err.value.file.endswith("axial_male.svg")


def test_structure_at_is_topmost(atlas):
    d = atlas.drawing("sagittal", "female")
    # the rectum lies over the mesorectum: its own anchor reports the rectum
    anchor = d.labels["rectum"].anchor
    assert structure_at(d, *anchor) == "rectum"
    assert structure_at(d, -10, -10) is None


def test_lazy_atlas_reads_a_drawing_only_when_asked_and_gives_the_same_drawing():
    from desktop_app.model.anatomy import load_atlas
    from desktop_app.infra.paths import resource_path

    eager = load_atlas(resource_path("anatomy"))
    lazy = load_atlas(resource_path("anatomy"), lazy=True)
    assert lazy.drawings == {} and len(lazy.pending) == len(eager.drawings)
    first = lazy.drawing("sagittal", "male")
    assert list(lazy.drawings) == [first.key] and len(lazy.pending) == len(eager.drawings) - 1
    assert lazy.drawing("sagittal", "male") is first  # read once
    for view, variant in (("sagittal", "female"), ("axial", "female"), ("axial", "male"),
                          ("posterior", "female"), ("posterior", "male")):
        d, e = lazy.drawing(view, variant), eager.drawing(view, variant)
        assert (d.key, d.shapes, d.labels, d.s3_line) == (e.key, e.shapes, e.labels, e.s3_line)
    assert lazy.pending == {}


def test_the_view_from_behind_differs_by_sex_as_the_pelvis_does():
    """Female: a shorter, wider sacrum, a wider pelvis (hip bones) and broader hips; the
    sacrum about 10-11 cm tall and the tailbone about 3 cm, at 20 units per cm."""
    from desktop_app.infra.paths import resource_path
    from desktop_app.model.anatomy import anatomy_box, load_atlas, structure_at, structure_box

    atlas = load_atlas(resource_path("anatomy"))
    f, m = atlas.drawing("posterior", "female"), atlas.drawing("posterior", "male")

    def size(d, sid):
        x0, y0, x1, y1 = structure_box(d, sid)
        return (x1 - x0) / 20.0, (y1 - y0) / 20.0

    (fw, fh), (mw, mh) = size(f, "sacrum"), size(m, "sacrum")
    assert 9.5 <= fh <= 10.5 and 10.5 <= mh <= 11.5          # height (cm)
    assert fw > mw and fw / fh > 1.05 > mw / mh               # wider than tall in women only
    # the tailbone's outline box (a little more than the bone's 3 to 3.3 cm)
    assert 2.5 <= size(f, "coccyx")[1] <= 3.6 and 2.5 <= size(m, "coccyx")[1] <= 3.6
    assert size(f, "hip_bone")[0] > size(m, "hip_bone")[0] + 2.0
    fb, mb = anatomy_box(f), anatomy_box(m)
    assert fb[2] - fb[0] > mb[2] - mb[0]                      # broader hips
    # the gluteal muscles are drawn over the bone, translucent, and leave the sacrum in view
    muscles = f.shapes_for("gluteal_muscles")
    assert muscles and all(s.fill_opacity < 0.6 for s in muscles if s.fill)
    for sid in ("sacrum", "coccyx"):
        x0, y0, x1, y1 = structure_box(f, sid)
        assert structure_at(f, (x0 + x1) / 2, y0 + (y1 - y0) * 0.4) == sid
