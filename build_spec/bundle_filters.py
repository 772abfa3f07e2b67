"""What goes into the frozen bundle: shared by the app's spec and the bundle benchmark.

PyInstaller's Qt hooks collect every plugin type a Qt module *might* use, and with them whole Qt
libraries (the virtual-keyboard input plugin alone pulls in QtQuick, QtQml and QtNetwork). The
``excludes`` list only stops Python modules; the shared libraries stay. So, after the analysis:

1. drop Qt plugins we do not need and Qt libraries of unused modules, by name
   (:func:`keep_binary`), and Qt translations other than qtbase in our languages
   (:func:`keep_data`);
2. on Linux, drop the CUPS client library (:data:`SYSTEM_ONLY_LINUX`): it must come from the
   target system;
3. drop the libraries that only the dropped files needed (:func:`prune_orphans`), e.g. the GTK
   stack behind the GTK platform theme, or GnuTLS/Kerberos behind libcups.

Nothing links to a library that a package opens itself at run time (ctypes / dlopen, e.g.
pypdfium2_raw/libpdfium.so), so step 3 cannot see that it is used. Rule: every shared library
that an imported package ships in its own folder, other than its Python extension modules, is
shipped and never pruned (:func:`package_libraries`); Qt's libraries are the exception, handled
by the name filters above (Qt opens only plugins itself, and those are always kept).

Kept on purpose: QtCore/Gui/Widgets/Svg/SvgWidgets/PrintSupport/DBus (QtGui links DBus on Linux)
and XcbQpa; platform plugins offscreen, minimal, xcb, windows, cocoa; SVG/JPEG/GIF/ICO image
formats and the SVG icon engine; compose and ibus input (accented letters in names);
the xdg-desktop-portal theme; printing; native widget styles. Everything is name-based and
logged, so a build log shows exactly what was left out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

# Python modules the app never imports. Excluding them keeps their extension modules and hooks
# (and most of their libraries) out; the name filters below catch what the hooks still collect.
QT_UNUSED = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDesigner", "QtGraphs",
    "QtHelp", "QtHttpServer", "QtLabsStyleKit", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets",
    "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml", "QtQmlFeatures", "QtQuick", "QtQuick3D",
    "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml",
    "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine",
    "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)
EXCLUDES = [f"PySide6.{m}" for m in QT_UNUSED] + [
    "tkinter", "_tkinter", "unittest", "pydoc", "pydoc_data", "lib2to3", "idlelib",
    "PyQt5", "PyQt6", "PySide2",
    # The app is offline (tests/unit/test_architecture.py): no TLS in the bundle either.
    # urllib/http.client, which reportlab and logging import, run without ssl.
    "ssl", "_ssl",
    # Interactive/debug tools that only reportlab's `if __name__ == "__main__"` blocks use.
    "doctest", "pdb", "readline",
    # Pillow (reportlab reads the logo with it): formats we never read, and their libraries.
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin", "PIL.ImageCms",
    "PIL._imagingcms", "PIL.ImageQt", "PIL.ImageTk", "PIL._imagingtk",
    # DICOM decoding uses pydicom, Pillow and imagecodecs (model/dicom_plugins.py). pydicom's
    # PyInstaller hook names its other plugins; if installed on the build machine they would
    # come along (GDCM alone brings 18 MB and an old OpenSSL): never ship them.
    "gdcm", "_gdcm", "pylibjpeg", "libjpeg", "openjpeg", "rle", "jpeg_ls",
    # numpy parts pydicom's pixel handlers never import (numpy loads them lazily)
    "numpy.random", "numpy.fft", "numpy.polynomial", "numpy.f2py", "numpy.testing",
    "numpy.distutils",
    # OpenSSL's hashes (libcrypto, 4.6 MB): hashlib falls back to Python's own sha256, the
    # only hash the app uses (parse cache)
    "_hashlib",
]

# Libraries that binutils' strip breaks ("ELF load command address/offset not page-aligned"):
# numpy's OpenBLAS and its Fortran runtime, patched by auditwheel. Put back unstripped.
NO_STRIP = ("numpy.libs/",)


def restore_unstripped(binaries, folder, log=print) -> None:
    """Copy the original of every NO_STRIP library over its stripped copy in ``folder`` (the
    one-folder bundle's _internal)."""
    for entry in binaries:
        dest, src = entry[0], entry[1]
        if _norm(dest).startswith(NO_STRIP) and src and os.path.isfile(src):
            target = os.path.join(folder, dest)
            if os.path.isfile(target):
                shutil.copyfile(src, target)
                log(f"bundle_filters: not stripped: {dest}")

# Qt libraries (by module name after "Qt6"/"Qt", any platform's spelling) that are never needed.
_QT_LIB_DROP = (
    "3D", "Bluetooth", "Bodymovin", "Charts", "Concurrent", "DataVisualization", "Designer",
    "Egl", "Graphs", "Grpc", "Help", "HttpServer", "Labs", "Location", "Lottie", "Multimedia",
    "Network", "Nfc", "OpenGL", "Pdf", "Positioning", "Protobuf", "Qml", "Quick", "RemoteObjects",
    "Scxml", "Sensors", "SerialBus", "SerialPort", "ShaderTools", "SpatialAudio", "Sql",
    "StateMachine", "Test", "TextToSpeech", "UiTools", "VirtualKeyboard", "Wayland", "WebChannel",
    "WebEngine", "WebSockets", "WebView", "WlShell", "Xml",
)
_QT_COMPONENT = re.compile(r"^(?:lib)?Qt6?([A-Z0-9][A-Za-z0-9]*)")

# Plugin folders we keep, and within them the plugins (None = all of that type).
KEEP_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"qoffscreen", "qminimal", "qxcb", "qwindows", "qcocoa"},
    "imageformats": {"qsvg", "qjpeg", "qgif", "qico"},
    "iconengines": {"qsvgicon"},
    "platformthemes": {"qxdgdesktopportal"},
    "platforminputcontexts": {"composeplatforminputcontextplugin",
                              "ibusplatforminputcontextplugin"},
    "xcbglintegrations": None,
    "printsupport": None,
    "styles": None,
}
LANGUAGES = ("en", "es")  # Qt's own strings (standard buttons) in the app's languages
# Linux: libraries that belong to a system service and must come from the system, never from
# the build machine (the CUPS client library must match the local CUPS set-up; with it go
# GnuTLS, Kerberos, Avahi, ... about 9 MB). Without libcups Qt still runs; only printing is
# limited to PDF. Every desktop with a printer set up has libcups2.
SYSTEM_ONLY_LINUX = ("libcups.so",)
# Loaded at run time without being linked (Windows software OpenGL, shader compiler): never
# pruned as orphans even though no collected binary links them.
_DLOPENED = ("opengl32sw", "d3dcompiler")


