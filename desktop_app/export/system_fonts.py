"""Fonts of this computer for the letters the shipped DejaVu Sans does not have.

A name in Chinese, Japanese, Korean, Devanagari, Thai... prints in a font the computer already
has: fontconfig finds it on Linux (``fc-list :charset=...``), the Windows fonts folders and
macOS's system font folders are read otherwise (each font's character map, once per process).

The summary keeps one font name for all its text (every style, the diagram's labels and the
footer use it), so for an export that needs other letters that font is DejaVu Sans with the
needed glyphs of the found fonts merged in (fontTools): only the glyphs used - the whole
script's block for scripts a shaping engine rearranges - CFF outlines (Noto CJK, the TLWG
OpenType fonts) converted to TrueType ones, which reportlab embeds. The merged font lives in
memory for the process only: a font cut down to the glyphs of a patient's name would tell the
name's letters to whoever reads the cache, so it is never written to disk. TrueType and
TrueType collections (``.ttc``) need no conversion.

``PRESACRAL_CONSULT_FONT_DIRS`` (folders separated by ``os.pathsep``) replaces the system's
font folders: IT can point the app at a folder of fonts, and tests at an empty one to play a
machine without any.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

FONT_DIRS_ENV = "PRESACRAL_CONSULT_FONT_DIRS"
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
# OpenType script tags whose layout rules are kept in the merged font (shaped scripts)
OT_SCRIPTS = {"Devanagari": ("deva", "dev2"), "Bengali": ("beng", "bng2"),
              "Gurmukhi": ("guru", "gur2"), "Gujarati": ("gujr", "gjr2"),
              "Oriya": ("orya", "ory2"), "Tamil": ("taml", "tml2"),
              "Telugu": ("telu", "tel2"), "Kannada": ("knda", "knd2"),
              "Malayalam": ("mlym", "mlm2"), "Sinhala": ("sinh",), "Thai": ("thai",),
              "Lao": ("lao ",), "Tibetan": ("tibt",), "Myanmar": ("mymr", "mym2"),
              "Khmer": ("khmr",), "Syriac": ("syrc",), "Thaana": ("thaa",)}
_TABLES_NOT_NEEDED = ["vhea", "vmtx", "VORG", "DSIG", "MATH", "BASE", "JSTF", "kern", "fpgm",
                      "prep", "cvt ", "gasp", "hdmx", "LTSH", "VDMX", "FFTM", "morx", "feat",
                      # variable fonts: their default outlines are kept, the variations not
                      "fvar", "gvar", "avar", "cvar", "HVAR", "VVAR", "MVAR", "STAT"]


class NoFontError(Exception):
    """No font on this computer has some letters (``script`` names them)."""

    def __init__(self, script: str):
        super().__init__(script)
        self.script = script


@dataclass(frozen=True)
class Face:
    """One font of the computer: a file and, in a collection, its index."""
    path: str
    index: int = 0
    weight: int = 80          # fontconfig's scale: 80 regular, 200 bold
    truetype: bool = True     # glyf outlines (False: CFF, converted before embedding)
    italic: bool = False


# ------------------------------------------------------------------------------ finding
def font_dirs(environ: Any = None, platform: str | None = None) -> list[Path]:
    """The folders searched when fontconfig is not used."""
    environ = os.environ if environ is None else environ
    platform = platform or sys.platform
    override = environ.get(FONT_DIRS_ENV)
    if override is not None:
        return [Path(p) for p in override.split(os.pathsep) if p]
    home = Path(environ.get("HOME") or Path.home())
    if platform.startswith("win"):
        return [Path(environ.get("WINDIR", r"C:\Windows")) / "Fonts",
                Path(environ.get("LOCALAPPDATA", home)) / "Microsoft" / "Windows" / "Fonts"]
    if platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
            home / ".local" / "share" / "fonts", home / ".fonts"]


def _use_fontconfig() -> bool:
    return (FONT_DIRS_ENV not in os.environ and not sys.platform.startswith("win")
            and sys.platform != "darwin" and shutil.which("fc-list") is not None)


def _fontconfig(chars: Iterable[str]) -> list[Face]:
    """Fonts fontconfig knows that have every one of ``chars``."""
    query = ":charset=" + " ".join(f"{ord(c):x}" for c in sorted(set(chars)))
    env = dict(os.environ)
    if getattr(sys, "frozen", False):  # the system's fc-list with the system's libraries
        original = env.pop("LD_LIBRARY_PATH_ORIG", None)
        env.pop("LD_LIBRARY_PATH", None)
        if original:
            env["LD_LIBRARY_PATH"] = original
    try:
        out = subprocess.run(["fc-list", "--format", "%{file}\t%{index}\t%{weight}\t"
                              "%{fontformat}\t%{slant}\n", query], capture_output=True,
                             text=True, timeout=30, check=False, env=env).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 5 or not parts[0].lower().endswith(FONT_SUFFIXES):
            continue
        try:
            index, weight = int(parts[1]), int(float(parts[2] or 80))
            italic = int(float(parts[4] or 0)) != 0
        except ValueError:
            continue
        faces.append(Face(parts[0], index, weight, parts[3] != "CFF", italic))
    return faces


@lru_cache(maxsize=1024)
def _cmap(path: str, index: int, _mtime: float) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, fontNumber=index, lazy=True)
        try:
            return frozenset(font.getBestCmap() or ())
        finally:
            font.close()
    except Exception:  # noqa: BLE001 - any unreadable font file is simply not used
        return frozenset()


@lru_cache(maxsize=8)
def _scanned(dirs: tuple[Path, ...]) -> tuple[Face, ...]:
    """Every font in ``dirs`` (recursively), with its collection index and outline kind."""
    from fontTools.ttLib import TTFont

    faces: list[Face] = []
    for folder in dirs:
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.lower().endswith(FONT_SUFFIXES):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    count = _collection_size(path)
                    for index in range(count):
                        font = TTFont(path, fontNumber=index, lazy=True)
                        try:
                            os2 = font["OS/2"] if "OS/2" in font else None
                            bold = os2 is not None and os2.usWeightClass >= 600
                            italic = bool(font["head"].macStyle & 2)
                            faces.append(Face(path, index, 200 if bold else 80,
                                              "glyf" in font, italic))
                        finally:
                            font.close()
                except Exception:  # noqa: BLE001 - an unreadable file is not a font for us
                    continue
    return tuple(faces)


def _collection_size(path: str) -> int:
    with open(path, "rb") as fh:
        head = fh.read(12)
    if head[:4] == b"ttcf":
        return int.from_bytes(head[8:12], "big")
    return 1


def faces_covering(chars: Iterable[str], bold: bool = False) -> list[Face]:
    """Fonts of this computer that have every one of ``chars``, best first: regular (or, with
    ``bold``, bold) weight, upright, TrueType outlines, then by path (the same choice on every
    run)."""
    weight = 200 if bold else 80
    chars = set(chars)
    if _use_fontconfig():
        found = _fontconfig(chars)
    else:
        codes = {ord(c) for c in chars}
        found = []
        for face in _scanned(tuple(font_dirs())):
            try:
                mtime = os.path.getmtime(face.path)
            except OSError:
                continue
            if codes <= _cmap(face.path, face.index, mtime):
                found.append(face)
    return sorted(set(found), key=lambda f: (abs(f.weight - weight), f.italic, not f.truetype,
                                            f.path, f.index))


# ----------------------------------------------------------------------------- building
def _subset(face: Face, codes: set[int], scripts: tuple[str, ...]) -> Any:
    """The face cut down to ``codes`` (layout rules only for ``scripts``; none if empty),
    with TrueType outlines."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.layout_scripts = list(scripts) or ["none"]
    options.name_IDs = []
    options.notdef_outline = True
    options.drop_tables += _TABLES_NOT_NEEDED
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codes))
    subsetter.subset(font)
    if "CFF " in font or "CFF2" in font:
        cff_to_glyf(font)
    return font


