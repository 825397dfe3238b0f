"""What a page says when its link is shared: Open Graph, Twitter card, JSON-LD, feeds, share links.

Link previews need absolute addresses, so the absolute-only parts (canonical,
``og:url``, ``og:image``, share links, the embed snippet, feed links) appear
only when ``base_url`` is set.  The short lines here ("#2 in Summer Tees 2026 ·
4.3 ★", "3 wins · 1,204 votes") are the one wording shared by badges, share
images, feeds and descriptions; while a campaign's tallies are hidden
(``lifecycle.tallies_hidden``) they carry no rank, score, vote count or win.
"""
from __future__ import annotations

import json
from typing import Any, Collection, Mapping
from urllib.parse import quote

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from markupsafe import Markup

from crowdgallery.load.strings import N_, Strings, english
from crowdgallery.urls import badge_url, embed_url, share_image_url

SITE_IMAGE = share_image_url("")  # the site's own preview image, for the home page and pages without one

# --- the words: what of an entry, designer or campaign may be said ------------------------


def entry_figure(entry, strings: Strings) -> str:
    """'4.3 ★', '+12 net', '120 likes', or '' (no votes, or tallies hidden)."""
    if entry.campaign.hidden or not entry.tally.count:
        return ""
    t = entry.tally
    if entry.campaign.voting == "score":
        return strings.figure(f"{t.mean:.1f}") + " ★"
    if entry.campaign.voting == "updown":
        return strings.gettext("%(num)s net") % {"num": strings.figure(f"{t.up - t.down:+,d}")}
    return strings.count("%(num)s like", "%(num)s likes", t.count)


def entry_line(entry, strings: Strings | None = None) -> str:
    """'Winner · #1 in Summer Tees 2026 · 4.3 ★'; 'Entry in Winter Layers' while tallies are hidden."""
    strings = strings or english()
    campaign = entry.campaign
    if campaign.hidden or entry.rank is None:
        return strings.gettext("Entry in %(campaign)s") % {"campaign": campaign.title}
    parts = [strings.gettext("#%(rank)s in %(campaign)s") % {"rank": strings.number(entry.rank),
                                                             "campaign": campaign.title}]
    if entry.is_winner:
        parts.insert(0, strings.gettext("Winner"))
    figure = entry_figure(entry, strings)
    if figure:
        parts.append(figure)
    return " · ".join(parts)


def public_wins(designer) -> list:
    """Wins that may be told: not from a campaign whose tallies are hidden (a winners list given ahead)."""
    return [e for e in designer.wins if not e.campaign.hidden]


def designer_line(designer, strings: Strings | None = None) -> str:
    """'3 wins · 1,204 votes' (hidden campaigns count nowhere: the views hold no votes for them)."""
    strings = strings or english()
    return " · ".join((strings.count("%(num)s win", "%(num)s wins", len(public_wins(designer))),
                       strings.count("%(num)s vote", "%(num)s votes", designer.votes)))


STATUS_WORDS = {"upcoming": N_("Upcoming"), "open": N_("Open for entries"), "voting": N_("Voting now"),
                "closed": N_("Closed"), "announced": N_("Winners announced")}


def campaign_line(campaign, strings: Strings | None = None) -> str:
    """'Winners announced · 23 entries · 2,011 votes'; no vote count while tallies are hidden."""
    strings = strings or english()
    status = campaign.campaign.status
    parts = [strings.gettext(STATUS_WORDS[status]) if status in STATUS_WORDS else status,
             strings.count("%(num)s entry", "%(num)s entries", len(campaign.entries))]
    if not campaign.hidden:
        parts.append(strings.count("%(num)s vote", "%(num)s votes", campaign.vote_count))
    return " · ".join(parts)


def by_line(names: list[str], strings: Strings | None = None) -> str:
    """'by Ana Lima, Kofi Mensah' under a submission's title ('' without designers)."""
    strings = strings or english()
    return strings.gettext("by %(names)s") % {"names": ", ".join(names)} if names else ""


def own_preview(entry, pictures: Mapping):
    """The published copy (images.py Variant) a submission previews with instead of a drawn card: the
    JPEG or PNG copy of its first image closest to 1200 wide and not narrower (else the widest); None
    when it has no local raster image with such a copy (an SVG, a WebP original, a remote image)."""
    picture = pictures.get(entry.image) if entry.image and "://" not in entry.image else None
    if picture is None or not picture.fallback or picture.mime == "image/svg+xml":
        return None
    wide = [v for v in picture.fallback if v.width >= 1200]  # previews are shown 1200 wide
    return min(wide, key=lambda v: v.width) if wide else max(picture.fallback, key=lambda v: v.width)