def _norm(dest: str) -> str:
    return dest.replace("\\", "/")


def _plugin_stem(filename: str) -> str:
    stem = filename.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def _drops_qt_module(parts) -> bool:
    for part in parts:
        if "pyside6qml" in part.lower():
            return True
        m = _QT_COMPONENT.match(part)
        if m and m.group(1).startswith(_QT_LIB_DROP):
            return True
    return False


def _keep_plugin(parts) -> bool | None:
    """For a path inside a Qt ``plugins/<type>/`` folder: keep it? None if not a plugin."""
    if "plugins" not in parts[:-1]:
        return None
    i = len(parts) - 1 - parts[::-1].index("plugins")
    if i + 1 >= len(parts) - 1:  # not plugins/<type>/<file>
        return None
    kind = parts[i + 1]
    if kind not in KEEP_PLUGINS:
        return False
    allowed = KEEP_PLUGINS[kind]
    if allowed is None:
        return True
    stem = _plugin_stem(parts[-1])
    return stem in allowed


def keep_binary(dest: str, platform: str | None = None) -> bool:
    """False for a Qt plugin or Qt library the app does not need (by destination path), and on
    Linux for the system-only libraries."""
    parts = _norm(dest).split("/")
    if (platform or sys.platform).startswith("linux") and parts[-1].startswith(SYSTEM_ONLY_LINUX):
        return False
    plugin = _keep_plugin(parts)
    if plugin is not None:
        return plugin
    return not _drops_qt_module(parts)


