"""Readability distribution of the patient-facing content, per file.

    python benchmarks/readability.py [--lang en] [--worst 10]

Prints, for each content file, the number of patient-facing paragraphs (summary, body paragraphs,
why, expect, prepare, side_effects, recovery) and their Flesch-Kincaid grade (textstat 0.7.4):
median, mean and max, and the share at or below the target grade 7 and the limit grade 8.
Then lists the hardest paragraphs. Exit code 1 if any paragraph is above grade 8.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

import textstat
import yaml

ROOT = Path(__file__).resolve().parents[1]
LAY_FIELDS = ("summary", "body", "why", "expect", "prepare", "side_effects", "recovery")
LIMIT, TARGET = 8.0, 7.0


def paragraphs(folder: Path):
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "references.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("items") or []:
            for fld in LAY_FIELDS:
                for para in re.split(r"\n\s*\n", item.get(fld) or ""):
                    if para.strip():
                        yield path.stem, item.get("id", "?"), fld, " ".join(para.split())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--worst", type=int, default=10)
    args = parser.parse_args(argv)
    folder = args.content / args.lang
    rows = [(f, i, fld, p, float(textstat.flesch_kincaid_grade(p)))
            for f, i, fld, p in paragraphs(folder)]
    if not rows:
        print(f"no content in {folder}")
        return 1

    def stats(sub):
        g = [r[-1] for r in sub]
        return (len(g), statistics.median(g), statistics.mean(g), max(g),
                sum(x <= TARGET for x in g) / len(g), sum(x <= LIMIT for x in g) / len(g))

    print(f"Flesch-Kincaid grade per paragraph, {folder}")
    print(f"{'file':<14} {'n':>4} {'median':>7} {'mean':>6} {'max':>5} {'<=7':>6} {'<=8':>6}")
    for name in sorted({r[0] for r in rows}):
        n, med, mean, mx, t, lim = stats([r for r in rows if r[0] == name])
        print(f"{name:<14} {n:>4} {med:>7.1f} {mean:>6.2f} {mx:>5.1f} {t:>6.0%} {lim:>6.0%}")
    n, med, mean, mx, t, lim = stats(rows)
    print(f"{'ALL':<14} {n:>4} {med:>7.1f} {mean:>6.2f} {mx:>5.1f} {t:>6.0%} {lim:>6.0%}")
    if args.worst:
        print(f"\nHardest {args.worst}:")
        for f, i, fld, p, g in sorted(rows, key=lambda r: -r[-1])[:args.worst]:
            print(f"  {g:4.1f}  {f}/{i}/{fld}: {p[:80]}")
    return 1 if mx > LIMIT else 0


if __name__ == "__main__":
    sys.exit(main())
