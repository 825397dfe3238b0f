"""``plan_site()``: every file of the site, as :class:`~crowdgallery.plan.pages.Page` values, from every planner.

Each planner has one signature, ``plan(site: SitePlan, planned: list[Page]) -> list[Page]``: it reads
what the build knows and the pages planned before it (the sitemap lists them), and returns its own.
The order below is the order of the site's files; nothing here touches the disk.
"""
from __future__ import annotations

from functools import partial
from typing import Any

from crowdgallery.plan import (
    embeds,
    exports,
    feeds,
    pages,
    redirects,
    search,
    share,
    sitemap,
)
from crowdgallery.plan.pages import Page, SitePlan

PLANNERS = (
    pages.plan,  # home, campaign galleries and results, submissions, designers, tags, 404
    embeds.plan,  # badges and embeddable cards
    redirects.plan,  # old addresses (aliases): redirect pages, and the badges and cards embedded from them
    exports.plan,  # results.csv and the read API
    feeds.plan,  # Atom feeds (with base_url)
    search.plan,  # the search index
    sitemap.plan,  # robots.txt and, with base_url, the sitemap of every page above
)


def plan_site(site: SitePlan) -> list[Page]:
    """Every page and data file of the site, planner by planner."""
    planned: list[Page] = []
    for planner in PLANNERS:
        planned += planner(site, planned)
    return planned


def shared_context(site: SitePlan, share_images: frozenset[str]) -> dict[str, Any]:
    """What every template sees besides its page's own context: the settings, the campaigns for the nav,
    the site's totals, the clock, and the helpers of the share block (``share_images``: the page URLs
    that have a drawn preview image)."""
    gallery, config = site.gallery, site.config
    feed_titles = feeds.feed_titles(gallery, config, site.strings) if config.base_url else {}
    return {"site": config, "campaign_links": [(c.title, c.url) for c in gallery.campaigns],
            "menu": gallery.menu, "totals": gallery.totals, "built": site.now, "file_urls": config.urls == "files",
            "share_meta": share.PageMeta(config, share_images, feed_titles, site.pictures, site.strings),
            "entry_line": partial(share.entry_line, strings=site.strings),
            "images": site.pictures}  # site image path → its published copies, for the templates
