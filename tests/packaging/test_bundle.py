"""The real PyInstaller build, then the frozen executable run the way IT and CI run it.

One build per test session (about 2-4 min on 2 shared cores) into a temporary dist/work folder
(``PRESACRAL_CONSULT_TEST_BUNDLE=DIR`` reuses a build made with ``--distpath DIR/dist
--workpath DIR/work``), then: the bundle's layout and trimming, that no shipped library lost a
dependency to the filters, the frozen ``--selftest`` (printing included), ``export`` (PDF parsed
back), GUI start (offscreen and, when Xvfb is installed, on a real X server), one-line errors
(no display, missing files), and every user path that loads code late: printing (PDFium, loaded
with ctypes), each DICOM decoder, right-to-left and shaped text, the computer's fonts (fontTools,
uharfbuzz) and the series browser's worker thread.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT

sys.path.insert(0, str(ROOT / "build_spec"))
import bundle_numpy  # build_spec is not a package: on sys.path above

pytestmark = pytest.mark.slow

SPEC = ROOT / "build_spec" / "presacral_consult.spec"
IS_WIN = sys.platform.startswith("win")
IS_LINUX = sys.platform.startswith("linux")
NAME = "presacral-consult"
CLINIC = "Riverside Colorectal Clinic (packaging test)"
# Signs of a broken bundle in any output (after tlecomte/friture scripts/smoke_test.py).
FATAL = ("Traceback", "ModuleNotFoundError", "ImportError", "Fatal Python error",
         "could not load the Qt platform plugin", "Could not find the Qt platform plugin",
         "error while loading shared libraries", "cannot open shared object",
         "undefined symbol", "core dumped", "error: unexpected")


class Bundle:
    def __init__(self, folder: Path, work: Path):
        self.folder = folder
        self.work = work
        self.internal = folder / "_internal"
        self.exe = folder / (f"{NAME}-cli.exe" if IS_WIN else NAME)  # Windows: console twin


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Bundle:
    prebuilt = os.environ.get("PRESACRAL_CONSULT_TEST_BUNDLE")
    if prebuilt:
        return Bundle(Path(prebuilt) / "dist" / NAME, Path(prebuilt) / "work" / "presacral_consult")
    base = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(base / "dist"),
         "--workpath", str(base / "work"), str(SPEC)],
        cwd=ROOT, capture_output=True, text=True, timeout=1800)  # + numpy, once
    assert result.returncode == 0, f"PyInstaller failed:\n{result.stderr[-6000:]}"
    folder = base / "dist" / NAME
    assert folder.is_dir(), result.stderr[-3000:]
    return Bundle(folder, base / "work" / "presacral_consult")


@pytest.fixture
def home(tmp_path) -> dict:
    """An isolated user: settings, logs and recovery files go to tmp, no config anywhere."""
    env = dict(os.environ)
    env.pop("PRESACRAL_CONSULT_CONFIG", None)
    env.pop("PRESACRAL_CONSULT_EXIT_AFTER_SHOW", None)
    env.pop("DISPLAY", None)
    env.update(HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "home" / "config"),
               XDG_DATA_HOME=str(tmp_path / "home" / "data"),
               XDG_CACHE_HOME=str(tmp_path / "home" / "cache"),
               XDG_CONFIG_DIRS=str(tmp_path / "etc-xdg"), QT_QPA_PLATFORM="offscreen",
               APPDATA=str(tmp_path / "home" / "Roaming"),
               LOCALAPPDATA=str(tmp_path / "home" / "Local"),
               PROGRAMDATA=str(tmp_path / "ProgramData"))
    return env


def run(bundle: Bundle, *args, env, cmd_prefix=(), timeout=120):
    result = subprocess.run([*cmd_prefix, str(bundle.exe), *map(str, args)], env=env,
                            cwd=bundle.folder.parent, capture_output=True, text=True,
                            timeout=timeout)
    combined = result.stdout + result.stderr
    fatal = [m for m in FATAL if m in combined]
    assert not fatal, f"{fatal} in output of {args}:\n{combined[-4000:]}"
    return result


def write_config(path: Path, **values) -> Path:
    lines = [f"{k}: {v}" for k, v in {"clinic_name": CLINIC, "phone": "01234 567890",
                                      "paper": "Letter", **values}.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------------- layout
def test_layout_mirrors_the_source_tree(bundle):
    assert bundle.exe.is_file() and os.access(bundle.exe, os.X_OK)
    internal = bundle.internal
    assert (internal / "content" / "en").is_dir()
    assert sorted(p.name for p in (internal / "content" / "en").glob("*.yaml")) == \
        sorted(p.name for p in (ROOT / "content" / "en").glob("*.yaml"))
    for icon in ("presacral-consult.svg", "presacral-consult-256.png", "presacral-consult.ico"):
        assert (internal / "resources" / "icons" / icon).is_file()
    assert not (internal / "resources" / "anatomy" / "tools").exists()  # dev scripts stay out
    assert not list(internal.joinpath("resources").rglob("__pycache__"))
    dangling = [str(p) for p in bundle.folder.rglob("*") if p.is_symlink() and not p.exists()]
    assert not dangling


def test_unused_qt_is_left_out(bundle):
    names = [str(p.relative_to(bundle.internal)).replace("\\", "/")
             for p in bundle.internal.rglob("*") if p.is_file()]
    qt_libs = [n for n in names if re.search(r"Qt6?(Quick|Qml|Network|WebEngine|Multimedia|3D|"
                                             r"Pdf|Designer|Wayland|OpenGL|Sql|Test)", n)]
    assert not qt_libs, qt_libs
    platforms = {Path(n).name.split(".")[0].removeprefix("lib") for n in names
                 if "/plugins/platforms/" in n}
    if IS_LINUX:
        assert platforms == {"qoffscreen", "qminimal", "qxcb"}, platforms
    translations = sorted(Path(n).name for n in names if n.endswith(".qm"))
    assert translations == ["qtbase_en.qm", "qtbase_es.qm"] or not translations, translations
    assert not [n for n in names if Path(n).name.startswith(("libgtk", "libcups.", "libssl"))]


def test_app_code_and_pdf_stack_are_in_and_test_tools_are_out(bundle):
    toc = (bundle.work / "PYZ-00.toc").read_text(encoding="utf-8")
    modules = set(re.findall(r"\('([\w.]+)',", toc))
    for needed in ("desktop_app.app", "desktop_app.infra.config", "desktop_app.infra.paths",
                   "desktop_app.export", "desktop_app.model.storage", "desktop_app.ui.main_window",
                   "reportlab.platypus", "reportlab.pdfbase.ttfonts", "yaml", "PIL.PngImagePlugin",
                   "PIL.JpegImagePlugin", "desktop_app.ui.print_summary", "pypdfium2"):
        assert needed in modules, needed
    assert "desktop_app.export.pdf" in modules
    leaked = sorted(m for m in modules if m.split(".")[0] in (
        "pytest", "pytestqt", "hypothesis", "pypdf", "textstat", "PyInstaller", "tkinter", "ssl"))
    assert not leaked, leaked


def app_imports() -> dict[str, str]:
    """Every module an import statement of desktop_app names, at the top of a module or inside
    a function (the late ones), with the first file that names it. ``from X import y`` names
    X.y too, which counts when y is a submodule."""
    import ast

    names: dict[str, str] = {}
    for path in sorted((ROOT / "desktop_app").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    names.setdefault(alias.name, rel)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.setdefault(node.module, rel)
                for alias in node.names:
                    names.setdefault(f"{node.module}.{alias.name}", rel)
    return names


def bundled_modules(bundle: Bundle) -> set[str]:
    """Modules the frozen app can import: the archive's (PYZ), the bootstrap's, the frozen
    standard library (base_library.zip), extension modules on disk and built-ins."""
    import zipfile

    found = set(sys.builtin_module_names)
    for toc in ("PYZ-00.toc", "PKG-00.toc"):
        found |= set(re.findall(r"\('([\w.]+)',", (bundle.work / toc).read_text(encoding="utf-8")))
    with zipfile.ZipFile(bundle.internal / "base_library.zip") as archive:
        found |= {n[:-4].replace("/", ".").removesuffix(".__init__")
                  for n in archive.namelist() if n.endswith(".pyc")}
    for path in bundle.internal.rglob("*"):
        rel = path.relative_to(bundle.internal).as_posix()
        ext = re.match(r"(?:python3\.\d+/lib-dynload/)?(.+?)\.(?:cpython-[^.]+|abi3)\.(?:so|pyd)$",
                       rel) or re.match(r"(.+?)\.pyd$", rel)
        if ext:
            found.add(ext.group(1).replace("/", "."))
    return found


def test_every_module_the_app_imports_is_in_the_bundle(bundle):
    """A rule, not a list: each module the app imports, also the ones imported only when a
    feature is first used (DICOM, printing, fonts, shaping), is in the bundle, unless it does
    not exist on this system either (another platform's module)."""
    import importlib.util

    shipped = bundled_modules(bundle)
    missing = {}
    for name, where in sorted(app_imports().items()):
        if name.split(".")[0] in ("desktop_app", "__future__") or name in shipped:
            continue
        try:
            exists = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):  # X.y where y is a name in module X, not a module
            exists = False
        if exists:
            missing[name] = where
    assert not missing, missing
    # the rule sees the late imports: a few of them, by name
    assert {"pydicom", "imagecodecs", "pypdfium2", "fontTools.subset", "uharfbuzz",
            "numpy"} <= set(app_imports())


