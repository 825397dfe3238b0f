"""What a visitor does in Chromium: search, filter and sort a gallery, open a crowd SVG; Lighthouse scores.

The example site is built once per session (tests/conftest.py's ``example_build``) and served over
HTTP by the ``serve`` fixture.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import cli, write_files

from .conftest import CHROMIUM, HERE, require_browser_tools

LIGHTHOUSE = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Accessibility, best practices and SEO are checks with fixed answers: 95 is the target and it holds.
# Performance is measured (simulated mobile, 4× CPU slowdown on a shared machine), so it moves with the
# machine's load: we measure 100 on both pages (docs/performance.md), and fail below 90 to stay stable under load.
THRESHOLDS = {"performance": 0.90, "accessibility": 0.95, "best-practices": 0.95, "seo": 0.95}


@pytest.fixture(scope="module")
def site(example_build, browser):
    return example_build[1]


def visible_cards(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('#gallery-grid > li'))
        .filter(li => !li.hidden && li.offsetParent !== null)
        .map(li => ({title: li.querySelector('.card__title').textContent.trim(), tags: li.dataset.tags,
                     votes: li.dataset.votes, submitted: li.dataset.submitted}))""")


def test_search_finds_an_entry_by_a_word_of_its_description(site, serve, page_at):
    server = serve(site)
    page = page_at(390)
    page.goto(server.url("designers/"))
    box = page.get_by_role("searchbox", name="Search entries by title, designer, tag or description")
    box.click()
    box.type("dessau")  # only in Bauhaus Block's description: "like the posters in Dessau"
    # results follow the typing; wait for the ones for the whole word
    page.wait_for_function("document.querySelector('#site-search-status').textContent.includes('“dessau”')")
    assert page.locator("#site-search-status").inner_text() == "1 entry matches “dessau”."
    results = page.locator("#site-search-results a")
    assert [r.split("\n")[0] for r in results.all_inner_texts()] == ["Bauhaus Block"]
    page.keyboard.press("ArrowDown")  # into the results, by keyboard
    assert page.evaluate("document.activeElement.textContent").startswith("Bauhaus Block")
    page.keyboard.press("Enter")
    page.wait_for_url("**/submissions/bauhaus-block/")
    assert page.locator("h1").inner_text() == "Bauhaus Block"


def test_search_covers_designers_tags_and_every_campaign(site, serve, page_at, axe):
    server = serve(site)
    page = page_at(1280)
    page.goto(server.url(""))
    box = page.locator("#site-search-q")
    box.fill("zoë")  # a designer, with a diacritic; every campaign she entered
    page.wait_for_function("document.querySelector('#site-search-status').textContent.includes('“zoë”')")
    meta = page.locator(".site-search__meta").all_inner_texts()
    assert meta and all("Zoë Ng" in m for m in meta)
    assert {m.split(" · ")[1] for m in meta} >= {"Summer Tees 2026", "Winter Layers 2027"}
    box.fill("zzzqqq")
    page.wait_for_function("document.querySelector('#site-search-status').textContent.startsWith('No entries')")
    box.fill("frost")  # a hidden-tally campaign's entry is found like any other
    page.wait_for_function("document.querySelector('#site-search-status').textContent.includes('“frost”')")
    assert "Frost Fern" in page.locator("#site-search-results").inner_text()
    assert axe(page) == []  # the open results panel is accessible too
    page.keyboard.press("Escape")
    assert box.input_value() == "" and page.evaluate("document.activeElement.id") == "site-search-q"


def test_filter_and_sort_change_the_gallery_and_keep_focus(site, serve, page_at, axe):
    server = serve(site)
    page = page_at(1280)
    page.goto(server.url("campaigns/summer-tees-2026/"))
    server_order = visible_cards(page)
    assert len(server_order) == 12
    status = page.locator(".gallery-tools__count")
    assert status.inner_text() == "Showing 12 of 12 entries on this page."

    sort = page.get_by_label("Sort by", exact=True)
    sort.focus()
    sort.select_option("votes")
    by_votes = visible_cards(page)
    assert [int(c["votes"]) for c in by_votes] == sorted((int(c["votes"]) for c in server_order), reverse=True)
    assert by_votes != server_order
    assert page.evaluate("document.activeElement.id") == "sort-by"  # focus stays on the control in use

    sort.select_option("newest")
    dates = [c["submitted"] for c in visible_cards(page)]
    assert dates == sorted(dates, reverse=True)

    tag = page.get_by_label("Tag", exact=True)
    tag.focus()
    tag.select_option("sun")
    shown = visible_cards(page)
    assert 0 < len(shown) < 12 and all("sun" in c["tags"].split() for c in shown)
    assert status.inner_text() == f"Showing {len(shown)} of 12 entries on this page."
    assert page.evaluate("document.activeElement.id") == "filter-tag"
    page.keyboard.press("Tab")  # the next stop is the next control, then the first visible card
    assert page.evaluate("document.activeElement.id") in ("filter-status", "sort-by")

    page.get_by_label("Status", exact=True).select_option("winner")
    winners = visible_cards(page)
    assert winners and all("sun" in c["tags"].split() for c in winners)
    assert axe(page) == []

    tag.select_option("")
    page.get_by_label("Status", exact=True).select_option("")
    sort.select_option("order")
    assert visible_cards(page) == server_order


