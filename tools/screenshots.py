#!/usr/bin/env python3
"""Screenshots of every page type of the example site, at phone (390 px) and desktop (1280 px) width.

    python3 tools/screenshots.py OUT [--site example_site] [--full-page]

Builds the site into a temporary folder, serves it on 127.0.0.1, opens each page type in Debian's
Chromium (driven by Playwright, like the browser tests) and writes OUT/<page type>-<width>.png, for
people to look at.  Needs the test extras (pip install '.[test]') and chromium.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crowdgallery.build import Options, build

CHROMIUM = os.environ.get("CROWDGALLERY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = (390, 1280)
#: page type → path in the example site (None: the first tag page)
PAGES = {
    "home": "",
    "gallery": "campaigns/summer-tees-2026/",
    "idea-board": "campaigns/better-stores/",
    "hidden-tallies": "campaigns/winter-layers-2027/",
    "submission": "submissions/retro-sunset/",
    "photo-submission": "submissions/bothy-lights/",
    "designer": "designers/zoe-ng/",
    "leaderboard": "designers/",
    "results": "campaigns/summer-tees-2026/results/",
    "tag": None,
    "404": "404.html",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("out", type=Path, help="folder for the PNG files (created if missing)")
    p.add_argument("--site", type=Path, default=REPO / "example_site", help="the site to build (default: example_site)")
    p.add_argument("--full-page", action="store_true", help="the whole page, not just the first screen")
    args = p.parse_args(argv)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("error: playwright is not installed (pip install '.[test]')", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print("error: Chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="crowdgallery-shots-"))
    try:
        built = work / "site"
        build(args.site, built, Options())
        handler = functools.partial(_Quiet, directory=str(built))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        first_tag = sorted(t.name for t in (built / "tags").iterdir())[0] if (built / "tags").is_dir() else ""
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 900 if width > 600 else 844},
                                              device_scale_factor=1)
                page = context.new_page()
                for name, path in PAGES.items():
                    url = base + (path if path is not None else f"tags/{first_tag}/")
                    page.goto(url, wait_until="load")
                    if args.full_page:  # bring lazy images in, screen by screen, before the picture is taken
                        page.evaluate("""async () => {
                            for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {
                                scrollTo(0, y);
                                await new Promise(r => setTimeout(r, 50));
                            }
                            scrollTo(0, 0);
                        }""")
                        page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=10000)
                    target = args.out / f"{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=args.full_page)
                    print(target)
                context.close()
            browser.close()
        server.shutdown()
        server.server_close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
