"""Old addresses that keep working: a redirect page for each alias of a designer, submission or page.

An alias (``aliases:`` or ``redirect_from:``, checked in load/addresses.py) gets a small HTML page at
the old address (the theme's ``redirect.html``: a ``<meta http-equiv="refresh">``, a canonical link,
``noindex`` and a visible link; no script), so a shared link lands on the new one.  What other sites
embed from the old address keeps working too: a designer's or submission's badge (``badge.svg``), a
submission's iframe card (``embed/submissions/<old id>/``) and, with base_url, a designer's feed
(plan/feeds.py) are written there as well, the same bytes as at the new address.

crowdgallery writes no host configuration files (``_redirects``, ``.htaccess``), so the redirects are
pages only: every static host serves them.
"""
from __future__ import annotations

from functools import partial

from crowdgallery.load.addresses import alias_address
from crowdgallery.plan.embeds import designer_badge, entry_badge
from crowdgallery.plan.pages import Page, SitePlan, html_page
from crowdgallery.urls import badge_url, embed_url

TEMPLATE = "redirect.html"


def redirect_page(address: str, target: str, title: str) -> Page:
    return html_page(address, TEMPLATE, target=target, target_title=title)


def designer_aliases(designer) -> list[str]:
    """The old addresses of a designer (their folders: designers/<old>/)."""
    return [alias_address(a, "designer") for a in designer.designer.aliases]


def plan(site: SitePlan, planned: list[Page]) -> list[Page]:
    gallery, title = site.gallery, site.config.title
    pages = []
    for view in gallery.pages:
        pages += [redirect_page(alias_address(a, "page"), view.url, view.title) for a in view.page.aliases]
    for d in gallery.designers:
        for address in designer_aliases(d):
            pages.append(redirect_page(address, d.url, d.name))
            if address.endswith("/"):
                pages.append(Page(badge_url(address), badge_url(address), None, data=partial(designer_badge, d, title)))
    for e in gallery.entries:
        for alias in e.submission.aliases:
            address = alias_address(alias, "submission")
            pages.append(redirect_page(address, e.url, e.title))
            if address.endswith("/"):
                pages.append(Page(badge_url(address), badge_url(address), None, data=partial(entry_badge, e, title)))
            if "/" not in alias:  # an old id: its iframe card too
                pages.append(html_page(embed_url(alias.strip("/")), "embed.html", entry=e))
    return pages
