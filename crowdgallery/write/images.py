"""The site's images, made ready for phones: resized, metadata-free, cached; SVG cleaned.

For each local raster image (PNG, JPEG, WebP, GIF — its first frame) the build
makes copies at a few widths (``WIDTHS``, never wider than the source) in WebP
and in the source's own format (PNG for a GIF), after turning it upright by its
EXIF orientation.  Every published copy is written fresh from the pixels, so no
EXIF (GPS, camera, owner), XMP, ICC profile (colours are converted to sRGB
first) or comment survives.  The source file itself is published only with
``images: {publish_originals: true}``, and then re-encoded without metadata too.

SVG files are cleaned by :mod:`crowdgallery.write.svgclean`.  Remote ``https://``
images are used as given and never downloaded.

Results are cached in the cache folder's ``images/`` (:mod:`crowdgallery.write.cachedir`; a sealed ``meta.json``
lists each file's SHA-256: an entry failing either check is made again) under a key made of
the file's content hash and the settings, so a rebuild copies instead of
re-encoding; new images are processed in a pool of worker processes.  Encoding
uses fixed settings and no clock, so the same source gives the same bytes.

``inspect_images`` (used by ``check``) opens every local image's header and
parses every SVG, which is quick; the full decode happens in ``prepare_images``
during a build, and a file that fails there is reported at the same place.
"""
from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from crowdgallery.model import ImageSettings, Site
from crowdgallery.problems import Location, Problem
from crowdgallery.write.cachedir import CacheDir
from crowdgallery.write.svgclean import SvgError, clean_svg

IMAGE_CACHE = "images"
WIDTHS = ImageSettings().widths
PROCESS_VERSION = 2  # bump when the encoding below changes, so old cache entries are not reused
RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".gif": "GIF"}
MIME = {"webp": "image/webp", "png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml"}
FALLBACK = {"PNG": "png", "JPEG": "jpg", "GIF": "png", "WEBP": None}  # the second format beside WebP
ORIGINAL = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}


def fingerprint(settings: ImageSettings) -> str:
    """Everything that decides the bytes of a published copy, for the image cache's key."""
    import PIL
    return json.dumps([PROCESS_VERSION, PIL.__version__, settings.publish_originals, settings.widths,
                       settings.webp_quality, settings.jpeg_quality])


@dataclass(frozen=True, slots=True)
class Variant:
    url: str  # relative to the site root
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Picture:
    """What a template needs to draw one image: a fallback src, its size, and the srcsets."""

    src: str  # the largest copy in the fallback format (or the cleaned SVG); also the link to the full image
    width: int
    height: int
    mime: str
    webp: tuple[Variant, ...] = ()
    fallback: tuple[Variant, ...] = ()

    @property
    def is_responsive(self) -> bool:
        return bool(self.webp)


@dataclass(frozen=True, slots=True)
class Prepared:
    pictures: Mapping[str, Picture]  # media url (media/…) → Picture
    files: tuple[tuple[Path, str], ...]  # (cached file, output path) to copy
    processed: int  # how many images were encoded in this build (not found in the cache)


# --- where images are named ------------------------------------------------------------------------

def named_images(site: Site) -> dict[str, Location]:
    """Every local image path the data names → the first place it is named (field line), in path order."""
    found: dict[str, Location] = {}
    for c in site.campaigns:
        if c.cover:
            found.setdefault(c.cover, c.at("cover"))
    for d in site.designers:
        if d.avatar:
            found.setdefault(d.avatar, d.at("avatar"))
    for s in site.submissions:
        for path in s.images:
            found.setdefault(path, s.at("images") if "images" in s.lines else s.at("image"))
    return {p: found[p] for p in sorted(found) if "://" not in p}


def media_path(path: str) -> str:
    return f"media/{path}"


def variant_path(path: str, width: int, ext: str) -> str:
    """media/images/tee.png → media/images/tee.png.640w.webp (unique per source, beside the original)."""
    return f"media/{path}.{width}w.{ext}"


