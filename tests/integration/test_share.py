"""Link previews: canonical, Open Graph, Twitter card and JSON-LD on the built example site; share
images (size, cache); share links and snippets; what a site without base_url leaves out."""
from __future__ import annotations

import json
from html.parser import HTMLParser

from conftest import (
    EXAMPLE_BASE_URL,
    assert_no_traceback,
    cli,
    html_pages,
    link_tags,
    meta_tags,
    read_json,
    read_page,
    write_files,
)
from PIL import Image

from crowdgallery.write.cachedir import default_cache_dir

BASE = EXAMPLE_BASE_URL


def page_url(out, path) -> str:
    rel = path.relative_to(out).as_posix()
    return rel.removesuffix("index.html")


def json_ld(page) -> list[dict]:
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    return [json.loads(text) for attrs, text in zip(scripts, page.scripts) if attrs.get("type") == "application/ld+json"]


def public_pages(out):
    return [p for p in html_pages(out) if p.name != "404.html" and "embed" not in p.relative_to(out).parts]


def test_every_page_names_its_address_and_describes_itself(example_built):
    out = example_built
    pages = public_pages(out)
    assert len(pages) >= 150
    for path in pages:
        page = read_page(path)
        meta = meta_tags(page)
        url = BASE + page_url(out, path)
        assert [link["href"] for link in link_tags(page, "canonical")] == [url], path
        assert meta["og:url"] == url
        assert meta["og:title"] and meta["og:description"] and meta["og:site_name"]
        assert meta["og:type"] in ("website", "article", "profile")
        assert meta["twitter:card"] in ("summary", "summary_large_image")
        assert meta["twitter:description"] == meta["og:description"]
        feeds = [link["href"] for link in link_tags(page, "alternate") if link["type"] == "application/atom+xml"]
        assert feeds and feeds[0].endswith("feed.xml")


def test_submission_page_preview_and_creative_work(example_built):
    out = example_built
    page = read_page(out / "submissions/retro-sunset/index.html")
    meta = meta_tags(page)
    assert meta["og:type"] == "article"
    # its design is a PNG: the preview is the design's widest published copy, not a drawn card
    assert meta["og:image"] == BASE + "media/images/tees/retro-sunset.png.800w.png"
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["og:image:alt"] == "Retro Sunset: Winner · #1 in Summer Tees 2026 · 4.3 ★"
    with Image.open(out / "media/images/tees/retro-sunset.png.800w.png") as image:
        assert image.format == "PNG"
        assert (meta["og:image:width"], meta["og:image:height"]) == tuple(str(n) for n in image.size)
    assert not (out / "submissions/retro-sunset/share.jpg").exists()
    with Image.open(out / "submissions/bike-shelter/share.jpg") as image:  # no raster design: a card
        assert (image.format, image.size) == ("JPEG", (1200, 630))
    [ld] = json_ld(page)
    assert ld["@type"] == "CreativeWork" and ld["name"] == "Retro Sunset"
    assert ld["url"] == BASE + "submissions/retro-sunset/"
    assert [a["name"] for a in ld["author"]] == ["Tomás Ruiz"]
    assert ld["author"][0]["url"] == BASE + "designers/tomas-ruiz/"
    entry = next(e for e in read_json(out / "api/campaigns/summer-tees-2026.json")["entries"]
                 if e["id"] == "retro-sunset")
    assert ld["aggregateRating"]["ratingCount"] == entry["votes"]["count"]
    assert ld["aggregateRating"]["ratingValue"] == round(entry["votes"]["mean"], 2)


def test_profile_page_is_a_profile_of_a_person(example_built):
    page = read_page(example_built / "designers/zoe-ng/index.html")
    meta = meta_tags(page)
    assert meta["og:type"] == "profile"
    assert meta["og:image"] == BASE + "designers/zoe-ng/share.jpg"
    [ld] = json_ld(page)
    assert ld["@type"] == "ProfilePage"
    assert ld["mainEntity"]["@type"] == "Person" and ld["mainEntity"]["name"] == "Zoë Ng"
    feeds = [link["href"] for link in link_tags(page, "alternate")]
    assert feeds == ["../../feed.xml", "../../designers/zoe-ng/feed.xml"]  # the site's feed and the designer's own


