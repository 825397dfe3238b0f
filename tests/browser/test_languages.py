"""The example site in Arabic and Japanese in Chromium: every page type passes axe-core, Arabic pages are
mirrored and do not scroll sideways on a phone.  One build per language; one axe run per page type."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import HERE
from tests.browser.test_accessibility import PAGE_TYPES, open_page, page_path

LANGUAGES = ("ar", "ja")


@pytest.fixture(scope="session")
def built_languages(tmp_path_factory) -> dict[str, Path]:
    """example_site built once in each language (read-only)."""
    from click.testing import CliRunner

    from crowdgallery.cli import main

    out = {}
    for lang in LANGUAGES:
        site = tmp_path_factory.mktemp(f"example-{lang}") / "site"
        shutil.copytree(HERE.parents[1] / "example_site", site, ignore=shutil.ignore_patterns("_site"))
        config = site / "site.yaml"
        config.write_text(re.sub(r"(?m)^language:.*$", f"language: {lang}", config.read_text(encoding="utf-8")),
                          encoding="utf-8")
        result = CliRunner().invoke(main, ["build", str(site), "-o", str(site.parent / "out")])
        assert result.exit_code == 0, result.output
        out[lang] = site.parent / "out"
    return out


@pytest.mark.parametrize("name", list(PAGE_TYPES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_has_no_axe_violations(built_languages, serve, page_at, axe, lang, name):
    built = built_languages[lang]
    server = serve(built)
    page = page_at(1280)
    response = open_page(page, server.url(page_path(built, name, PAGE_TYPES[name])), name)
    assert response.status == 200
    assert page.evaluate("document.documentElement.lang") == lang
    violations = axe(page)
    assert violations == [], f"{name} in {lang}:\n" + json.dumps(violations, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_arabic_page_does_not_scroll_sideways_on_a_phone(built_languages, serve, page_at, name):
    built = built_languages["ar"]
    server = serve(built)
    page = page_at(390)
    open_page(page, server.url(page_path(built, name, PAGE_TYPES[name])), name)
    # a right-to-left page overflows to the left: scrollWidth counts both sides
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name} is {width}px wide at 390px in Arabic"


def test_arabic_pages_are_mirrored(built_languages, serve, page_at):
    """The brand sits at the right and the nav at its left; the nav's first item is right of its last; a
    gallery's first card is at the right of its row."""
    built = built_languages["ar"]
    server = serve(built)
    page = page_at(1280)
    page.goto(server.url(""))
    assert page.evaluate("document.documentElement.dir") == "rtl"
    brand = page.locator(".brand").bounding_box()
    nav = page.locator(".site-nav").bounding_box()
    assert brand["x"] > nav["x"] + nav["width"] / 2
    items = page.locator(".site-nav > ul > li")
    shown = [box for box in (items.nth(i).bounding_box() for i in range(items.count())) if box]
    assert len(shown) >= 2, "the nav shows at least two items at 1280 px"
    assert shown[0]["x"] > shown[-1]["x"]
    page.goto(server.url(PAGE_TYPES["gallery"]))
    cards = page.locator(".card")
    one, two = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    if abs(one["y"] - two["y"]) < 1:  # the same row
        assert one["x"] > two["x"]


def test_sorting_the_leaderboard_keeps_the_page_in_its_language(built_languages, serve, page_at):
    """The sorted table's caption and positions come from the page (the theme's catalog, the locale's digits),
    not from English in the script."""
    built = built_languages["ar"]
    page = page_at(1280)
    page.goto(serve(built).url("designers/"))
    positions = page.evaluate("() => Array.from(document.querySelectorAll('.leaderboard__pos'), c => c.textContent)")
    votes = page.locator("th[data-sort=votes]")
    wanted = votes.get_attribute("data-caption")
    assert wanted and not re.search(r"[A-Za-z]", wanted)
    votes.locator("button").click()
    assert page.locator("table[data-sortable] caption").text_content() == wanted
    assert page.evaluate("() => Array.from(document.querySelectorAll('.leaderboard__pos'), c => c.textContent)") \
        == positions
