"""Atom feeds (structure, stable ids, dates from the data), sitemap.xml and robots.txt."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from conftest import (
    EXAMPLE_BASE_URL,
    cli,
    html_pages,
    link_tags,
    read_page,
    write_files,
)

A = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def feeds_of(out):
    return sorted(out.rglob("feed.xml"))


def check_atom(path) -> ET.Element:
    """The structure RFC 4287 requires of a feed and its entries."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{A}feed", path
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{A}{name}")) == 1, (path, name)
    assert RFC3339.match(root.findtext(f"{A}updated"))
    assert root.find(f"{A}author/{A}name").text  # the feed's author covers entries without one
    self_links = [link for link in root.findall(f"{A}link") if link.get("rel") == "self"]
    assert len(self_links) == 1 and self_links[0].get("href").endswith("feed.xml")
    for entry in root.findall(f"{A}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, (path, name)
        assert RFC3339.match(entry.findtext(f"{A}updated"))
        assert entry.findtext(f"{A}id").startswith("tag:lab.example.org,")
        alternate = [link for link in entry.findall(f"{A}link") if link.get("rel") == "alternate"]
        assert len(alternate) == 1 and alternate[0].get("href").startswith(EXAMPLE_BASE_URL)
        assert entry.findtext(f"{A}summary")
    return root


def test_feeds_are_atom_with_unique_ids_and_dates_from_the_data(example_built):
    out = example_built
    feeds = feeds_of(out)
    rel = {p.relative_to(out).as_posix() for p in feeds}
    assert {"feed.xml", "campaigns/summer-tees-2026/feed.xml", "designers/zoe-ng/feed.xml"} <= rel
    assert len(rel) == 1 + 3 + len(list((out / "designers").glob("*/index.html")))
    for path in feeds:
        root = check_atom(path)
        ids = [e.findtext(f"{A}id") for e in root.findall(f"{A}entry")]
        assert len(ids) == len(set(ids)), path
    site = ET.parse(out / "feed.xml").getroot()
    by_link = {e.find(f"{A}link").get("href"): e for e in site.findall(f"{A}entry")}
    # Better Stores' newest idea, submitted 2026-11-21 16:30: the newest entry of the whole site
    newest = site.findall(f"{A}entry")[0]
    assert newest.findtext(f"{A}updated") == site.findtext(f"{A}updated") == "2026-11-21T16:30:00Z"
    results = by_link[EXAMPLE_BASE_URL + "campaigns/summer-tees-2026/results/"]
    assert results.findtext(f"{A}title") == "Results: Summer Tees 2026"
    assert "Retro Sunset (Tomás Ruiz)" in results.findtext(f"{A}summary")


def test_a_designers_feed_has_their_entries_and_wins(example_built):
    root = check_atom(example_built / "designers/tomas-ruiz/feed.xml")
    titles = [e.findtext(f"{A}title") for e in root.findall(f"{A}entry")]
    assert any(t.startswith("Retro Sunset won place 1 in Summer Tees 2026") for t in titles)
    assert "Retro Sunset by Tomás Ruiz" in titles


def test_pages_link_their_feeds(example_built):
    out = example_built
    page = read_page(out / "campaigns/summer-tees-2026/index.html")
    feeds = [(link["href"], link["title"]) for link in link_tags(page, "alternate")]
    assert feeds == [("../../feed.xml", "Northwind Outfitters Crowd Lab: new entries and results"),
                     ("../../campaigns/summer-tees-2026/feed.xml", "Summer Tees 2026: new entries and results")]


SMALL = {
    "site.yaml": "title: S\nbase_url: https://s.example.org/sub/\n",
    "campaigns.yaml": "- {id: c, title: C, opens: 2026-01-01, closes: 2026-02-01}\n",
    "designers.yaml": "- {id: ada, name: Ada}\n",
    "submissions.yaml": "- {id: x, title: X, designer: ada, submitted: 2026-01-05T10:00:00Z}\n"
                        "- {id: y, title: Y, designer: ada, submitted: 2026-01-09T10:00:00Z}\n",
    "votes.csv": "submission,voter,timestamp\nx,v1,2026-01-20T00:00:00Z\n",
}


def test_feed_ids_and_bytes_are_stable_across_builds_and_ids_follow_the_data(tmp_path):
    site = write_files(tmp_path / "site", SMALL)
    for out in ("a", "b"):
        assert cli("build", site, "-o", tmp_path / out).exit_code == 0
    for path in ("feed.xml", "campaigns/c/feed.xml", "designers/ada/feed.xml", "sitemap.xml"):
        assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes()
    root = ET.parse(tmp_path / "a/feed.xml").getroot()
    assert [e.findtext(f"{A}id") for e in root.findall(f"{A}entry")] == [
        "tag:s.example.org,2026-01-09:/sub/submissions/y/", "tag:s.example.org,2026-01-05:/sub/submissions/x/"]
    # a new vote changes no id: ids belong to the items, not to the build
    (site / "votes.csv").write_text(SMALL["votes.csv"] + "y,v2,2026-01-25T00:00:00Z\n")
    assert cli("build", site, "-o", tmp_path / "c").exit_code == 0
    again = ET.parse(tmp_path / "c/feed.xml").getroot()
    assert [e.findtext(f"{A}id") for e in again.findall(f"{A}entry")] == \
        [e.findtext(f"{A}id") for e in root.findall(f"{A}entry")]


def test_sitemap_lists_every_public_page_with_lastmod_from_the_data(example_built):
    out = example_built
    root = ET.parse(out / "sitemap.xml").getroot()
    assert root.tag == f"{SM}urlset"
    locs = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.findall(f"{SM}url")}
    expected = set()
    for path in html_pages(out):
        rel = path.relative_to(out).as_posix()
        if rel == "404.html" or rel.startswith("embed/"):
            continue
        if '<meta http-equiv="refresh"' in path.read_text(encoding="utf-8"):  # an old address (an alias)
            assert ("meta", {"name": "robots", "content": "noindex"}) in read_page(path).tags
            continue
        expected.add(EXAMPLE_BASE_URL + rel.removesuffix("index.html"))
    assert set(locs) == expected
    assert all(re.match(r"^\d{4}-\d\d-\d\d$", d) for d in locs.values() if d)
    assert locs[EXAMPLE_BASE_URL + "submissions/retro-sunset/"] == "2026-03-04"  # its submitted date
    assert (out / "robots.txt").read_text() == ("User-agent: *\nDisallow:\nSitemap: "
                                                f"{EXAMPLE_BASE_URL}sitemap.xml\n")
    embed = read_page(out / "embed/submissions/retro-sunset/index.html")
    assert ("meta", {"name": "robots", "content": "noindex"}) in embed.tags


