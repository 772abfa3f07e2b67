"""The one rule for "the typed size and the scan outline disagree": more than 20 % of the typed
size, longer with longer and shorter with shorter, tested at the limit and just past it."""

from __future__ import annotations

import pytest

from desktop_app.model import lesions as rules
from desktop_app.model.consultation import Lesion
from desktop_app.model.images import import_image
from tests.dicom_samples import make_mri_like


def test_the_limit_is_twenty_percent_of_the_typed_size():
    assert rules.SIZE_MISMATCH == 0.20
    # 5 cm typed: 6.0 and 4.0 measured are exactly 20 % off (not flagged), a hair more is
    assert not rules.sizes_differ((5.0, None), (6.0, 1.0))
    assert rules.sizes_differ((5.0, None), (6.01, 1.0))
    assert not rules.sizes_differ((5.0, 4.0), (4.0, 3.2))
    assert rules.sizes_differ((5.0, 4.0), (3.99, 3.2))
    # the shorter sizes too: 4 cm typed, 4.8 measured at the limit, 4.81 past it
    assert not rules.sizes_differ((5.0, 4.0), (5.0, 4.8))
    assert rules.sizes_differ((5.0, 4.0), (5.0, 4.81))


def test_longer_is_compared_with_longer_whatever_the_order():
    assert not rules.sizes_differ((2.0, 5.0), (5.0, 2.0))     # width typed first
    assert not rules.sizes_differ((None, 5.0), (2.0, 5.0))    # one size: with the longer
    assert not rules.sizes_differ((None, None), (9.0, 9.0))   # nothing typed: nothing said


@pytest.fixture
def scan(tmp_path):
    # 0.5 mm pixels: 20 pixels are 1 cm
    return import_image(make_mri_like(tmp_path / "s.dcm", rows=200, cols=200,
                                      spacing=(0.5, 0.5)), "Your MRI scan")


def test_a_lesion_typed_on_the_drawing_and_outlined_on_a_scan(scan):
    drawing = Lesion(view="sagittal", number=1, length_cm=5.0, width_cm=4.0)
    # outline 6 × 4 cm (radii 60 and 40 pixels): exactly 20 % longer, not flagged
    outline = Lesion(view=scan.view_name, number=1, cx=100, cy=100, rx=60, ry=40)
    assert rules.size_mismatch([drawing, outline], [scan], 1) is None
    # 6.1 × 4 cm: flagged, with both sizes and the scan it was measured on
    wider = Lesion(view=scan.view_name, number=1, cx=100, cy=100, rx=61, ry=40)
    found = rules.size_mismatch([drawing, wider], [scan], 1)
    assert found is not None and found.image is scan
    assert found.typed == (5.0, 4.0) and found.measured == pytest.approx((6.1, 4.0))
    # another lesion's number, or no size typed at all: nothing
    assert rules.size_mismatch([drawing, wider], [scan], 2) is None
    untyped = Lesion(view="sagittal", number=1)
    assert rules.size_mismatch([untyped, wider], [scan], 1) is None


def test_the_drawing_s_typed_size_wins_and_an_unmeasured_scan_is_not_compared(scan, tmp_path):
    from tests.dicom_samples import make_png

    outline = Lesion(view=scan.view_name, number=1, cx=100, cy=100, rx=40, ry=40,
                     length_cm=4.0, width_cm=4.0)          # typed on the scan: 4 × 4, matches
    drawing = Lesion(view="sagittal", number=1, length_cm=2.0, width_cm=2.0)
    assert rules.typed_size([outline, drawing], 1) == (2.0, 2.0)
    assert rules.size_mismatch([outline, drawing], [scan], 1) is not None
    shot = import_image(make_png(tmp_path / "a.png", 120, 90), "Your CT scan")
    on_shot = Lesion(view=shot.view_name, number=1, cx=60, cy=45, rx=50, ry=40)
    assert rules.size_mismatch([drawing, on_shot], [shot], 1) is None   # no pixel size
