"""The organiser's pages as shown, and the header's and footer's menus.

Each page's Markdown is sanitised like crowd text (markup.render_document) once per build; its links
to other pages and to files under pages/ (load/pages.py) are rewritten to the published addresses,
relative to the page, so the folder works at any path.  The menus are links ready for the templates:
``menu.header`` and ``menu.footer``.
"""
from __future__ import annotations

import html
import re
from urllib.parse import quote
from dataclasses import dataclass
from typing import Mapping

from markupsafe import Markup

from crowdgallery.markup import Document, html_excerpt, render_document
from crowdgallery.model import MenuEntry, SitePage

_HREF = re.compile(r'(\shref=")([^"]*)(")')


@dataclass(frozen=True, slots=True)
class PageView:
    page: SitePage
    document: Document

    @property
    def id(self) -> str:
        return self.page.id

    @property
    def url(self) -> str:
        return self.page.url

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def description(self) -> str:
        """The front matter's description, else the first words of the page."""
        return self.page.description or html_excerpt(self.document.html)

    @property
    def html(self) -> Markup:
        return Markup(self.document.html)

    @property
    def toc(self):
        return self.document.toc


@dataclass(frozen=True, slots=True)
class MenuLink:
    label: str
    url: str  # relative to the site root, or an outside address
    external: bool = False


def page_view(page: SitePage) -> PageView:
    document = render_document(page.body)
    links = dict(page.links)
    if links:
        back = "../" * page.url.count("/")

        def rewrite(m: re.Match) -> str:
            target = links.get(html.unescape(m.group(2)).split("#", 1)[0])
            if target is None:
                return m.group(0)
            fragment = m.group(2).partition("#")[2]
            href = html.escape(back + quote(target, safe="/"))
            return f'{m.group(1)}{href}{"#" + fragment if fragment else ""}{m.group(3)}'

        document = Document(_HREF.sub(rewrite, document.html), document.toc, document.headings)
    return PageView(page, document)


def footer_pages(pages: list[PageView]) -> list[PageView]:
    """The pages of the default footer menu: every page with a weight, lowest first, then by title."""
    return sorted((p for p in pages if p.page.menu is not None),
                  key=lambda p: (p.page.menu, p.title.casefold(), p.id))


def menus(given: Mapping[str, tuple[MenuEntry, ...]] | None, pages: list[PageView], campaigns) -> dict:
    """``{"header": [MenuLink], "footer": [MenuLink]}``: what site.yaml's ``menu:`` lists, and for a group
    it does not give, the default (nothing more in the header; the pages in the footer by weight)."""
    by_id = {p.id: p for p in pages}
    by_campaign = {c.id: c for c in campaigns}

    def link(entry: MenuEntry) -> MenuLink:
        if entry.kind == "url":
            return MenuLink(entry.label, entry.target, True)
        target = by_id[entry.target] if entry.kind == "page" else by_campaign[entry.target]
        return MenuLink(entry.label or target.title, target.url)

    given = given or {}
    out = {"header": [link(e) for e in given["header"]] if "header" in given else []}
    out["footer"] = ([link(e) for e in given["footer"]] if "footer" in given
                     else [MenuLink(p.title, p.url) for p in footer_pages(pages)])
    return out
