"""The search index: every entry's title, designers, tags, campaign and a description excerpt.

The default theme's ``static/search.js`` loads it on the first use of the
search box and matches words as the visitor types; there is no server.  The
index is compact JSON: names are listed once and entries point at them by
number, and entries are in id order, so nothing in it follows the ranking.
It holds no score, vote count, rank or winner, so campaigns whose tallies are
hidden (``show_votes: after_close``) leak nothing through it.
"""
from __future__ import annotations

import json
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

from crowdgallery.markup import CrowdText
from crowdgallery.plan.pages import Page, SitePlan

if TYPE_CHECKING:  # views imports plan, which the build imports first
    from crowdgallery.views.gallery import Gallery

INDEX_PATH = "search-index.json"
INDEX_VERSION = 1


def thumbnail(path: str, pictures: Mapping) -> str:
    """An entry image's smallest published copy (320 px WebP), for the search results; '' for none."""
    if not path:
        return ""
    picture = pictures.get(path)
    if picture is None:
        return path  # a remote image, as given
    return picture.webp[0].url if picture.webp else picture.src


def search_index(gallery: "Gallery", text: CrowdText, pictures: Mapping = MappingProxyType({})) -> dict:
    """The index as data (documented in docs/pages-and-api.md, "Search")."""
    campaigns = [[c.title, c.url] for c in gallery.campaigns]
    campaign_number = {c.id: i for i, c in enumerate(gallery.campaigns)}
    designers: dict[str, int] = {}
    tags: dict[str, int] = {}
    names: list[str] = []
    tag_names: list[str] = []
    entries = []
    for entry in sorted(gallery.entries, key=lambda e: e.id):
        who = []
        for d in entry.designers:
            if d.designer.id not in designers:
                designers[d.designer.id] = len(names)
                names.append(d.designer.name)
            who.append(designers[d.designer.id])
        what = []
        for t in entry.tags:
            if t.slug not in tags:
                tags[t.slug] = len(tag_names)
                tag_names.append(t.name)
            what.append(tags[t.slug])
        excerpt = text.plain_text(entry.submission.description) if entry.submission.description else ""
        entries.append([entry.title, entry.url, campaign_number[entry.campaign.id], who, what, excerpt,
                        thumbnail(entry.image, pictures)])
    return {"version": INDEX_VERSION, "fields": ["title", "url", "campaign", "designers", "tags", "excerpt", "image"],
            "campaigns": campaigns, "designers": names, "tags": tag_names, "entries": entries}


def index_bytes(gallery: "Gallery", text: CrowdText, pictures: Mapping = MappingProxyType({})) -> bytes:
    """The index as the file the build writes: compact UTF-8 JSON."""
    return json.dumps(search_index(gallery, text, pictures), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def plan(site: SitePlan, planned: list[Page]) -> list[Page]:
    """The index, made here in the main process: the Markdown it converts is then known to the render workers."""
    return [Page(INDEX_PATH, INDEX_PATH, None, data=index_bytes(site.gallery, site.text, site.pictures))]
