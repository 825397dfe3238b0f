"""The built folder works served under a subpath (a real HTTP server) and opened from the disk."""
from __future__ import annotations

import functools
import shutil
import threading
import urllib.error
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import (
    EXAMPLE_SITE,
    PageReader,
    cli,
    html_pages,
    is_internal,
    read_page,
    write_files,
)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    """An HTTP server over tmp_path/www; yields its address (http://127.0.0.1:PORT/)."""
    root = tmp_path / "www"
    root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def references(html: bytes) -> list[str]:
    """Links, sources, and the absolute addresses in link-preview tags (og:url, og:image, …)."""
    page = PageReader()
    page.feed(html.decode("utf-8"))
    previews = [a["content"] for tag, a in page.tags if tag == "meta" and (a.get("content") or "").startswith("http")]
    return page.links + page.srcs + previews


def test_every_link_and_asset_answers_200_under_a_subpath(server, tmp_path):
    www, address = server
    base = address + "gallery/"
    site = shutil.copytree(EXAMPLE_SITE, tmp_path / "site", ignore=shutil.ignore_patterns("_site", ".crowdgallery-cache"))
    result = cli("build", site, "-o", www / "gallery", "--base-url", base)
    assert result.exit_code == 0, result.output
    pages = [base + p.relative_to(www / "gallery").as_posix().removesuffix("index.html")
             for p in html_pages(www / "gallery") if p.name != "404.html"]
    assert fetch(address)[0] in (200, 404)  # the host's root is not ours: only /gallery/ is
    seen: dict[str, int] = {}
    for page_url in pages:
        status, body = fetch(page_url)
        assert status == 200, page_url
        for ref in references(body):
            target = urljoin(page_url, ref).split("#")[0]
            if not target.startswith(address):
                continue  # another site (a designer's link, a share page)
            assert target.startswith(base), (page_url, ref)  # nothing escapes the subpath
            if target not in seen:
                seen[target] = fetch(target)[0]
            assert seen[target] == 200, (page_url, ref, target)
    assert len(seen) > 300  # pages, images, stylesheets, feeds, badges, share images
    assert any(u.endswith("share.jpg") for u in seen) and any(u.endswith("feed.xml") for u in seen)
    # 404.html is served for any missing path, at any depth: its links must work from there too
    status, body = fetch(base + "404.html")
    assert status == 200
    for missing in (base + "no/such/page/", base + "submissions/gone/"):
        for ref in references(body):
            target = urljoin(missing, ref).split("#")[0]
            if target.startswith(address) and not ref.startswith("#"):  # (a #fragment: the page itself)
                assert fetch(target)[0] == 200, (missing, ref)


def test_the_feed_and_sitemap_addresses_answer_under_the_subpath(server, tmp_path):
    www, address = server
    base = address + "gallery/"
    site = write_files(tmp_path / "site", {
        "site.yaml": "title: Sub\n",
        "campaigns.yaml": "- {id: c, title: C}\n",
        "designers.yaml": "- {id: ada, name: Ada}\n",
        "submissions.yaml": "- {id: x, title: X, designer: ada, submitted: 2026-01-02}\n",
    })
    assert cli("build", site, "-o", www / "gallery", "--base-url", base).exit_code == 0
    import xml.etree.ElementTree as ET
    sitemap = ET.fromstring(fetch(base + "sitemap.xml")[1])
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(fetch(loc)[0] == 200 for loc in locs)
    feed = ET.fromstring(fetch(base + "feed.xml")[1])
    hrefs = [e.get("href") for e in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert hrefs and all(fetch(h)[0] == 200 for h in hrefs)


def resolve_exactly(out: Path, page: Path, url: str) -> Path:
    """What a browser on file:// opens: the path as written, no index.html added for folders."""
    path = unquote(urlsplit(url).path)
    return Path(shutil.os.path.normpath(page.parent / path))


@pytest.mark.parametrize("how", ["option", "site.yaml"])
def test_file_mode_every_link_names_a_file(tmp_path, how):
    site = shutil.copytree(EXAMPLE_SITE, tmp_path / "site", ignore=shutil.ignore_patterns("_site", ".crowdgallery-cache"))
    args = ["--file-urls"] if how == "option" else []
    if how == "site.yaml":
        (site / "site.yaml").write_text((site / "site.yaml").read_text(encoding="utf-8") + "urls: files\n",
                                        encoding="utf-8")
    out = tmp_path / "out"
    result = cli("build", site, "-o", out, *args)
    assert result.exit_code == 0, result.output
    checked = 0
    for path in html_pages(out):
        if path.name == "404.html":
            continue  # served by a web server at any path; it links from base_url
        page = read_page(path)
        for url in page.links + page.srcs:
            if is_internal(url):
                target = resolve_exactly(out, path, url)
                assert target.is_file(), (path.relative_to(out), url)
                assert out in target.parents
                checked += 1
    assert checked > 3000
    home = read_page(out / "index.html")
    assert "campaigns/summer-tees-2026/index.html" in home.links
    assert "./index.html" in home.links


def test_default_mode_links_folders_and_a_bad_urls_value_is_an_error(tmp_path):
    files = {
        "site.yaml": "title: U\nurls: disk\n",
        "campaigns.yaml": "- {id: c, title: C}\n",
        "designers.yaml": "- {id: ada, name: Ada}\n",
        "submissions.yaml": "- {id: x, title: X, designer: ada}\n",
    }
    site = write_files(tmp_path / "site", files)
    result = cli("check", site)
    assert result.exit_code == 1
    assert "site.yaml:2: error: 'urls' must be one of default, files" in result.stderr
    (site / "site.yaml").write_text("title: U\n")
    assert cli("build", site, "-o", tmp_path / "out").exit_code == 0
    home = read_page(tmp_path / "out/index.html")
    assert "campaigns/c/" in home.links and not [u for u in home.links if u.endswith("index.html")]
