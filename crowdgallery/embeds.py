"""What other sites embed: SVG badges and the iframe card of a submission.

``designers/<id>/badge.svg`` ("3 wins · 1,204 votes") and
``submissions/<id>/badge.svg`` ("#2 in Summer Tees 2026 · 4.3 ★") are small
flat badges a designer puts on a portfolio; ``embed/submissions/<id>/`` is a
card without the site's header or footer, made for an ``<iframe>``.  The words
come from share.py, so a badge says what the pages say and nothing while a
campaign's tallies are hidden.  SVG is written with ElementTree (escaping done
there); text widths are estimated (the badge uses a common sans-serif, and an
estimate a little wide only adds padding).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import partial

from . import plan, share
from .plan import Page, html_page

SVG = "http://www.w3.org/2000/svg"
HEIGHT, PAD, FONT_SIZE = 20, 6, 11
LABEL_BG, VALUE_BG, GOLD_BG = "#4a4754", "#5a2de0", "#8a5a00"  # white text on each: 8.5, 7.3, 5.2 : 1


def text_width(text: str) -> int:
    """An estimate of the text's width in Verdana-like 11px: wide letters count more."""
    wide, narrow = set("MWmw@%★"), set("iIjl.,:;'!|1 ·")
    return round(sum(9.5 if c in wide else 3.6 if c in narrow else 6.8 for c in text))


def badge_svg(label: str, value: str, highlight: bool = False) -> bytes:
    """A two-part badge: a grey label and a coloured value, with a <title> for screen readers."""
    lw, vw = text_width(label) + 2 * PAD, text_width(value) + 2 * PAD
    width = lw + vw
    ET.register_namespace("", SVG)
    root = ET.Element(f"{{{SVG}}}svg", {"width": str(width), "height": str(HEIGHT),
                                        "viewBox": f"0 0 {width} {HEIGHT}", "role": "img",
                                        "aria-label": f"{label}: {value}"})
    ET.SubElement(root, f"{{{SVG}}}title").text = f"{label}: {value}"
    ET.SubElement(root, f"{{{SVG}}}rect", {"width": str(lw), "height": str(HEIGHT), "rx": "3", "fill": LABEL_BG})
    ET.SubElement(root, f"{{{SVG}}}rect", {"x": str(lw), "width": str(vw), "height": str(HEIGHT), "rx": "3",
                                           "fill": GOLD_BG if highlight else VALUE_BG})
    group = ET.SubElement(root, f"{{{SVG}}}g", {"fill": "#fff", "font-family": "Verdana,DejaVu Sans,sans-serif",
                                               "font-size": str(FONT_SIZE)})
    for x, text in ((lw / 2, label), (lw + vw / 2, value)):
        ET.SubElement(group, f"{{{SVG}}}text", {"x": f"{x:g}", "y": "14", "text-anchor": "middle"}).text = text
    return ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def entry_badge(entry, site_title: str) -> bytes:
    return badge_svg(site_title, share.entry_line(entry), share.public_winner(entry))


def designer_badge(designer, site_title: str) -> bytes:
    return badge_svg(designer.name, share.designer_line(designer), bool(designer.wins))


def plan_embeds(gallery, config) -> list[Page]:
    """Badges for every submission and designer; an iframe card for every submission."""
    pages = []
    for e in gallery.entries:
        pages.append(Page(plan.badge_url(e.url), plan.badge_url(e.url), None,
                          data=partial(entry_badge, e, config.title)))
        pages.append(html_page(plan.embed_url(e.id), "embed.html", entry=e))
    for d in gallery.designers:
        pages.append(Page(plan.badge_url(d.url), plan.badge_url(d.url), None,
                          data=partial(designer_badge, d, config.title)))
    return pages
