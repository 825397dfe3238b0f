"""Pages: build tests/sites/gallery and read the output as a visitor would.

The gallery (per_page: 2):
  tees  (likes, closed, winners: 1)  wave 3 likes, kite 2, sun 1; 'tee-secret' is a draft (1 like)
  mugs  (updown, ranking: net)       b +2 (2 up), a +1 (2 up 1 down), c +1 (1 up), d 0
Designers ada, ben (designers.csv), cy (designers/cy.md).
"""
from __future__ import annotations

import pytest
from conftest import (
    SITES,
    assert_no_traceback,
    cli,
    html_pages,
    is_internal,
    read_json,
    read_page,
    resolve_link,
    submission_links,
)

from crowdgallery.render.theme import builtin_themes_dir

PAGES = {
    "index.html",
    "tags/index.html",
    "404.html",
    "campaigns/tees/index.html",
    "campaigns/tees/page/2/index.html",
    "campaigns/tees/results/index.html",
    "campaigns/mugs/index.html",
    "campaigns/mugs/page/2/index.html",
    "campaigns/mugs/results/index.html",
    "submissions/tee-wave/index.html",
    "submissions/tee-kite/index.html",
    "submissions/tee-sun/index.html",
    "submissions/mug-a/index.html",
    "submissions/mug-b/index.html",
    "submissions/mug-c/index.html",
    "submissions/mug-d/index.html",
    "designers/index.html",
    "designers/ada/index.html",
    "designers/ben/index.html",
    "designers/cy/index.html",
    "tags/summer/index.html",
    "tags/blue/index.html",
    "tags/kites/index.html",
}
API = {"api/campaigns/tees.json", "api/campaigns/mugs.json"}
# Sharing and hosting: an embed card and a badge per submission, a badge per designer, results as CSV,
# the read API's lists, robots.txt (no feeds or sitemap: the gallery has no base_url).
SUBMISSIONS = ("tee-wave", "tee-kite", "tee-sun", "mug-a", "mug-b", "mug-c", "mug-d")
PAGES |= {f"embed/submissions/{s}/index.html" for s in SUBMISSIONS}
API |= {"api/submissions.json", "api/designers.json"}
SHARING = ({f"submissions/{s}/badge.svg" for s in SUBMISSIONS} | {f"designers/{d}/badge.svg" for d in ("ada", "ben", "cy")}
           | {"campaigns/tees/results.csv", "campaigns/mugs/results.csv", "robots.txt"})
