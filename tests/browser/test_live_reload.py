"""`crowdgallery serve` in a real browser: an open page reloads by itself when a data file changes."""
from __future__ import annotations

from conftest import write_files
from serving import SITE, Server

from .conftest import require_browser_tools


def test_open_page_reloads_itself_after_an_edit(tmp_path, page_at):
    require_browser_tools()
    site = write_files(tmp_path / "site", SITE)
    server = Server(site)
    try:
        page = page_at(1280)
        page.goto(f"http://127.0.0.1:{server.port}/submissions/a/")
        assert "First Wave" in page.inner_text("h1")
        page.evaluate("window.__notReloaded = true")
        page.wait_for_timeout(300)  # the event stream is open
        (site / "submissions.yaml").write_text("- {id: a, title: Edited Live, designer: ada}\n")
        page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText"
                               ".includes('Edited Live')", timeout=30000)
        assert page.evaluate("window.__notReloaded === undefined")  # a fresh page: it reloaded itself

        (site / "submissions.yaml").write_text("- {id: a, title: [broken\n")
        page.wait_for_selector("#crowdgallery-overlay", timeout=30000)
        assert "submissions.yaml:" in page.inner_text("#crowdgallery-overlay")
        assert "Edited Live" in page.inner_text("h1")  # the previous good page underneath
    finally:
        server.close()