def cff_to_glyf(font: Any) -> None:
    """Replace the font's CFF (cubic) outlines with TrueType (quadratic) ones, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    glyphs = font.getGlyphSet()
    order = font.getGlyphOrder()
    outlines = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        outlines[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = outlines
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    for table in ("CFF ", "CFF2", "VORG"):
        if table in font:
            del font[table]
    font.sfntVersion = "\x00\x01\x00\x00"


@lru_cache(maxsize=2)
def _base_without_layout(path: str) -> bytes:
    """The shipped font without its layout tables (nothing of ours shapes Latin text), which
    would clash with the found fonts' rules when merged."""
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    for table in ("GSUB", "GPOS", "GDEF", "kern"):
        if table in font:
            del font[table]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@lru_cache(maxsize=16)  # in memory only (the glyphs of a name); regular and bold share it
def _subset_bytes(face: Face, codes: frozenset[int], scripts: tuple[str, ...],
                  upem: int) -> bytes:
    from fontTools.ttLib.scaleUpem import scale_upem

    font = _subset(face, set(codes), scripts)
    if font["head"].unitsPerEm != upem:
        scale_upem(font, upem)
    data = io.BytesIO()
    font.save(data)
    return data.getvalue()


def merged_font(base: Path, parts: list[tuple[Face, set[int], tuple[str, ...]]]) -> bytes:
    """``base`` (TrueType) with the given glyphs of each found face merged in."""

    import logging

    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # "FFTM NOT subset", "Dropped cmap subtable": no news
    try:
        return _merged_font(base, parts)
    finally:
        quiet.setLevel(level)


