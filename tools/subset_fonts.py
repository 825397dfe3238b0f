"""Make the fonts crowdgallery draws share images with (crowdgallery/fonts/), from Debian's Noto fonts.

    apt-get install fonts-noto-core fonts-noto-cjk && pip install fonttools
    python3 tools/subset_fonts.py

Noto Sans (Latin, Greek, Cyrillic) and Noto Sans Arabic are merged into one
font, so a line mixing Arabic and Latin is shaped in one piece; Noto Sans CJK
(its Japanese face) is cut to kana, Hangul of KS X 1001
and the ideographs of JIS X 0208 and GB 2312 (the whole font is 19 MB; these
cover everyday Japanese, Chinese and Korean).  All are under the SIL Open
Font License 1.1 (crowdgallery/fonts/OFL.txt).  fontTools is needed here
only, not to build sites.
"""
from __future__ import annotations

import json
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTCollection, TTFont

NOTO = Path("/usr/share/fonts/truetype/noto")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = Path(__file__).resolve().parents[1] / "crowdgallery" / "fonts"

COMMON = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2000, 0x2070), 0x20AC, 0x2116, 0x2122, 0x2605,
          0x2606, 0x2190, 0x2192, 0x2026, 0xFFFD]
LATIN_GREEK_CYRILLIC = COMMON + [*range(0x250, 0x530), *range(0x1E00, 0x2000)]
ARABIC = [*range(0x600, 0x700), *range(0x750, 0x780), *range(0x8A0, 0x900), *range(0xFB50, 0xFE00),
          *range(0xFE70, 0xFF00)]


def cjk_codepoints() -> list[int]:
    points = COMMON + [*range(0x3000, 0x3100), *range(0x31F0, 0x3200), *range(0xFF00, 0xFFF0), *range(0x410, 0x450)]
    for code in [*range(0x4E00, 0xA000), *range(0xAC00, 0xD7A4)]:
        char = chr(code)
        for codec in ("shift_jis", "gb2312", "euc_kr"):
            try:
                char.encode(codec)
            except UnicodeEncodeError:
                continue
            points.append(code)
            break
    return sorted(set(points))


def cut(font: TTFont, codepoints: list[int], target: Path, features: list[str] | None = None) -> None:
    options = subset.Options()
    options.layout_features = features or ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    font.save(target)


def ranges(path: Path) -> list[list[int]]:
    """The font's cmap as [first, last] ranges (read by crowdgallery.write.share_images: no fontTools there)."""
    points = sorted(TTFont(path).getBestCmap())
    out: list[list[int]] = []
    for code in points:
        if out and out[-1][1] == code - 1:
            out[-1][1] = code
        else:
            out.append([code, code])
    return out


def write_coverage() -> None:
    names = ("NotoSans+Arabic-Regular.ttf", "NotoSansCJKjp-Regular.otf")
    data = {name: ranges(OUT / name) for name in names}
    (OUT / "coverage.json").write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    parts = []
    for name, points in (("NotoSans-Regular.ttf", LATIN_GREEK_CYRILLIC), ("NotoSansArabic-Regular.ttf", ARABIC)):
        part = OUT / f".{name}"
        cut(TTFont(NOTO / name), points, part)
        parts.append(part)
    merged = Merger().merge([str(p) for p in parts])
    merged.save(OUT / "NotoSans+Arabic-Regular.ttf")
    for p in parts:
        p.unlink()
    points = cjk_codepoints()
    faces = {f["name"].getDebugName(1): f for f in TTCollection(str(CJK)).fonts}
    # the default features only: the CJK font's vertical and other-region forms would double its size
    cut(faces["Noto Sans CJK JP"], points, OUT / "NotoSansCJKjp-Regular.otf", ["kern", "liga", "ccmp"])
    write_coverage()


if __name__ == "__main__":
    import sys
    write_coverage() if sys.argv[1:] == ["--coverage"] else main()
