"""Browser test support: a real HTTP server, Debian's Chromium driven by Playwright, axe-core.

Chromium comes from the system (``apt-get install chromium``), never from
Playwright's own download; axe-core from ``npm ci`` in this folder.  Without
them these tests are skipped with the reason, unless CROWDGALLERY_BROWSER_TESTS
is ``required`` (as in CI), where a missing tool is a failure.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

HERE = Path(__file__).parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CROWDGALLERY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install '.[test]')"
    if not Path(CHROMIUM).exists():
        return "Chromium is not installed (apt-get install chromium)"
    if not AXE.is_file():
        return "axe-core is not installed (npm ci --prefix tests/browser)"
    return None


def require_browser_tools() -> None:
    reason = _missing()
    if reason:
        if os.environ.get("CROWDGALLERY_BROWSER_TESTS") == "required":
            pytest.fail(f"browser tests are required here but {reason}")
        pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Served:
    """A folder served over HTTP on 127.0.0.1 at a free port, optionally under a path prefix."""

    def __init__(self, folder: Path, prefix: str = ""):
        root = folder
        if prefix:  # serve folder at /prefix/ by serving a parent that holds it under that name
            holder = folder.parent / f".serve-{folder.name}"
            target = holder / prefix.strip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                target.symlink_to(folder.resolve(), target_is_directory=True)
            root = holder
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/{prefix.strip('/') + '/' if prefix else ''}"

    def url(self, path: str = "") -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve():
    """serve(folder, prefix="") → Served; every server is shut down after the test."""
    servers: list[Served] = []

    def start(folder: Path, prefix: str = "") -> Served:
        servers.append(Served(folder, prefix))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture(scope="session")
def browser():
    require_browser_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page_at(browser):
    """page_at(width, height=900) → a fresh page in its own context; closed after the test."""
    contexts = []

    def open_page(width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def axe():
    """axe(page) → the axe-core violations of the loaded page."""
    require_browser_tools()
    return axe_violations


def axe_violations(page) -> list[dict]:
    """Run axe-core on the loaded page; return its violations (id, impact, help, the first few targets)."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """example_site built once for the browser tests (read-only)."""
    from click.testing import CliRunner

    from crowdgallery.cli import main

    site = tmp_path_factory.mktemp("example") / "site"
    shutil.copytree(HERE.parents[1] / "example_site", site, ignore=shutil.ignore_patterns("_site"))
    out = site.parent / "out"
    result = CliRunner().invoke(main, ["build", str(site), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def built_poster(tmp_path_factory) -> Path:
    """example_site built with the poster theme, once for the browser tests (read-only)."""
    from click.testing import CliRunner

    from crowdgallery.cli import main

    site = tmp_path_factory.mktemp("poster") / "site"
    shutil.copytree(HERE.parents[1] / "example_site", site, ignore=shutil.ignore_patterns("_site"))
    config = (site / "site.yaml").read_text(encoding="utf-8")
    assert "\ntheme: default\n" in config
    (site / "site.yaml").write_text(config.replace("\ntheme: default\n", "\ntheme: poster\n"), encoding="utf-8")
    out = site.parent / "out"
    result = CliRunner().invoke(main, ["build", str(site), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "static" / "poster.css").is_file()
    return out