@pytest.mark.skipif(not (IS_LINUX and bundle_numpy.wanted()), reason="Linux bundle numpy")
def test_numpy_is_shipped_without_openblas(bundle):
    """numpy built without BLAS (build_spec/bundle_numpy.py): no OpenBLAS, Fortran or quadmath
    runtime anywhere in the bundle, and the numpy shipped is that build."""
    heavy = [p.name for p in bundle.internal.rglob("*")
             if re.search(r"openblas|gfortran|quadmath", p.name, re.I)]
    assert not heavy, heavy
    assert not (bundle.internal / "numpy.libs").exists()
    assert (bundle.internal / "numpy" / "_core").is_dir()


def test_bundle_is_at_most_one_and_a_half_times_a_bare_pyside6_bundle(bundle, tmp_path):
    """The size target as a test: a bare PySide6 hello-world built here exactly as
    benchmarks/bundle.py builds it (same excludes, Qt name filters, strip), and our bundle at
    most 1.5 times its size. A package or library that sneaks in shows here first."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bundle_bench", ROOT / "benchmarks" / "bundle.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.build(bench.write_hello(tmp_path), tmp_path / "dist", tmp_path / "work")
    app, hello = bench.folder_size(bundle.folder), bench.folder_size(tmp_path / "dist" / "hello")
    assert bench.SIZE_TARGET == 1.5
    assert app <= 1.5 * hello, (f"app {app / 2**20:.1f} MiB is {app / hello:.2f} x the bare "
                                f"bundle's {hello / 2**20:.1f} MiB")


@pytest.mark.skipif(not IS_LINUX or not shutil.which("ldd"), reason="ldd (Linux) check")
def test_filters_did_not_break_any_link(bundle):
    """Every shipped library finds what it links to; what is missing is only ever a system
    library that is also missing on this build machine, never something we ship or dropped."""
    env = dict(os.environ, LD_LIBRARY_PATH=str(bundle.internal))
    missing: dict[str, set[str]] = {}
    for path in bundle.internal.rglob("*.so*"):
        if path.is_symlink() or not path.is_file():
            continue
        out = subprocess.run(["ldd", str(path)], env=env, capture_output=True, text=True)
        for name in re.findall(r"^\s*(\S+) => not found", out.stdout, re.M):
            missing.setdefault(name, set()).add(path.name)
    ours = {n: sorted(v) for n, v in missing.items()
            if n.startswith(("libQt6", "libpyside6", "libshiboken6", "libpython", "libicu"))}
    assert not ours, ours
    others = {n: sorted(v) for n, v in missing.items() if not n.startswith("libcups")}
    if others:
        warnings.warn(f"system libraries missing on this build machine (install them before "
                      f"building, see Makefile DEB_X11): {others}", stacklevel=1)


# ------------------------------------------------------------------------- frozen runs
def test_frozen_version(bundle, home):
    from desktop_app import __version__

    result = run(bundle, "--version", env=home)
    assert result.returncode == 0 and __version__ in result.stdout


def test_frozen_selftest(bundle, home):
    result = run(bundle, "--selftest", env=home)
    assert result.returncode == 3, result.stderr     # no clinic configuration: no phone
    assert "selftest incomplete" in result.stdout and "content en" in result.stdout
    assert "config: none found" in result.stdout
    assert "pdf: ok" in result.stdout
    # File > Print's code: PDFium (loaded with ctypes) rendered the pages, a QPrinter printed
    assert "print: ok (" in result.stdout and "pages through the printer)" in result.stdout
    assert "names printed in: Latin" in result.stdout


def test_frozen_selftest_fails_for_a_missing_logo(bundle, home, tmp_path):
    config = write_config(tmp_path / "c.yaml", logo=tmp_path / "gone.png",
                          out_of_hours_phone="01234 000000", country="US")
    result = run(bundle, "--config", config, "--selftest", env=home)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"presacral-consult: error: {config}: the clinic configuration names a file that is "
        f"not there: 'logo' ({tmp_path / 'gone.png'})"]


@pytest.mark.skipif(not IS_LINUX, reason="X11 / Wayland (Linux)")
@pytest.mark.parametrize("platform", [None, "xcb"])
def test_frozen_app_without_a_display_says_so_in_one_line(bundle, home, platform):
    from desktop_app.infra.display import NO_DISPLAY

    env = {k: v for k, v in home.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    if platform:
        env["QT_QPA_PLATFORM"] = platform
    result = run(bundle, env=env)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [f"presacral-consult: error: {NO_DISPLAY}"]


def test_frozen_export_uses_the_clinic_config(bundle, home, tmp_path):
    from pypdf import PdfReader

    logo = ROOT / "resources" / "icons" / "presacral-consult-256.png"
    with_logo = write_config(tmp_path / "with-logo.yaml", logo=str(logo))
    out = tmp_path / "summary.pdf"
    result = run(bundle, "export", EXAMPLE, "--out", out, "--config", with_logo, env=home)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    text = "".join(page.extract_text() for page in reader.pages)
    assert CLINIC in text and "01234 567890" in text
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (612, 792)  # Letter, from the config

    # The same with a logo that is not there: a warning, and still a summary.
    no_logo = write_config(tmp_path / "no-logo.yaml", logo="missing.png")
    out2 = tmp_path / "summary-no-logo.pdf"
    result = run(bundle, "export", EXAMPLE, "--out", out2, "--config", no_logo, env=home)
    assert result.returncode == 0, result.stderr
    reader2 = PdfReader(out2)
    assert CLINIC in reader2.pages[0].extract_text()
    # the PNG logo was read by the frozen Pillow and placed on page 1
    assert len(reader.pages[0].images) > len(reader2.pages[0].images)


def test_frozen_config_from_environment_and_errors(bundle, home, tmp_path):
    env = dict(home, PRESACRAL_CONSULT_CONFIG=str(write_config(tmp_path / "c.yaml")))
    result = run(bundle, "--selftest", env=env)
    assert result.returncode == 0 and f"config: {tmp_path / 'c.yaml'}" in result.stdout

    bad = tmp_path / "bad.yaml"
    bad.write_text("clinic_name: X\npaper: A5\n", encoding="utf-8")
    result = run(bundle, "--config", bad, "--selftest", env=home)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert str(bad) in result.stderr and "line 2" in result.stderr and "'paper'" in result.stderr


def test_frozen_gui_starts_and_logs_where_the_readme_says(bundle, home, tmp_path):
    env = dict(home, PRESACRAL_CONSULT_EXIT_AFTER_SHOW="1")
    result = run(bundle, env=env)
    assert result.returncode == 0, result.stderr
    assert "window shown" in result.stdout
    if IS_LINUX:  # QStandardPaths AppLocalDataLocation, as documented in README "For IT"
        log = (Path(home["XDG_DATA_HOME"]) / "PresacralConsult" / "presacral-consult" / "logs"
               / "presacral-consult.log")
        assert log.is_file() and "app started" in log.read_text(encoding="utf-8")


@pytest.mark.skipif(not (IS_LINUX and shutil.which("xvfb-run")), reason="needs Xvfb (Linux)")
def test_frozen_gui_starts_on_a_real_x_server(bundle, home):
    """The xcb platform plugin and its system libraries, as on a consultation-room PC."""
    env = dict(home, PRESACRAL_CONSULT_EXIT_AFTER_SHOW="1", QT_QPA_PLATFORM="xcb")
    result = run(bundle, env=env, cmd_prefix=("xvfb-run", "-a", "-s", "-screen 0 1600x1000x24"))
    assert result.returncode == 0, result.stderr
    assert "window shown" in result.stdout


FROZEN_DICOM = r"""
import json, os
from desktop_app.model.images import ImageError, import_image
from desktop_app.model.scans import scan_folder
out = {}
for name in json.loads(os.environ["DICOM_FILES"]):
    try:
        image = import_image(os.path.join(os.environ["DICOM_DIR"], name))
        out[name] = [image.kind, image.width, image.height]
    except ImageError as exc:
        out[name] = str(exc)