def test_hidden_tallies_offer_no_sort_by_votes(site, serve, page_at):
    server = serve(site)
    page = page_at(390)
    page.goto(server.url("campaigns/winter-layers-2027/"))
    options = page.locator("#sort-by option").all_inner_texts()
    assert options == ["Shuffled (until voting closes)", "Newest"]
    assert all(c["votes"] is None for c in visible_cards(page))


def test_without_javascript_the_server_order_and_tag_links_remain(site, serve, browser):
    server = serve(site)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.url("campaigns/summer-tees-2026/"))
        assert not page.locator("form.gallery-tools").is_visible()
        assert not page.locator("form.site-search").is_visible()
        ranks = page.locator("#gallery-grid .rank").all_inner_texts()
        assert ranks[:3] == ["Rank #1", "Rank #2", "Rank #3"] or ranks[0].endswith("#1")
        page.goto(server.url("submissions/retro-sunset/"))
        page.locator("a[href*='tags/']").first.click()
        assert page.url.rsplit("/", 3)[-3] == "tags"
        assert page.locator("#content h1").inner_text().startswith("Tagged")
    finally:
        context.close()


HOSTILE_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100"
     onload="document.title='onload ran'; if (window.pwned) window.pwned('onload')">
  <title>A harmless drawing</title>
  <script>document.title = 'script ran'; if (window.pwned) window.pwned('script');</script>
  <rect width="200" height="100" fill="#2a9d8f"/>
  <foreignObject width="200" height="100"><body xmlns="http://www.w3.org/1999/xhtml">
    <img src="x" onerror="if (window.pwned) window.pwned('foreignObject')"/></body></foreignObject>
  <image href="data:x" onerror="if (window.pwned) window.pwned('image')"/>
  <set attributeName="onclick" to="window.pwned('set')"/>
</svg>
"""


def test_a_hostile_svg_opened_directly_runs_no_script(serve, page_at, tmp_path, browser):
    site = write_files(tmp_path / "site", {
        "site.yaml": "title: Svg\n",
        "campaigns.yaml": "- {id: c, title: C}\n",
        "designers.yaml": "- {id: ada}\n",
        "submissions.yaml": "- {id: s, title: S, designer: ada, image: images/art.svg}\n",
        "images/art.svg": HOSTILE_SVG,
    })
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    calls: list[str] = []
    # the control: the raw file, served as is, does run its script (so the check below can fail)
    raw = serve(site / "images")
    page = page_at(800)
    page.expose_function("pwned", lambda where: calls.append(where))
    page.goto(raw.url("art.svg"))
    page.wait_for_timeout(300)
    assert "script" in calls and page.title() in ("script ran", "onload ran")

    calls.clear()
    published = serve(tmp_path / "out")
    page = page_at(800)
    page.expose_function("pwned", lambda where: calls.append(where))
    response = page.goto(published.url("media/images/art.svg"))
    assert response.status == 200 and "svg" in response.headers["content-type"]
    page.mouse.click(100, 50)
    page.wait_for_timeout(300)
    assert calls == []
    assert page.title() == "A harmless drawing"
    assert page.locator("rect").count() == 1  # the drawing is still there


def lighthouse(url: str, report: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   check=True, env=env, timeout=240, capture_output=True)
    data = json.loads(report.read_text(encoding="utf-8"))
    return {name: data["categories"][name]["score"] for name in CATEGORIES}


@pytest.mark.parametrize("path", ["campaigns/summer-tees-2026/", "submissions/retro-sunset/"],
                         ids=["gallery", "submission"])
def test_lighthouse_scores_on_mobile(site, serve, tmp_path, path):
    require_browser_tools()
    if not LIGHTHOUSE.is_file():
        if os.environ.get("CROWDGALLERY_BROWSER_TESTS") == "required":
            pytest.fail("Lighthouse is not installed (npm ci --prefix tests/browser)")
        pytest.skip("Lighthouse is not installed (npm ci --prefix tests/browser)")
    server = serve(site)
    scores = lighthouse(server.url(path), tmp_path / "report.json")
    print(f"Lighthouse {path}: {scores}")
    low = {name: score for name, score in scores.items() if score is None or score < THRESHOLDS[name]}
    assert not low, f"{path}: {scores}"