# --- check: headers only ---------------------------------------------------------------------------

WEBP_MAX_SIDE = 16383  # pixels: the WebP format cannot hold a wider or taller picture


class ImageTooLarge(ValueError):
    """A picture whose published copies could not be made; the message has '{path}' for the image's path."""


def too_large(fmt: str, width: int, height: int, settings: ImageSettings) -> str | None:
    """Why the WebP copies of a ``width``×``height`` picture cannot be made, or None; what check and build both say."""
    w = min(width, max(settings.widths))
    h = max(1, round(height * w / width)) if width else height
    if settings.publish_originals and fmt == "WEBP":
        w, h = max(w, width), max(h, height)
    if max(w, h) <= WEBP_MAX_SIDE:
        return None
    return (f"the image '{{path}}' ({width}×{height} pixels) would need a {w}×{h} WebP copy, larger than WebP's "
            f"limit of {WEBP_MAX_SIDE} pixels a side; crop it or split it into several images")


def inspect_images(site_dir: Path, named: Mapping[str, Location],
                   settings: ImageSettings = ImageSettings()) -> list[Problem]:
    """Open each raster image's header and parse each SVG; a problem at the naming line for each failure.

    Says what the build would say of the same file: unreadable, not a picture, or too large for its copies.
    """
    from PIL import Image, UnidentifiedImageError

    problems = []
    for path, loc in named.items():
        full = site_dir / path
        suffix = Path(path).suffix.lower()
        try:
            if suffix == ".svg":
                clean_svg(full.read_bytes())
            elif suffix in RASTER:
                with Image.open(full) as im:
                    if im.format not in RASTER.values():
                        raise UnidentifiedImageError(f"a {im.format} file")
                    message = too_large(im.format, im.width, im.height, settings)
                    if message:
                        raise ImageTooLarge(message)
        except ImageTooLarge as exc:
            problems.append(Problem(loc, str(exc).replace("{path}", path)))
        except SvgError as exc:
            problems.append(_svg_problem(path, loc, exc))
        except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError) as exc:
            problems.append(_raster_problem(path, loc, exc))
    return problems


def _svg_problem(path: str, loc: Location, exc: SvgError) -> Problem:
    where = f" (line {exc.line} of the SVG)" if exc.line else ""
    return Problem(loc, f"the SVG '{path}' cannot be published safely: {exc}{where}")


def _raster_problem(path: str, loc: Location, exc: Exception) -> Problem:
    return Problem(loc, _raster_message(exc).replace("{path}", path))


def _raster_message(exc: Exception) -> str:
    """What went wrong reading a picture, without the machine's paths Pillow puts in some messages."""
    from PIL import UnidentifiedImageError

    reason = "it is not a PNG, JPEG, WebP or GIF file" if isinstance(exc, UnidentifiedImageError) else str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        reason = exc.strerror.lower()
    return f"the image '{{path}}' cannot be read as a picture ({reason}); save it again as PNG, JPEG, WebP or GIF"


# --- build: process, cache ------------------------------------------------------------------------

def prepare_images(site_dir: Path, named: Mapping[str, Location], settings: ImageSettings,
                   cache: CacheDir, jobs: int | None = None) -> tuple[Prepared | None, list[Problem]]:
    """Make (or find in the cache) every published copy; return the pictures, or the problems."""
    settings_key = fingerprint(settings)
    keys: dict[str, str] = {}
    problems: list[Problem] = []
    for path, loc in named.items():
        try:
            data = (site_dir / path).read_bytes()
        except OSError as exc:
            problems.append(Problem(loc, f"the image '{path}' cannot be read ({exc.strerror}); check the file"))
            continue
        keys[path] = hashlib.sha256(settings_key.encode() + b"\0" + data).hexdigest()
    entries = {p: cache.folder(f"{IMAGE_CACHE}/{k[:2]}") / k for p, k in keys.items()}
    metas = {p: trusted_meta(cache, entry) for p, entry in entries.items()}
    todo = [(str(site_dir / p), str(entries[p]), p, settings, cache) for p in keys if metas[p] is None]
    for path, message in _run(todo, jobs):
        loc = named[path]
        problems.append(Problem(loc, message.replace("{path}", path)))
    for _source, entry, path, _settings, _cache in todo:
        if not problems:
            metas[path] = trusted_meta(cache, Path(entry))
        if metas[path] is None and not problems:
            problems.append(Problem(named[path], f"the copies of the image '{path}' could not be kept in the cache "
                                                 f"folder {cache.root}; check that it can be written"))
    if problems:
        return None, problems
    pictures: dict[str, Picture] = {}
    files: list[tuple[Path, str]] = []
    for path, entry in entries.items():
        picture, copies = _picture(path, metas[path], entry)
        pictures[media_path(path)] = picture
        files.extend(copies)
    return Prepared(pictures, tuple(files), len(todo)), []