def test_results_page_lists_the_ranking_and_hidden_tallies_list_nothing(example_built):
    out = example_built
    [ld] = json_ld(read_page(out / "campaigns/summer-tees-2026/results/index.html"))
    api = read_json(out / "api/campaigns/summer-tees-2026.json")
    assert ld["@type"] == "ItemList"
    assert [item["url"] for item in ld["itemListElement"]] == [BASE + e["url"] for e in api["entries"]]
    assert [item["position"] for item in ld["itemListElement"]] == list(range(1, len(api["entries"]) + 1))
    # Winter Layers is still in voting with show_votes: after_close: no ranking data, no figures in previews
    hidden = read_page(out / "campaigns/winter-layers-2027/results/index.html")
    assert json_ld(hidden) == []
    entry = read_page(out / "submissions/frost-fern/index.html")
    assert meta_tags(entry)["og:image:alt"] == "Frost Fern: Entry in Winter Layers 2027"
    assert "aggregateRating" not in json_ld(entry)[0]


def test_share_links_copy_button_and_snippets(example_built):
    page = read_page(example_built / "submissions/retro-sunset/index.html")
    address = "https%3A%2F%2Flab.example.org%2Fsubmissions%2Fretro-sunset%2F"
    shares = [a["href"] for a in page.anchors if a.get("href") and address in a["href"]]
    hosts = {h.split("/")[2] if "://" in h else h.split(":")[0] for h in shares}
    assert hosts == {"bsky.app", "www.linkedin.com", "mailto"}  # a few networks; the rest via the native share button
    button = next(attrs for tag, attrs in page.tags if tag == "button" and "data-copy" in attrs)
    assert button["data-copy"] == BASE + "submissions/retro-sunset/" and "hidden" in button
    assert "static/share.js" in " ".join(page.srcs)
    assert not [s for s in page.srcs if "://" in s]  # no third-party scripts or images
    # the snippets a brand and a designer paste are shown as text, with the absolute addresses
    assert f'<iframe src="{BASE}embed/submissions/retro-sunset/"' in page.text
    assert f'<img src="{BASE}submissions/retro-sunset/badge.svg"' in page.text
    profile = read_page(example_built / "designers/zoe-ng/index.html")
    assert f'<a href="{BASE}designers/zoe-ng/"><img src="{BASE}designers/zoe-ng/badge.svg"' in profile.text


HOSTILE = "</script><script>alert(1)</script> & <b>"


def hostile_site(root, base_url: str | None = "https://h.example.org/"):
    return write_files(root, {
        "site.yaml": "title: H\n" + (f"base_url: {base_url}\n" if base_url else ""),
        "campaigns.yaml": "- {id: c, title: C, voting: likes}\n",
        "designers.yaml": "- {id: ada, name: 'Ada <\"&\">'}\n",
        "submissions.yaml": f"- id: x\n  title: '{HOSTILE}'\n  designer: ada\n  submitted: 2026-01-02\n",
        "votes.csv": "submission,voter\nx,v1\n",
    })


