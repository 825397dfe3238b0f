"""Images: resized copies (never upscaled), orientation applied, metadata gone, cached, errors at file:line.

The example site ships the hard cases (made by tools/make_example_images.py): a JPEG stored sideways
with EXIF orientation 6, GPS, camera and owner fields and a comment; a WebP with EXIF; an animated
GIF with a comment; 800×800 PNG mock-ups; SVG avatars.
"""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_SITE as EXAMPLE
from conftest import (
    assert_no_traceback,
    cli,
    read_page,
    resolve_link,
    tree_bytes,
    write_files,
)
from PIL import Image

PRIVATE = [b"Fjellveien", b"Northwind Phone", b"NW-7 Pro", b"Olek Wisniewski", b"GPS"]


@pytest.fixture(scope="module")
def example(example_build):
    return example_build


def published(out: Path, source: str) -> dict[str, tuple[int, int]]:
    """The copies of one source image in the output: file name → pixel size."""
    folder = out / "media" / Path(source).parent
    return {p.name: Image.open(p).size for p in sorted(folder.glob(Path(source).name + ".*"))}


def test_copies_at_each_width_in_webp_and_the_source_format(example):
    _, out = example
    assert published(out, "images/winter/bothy-lights.jpg") == {
        f"bothy-lights.jpg.{w}w.{ext}": (w, w * 5 // 8) for w in (320, 640, 1280, 1600) for ext in ("jpg", "webp")}
    # an 800-pixel mock-up is never upscaled: its widest copy is 800
    assert published(out, "images/tees/retro-sunset.png") == {
        f"retro-sunset.png.{w}w.{ext}": (w, w) for w in (320, 640, 800) for ext in ("png", "webp")}
    # a WebP source only needs WebP; a GIF's first frame gets PNG beside WebP
    assert set(published(out, "images/winter/aurora-knit.webp")) == {f"aurora-knit.webp.{w}w.webp"
                                                                    for w in (320, 640, 900)}
    assert set(published(out, "images/winter/fjord-stripes.gif")) == {f"fjord-stripes.gif.{w}w.{e}"
                                                                     for w in (320, 640) for e in ("png", "webp")}
    for name in published(out, "images/winter/fjord-stripes.gif"):
        assert getattr(Image.open(out / "media/images/winter" / name), "n_frames", 1) == 1
    # the source files themselves are not published by default
    assert not (out / "media/images/winter/bothy-lights.jpg").exists()
    assert not (out / "media/images/tees/retro-sunset.png").exists()


def test_no_published_image_keeps_metadata(example):
    _, out = example
    rasters = [p for p in (out / "media").rglob("*") if p.suffix in (".jpg", ".png", ".webp", ".gif")]
    assert len(rasters) > 100
    for path in rasters:
        im = Image.open(path)
        exif = im.getexif()
        assert len(exif) == 0, path
        assert not exif.get_ifd(0x8825), path  # GPS
        assert not {"exif", "icc_profile", "xmp", "comment", "XML:com.adobe.xmp", "Description"} & set(im.info), \
            (path, im.info.keys())
        data = path.read_bytes()
        assert not any(secret in data for secret in PRIVATE), path
    # the sources really had it, so the test means something
    source = Image.open(EXAMPLE / "images/winter/bothy-lights.jpg")
    assert source.getexif()[0x0112] == 6 and source.getexif().get_ifd(0x8825)


def test_orientation_is_applied(example):
    _, out = example
    stored = Image.open(EXAMPLE / "images/winter/bothy-lights.jpg")
    assert stored.size == (1000, 1600)  # stored sideways
    im = Image.open(out / "media/images/winter/bothy-lights.jpg.640w.jpg").convert("RGB")
    assert im.size == (640, 400)  # shown upright: landscape
    sky, snow = im.getpixel((320, 10)), im.getpixel((320, 390))
    assert sum(sky) < 250 and sum(snow) > 600  # dark night sky at the top, snow at the bottom


def test_pages_use_srcset_sizes_dimensions_and_lazy_loading(example):
    _, out = example
    page_path = out / "campaigns/summer-tees-2026/index.html"
    page = read_page(page_path)
    imgs = [a for tag, a in page.tags if tag == "img" and "tees/" in (a.get("src") or "")]
    sources = [a for tag, a in page.tags if tag == "source"]
    assert len(imgs) == 12  # per_page
    for img in imgs:
        assert img["width"] == img["height"] == "800" and img["decoding"] == "async"
        assert img["loading"] == "lazy"  # the cover is the main image on this page
        assert resolve_link(out, page_path, img["src"]).is_file()
    cover = next(a for tag, a in page.tags if tag == "img" and "covers/" in (a.get("src") or ""))
    assert cover["fetchpriority"] == "high" and "loading" not in cover
    webp = [s for s in sources if s["type"] == "image/webp"]
    assert len(webp) == 13 and all(s["sizes"] for s in webp)
    for s in webp:
        for part in s["srcset"].split(","):
            url, width = part.split()
            assert width.endswith("w") and resolve_link(out, page_path, url).is_file()
    # a submission's main image loads first
    page = read_page(out / "submissions/bothy-lights/index.html")
    main = next(a for tag, a in page.tags if tag == "img" and "bothy-lights" in (a.get("src") or ""))
    assert (main["width"], main["height"], main["fetchpriority"]) == ("1600", "1000", "high")


SMALL = {
    "site.yaml": "title: Small\n",
    "campaigns.yaml": "- {id: c, title: C}\n",
    "designers.yaml": "- {id: ada}\n",
    "submissions.yaml": """
        - id: a
          title: A
          designer: ada
          image: images/a.png
        - id: remote
          title: Remote
          designer: ada
          image: https://cdn.example.org/r.png
    """,
}


def png(width: int, height: int, colour: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buf, "PNG")
    return buf.getvalue()


def test_publish_originals_publishes_stripped_upright_full_size_files(tmp_path):
    site = write_files(tmp_path / "site", {**SMALL, "images/a.png": png(20, 20, "red")})
    (site / "site.yaml").write_text("title: Small\nimages:\n  publish_originals: true\n")
    (site / "submissions.yaml").write_text((site / "submissions.yaml").read_text().replace("images/a.png",
                                                                                           "images/photo.jpg"))
    shutil.copyfile(EXAMPLE / "images/winter/bothy-lights.jpg", site / "images/photo.jpg")
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    original = tmp_path / "out/media/images/photo.jpg"
    im = Image.open(original)
    assert im.size == (1600, 1000) and len(im.getexif()) == 0 and "comment" not in im.info
    assert not any(secret in original.read_bytes() for secret in PRIVATE)
    # the entry's page links its extra images to the largest copy; the main image still uses the copies
    page = read_page(tmp_path / "out/submissions/a/index.html")
    assert "../../media/images/photo.jpg.1600w.jpg" in page.srcs


def test_small_images_are_not_upscaled_and_remote_ones_used_as_given(tmp_path):
    site = write_files(tmp_path / "site", {**SMALL, "images/a.png": png(200, 100, "#336699")})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert published(tmp_path / "out", "images/a.png") == {"a.png.200w.png": (200, 100),
                                                          "a.png.200w.webp": (200, 100)}
    page = read_page(tmp_path / "out/submissions/remote/index.html")
    assert "https://cdn.example.org/r.png" in page.srcs


def test_a_rebuild_takes_images_from_the_cache(tmp_path):
    site = write_files(tmp_path / "site", {**SMALL, "images/a.png": png(700, 700, "#336699")})
    out = tmp_path / "out"
    cache = tmp_path / "cache"
    assert cli("build", site, "-o", out, "--cache-dir", cache).exit_code == 0
    first = tree_bytes(out)
    cached = sorted((cache / "images").rglob("640w.webp"))
    assert len(cached) == 1
    # A rebuild copies from the cache instead of encoding again: the cached files are not made anew.
    made = {p: p.stat().st_mtime_ns for p in (cache / "images").rglob("*") if p.is_file()}
    assert cli("build", site, "-o", out, "--cache-dir", cache).exit_code == 0
    assert {p: p.stat().st_mtime_ns for p in (cache / "images").rglob("*") if p.is_file()} == made
    assert tree_bytes(out) == first
    # New content is a new cache key: the image is processed again.
    (site / "images/a.png").write_bytes(png(700, 700, "#993366"))
    assert cli("build", site, "-o", out, "--cache-dir", cache).exit_code == 0
    assert Image.open(out / "media/images/a.png.640w.webp").convert("RGB").getpixel((5, 5))[0] > 120
    # Without the cache the same bytes come out again (encoding is reproducible).
    (site / "images/a.png").write_bytes(png(700, 700, "#336699"))
    shutil.rmtree(cache)
    assert cli("build", site, "-o", out, "--cache-dir", cache).exit_code == 0
    assert tree_bytes(out) == first


def test_a_cached_copy_changed_by_hand_is_not_published(tmp_path):
    site = write_files(tmp_path / "site", {**SMALL, "images/a.png": png(700, 700, "#336699")})
    out = tmp_path / "out"
    cache = tmp_path / "cache"
    assert cli("build", site, "-o", out, "--cache-dir", cache).exit_code == 0
    first = tree_bytes(out)
    cached = next((cache / "images").rglob("640w.webp"))
    cached.write_bytes(b"from the cache")
    # into another folder: a build into "out" again would find its inputs and output unchanged and stop
    result = cli("build", site, "-o", tmp_path / "out2", "--cache-dir", cache)
    assert result.exit_code == 0
    assert f"{cached}: warning: this cached image was changed since it was made" in result.stderr
    assert tree_bytes(tmp_path / "out2") == first


def test_init_ignores_the_cache_in_git(tmp_path):
    assert cli("init", tmp_path / "new").exit_code == 0
    assert ".crowdgallery-cache/" in (tmp_path / "new/.gitignore").read_text().splitlines()


BROKEN = {
    **SMALL,
    "submissions.yaml": """
        - id: a
          title: A
          designer: ada
          image: images/not-a-picture.png
        - id: b
          title: B
          designer: ada
          images: [images/missing.jpg]
        - id: c
          title: C
          designer: ada
          image: images/cut.png
    """,
    "images/not-a-picture.png": "this is a text file\n",
    "images/cut.png": png(300, 300, "#123456")[:120],  # a valid header, then the data stops
}


def test_missing_and_unreadable_images_are_errors_at_the_line_that_names_them(tmp_path):
    site = write_files(tmp_path / "site", BROKEN)
    result = cli("check", site)
    assert_no_traceback(result)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert "submissions.yaml:4: error: the image 'images/not-a-picture.png' cannot be read as a picture (it is " \
           "not a PNG, JPEG, WebP or GIF file); save it again as PNG, JPEG, WebP or GIF" in lines, lines
    assert any(line.startswith("submissions.yaml:8: error: the image 'images/missing.jpg' does not exist")
               for line in lines), lines
    assert not any("cut.png" in line for line in lines)  # check reads headers only, and that one is fine
    # fixed the two; the build decodes every image and finds the truncated one, at its line
    (site / "images/not-a-picture.png").write_bytes(png(10, 10, "red"))
    (site / "submissions.yaml").write_text((site / "submissions.yaml").read_text().replace(
        "images: [images/missing.jpg]", "image: images/not-a-picture.png"))
    result = cli("build", site, "-o", tmp_path / "out")
    assert_no_traceback(result)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(
        "submissions.yaml:12: error: the image 'images/cut.png' cannot be read as a picture ("), errors
    assert str(tmp_path) not in result.stderr
    assert not (tmp_path / "out").exists()


def test_bad_images_setting_is_an_error_in_site_yaml(tmp_path):
    site = write_files(tmp_path / "site", {**SMALL, "images/a.png": png(20, 20, "red")})
    (site / "site.yaml").write_text("title: Small\nimages:\n  publish_originals: maybe\n  widths: 3\n")
    result = cli("check", site)
    assert result.exit_code == 1
    assert "site.yaml:2: error: 'images' has no option 'widths' (known: publish_originals)" in result.stderr
    assert "site.yaml:2: error: 'images: publish_originals' must be true or false" in result.stderr


def test_every_image_address_in_every_page_resolves(example):
    """src, srcset of <img> and <source>, and links to images: each names a published file."""
    _, out = example
    checked = 0
    for path in sorted(out.rglob("*.html")):
        if path.name == "404.html":  # served at any path; its addresses are absolute from base_url
            continue
        page = read_page(path)
        for tag, attrs in page.tags:
            urls = []
            if tag in ("img", "source"):
                urls += [part.split()[0] for part in (attrs.get("srcset") or "").split(",") if part.strip()]
                urls += [attrs["src"]] if attrs.get("src") else []
            elif tag == "a" and "media/" in (attrs.get("href") or ""):
                urls.append(attrs["href"])
            for url in urls:
                if "://" not in url and not url.startswith("data:"):
                    assert resolve_link(out, path, url).is_file(), (path.relative_to(out), url)
                    checked += 1
    assert checked > 1000
