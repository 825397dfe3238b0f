"""Crowd Markdown → safe HTML.

Markdown is rendered with Python-Markdown, then everything it produced is run
through nh3 (a Rust HTML sanitiser) with a short allow-list: no scripts, no
event handlers, no styles, no iframes, no ``javascript:`` URLs.  Links get
``rel="nofollow ugc noopener"`` because they come from the crowd.  Results are
cached by content: a bio shown on many pages is converted once per process.
"""
from __future__ import annotations

import html as _html
from functools import lru_cache

import markdown as _markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = frozenset({"http", "https"})
LINK_REL = "nofollow ugc noopener"
EXTENSIONS = ("extra", "sane_lists")

_converter = _markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")


def shift_headings(html: str) -> str:
    """Crowd headings start at h3: the page owns h1 and its sections h2, so the outline stays in order."""
    for level in (2, 1):  # h2 → h3 first, so h1 → h2 → … does not shift twice
        html = html.replace(f"<h{level}", f"<h{level + 2}").replace(f"</h{level}>", f"</h{level + 2}>")
    return html


@lru_cache(maxsize=65536)
def render_markdown(text: str) -> Markup:
    """Markdown source from the crowd → sanitised HTML, safe to put in a page."""
    if not text:
        return Markup("")
    html = _converter.reset().convert(text)
    clean = nh3.clean(shift_headings(html), tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                      url_schemes=set(URL_SCHEMES), link_rel=LINK_REL, strip_comments=True)
    return Markup(clean)


@lru_cache(maxsize=65536)
def plain_text(text: str, limit: int = 160) -> str:
    """A short plain-text excerpt of Markdown, for cards and descriptions (escaped later by the template)."""
    html = render_markdown(text)
    words = _html.unescape(nh3.clean(str(html), tags=set())).split()
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            return out.rstrip(" ,.;:") + "…"
        out = f"{out} {word}" if out else word
    return out