def site_line(gallery, strings: Strings | None = None) -> str:
    """'3 campaigns · 64 entries' for the site's own preview image."""
    strings = strings or english()
    return " · ".join((strings.count("%(num)s campaign", "%(num)s campaigns", len(gallery.campaigns)),
                       strings.count("%(num)s entry", "%(num)s entries", len(gallery.entries))))


def og_locale(language: str) -> str:
    """'en' → 'en_US', 'pt-BR' → 'pt_BR': Open Graph wants language_TERRITORY; Babel's likely subtags
    give the territory a bare language most likely means."""
    try:
        locale = Locale.parse(language, sep="-" if "-" in language else "_")
        if not locale.territory:
            locale = Locale.parse(get_global("likely_subtags").get(locale.language, locale.language))
    except (ValueError, TypeError, UnknownLocaleError):
        return language.replace("-", "_")
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def public_winner(entry) -> bool:
    return entry.is_winner and not entry.campaign.hidden


# --- JSON-LD -------------------------------------------------------------------------------

def script_json(data: Any) -> Markup:
    """JSON for a <script type="application/ld+json"> block: '<', '>' and '&' escaped so crowd
    text cannot close the script element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _person(designer, base: str, pictures: Mapping) -> dict:
    person = {"@type": "Person", "name": designer.name, "url": base + designer.url}
    if designer.avatar and base:
        picture = pictures.get(designer.avatar)
        person["image"] = absolute(picture.src if picture else designer.avatar, base)
    return person


def absolute(path: str, base: str) -> str:
    """A site path as an absolute URL (percent-encoded like the pages' src), or a remote URL as given."""
    return path if "://" in path else base + quote(path, safe="/")


def submission_ld(entry, base: str, image: str, pictures: Mapping) -> dict:
    s = entry.submission
    data: dict = {"@context": "https://schema.org", "@type": "CreativeWork", "name": entry.title,
                  "url": base + entry.url, "author": [_person(d, base, pictures) for d in entry.designers]}
    if image:
        data["image"] = image
    if s.submitted:
        data["dateCreated"] = s.submitted.isoformat()
    data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": entry.campaign.title,
                        "url": base + entry.campaign.url}
    if s.tags:
        data["keywords"] = ", ".join(s.tags)
    c = entry.campaign
    if not c.hidden and c.voting == "score" and entry.tally.count:
        low, high = c.campaign.scale
        data["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": round(entry.tally.mean, 2),
                                   "ratingCount": entry.tally.count, "bestRating": high, "worstRating": low}
    return data


def designer_ld(designer, base: str, image: str, pictures: Mapping) -> dict:
    person = _person(designer, base, pictures)
    if image and "image" not in person:
        person["image"] = image
    links = [url for _, url in designer.designer.links]
    if links:
        person["sameAs"] = links
    return {"@context": "https://schema.org", "@type": "ProfilePage", "url": base + designer.url,
            "mainEntity": person}


def ranking_ld(campaign, base: str, strings: Strings) -> dict | None:
    """An ItemList in rank order, named in the site's language; none while tallies are hidden (the order
    itself would tell)."""
    if campaign.hidden:
        return None
    name = strings.gettext("Ranking: %(campaign)s") % {"campaign": campaign.title}
    return {"@context": "https://schema.org", "@type": "ItemList", "name": name,
            "url": base + campaign.results_url, "itemListOrder": "https://schema.org/ItemListOrderAscending",
            "numberOfItems": len(campaign.entries),
            "itemListElement": [{"@type": "ListItem", "position": i, "url": base + e.url, "name": e.title}
                                for i, e in enumerate(campaign.entries, 1)]}


def site_ld(config, base: str) -> dict:
    data = {"@context": "https://schema.org", "@type": "WebSite", "name": config.title, "url": base}
    if config.description:
        data["description"] = config.description
    return data


# --- per page ------------------------------------------------------------------------------

SHARE_NETWORKS = (  # {url} and {text} are filled in percent-encoded; few, so the page is not a wall of buttons
    ("Bluesky", "https://bsky.app/intent/compose?text={text}%20{url}"),
    ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    ("E-mail", "mailto:?subject={text}&body={url}"),
)


def share_links(url: str, text: str) -> list[tuple[str, str]]:
    """(network, share URL) for plain links: no scripts, nothing loaded from the networks."""
    url, text = quote(url, safe=""), quote(text, safe="")
    return [(name, pattern.format(url=url, text=text)) for name, pattern in SHARE_NETWORKS]


