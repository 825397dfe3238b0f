"""The themes' own fonts: shipped in the site (no other host), loaded by Chromium, licences beside them."""
from __future__ import annotations

import pytest

PAGE = "campaigns/summer-tees-2026/results/"  # names with Latin Extended letters (Dvořák, Wiśniewski)
LOADED = """async () => { await document.fonts.ready;
    return Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family.replace(/"/g, '')); }"""


@pytest.mark.parametrize("theme, families", [("default", {"Inter"}), ("poster", {"Inter", "Bebas Neue"})])
def test_the_theme_fonts_load_from_the_site_itself(request, theme, families, serve, page_at):
    built = request.getfixturevalue("built_example" if theme == "default" else "built_poster")
    server = serve(built)
    page = page_at(390)
    fonts = []
    page.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
    page.goto(server.url(PAGE))
    page.wait_for_load_state("networkidle")
    assert families <= set(page.evaluate(LOADED)), f"{theme}: loaded {page.evaluate(LOADED)}"
    assert fonts and all(url.startswith(server.url("static/fonts/")) for url in fonts), fonts
    # Latin Extended is fetched because the page has such letters; each face's subsets are small.
    assert any("latin-ext" in url for url in fonts)
    for url in fonts:
        path = built / url[len(server.url()):]
        assert path.read_bytes()[:4] == b"wOF2" and path.stat().st_size < 64_000, path
    # Each preloaded font is one the page uses, and the preload matches it (as=font, crossorigin).
    preloads = page.eval_on_selector_all('link[rel="preload"][as="font"]',
                                         "ls => ls.map(l => [l.href, l.crossOrigin, l.type])")
    assert preloads and all(href in fonts and cors == "anonymous" and kind == "font/woff2"
                            for href, cors, kind in preloads), (preloads, fonts)
    # The licence of every face is published beside it.
    licences = {"Inter": "OFL-Inter.txt", "Bebas Neue": "OFL-BebasNeue.txt"}
    for family in families:
        text = (built / "static" / "fonts" / licences[family]).read_text(encoding="utf-8")
        assert "SIL Open Font License" in text and family.replace(" ", "-") in text.replace(" ", "-")
