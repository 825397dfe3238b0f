"""``pages/``: the organiser's own pages (rules, prize terms, FAQ, about), Markdown with front matter.

``pages/rules.md`` is published at ``rules/``, ``pages/help/faq.md`` at ``help/faq/`` and
``pages/help/index.md`` at ``help/``; ``slug:`` replaces the file's (or, for ``index.md``, the folder's)
name in the address.  A page is named elsewhere (``menu:`` in site.yaml) by its file's path without
``.md`` and without a final ``/index`` ("rules", "help/faq", "help").

Links in a page are written relative to its Markdown file, as an editor's preview reads them:
``[FAQ](faq.md)`` names another page and ``[terms](terms.pdf)`` a file beside it.  Such links are
recorded here (``SitePage.links``) and rewritten to the published addresses when the page is shown;
a linked file is published at its path under ``pages/``.  Any other file in ``pages/`` is named in a
warning, never dropped silently.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

from crowdgallery.load.addresses import read_aliases
from crowdgallery.load.fields import FieldReader, is_safe_id
from crowdgallery.load.paths import inside_files
from crowdgallery.load.readers import folder_files
from crowdgallery.load.readers.markdown import read_markdown, split_front_matter
from crowdgallery.model import SitePage
from crowdgallery.problems import Location, Problem

FOLDER = "pages"
FIELDS = ("title", "description", "slug", "menu", "draft", "aliases", "redirect_from")
BODY = "body"
# Where a Markdown text names an address: [text](target), [label]: target, <a href="target">, ![alt](target).
_LINKS = re.compile(r"(?P<image>!?)\[[^\]\n]*\]\(\s*(?:<(?P<angled>[^>\n]+)>|(?P<inline>[^)\s]+))"
                    r"|^[ ]{0,3}\[[^\]\n]+\]:\s*(?:<(?P<ref_angled>[^>\n]+)>|(?P<ref>\S+))"
                    r"|\shref\s*=\s*[\"'](?P<href>[^\"']+)", re.MULTILINE)


def page_id(rel: str) -> str:
    """'help/faq.md' → 'help/faq'; 'help/index.md' → 'help'; 'index.md' → 'index'."""
    stem = rel[:-3] if rel.lower().endswith(".md") else rel
    return stem[:-len("/index")] if stem.endswith("/index") else stem


def read_pages(site_dir: Path) -> tuple[list[SitePage], list[str], list[Problem]]:
    """Every page under pages/ (drafts too: marked ``draft``), the files they link (paths under pages/), and the
    problems: front matter mistakes at their lines, links to pages that do not exist, unread files."""
    folder = site_dir / FOLDER
    files = inside_files(site_dir, folder_files(folder))
    problems: list[Problem] = []
    sources = {p.relative_to(folder).as_posix(): p for p in files}
    markdown = {rel for rel in sources if rel.lower().endswith(".md")}
    pages: list[SitePage] = []
    linked: dict[str, Location] = {}
    seen: dict[str, Location] = {}
    for rel in sorted(markdown):
        where = f"{FOLDER}/{rel}"
        records, found = read_markdown(sources[rel], where, BODY)
        problems += found
        if not records:
            continue
        page = _to_page(records[0], rel, sources[rel], problems)
        if page is None:
            continue
        if page.id in seen:
            problems.append(Problem(page.loc, f"this page and {seen[page.id]} are both the page '{page.id}'; "
                                              "keep one (rules.md and rules/index.md name the same page)"))
            continue
        seen[page.id] = page.loc
        pages.append(page)
    by_file = {rel: p for rel in markdown for p in pages if p.loc.path == f"{FOLDER}/{rel}"}
    out = []
    for page in pages:
        links, found = _links(page, markdown, set(sources) - markdown, by_file, linked)
        problems += found
        out.append(replace(page, links=links))
    for rel in sorted(set(sources) - markdown - set(linked)):
        problems.append(Problem(Location(f"{FOLDER}/{rel}"),
                                "this file is not read: the pages folder holds .md pages and the files they "
                                "link; link it from a page (it is then published beside it), or move it out",
                                "warning"))
    return out, sorted(linked), problems


def _to_page(record, rel: str, path: Path, problems: list[Problem]) -> SitePage | None:
    r = FieldReader(record, problems, "page")
    title = r.text("title", required=True)
    segments = page_id(rel).split("/")
    if rel.lower().endswith("index.md") and "/" not in rel:
        segments = []  # pages/index.md: the site's home address, unless a slug moves it
    slug = r.text("slug")
    if slug:
        if "/" in slug or not is_safe_id(slug):
            r.error("slug", f"the slug '{slug}' is not a safe address segment: use ASCII letters, digits, '-', "
                            "'_' and '.' (not first), no '/' (folders under pages/ make nested addresses)")
        elif segments:
            segments[-1] = slug
        else:
            segments = [slug]
    for part in segments:
        if not is_safe_id(part):
            problems.append(Problem(record.loc, f"the file name '{part}' cannot be an address: rename it with "
                                                "ASCII letters, digits, '-', '_' and '.' (not first), or give a slug"))
            return None
    menu = _menu_weight(r)
    aliases = read_aliases(r)
    for key in record.fields:
        if key not in FIELDS and key != BODY:
            r.error(key, f"'{key}' is not a page field (known: {', '.join(FIELDS)})", "warning")
    text = path.read_text(encoding="utf-8-sig")
    _, body, body_line = split_front_matter(text)
    body_line += body[:len(body) - len(body.lstrip())].count("\n")  # the blank lines the body is read without
    page = SitePage(id=page_id(rel), url="".join(f"{s}/" for s in segments), title=title, loc=record.loc,
                    body=r.text(BODY), body_line=body_line, description=r.text("description"), menu=menu,
                    draft=r.boolean("draft"), aliases=aliases, lines=MappingProxyType(dict(record.lines)))
    return page if title else None


def _menu_weight(r: FieldReader) -> int | None:
    """``menu: 10`` (its place in the footer, lower first), ``menu: false`` (not in the default footer)."""
    value = r.get("menu")
    if value is None or value is True:
        return 0
    if value is False:
        return None
    text = str(value).strip()
    if isinstance(value, int) or text.lstrip("-").isdigit():
        return int(text)
    r.error("menu", "'menu' must be a whole number (the page's place in the footer menu, lower first) or false "
                    "(not in the default menu)")
    return 0


def _links(page: SitePage, markdown: set[str], others: set[str], by_file: dict, linked: dict):
    """The page's links to other pages and to files under pages/, as (href as written, site path), and a
    warning for a link to a page that does not exist or an image (pages show none)."""
    problems, links = [], {}
    here = posixpath.dirname(page.loc.path[len(FOLDER) + 1:])
    for match in _LINKS.finditer(page.body):
        image = match.group("image") == "!"
        href = next(v for k, v in match.groupdict().items() if k != "image" and v)
        where = Location(page.loc.path, page.body_line + page.body.count("\n", 0, match.start()))
        if image:
            problems.append(Problem(where, "pages show no images inline (the Markdown is sanitised like the "
                                           "crowd's); link the file instead: [the poster](poster.png)", "warning"))
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("#", "/", "?")) or not parts.path:
            continue
        target = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
        if target.startswith("../") or target == "..":
            continue  # above pages/: an address relative to the page, left as written
        if target in markdown:
            if target in by_file:
                links[href.split("#", 1)[0]] = by_file[target].url
        elif target.lower().endswith(".md"):
            problems.append(Problem(where, f"this links to '{href}', which is not a page in pages/; fix the link "
                                           "(links are relative to this file)", "warning"))
        elif target in others:
            links[href.split("#", 1)[0]] = target
            linked.setdefault(target, where)
    return tuple(sorted(links.items())), problems
