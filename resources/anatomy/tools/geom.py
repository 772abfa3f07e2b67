"""Small geometry helpers for the anatomy drawing generator (centimetres in, SVG path text out)."""

from __future__ import annotations

import math
from typing import Callable, Sequence

Pt = tuple[float, float]


def add(a: Pt, b: Pt) -> Pt:
    return (a[0] + b[0], a[1] + b[1])


def sub(a: Pt, b: Pt) -> Pt:
    return (a[0] - b[0], a[1] - b[1])


def mul(a: Pt, k: float) -> Pt:
    return (a[0] * k, a[1] * k)


def lerp(a: Pt, b: Pt, t: float) -> Pt:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def norm(a: Pt) -> Pt:
    n = math.hypot(*a)
    return (a[0] / n, a[1] / n)


def dist(a: Pt, b: Pt) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def rot(v: Pt, deg: float) -> Pt:
    """Rotate clockwise on screen (y down) by deg."""
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return (v[0] * c - v[1] * s, v[0] * s + v[1] * c)


def bez(p0: Pt, p1: Pt, p2: Pt, p3: Pt, t: float) -> Pt:
    u = 1 - t
    return (u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
            u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1])


class Spline:
    """Catmull-Rom spline through points; a point given as (x, y, 'c') is a sharp corner."""

    def __init__(self, pts: Sequence, closed: bool = False, tension: float = 1.0):
        self.pts = [(p[0], p[1]) for p in pts]
        self.corner = [len(p) > 2 and p[2] == "c" for p in pts]
        self.closed = closed
        self.k = tension / 6.0

    def beziers(self) -> list[tuple[Pt, Pt, Pt, Pt]]:
        p = self.pts
        n = len(p)
        out = []
        last = n if self.closed else n - 1
        for i in range(last):
            a, b = p[i], p[(i + 1) % n]
            if self.closed:
                prev, nxt = p[(i - 1) % n], p[(i + 2) % n]
            else:
                prev = p[i - 1] if i > 0 else a
                nxt = p[i + 2] if i + 2 < n else b
            ka = 0.0 if self.corner[i] else self.k
            kb = 0.0 if self.corner[(i + 1) % n] else self.k
            c1 = (a[0] + (b[0] - prev[0]) * ka, a[1] + (b[1] - prev[1]) * ka)
            c2 = (b[0] - (nxt[0] - a[0]) * kb, b[1] - (nxt[1] - a[1]) * kb)
            out.append((a, c1, c2, b))
        return out

    def sample(self, n: int = 200) -> list[Pt]:
        """Points at (approximately) equal arc length."""
        dense: list[Pt] = []
        for bz in self.beziers():
            for k in range(40):
                dense.append(bez(*bz, k / 40))
        dense.append(self.beziers()[-1][3])
        return resample(dense, n)


def resample(pts: list[Pt], n: int) -> list[Pt]:
    cum = [0.0]
    for a, b in zip(pts, pts[1:]):
        cum.append(cum[-1] + dist(a, b))
    total = cum[-1]
    out = []
    j = 0
    for i in range(n):
        s = total * i / (n - 1)
        while j < len(cum) - 2 and cum[j + 1] < s:
            j += 1
        seg = cum[j + 1] - cum[j]
        t = 0.0 if seg == 0 else (s - cum[j]) / seg
        out.append(lerp(pts[j], pts[j + 1], t))
    return out


def length(pts: list[Pt]) -> float:
    return sum(dist(a, b) for a, b in zip(pts, pts[1:]))


def normals(pts: list[Pt]) -> list[Pt]:
    """Left-hand normals (rotate the tangent by -90 deg on screen)."""
    out = []
    for i in range(len(pts)):
        a = pts[max(i - 1, 0)]
        b = pts[min(i + 1, len(pts) - 1)]
        t = norm(sub(b, a))
        out.append((t[1], -t[0]))
    return out


def offset(pts: list[Pt], d: Callable[[float], float] | float) -> list[Pt]:
    """Offset a polyline along its left normals by d(u), u in [0, 1] along the line."""
    ns = normals(pts)
    n = len(pts)
    out = []
    for i, (p, nv) in enumerate(zip(pts, ns)):
        u = i / (n - 1)
        dd = d(u) if callable(d) else d
        out.append((p[0] + nv[0] * dd, p[1] + nv[1] * dd))
    return out


def pick(pts: list[Pt], k: int) -> list[Pt]:
    """k points evenly spread over a dense polyline (including both ends)."""
    n = len(pts)
    return [pts[round(i * (n - 1) / (k - 1))] for i in range(k)]


def interp(table: Sequence[tuple[float, float]]) -> Callable[[float], float]:
    """Piecewise-smooth interpolation of (u, value) pairs (smoothstep between entries)."""
    def f(u: float) -> float:
        if u <= table[0][0]:
            return table[0][1]
        for (u0, v0), (u1, v1) in zip(table, table[1:]):
            if u <= u1:
                t = (u - u0) / (u1 - u0)
                t = t * t * (3 - 2 * t)
                return v0 + (v1 - v0) * t
        return table[-1][1]
    return f


class Fmt:
    """Formats centimetre coordinates as SVG user units: px = (x + ox, y + oy) * scale."""

    def __init__(self, scale: float, ox: float = 0.0, oy: float = 0.0):
        self.scale, self.ox, self.oy = scale, ox, oy

    def px(self, p: Pt) -> Pt:
        return ((p[0] + self.ox) * self.scale, (p[1] + self.oy) * self.scale)

    def n(self, v: float) -> str:
        s = f"{v:.1f}"
        if s.endswith(".0"):
            s = s[:-2]
        return "0" if s == "-0" else s

    def xy(self, p: Pt) -> str:
        x, y = self.px(p)
        return f"{self.n(x)},{self.n(y)}"

    def spline(self, pts: Sequence, closed: bool = False, tension: float = 1.0) -> str:
        sp = Spline(pts, closed, tension)
        parts = [f"M{self.xy(sp.pts[0])}"]
        for a, c1, c2, b in sp.beziers():
            if c1 == a and c2 == b:
                parts.append(f"L{self.xy(b)}")
            else:
                parts.append(f"C{self.xy(c1)} {self.xy(c2)} {self.xy(b)}")
        if closed:
            parts.append("Z")
        return " ".join(parts)

    def poly(self, pts: Sequence[Pt], closed: bool = True) -> str:
        d = "M" + " L".join(self.xy(p) for p in pts)
        return d + (" Z" if closed else "")

    def ellipse(self, c: Pt, rx: float, ry: float, rotate: float = 0.0, k: int = 8) -> str:
        """Closed spline approximating a rotated ellipse (no transforms in our SVG subset)."""
        pts = []
        for i in range(k):
            a = 2 * math.pi * i / k
            v = rot((rx * math.cos(a), ry * math.sin(a)), rotate)
            pts.append(add(c, v))
        # Catmull-Rom through 8 points is within ~1% of the ellipse; good enough to draw.
        return self.spline(pts, closed=True)


def band(a: list[Pt], b: list[Pt]) -> list:
    """Closed outline from polyline a forward and polyline b backward with sharp joins."""
    pts: list = [(*a[0], "c")] + a[1:-1] + [(*a[-1], "c"), (*b[-1], "c")]
    pts += list(reversed(b[1:-1])) + [(*b[0], "c")]
    return pts
