"""Crowd Markdown → safe HTML.

Markdown is rendered with Python-Markdown, then everything it produced is run
through nh3 (a Rust HTML sanitiser) with a short allow-list: no scripts, no
event handlers, no styles, no iframes, no ``javascript:`` URLs.  Links get
``rel="nofollow ugc noopener"`` because they come from the crowd.  Results are
cached by content: a bio shown on many pages is converted once per process.

Crowd Markdown may not embed images: an image from a third-party host is a
tracker for every visitor (and can be swapped after review).  Images come
from the ``image``/``images`` fields, which the build checks and publishes.
"""
from __future__ import annotations

import html as _html
import re
from functools import lru_cache

import markdown as _markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = frozenset({"http", "https"})
LINK_REL = "nofollow ugc noopener"
EXTENSIONS = ("extra", "sane_lists")

_converter = _markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")


_HEADING = re.compile(r"<(/?)h([1-6])\b")


def shift_headings(html: str, top: int = 3) -> str:
    """Move crowd headings so the highest one is h{top}, keeping their order and gaps.

    The page owns h1 and its section headings; crowd text sits below them, so the
    outline never skips a level or jumps above the page's own headings.
    """
    levels = [int(m.group(2)) for m in _HEADING.finditer(html)]
    if not levels or min(levels) == top:
        return html
    shift = top - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", html)


@lru_cache(maxsize=65536)
def render_markdown(text: str, top: int = 3) -> Markup:
    """Markdown source from the crowd → sanitised HTML, safe to put in a page; its first heading level is ``top``."""
    if not text:
        return Markup("")
    html = _converter.reset().convert(text)
    clean = nh3.clean(html, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                      url_schemes=set(URL_SCHEMES), link_rel=LINK_REL, strip_comments=True)
    return Markup(shift_headings(clean, top))


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
