"""What a visitor does in Chromium: search, filter and sort a gallery, open a crowd SVG; Lighthouse scores.

The example site is built once per session (tests/conftest.py's ``example_build``) and served over
HTTP by the ``serve`` fixture.
"""
from __future__ import annotations

import csv
import io
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


def test_filter_and_sort_work_over_the_whole_campaign_and_keep_focus(site, serve, page_at, axe):
    """The first page shows 12 of 21 entries; sorting and filtering act on all 21 (from cards.json), the
    choice is kept in the address, and clearing it brings the page's own cards back."""
    rows = list(csv.DictReader(io.StringIO((site / "campaigns/summer-tees-2026/results.csv").read_text("utf-8-sig"))))
    submissions = json.loads((site / "api/submissions.json").read_text("utf-8"))["submissions"]
    sunny = {s["title"] for s in submissions if s["campaign"] == "summer-tees-2026" and "sun" in s["tags"]}
    server = serve(site)
    page = page_at(1280)
    page.goto(server.url("campaigns/summer-tees-2026/"))
    server_order = visible_cards(page)
    assert len(server_order) == 12 and len(rows) == 21
    status = page.locator(".gallery-tools__count")
    assert status.inner_text() == "Showing 12 of 21 entries."

    sort = page.get_by_label("Sort by", exact=True)
    sort.focus()
    sort.select_option("votes")
    page.wait_for_function("document.querySelectorAll('#gallery-grid > li').length === 21")
    by_votes = visible_cards(page)
    assert [int(c["votes"]) for c in by_votes] == sorted((int(r["votes"]) for r in rows), reverse=True)
    assert {c["title"] for c in by_votes} == {r["title"] for r in rows}  # every entry, not just page 1's
    assert page.evaluate("document.activeElement.id") == "sort-by"  # focus stays on the control in use
    assert page.url.endswith("?sort=votes")
    assert not page.locator(".pagination").is_visible()
    # the cards loaded from cards.json link where the page's own do
    first = page.locator("#gallery-grid .card__title a").first
    assert first.evaluate("a => a.href").startswith(server.url("submissions/"))

    sort.select_option("newest")
    dates = [c["submitted"] for c in visible_cards(page)]
    assert dates == sorted(dates, reverse=True) and len(dates) == 21

    tag = page.get_by_label("Tag", exact=True)
    options = tag.locator("option").all_inner_texts()
    assert "pixel art" in options and "pixel-art" not in options  # names for people, not slugs
    tag.focus()
    tag.select_option("sun")
    shown = visible_cards(page)
    assert {c["title"] for c in shown} == sunny
    assert status.inner_text() == f"Showing {len(sunny)} of 21 entries."
    assert page.evaluate("document.activeElement.id") == "filter-tag"
    assert "tag=sun" in page.url
    page.keyboard.press("Tab")  # the next stop is the next control
    assert page.evaluate("document.activeElement.id") in ("filter-status", "sort-by")

    page.get_by_label("Status", exact=True).select_option("winner")
    winners = visible_cards(page)
    assert winners and {c["title"] for c in winners} == {r["title"] for r in rows if r["winner"] == "yes"} & sunny
    assert axe(page) == []

    page.goto(server.url("campaigns/summer-tees-2026/?tag=sun"))  # a shared address opens the same view
    page.wait_for_function("document.querySelector('.gallery-tools__count').textContent.includes('of 21')")
    assert {c["title"] for c in visible_cards(page)} == sunny

    page.get_by_role("link", name="Clear filters").click()
    assert visible_cards(page) == server_order
    assert page.url.endswith("campaigns/summer-tees-2026/")


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
        tag_links = page.locator(".gallery-links a")  # plain links to the tag pages stand in for the filter
        assert tag_links.count() > 0 and all(h.startswith("../../tags/") for h in
                                             [tag_links.nth(i).get_attribute("href") for i in range(tag_links.count())])
        ranks = page.locator("#gallery-grid .rank").all_inner_texts()
        assert ranks[:3] == ["Rank #1", "Rank #2", "Rank #3"] or ranks[0].endswith("#1")
        page.goto(server.url("submissions/retro-sunset/"))
        page.locator(".entry__info .tags a").first.click()
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
