"""Incremental builds: unchanged pages are not rendered, unchanged files are not rewritten, and the result is
byte for byte what a full build gives."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_SITE as EXAMPLE
from conftest import assert_no_traceback, cli, tree_bytes, write_files
from serving import REPO
from crowdgallery.write.cachedir import default_cache_dir

NOW = "2026-11-22T10:44:53Z"
OLD = 1_000_000_000  # a date long ago, to tell rewritten files from kept ones


def build(site: Path, out: Path, *args: str) -> dict:
    result = cli("build", site, "-o", out, "--now", NOW, "--format", "json", "-j", "1", *args)
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["summary"]


def files(out: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every output file: (bytes, inode, mtime)."""
    return {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".crowdgallery"}


def backdate(out: Path) -> None:
    for p in out.rglob("*"):
        if p.is_file():
            os.utime(p, (OLD, OLD))


@pytest.fixture
def example(tmp_path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns("_site", ".crowdgallery-cache"))
    return site


def change_one_vote(site: Path) -> str:
    """Turn the first 5-point vote for great-wave-loop into a 0 (same size); return the submission id."""
    votes = site / "votes.csv"
    lines = votes.read_bytes().splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(b"great-wave-loop,") and b",5," in line)
    lines[index] = lines[index].replace(b",5,", b",0,")
    votes.write_bytes(b"".join(lines))
    return "great-wave-loop"


def test_one_changed_vote_rewrites_exactly_the_pages_it_shows_on(example, tmp_path):
    # What a full build says changes: two builds without the cache, before and after.
    full_before = tmp_path / "full-before"
    build(example, full_before, "--no-cache")
    assert not (default_cache_dir(example) / "build").exists()  # --no-cache writes no build cache

    out = tmp_path / "out"
    build(example, out)  # with the cache, from nothing
    assert tree_bytes(out) == tree_bytes(full_before)
    backdate(out)
    before = files(out)

    entry = change_one_vote(example)
    summary = build(example, out)
    after = files(out)

    full_after = tmp_path / "full-after"
    build(example, full_after, "--no-cache")
    assert tree_bytes(out) == tree_bytes(full_after)  # the incremental build is exactly a full build

    should_change = {rel for rel, data in tree_bytes(full_after).items() if tree_bytes(full_before).get(rel) != data}
    assert f"submissions/{entry}/index.html" in should_change  # its score is shown on its page …
    assert "api/campaigns/summer-tees-2026.json" in should_change
    assert "designers/lena-brandt/index.html" not in should_change  # … and not on a stranger's profile
    rewritten = {rel for rel, (data, inode, mtime) in after.items() if (inode, mtime) != before[rel][1:]}
    assert rewritten == should_change - {".crowdgallery"}
    for rel in set(after) - rewritten:
        assert after[rel][2] == OLD * 10**9 and after[rel][1] == before[rel][1]  # untouched: same inode, old mtime
    # rendered pages: the HTML ones and the theme's cards.json (the gallery tools' data, a template too)
    assert summary["pages_written"] == len([r for r in should_change if r.endswith((".html", "/cards.json"))])


def test_unchanged_pages_are_not_rendered_again(example, tmp_path):
    out = tmp_path / "out"
    first = build(example, out)
    assert first["pages_rendered"] == first["pages"]
    again = build(example, out)
    assert again["pages_rendered"] == 0  # no HTML page is (JSON, CSV and feeds are cheap and always made)
    assert again["pages_written"] == 0 and again["pages_unchanged"] == again["pages"]
    assert not any((default_cache_dir(example) / "build" / "traces").iterdir())  # no leftovers

    change_one_vote(example)
    third = build(example, out)
    assert 0 < third["pages_rendered"] < 20  # the entry's pages, not the site's 150


def test_template_theme_and_config_changes_render_again(example, tmp_path):
    out = tmp_path / "out"
    build(example, out)
    (example / "templates" / "partials" / "footer.html").write_text("<footer><p>New footer</p></footer>\n")
    summary = build(example, out)
    assert summary["pages_written"] > 100
    assert "New footer" in (out / "designers" / "index.html").read_text()

    config = (example / "site.yaml").read_text()
    (example / "site.yaml").write_text(config.replace("title: Northwind Outfitters Crowd Lab", "title: Renamed Lab"))
    summary = build(example, out)
    assert summary["pages_written"] > 100 and "Renamed Lab" in (out / "designers" / "zoe-ng" / "index.html").read_text()
    assert tree_bytes(out) == tree_bytes(_full(example, tmp_path / "full"))

    (example / "site.yaml").write_text(config.replace("theme: default", "theme: {name: poster, options: {accent: pink}}"))
    build(example, out)
    assert 'poster--pink' in (out / "index.html").read_text()
    (example / "site.yaml").write_text(config.replace("theme: default", "theme: {name: poster, options: {accent: cyan}}"))
    build(example, out)
    assert 'poster--cyan' in (out / "submissions" / "retro-sunset" / "index.html").read_text()


