"""The search index the build writes: every entry findable, nothing about hidden tallies in it."""
from __future__ import annotations

import json
import shutil

import pytest
from conftest import SITES, cli, read_json, read_page


@pytest.fixture(scope="module")
def example(example_build):
    return example_build[1]


def entries(index: dict) -> dict[str, dict]:
    """The index decoded as a visitor's browser reads it: url → fields with names, not numbers."""
    out = {}
    for title, url, campaign, designers, tags, excerpt, image in index["entries"]:
        out[url] = {"title": title, "campaign": index["campaigns"][campaign][0],
                    "designers": [index["designers"][d] for d in designers],
                    "tags": [index["tags"][t] for t in tags], "excerpt": excerpt}
    return out


def test_every_entry_of_every_campaign_is_in_the_index(example):
    index = read_json(example / "search-index.json")
    assert index["version"] == 1
    found = entries(index)
    pages = sorted(p.parent.name for p in (example / "submissions").glob("*/index.html"))
    assert sorted(url.split("/")[1] for url in found) == pages
    assert {e["campaign"] for e in found.values()} == {"Summer Tees 2026", "Better Stores", "Winter Layers 2027"}
    sunset = found["submissions/retro-sunset/"]
    assert sunset["title"] == "Retro Sunset" and sunset["designers"] == ["Tomás Ruiz"]
    assert {"retro", "sun"} <= set(sunset["tags"])
    page = read_page(example / "submissions/retro-sunset/index.html")
    assert sunset["excerpt"][:40] in page.text  # the excerpt is the description's beginning, as plain text
    assert "<" not in json.dumps(index)  # no markup: the script writes text, never HTML
    for url in found:
        assert (example / url / "index.html").is_file()


def test_the_index_is_compact_and_in_id_order(example):
    raw = (example / "search-index.json").read_bytes()
    compact = json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert raw == compact  # no indentation or spaces between items
    ids = [e[1].split("/")[1] for e in json.loads(raw)["entries"]]
    assert ids == sorted(ids)  # not rank order, which would leak a hidden ranking


def test_hidden_tallies_leak_nothing_into_the_index(example):
    index = read_json(example / "search-index.json")
    assert index["fields"] == ["title", "url", "campaign", "designers", "tags", "excerpt", "image"]
    hidden = [e for e in index["entries"] if index["campaigns"][e[2]][0] == "Winter Layers 2027"]
    assert len(hidden) == 5 and all(len(e) == 7 for e in hidden)
    text = json.dumps(index)
    for word in ("score", "votes", "rank", "winner", "mean"):
        assert f'"{word}"' not in text
    # and the winter entries' order carries no information: ids ascending
    assert [e[1].split("/")[1] for e in hidden] == sorted(e[1].split("/")[1] for e in hidden)


def test_every_page_has_the_search_box(tmp_path):
    site = shutil.copytree(SITES / "gallery", tmp_path / "gallery")
    assert cli("build", site, "-o", tmp_path / "out").exit_code == 0
    embeds = tmp_path / "out" / "embed"  # cards for other sites' iframes: no site chrome, so no search either
    for path in sorted((tmp_path / "out").rglob("*.html")):
        if path.is_relative_to(embeds):
            continue
        page = read_page(path)
        forms = [a for tag, a in page.tags if tag == "form" and a.get("role") == "search"]
        assert len(forms) == 1, path
        # without JavaScript it could not work, so a <noscript> style hides it
        assert ".site-search" in path.read_text(encoding="utf-8").split("<noscript>")[1].split("</noscript>")[0]
        index = forms[0]["data-search-index"]
        assert index.endswith("search-index.json")
        if path.name != "404.html":
            assert (path.parent / index).resolve() == (tmp_path / "out/search-index.json").resolve()
        labels = [a for tag, a in page.tags if tag == "label" and a.get("for") == "site-search-q"]
        assert labels and any(tag == "input" and a.get("id") == "site-search-q" for tag, a in page.tags)
