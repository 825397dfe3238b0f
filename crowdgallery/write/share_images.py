"""Link-preview images: one 1200×630 PNG per submission, designer and campaign, and one for the site.

Drawn with Pillow from the design (or the avatar, or the cover), the title, the
rank or wins, and the site's title, in Pillow's bundled font
(``ImageFont.load_default(size=…)``), so the output needs no system fonts and is
the same on every machine with the same Pillow.  Made only when ``base_url`` is
set: a preview image is only found through its absolute URL.

Drawing is slow next to rendering a page, so each image is cached under
``SITE/.crowdgallery-cache/share/`` by a hash of everything drawn on it (its
lines, the image file's bytes, the layout version); an unchanged image is
copied, not redrawn.  Missing ones are drawn in a process pool.  Images the
current build does not use are removed from that folder (the rest of
``.crowdgallery-cache/`` belongs to other features).

While a campaign's tallies are hidden, its images carry no rank, score or
count (the lines come from share.py, which leaves them out).
"""
from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from crowdgallery.load.config import CACHE_FOLDER
from crowdgallery.load.strings import strip_bidi_controls
from crowdgallery.markup import CrowdText
from crowdgallery.plan import share
from crowdgallery.urls import share_image_url

CACHE_DIR = f"{CACHE_FOLDER}/share"
LAYOUT = "4"  # bump when the drawing changes, so cached images are redrawn
SIZE = (1200, 630)
PARALLEL_FROM = 8  # below this many images to draw, a pool costs more than it saves
RASTER = (".png", ".jpg", ".jpeg", ".gif", ".webp")

BG, INK, MUTED, ACCENT, GOLD = "#f7f6f3", "#1b1a1f", "#5c5a66", "#5a2de0", "#ffc83d"


@dataclass(frozen=True, slots=True)
class Spec:
    """Everything drawn on one image; its hash names the cached file."""

    rel: str  # where it is published, e.g. submissions/x/share.png
    kind: str  # submission | designer | campaign
    title: str
    subtitle: str
    line: str
    site_title: str
    picture: str  # a local raster image to show, or ""
    initials: str
    winner: bool
    direction: str = "ltr"  # the site language's: rtl lines are set from the right

    def key(self) -> str:
        digest = hashlib.sha256(json.dumps([LAYOUT, self.kind, self.title, self.subtitle, self.line,
                                            self.site_title, self.initials, self.winner,
                                            self.direction]).encode())
        if self.picture:
            digest.update(Path(self.picture).read_bytes())
        return digest.hexdigest()[:32]


def _picture(site_dir: Path, path: str) -> str:
    """A local raster file Pillow can draw; remote images are never downloaded, SVGs not rasterised."""
    if not path or "://" in path or not path.lower().endswith(RASTER):
        return ""
    source = site_dir / path
    return str(source) if source.is_file() else ""