out["series"] = len(scan_folder(os.path.join(os.environ["DICOM_DIR"], "dicomdirtests")).series)
# numpy as shipped: its BLAS, and the matrix code pydicom and the decoders may reach
import numpy as np
from pydicom.pixels import convert_color_space
out["blas"] = np.show_config("dicts")["Build Dependencies"]["blas"]["name"]
ybr = np.array([[[76, 85, 255], [150, 44, 21], [29, 255, 107]]], dtype=np.uint8)
out["ybr_to_rgb"] = convert_color_space(ybr, "YBR_FULL", "RGB").tolist()
a = np.array([[4.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 2.0]])
out["solve"] = np.linalg.solve(a, [5.0, 5.0, 3.0]).round(12).tolist()
out["matmul"] = (a @ a).tolist()
out["matmul32"] = (np.ones((64, 64), np.float32) @ np.full((64, 3), 0.5, np.float32)).sum().item()
with open(os.environ["RESULT"], "w", encoding="utf-8") as fh:
    json.dump(out, fh)
"""


def test_frozen_app_decodes_compressed_scans(bundle, home, tmp_path):
    """Every decoder the app uses is in the bundle and loads there (numpy as shipped, on Linux
    without BLAS; imagecodecs' lazily loaded codecs, pydicom's own handlers), and numpy's
    matrix code (pydicom's YBR to RGB, linalg) gives the answers it gives from source."""
    import json

    import pydicom.data

    files = {"MR_small_RLE.dcm": "dicom-gray16", "image_dfl.dcm": "dicom-gray16",
             "JPGExtended.dcm": "dicom-gray16", "SC_rgb_jpeg_gdcm.dcm": "png",
             "MR_small_jpeg_ls_lossless.dcm": "dicom-gray16",
             "MR_small_jp2klossless.dcm": "dicom-gray16", "GDCMJ2K_TextGBR.dcm": "png",
             "SC_rgb_jpeg_dcmtk.dcm": "png", "examples_palette.dcm": "png"}
    # HTJ2K: imagecodecs' OpenJPEG module, loaded only when such a file is opened
    from tests.modern_samples import htj2k

    files[str(htj2k(tmp_path / "htj2k.dcm")[0])] = "dicom-gray16"
    driver = tmp_path / "driver.py"
    driver.write_text(FROZEN_DICOM, encoding="utf-8")
    result_file = tmp_path / "result.json"
    env = dict(home, PRESACRAL_CONSULT_TEST_DRIVER=str(driver), RESULT=str(result_file),
               DICOM_FILES=json.dumps(sorted(files)),
               DICOM_DIR=str(Path(pydicom.data.__file__).parent / "test_files"))
    result = run(bundle, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    got = json.loads(result_file.read_text(encoding="utf-8"))
    assert {name: got[name][0] if isinstance(got[name], list) else got[name]
            for name in files} == files
    assert got["series"] == 13
    import numpy as np
    from pydicom.pixels import convert_color_space

    ybr = np.array([[[76, 85, 255], [150, 44, 21], [29, 255, 107]]], dtype=np.uint8)
    expected = convert_color_space(ybr, "YBR_FULL", "RGB").astype(int)
    # float32 sums in another order may round a channel the other way: at most 1 apart
    assert np.abs(np.array(got["ybr_to_rgb"]) - expected).max() <= 1, got["ybr_to_rgb"]
    assert got["ybr_to_rgb"][0][0][0] >= 250 >= 5 >= max(got["ybr_to_rgb"][0][0][1:])  # red
    assert got["solve"] == [1.0, 1.0, 1.0]
    assert got["matmul"] == [[17.0, 7.0, 1.0], [7.0, 11.0, 5.0], [1.0, 5.0, 5.0]]
    assert got["matmul32"] == 64 * 3 * 32.0
    if IS_LINUX and bundle_numpy.wanted():
        assert got["blas"] == "none"  # numpy built without OpenBLAS (bundle_numpy.py)


FROZEN_LATE = r"""
import json, os
from pathlib import Path
from PySide6.QtPrintSupport import QPrinter
import pypdfium2 as pdfium
from desktop_app.services import export_pdf
from desktop_app.ui import print_summary
from desktop_app.ui.series_browser import SeriesBrowser

out = {}
folder = Path(os.environ["OUT_DIR"])
# File > Print: the summary's pages by PDFium, through a real QPrinter (a PDF file as printer)
pages = print_summary.PdfPages(print_summary.summary_pdf(window))  # page by page, as Print
printer = QPrinter(QPrinter.PrinterMode.HighResolution)
printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
printer.setOutputFileName(str(folder / "printed.pdf"))
print_summary.prepare_printer(printer, pages.size(0))
out["printed"] = print_summary.print_pages(pages, printer)
out["printed_back"] = len(pdfium.PdfDocument(str(folder / "printed.pdf")))
out["pages"] = len(pages)
# names in every script: right-to-left (python-bidi, arabic-reshaper), the computer's fonts
# (fontTools, CFF conversion), shaping (uharfbuzz)
c = window.document.consultation
for script, name in json.loads(os.environ["NAMES"]).items():
    c.patient.name = name
    try:
        export_pdf(c, folder / f"{script}.pdf", config=window.config,
                   content=window.content_for(c.language), atlas=window.atlas,
                   language=c.language)
        out[script] = "ok"
    except Exception as exc:
        out[script] = f"{type(exc).__name__}: {exc}"
# the series browser: its worker thread reads a DICOMDIR folder and makes thumbnails
browser = SeriesBrowser(os.environ["SERIES_DIR"], keep=lambda *a: "")
browser.show()
wait_until(lambda: browser.scan_result is not None and not browser.scanning, 120)
out["browser_series"] = len(browser.scan_result.series)
out["browser_icons"] = sum(not browser.series_list.item(i).icon().isNull()
                           for i in range(browser.series_list.count()))
browser.close()
(folder / "result.json").write_text(json.dumps(out), encoding="utf-8")
"""

LATE_NAMES = {"Chinese": "王秀英", "Japanese": "さくら", "Korean": "김민지",
              "Devanagari": "सुनीता किशोर", "Thai": "สมชาย น้ำใจ", "Arabic": "فاطمة الزهراء",
              "Hebrew": "שרה כהן", "Greek": "Παπαδοπούλου", "Vietnamese": "Nguyễn Thị Hương"}


def test_frozen_app_runs_every_late_loaded_path(bundle, home, tmp_path):
    """Print, fonts, shaping, bidi and the series browser's worker, inside the built app."""
    import json
    import unicodedata

    import pydicom.data
    from pypdf import PdfReader

    from desktop_app.export import system_fonts

    driver = tmp_path / "driver.py"
    driver.write_text(FROZEN_LATE, encoding="utf-8")
    env = dict(home, PRESACRAL_CONSULT_TEST_DRIVER=str(driver), OUT_DIR=str(tmp_path),
               NAMES=json.dumps(LATE_NAMES, ensure_ascii=False),
               SERIES_DIR=str(Path(pydicom.data.__file__).parent / "test_files"
                              / "dicomdirtests"))
    result = run(bundle, "open", EXAMPLE, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    got = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert got["printed"] == got["printed_back"] == got["pages"] > 1
    assert got["browser_series"] == 13 and got["browser_icons"] >= 1, got
    for script, name in LATE_NAMES.items():
        has_font = (script in ("Arabic", "Hebrew", "Greek", "Vietnamese")  # the shipped font
                    or bool(system_fonts.faces_covering(set(name.replace(" ", "")))))
        if not has_font:
            assert "no font on this computer" in got[script], got[script]
            continue
        assert got[script] == "ok", (script, got[script])
        text = unicodedata.normalize("NFKC", PdfReader(tmp_path / f"{script}.pdf")
                                     .pages[0].extract_text())
        letters = sorted(unicodedata.normalize("NFKC", name).replace(" ", ""))
        # the header prints "Name: <name> · Date of birth: ..." on one line
        line = next(ln for ln in text.splitlines() if "Name:" in ln)
        line = line.split("Name:", 1)[1].split("·", 1)[0].strip()
        assert sorted(line.replace(" ", "")) == letters, (script, line)
