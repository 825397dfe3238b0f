"""The poster theme (dark, AA contrast) passes axe-core on every page type, at phone and desktop widths."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from crowdgallery.cli import main

from .test_accessibility import PAGE_TYPES, _path, open_page

EXAMPLE = Path(__file__).resolve().parents[2] / "example_site"


@pytest.fixture(scope="module")
def built_poster(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("poster") / "site"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns("_site"))
    config = (site / "site.yaml").read_text(encoding="utf-8")
    assert "\ntheme: default\n" in config
    (site / "site.yaml").write_text(config.replace("\ntheme: default\n", "\ntheme: poster\n"), encoding="utf-8")
    out = site.parent / "out"
    result = CliRunner().invoke(main, ["build", str(site), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "static" / "poster.css").is_file()
    return out


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_poster_page_has_no_axe_violations(built_poster, serve, page_at, axe, name, width):
    server = serve(built_poster)
    page = page_at(width)
    response = open_page(page, server.url(_path(built_poster, name, PAGE_TYPES[name])), name)
    assert response.status == 200
    # The 404 page links its stylesheet from base_url, which the test server is not; the embed card is
    # drawn by its own small stylesheet, for other sites' pages.
    if name not in ("404", "embed card"):
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(14, 14, 17)"  # dark wall
    violations = axe(page)
    assert violations == [], f"poster {name} at {width}px:\n" + json.dumps(violations, indent=1)