def test_sitemap_lastmod_ignores_dates_after_the_builds_clock(tmp_path):
    site = write_files(tmp_path / "site", SMALL)
    out = tmp_path / "out"
    assert cli("build", site, "-o", out, "--now", "2026-01-07T00:00:00Z").exit_code == 0
    root = ET.parse(out / "sitemap.xml").getroot()
    locs = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.findall(f"{SM}url")}
    assert locs["https://s.example.org/sub/submissions/x/"] == "2026-01-05"
    assert locs["https://s.example.org/sub/"] == "2026-01-07"  # the home page: the build's clock
    # the campaign: its entries and its opening; the closing date (1 February) is still to come
    assert locs["https://s.example.org/sub/campaigns/c/"] == "2026-01-05"


def test_a_site_past_the_sitemap_limit_gets_a_sitemap_index_of_parts():
    """Past the protocol's 50,000 URLs (here a limit of 2, on real pages of a planned site), sitemap.xml
    becomes an index naming its parts, and every page is listed in exactly one part."""
    from datetime import datetime, timezone

    from crowdgallery.plan.pages import Page
    from crowdgallery.plan.sitemap import plan_files

    base = "https://gallery.example.org/"
    now = datetime(2026, 7, 1, tzinfo=timezone.utc)
    pages = [Page(url, url + "index.html", "tag.html") for url in ("", "designers/", "tags/a/", "tags/b/", "tags/c/")]
    pages += [Page("404.html", "404.html", "404.html"), Page("api/x.json", "api/x.json", None, data={})]
    planned = {p.path: p for p in plan_files(pages, base, now, limit=2)}
    assert set(planned) == {"robots.txt", "sitemap.xml", "sitemaps/sitemap-1.xml", "sitemaps/sitemap-2.xml",
                            "sitemaps/sitemap-3.xml"}
    index = ET.fromstring(planned["sitemap.xml"].data())
    assert index.tag == f"{SM}sitemapindex"
    assert [e.findtext(f"{SM}loc") for e in index] == [f"{base}sitemaps/sitemap-{n}.xml" for n in (1, 2, 3)]
    listed = []
    for n in (1, 2, 3):
        part = ET.fromstring(planned[f"sitemaps/sitemap-{n}.xml"].data())
        assert part.tag == f"{SM}urlset" and len(part) <= 2
        listed += [u.findtext(f"{SM}loc") for u in part]
    assert listed == [base + u for u in ("", "designers/", "tags/a/", "tags/b/", "tags/c/")]  # not 404, not JSON
    assert b"Sitemap: https://gallery.example.org/sitemap.xml" in planned["robots.txt"].data()