def keep_data(dest: str) -> bool:
    """False for data of dropped Qt modules (QML trees, framework files), Qt translations other
    than qtbase in our languages, and hyphenation dictionaries of other languages."""
    path = _norm(dest)
    parts = path.split("/")
    name = parts[-1]
    if path.startswith("PySide6/"):
        if "/translations/" in path and name.endswith(".qm"):
            return any(name.startswith(f"qtbase_{lang}") for lang in LANGUAGES)
        if "qml" in parts[:-1]:
            return False
        plugin = _keep_plugin(parts)
        if plugin is not None:
            return plugin
        return not _drops_qt_module(parts)
    if path.startswith("pyphen/dictionaries/"):  # reportlab's optional hyphenation
        return any(name.startswith(f"hyph_{lang}") for lang in LANGUAGES)
    return True


def _is_shared_lib(dest: str) -> bool:
    name = _norm(dest).rsplit("/", 1)[-1].lower()
    return bool(re.search(r"\.(so(\.[0-9.]+)?|dylib|dll)$", name)) or ".framework/" in _norm(dest)


def _linked_libraries(path: str) -> list[tuple[str, str | None]]:
    """Direct link-time dependencies (name, resolved path or None).

    On Linux PyInstaller's resolver runs ldd, which lists the whole transitive closure: a
    plugin would then "reach" the dependencies of a library we dropped on purpose (libcups →
    GnuTLS, ...). readelf gives the direct NEEDED entries. Elsewhere (pefile, macholib) the
    resolver already returns direct dependencies.
    """
    from PyInstaller.depend import bindepend

    readelf = shutil.which("readelf") if sys.platform.startswith("linux") else None
    if readelf:
        out = subprocess.run([readelf, "-d", path], capture_output=True, text=True)
        if out.returncode == 0:
            return [(m, None) for m in re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]",
                                                  out.stdout)]
    return list(bindepend.get_imports(path))


def prune_orphans(binaries, log=print, keep=()):
    """Drop plain shared libraries that no kept extension module, plugin or library links to.

    ``binaries`` is a PyInstaller TOC (dest, src, typecode). Roots are Python extension modules,
    Qt plugins, the Python library, the destinations in ``keep`` (libraries opened at run time)
    and anything that is not a shared library; from them the direct link-time dependencies are
    followed.
    """
    keep = {_norm(d) for d in keep}
    entries = list(binaries)
    by_key: dict[str, int] = {}
    for i, (dest, src, _kind) in enumerate(entries):
        by_key.setdefault(os.path.basename(_norm(dest)).lower(), i)
        if src:
            by_key.setdefault(os.path.realpath(src), i)
            by_key.setdefault(os.path.basename(src).lower(), i)

    def is_root(entry) -> bool:
        dest, _src, kind = entry
        base = os.path.basename(_norm(dest)).lower()
        return (kind == "EXTENSION" or "/plugins/" in f"/{_norm(dest)}"
                or base.startswith(("libpython", "python")) or not _is_shared_lib(dest)
                or any(base.startswith(d) for d in _DLOPENED) or _norm(dest) in keep)

    reached = {i for i, e in enumerate(entries) if is_root(e)}
    todo = list(reached)
    while todo:
        dest, src, _kind = entries[todo.pop()]
        if not src or not os.path.isfile(src):
            continue
        for name, path in _linked_libraries(src):
            for key in (os.path.realpath(path) if path else None,
                        os.path.basename(name).lower(),
                        os.path.basename(path).lower() if path else None):
                j = by_key.get(key) if key else None
                if j is not None and j not in reached:
                    reached.add(j)
                    todo.append(j)
    kept = [e for i, e in enumerate(entries) if i in reached]
    for i, entry in enumerate(entries):
        if i not in reached:
            log(f"bundle_filters: dropping unreferenced library {entry[0]}")
    return kept


