"""The URL scheme, in one place, and the page plan.

Every page is a :class:`Page`: where it is served (``url``, relative to the
site root, ``""`` for the home page), where it is written (``path``), which
template draws it and what the template receives.  Nothing here touches the
disk; :mod:`crowdgallery.write` refuses two pages with one path.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, Callable, Mapping

from crowdgallery.load.strings import Strings, english
from crowdgallery.markup import CrowdText
from crowdgallery.model import SiteConfig
from crowdgallery.urls import (
    campaign_api_url,
    campaign_cards_url,
    campaign_url,
    designers_url,
    home_url,
    results_url,
    tag_url,
    tags_url,
)
from crowdgallery.views.gallery import Gallery

API_VERSION = 1


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # relative to the site root: "" or "campaigns/x/" or "404.html"
    path: str  # the file written, relative to the output folder
    template: str | None  # None: ``data`` is written as JSON
    context: Mapping[str, Any] = field(default_factory=dict)
    data: Any = None

    @property
    def root(self) -> str:
        """The relative way back to the site root from this page ("../../")."""
        depth = self.path.count("/")
        return "../" * depth


def html_page(url: str, template: str, **context: Any) -> Page:
    path = url + "index.html" if url.endswith("/") or url == "" else url
    return Page(url, path, template, context)


@dataclass(frozen=True, slots=True)
class SitePlan:
    """What every planner may read: the gallery, the settings, the build's clock, the published images, the
    build's converter of crowd text, and the words of the site's language."""

    gallery: Gallery
    config: SiteConfig
    now: datetime
    pictures: Mapping[str, Any]  # site image path → its published copies (write.images.Picture)
    text: CrowdText
    strings: Strings = field(default_factory=english)  # the site's language: words of badges and feeds


def plan(site: SitePlan, planned: list[Page]) -> list[Page]:
    """Every HTML page of the gallery and the organiser's pages, in a stable order."""
    return plan_pages(site.gallery, site.config.per_page)


def plan_pages(gallery: Gallery, per_page: int) -> list[Page]:
    """Every page of the gallery, in a stable order."""
    pages = [html_page(home_url(), "index.html", campaigns=gallery.campaigns, totals=gallery.totals)]
    for campaign in gallery.campaigns:
        for url, entries, pagination in paginate(campaign.entries, per_page, partial(campaign_url, campaign.id)):
            pages.append(html_page(url, "campaign.html", campaign=campaign, entries=entries, pagination=pagination))
        pages.append(html_page(results_url(campaign.id), "results.html", campaign=campaign))
        if len(campaign.entries) > 1:  # the gallery tools' data: drawn by the theme's cards.json template
            pages.append(Page(campaign_cards_url(campaign.id), campaign_cards_url(campaign.id), "cards.json",
                              {"campaign": campaign}))
        pages.append(Page(campaign_api_url(campaign.id), campaign_api_url(campaign.id), None,
                          data=campaign_json(campaign)))
    for entry in gallery.entries:
        pages.append(html_page(entry.url, "submission.html", entry=entry, campaign=entry.campaign))
    pages.append(html_page(designers_url(), "designers.html", designers=gallery.designers))
    for designer in gallery.designers:
        pages.append(html_page(designer.url, "designer.html", designer=designer))
    by_use = sorted(gallery.tags, key=lambda t: (-len(t.entries), t.name.casefold(), t.slug))  # most used first
    pages.append(html_page(tags_url(), "tags.html", tags=by_use))
    for tag in gallery.tags:
        for url, entries, pagination in paginate(tag.entries, per_page, partial(tag_url, tag.slug)):
            pages.append(html_page(url, "tag.html", tag=tag, entries=entries, pagination=pagination))
    for view in gallery.pages:  # the organiser's own (pages/)
        pages.append(html_page(view.url, "page.html", doc=view))
    pages.append(html_page("404.html", "404.html"))
    return pages


def paginate(items: list, per_page: int, url_of: Callable[[int], str]):
    """Yield (url, the page's items, pagination) for each page of a list; one page even when empty."""
    count = max(1, math.ceil(len(items) / per_page))
    pages = [(n, url_of(n)) for n in range(1, count + 1)]
    for number, url in pages:
        pagination = {
            "number": number, "count": count, "pages": pages,
            "prev": url_of(number - 1) if number > 1 else None,
            "next": url_of(number + 1) if number < count else None,
        }
        yield url, items[(number - 1) * per_page:number * per_page], pagination


def campaign_json(campaign) -> dict:
    """The static ranking API: documented in docs/pages-and-api.md ("Read API")."""
    data = {
        "version": API_VERSION,
        "id": campaign.id,
        "title": campaign.title,
        "voting": campaign.voting,
        "status": campaign.campaign.status,
        "ranking": {"method": campaign.method, **campaign.params, "description": campaign.method_description},
        "entries": [
            {
                "id": e.id,
                "title": e.title,
                "designers": [d.id for d in e.designers],
                "rank": e.rank,
                "score": e.score,  # as ranked (rank/order.published): every digit, so ranks never share one
                "votes": e.votes_json(),
                "winner": e.is_winner,
                "url": e.url,
            }
            for e in campaign.entries
        ],
    }
    return outcomes_json(campaign, data)


def outcomes_json(campaign, data: dict) -> dict:
    """Add phases, places, jury means and statuses; drop every figure while tallies are hidden."""
    c = campaign.campaign
    data["show_votes"] = c.show_votes
    data["phases"] = [{"id": p.id, "start": p.start.isoformat() if p.start else None,
                       "end": p.end.isoformat() if p.end else None, "state": p.state} for p in campaign.timeline]
    if campaign.hidden:
        data["ranking"] = {"method": campaign.method, "description": campaign.method_description}
        data["order"] = "shuffled until voting closes"
    for e, out in zip(campaign.entries, data["entries"]):
        if campaign.hidden:
            for key in ("rank", "score", "votes", "winner"):
                out.pop(key)
            continue
        if e.place:
            out["place"] = e.place
            if e.prize:
                out["prize"] = e.prize.title
        if e.is_finalist:
            out["finalist"] = True
        if e.submission.comments is not None:
            out["comments"] = e.submission.comments
        if e.jury:
            out["jury"] = {"mean": round(e.jury.mean, 6), "count": e.jury.count}
            if c.show_judges:
                out["jury"]["judges"] = [{"judge": name, "score": score} for name, score in e.jury.judges]
    for e, out in zip(campaign.entries, data["entries"]):
        if e.status:
            out["status"] = e.status.id
        if e.duplicate_of:
            out["duplicate_of"] = e.duplicate_of.id
    return data
