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
# A link whose address nh3 dropped (javascript:, data:…) keeps its <a> and the rel nh3 adds: an anchor
# without href, invalid beside rel.  nh3's output is serialised HTML with no nested <a>, so the leftover
# is found exactly and replaced by its text.
_HREFLESS_LINK = re.compile(r"<a(?![^>]*\shref=)(?:\s[^>]*)?>(.*?)</a>", re.DOTALL)
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


# Text that Markdown can only turn into plain paragraphs: no character that starts inline syntax
# (emphasis, code, links, HTML, entities, escapes, tables, abbreviations, attribute lists), and no line
# that could open a block (indented code, lists, headings, rules, quotes, definitions, setext underlines)
# or end in a hard line break.  For such text the paragraphs are made directly, which is a dozen times
# faster than a full Markdown pass; tests check both paths agree.
_PLAIN_CHARS = re.compile(r"[^*_`\\[\]<>&!#|{}~=+^:\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029]*")
_BLOCK_START = re.compile(r"^(?:[ \xa0]|\d+[.)]|[-=>])|[ \xa0]$", re.MULTILINE)


def _plain_paragraphs(text: str) -> str | None:
    """The HTML Markdown makes of ``text`` when that is only paragraphs, else None."""
    if not _PLAIN_CHARS.fullmatch(text) or _BLOCK_START.search(text):
        return None
    blocks = [b for b in text.split("\n\n") if b.strip("\n")]
    return "\n".join(f"<p>{b.strip(chr(10))}</p>" for b in blocks)


# Crowd text → its sanitised HTML, for this process (forked render workers inherit it).  A build may
# fill it beforehand from the build cache (incremental.MarkdownCache) and save what it holds afterwards.
CONVERTED: dict[str, str] = {}


def _clean_html(text: str) -> str:
    """Markdown → HTML → sanitised HTML: the costly part, done once per text however it is shown."""
    clean = CONVERTED.get(text)
    if clean is None:
        html = _plain_paragraphs(text)
        if html is None:
            html = _converter.reset().convert(text)
        clean = CONVERTED[text] = nh3.clean(html, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                                            url_schemes=set(URL_SCHEMES), link_rel=LINK_REL, strip_comments=True)
        clean = CONVERTED[text] = _HREFLESS_LINK.sub(r"\1", clean)
    return clean


def render_markdown(text: str, top: int = 3) -> Markup:
    """Markdown source from the crowd → sanitised HTML, safe to put in a page; its first heading level is ``top``."""
    if not text:
        return Markup("")
    return Markup(shift_headings(_clean_html(text), top))


@lru_cache(maxsize=65536)
def plain_text(text: str, limit: int = 160) -> str:
    """A short plain-text excerpt of Markdown, for cards and descriptions (escaped later by the template)."""
    if not text:
        return ""
    words = _html.unescape(nh3.clean(_clean_html(text), tags=set())).split()
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            return out.rstrip(" ,.;:") + "…"
        out = f"{out} {word}" if out else word
    return out
