"""Link-preview images: one 1200×630 JPEG per designer, campaign and submission without a picture, and
one for the site.

A submission whose first image is a raster image gets no card: its page previews
with the design itself (share.own_preview: the published copy closest to 1200 wide).
The cards are drawn with Pillow from the design (or the avatar, or the cover), the title, the
rank or wins, and the site's title, in Pillow's bundled font
(``ImageFont.load_default(size=…)``), so the output needs no system fonts and is
the same on every machine with the same Pillow.  Made only when ``base_url`` is
set: a preview image is only found through its absolute URL.

Drawing is slow next to rendering a page, so each image is cached in the cache
folder's ``share/`` (see cachedir.py) by a hash of everything drawn on it (its
lines, the image file's bytes, the layout and Pillow versions); an unchanged
image is copied, not redrawn.  Missing ones are drawn in a process pool.  Images
the current build does not use are removed from that folder.  A sealed
``manifest.json`` there vouches for each image (its SHA-256): one it does not
vouch for is drawn again, with a warning.

While a campaign's tallies are hidden, its images carry no rank, score or
count (the lines come from share.py, which leaves them out).
"""
from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import tempfile
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import PIL

from crowdgallery.load.strings import parse_locale, strip_bidi_controls
from crowdgallery.markup import CrowdText
from crowdgallery.plan import share
from crowdgallery.urls import share_image_url
from crowdgallery.write.cachedir import CacheDir
from crowdgallery.write.staging import file_stat

SHARE_CACHE = "share"  # the subfolder of the cache folder
MANIFEST = "manifest.json"  # sealed: each image's SHA-256, inode, size and mtime (an untouched file is not read)
LAYOUT = "4"  # bump when the drawing changes, so cached images are redrawn
SIZE = (1200, 630)
FORMAT = "jpg"  # the cached and published files (urls.share_image_url)
PARALLEL_FROM = 8  # below this many images to draw, a pool costs more than it saves
RASTER = (".png", ".jpg", ".jpeg", ".gif", ".webp")

BG, INK, MUTED, ACCENT, GOLD = "#f7f6f3", "#1b1a1f", "#5c5a66", "#5a2de0", "#ffc83d"


@dataclass(frozen=True, slots=True)
class Spec:
    """Everything drawn on one image; its hash names the cached file."""

    rel: str  # where it is published, e.g. submissions/x/share.jpg
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
        digest = hashlib.sha256(json.dumps([LAYOUT, PIL.__version__, self.kind, self.title, self.subtitle, self.line,
                                            self.site_title, self.initials, self.winner, self.direction]).encode())
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


def plan_images(gallery, config, pictures=None) -> list[Spec]:
    """One spec per campaign, designer and submission without a preview of its own, in a stable order."""
    site_dir, site_title = config.site_dir, config.title
    locale = parse_locale(config.language or "en")
    direction = "rtl" if locale is not None and locale.character_order == "right-to-left" else "ltr"
    covers = [c.campaign.cover for c in gallery.campaigns if c.campaign.cover]
    specs = [Spec(share.SITE_IMAGE, "site", site_title, CrowdText().plain_text(config.description or "", 120), share.site_line(gallery), "",
                  _picture(site_dir, covers[0] if covers else ""), _initials(site_title), False, direction)]
    for c in gallery.campaigns:
        specs.append(Spec(share_image_url(c.url), "campaign", c.title, c.campaign.summary,
                          share.campaign_line(c), site_title, _picture(site_dir, c.campaign.cover),
                          _initials(c.title), False, direction))
    for e in gallery.entries:
        if share.own_preview(e, pictures or {}) is not None:
            continue  # the design itself is the preview
        by = "by " + ", ".join(d.name for d in e.designers) if e.designers else ""
        specs.append(Spec(share_image_url(e.url), "submission", e.title, by, share.entry_line(e), site_title,
                          _picture(site_dir, e.submission.images[0] if e.submission.images else ""),
                          _initials(e.title), share.public_winner(e), direction))
    for d in gallery.designers:
        specs.append(Spec(share_image_url(d.url), "designer", d.name, d.designer.location,
                          share.designer_line(d), site_title, _picture(site_dir, d.designer.avatar),
                          _initials(d.name), bool(share.public_wins(d)), direction))
    return specs


