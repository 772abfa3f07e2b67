"""Fast checks of what the build uses: bundle filters, Windows version info, icons (no build)."""

import ast
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "build_spec"))
import bundle_filters as bf
import bundle_numpy
import version_info as vi

KEEP = [
    "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6Gui.so.6",
    "PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/Qt/lib/libQt6SvgWidgets.so.6", "PySide6/Qt/lib/libQt6PrintSupport.so.6",
    "PySide6/Qt/lib/libQt6DBus.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    "PySide6/Qt/lib/libicudata.so.73", "PySide6/QtWidgets.abi3.so", "PySide6/QtSvg.abi3.so",
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/libqminimal.so", "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so", "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    # Windows and macOS spellings
    "PySide6/Qt6Core.dll", "PySide6/Qt6Widgets.dll", "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/plugins/styles/qmodernwindowsstyle.dll",
    "PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui",
    "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
    "libpython3.11.so.1.0", "pillow.libs/libjpeg-6dc8d115.so.62.4.0",
]
DROP = [
    "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Qml.so.6",
    "PySide6/Qt/lib/libQt6Network.so.6", "PySide6/Qt/lib/libQt6OpenGL.so.6",
    "PySide6/Qt/lib/libQt6WaylandClient.so.6", "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
    "PySide6/Qt/lib/libQt6VirtualKeyboard.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6",
    "PySide6/Qt/lib/libQt6WebEngineCore.so.6", "PySide6/Qt/lib/libQt6Multimedia.so.6",
    "PySide6/Qt/lib/libQt63DCore.so.6", "PySide6/Qt/lib/libQt6Designer.so.6",
    "libpyside6qml.abi3.so.6.12", "libQt6Network.so.6",
    "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so", "PySide6/Qt/plugins/platforms/libqminimalegl.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/plugins/imageformats/libqwebp.so", "PySide6/Qt/plugins/imageformats/libqpdf.so",
    "PySide6/Qt/plugins/sqldrivers/libqsqlite.so", "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/plugins/qmltooling/libqmldbg_tcp.so",
    "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
    "PySide6/Qt6Quick.dll", "PySide6/plugins/platforms/qdirect2d.dll",
    "PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick",
]


@pytest.mark.parametrize("dest", KEEP)
def test_needed_binaries_are_kept(dest):
    assert bf.keep_binary(dest, platform="linux")


@pytest.mark.parametrize("dest", DROP)
def test_unused_binaries_are_dropped(dest):
    assert not bf.keep_binary(dest, platform="linux")


def test_cups_comes_from_the_system_on_linux_only():
    assert not bf.keep_binary("libcups.so.2", platform="linux")
    assert bf.keep_binary("libcups.2.dylib", platform="darwin")


@pytest.mark.parametrize("dest,keep", [
    ("PySide6/Qt/translations/qtbase_es.qm", True),
    ("PySide6/Qt/translations/qtbase_en.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qtdeclarative_es.qm", False),
    ("PySide6/Qt/qml/QtQuick/qmldir", False),
    ("PySide6/Qt/lib/QtQuick.framework/Resources/Info.plist", False),
    ("pyphen/dictionaries/hyph_es.dic", True),
    ("pyphen/dictionaries/hyph_de_DE.dic", False),
    ("resources/anatomy/sagittal_female.svg", True),
    ("content/en/symptoms.yaml", True),
])
def test_data_filter(dest, keep):
    assert bf.keep_data(dest) is keep


def test_excludes_keep_what_the_app_imports():
    used = {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg",
            "PySide6.QtSvgWidgets", "PySide6.QtPrintSupport", "PIL.Image", "PIL.PngImagePlugin",
            "PIL.JpegImagePlugin", "yaml", "reportlab", "logging", "json", "xml"}
    assert not used & set(bf.EXCLUDES)
    assert "PySide6.QtNetwork" in bf.EXCLUDES and "ssl" in bf.EXCLUDES


def test_windows_version_info_is_valid_and_follows_the_package():
    from desktop_app import __version__

    text = vi.version_info_text(__version__, year=2026)
    tree = ast.parse(text, mode="eval")  # PyInstaller evaluates exactly this expression
    assert isinstance(tree.body, ast.Call) and tree.body.func.id == "VSVersionInfo"
    assert str(vi.version_tuple(__version__)) in text
    assert f"'ProductVersion', '{__version__}'" in text
    assert "'OriginalFilename', 'presacral-consult.exe'" in text


