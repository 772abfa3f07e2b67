"""The pure colour rules behind the drawing-tool icons (desktop_app.diagram.palette)."""

import pytest

from desktop_app.diagram.palette import (DANGER_ON_DARK, DANGER_ON_LIGHT, accent_on, contrast,
                                         danger_on, mix, readable_ink)

BACKGROUNDS = ("#f0f0f0", "#ffffff", "#2b2b2b", "#353535", "#000000", "#1e1e1e")


def test_contrast_and_mix():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#777777") == pytest.approx(1.0)
    assert mix("#000000", "#ffffff", 0.5) == "#808080"
    assert mix("#D55E00", "#D55E00", 0.3) == "#D55E00"


def test_ink_is_the_text_colour_that_reads():
    # button text left dark while the window went dark: the window text is used
    assert readable_ink("#2b2b2b", ("#000000", "#e6e6e6")) == "#e6e6e6"
    assert readable_ink("#f0f0f0", ("#000000", "#e6e6e6")) == "#000000"
    # neither reads: black or white
    assert readable_ink("#202020", ("#303030", "#282828")) == "#FFFFFF"


@pytest.mark.parametrize("bg", BACKGROUNDS)
def test_delete_red_and_lesion_orange_read_on_every_background(bg):
    assert contrast(danger_on(bg), bg) >= 4.5
    assert danger_on(bg) == (DANGER_ON_DARK if contrast("#000000", bg) < 5 else DANGER_ON_LIGHT)
    ink = readable_ink(bg, ("#000000", "#ffffff"))
    assert contrast(accent_on("#D55E00", bg, ink), bg) >= 4.5


def test_accent_kept_where_it_reads():
    assert accent_on("#D55E00", "#000000", "#ffffff") == "#D55E00"
    assert accent_on("#D55E00", "#f0f0f0", "#000000") != "#D55E00"   # darkened, same hue
