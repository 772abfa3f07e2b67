"""``named``: a Qt object's name given after construction, in the same expression."""

from PySide6.QtCore import QObject

from desktop_app.infra.qtnames import named


def test_named_sets_the_name_and_returns_the_same_object():
    obj = QObject()
    assert named(obj, "image_list") is obj
    assert obj.objectName() == "image_list"
    assert named(obj, "").objectName() == ""      # renaming works too
