"""What other sites embed: SVG badges and the iframe card of a submission.

``designers/<id>/badge.svg`` ("3 wins · 1,204 votes") and
``submissions/<id>/badge.svg`` ("#2 in Summer Tees 2026 · 4.3 ★") are small
flat badges a designer puts on a portfolio; ``embed/submissions/<id>/`` is a
card without the site's header or footer, made for an ``<iframe>``.  The words
come from share.py, so a badge says what the pages say and nothing while a
campaign's tallies are hidden.  Text in the SVG is escaped with
xml.sax.saxutils; text widths are estimated (the badge uses a common sans-serif, and an
estimate a little wide only adds padding).
"""
from __future__ import annotations

from functools import partial
from xml.sax.saxutils import escape, quoteattr

from crowdgallery.load.strings import Strings
from crowdgallery.plan import share
from crowdgallery.plan.pages import Page, SitePlan, html_page
from crowdgallery.urls import badge_url, embed_url

HEIGHT, PAD, FONT_SIZE = 20, 6, 11
LABEL_BG, VALUE_BG, GOLD_BG = "#4a4754", "#5a2de0", "#8a5a00"  # white text on each: 8.5, 7.3, 5.2 : 1


def text_width(text: str) -> int:
    """An estimate of the text's width in Verdana-like 11px: wide letters count more."""
    wide, narrow = set("MWmw@%★"), set("iIjl.,:;'!|1 ·")
    return round(sum(9.5 if c in wide else 3.6 if c in narrow else 6.8 for c in text))


BADGE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
    'role="img" aria-label={both}><title>{both_text}</title>'
    '<rect width="{lw}" height="{height}" rx="3" fill="{label_bg}"/>'
    '<rect x="{lw}" width="{vw}" height="{height}" rx="3" fill="{value_bg}"/>'
    '<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="{font_size}">'
    '<text x="{lx:g}" y="14" text-anchor="middle">{label}</text>'
    '<text x="{vx:g}" y="14" text-anchor="middle">{value}</text></g></svg>\n'
)


def badge_svg(label: str, value: str, highlight: bool = False) -> bytes:
    """A two-part badge: a grey label and a coloured value, with a <title> for screen readers.

    Filled in from a fixed template with every text escaped by xml.sax.saxutils (twelve thousand
    badges a big build: a template is several times faster than building an ElementTree for each).
    """
    lw, vw = text_width(label) + 2 * PAD, text_width(value) + 2 * PAD
    both = f"{label}: {value}"
    return BADGE.format(width=lw + vw, height=HEIGHT, lw=lw, vw=vw, lx=lw / 2, vx=lw + vw / 2, font_size=FONT_SIZE,
                        label_bg=LABEL_BG, value_bg=GOLD_BG if highlight else VALUE_BG, both=quoteattr(both),
                        both_text=escape(both), label=escape(label), value=escape(value)).encode("utf-8")


def entry_badge(entry, site_title: str, strings: Strings | None = None) -> bytes:
    return badge_svg(site_title, share.entry_line(entry, strings), share.public_winner(entry))


def designer_badge(designer, site_title: str, strings: Strings | None = None) -> bytes:
    return badge_svg(designer.name, share.designer_line(designer, strings), bool(share.public_wins(designer)))


def plan(site: SitePlan, planned: list[Page]) -> list[Page]:
    """Badges for every submission and designer; an iframe card for every submission."""
    gallery, config = site.gallery, site.config
    pages = []
    for e in gallery.entries:
        pages.append(Page(badge_url(e.url), badge_url(e.url), None,
                          data=partial(entry_badge, e, config.title, site.strings)))
        pages.append(html_page(embed_url(e.id), "embed.html", entry=e))
    for d in gallery.designers:
        pages.append(Page(badge_url(d.url), badge_url(d.url), None,
                          data=partial(designer_badge, d, config.title, site.strings)))
    return pages