def prepare(gallery, config, cache_dir: CacheDir, jobs: int | None = None,
            pictures=None) -> tuple[dict[str, Path], int]:
    """Make sure every image is in the cache; return ({published path: cached file}, how many were drawn).

    ``pictures`` (images.py's published copies): a submission whose first image has a JPEG or PNG copy
    previews with that copy (share.own_preview) and gets no card.
    """
    cache = cache_dir.folder(SHARE_CACHE)
    specs = plan_images(gallery, config, pictures or {})
    files = {s.rel: cache / f"{s.key()}.{FORMAT}" for s in specs}
    known = _read_manifest(cache_dir, cache)
    digests = {name: digest for name, digest in ((p.name, _trusted(cache_dir, p, known)) for p in set(files.values()))
               if digest}
    missing = [(s, str(files[s.rel])) for s in specs if files[s.rel].name not in digests]
    jobs = jobs or len(os.sched_getaffinity(0))
    if jobs > 1 and len(missing) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        parts = [missing[i::jobs * 4] for i in range(jobs * 4)]  # one Painter (fonts, fixed parts) per part
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            list(pool.map(_draw_all, parts))
    else:
        _draw_all(missing)
    used = {p.name for p in files.values()}
    for old in cache.glob("*"):
        if old.is_file() and old.name not in used and old.name != MANIFEST:
            old.unlink(missing_ok=True)
    manifest = {}
    for path in sorted(set(files.values())):
        manifest[path.name] = [digests.get(path.name) or _digest(path), *(file_stat(path) or ())]
    if manifest != known:
        cache_dir.write(cache / MANIFEST, json.dumps(manifest, sort_keys=True).encode("utf-8"))
    return files, len(missing)


def _read_manifest(cache_dir: CacheDir, folder: Path) -> dict:
    data = cache_dir.read(folder / MANIFEST)
    try:
        manifest = json.loads(data) if data is not None else {}
        return manifest if isinstance(manifest, dict) else {}
    except ValueError:
        return {}


def _digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _trusted(cache_dir: CacheDir, path: Path, known: dict) -> str | None:
    """The SHA-256 of a cached image when this user's builds drew it (the manifest says so); else None,
    with a warning when a file is there that the manifest does not vouch for."""
    if not os.path.lexists(path):
        return None
    entry = known.get(path.name)
    if entry and not path.is_symlink():
        if list(file_stat(path) or ()) == entry[1:]:
            return entry[0]  # the very file written and recorded: not read again
        if _digest(path) == entry[0]:
            return entry[0]
    cache_dir.warn(path, "this cached share image was not drawn by this user's builds (or was changed since); "
                         "it is drawn again")
    path.unlink(missing_ok=True)
    return None


def _draw_all(items: list[tuple[Spec, str]]) -> None:
    painter = Painter()
    for spec, target in items:
        data = painter.draw(spec)
        fd, partial = tempfile.mkstemp(prefix=".draw-", suffix=".part", dir=os.path.dirname(target))  # never a
        with os.fdopen(fd, "wb") as handle:  # file planted in the cache folder (a link would be written through)
            handle.write(data)
        os.replace(partial, target)  # a half-written file is never taken for a cached one


# --- drawing ---------------------------------------------------------------------------------

FONTS = Path(__file__).resolve().parents[1] / "fonts"  # Noto, OFL 1.1 (fonts/OFL.txt); made by tools/subset_fonts.py
SANS, CJK = "NotoSans+Arabic-Regular.ttf", "NotoSansCJKjp-Regular.otf"


def is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


def face(text: str) -> str:
    """The bundled font file that draws ``text``: the CJK one for a line with any kana, Hangul or ideograph."""
    return CJK if any(is_cjk(c) for c in text) else SANS


def _font(size: int, text: str = ""):
    """Noto Sans with Noto Sans Arabic (Latin, Greek, Cyrillic, Arabic) or, for a line with any kana, Hangul or
    ideograph, Noto Sans CJK (which draws Latin, Greek and Cyrillic too).  Shaped by Raqm where Pillow has it
    (Arabic letters joined, right-to-left runs in order); Pillow's basic layout otherwise."""
    from PIL import ImageFont
    return ImageFont.truetype(str(FONTS / face(text)), size)


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


def _wrap(measure, text: str, width: int, max_lines: int) -> list[str]:
    """Words into at most max_lines lines no wider than width; ``measure(text)`` is the drawn width.
    A line's width is its words' widths plus the spaces' (a space's neighbours are not kerned), so each
    word is measured once."""
    space = measure(" ")
    lines: list[str] = []
    used = 0.0
    for word in drawable(text).split():
        wide = measure(word)
        if lines and used + space + wide <= width:
            lines[-1] += f" {word}"
            used += space + wide
        else:
            lines.append(word)
            used = wide
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    while lines and measure(lines[-1]) > width and len(lines[-1]) > 1:
        lines[-1] = lines[-1][:-2] + "…"
    return lines


def _hue_colour(text: str) -> tuple[int, int, int]:
    import colorsys
    hue = int(hashlib.sha256(text.encode()).hexdigest()[:4], 16) / 0xFFFF
    r, g, b = colorsys.hls_to_rgb(hue, 0.32, 0.55)
    return int(r * 255), int(g * 255), int(b * 255)


