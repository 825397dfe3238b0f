"""The URL scheme, in one place, and how the built folder is hosted.

Every stage that names a page or a file asks here: the views give each
gallery object its ``url``, the planners write pages at these addresses, the
renderer rewrites links for the hosting mode.  Nothing here reads or writes.

Hosting:
Links between pages are relative to the page (``root`` is "../../"), so the
same folder works at ``https://example.org/`` and ``https://example.org/gallery/``
unchanged.  Two cases need more:

* **file:// browsing** (``--file-urls`` or ``urls: files``): a browser on the
  disk does not turn ``campaigns/x/`` into ``campaigns/x/index.html``, so every
  relative link that names a folder gets an explicit ``index.html``.  This is
  done once per rendered page here, rather than in every template, so a theme
  of a site's own gets it too.
* **404.html** is served at any depth, so relative links cannot work there: it
  links from the path of ``base_url`` (``/gallery/``), root-relative, so it works
  on any host the folder is served from at that path.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit


def home_url() -> str:
    return ""


def campaign_url(cid: str, page: int = 1) -> str:
    return f"campaigns/{cid}/" if page == 1 else f"campaigns/{cid}/page/{page}/"


def results_url(cid: str) -> str:
    return f"campaigns/{cid}/results/"


def submission_url(sid: str) -> str:
    return f"submissions/{sid}/"


def designers_url() -> str:
    return "designers/"


def designer_url(did: str) -> str:
    return f"designers/{did}/"


def tags_url() -> str:
    return "tags/"


def campaign_cards_url(cid: str) -> str:
    """Every card of a campaign with the facts the gallery tools filter and sort by (static/gallery.js)."""
    return f"campaigns/{cid}/cards.json"


def tag_url(slug: str, page: int = 1) -> str:
    return f"tags/{slug}/" if page == 1 else f"tags/{slug}/page/{page}/"


def media_url(path: str) -> str:
    """A site image's published path; a remote https image is used as given."""
    return path if "://" in path else f"media/{path}"


def campaign_api_url(cid: str) -> str:
    return f"api/campaigns/{cid}.json"


def embed_url(sid: str) -> str:
    """The chrome-less card a brand shows in an iframe (embeds.py)."""
    return f"embed/submissions/{sid}/"


def badge_url(owner_url: str) -> str:
    """A submission's or designer's badge: beside its page."""
    return f"{owner_url}badge.svg"


def share_image_url(owner_url: str) -> str:
    """The 1200×630 link-preview card of a submission, designer or campaign (write/share_images.py)."""
    return f"{owner_url}share.jpg"


def feed_url(owner_url: str = "") -> str:
    """The Atom feed of the site (owner ''), a campaign or a designer (feeds.py)."""
    return f"{owner_url}feed.xml"


def results_csv_url(cid: str) -> str:
    return f"campaigns/{cid}/results.csv"


URL_MODES = ("default", "files")

_LINK = re.compile(rb'(\s(?:href|src)=")([^"]*)(")')


def _explicit(value: bytes) -> bytes:
    if b":" in value.split(b"/", 1)[0] or value.startswith((b"#", b"/", b"?")):
        return value  # another site, mailto:, a fragment, or root-relative
    path, sep, rest = value.partition(b"#")
    path, qsep, query = path.partition(b"?")
    if path in (b"", b".", b".."):
        path += b"/" if path else b"./"
    if path.endswith(b"/"):
        path += b"index.html"
    return path + qsep + query + sep + rest


def explicit_index(html: bytes) -> bytes:
    """Make every relative link to a folder end in index.html, for browsing from the disk."""
    return _LINK.sub(lambda m: m.group(1) + _explicit(m.group(2)) + m.group(3), html)


def root_path(base_url: str) -> str:
    """The path part of base_url ('/gallery/'), the root for pages served at any depth; '/' without one."""
    path = urlsplit(base_url).path if base_url else "/"
    return path if path.endswith("/") else path + "/"


def host(base_url: str) -> str:
    return urlsplit(base_url).hostname or ""
