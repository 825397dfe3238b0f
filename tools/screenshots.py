#!/usr/bin/env python3
"""Screenshots of every page type of the example site, at phone (390 px) and desktop (1280 px) width,
in light and dark colour schemes, with each theme.

    python3 tools/screenshots.py OUT [--site example_site] [--full-page] [--theme default --theme poster]
                                     [--scheme light --scheme dark] [--width 390 --width 1280] [--only results]
                                     [--language ar]

Builds the site into a temporary folder (once per theme, the site's `theme:` line swapped), serves it on
127.0.0.1, opens each page type in Debian's Chromium (driven by Playwright, like the browser tests) and
writes OUT/<theme>-<page type>-<width>-<scheme>.png (OUT/<language>-<theme>-… with --language, which
swaps the site's `language:` line: `--language ar` for the right-to-left pages), for people to look at.  Needs the test extras
(pip install '.[test]') and chromium.
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
    "tags": "tags/",
    "404": "404.html",
}
THEMES = ("default", "poster")
SCHEMES = ("light", "dark")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("out", type=Path, help="folder for the PNG files (created if missing)")
    p.add_argument("--site", type=Path, default=REPO / "example_site", help="the site to build (default: example_site)")
    p.add_argument("--full-page", action="store_true", help="the whole page, not just the first screen")
    p.add_argument("--theme", action="append", choices=THEMES, help="a theme to capture (default: both)")
    p.add_argument("--scheme", action="append", choices=SCHEMES, help="a colour scheme (default: both)")
    p.add_argument("--width", action="append", type=int, help="a viewport width (default: 390 and 1280)")
    p.add_argument("--only", action="append", choices=[*PAGES, "search"], help="only these page types")
    p.add_argument("--language", help="build the site in this language (a BCP 47 code: ar, ja, pt-BR …)")
    p.add_argument("--print", dest="pdf", action="store_true", help="also print the results page to OUT/<theme>-results.pdf (A4)")
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
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            for theme in args.theme or THEMES:
                built = _build(args.site, work / theme, theme, args.language)
                handler = functools.partial(_Quiet, directory=str(built))
                server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
                threading.Thread(target=server.serve_forever, daemon=True).start()
                base = f"http://127.0.0.1:{server.server_address[1]}/"
                _capture(browser, base, built, theme, args)
                server.shutdown()
                server.server_close()
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _build(site: Path, work: Path, theme: str, language: str | None = None) -> Path:
    """The site built with `theme` (a copy of the site with its theme line swapped, and its language line
    when `language` is given)."""
    copy = work / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("_site", ".crowdgallery-cache"))
    config = (copy / "site.yaml").read_text(encoding="utf-8")
    swapped = ("theme:", "language:") if language else ("theme:",)
    lines = [line for line in config.splitlines() if not line.startswith(swapped)]
    lines += [f"theme: {theme}"] + ([f"language: {language}"] if language else [])
    (copy / "site.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    built = work / "out"
    build(copy, built, Options())
    return built


def _capture(browser, base: str, built: Path, theme: str, args) -> None:
    first_tag = sorted(t.name for t in (built / "tags").iterdir() if t.is_dir())[0] if (built / "tags").is_dir() else ""
    wanted = args.only or [*PAGES, "search"]
    for scheme in args.scheme or SCHEMES:
        for width in args.width or WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900 if width > 600 else 844},
                                          device_scale_factor=1, color_scheme=scheme)
            page = context.new_page()
            for name in wanted:
                path = PAGES.get(name, "")
                page.goto(base + (path if path is not None else f"tags/{first_tag}/"), wait_until="load")
                if name == "search":  # the header's search box with a few results open
                    page.fill("#site-search-q", "sun")
                    page.wait_for_selector("#site-search-results li", timeout=5000)
                if args.full_page:  # bring lazy images in, screen by screen, before the picture is taken
                    page.evaluate("""async () => {
                        for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {
                            scrollTo(0, y);
                            await new Promise(r => setTimeout(r, 50));
                        }
                        scrollTo(0, 0);
                    }""")
                    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=10000)
                prefix = f"{args.language}-" if args.language else ""
                target = args.out / f"{prefix}{theme}-{name}-{width}-{scheme}.png"
                page.screenshot(path=str(target), full_page=args.full_page and name != "search")
                print(target)
            if args.pdf and scheme == "light" and width == (args.width or WIDTHS)[0]:
                page.goto(base + PAGES["results"], wait_until="load")
                page.emulate_media(media="print")
                target = args.out / f"{theme}-results.pdf"
                page.pdf(path=str(target), format="A4")
                print(target)
            context.close()


if __name__ == "__main__":
    raise SystemExit(main())
