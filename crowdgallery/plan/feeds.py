"""Atom 1.0 feeds: the whole site, each campaign, each designer.

Entries are new submissions and announced results (for a designer: their
submissions and their wins).  Every id is a ``tag:`` URI from the base_url's
host and the item's own date, so it never changes between builds; every date
comes from the data (``submitted``, ``announced``), never from the wall clock.
Feeds need absolute addresses, so they are written only when ``base_url`` is
set.  While a campaign's tallies are hidden its entries say nothing of ranks or
votes and no results entry is written.

Written with ElementTree, which does the escaping.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from typing import Callable

from crowdgallery import urls
from crowdgallery.load.addresses import alias_address
from crowdgallery.load.strings import Strings, english
from crowdgallery.markup import CrowdText
from crowdgallery.plan import share
from crowdgallery.plan.pages import Page, SitePlan
from crowdgallery.urls import feed_url

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
MAX_ENTRIES = 50  # the newest; a feed is a window, not an archive


@dataclass(frozen=True, slots=True)
class Item:
    key: str  # unique within the site: "submissions/x/" or "campaigns/y/results/"
    title: str
    url: str  # relative to the site root
    date: datetime
    summary: str | Callable[[], str]  # a function when costly: only the newest items are written
    authors: tuple[str, ...]


def _announced(c) -> datetime:
    """When a campaign's results came out; 1970 when the data does not say (never the build's clock, which
    moves with every vote and would give the same item a new id)."""
    return c.announced or c.voting_closes or c.closes or EPOCH


def submission_summary(entry, text: CrowdText, strings: Strings) -> str:
    s = entry.submission
    about = text.plain_text(s.description, 300) if s.description else ""
    return f"{share.entry_line(entry, strings)}." + (f" {about}" if about else "")


def submission_item(entry, text: CrowdText, strings: Strings) -> Item:
    s = entry.submission
    names = [d.name for d in entry.designers]
    title = (strings.gettext("%(entry)s by %(names)s") % {"entry": entry.title, "names": ", ".join(names)} if names
             else strings.gettext("%(entry)s (anonymous)") % {"entry": entry.title})
    return Item(entry.url, title, entry.url, s.submitted or entry.campaign.campaign.opens or EPOCH,
                partial(submission_summary, entry, text, strings), tuple(names))


def results_item(campaign, strings: Strings) -> Item | None:
    """The announcement of a closed campaign's results (never while its tallies are hidden)."""
    c = campaign.campaign
    if campaign.hidden or c.status != "announced":
        return None
    _ = strings.gettext
    winners = [f"{e.title} ({', '.join(d.name for d in e.designers)})" for e in campaign.winners]
    summary = " ".join((
        _("Winners: %(winners)s.") % {"winners": "; ".join(winners)} if winners else _("The results are in."),
        strings.count("%(num)s entry,", "%(num)s entries,", len(campaign.entries)),
        strings.count("%(num)s vote.", "%(num)s votes.", campaign.vote_count)))
    return Item(campaign.results_url, _("Results: %(campaign)s") % {"campaign": campaign.title},
                campaign.results_url, _announced(c), summary, ())


def win_item(entry, strings: Strings) -> Item:
    c = entry.campaign
    values = {"entry": entry.title, "place": strings.number(entry.place or 0), "campaign": c.title}
    title = (strings.gettext("%(entry)s won place %(place)s in %(campaign)s") if entry.place
             else strings.gettext("%(entry)s won in %(campaign)s")) % values
    prize = f" ({entry.prize.title})" if entry.prize else ""
    return Item(f"{entry.url}#win", title + prize, entry.url, _announced(c.campaign),
                share.entry_line(entry, strings), tuple(d.name for d in entry.designers))


def site_items(gallery, text: CrowdText, strings: Strings) -> list[Item]:
    items = [submission_item(e, text, strings) for e in gallery.entries]
    items += [i for c in gallery.campaigns if (i := results_item(c, strings))]
    return items