@pytest.mark.parametrize("version,expected", [
    ("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.1rc1", (2, 0, 1, 0)),
    ("1.0.dev4", (1, 0, 0, 0)), ("1.2.3.4", (1, 2, 3, 4)),
])
def test_version_tuple(version, expected):
    assert vi.version_tuple(version) == expected


@pytest.mark.parametrize("bad", ["", "v1", "70000.0"])
def test_version_tuple_rejects(bad):
    with pytest.raises(ValueError):
        vi.version_tuple(bad)


def test_icons_exist_in_every_format_and_size():
    from PIL import Image

    icons = ROOT / "resources" / "icons"
    for size in (256, 512):
        with Image.open(icons / f"presacral-consult-{size}.png") as im:
            assert im.size == (size, size) and im.mode == "RGBA"
    with Image.open(icons / "presacral-consult.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(icons / "presacral-consult.icns") as icns:
        assert (512, 512, 2) in icns.info["sizes"]
    svg = (icons / "presacral-consult.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "filter" not in svg


def test_icon_svg_is_what_the_generator_draws():
    import make_icons

    assert (ROOT / "resources" / "icons" / "presacral-consult.svg").read_text(
        encoding="utf-8") == make_icons.icon_svg()


# ------------------------------------------------------------ libraries opened at run time
def _fake_package(root, name="dlopener"):
    pkg = root / name
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    for lib in ("libengine.so", "sub/libcodec.so.3", "_speed.cpython-311-x86_64-linux-gnu.so",
                "_small.abi3.so", "plain.so", "engine.dll", "readme.txt"):
        (pkg / lib).write_bytes(b"\x7fELF")
    return pkg


def test_package_libraries_are_the_plain_libraries_next_to_the_python_files(tmp_path,
                                                                            monkeypatch):
    _fake_package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    found = sorted(dest for dest, _src, kind in bf.package_libraries({"dlopener", "json"}))
    assert found == ["dlopener/engine.dll", "dlopener/libengine.so", "dlopener/sub/libcodec.so.3"]
    assert bf.package_libraries({"PySide6"}) == []   # Qt: the name filters decide


def test_pdfium_is_found_by_the_rule_not_by_name():
    found = {dest for dest, _src, _kind in bf.package_libraries({"pypdfium2_raw", "pypdfium2"})}
    assert {d for d in found if "pdfium" in d.lower()}, found


class _Analysis:
    def __init__(self, pure, binaries):
        self.pure, self.binaries, self.datas = pure, binaries, []


def test_a_run_time_library_survives_the_orphan_pruning(tmp_path, monkeypatch):
    """Nothing links to libengine.so: before the rule the pruning dropped it (as it dropped
    pypdfium2_raw/libpdfium.so and broke printing); an orphan outside any package still goes."""
    pkg = _fake_package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    orphan = tmp_path / "liborphan.so.1"
    orphan.write_bytes(b"\x7fELF")
    a = _Analysis(pure=[("dlopener", str(pkg / "__init__.py"), "PYMODULE")],
                  binaries=[("dlopener/libengine.so", str(pkg / "libengine.so"), "BINARY"),
                            ("liborphan.so.1", str(orphan), "BINARY")])
    log: list[str] = []
    bf.filter_analysis(a, log=log.append)
    kept = sorted(e[0] for e in a.binaries)
    assert kept == ["dlopener/engine.dll", "dlopener/libengine.so", "dlopener/sub/libcodec.so.3"]
    assert "bundle_filters: dropping unreferenced library liborphan.so.1" in log
    assert "bundle_filters: adding dlopener/sub/libcodec.so.3 (its package opens it at run " \
           "time)" in log
    # the package not imported: its libraries are not shipped
    b = _Analysis(pure=[], binaries=[("dlopener/libengine.so", str(pkg / "libengine.so"),
                                      "BINARY")])
    bf.filter_analysis(b, log=log.append)
    assert b.binaries == []


# ------------------------------------------------------------ numpy without BLAS (Linux)
@pytest.mark.parametrize("platform,env,wanted", [
    ("linux", {}, True),
    ("linux", {bundle_numpy.ENV_CHOICE: "wheel"}, False),
    ("linux", {bundle_numpy.ENV_CHOICE: " Wheel "}, False),
    ("linux", {bundle_numpy.ENV_CHOICE: "noblas"}, True),
    ("win32", {}, False),
    ("darwin", {}, False),
])
def test_numpy_is_built_without_blas_on_linux_only(platform, env, wanted):
    assert bundle_numpy.wanted(platform, env) is wanted


def test_the_built_numpy_is_kept_per_numpy_python_machine_and_options(tmp_path, monkeypatch):
    site = bundle_numpy.site_dir(tmp_path, "2.4.6")
    assert site.parent == tmp_path
    assert site.name.startswith(f"numpy-noblas-2.4.6-{sys.implementation.cache_tag}-")
    assert bundle_numpy.site_dir(tmp_path, "2.5.0") != site
    monkeypatch.setattr(bundle_numpy, "SETUP_ARGS", (*bundle_numpy.SETUP_ARGS, "-Dx=y"))
    assert bundle_numpy.site_dir(tmp_path, "2.4.6") != site
    # in the account's cache folder by default (not $HOME's: the tests move HOME), or where
    # PRESACRAL_CONSULT_BUILD_CACHE says
    assert bundle_numpy.cache_dir({bundle_numpy.CACHE_ENV: str(tmp_path)}) == tmp_path
    default = bundle_numpy.cache_dir({})
    assert default.parts[-2:] == (".cache", "presacral-consult-build")
    assert not default.is_relative_to(os.environ["HOME"])  # conftest's temporary HOME


def test_a_folder_without_numpy_or_with_openblas_is_refused(tmp_path):
    assert bundle_numpy.check(tmp_path) == f"no numpy in {tmp_path}"
    (tmp_path / "numpy").mkdir()
    (tmp_path / "numpy" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "numpy.libs").mkdir()
    assert bundle_numpy.check(tmp_path) == f"{tmp_path} has numpy.libs (a wheel's OpenBLAS)"
    (tmp_path / "numpy.libs").rmdir()
    # a numpy that imports but is not the one without BLAS: its own check's last line
    assert "AttributeError" in (bundle_numpy.check(tmp_path) or "")


def test_the_bundle_numpy_has_no_blas_and_works():
    """The folder the spec ships on Linux (made by `make build` / `make test` before the
    tests): numpy imports from it, says blas none, and its matmul and linalg answer."""
    if not bundle_numpy.wanted():
        pytest.skip("numpy without BLAS is built on Linux only")
    site = bundle_numpy.site_dir()
    if not site.is_dir() and os.environ.get("CI") != "true":
        pytest.skip(f"not built yet: python build_spec/bundle_numpy.py ({site})")
    assert bundle_numpy.check(site) is None


def test_a_failed_numpy_build_is_one_warning_and_the_wheel(tmp_path, monkeypatch):
    def fail(site, version, log=print):
        raise subprocess.CalledProcessError(1, ["pip"], stderr="ERROR: no compiler\n")

    monkeypatch.setattr(bundle_numpy, "build", fail)
    monkeypatch.delenv(bundle_numpy.ENV_CHOICE, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    log: list[str] = []
    assert bundle_numpy.ensure(tmp_path, log=log.append) is None
    assert log == ["bundle_numpy: WARNING: shipping the installed numpy with OpenBLAS "
                   "(+27 MiB): numpy without BLAS could not be built: ERROR: no compiler"]


def test_a_built_folder_that_does_not_work_is_built_again(tmp_path, monkeypatch):
    """E.g. a numpy from pip's wheel cache built with other options: replaced, not shipped."""
    monkeypatch.delenv(bundle_numpy.ENV_CHOICE, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    site = bundle_numpy.site_dir(tmp_path)
    (site / "numpy").mkdir(parents=True)
    (site / "numpy" / "__init__.py").write_text("raise ImportError('with OpenBLAS')\n",
                                                 encoding="utf-8")
    (site / ".complete").write_text("numpy\n", encoding="utf-8")
    built = []
    monkeypatch.setattr(bundle_numpy, "build", lambda s, v, log=print: built.append((s, v)))
    monkeypatch.setattr(bundle_numpy, "check", lambda s: None if built else "no")
    log: list[str] = []
    assert bundle_numpy.ensure(tmp_path, log=log.append) == site
    assert built == [(site, bundle_numpy.metadata.version("numpy"))]
    assert log == [f"bundle_numpy: {site} is not usable (no): building it again"]
    assert not site.exists()  # removed before the (here pretended) build