class Painter:
    """Draws cards; keeps what every card shares: the fonts, the background with the site's title and the
    bar (one per site title and bar colour), the initials' masks.  One per worker process."""

    def __init__(self):
        self._fonts: dict[tuple[int, str], object] = {}
        self._bases: dict[tuple[str, bool, str], object] = {}
        self._initials: dict[str, object] = {}
        self._widths: dict[tuple[int, str], dict[str, float]] = {}  # (font size, face) → words measured

    def wrap(self, text: str, size: int, width: int, max_lines: int) -> list[str]:
        font = self.font(size, text)
        widths = self._widths.setdefault((size, face(text)), {})

        def measure(part: str) -> float:
            if part not in widths:
                widths[part] = font.getlength(part)
            return widths[part]
        return _wrap(measure, text, width, max_lines)

    def font(self, size: int, text: str = ""):
        """The bundled font that draws ``text`` (face()), at ``size``."""
        key = (size, face(text))
        if key not in self._fonts:
            self._fonts[key] = _font(size, text)
        return self._fonts[key]

    def base(self, site_title: str, winner: bool, direction: str = "ltr"):
        """The fixed parts: background, the bar beside the picture, the site's title (set from the right on a
        right-to-left site)."""
        key = (site_title, winner, direction)
        if key not in self._bases:
            from PIL import Image, ImageDraw
            width, height = SIZE
            image = Image.new("RGB", SIZE, BG)
            d = ImageDraw.Draw(image)
            d.rectangle((height, 0, height + 12, height), fill=GOLD if winner else ACCENT)
            start, anchor = (width - 50, "ra") if direction == "rtl" else (height + 50, "la")
            for line in self.wrap(site_title, 30, width - 100 - height, 1):
                d.text((start, 50), line, font=self.font(30, site_title), fill=MUTED, anchor=anchor)
            self._bases[key] = image
        return self._bases[key]

    def initials_mask(self, text: str, size: int):
        """The initials in white on nothing, cropped to their box, and where the box goes."""
        if text not in self._initials:
            from PIL import Image, ImageDraw
            mask = Image.new("L", (size, size), 0)
            ImageDraw.Draw(mask).text((size / 2, size / 2), text, font=self.font(220, text), fill=255, anchor="mm")
            box = mask.getbbox() or (0, 0, 1, 1)
            self._initials[text] = (mask.crop(box), box[:2])
        return self._initials[text]

    def left_panel(self, image, spec: Spec, size: int) -> None:
        """The picture, or the placeholder (a colour from the title, the initials), over the card's left square."""
        from PIL import Image, ImageOps
        if spec.picture:
            try:
                with Image.open(spec.picture) as source:
                    source.load()
                    image.paste(ImageOps.fit(source.convert("RGB"), (size, size), Image.Resampling.LANCZOS), (0, 0))
                    return
            except (OSError, ValueError):
                pass  # an unreadable image gets the placeholder, as on the pages
        image.paste(_hue_colour(spec.title), (0, 0, size, size))
        mask, corner = self.initials_mask(spec.initials, size)
        image.paste((255, 255, 255), corner + (corner[0] + mask.width, corner[1] + mask.height), mask)

    def draw(self, spec: Spec) -> bytes:
        """The JPEG bytes of one share image (no timestamps or other metadata: reproducible)."""
        from PIL import ImageDraw
        width, height = SIZE
        image = self.base(spec.site_title, spec.winner, spec.direction).copy()
        self.left_panel(image, spec, height)
        d = ImageDraw.Draw(image)
        x, right = height + 50, width - 50
        text_width = right - x
        start, anchor = (right, "ra") if spec.direction == "rtl" else (x, "la")  # rtl sites' lines start at the right

        def put(y: int, line: str, font, fill: str) -> None:
            d.text((start, y), line, font=font, fill=fill, anchor=anchor)
        y = 120
        title_font = self.font(64, spec.title)
        for line in self.wrap(spec.title, 64, text_width, 3):
            put(y, line, title_font, INK)
            y += 76
        y += 10
        if spec.subtitle:
            sub_font = self.font(34, spec.subtitle)
            for line in self.wrap(spec.subtitle, 34, text_width, 2):
                put(y, line, sub_font, MUTED)
                y += 44
        line_font = self.font(36, spec.line)
        lines = self.wrap(spec.line, 36, text_width, 3)
        y = max(y + 20, height - 60 - 48 * len(lines))
        for line in lines:
            put(y, line, line_font, ACCENT)
            y += 48
        # JPEG: link previews accept it, and it encodes in a sixth of the time of the 256-colour PNG drawn
        # before (quantising and deflating took two thirds of a card's time); quality 90 keeps the text crisp
        out = BytesIO()
        image.save(out, "JPEG", quality=90)
        return out.getvalue()


def draw(spec: Spec) -> bytes:
    """One share image's bytes, drawn on its own (a build draws many with one Painter)."""
    return Painter().draw(spec)
