"""Marks on a scan at a constant size on screen, whatever the image's pixel size and zoom.

On the drawing a scene unit is about a screen pixel, so a lesion's badge, number, label and
outline, a stroke's or arrow's width and a note's text are drawn in scene units. On a key image
a scene unit is an image pixel: a 64 × 64 MRI fitted to the view is magnified ~10 times, a
2,048 px CT shrunk 3 times. The image view calls
:func:`follow_zoom` whenever its zoom changes; it tells the scene (``mark_unit``, read by marks
added later) and every mark how many scene units one screen pixel is.
"""

from __future__ import annotations

from desktop_app.diagram.items import MarkItem


def follow_zoom(view) -> float:
    """Set the scene's marks to the view's zoom; returns the unit (scene units per pixel)."""
    scene = view.scene()
    zoom = abs(view.transform().m11()) or 1.0
    unit = 1.0 / zoom
    if scene is None:
        return unit
    scene.mark_unit = unit
    for item in scene.items():
        if isinstance(item, MarkItem):
            item.set_unit(unit)
    return unit
