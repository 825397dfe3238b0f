"""Link-preview images: one 1200×630 PNG per submission, designer and campaign.

Drawn with Pillow from the design (or the avatar, or the cover), the title, the
rank or wins, and the site's title, in Pillow's bundled font
(``ImageFont.load_default(size=…)``), so the output needs no system fonts and is
the same on every machine with the same Pillow.  Made only when ``base_url`` is
set: a preview image is only found through its absolute URL.

Drawing is slow next to rendering a page, so each image is cached in the cache
folder's ``share/`` (see cachedir.py) by a hash of everything drawn on it (its
lines, the image file's bytes, the layout and Pillow versions); an unchanged
image is copied, not redrawn.  Missing ones are drawn in a process pool.  Images
the current build does not use are removed from that folder.  A sealed
``manifest.json`` there holds each image's SHA-256 (and the file's inode, size
and mtime, so an untouched file is not read again): an image that does not
match is drawn again, with a warning.

While a campaign's tallies are hidden, its images carry no rank, score or
count (the lines come from share.py, which leaves them out).
"""
from __future__ import annotations

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

from crowdgallery.plan import share
from crowdgallery.urls import share_image_url
from crowdgallery.write.cachedir import CacheDir
from crowdgallery.write.staging import file_stat

SHARE_CACHE = "share"  # the subfolder of the cache folder
MANIFEST = "manifest.json"
LAYOUT = "3"  # bump when the drawing changes, so cached images are redrawn
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

    def key(self) -> str:
        digest = hashlib.sha256(json.dumps([LAYOUT, PIL.__version__, self.kind, self.title, self.subtitle, self.line,
                                            self.site_title, self.initials, self.winner]).encode())
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
    specs = []
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


def prepare(gallery, config, cache: CacheDir, jobs: int | None = None) -> tuple[dict[str, Path], int]:
    """Make sure every image is in the cache; return ({published path: cached file}, how many were drawn)."""
    folder = cache.folder(SHARE_CACHE)
    specs = plan_images(gallery, config)
    files = {s.rel: folder / f"{s.key()}.png" for s in specs}
    known = _read_manifest(cache, folder)
    digests = {name: digest for name, digest in ((p.name, _trusted(cache, p, known)) for p in set(files.values()))
               if digest}
    missing = [(s, str(files[s.rel])) for s in specs if files[s.rel].name not in digests]
    jobs = jobs or len(os.sched_getaffinity(0))
    if jobs > 1 and len(missing) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            list(pool.map(_draw_to, missing, chunksize=max(1, len(missing) // (jobs * 8))))
    else:
        for item in missing:
            _draw_to(item)
    used = {p.name for p in files.values()}
    for old in folder.glob("*.png"):
        if old.name not in used:
            old.unlink(missing_ok=True)
    manifest = {}
    for path in sorted(set(files.values())):
        digest = digests.get(path.name) or _digest(path)
        manifest[path.name] = [digest, *(file_stat(path) or ())]
    if manifest != known:
        cache.write(folder / MANIFEST, json.dumps(manifest, sort_keys=True).encode("utf-8"))
    return files, len(missing)


def _read_manifest(cache: CacheDir, folder: Path) -> dict:
    data = cache.read(folder / MANIFEST)
    try:
        manifest = json.loads(data) if data is not None else {}
        return manifest if isinstance(manifest, dict) else {}
    except ValueError:
        return {}


def _digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _trusted(cache: CacheDir, path: Path, known: dict) -> str | None:
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
    cache.warn(path, "this cached share image was not drawn by this user's builds (or was changed since); "
                     "it is drawn again")
    path.unlink(missing_ok=True)
    return None


def _draw_to(item: tuple[Spec, str]) -> None:
    spec, target = item
    data = draw(spec)
    fd, partial = tempfile.mkstemp(prefix=".draw-", suffix=".part", dir=os.path.dirname(target))  # a new file,
    with os.fdopen(fd, "wb") as handle:  # never one planted in the cache folder (a link would be written through)
        handle.write(data)
    os.replace(partial, target)  # a half-written file is never taken for a cached one


# --- drawing ---------------------------------------------------------------------------------

def _font(size: int):
    from PIL import ImageFont
    return ImageFont.load_default(size=size)


_SPELLED = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
            "đ": "d", "Đ": "D", "þ": "th", "ı": "i", "–": "-", "—": "-", "★": "stars", "“": '"', "”": '"'}
_MISSING: dict[str, bool] = {}


def _has_glyph(char: str) -> bool:
    """Whether the bundled font draws this character (not its 'missing glyph' box)."""
    if char not in _MISSING:
        from PIL import Image
        font = _font(40)

        def mask(c):
            m = font.getmask(c)
            return m.size, Image.Image()._new(m).tobytes()
        _MISSING[char] = char.isspace() or mask(char) != mask("\uffff")
    return _MISSING[char]


def drawable(text: str) -> str:
    """Text the bundled font can draw: 'Zoë Ng' → 'Zoe Ng', '4.3 ★' → '4.3 stars'; what cannot be
    spelled in its letters is left as it is."""
    out = []
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
    font = _font(220)
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
    d.text((x, 50), drawable(spec.site_title), font=_font(30), fill=MUTED)
    y = 120
    title_font = _font(64)
    for line in _wrap(d, spec.title, title_font, text_width, 3):
        d.text((x, y), line, font=title_font, fill=INK)
        y += 76
    y += 10
    if spec.subtitle:
        sub_font = _font(34)
        for line in _wrap(d, spec.subtitle, sub_font, text_width, 2):
            d.text((x, y), line, font=sub_font, fill=MUTED)
            y += 44
    line_font = _font(36)
    lines = _wrap(d, spec.line, line_font, text_width, 3)
    y = max(y + 20, height - 60 - 48 * len(lines))
    for line in lines:
        d.text((x, y), line, font=line_font, fill=ACCENT)
        y += 48
    # 256 colours: the same picture to the eye, under half the bytes, and faster to encode than RGB
    image = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = BytesIO()
    image.save(out, "PNG", compress_level=6)
    return out.getvalue()