class ScriptEnds(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"


def test_json_ld_cannot_be_broken_out_of_by_a_title(tmp_path):
    out = tmp_path / "out"
    assert cli("build", hostile_site(tmp_path / "site"), "-o", out).exit_code == 0
    html = (out / "submissions/x/index.html").read_text(encoding="utf-8")
    counter = ScriptEnds()
    counter.feed(html)
    assert counter.scripts == 4  # the JSON-LD block, share.js, search.js and menu.js: the title opened none
    [ld] = json_ld(read_page(out / "submissions/x/index.html"))
    assert ld["name"] == HOSTILE
    # the badge and the embed card escape it too: the SVG still parses and says the title as text
    import xml.etree.ElementTree as ET
    title = ET.parse(out / "submissions/x/badge.svg").getroot().findtext("{http://www.w3.org/2000/svg}title")
    assert title == "H: #1 in C · 1 like"
    badge = ET.parse(out / "designers/ada/badge.svg").getroot()
    assert badge.get("aria-label") == 'Ada <"&">: 0 wins · 1 vote'
    card = read_page(out / "embed/submissions/x/index.html")
    assert HOSTILE in card.text and not [t for t, _ in card.tags if t in ("script", "b")]


def test_without_base_url_absolute_only_parts_are_left_out_and_check_says_so(tmp_path):
    site = hostile_site(tmp_path / "site", base_url=None)
    out = tmp_path / "out"
    assert cli("build", site, "-o", out).exit_code == 0
    page = read_page(out / "submissions/x/index.html")
    meta = meta_tags(page)
    assert not link_tags(page, "canonical") and "og:url" not in meta and "og:image" not in meta
    assert not link_tags(page, "alternate") and json_ld(page) == []
    assert "share__links" not in page.text and "data-copy" not in str(page.tags)
    assert meta["og:title"] == HOSTILE and meta["twitter:card"] == "summary"  # the rest is still there
    for absent in ("feed.xml", "sitemap.xml", "submissions/x/share.jpg", "designers/ada/feed.xml"):
        assert not (out / absent).exists(), absent
    assert (out / "robots.txt").read_text() == "User-agent: *\nDisallow:\n"
    assert (out / "submissions/x/badge.svg").is_file() and (out / "embed/submissions/x/index.html").is_file()
    result = cli("check", site)
    assert result.exit_code == 0
    assert "site.yaml: warning: there is no base_url, so pages have no canonical link" in result.stderr
    strict = cli("check", "--strict", site)
    assert_no_traceback(strict)
    assert strict.exit_code == 1 and "no base_url" in strict.stderr
    given = cli("check", "--strict", site, "--base-url", "https://h.example.org/")  # as CI passes it (docs/deploy.md)
    assert given.exit_code == 0 and given.stderr == ""


def test_share_images_are_cached_by_content(tmp_path):
    site = hostile_site(tmp_path / "site")
    cache = default_cache_dir(site) / "share"
    assert cli("build", site, "-o", tmp_path / "a").exit_code == 0
    first = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.jpg")}
    assert len(first) == 4  # the submission, the designer, the campaign and the site
    assert cli("build", site, "-o", tmp_path / "b").exit_code == 0
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.jpg")} == first  # nothing redrawn
    assert (tmp_path / "a/submissions/x/share.jpg").read_bytes() == (tmp_path / "b/submissions/x/share.jpg").read_bytes()
    # a new vote changes the entry's, the designer's and the campaign's lines: those are redrawn, the old ones go
    (site / "votes.csv").write_text("submission,voter\nx,v1\nx,v2\n")
    assert cli("build", site, "-o", tmp_path / "c").exit_code == 0
    now = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.jpg")}
    assert len(now) == 4 and len(set(now) & set(first)) == 1  # the site's image tells no votes: kept
    # a cached image replaced by another file (same name) is not published: it is drawn again
    drawn = (tmp_path / "c/submissions/x/share.jpg").read_bytes()
    for path in cache.glob("*.jpg"):
        path.write_bytes(b"not drawn by us")
    result = cli("build", site, "-o", tmp_path / "d")
    assert result.exit_code == 0 and "warning: this cached share image was not drawn by this user's builds" in result.stderr
    assert (tmp_path / "d/submissions/x/share.jpg").read_bytes() == drawn


def test_a_submission_with_a_raster_image_previews_with_the_design_not_a_card(tmp_path):
    site = hostile_site(tmp_path / "site")
    (site / "media").mkdir()
    Image.new("RGB", (1600, 1000), "#3366aa").save(site / "media/x.jpg", "JPEG")
    (site / "submissions.yaml").write_text("- id: x\n  title: X\n  designer: ada\n  submitted: 2026-01-02\n"
                                           "  image: media/x.jpg\n- id: y\n  title: Y\n  designer: ada\n")
    out = tmp_path / "out"
    assert cli("build", site, "-o", out).exit_code == 0
    meta = meta_tags(read_page(out / "submissions/x/index.html"))
    image = meta["og:image"]
    assert image.startswith("https://h.example.org/") and image.endswith(".jpg") and "share" not in image
    published = out / image.removeprefix("https://h.example.org/")
    with Image.open(published) as copy:  # the design, resized to the widest published copy
        assert copy.format == "JPEG" and copy.size == (1280, 800)
        assert all(abs(a - b) <= 3 for a, b in zip(copy.getpixel((640, 400)), (0x33, 0x66, 0xaa)))  # JPEG
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1280", "800")
    assert meta["twitter:image"] == image and meta["twitter:card"] == "summary_large_image"
    assert [ld["image"] for ld in json_ld(read_page(out / "submissions/x/index.html"))] == [image]
    assert not (out / "submissions/x/share.jpg").exists()  # no card drawn for it
    other = meta_tags(read_page(out / "submissions/y/index.html"))  # no image of its own: a card
    assert other["og:image"] == "https://h.example.org/submissions/y/share.jpg"
    assert (other["og:image:width"], other["og:image:height"]) == ("1200", "630")
    with Image.open(out / "submissions/y/share.jpg") as card:
        assert (card.format, card.size) == ("JPEG", (1200, 630))


def test_every_indexable_page_previews_with_a_raster_image_and_alt(example_built):
    """No SVG previews (no network draws them); og:locale is language_TERRITORY."""
    for path in sorted(example_built.rglob("index.html")):
        rel = path.relative_to(example_built).as_posix()
        if rel.startswith("embed/"):
            continue
        meta = meta_tags(read_page(path))
        assert meta.get("og:image", "").lower().endswith((".png", ".jpg", ".jpeg")), rel
        assert meta.get("og:image:alt"), rel
        assert meta["og:locale"] == "en_US", rel