def trusted_meta(cache: CacheDir, entry: Path) -> dict | None:
    """A cache entry's meta.json when this user's builds made it and no file of it changed since; an
    entry that fails is removed (so it is made again) after a warning naming the file."""
    meta_path = entry / "meta.json"
    if not os.path.lexists(meta_path):
        return None
    data = cache.read(meta_path)
    try:
        meta = json.loads(data) if data is not None else None
        files = dict(meta["files"]) if meta is not None else {}
    except (ValueError, KeyError, TypeError):  # sealed by this key, but by another version: made again
        meta, files = None, {}
    if meta is not None:
        for name, digest in files.items():
            try:
                with open(entry / name, "rb") as handle:
                    same = hashlib.file_digest(handle, "sha256").hexdigest() == digest
            except OSError:
                same = False
            if not same:
                cache.warn(entry / name, "this cached image was changed since it was made (or is missing); "
                                         "it is made again")
                meta = None
                break
    if meta is None:
        entry.unlink() if entry.is_symlink() else shutil.rmtree(entry, ignore_errors=True)
    return meta


def _picture(path: str, meta: dict, entry: Path) -> tuple[Picture, list[tuple[Path, str]]]:
    copies: list[tuple[Path, str]] = []
    if meta["kind"] == "svg":
        copies.append((entry / "image.svg", media_path(path)))
        return Picture(media_path(path), meta["width"], meta["height"], MIME["svg"]), copies
    webp, fallback = [], []
    for v in meta["variants"]:
        rel = variant_path(path, v["width"], v["ext"])
        copies.append((entry / v["file"], rel))
        (webp if v["ext"] == "webp" else fallback).append(Variant(rel, v["width"], v["height"]))
    if meta.get("original"):
        copies.append((entry / meta["original"], media_path(path)))
    best = (fallback or webp)[-1]
    ext = best.url.rpartition(".")[2]
    return Picture(best.url, meta["width"], meta["height"], MIME[ext], tuple(webp), tuple(fallback)), copies


