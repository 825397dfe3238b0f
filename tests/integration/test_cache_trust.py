"""The build cache is never trusted: nothing in it can run code, and no cached output is published
unless this user's builds made it (docs/security.md).

The three attacks are files committed into the site folder (a merged pull request that CI then
builds): a pickle that runs code when read, a Markdown cache that maps a description to a script,
and an image cache entry that claims a scripted SVG is already clean.  Each is tried where the cache
used to live (``SITE/.crowdgallery-cache``) and in a cache folder given with ``--cache-dir`` inside
the site, where its entries fail the authentication and are made again.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

import markdown as markdown_lib
import nh3
import pytest

import crowdgallery
from conftest import assert_no_traceback, cli, tree_bytes, write_files

NOW = "2026-05-01T00:00:00Z"
CLEAN_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">'
             '<rect width="10" height="10" fill="#369"/></svg>')
SCRIPTED_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script>'
                '<rect width="10" height="10" onload="alert(2)"/></svg>')
DESCRIPTION = "A *logo* for the tests."
XSS = '<img src=x onerror=alert(1)>'

SITE = {
    "site.yaml": "title: Trust\n",
    "campaigns.yaml": "- {id: c, title: C}\n",
    "designers.yaml": "- {id: ada, name: Ada}\n",
    "submissions.yaml": f"""
        - id: logo
          title: Logo
          designer: ada
          image: images/logo.svg
          description: "{DESCRIPTION}"
    """,
    "votes.csv": "submission,voter,value\nlogo,v1,1\n",
    "images/logo.svg": CLEAN_SVG,
}


class RunsCode:
    """Unpickling this calls open(marker, 'w'): proof that reading the cache ran code."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def markup_digest() -> str:
    return hashlib.sha256(Path(crowdgallery.__file__).with_name("markup.py").read_bytes()).hexdigest()


def plant(cache: Path, site: Path, marker: Path) -> None:
    """The three reproducers, laid out as the cache used to store them."""
    fmt = (1, crowdgallery.__version__)
    build = cache / "build"
    build.mkdir(parents=True)
    (build / "votes.pickle").write_bytes(pickle.dumps({"format": fmt, "files": RunsCode(marker)}))
    (build / "markdown.pickle").write_bytes(pickle.dumps({
        "format": fmt, "key": (markdown_lib.__version__, getattr(nh3, "__version__", ""), markup_digest()),
        "converted": {DESCRIPTION: XSS}}))
    fingerprint = json.dumps([2, __import__("PIL").__version__, False, [320, 640, 1280], 80, 82])
    key = hashlib.sha256(fingerprint.encode() + b"\0" + (site / "images/logo.svg").read_bytes()).hexdigest()
    entry = cache / "images" / key[:2] / key
    entry.mkdir(parents=True)
    (entry / "meta.json").write_text(json.dumps({"kind": "svg", "width": 10, "height": 10, "removed": []}))
    (entry / "image.svg").write_text(SCRIPTED_SVG)


def build(site: Path, out: Path, *args) -> object:
    result = cli("build", site, "-o", out, "--now", NOW, "-j", "1", *args)
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    return result


def assert_clean(out: Path, marker: Path) -> None:
    assert not marker.exists(), "reading the cache ran code"
    page = (out / "submissions/logo/index.html").read_text(encoding="utf-8")
    assert "onerror" not in page and "<em>logo</em>" in page
    svg = (out / "media/images/logo.svg").read_text(encoding="utf-8")
    assert "<script" not in svg and "alert" not in svg


def test_a_cache_committed_into_the_site_folder_is_neither_read_nor_published(tmp_path):
    site = write_files(tmp_path / "site", SITE)
    marker = tmp_path / "code-ran"
    plant(site / ".crowdgallery-cache", site, marker)
    result = build(site, tmp_path / "out")
    assert_clean(tmp_path / "out", marker)
    assert not any(".crowdgallery-cache" in p for p in tree_bytes(tmp_path / "out"))
    assert ".crowdgallery-cache: warning: this folder is not read" in result.stderr  # said, not dropped silently
    # and it equals a build of the same site without the planted folder
    clean = write_files(tmp_path / "clean", SITE)
    build(clean, tmp_path / "clean-out")
    assert tree_bytes(tmp_path / "out") == tree_bytes(tmp_path / "clean-out")