def _full(site: Path, out: Path) -> Path:
    build(site, out, "--no-cache")
    return out


def test_a_changed_submission_matches_a_full_build(example, tmp_path):
    out = tmp_path / "out"
    build(example, out)
    path = example / "submissions" / "tees" / "retro-sunset.md"
    text = path.read_text()
    assert "title: Retro Sunset" in text
    path.write_text(text.replace("title: Retro Sunset", "title: Retro Sunrise"))
    summary = build(example, out)
    assert 0 < summary["pages_written"] < 30
    assert "Retro Sunrise" in (out / "campaigns" / "summer-tees-2026" / "index.html").read_text()
    assert tree_bytes(out) == tree_bytes(_full(example, tmp_path / "full"))


def test_vote_cache_follows_content_not_dates(example, tmp_path):
    """A vote file edited to the same size and given back its old mtime is still read again."""
    out = tmp_path / "out"
    build(example, out)
    votes = example / "votes.csv"
    stat = votes.stat()
    change_one_vote(example)
    assert votes.stat().st_size == stat.st_size
    os.utime(votes, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    build(example, out)
    assert tree_bytes(out) == tree_bytes(_full(example, tmp_path / "full"))


def test_a_damaged_cache_is_ignored(example, tmp_path):
    out = tmp_path / "out"
    build(example, out)
    damaged = sorted((default_cache_dir(example) / "build").glob("*.json"))
    assert [p.name for p in damaged] == ["inputs.json", "markdown.json", "pages.json", "votes.json"]
    for cached in damaged:
        cached.write_bytes(b"not an entry")
    change_one_vote(example)
    summary = build(example, out)
    assert summary["pages_rendered"] == summary["pages"]
    assert summary["warnings"] == 4  # one for each entry that failed its authentication
    assert tree_bytes(out) == tree_bytes(_full(example, tmp_path / "full"))


def test_an_output_file_edited_by_hand_is_rendered_again(example, tmp_path):
    out = tmp_path / "out"
    build(example, out)
    page = out / "designers" / "zoe-ng" / "index.html"
    original = page.read_bytes()
    page.write_bytes(b"<p>defaced</p>")
    build(example, out)
    assert page.read_bytes() == original


def test_check_writes_no_cache(example):
    result = cli("check", example)
    assert result.exit_code == 0
    assert not (example / ".crowdgallery-cache").exists() and not default_cache_dir(example).exists()


def test_init_gitignore_lists_the_cache(tmp_path):
    assert cli("init", tmp_path / "new").exit_code == 0
    assert ".crowdgallery-cache/" in (tmp_path / "new" / ".gitignore").read_text().splitlines()


def stored_markdown(site: Path) -> dict[str, str]:
    """What the Markdown cache holds: a sealed JSON entry (a header line, then the document)."""
    stored = default_cache_dir(site) / "build" / "markdown.json"
    entry = json.loads(stored.read_bytes().partition(b"\n")[2])["value"]
    assert entry["!"] == "MarkdownEntry"
    return dict(entry["="][1]["{"])


def test_converted_markdown_is_kept_for_the_texts_of_the_site_and_follows_their_edits(example, tmp_path):
    out = tmp_path / "out"
    build(example, out)
    converted = stored_markdown(example)
    path = example / "submissions" / "tees" / "retro-sunset.md"
    head, body = path.read_text().rsplit("---\n", 1)
    assert body.strip() in converted  # the description's HTML, kept for the next build
    path.write_text(f"{head}---\nA **brand new** description.\n")
    build(example, out)
    page = (out / "submissions" / "retro-sunset" / "index.html").read_text()
    assert "A <strong>brand new</strong> description." in page and body.strip()[:40] not in page
    converted = stored_markdown(example)
    assert body.strip() not in converted  # a text no longer in the site is dropped
    assert tree_bytes(out) == tree_bytes(_full(example, tmp_path / "full"))


def test_switching_to_file_urls_renders_every_page_again(example, tmp_path):
    out = tmp_path / "out"
    build(example, out)
    summary = build(example, out, "--file-urls")
    assert summary["pages_rendered"] == summary["pages"]  # the link style is an input of every page
    assert 'href="campaigns/winter-layers-2027/index.html"' in (out / "index.html").read_text()
    assert tree_bytes(out) == tree_bytes(_full_file_urls(example, tmp_path / "full"))


def _full_file_urls(site: Path, out: Path) -> Path:
    build(site, out, "--no-cache", "--file-urls")
    return out


def test_an_edited_page_of_the_organiser_matches_a_full_build(example, tmp_path):
    """Editing a page's text renders that page (and its redirect) again; retitling one that the footer lists
    by its title renders every page again; either way the output is a full build's."""
    out = tmp_path / "out"
    build(example, out)
    backdate(out)
    before = files(out)
    path = example / "pages" / "faq.md"
    text = path.read_text(encoding="utf-8")
    assert "Votes are counted, never published with a name." in text
    path.write_text(text.replace("never published with a name", "never shown with a name"), encoding="utf-8")
    build(example, out)
    rewritten = {rel for rel, (data, inode, mtime) in files(out).items() if (inode, mtime) != before[rel][1:]}
    assert rewritten == {"faq/index.html"}
    assert tree_bytes(out) == tree_bytes(_full(example, tmp_path / "full"))

    full_before = tree_bytes(out)
    backdate(out)
    before = files(out)
    terms = example / "pages" / "prize-terms.md"  # the footer names it by its title
    terms.write_text(terms.read_text(encoding="utf-8").replace("title: Prize terms", "title: Prizes"), encoding="utf-8")
    build(example, out)
    full_after = tree_bytes(_full(example, tmp_path / "full-2"))
    assert tree_bytes(out) == full_after
    should_change = {rel for rel, data in full_after.items() if full_before.get(rel) != data}
    assert {"designers/index.html", "prize-terms/index.html", "index.html"} <= should_change
    rewritten = {rel for rel, (data, inode, mtime) in files(out).items() if (inode, mtime) != before[rel][1:]}
    assert rewritten == should_change - {".crowdgallery"}


SMALL_SITE = {
    "site.yaml": "title: Versions\n",
    "campaigns.yaml": "- {id: c, title: Cups}\n",
    "designers.yaml": "- {id: ada, name: Ada, bio: 'Makes *cups*.'}\n",
    "submissions.yaml": "- {id: a, title: First Wave, designer: ada, description: 'A **wave** on a cup.'}\n",
    "votes.csv": "submission,voter,value\na,v1,1\n",
}


def build_in_subprocess(site: Path, out: Path, env_path: list[Path]) -> dict:
    """``python -m crowdgallery build`` in a fresh interpreter whose PYTHONPATH starts with ``env_path``."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(str(p) for p in [*env_path, REPO]))
    done = subprocess.run([sys.executable, "-m", "crowdgallery", "build", str(site), "-o", str(out), "--now", NOW,
                           "--format", "json", "-j", "1"], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)["summary"]


def test_a_new_version_of_a_library_renders_every_page_again(tmp_path):
    """Simulates upgrading Python-Markdown, nh3 or Jinja: the second build runs in an interpreter where a
    ``sitecustomize`` module (which Python imports at start-up from PYTHONPATH) gives that library
    another ``__version__``, the string crowdgallery reads as the library's version.  No page may be
    reused from the build made with the old version, and the output still equals a full build's."""
    site = write_files(tmp_path / "site", SMALL_SITE)
    out = tmp_path / "out"
    first = build_in_subprocess(site, out, [])
    assert first["pages_rendered"] == first["pages"]
    same = build_in_subprocess(site, out, [])
    assert same["pages_rendered"] == 0  # same versions: nothing rendered
    for library in ("markdown", "nh3", "jinja2"):
        fake = tmp_path / f"upgraded-{library}"
        fake.mkdir()
        (fake / "sitecustomize.py").write_text(f"import {library}\n{library}.__version__ = '999.0-{library}'\n")
        summary = build_in_subprocess(site, out, [fake])
        assert summary["pages_rendered"] == summary["pages"], library
        again = build_in_subprocess(site, out, [fake])
        assert again["pages_rendered"] == 0, library  # the upgraded version's pages are reused by its builds
    assert tree_bytes(out) == tree_bytes(_full(site, tmp_path / "full"))