def _run(todo: list[tuple], jobs: int | None) -> list[tuple[str, str]]:
    """Process images (in worker processes when there are several); return (path, error message) failures."""
    if not todo:
        return []
    jobs = min(jobs or len(os.sched_getaffinity(0)), len(todo))
    if jobs <= 1:
        results = [_process_one(item) for item in todo]
    else:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            results = list(pool.map(_process_one, todo, chunksize=max(1, len(todo) // (jobs * 4))))
    return [r for r in results if r is not None]


def _process_one(item: tuple) -> tuple[str, str] | None:
    """Process one image into a fresh cache entry; return (path, message) when it cannot be read."""
    source, entry, path, settings, cache = item
    from PIL import Image, UnidentifiedImageError

    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=Path(entry).parent))
    try:
        data = Path(source).read_bytes()
        if path.lower().endswith(".svg"):
            try:
                clean = clean_svg(data)
            except SvgError as exc:
                where = f" (line {exc.line} of the SVG)" if exc.line else ""
                return path, f"the SVG '{{path}}' cannot be published safely: {exc}{where}"
            (tmp / "image.svg").write_bytes(clean.data)
            meta = {"kind": "svg", "width": clean.width, "height": clean.height, "removed": list(clean.removed)}
        else:
            try:
                meta = _encode_raster(data, tmp, settings)
            except ImageTooLarge as exc:
                return path, str(exc)
            except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError, SyntaxError) as exc:
                return path, _raster_message(exc)
        meta["files"] = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(tmp.iterdir())}
        sealed = cache.seal(Path(entry) / "meta.json", json.dumps(meta, sort_keys=True).encode("utf-8"))
        (tmp / "meta.json").write_bytes(sealed)
        try:
            os.rename(tmp, entry)
        except OSError:  # another build made the same entry meanwhile: it holds the same bytes
            pass
        return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _upright_srgb(im):
    """The first frame, turned by its EXIF orientation, in sRGB, in a mode every encoder takes, no metadata."""
    from PIL import ImageOps

    im.seek(0)
    im.load()
    icc = im.info.get("icc_profile")
    im = ImageOps.exif_transpose(im)
    alpha = im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (im.mode == "P" and "transparency" in im.info)
    if im.mode not in ("RGB", "RGBA", "L"):
        im = im.convert("RGBA" if alpha else "RGB")
    if icc and im.mode in ("RGB", "RGBA"):
        im = _to_srgb(im, icc)
    im = im.copy() if im.info else im
    im.info = {}  # nothing from the source file goes out with the pixels
    return im


def _to_srgb(im, icc: bytes):
    """Convert pixels from their embedded colour profile to sRGB (the profile itself is not published)."""
    try:
        from PIL import ImageCms
    except ImportError:  # Pillow without littlecms: keep the pixels as they are
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"), outputMode=im.mode)
    except (OSError, ImageCms.PyCMSError):  # an unreadable profile: keep the pixels as they are
        return im


def _save(im, fmt: str, settings: ImageSettings, full: bool = False) -> bytes:
    out = io.BytesIO()
    if fmt == "webp":
        im.save(out, "WEBP", quality=95 if full else settings.webp_quality, method=4)
    elif fmt == "jpg":
        im.convert("RGB").save(out, "JPEG", quality=95 if full else settings.jpeg_quality, optimize=True,
                               progressive=True)
    elif fmt == "gif":
        im.save(out, "GIF")
    else:
        im.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


def _encode_raster(data: bytes, folder: Path, settings: ImageSettings) -> dict:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as source:
        if source.format not in RASTER.values():
            raise ValueError(f"a {source.format} file, not PNG, JPEG, WebP or GIF")
        fmt = source.format
        message = too_large(fmt, source.width, source.height, settings)
        if message:
            raise ImageTooLarge(message)
        im = _upright_srgb(source)
    width, height = im.size
    widths = sorted({w for w in settings.widths if w < width} | {min(width, max(settings.widths))})
    formats = ["webp"] + ([FALLBACK[fmt]] if FALLBACK[fmt] else [])
    variants = []
    sized = im
    for w in reversed(widths):  # each copy is resized from the next larger one: cheaper, as sharp
        h = max(1, round(height * w / width))
        if sized.size != (w, h):
            sized = sized.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for ext in formats:
            name = f"{w}w.{ext}"
            (folder / name).write_bytes(_save(sized, ext, settings))
            variants.append({"width": w, "height": h, "ext": ext, "file": name})
    variants.sort(key=lambda v: (formats.index(v["ext"]), v["width"]))
    meta = {"kind": "raster", "format": fmt, "width": width, "height": height, "variants": variants}
    if settings.publish_originals:
        ext = ORIGINAL[fmt]
        (folder / f"original.{ext}").write_bytes(_save(im.convert("RGB") if ext == "gif" else im, ext, settings,
                                                       full=True))
        meta["original"] = f"original.{ext}"
    # The picture drawn in pages is no wider than the largest copy:
    meta["width"], meta["height"] = widths[-1], max(1, round(height * widths[-1] / width))
    return meta
