"""`serve`'s rebuilds from memory: after each kind of edit, the output is byte for byte a full build's.

The server's own rebuild (``SiteServer.rebuild``, the one the file watcher calls) runs on a copy of the
example site; between edits the caches stay in memory (cache/memory.py) and the cache folder is not
written; after each edit the output is compared with a build of the edited site from scratch
(``crowdgallery build --no-cache`` into a fresh folder).
"""
from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from conftest import EXAMPLE_SITE, build_site, cli, tree_bytes
from crowdgallery.build import Options
from crowdgallery.serve import SiteServer
from crowdgallery.write.cachedir import default_cache_dir

NOW = "2026-11-22T10:44:53Z"
CLOCK = datetime.fromisoformat(NOW.replace("Z", "+00:00"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [
    ("submission text", lambda site: edit(site / "submissions/tees/retro-sunset.md", "title: Retro Sunset",
                                          "title: Retro Sunrise")),
    ("vote file", lambda site: edit(site / "votes.csv", "\ngreat-wave-loop,", "\nretro-sunset,v99999,5,"
                                    "2026-03-04T00:00:00Z\ngreat-wave-loop,")),
    ("template", lambda site: edit(site / "templates/partials/footer.html", "</footer>",
                                   "<p>Printed on recycled cotton.</p></footer>")),
    ("designer", lambda site: edit(site / "designers/kenji-mori.md", "name: Kenji Mori", "name: Kenji Mōri")),
    ("site.yaml", lambda site: edit(site / "site.yaml", "title: Northwind Outfitters Crowd Lab",
                                    "title: Northwind Crowd Lab")),
    ("a deleted file", lambda site: (site / "submissions/tees/orbit.md").unlink()),
    ("a new file", lambda site: (site / "submissions/tees/tide-pool.md").write_text(
        "---\ntitle: Tide Pool\ndesigner: kenji-mori\ncampaign: summer-tees-2026\ntags: [sea]\n"
        "submitted: 2026-04-12\n---\nStarfish and anemones in a rock pool at low tide.\n", encoding="utf-8")),
]


@pytest.fixture
def site(tmp_path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE_SITE, site, ignore=shutil.ignore_patterns("_site", ".crowdgallery-cache"))
    return site


def full_build(site: Path, out: Path) -> dict[str, bytes]:
    build_site(site, out, "--now", NOW, "--no-cache")
    return tree_bytes(out)


def test_each_kind_of_edit_rebuilt_in_memory_equals_a_full_build(site, tmp_path):
    said: list[str] = []
    out = tmp_path / "served"
    server = SiteServer(site, out, Options(now=CLOCK, jobs=1), echo=said.append)
    server.rebuild()
    assert server.problems == []
    entries = default_cache_dir(site) / "build"
    written = {p.name: p.stat().st_mtime_ns for p in entries.glob("*.json")}
    assert server.memory.pages is not None and server.memory.votes is not None

    for number, (kind, change) in enumerate(EDITS):
        change(site)
        server.rebuild()
        assert server.problems == [], (kind, server.problems)
        assert said[-1].startswith("Built "), (kind, said[-1])
        full = full_build(site, tmp_path / f"full-{number}")
        served = tree_bytes(out)
        assert served.keys() == full.keys(), (kind, sorted(served.keys() ^ full.keys())[:10])
        differing = [rel for rel in full if served[rel] != full[rel]]
        assert not differing, (kind, differing[:10])

    # The caches stayed in memory: the cache folder was not written by any rebuild …
    assert {p.name: p.stat().st_mtime_ns for p in entries.glob("*.json")} == written
    # … until serve stops, when they are saved, so the next build starts from them.
    server.stop()
    assert {p.name: p.stat().st_mtime_ns for p in entries.glob("*.json")} != written
    result = cli("build", site, "-o", out, "--now", NOW, "--format", "json", "-j", "1")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["pages_rendered"] == 0  # every page known from serve's cache
    assert tree_bytes(out) == full


def test_rebuilds_render_only_what_an_edit_touches(site, tmp_path):
    said: list[str] = []
    server = SiteServer(site, tmp_path / "served", Options(now=CLOCK, jobs=1), echo=said.append)
    server.rebuild()
    EDITS[0][1](site)
    server.rebuild()
    written, unchanged = (int(n.replace(",", "")) for n in re.search(r": ([\d,]+) written, ([\d,]+) unchanged",
                                                                       said[-1]).groups())
    assert 0 < written < 30 < unchanged, said[-1]


def test_caches_a_build_left_are_read_once_and_then_kept_in_memory(site, tmp_path):
    out = tmp_path / "served"
    build_site(site, out, "--now", NOW, "-j", "1")
    server = SiteServer(site, out, Options(now=CLOCK, jobs=1), echo=lambda line: None)
    server.rebuild()  # nothing changed since the build: every page comes from the cache folder's record
    assert server.problems == []
    assert server.memory.pages is not None and server.memory.votes is not None and server.memory.markdown is not None
    for entry in (default_cache_dir(site) / "build").glob("*.json"):
        entry.unlink()  # from now on only what is in memory can spare the work
    EDITS[0][1](site)
    server.rebuild()
    assert server.memory.pages is not None and len(server.memory.pages.pages) > 30
    assert tree_bytes(out) == full_build(site, tmp_path / "full")
