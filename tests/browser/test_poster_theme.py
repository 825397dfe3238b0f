"""The poster theme (dark, AA contrast) passes axe-core on every page type, at phone and desktop widths."""
from __future__ import annotations

import json

import pytest

from .test_accessibility import PAGE_TYPES, open_page, page_path


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_poster_page_has_no_axe_violations(built_poster, serve, page_at, axe, name, width):
    server = serve(built_poster)
    page = page_at(width)
    response = open_page(page, server.url(page_path(built_poster, name, PAGE_TYPES[name])), name)
    assert response.status == 200
    # The 404 page links its stylesheet from base_url, which the test server is not; the embed card is
    # drawn by its own small stylesheet, for other sites' pages.
    if name not in ("404", "embed card"):
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(14, 14, 17)"  # dark wall
    violations = axe(page)
    assert violations == [], f"poster {name} at {width}px:\n" + json.dumps(violations, indent=1)
