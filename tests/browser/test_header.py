"""The header in Chromium: the search box's placeholder is whole on a phone, and the campaigns menu (a
<details>) closes on Escape, on a click outside and when focus leaves it, and still works without JavaScript."""
from __future__ import annotations

import pytest

GALLERY = "campaigns/summer-tees-2026/"

# The placeholder's drawn width against the room inside the box (its width less padding and border).
PLACEHOLDER_ROOM = """() => {
    const input = document.querySelector('#site-search-q');
    const style = getComputedStyle(input, '::placeholder');
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const box = getComputedStyle(input);
    const room = input.clientWidth - parseFloat(box.paddingInlineStart) - parseFloat(box.paddingInlineEnd);
    return {text: input.placeholder, drawn: ctx.measureText(input.placeholder).width, room};
}"""


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("theme", ["default", "poster"])
def test_search_placeholder_is_not_cut(request, theme, width, serve, page_at):
    built = request.getfixturevalue("built_example" if theme == "default" else "built_poster")
    page = page_at(width)
    page.goto(serve(built).url(GALLERY))
    page.wait_for_load_state("load")
    fit = page.evaluate(PLACEHOLDER_ROOM)
    assert fit["text"], "the search box has a placeholder"
    assert fit["drawn"] <= fit["room"], f"{theme} at {width}px: '{fit['text']}' needs {fit['drawn']:.0f}px, has {fit['room']:.0f}px"
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# A point inside the open menu's list that is no link (its padding or the gap between two links).
SPOT_IN_LIST = """() => {
    const list = document.querySelector('.menu__list');
    const r = list.getBoundingClientRect();
    for (let y = r.top + 1; y < r.bottom; y += 1) {
        for (const x of [r.left + 2, r.right - 3]) {
            const hit = document.elementFromPoint(x, y);
            if (hit && list.contains(hit) && !hit.closest('a')) return [x, y];
        }
    }
    return null;
}"""


def _menu(page):
    """The campaigns menu: the header's first menu (a site with organiser's pages also has a "More" menu)."""
    return page.locator("details.menu").first


def _is_open(page) -> bool:
    return _menu(page).evaluate("d => d.open")


def _open_with_keyboard(page) -> None:
    page.focus("details.menu > summary")
    page.keyboard.press("Enter")
    assert _is_open(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_escape_closes_the_menu_and_focus_returns_to_its_summary(built_example, serve, page_at, width):
    page = page_at(width)
    page.goto(serve(built_example).url(GALLERY))
    _open_with_keyboard(page)
    page.keyboard.press("Tab")  # into the first campaign link
    assert page.evaluate("document.activeElement.closest('.menu__list') !== null")
    page.keyboard.press("Escape")
    assert not _is_open(page)
    assert page.evaluate("document.activeElement.matches('details.menu > summary')")
    page.keyboard.press("Enter")  # and it opens again from there
    assert _is_open(page)


def test_escape_elsewhere_leaves_the_page_alone(built_example, serve, page_at):
    page = page_at(1280)
    page.goto(serve(built_example).url(GALLERY))
    page.focus("#site-search-q")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "site-search-q"  # focus is not pulled to the menu
    assert not _is_open(page)


def test_a_click_outside_closes_the_menu_and_a_click_inside_does_not(built_example, serve, page_at):
    page = page_at(1280)
    page.goto(serve(built_example).url(GALLERY))
    page.click("details.menu > summary")
    assert _is_open(page)
    spot = page.evaluate(SPOT_IN_LIST)
    assert spot, "the open menu has a spot that is not a link"
    page.mouse.click(*spot)  # inside the menu, not on a link
    assert _is_open(page)
    page.mouse.click(1200, 600)  # the page's content
    assert not _is_open(page)
    page.click("details.menu > summary")
    assert _is_open(page)
    page.click("details.menu > summary")  # the summary itself still toggles
    assert not _is_open(page)


def test_tabbing_out_of_the_menu_closes_it(built_example, serve, page_at):
    page = page_at(1280)
    page.goto(serve(built_example).url(GALLERY))
    _open_with_keyboard(page)
    links = _menu(page).locator(".menu__list a").count()
    for _ in range(links + 1):
        page.keyboard.press("Tab")
    assert not _menu(page).evaluate("d => d.contains(document.activeElement)")
    assert not _is_open(page)


def test_the_menu_works_without_javascript(browser, built_example, serve):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(serve(built_example).url(GALLERY))
        page.click("details.menu > summary")
        assert _is_open(page)
        assert _menu(page).locator(".menu__list a").first.is_visible()
        page.click("details.menu > summary")
        assert not _is_open(page)
    finally:
        context.close()