def _initials(text: str) -> str:
    words = [w for w in text.split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def plan_images(gallery, config) -> list[Spec]:
    """One spec per submission, designer and campaign, in a stable order."""
    site_dir, site_title = config.site_dir, config.title
    covers = [c.campaign.cover for c in gallery.campaigns if c.campaign.cover]
    specs = [Spec(share.SITE_IMAGE, "site", site_title, CrowdText().plain_text(config.description or "", 120), share.site_line(gallery), "",
                  _picture(site_dir, covers[0] if covers else ""), _initials(site_title), False)]
    for c in gallery.campaigns:
        specs.append(Spec(share_image_url(c.url), "campaign", c.title, c.campaign.summary,
                          share.campaign_line(c), site_title, _picture(site_dir, c.campaign.cover),
                          _initials(c.title), False))
    for e in gallery.entries:
        by = "by " + ", ".join(d.name for d in e.designers) if e.designers else ""
        specs.append(Spec(share_image_url(e.url), "submission", e.title, by, share.entry_line(e), site_title,
                          _picture(site_dir, e.submission.images[0] if e.submission.images else ""),
                          _initials(e.title), share.public_winner(e)))
    for d in gallery.designers:
        specs.append(Spec(share_image_url(d.url), "designer", d.name, d.designer.location,
                          share.designer_line(d), site_title, _picture(site_dir, d.designer.avatar),
                          _initials(d.name), bool(share.public_wins(d))))
    return specs


def prepare(gallery, config, jobs: int | None = None) -> tuple[dict[str, Path], int]:
    """Make sure every image is in the cache; return ({published path: cached file}, how many were drawn)."""
    cache = config.site_dir / CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    specs = plan_images(gallery, config)
    files = {s.rel: cache / f"{s.key()}.png" for s in specs}
    missing = [(s, str(files[s.rel])) for s in specs if not files[s.rel].is_file()]
    jobs = jobs or len(os.sched_getaffinity(0))
    if jobs > 1 and len(missing) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            list(pool.map(_draw_to, missing, chunksize=max(1, len(missing) // (jobs * 8))))
    else:
        for item in missing:
            _draw_to(item)
    used = {p.name for p in files.values()}
    for old in cache.glob("*.png"):
        if old.name not in used:
            old.unlink(missing_ok=True)
    return files, len(missing)


def _draw_to(item: tuple[Spec, str]) -> None:
    spec, target = item
    data = draw(spec)
    partial = f"{target}.{os.getpid()}.part"
    with open(partial, "wb") as handle:
        handle.write(data)
    os.replace(partial, target)  # a half-written file is never taken for a cached one


# --- drawing ---------------------------------------------------------------------------------

FONTS = Path(__file__).resolve().parents[1] / "fonts"  # Noto, OFL 1.1 (fonts/OFL.txt); made by tools/subset_fonts.py
SANS, CJK = "NotoSans+Arabic-Regular.ttf", "NotoSansCJKjp-Regular.otf"


def is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


def _font(size: int, text: str = ""):
    """Noto Sans with Noto Sans Arabic (Latin, Greek, Cyrillic, Arabic) or, for a line with any kana, Hangul or
    ideograph, Noto Sans CJK (which draws Latin, Greek and Cyrillic too).  Shaped by Raqm where Pillow has it
    (Arabic letters joined, right-to-left runs in order); Pillow's basic layout otherwise."""
    from PIL import ImageFont
    return ImageFont.truetype(str(FONTS / (CJK if any(is_cjk(c) for c in text) else SANS)), size)


@functools.cache
def coverage() -> tuple[tuple[int, int], ...]:
    """The code point ranges the bundled fonts draw (from their cmaps, written by tools/subset_fonts.py)."""
    ranges = json.loads((FONTS / "coverage.json").read_text(encoding="utf-8"))
    return tuple((first, last) for name in (SANS, CJK) for first, last in ranges[name])


_SPELLED = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
            "đ": "d", "Đ": "D", "þ": "th", "ı": "i", "–": "-", "—": "-", "★": "stars", "“": '"', "”": '"'}


def _has_glyph(char: str) -> bool:
    """Whether one of the bundled fonts maps this character (else it would be a 'missing glyph' box)."""
    code = ord(char)
    return char.isspace() or any(first <= code <= last for first, last in coverage())


def drawable(text: str) -> str:
    """Text the bundled fonts can draw, without direction controls (strip_bidi_controls); a character no font
    has is spelled in letters they have where it can be ('★' → 'stars'), else left as it is."""
    out = []
    text = strip_bidi_controls(text)
    for char in text:
        if char.isascii() or _has_glyph(char):
            out.append(char)
        elif char in _SPELLED:
            out.append(_SPELLED[char])
        else:
            folded = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(folded if folded and all(c.isascii() or _has_glyph(c) for c in folded) else char)
    return "".join(out)


def _wrap(draw, text: str, font, width: int, max_lines: int) -> list[str]:
    lines: list[str] = []
    for word in drawable(text).split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    while lines and draw.textlength(lines[-1], font=font) > width and len(lines[-1]) > 1:
        lines[-1] = lines[-1][:-2] + "…"
    return lines


def _hue_colour(text: str) -> tuple[int, int, int]:
    import colorsys
    hue = int(hashlib.sha256(text.encode()).hexdigest()[:4], 16) / 0xFFFF
    r, g, b = colorsys.hls_to_rgb(hue, 0.32, 0.55)
    return int(r * 255), int(g * 255), int(b * 255)


def _left_panel(spec: Spec, size: int):
    from PIL import Image, ImageDraw, ImageOps
    if spec.picture:
        try:
            with Image.open(spec.picture) as source:
                source.load()
                return ImageOps.fit(source.convert("RGB"), (size, size), Image.Resampling.LANCZOS)
        except (OSError, ValueError):
            pass  # an unreadable image gets the placeholder, as on the pages
    panel = Image.new("RGB", (size, size), _hue_colour(spec.title))
    d = ImageDraw.Draw(panel)
    font = _font(220, spec.initials)
    d.text((size / 2, size / 2), spec.initials, font=font, fill="#ffffff", anchor="mm")
    return panel


def draw(spec: Spec) -> bytes:
    """The PNG bytes of one share image (no timestamps or other metadata: reproducible)."""
    from PIL import Image, ImageDraw
    width, height = SIZE
    image = Image.new("RGB", SIZE, BG)
    image.paste(_left_panel(spec, height), (0, 0))
    d = ImageDraw.Draw(image)
    x, right = height + 50, width - 50
    text_width = right - x
    d.rectangle((height, 0, height + 12, height), fill=GOLD if spec.winner else ACCENT)
    start, anchor = (right, "ra") if spec.direction == "rtl" else (x, "la")  # rtl sites' lines start at the right

    def put(y: int, line: str, font, fill: str) -> None:
        d.text((start, y), line, font=font, fill=fill, anchor=anchor)

    put(50, drawable(spec.site_title), _font(30, spec.site_title), MUTED)
    y = 120
    title_font = _font(64, spec.title)
    for line in _wrap(d, spec.title, title_font, text_width, 3):
        put(y, line, title_font, INK)
        y += 76
    y += 10
    if spec.subtitle:
        sub_font = _font(34, spec.subtitle)
        for line in _wrap(d, spec.subtitle, sub_font, text_width, 2):
            put(y, line, sub_font, MUTED)
            y += 44
    line_font = _font(36, spec.line)
    lines = _wrap(d, spec.line, line_font, text_width, 3)
    y = max(y + 20, height - 60 - 48 * len(lines))
    for line in lines:
        put(y, line, line_font, ACCENT)
        y += 48
    # 256 colours: the same picture to the eye, under half the bytes, and faster to encode than RGB
    image = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = BytesIO()
    image.save(out, "PNG", compress_level=6)
    return out.getvalue()