# The images are 1×1 PNGs: each is published as one 1-pixel-wide copy in WebP and in PNG (images.py);
# the source files themselves are not published unless site.yaml asks (images: publish_originals).
MEDIA = {f"media/images/{name}.png.1w.{ext}" for name in ("wave", "cover", "ada") for ext in ("webp", "png")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The gallery, built once for this module's read-only tests: (site folder, output folder, result)."""
    import shutil
    root = tmp_path_factory.mktemp("build")
    site = shutil.copytree(SITES / "gallery", root / "gallery")
    out = root / "out"
    result = cli("build", site, "-o", out)
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    return site, out, result


def files_under(out, folder=""):
    base = out / folder if folder else out
    return {p.relative_to(out).as_posix() for p in base.rglob("*") if p.is_file()}



def test_summary_line(built):
    _, out, result = built
    # 22 pages, the tags index, 7 embed cards (one per submission), 2 campaigns' cards.json for the gallery tools
    assert result.stdout.startswith("Built 32 pages (")
    assert f" into {out} in " in result.stdout
    assert "; clock 2026-04-12T09:30:00Z." in result.stdout
    assert result.stderr == ""


def test_the_page_set(built):
    site, out, _ = built
    html = {p.relative_to(out).as_posix() for p in html_pages(out)}
    assert html == PAGES
    assert files_under(out, "api") == API
    assert files_under(out, "media") == MEDIA
    # the theme's static files and the site's own (static/site.css)
    theme_static = {f"static/{p.relative_to(builtin_themes_dir() / 'default' / 'static').as_posix()}"
                    for p in (builtin_themes_dir() / "default" / "static").rglob("*") if p.is_file()}
    assert files_under(out, "static") == theme_static | {"static/site.css"}
    assert (out / "static/site.css").read_bytes() == (site / "static/site.css").read_bytes()
    # nothing else: no draft, no stray files, just the search index and the marker that says who built it
    cards = {"campaigns/mugs/cards.json", "campaigns/tees/cards.json"}  # the gallery tools' data (cards.json template)
    assert files_under(out) == PAGES | cards | API | MEDIA | SHARING | theme_static | {"static/site.css", ".crowdgallery",
                                                                                 "search-index.json"}


def test_titles_and_text_a_visitor_sees(built):
    _, out, _ = built
    home = read_page(out / "index.html")
    assert "Test Gallery" in home.title
    for words in ("A small gallery for the tests.", "Tee Time", "Mug Madness"):
        assert words in home.text

    page = read_page(out / "submissions/tee-wave/index.html")
    assert "Wave Tee" in page.title
    assert "Ada Park" in page.text
    assert "all the way round" in page.text  # the description, rendered from Markdown
    assert ("strong", {}) in page.tags

    page = read_page(out / "campaigns/mugs/results/index.html")
    assert "Mug Madness" in page.title
    assert submission_links(page) == ["mug-b", "mug-a", "mug-c", "mug-d"]  # rank order, ties by date

    page = read_page(out / "designers/index.html")
    for name in ("Ada Park", "Ben Okoro", "Cy Loop"):
        assert name in page.text
    page = read_page(out / "designers/cy/index.html")
    assert "Cy Loop" in page.title and "Painter of loops." in page.text
    assert submission_links(page) == ["mug-c"]
    page = read_page(out / "designers/ada/index.html")
    assert set(submission_links(page)) == {"tee-wave", "tee-kite", "mug-a", "mug-d"}
    # links from the designers.csv 'links' cell
    assert {"https://ada.example.org/", "https://shop.example.org/ada"} <= set(page.links)

    page = read_page(out / "404.html")
    assert "Test Gallery" in page.title


def test_campaign_pages_are_split_by_per_page(built):
    _, out, _ = built
    first = read_page(out / "campaigns/tees/index.html")
    second = read_page(out / "campaigns/tees/page/2/index.html")
    assert "Tee Time" in first.title and "Tee Time" in second.title
    assert submission_links(first) == ["tee-wave", "tee-kite"]
    assert submission_links(second) == ["tee-sun"]
    # each page links to the other
    assert any(resolve_link(out, out / "campaigns/tees/index.html", link) ==
               out / "campaigns/tees/page/2/index.html" for link in first.links)
    assert any(resolve_link(out, out / "campaigns/tees/page/2/index.html", link) ==
               out / "campaigns/tees/index.html" for link in second.links)


def test_tag_pages(built):
    _, out, _ = built
    # 'Summer' and 'summer' are one tag
    page = read_page(out / "tags/summer/index.html")
    assert "Summer" in page.title
    assert submission_links(page) == ["tee-wave", "tee-sun"]
    assert submission_links(read_page(out / "tags/kites/index.html")) == ["tee-kite"]


def test_campaign_api_json(built):
    _, out, _ = built
    data = read_json(out / "api/campaigns/mugs.json")
    assert isinstance(data["ranking"].pop("description"), str)
    assert data.pop("show_votes") == "always"
    # opens 2026-04-01 and nothing else: submissions and voting both run from then, results to come
    assert data.pop("phases") == [
        {"id": "submissions", "start": "2026-04-01T00:00:00+00:00", "end": None, "state": "current"},
        {"id": "voting", "start": "2026-04-01T00:00:00+00:00", "end": None, "state": "current"},
        {"id": "results", "start": None, "end": None, "state": "future"},
    ]
    assert data == {
        "version": 1,
        "id": "mugs",
        "title": "Mug Madness",
        "voting": "updown",
        "status": "open",
        "ranking": {"method": "net"},
        "entries": [
            # net = up - down; a and c tie at +1 (rank 2, a was submitted first), so d is 4th
            {"id": "mug-b", "title": "Mug B", "designers": ["ben"], "rank": 1, "score": 2.0,
             "votes": {"count": 2, "up": 2, "down": 0}, "winner": False, "url": "submissions/mug-b/"},
            {"id": "mug-a", "title": "Mug A", "designers": ["ada"], "rank": 2, "score": 1.0,
             "votes": {"count": 3, "up": 2, "down": 1}, "winner": False, "url": "submissions/mug-a/"},
            {"id": "mug-c", "title": "Mug C", "designers": ["cy"], "rank": 2, "score": 1.0,
             "votes": {"count": 1, "up": 1, "down": 0}, "winner": False, "url": "submissions/mug-c/"},
            {"id": "mug-d", "title": "Mug D", "designers": ["ada"], "rank": 4, "score": 0.0,
             "votes": {"count": 0, "up": 0, "down": 0}, "winner": False, "url": "submissions/mug-d/"},
        ],
    }

    data = read_json(out / "api/campaigns/tees.json")
    assert (data["voting"], data["status"], data["ranking"]["method"]) == ("likes", "closed", "count")
    assert [(e["id"], e["rank"], e["score"], e["votes"], e["winner"], e["designers"]) for e in data["entries"]] == [
        ("tee-wave", 1, 3.0, {"count": 3}, True, ["ada"]),  # closed with winners: 1 → the top entry wins
        ("tee-kite", 2, 2.0, {"count": 2}, False, ["ada", "ben"]),
        ("tee-sun", 3, 1.0, {"count": 1}, False, ["ben"]),
    ]
    # every API url is a page of the site (relative to the site root)
    for entry in data["entries"]:
        assert (out / entry["url"] / "index.html").is_file()


def test_every_internal_link_resolves(built):
    _, out, _ = built
    checked = 0
    for page_path in html_pages(out):
        page = read_page(page_path)
        for url in page.links + page.srcs:
            if not is_internal(url):
                continue
            target = resolve_link(out, page_path, url)
            assert target.is_file(), f"{page_path.relative_to(out)} links to {url}, which is not in the output"
            assert out.resolve() in target.resolve().parents, f"{page_path.relative_to(out)} leaves the site: {url}"
            checked += 1
    assert checked > 100  # the pages really are linked together


def test_images_are_shown_from_media(built):
    _, out, _ = built
    page = read_page(out / "submissions/tee-wave/index.html")
    assert "../../media/images/wave.png.1w.png" in page.srcs  # the resized copy (images.py)
    page = read_page(out / "designers/ada/index.html")
    assert "../../media/images/ada.png.1w.png" in page.srcs


def test_drafts_are_left_out(built):
    _, out, _ = built
    assert not (out / "submissions/tee-secret").exists()
    assert not (out / "tags/hush").exists()
    for page_path in html_pages(out):
        page = read_page(page_path)
        assert "Secret Tee" not in page.text, page_path
        assert not any("tee-secret" in link for link in page.links), page_path
    assert "tee-secret" not in (out / "api/campaigns/tees.json").read_text()


def test_drafts_are_built_with_the_drafts_option(tmp_path, site_copy):
    site = site_copy("gallery")
    result = cli("build", "--drafts", site, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert "Secret Tee" in read_page(out / "submissions/tee-secret/index.html").title
    assert (out / "tags/hush/index.html").is_file()
    data = read_json(out / "api/campaigns/tees.json")
    # the draft's one like now counts: sun (1) and secret (1) tie for 3rd; sun was submitted first
    assert [(e["id"], e["rank"], e["votes"]["count"]) for e in data["entries"]] == [
        ("tee-wave", 1, 3), ("tee-kite", 2, 2), ("tee-sun", 3, 1), ("tee-secret", 3, 1)]
    assert "tee-secret" in submission_links(read_page(out / "designers/cy/index.html"))


def test_default_output_folder_is_site_dir_underscore_site(site_copy):
    site = site_copy("gallery")
    result = cli("build", site)
    assert result.exit_code == 0, result.output
    assert (site / "_site" / "index.html").is_file()
    # building again replaces it (it is ours), and the output is never read back as data
    result = cli("build", site)
    assert result.exit_code == 0, result.output
    assert not (site / "_site" / "_site").exists()


def test_site_templates_override_the_theme(tmp_path, site_copy):
    site = site_copy("gallery")
    (site / "templates").mkdir()
    (site / "templates/404.html").write_text("<!doctype html><title>Lost in {{ site.title }}</title>\n",
                                             encoding="utf-8")
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert read_page(tmp_path / "out/404.html").title == "Lost in Test Gallery"
    assert "Mug Madness" in read_page(tmp_path / "out/index.html").text  # the other pages still come from the theme


def test_odd_file_names_and_tags_become_safe_working_links(tmp_path):
    from conftest import PNG, write_files
    site = write_files(tmp_path / "site", {
        "site.yaml": "title: Odd\n",
        "campaigns.yaml": "- {id: c, title: C}\n",
        "designers.yaml": "- {id: ada, avatar: 'images/me & you.png'}\n",
        "submissions.yaml": "- id: s\n  title: S\n  designer: ada\n  image: 'images/my tee #1.png'\n"
                            "  tags: ['Été Vibes!', '日本', '../../etc', 'C++']\n",
        "images/my tee #1.png": PNG,
        "images/me & you.png": PNG,
    })
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.exit_code == 0, result.output
    # 'Été Vibes!' → ete-vibes; a tag with no ASCII letters gets its code points; no tag climbs out
    assert sorted(p.name for p in (out / "tags").iterdir() if p.is_dir()) == ["c", "etc", "ete-vibes", "u65e5-u672c"]
    published = out / "media/images/my tee #1.png.1w.png"  # the resized copy (images.py)
    assert published.is_file()
    page_path = out / "submissions/s/index.html"
    page = read_page(page_path)
    assert "Été Vibes!" in page.text and "日本" in page.text
    shown = [src for src in page.srcs if "my" in src]
    assert shown and all(resolve_link(out, page_path, src) == published for src in shown)
    for path in html_pages(out):
        for url in read_page(path).links + read_page(path).srcs:
            if is_internal(url):
                assert resolve_link(out, path, url).is_file(), (path, url)


def test_base_url_gives_canonical_links_and_an_absolute_404(tmp_path, site_copy):
    site = site_copy("gallery")
    out = tmp_path / "out"
    result = cli("build", site, "-o", out, "--base-url", "https://example.org/gallery")
    assert result.exit_code == 0, result.output
    # 404.html is served at any path, so its links cannot be relative
    page = read_page(out / "404.html")
    internal = [u for u in page.links + page.srcs if not u.startswith("#")]
    assert internal and all(u.startswith("https://example.org/gallery/") for u in internal)
    assert any(u.startswith("https://example.org/gallery/static/") for u in page.links)
    # the other pages keep relative links, and name their address
    page = read_page(out / "submissions/tee-wave/index.html")
    assert ("link", {"rel": "canonical", "href": "https://example.org/gallery/submissions/tee-wave/"}) in page.tags
    assert "../../campaigns/tees/" in page.links


def test_winners(tmp_path):
    from conftest import write_files
    votes = "submission,voter\n" + "".join(f"{sid},v{i}\n" for sid, n in (("a", 3), ("b", 2), ("c", 2))
                                          for i in range(n))
    site = write_files(tmp_path / "site", {
        "site.yaml": "title: W\n",
        "campaigns.yaml": """
            - {id: top, title: Top two, status: closed, winners: 2}
            - {id: many, title: Top five, status: announced, winners: 5}
            - {id: still-open, title: Open, status: voting, winners: 1}
            - {id: chosen, title: Chosen, status: open, winners: [z]}
            """,
        "designers.yaml": "- {id: ada}\n",
        "submissions.yaml": """
            - {id: a, title: A, designer: ada, campaign: top}
            - {id: b, title: B, designer: ada, campaign: top}
            - {id: c, title: C, designer: ada, campaign: top}
            - {id: d, title: D, designer: ada, campaign: top}
            - {id: m, title: M, designer: ada, campaign: many}
            - {id: n, title: N, designer: ada, campaign: many}
            - {id: o, title: O, designer: ada, campaign: still-open}
            - {id: y, title: Y, designer: ada, campaign: chosen}
            - {id: z, title: Z, designer: ada, campaign: chosen}
            """,
        "votes.csv": votes + "m,v1\no,v1\ny,v1\n",
    })
    out = tmp_path / "out"
    assert cli("build", site, "-o", out).exit_code == 0

    def winners(cid):
        return [(e["id"], e["rank"]) for e in read_json(out / f"api/campaigns/{cid}.json")["entries"] if e["winner"]]

    assert winners("top") == [("a", 1), ("b", 2), ("c", 2)]  # b and c tie at the cut: both win; d has 0 votes
    assert winners("many") == [("m", 1)]  # n has no votes, so it never wins
    assert winners("still-open") == []  # not closed yet
    assert winners("chosen") == [("z", 2)]  # a list always stands


def test_the_example_site_builds_strictly_with_every_link_working(tmp_path):
    """example_site/ is the project's showcase: it must build without a warning and link up completely."""
    import shutil
    site = shutil.copytree(SITES.parent.parent / "example_site", tmp_path / "example_site",
                           ignore=shutil.ignore_patterns("_site"))
    out = tmp_path / "out"
    result = cli("build", "--strict", site, "-o", out)
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    for page_path in html_pages(out):
        page = read_page(page_path)
        assert page.title, page_path
        for url in page.links + page.srcs:
            if is_internal(url):
                assert resolve_link(out, page_path, url).is_file(), (page_path.relative_to(out), url)
    for api in (out / "api/campaigns").glob("*.json"):
        data = read_json(api)
        entries = data["entries"]
        if data["show_votes"] == "after_close" and data["status"] not in ("closed", "announced"):
            assert all("rank" not in e for e in entries)  # hidden tallies: no ranks at all
        else:
            assert [e["rank"] for e in entries] == sorted(e["rank"] for e in entries)
        for entry in entries:
            assert (out / entry["url"] / "index.html").is_file()


def test_long_tag_pages_are_split_by_per_page(tmp_path):
    from conftest import write_files
    site = write_files(tmp_path / "site", {
        "site.yaml": "title: Tags\nper_page: 2\n",
        "campaigns.yaml": "- {id: c, title: C}\n",
        "submissions.yaml": "".join(f"- {{id: s{i}, title: S{i}, designer: ada, tags: [red], submitted: 2026-01-0{i}}}\n"
                                    for i in (1, 2, 3)),
    })
    out = tmp_path / "out"
    assert cli("build", site, "-o", out).exit_code == 0
    first, second = out / "tags/red/index.html", out / "tags/red/page/2/index.html"
    # no votes: all tie at rank 1 and show by submitted date
    assert submission_links(read_page(first)) == ["s1", "s2"]
    assert submission_links(read_page(second)) == ["s3"]
    assert "page 2 of 2" in read_page(second).title
    assert any(resolve_link(out, first, link) == second for link in read_page(first).links)