# Packages whose shared libraries are not covered by the run-time rule: Qt's libraries are linked
# (or, for plugins, kept by the name filters), and shipping every one would undo step 1.
_NAME_FILTERED_PACKAGES = ("PySide6", "shiboken6")


def _is_extension_module(name: str) -> bool:
    """A Python extension module (imported by Python, so PyInstaller sees it) rather than a
    plain library: ``x.cpython-311-x86_64-linux-gnu.so``, ``x.abi3.so``, ``x.pyd``, ``x.so``
    without a version suffix and without a ``lib`` prefix."""
    lower = name.lower()
    if lower.endswith((".pyd",)) or re.search(r"\.(cpython-[^.]+|abi3)\.so$", lower):
        return True
    return lower.endswith(".so") and not lower.startswith("lib")


def imported_packages(pure) -> set[str]:
    """Top-level package names of the analysed Python modules (a PyInstaller TOC)."""
    return {entry[0].split(".")[0] for entry in pure}


def package_libraries(packages, find_spec=None):
    """(dest, src, "BINARY") of every plain shared library that one of ``packages`` ships in
    its own folder: the libraries a package may open with ctypes / dlopen at run time."""
    import importlib.util

    find_spec = find_spec or importlib.util.find_spec
    out = []
    for package in sorted(set(packages) - set(_NAME_FILTERED_PACKAGES)):
        try:
            spec = find_spec(package)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.submodule_search_locations:
            continue  # a plain module: it has no folder of its own
        for folder in spec.submodule_search_locations:
            base = os.path.dirname(os.path.abspath(folder))
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
                for name in sorted(filenames):
                    path = os.path.join(dirpath, name)
                    if (_is_shared_lib(name) and not _is_extension_module(name)
                            and not os.path.islink(path)):
                        dest = os.path.relpath(path, base).replace(os.sep, "/")
                        out.append((dest, path, "BINARY"))
    return out


def _symlink_target(entry) -> str:
    dest, src, _kind = entry
    return os.path.normpath(os.path.join(os.path.dirname(_norm(dest)), src)).replace("\\", "/")


def filter_analysis(a, log=print):
    """Apply all filters to a PyInstaller ``Analysis`` in place; return the dropped entries."""
    dropped = [e for e in a.binaries if not keep_binary(e[0])]
    dropped += [e for e in a.datas if not keep_data(e[0])]
    for dest, _src, _kind in dropped:
        log(f"bundle_filters: dropping {dest}")
    binaries = [e for e in a.binaries if keep_binary(e[0])]
    run_time = [e for e in package_libraries(imported_packages(a.pure)) if keep_binary(e[0])]
    present = {_norm(e[0]) for e in binaries}
    for entry in run_time:
        if _norm(entry[0]) not in present:
            log(f"bundle_filters: adding {entry[0]} (its package opens it at run time)")
            binaries.append(entry)
    pruned = prune_orphans(binaries, log=log, keep=[e[0] for e in run_time])
    dropped += [e for e in binaries if e not in pruned]
    datas = [e for e in a.datas if keep_data(e[0])]
    # PyInstaller puts SYMLINK entries (e.g. _internal/libQt6Network.so.6 → PySide6/Qt/lib/...)
    # in datas: keep only those whose target is still collected.
    while True:
        present = {_norm(e[0]) for e in pruned} | {_norm(e[0]) for e in datas}
        dangling = [e for e in datas if e[2] == "SYMLINK" and _symlink_target(e) not in present]
        if not dangling:
            break
        for e in dangling:
            log(f"bundle_filters: dropping symlink {e[0]}")
        dropped += dangling
        datas = [e for e in datas if e not in dangling]
    a.binaries = _toc(a.binaries, pruned)
    a.datas = _toc(a.datas, datas)
    log(f"bundle_filters: dropped {len(dropped)} files")
    return dropped


def _toc(original, entries):
    """Rebuild a TOC of the same type as ``original`` (a list in PyInstaller 6)."""
    try:
        return type(original)(entries)
    except TypeError:
        return list(entries)