def test_a_cache_dir_inside_the_site_cannot_inject_code_or_html(tmp_path):
    """``--cache-dir`` pointing into the site (a CI cache restored from a pull request): old pickles are
    never opened, and nothing there is used without this user's key."""
    site = write_files(tmp_path / "site", SITE)
    marker = tmp_path / "code-ran"
    plant(site / "ci-cache", site, marker)
    build(site, tmp_path / "out", "--cache-dir", site / "ci-cache")
    assert_clean(tmp_path / "out", marker)


def test_tampered_entries_fail_authentication_and_are_made_again(tmp_path):
    """Entries in today's format, edited after a build (the key is not in the cache folder): each is
    ignored with a warning naming its file, and the output equals a build without cache."""
    site = write_files(tmp_path / "site", SITE)
    cache = tmp_path / "cache"
    build(site, tmp_path / "first", "--cache-dir", cache)
    markdown_entry = next(cache.rglob("markdown.json"))
    text = markdown_entry.read_text(encoding="utf-8")
    assert "<em>logo</em>" in text
    markdown_entry.write_text(text.replace("<em>logo</em>", XSS.replace('"', '\\"')), encoding="utf-8")
    svg = next(cache.rglob("image.svg"))
    meta = svg.with_name("meta.json")
    digest = hashlib.sha256(svg.read_bytes()).hexdigest()
    assert digest in meta.read_text()
    svg.write_text(SCRIPTED_SVG)  # the meta.json that vouches for it, made to match
    meta.write_text(meta.read_text().replace(digest, hashlib.sha256(SCRIPTED_SVG.encode()).hexdigest()))
    result = build(site, tmp_path / "out", "--cache-dir", cache)
    assert_clean(tmp_path / "out", tmp_path / "never")
    assert f"{markdown_entry}: warning: this cache entry failed its authentication" in result.stderr
    assert f"{meta}: warning: this cache entry failed its authentication" in result.stderr
    # a cached image changed under a sound meta.json is caught too (by a build into another folder: one
    # into "out" again finds every input and output file as it left them, and has nothing to do)
    svg = next(cache.rglob("image.svg"))
    svg.write_text(SCRIPTED_SVG)
    result = build(site, tmp_path / "out2", "--cache-dir", cache)
    assert_clean(tmp_path / "out2", tmp_path / "never")
    assert f"{svg}: warning: this cached image was changed since it was made" in result.stderr
    build(site, tmp_path / "full", "--no-cache")
    assert tree_bytes(tmp_path / "out2") == tree_bytes(tmp_path / "full")
    # the entries were made again: the next build warns no more
    assert "warning" not in build(site, tmp_path / "again", "--cache-dir", cache).stderr


def test_no_cache_file_is_a_pickle(tmp_path):
    site = write_files(tmp_path / "site", SITE)
    cache = tmp_path / "cache"
    build(site, tmp_path / "out", "--cache-dir", cache, "--base-url", "https://t.example.org/")
    stored = [p for p in cache.rglob("*") if p.is_file()]
    assert stored
    for path in stored:
        assert not path.read_bytes().startswith(b"\x80"), f"{path} is a pickle"
        assert path.suffix in (".json", ".png", ".svg", ".webp", ".jpg", ".gif", ".key"), path


def test_the_default_cache_lives_outside_the_site_folder(tmp_path):
    site = write_files(tmp_path / "site", SITE)
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    build(site, tmp_path / "out", "--base-url", "https://t.example.org/")
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
    home = Path(os.environ["XDG_CACHE_HOME"]) / "crowdgallery"
    assert any(home.rglob("markdown.json")) and any(home.rglob("meta.json"))


@pytest.mark.parametrize("command", ["build", "check", "serve"])
def test_cache_dir_is_an_option_of_every_command_that_builds(command):
    result = cli(command, "--help")
    assert "--cache-dir" in result.output
