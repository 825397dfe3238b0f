"""``sitemap.xml`` and ``robots.txt``.

A sitemap lists absolute URLs, so it is written only when ``base_url`` is set;
``robots.txt`` is always written and names the sitemap when there is one.
(Crawlers read ``robots.txt`` only at a host's root: under a subpath, copy its
line into the host's own file.)  Every public HTML page is listed except
``404.html`` and the iframe cards under ``embed/`` (marked noindex); ``lastmod``
is the newest date in the data the page shows, never the build's wall clock.
A site with more pages than one sitemap may hold (50,000) gets a sitemap index
at ``sitemap.xml`` naming ``sitemaps/sitemap-1.xml``, ``sitemaps/sitemap-2.xml``,
… so the address crawlers and ``robots.txt`` know stays the same.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from functools import partial
from typing import Iterable

from crowdgallery.plan.pages import Page, SitePlan

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000  # the protocol's limit for one file


def _newest(dates: Iterable[datetime | None], now: datetime) -> datetime | None:
    """The newest date not after the build's clock (a future deadline has not modified anything yet)."""
    known = [d for d in dates if d is not None and d <= now]
    return max(known) if known else None


def entry_dates(entry) -> list[datetime | None]:
    s = entry.submission
    return [s.submitted, s.response_date]


def campaign_dates(campaign) -> list[datetime | None]:
    c = campaign.campaign
    dates = [c.opens, c.closes, c.voting_opens, c.voting_closes, c.announced]
    return dates + [d for e in campaign.entries for d in entry_dates(e)]


def lastmod(page: Page, now: datetime) -> datetime | None:
    ctx = page.context
    if "entry" in ctx:
        return _newest(entry_dates(ctx["entry"]), now)
    if "designer" in ctx:
        return _newest([d for e in ctx["designer"].entries for d in entry_dates(e)], now)
    if "campaign" in ctx:
        return _newest(campaign_dates(ctx["campaign"]), now)
    if "doc" in ctx:
        return None  # an organiser's page: its file's date is not data, and the wall clock never counts
    if "tag" in ctx:
        return _newest([d for e in ctx["tag"].entries for d in entry_dates(e)], now)
    return now  # the home page and the leaderboard change with every vote; the clock comes from the data


def listed(page: Page) -> bool:
    return (page.template not in (None, "redirect.html") and page.url != "404.html" and not page.url.startswith("embed/")
            and not page.path.endswith(".json"))  # a theme's data page (cards.json) is no page to index


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def _day(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).date().isoformat()


def sitemap_bytes(pages: list[Page], base_url: str, now: datetime) -> bytes:
    """A <urlset> of the given pages (the caller keeps to the protocol's 50,000)."""
    ET.register_namespace("", NS)
    urlset = ET.Element(f"{{{NS}}}urlset")
    for page in pages:
        url = ET.SubElement(urlset, f"{{{NS}}}url")
        ET.SubElement(url, f"{{{NS}}}loc").text = base_url + page.url
        modified = lastmod(page, now)
        if modified is not None:
            ET.SubElement(url, f"{{{NS}}}lastmod").text = _day(modified)
    return _xml(urlset)


def index_bytes(parts: list[tuple[str, list[Page]]], base_url: str, now: datetime) -> bytes:
    """A <sitemapindex> naming each part's file, with the newest lastmod of its pages."""
    ET.register_namespace("", NS)
    index = ET.Element(f"{{{NS}}}sitemapindex")
    for path, pages in parts:
        entry = ET.SubElement(index, f"{{{NS}}}sitemap")
        ET.SubElement(entry, f"{{{NS}}}loc").text = base_url + path
        modified = _newest((lastmod(p, now) for p in pages), now)
        if modified is not None:
            ET.SubElement(entry, f"{{{NS}}}lastmod").text = _day(modified)
    return _xml(index)


def robots_bytes(base_url: str) -> bytes:
    lines = ["User-agent: *", "Disallow:"]
    if base_url:
        lines.append(f"Sitemap: {base_url}sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")


def plan(site: SitePlan, planned: list[Page]) -> list[Page]:
    """robots.txt, and with base_url the sitemap of every page planned before it."""
    return plan_files(planned, site.config.base_url, site.now)


def plan_files(pages: list[Page], base_url: str, now: datetime, limit: int = MAX_URLS) -> list[Page]:
    """sitemap.xml (with base_url; an index of parts past ``limit`` pages) and robots.txt, made in the workers."""
    out = [Page("robots.txt", "robots.txt", None, data=lambda: robots_bytes(base_url))]
    if not base_url:
        return out
    shown = [p for p in pages if listed(p)]
    if len(shown) <= limit:
        return out + [Page("sitemap.xml", "sitemap.xml", None, data=partial(sitemap_bytes, shown, base_url, now))]
    parts = [(f"sitemaps/sitemap-{n}.xml", shown[start:start + limit])
             for n, start in enumerate(range(0, len(shown), limit), 1)]
    out.append(Page("sitemap.xml", "sitemap.xml", None, data=partial(index_bytes, parts, base_url, now)))
    return out + [Page(path, path, None, data=partial(sitemap_bytes, part, base_url, now)) for path, part in parts]
