"""Layout in Chromium at phone and desktop widths, both built-in themes: what a visitor would see as a fault."""
from __future__ import annotations

import pytest

IDEA_BOARD = "campaigns/better-stores/"

# Each row's rank badge and thumbnail as boxes (the rows with a picture).
ROW_BOXES = """() => Array.from(document.querySelectorAll('.grid--rows .card')).filter(c => c.querySelector('img'))
    .map(card => {
        const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
        const rank = Array.from(card.querySelectorAll('.rank, .card__rank')).find(el => el.offsetParent);
        return {title: card.querySelector('.card__title').innerText, rank: rank && box(rank),
                image: box(card.querySelector('img'))};
    })"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("theme", ["default", "poster"])
def test_idea_rows_keep_the_rank_badge_off_the_thumbnail(request, theme, width, serve, page_at):
    built = request.getfixturevalue("built_example" if theme == "default" else "built_poster")
    page = page_at(width)
    page.goto(serve(built).url(IDEA_BOARD))
    rows = page.evaluate(ROW_BOXES)
    assert len(rows) >= 3, "the example idea board has rows with a picture"
    for row in rows:
        assert row["rank"], f"{row['title']!r} shows its rank"
        assert not _overlap(row["rank"], row["image"]), f"{theme} at {width}px: the rank of {row['title']!r} covers its picture"


@pytest.mark.parametrize("name", ["results", "submission", "gallery", "idea board", "designer", "home"])
def test_dark_scheme_keeps_aa_contrast(browser, built_example, serve, name):
    """The default theme's dark colour scheme (the other tests see the light one): axe's contrast rule."""
    from .conftest import AXE
    from .test_accessibility import PAGE_TYPES, page_path

    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(serve(built_example).url(page_path(built_example, name, PAGE_TYPES[name])))
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("""async () => (await axe.run(document, {runOnly: ['color-contrast']})).violations
            .flatMap(v => v.nodes.map(n => n.target.join(' ') + ': ' + n.any.map(a => a.message).join(' ')))""")
        assert result == [], f"dark {name}:\n" + "\n".join(result[:10])
    finally:
        context.close()


@pytest.mark.parametrize("theme", ["default", "poster"])
def test_a_right_to_left_page_mirrors(request, theme, serve, page_at):
    """With dir="rtl" (an Arabic site) the layout mirrors: rank badges sit at the picture's right, the brand at
    the header's right, and a phone still has no horizontal scroll."""
    built = request.getfixturevalue("built_example" if theme == "default" else "built_poster")
    page = page_at(390)
    page.goto(serve(built).url("campaigns/summer-tees-2026/results/"))
    page.evaluate("document.documentElement.dir = 'rtl'")
    back = page.evaluate("getComputedStyle(document.querySelector('.breadcrumb a'), '::before').content")
    assert back == '"→ "', f"{theme}: the way back points {back} in a right-to-left page"
    box = page.evaluate("""() => {
        const r = el => el.getBoundingClientRect();
        const card = document.querySelector('.grid .card__media');
        const rank = card.querySelector('.rank');
        return {media: [r(card).left, r(card).right], rank: [r(rank).left, r(rank).right],
                brand: r(document.querySelector('.brand')).right, width: innerWidth,
                scroll: document.documentElement.scrollWidth};
    }""")
    mid = (box["media"][0] + box["media"][1]) / 2
    assert box["rank"][0] > mid, f"{theme}: the rank badge stays on the left in a right-to-left page: {box}"
    assert box["brand"] > box["width"] - 40, box
    assert box["scroll"] <= 390, box
