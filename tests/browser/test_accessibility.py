"""Every page type of the example site passes axe-core in Chromium, at phone and desktop widths."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

PAGE_TYPES = {
    "home": "",
    "gallery": "campaigns/summer-tees-2026/",
    "gallery page 2": "campaigns/summer-tees-2026/page/2/",
    "results": "campaigns/summer-tees-2026/results/",
    "idea board": "campaigns/better-stores/",
    "submission": "submissions/retro-sunset/",
    "idea with response": "submissions/repair-bench/",
    "designer": "designers/zoe-ng/",
    "designers": "designers/",
    "idea board results": "campaigns/better-stores/results/",
    "hidden tallies": "campaigns/winter-layers-2027/",
    "hidden results": "campaigns/winter-layers-2027/results/",
    "duplicate idea": "submissions/bike-shelter/",
    "designer with badges": "designers/dev-kapoor/",
    "embed card": "embed/submissions/retro-sunset/",
    "tag": None,  # the first tag page, found in the output
    "tags": "tags/",
    "photo submission": "submissions/bothy-lights/",
    "404": "404.html",
    "organiser's page": "faq/",  # page.html, with a table of contents
    "short organiser's page": "prize-terms/",
    "redirect": "designers/zoe/",  # redirect.html: Zoë Ng's old handle
}
# Pages that send the browser on at once (<meta http-equiv="refresh">): to check the page itself, it is
# served with that one element left out; test_redirect_is_followed checks the browser does go on.
REDIRECTS = {"redirect": "designers/zoe-ng/"}
_REFRESH = re.compile(r'<meta http-equiv="refresh"[^>]*>')


def open_page(page, url: str, name: str):
    """page.goto(url); a redirect page is kept in the browser (its refresh element left out) to be checked."""
    if name in REDIRECTS:
        def stay(route):
            response = route.fetch()
            body = response.text()
            assert _REFRESH.search(body), "the redirect page has no refresh element"
            route.fulfill(response=response, body=_REFRESH.sub("", body))
        page.route(url, stay)
    return page.goto(url)


def page_path(built: Path, name: str, path: str | None) -> str:
    if path is not None:
        return path
    tag = sorted(p.parent.name for p in (built / "tags").glob("*/index.html"))[0]
    return f"tags/{tag}/"


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_has_no_axe_violations(built_example, serve, page_at, axe, name, width):
    server = serve(built_example)
    page = page_at(width)
    path = page_path(built_example, name, PAGE_TYPES[name])
    response = open_page(page, server.url(path), name)
    assert response.status == 200
    violations = axe(page)
    assert violations == [], f"{name} at {width}px:\n" + json.dumps(violations, indent=1)


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_does_not_scroll_sideways_on_a_phone(built_example, serve, page_at, name):
    """At 390 px nothing is wider than the viewport (hidden labels and long names included)."""
    server = serve(built_example)
    page = page_at(390)
    open_page(page, server.url(page_path(built_example, name, PAGE_TYPES[name])), name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name} is {width}px wide at 390px"


@pytest.mark.parametrize("name", list(REDIRECTS))
def test_redirect_is_followed(built_example, serve, page_at, name):
    """A browser at an old address lands on the new one by itself, with no script."""
    server = serve(built_example)
    page = page_at(390)
    page.goto(server.url(PAGE_TYPES[name]))
    page.wait_for_url(server.url(REDIRECTS[name]), timeout=10_000)
    assert page.locator("h1").first.inner_text().strip() == "Zoë Ng"


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_header_menu_marks_the_current_page_and_opens_on_a_phone(built_example, serve, page_at, axe, width):
    """The site's own header links: the current one is aria-current="page" wherever it is visible; on a
    phone they (with Designers and Tags) are in the More menu, which opens without a script."""
    server = serve(built_example)
    page = page_at(width)
    page.goto(server.url("rules/"))
    current = page.locator('.site-header a[aria-current="page"]:visible')
    more = page.locator(".site-header summary", has_text="More")
    if width > 1024:  # two links: beside Designers and Tags, no More menu
        assert not more.is_visible()
    else:  # on a phone the link is inside the menu, closed until asked
        assert current.count() == 0
        more.click()
    visible = page.locator('.site-header a[aria-current="page"]:visible')
    assert visible.count() == 1 and visible.inner_text() == "Rules"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe(page) == []


def test_keyboard_focus_is_visible(built_example, serve, page_at):
    """Tabbing reaches the skip link first, and a focused link draws an outline or ring."""
    server = serve(built_example)
    page = page_at(1280)
    page.goto(server.url(""))
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el);
        return {text: el.textContent.trim(), outline: style.outlineStyle, width: style.outlineWidth,
                shadow: style.boxShadow};
    }""")
    assert "skip" in focused["text"].lower()
    assert (focused["outline"] != "none" and focused["width"] != "0px") or focused["shadow"] != "none"


def test_leaderboard_sorts_with_javascript_and_is_complete_without(built_example, serve, page_at, axe):
    """The server order is wins then votes; the Votes received button reorders rows by votes."""
    server = serve(built_example)
    page = page_at(1280)
    page.goto(server.url("designers/"))
    read = """() => Array.from(document.querySelectorAll("table[data-sortable] tbody tr"))
                    .map(r => Number(r.dataset.votes))"""
    before = page.evaluate(read)
    page.get_by_role("button", name="Votes received").click()
    after = page.evaluate(read)
    assert sorted(before, reverse=True) == after != before
    header = page.locator("th[data-sort=votes]")
    assert header.get_attribute("aria-sort") == "descending"
    assert page.locator("th[data-sort=wins]").get_attribute("aria-sort") is None
    assert axe(page) == []  # still accessible after the script rewrote the headings
