"""Shared helpers: fixture sites, the command line, and a tiny HTML reader.

Tests build real site folders (copied from ``tests/sites/`` or written in the
test) and read the output as a visitor would: files on disk, links, text.
"""
from __future__ import annotations

import json
import os
import shutil
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from crowdgallery.cli import main

SITES = Path(__file__).parent / "sites"

# A real 1×1 PNG, so image files are what they claim to be.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: builds a wheel and installs it into a fresh virtual environment")


@pytest.fixture(scope="session", autouse=True)
def user_cache_home(tmp_path_factory) -> Path:
    """Builds keep their cache under $XDG_CACHE_HOME/crowdgallery: a folder of the test session's own
    (inherited by the builds tests start in subprocesses), never the user's."""
    home = tmp_path_factory.mktemp("xdg-cache")
    os.environ["XDG_CACHE_HOME"] = str(home)
    return home


# --- site folders ------------------------------------------------------------

def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root``; text is dedented."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def copy_site(name: str, dest: Path) -> Path:
    """Copy ``tests/sites/<name>`` to ``dest`` (so a test never writes into the fixtures)."""
    shutil.copytree(SITES / name, dest)
    return dest


@pytest.fixture
def site_copy(tmp_path):
    """``site_copy("gallery")`` → a fresh copy of a fixture site under tmp_path."""
    def make(name: str, folder: str | None = None) -> Path:
        return copy_site(name, tmp_path / (folder or name))
    return make




# --- the command line ------------------------------------------------------

def cli(*args: str):
    """Run ``crowdgallery ARGS`` in-process; returns click's Result (stdout, stderr, exit_code)."""
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="crowdgallery", catch_exceptions=True)


def build_site(site: Path, out: Path, *args: str) -> Path:
    """``crowdgallery build SITE -o OUT ARGS``, which must succeed without a traceback; returns OUT."""
    result = cli("build", site, "-o", out, *args)
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output + (result.stderr or "")
    return Path(out)


def assert_no_traceback(result) -> None:
    text = result.output + (result.stderr or "")
    assert "Traceback" not in text
    # an exception click did not handle shows up here instead of in the output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


# --- reading the output --------------------------------------------------------

BLOCK_TAGS = frozenset("address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 "
                       "h6 header hr li main nav ol p pre section table td th title tr ul".split())


class PageReader(HTMLParser):
    """Collects what a visitor (or a crawler) sees: text, links, images, every tag and attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []  # href of <a> and <link>
        self.anchors: list[dict[str, str | None]] = []  # attributes of every <a>
        self.srcs: list[str] = []  # src of <img>, <script>, <source>, <iframe>
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.scripts: list[str] = []  # the text inside each <script>
        self._text: list[str] = []
        self._skip = 0  # inside <script>/<style>
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._text.append(" ")
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("a", "link") and a.get("href") is not None:
            self.links.append(a["href"])
        if tag == "a":
            self.anchors.append(a)
        if a.get("src") is not None:
            self.srcs.append(a["src"])
        if tag == "img" and a.get("srcset"):
            self.srcs.extend(part.split()[0] for part in a["srcset"].split(",") if part.strip())
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "script":
            self.scripts.append("")
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._text.append(" ")
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._skip and self.tags and self.tags[-1][0] == "script":
            self.scripts[-1] += data
        if self._in_title:
            self.title += data
        if not self._skip:
            self._text.append(data)

    @property
    def text(self) -> str:
        """The page's visible text, whitespace collapsed."""
        return " ".join("".join(self._text).split())


def read_page(path: Path) -> PageReader:
    reader = PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def is_internal(url: str) -> bool:
    """A link to another file of the built site (not another host, not a page anchor, not mailto)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and bool(parts.path)


def resolve_link(out: Path, page: Path, url: str) -> Path:
    """The file a relative link on ``page`` points at; a folder means its index.html."""
    path = unquote(urlsplit(url).path)
    if path.startswith("/"):
        target = out / path.lstrip("/")
    else:
        target = page.parent / path
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return Path(os.path.normpath(target))


def submission_links(page: PageReader) -> list[str]:
    """The submission ids a page links to, in order, each once."""
    ids = []
    for link in page.links:
        if "submissions/" in link:
            sid = link.split("submissions/")[1].strip("/").split("/")[0]
            if sid not in ids:
                ids.append(sid)
    return ids


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative POSIX path → content)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- the example site, built once per test session (sharing and hosting tests read it) --------

EXAMPLE_SITE = Path(__file__).resolve().parent.parent / "example_site"
EXAMPLE_BASE_URL = "https://lab.example.org/"  # example_site/site.yaml's base_url


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> tuple[Path, Path]:
    """example_site copied and built once per session with --strict: (site copy, output folder). Read, don't write."""
    root = tmp_path_factory.mktemp("example")
    site = shutil.copytree(EXAMPLE_SITE, root / "site", ignore=shutil.ignore_patterns("_site", ".crowdgallery-cache"))
    out = build_site(site, root / "out", "--strict")
    return site, out


@pytest.fixture(scope="session")
def example_built(example_build) -> Path:
    """The output folder of :func:`example_build`."""
    return example_build[1]


def meta_tags(page: PageReader) -> dict[str, str]:
    """<meta property|name=… content=…> of a page, by property or name (the first of each)."""
    found: dict[str, str] = {}
    for tag, attrs in page.tags:
        key = attrs.get("property") or attrs.get("name")
        if tag == "meta" and key and key not in found:
            found[key] = attrs.get("content") or ""
    return found


def link_tags(page: PageReader, rel: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in page.tags if tag == "link" and attrs.get("rel") == rel]