def campaign_items(campaign, text: CrowdText, strings: Strings) -> list[Item]:
    items = [submission_item(e, text, strings) for e in campaign.entries]
    if (result := results_item(campaign, strings)) is not None:
        items.append(result)
    return items


def designer_items(designer, text: CrowdText, strings: Strings) -> list[Item]:
    items = [submission_item(e, text, strings) for e in designer.entries]
    items += [win_item(e, strings) for e in designer.entries if share.public_winner(e)]
    return items


def newest(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.date, i.key), reverse=True)[:MAX_ENTRIES]


def tag_id(base_url: str, item_key: str, date: datetime) -> str:
    """'tag:lab.example.org,2026-05-03:submissions/retro-sunset/' (RFC 4151): stable while the data is."""
    return f"tag:{urls.host(base_url)},{date.date().isoformat()}:{urls.root_path(base_url)}{item_key}"


def atom_bytes(config, title: str, feed_path: str, page_url: str, items: list[Item], now: datetime) -> bytes:
    base = config.base_url
    items = newest(items)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": config.language})

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "id", tag_id(base, feed_path, EPOCH))  # fixed: a feed keeps its id however its entries change
    sub(feed, "title", title)
    if config.description:
        sub(feed, "subtitle", config.description)
    updated = max((i.date for i in items), default=now)
    sub(feed, "updated", _stamp(updated))
    sub(feed, "link", rel="self", type="application/atom+xml", href=base + feed_path)
    sub(feed, "link", rel="alternate", type="text/html", href=base + page_url)
    author = sub(feed, "author")
    sub(author, "name", config.title)
    sub(feed, "generator", "crowdgallery")
    for item in items:
        entry = sub(feed, "entry")
        sub(entry, "id", tag_id(base, item.key, item.date))
        sub(entry, "title", item.title)
        sub(entry, "updated", _stamp(item.date))
        sub(entry, "published", _stamp(item.date))
        sub(entry, "link", rel="alternate", type="text/html", href=base + item.url)
        for name in item.authors:
            sub(sub(entry, "author"), "name", name)
        sub(entry, "summary", item.summary() if callable(item.summary) else item.summary)
    ET.indent(feed, space=" ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) \
        + b"\n"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_titles(gallery, config, strings: Strings | None = None) -> dict[str, tuple[str, str]]:
    """Page URL of the owner → (feed title, feed path), for the pages' <link rel="alternate">."""
    _ = (strings or english()).gettext
    titles = {"": (_("%(name)s: new entries and results") % {"name": config.title}, feed_url())}
    for c in gallery.campaigns:
        titles[c.url] = (_("%(name)s: new entries and results") % {"name": c.title}, feed_url(c.url))
    for d in gallery.designers:
        titles[d.url] = (_("%(name)s: new entries and awards") % {"name": d.name}, feed_url(d.url))
    return titles


def plan(site: SitePlan, planned: list[Page]) -> list[Page]:
    """A page per feed (with base_url: feeds need absolute addresses); each is drawn in the render workers."""
    gallery, config, now, text = site.gallery, site.config, site.now, site.text
    if not config.base_url:
        return []
    strings = site.strings
    titles = feed_titles(gallery, config, strings)
    pages = [_feed_page(config, titles[""], "", partial(site_items, gallery, text, strings), now)]
    for c in gallery.campaigns:
        pages.append(_feed_page(config, titles[c.url], c.url, partial(campaign_items, c, text, strings), now))
    for d in gallery.designers:
        feed = _feed_page(config, titles[d.url], d.url, partial(designer_items, d, text, strings), now)
        pages.append(feed)
        for alias in d.designer.aliases:  # the same feed at each old address, naming the new one as its own
            address = alias_address(alias, "designer")
            if address.endswith("/"):
                pages.append(Page(feed_url(address), feed_url(address), None, data=feed.data))
    return pages


def _feed_page(config, title_path: tuple[str, str], page_url: str, items, now: datetime) -> Page:
    title, path = title_path
    return Page(path, path, None, data=lambda: atom_bytes(config, title, path, page_url, items(), now))