def test_control_characters_from_the_crowd_do_not_break_the_xml(tmp_path):
    """A vertical tab from a spreadsheet cell or a YAML escape is invalid in XML: it is dropped on reading."""
    files = {**SMALL, "submissions.yaml": '- {id: x, title: "A\\vB", designer: ada, submitted: 2026-01-05}\n',
             "designers.yaml": '- {id: ada, name: "Ad\\x01a"}\n'}
    site = write_files(tmp_path / "site", files)
    out = tmp_path / "out"
    assert cli("build", site, "-o", out).exit_code == 0
    titles = [e.findtext(f"{A}title") for e in ET.parse(out / "feed.xml").getroot().findall(f"{A}entry")]
    assert titles == ["AB by Ada"]  # the vertical tab and the \x01 are gone
    assert ET.parse(out / "designers/ada/badge.svg").getroot() is not None
    assert "Ada" in read_page(out / "designers/ada/index.html").title


def test_feed_and_entry_ids_do_not_move_with_new_entries_or_new_votes(tmp_path):
    """A feed past its 50 newest entries keeps its id; an undated entry's id does not follow the votes' clock."""
    subs = "".join(f"- {{id: s{n:02d}, title: T{n}, designer: ada, submitted: 2026-01-{1 + n % 28:02d}}}\n"
                   for n in range(60))
    site = write_files(tmp_path / "big", {**SMALL, "submissions.yaml": subs})
    assert cli("build", site, "-o", tmp_path / "a").exit_code == 0
    (site / "submissions.yaml").write_text(subs + "- {id: late, title: L, designer: ada, submitted: 2026-03-01}\n")
    assert cli("build", site, "-o", tmp_path / "b").exit_code == 0
    feed_id = [ET.parse(tmp_path / out / "feed.xml").getroot().findtext(f"{A}id") for out in ("a", "b")]
    assert feed_id[0] == feed_id[1]

    files = {**SMALL, "campaigns.yaml": "- {id: c, title: C}\n",
             "submissions.yaml": "- {id: undated, title: U, designer: ada}\n"}
    site = write_files(tmp_path / "small", files)
    undated = []
    for out, day in (("c", "2026-01-20"), ("d", "2026-04-20")):
        (site / "votes.csv").write_text(f"submission,voter,timestamp\nundated,v1,{day}T00:00:00Z\n")
        assert cli("build", site, "-o", tmp_path / out).exit_code == 0
        (entry,) = ET.parse(tmp_path / out / "feed.xml").getroot().findall(f"{A}entry")
        undated.append(entry.findtext(f"{A}id"))
    assert undated[0] == undated[1] and "undated" in undated[0]