class PageMeta:
    """Called by base.html as ``share_meta(page)``: everything a page's head and share box need.

    Runs in the render workers, so its cost is spread over both cores like the
    pages' own.  ``images`` holds the paths of the share images written (write/share_images.py).
    """

    def __init__(self, config, images: Collection[str], feeds: Mapping[str, tuple[str, str]],
                 pictures: Mapping, strings: Strings | None = None):
        self.config = config
        self.strings = strings or english()
        self.pictures = pictures  # site image path → its published copies (images.py)
        self.base = config.base_url
        self.images = images
        self.feeds = feeds  # page URL → (feed title, feed path); the site feed under ""
        self.locale = og_locale(config.language or "en")

    def __call__(self, page) -> dict:
        ctx, base = page.context, self.base
        template = page.template or ""
        meta: dict = {"type": "website", "image": "", "image_width": 1200, "image_height": 630, "image_alt": "",
                      "ld": None, "feeds": [],
                      "share_links": [], "url": base + page.url if base else "", "snippet": "", "badge": "",
                      "site_image": "", "site_image_alt": ""}
        meta["locale"] = self.locale
        key = self._owner_url(template, ctx)
        if base and share_image_url(key) in self.images:
            meta["image"] = base + share_image_url(key)
        if base and SITE_IMAGE in self.images:  # for pages with no image of their own (a tag, the leaderboard)
            meta["site_image"] = base + SITE_IMAGE
            meta["site_image_alt"] = self.config.title
        if meta["image"]:  # the site's own image on pages with none of their own; the branches below say more
            meta["image_alt"] = self.config.title
        if template == "submission.html":
            entry = ctx["entry"]
            own = own_preview(entry, self.pictures) if base else None
            if own is not None:  # the design itself, not a card
                meta.update(image=absolute(own.url, base), image_width=own.width, image_height=own.height)
            line = entry_line(entry, self.strings)
            self._shareable(meta, page, "article", entry.title, line, entry.url, f"{entry.title} – {line}",
                            lambda image: submission_ld(entry, base, image, self.pictures))
            if base:
                meta["snippet"] = embed_snippet(entry, base)
                meta["embed_url"] = embed_url(entry.id)
        elif template == "designer.html":
            designer = ctx["designer"]
            text = self.strings.gettext("%(name)s on %(site)s") % {"name": designer.name, "site": self.config.title}
            self._shareable(meta, page, "profile", designer.name, designer_line(designer, self.strings),
                            designer.url, text, lambda image: designer_ld(designer, base, image, self.pictures))
        elif template in ("results.html", "campaign.html"):
            campaign = ctx["campaign"]
            meta["image_alt"] = f"{campaign.title}: {campaign_line(campaign, self.strings)}"
            if base and template == "results.html":
                ld = ranking_ld(campaign, base, self.strings)
                meta["ld"] = script_json(ld) if ld else None
        elif template == "index.html" and base:
            meta["ld"] = script_json(site_ld(self.config, base))
        if base:
            meta["feeds"] = [self.feeds[k] for k in dict.fromkeys(("", key)) if k in self.feeds]
        return meta

    def _shareable(self, meta: dict, page, og_type: str, name: str, line: str, owner_url: str, text: str,
                   ld) -> None:
        """A submission's or designer's page: preview words, and with base_url JSON-LD, share links, badge."""
        meta["type"] = og_type
        meta["image_alt"] = f"{name}: {line}"
        if self.base:
            meta["ld"] = script_json(ld(meta["image"]))
            meta["share_links"] = share_links(self.base + page.url, text)
            meta["badge"] = badge_snippet(name, self.base, owner_url, line)

    @staticmethod
    def _owner_url(template: str, ctx: Mapping) -> str:
        """The URL of the submission, designer or campaign a page is about ('' for the others)."""
        if template == "submission.html":
            return ctx["entry"].url
        if template == "designer.html":
            return ctx["designer"].url
        if template in ("results.html", "campaign.html"):
            return ctx["campaign"].url
        return ""


def embed_snippet(entry, base: str) -> str:
    """The iframe a brand pastes into its own page (embeds.py writes the card it shows)."""
    src = base + embed_url(entry.id)
    title = f"{entry.title} on {entry.campaign.title}"
    return (f'<iframe src="{_attr(src)}" title="{_attr(title)}" width="340" height="440" '
            f'style="border:0;max-width:100%" loading="lazy"></iframe>')


def badge_snippet(name: str, base: str, url: str, line: str) -> str:
    """An image link to the badge (embeds.py) for another site's page: absolute, so base_url is needed."""
    href, src = base + url, base + badge_url(url)
    return f'<a href="{_attr(href)}"><img src="{_attr(src)}" alt="{_attr(name + ": " + line)}"></a>'


def _attr(text: str) -> str:
    return str(Markup.escape(text))

