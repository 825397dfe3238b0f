"""Where the built folder is served from: a domain root, a subpath, or the disk.

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

URL_MODES = ("default", "files")

# href="…" and src="…" values as our templates and the sanitiser write them (always double-quoted).
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
