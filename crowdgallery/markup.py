"""Crowd Markdown → safe HTML.

Markdown is rendered with Python-Markdown, then everything it produced is run
through nh3 (a Rust HTML sanitiser) with a short allow-list: no scripts, no
event handlers, no styles, no iframes, no ``javascript:`` URLs.  Links get
``rel="nofollow ugc noopener"`` because they come from the crowd.  Results are
cached by content: a bio shown on many pages is converted once per build
(:class:`CrowdText`, one per build, holds what was converted).

Crowd Markdown may not embed images: an image from a third-party host is a
tracker for every visitor (and can be swapped after review).  Images come
from the ``image``/``images`` fields, which the build checks and publishes.
"""
from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass
from typing import Mapping

import markdown as _markdown
import nh3
from markdown.extensions.toc import slugify as toc_slugify
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

_HEADING = re.compile(r"<(/?)h([1-6])\b")
# The ids the theme's own elements use: a heading of a page never takes one (the skip link, the search box).
RESERVED_IDS = frozenset({"content", "site-search-q", "site-search-status", "site-search-results", "toc",
                          "leaderboard-caption", "page-title"})


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


class CrowdText:
    """Crowd Markdown → sanitised HTML and plain excerpts, each text converted once per build.

    One per build, passed to whatever shows crowd text (the Jinja filters, the feeds, the search index).
    ``converted`` maps a text to its sanitised HTML; a build may fill it beforehand from the build cache
    (cache.markdown.MarkdownCache) and save what it holds afterwards.  Forked render workers inherit
    what the parent converted before they started.
    """

    def __init__(self, converted: Mapping[str, str] | None = None) -> None:
        self.converted: dict[str, str] = dict(converted or {})
        self._excerpts: dict[tuple[str, int], str] = {}
        self._converter = _markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")

    def clean_html(self, text: str) -> str:
        """Markdown → HTML → sanitised HTML: the costly part, done once per text however it is shown."""
        clean = self.converted.get(text)
        if clean is None:
            html = _plain_paragraphs(text)
            if html is None:
                html = self._converter.reset().convert(text)
            clean = self.converted[text] = nh3.clean(html, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                                                     url_schemes=set(URL_SCHEMES), link_rel=LINK_REL,
                                                     strip_comments=True)
            clean = self.converted[text] = _HREFLESS_LINK.sub(r"\1", clean)
        return clean

    def render_markdown(self, text: str, top: int = 3) -> Markup:
        """Markdown source from the crowd → sanitised HTML, safe to put in a page; its first heading level is ``top``."""
        if not text:
            return Markup("")
        return Markup(shift_headings(self.clean_html(text), top))

    def plain_text(self, text: str, limit: int = 160) -> str:
        """A short plain-text excerpt of Markdown, for cards and descriptions (escaped later by the template)."""
        if not text:
            return ""
        key = (text, limit)
        found = self._excerpts.get(key)
        if found is None:
            found = self._excerpts[key] = html_excerpt(self.clean_html(text), limit)
        return found


@dataclass(frozen=True, slots=True)
class TocEntry:
    """A heading of a page, for its table of contents: the anchor, the heading's plain text, its subheadings."""

    id: str
    text: str
    children: tuple["TocEntry", ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A page of the organiser's own as shown: sanitised HTML whose headings start at h2, with anchors."""

    html: str
    toc: tuple[TocEntry, ...]
    headings: int  # how many headings it has (a theme shows the table of contents from a few on)


def _anchor(value: str, separator: str) -> str:
    """A heading's id: its words in lowercase ASCII ('Who may enter?' → 'who-may-enter'), never one the theme uses."""
    anchor = toc_slugify(value, separator) or "section"
    return f"{anchor}-section" if anchor in RESERVED_IDS else anchor


def _keep_id(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: a heading's id stays unless the theme uses it (raw HTML may name any)."""
    if attribute == "id" and value in RESERVED_IDS:
        return None
    return value


def _toc(tokens: list, shift: int) -> tuple[TocEntry, ...]:
    return tuple(TocEntry(t["id"], _html.unescape(t["name"]), _toc(t["children"], shift)) for t in tokens
                 if t["level"] + shift <= 3) if tokens else ()


def render_document(text: str, top: int = 2) -> Document:
    """A longer Markdown text (an organiser's page) → sanitised HTML like crowd text, with anchored headings
    (the highest at h{top}) and a table of contents of its two top levels."""
    converter = _markdown.Markdown(extensions=list(EXTENSIONS) + ["toc"], output_format="html",
                                   extension_configs={"toc": {"slugify": _anchor, "toc_depth": "1-6"}})
    html = converter.convert(text)
    tags = {f"h{n}": {"id"} for n in range(1, 7)}
    clean = nh3.clean(html, tags=set(ALLOWED_TAGS), attributes={**ALLOWED_ATTRIBUTES, **tags}, url_schemes=set(URL_SCHEMES),
                      link_rel=LINK_REL, strip_comments=True, attribute_filter=_keep_id)
    clean = _HREFLESS_LINK.sub(r"\1", clean)
    levels = [int(m.group(2)) for m in _HEADING.finditer(clean) if not m.group(1)]
    shift = top - min(levels) if levels else 0
    return Document(shift_headings(clean, top), _toc(converter.toc_tokens, shift), len(levels))


def html_excerpt(html: str, limit: int = 160) -> str:
    """The first words of sanitised HTML as plain text (escaped later by the template)."""
    return _excerpt(_html.unescape(nh3.clean(html, tags=set())), limit)


def _excerpt(text: str, limit: int) -> str:
    """The first words of ``text`` that fit in ``limit`` characters, with an ellipsis when cut."""
    out = ""
    for word in text.split():
        if len(out) + len(word) + 1 > limit:
            return out.rstrip(" ,.;:") + "…"
        out = f"{out} {word}" if out else word
    return out
