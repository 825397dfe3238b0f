"""Addresses the site's own data claims: the organiser's pages, their files, and aliases (old addresses).

``aliases:`` (or ``redirect_from:``) on a designer, a submission or a page lists old addresses that
must keep working: each gets a small redirect page (plan/redirects.py).  An alias is an old id of its
kind (``zoe-n`` on a designer: ``designers/zoe-n/``) or, written with a ``/``, a path from the site's
root (``people/zoe/``, ``/zoe/``, ``/rules-2025.html``); a page's alias is always a path.  Aliases come from the crowd's
records, so each is checked like an id, segment by segment: no ``..``, no ``/`` first or doubled, no
character outside ``A-Z a-z 0-9 - _ .``.

Every claimed address is checked against what crowdgallery writes (the home page, the lists, each
campaign, submission, designer and tag, the folders it owns) and against every other claim; a clash is
an error at the claim's line naming both.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from crowdgallery.load.fields import FieldReader, is_safe_id, slugify
from crowdgallery.model import SitePage
from crowdgallery.problems import Location, Problem
from crowdgallery.urls import (
    campaign_url,
    designer_url,
    designers_url,
    home_url,
    results_url,
    submission_url,
    tag_url,
    tags_url,
)

ALIAS_FIELDS = ("aliases", "redirect_from")
FOLDERS = {  # the folders a build fills: nothing of the site's own may be written inside them
    "campaigns": "campaign galleries", "submissions": "submission pages", "designers": "designer profiles",
    "tags": "tag pages", "embed": "embeddable cards", "api": "the read API", "media": "published images",
    "static": "the theme's files", "sitemaps": "parts of the sitemap",
}
FILES = {  # the files a build writes at the top
    "404.html": "the not-found page", "robots.txt": "robots.txt", "sitemap.xml": "the sitemap",
    "search-index.json": "the search index", "feed.xml": "the site's feed", "share.jpg": "the site's preview image",
    "index.html": "the home page", ".crowdgallery": "the output folder's marker",
}
_REDIRECT_FILE = (".html", ".htm")


def read_aliases(r: FieldReader) -> tuple[str, ...]:
    """``aliases`` and ``redirect_from`` (a synonym) as written, each once; every one checked here."""
    found: list[str] = []
    for name in ALIAS_FIELDS:
        for alias in r.text_list(name):
            reason = alias_problem(alias)
            if reason:
                r.error(name, f"the alias '{alias}' {reason}")
            elif alias not in found:
                found.append(alias)
    return tuple(found)


def alias_problem(alias: str) -> str:
    """Why ``alias`` cannot be an address ('' when it can)."""
    path = alias.strip("/")
    if not path:
        return "is the site's root; an alias names an old address of its own"
    if any(not is_safe_id(part) for part in path.split("/")):
        return ("is not a safe address: each part between '/' may hold ASCII letters, digits, '-', '_' and '.' "
                "(not first), so no '..', spaces or '%'")
    return ""


def alias_address(alias: str, kind: str) -> str:
    """Where an alias is written: an id of a designer or submission goes in its kind's folder; a path (or
    any alias of a page) from the site's root; a path ending in .html is that file."""
    path = alias.strip("/")
    if "/" not in alias and kind == "designer":
        return designer_url(path)
    if "/" not in alias and kind == "submission":
        return submission_url(path)
    return path if path.lower().endswith(_REDIRECT_FILE) else path + "/"


@dataclass(frozen=True, slots=True)
class Claim:
    address: str
    loc: Location
    what: str  # "the page pages/rules.md", "an alias of the designer 'zoe-ng'"
    folder: str = ""  # the one generated folder this claim may sit in (an id alias: designers, submissions)


def generated(campaigns, designers, submissions) -> dict[str, str]:
    """Address → what crowdgallery writes there, for every page of a record (and the lists)."""
    out = {home_url(): "the home page", designers_url(): "the designers list", tags_url(): "the tags list"}
    out.update({name: what for name, what in FILES.items()})
    for c in campaigns:
        out[campaign_url(c.id)] = out[results_url(c.id)] = f"the campaign '{c.id}' ({c.loc})"
    for s in submissions:
        out[submission_url(s.id)] = f"the submission '{s.id}' ({s.loc})"
        for tag in s.tags:
            out.setdefault(tag_url(slugify(tag)), f"the tag '{tag}' ({s.at('tags')})")
    for d in designers:
        out[designer_url(d.id)] = f"the designer '{d.id}' ({d.loc})"
    return out


def claims(pages: Iterable[SitePage], attachments: Iterable[str], designers, submissions) -> list[Claim]:
    out = []
    for p in pages:
        out.append(Claim(p.url, p.at("slug") if "slug" in p.lines else p.loc, f"the page {p.loc.path}"))
        out += [Claim(alias_address(a, "page"), _alias_at(p), f"an alias of the page {p.loc.path}") for a in p.aliases]
    out += [Claim(rel, Location(f"pages/{rel}"), f"the file pages/{rel}") for rel in attachments]
    for kind, records, folder in (("designer", designers, "designers"), ("submission", submissions, "submissions")):
        for r in records:
            for a in r.aliases:
                own = folder if "/" not in a else ""
                out.append(Claim(alias_address(a, kind), _alias_at(r), f"an alias of the {kind} '{r.id}'", own))
    return out


def _alias_at(record) -> Location:
    return record.at("aliases") if "aliases" in record.lines else record.at("redirect_from")


def check_addresses(pages: Iterable[SitePage], attachments: Iterable[str], campaigns, designers,
                    submissions) -> list[Problem]:
    """An error for each claimed address that crowdgallery writes itself, or that another claim has."""
    taken = generated(campaigns, designers, submissions)
    seen: dict[str, Claim] = {}
    problems = []
    for claim in claims(pages, attachments, designers, submissions):
        address, top = claim.address, claim.address.split("/", 1)[0]
        if address in taken:
            clash = f"is also {taken[address]}"
        elif address in seen:
            other = seen[address]
            clash = f"is also {other.what} ({other.loc})"
        elif top in FOLDERS and top != claim.folder:
            clash = f"is inside {top}/, where crowdgallery writes {FOLDERS[top]}"
        elif top in FILES:
            clash = f"would put a folder where crowdgallery writes {FILES[top]} ({top})"
        else:
            seen[address] = claim
            continue
        problems.append(Problem(claim.loc, f"the address {address or '/'} of {claim.what} {clash}; "
                                           "choose another (a slug, a file name or an alias)"))
    return problems