def _merged_font(base: Path, parts: list[tuple[Face, set[int], tuple[str, ...]]]) -> bytes:
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    base_data = _base_without_layout(str(base))
    upem = TTFont(io.BytesIO(base_data), lazy=True)["head"].unitsPerEm
    files = [io.BytesIO(base_data)]
    for face, codes, scripts in parts:
        files.append(io.BytesIO(_subset_bytes(face, frozenset(codes), scripts, upem)))
    merged = Merger().merge(files)
    merged.recalcBBoxes = False  # the glyphs' boxes are the fonts' own: no need to expand all
    out = io.BytesIO()
    merged.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------- the plan
_lock = threading.Lock()
_plans: dict[tuple[frozenset[str], str | None, bool],
             list[tuple[Face, set[int], tuple[str, ...]]]] = {}


def plan(chars: Iterable[str], script_of: Any, shaped: Iterable[str], bold: bool = False) -> \
        list[tuple[Face, set[int], tuple[str, ...]]]:
    """For letters the shipped font lacks: which face gives which code points. One face per
    script (the first that has all its letters here); for a shaped script the face's whole
    block of that script, so the shaping engine finds every glyph it substitutes; ``bold``
    prefers bold faces (for the bold font). Raises NoFontError naming the first script no font
    covers. Remembered for the process only."""
    letters = frozenset(chars)
    key = (letters, os.environ.get(FONT_DIRS_ENV), bold)
    with _lock:
        if key in _plans:
            return _plans[key]
    shaped_scripts = set(shaped)
    by_script: dict[str, set[str]] = {}
    for ch in sorted(letters):
        by_script.setdefault(script_of(ch), set()).add(ch)
    parts: dict[Face, tuple[set[int], set[str]]] = {}
    for script in sorted(by_script):
        group = by_script[script]
        faces = faces_covering(group, bold)
        if not faces:
            raise NoFontError(script)
        face = faces[0]
        codes, tags = parts.setdefault(face, (set(), set()))
        codes.update(ord(c) for c in group)
        if script in shaped_scripts:
            mtime = os.path.getmtime(face.path)
            codes.update(c for c in _cmap(face.path, face.index, mtime)
                         if script_of(chr(c)) == script)
            tags.update(OT_SCRIPTS.get(script, ()))
    result = [(face, codes, tuple(sorted(tags))) for face, (codes, tags) in parts.items()]
    with _lock:
        if len(_plans) > 64:
            _plans.clear()
        _plans[key] = result
    return result


def shaping_available() -> bool:
    """True when reportlab can shape text (uharfbuzz is importable)."""
    try:
        import uharfbuzz  # noqa: F401 - only whether it imports
    except ImportError:
        return False
    return True
