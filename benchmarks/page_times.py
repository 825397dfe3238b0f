#!/usr/bin/env python3
"""Milliseconds of CPU per rendered page, by template, on a generated gallery.

    python benchmarks/page_times.py SITE [--base-url https://example.org/]

Builds SITE (a folder from generate.py) in this process with one job and no build cache, into a
scratch folder, timing each page's render (``render_page``) with ``time.process_time`` and grouping the
times by template.  It prints pages, total and mean ms per template.  Share images are drawn before
rendering and are not in these figures (share_images.py measures them).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from crowdgallery import build as build_module  # noqa: E402
from crowdgallery.load.fields import to_datetime  # noqa: E402
from crowdgallery.render import pages as render_module  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("site", type=Path)
    p.add_argument("--base-url", default=None)
    p.add_argument("--now", default="2026-07-01T00:00:00Z")
    args = p.parse_args(argv)
    times: dict[str, list[float]] = defaultdict(list)
    plain = render_module.render_page

    def timed(env, page, shared):
        started = time.process_time()
        data = plain(env, page, shared)
        times[page.template or "(data files)"].append(time.process_time() - started)
        return data

    render_module.render_page = timed  # the build's workers look the function up in this module
    with tempfile.TemporaryDirectory() as scratch:
        options = build_module.Options(now=to_datetime(args.now), base_url=args.base_url, jobs=1, cache=False)
        build_module.build(args.site, Path(scratch) / "out", options)
    print(f"{'template':<22} {'pages':>7} {'total s':>8} {'ms/page':>8}")
    for name, spent in sorted(times.items(), key=lambda item: -sum(item[1])):
        print(f"{name:<22} {len(spent):>7,} {sum(spent):>8.2f} {1000 * sum(spent) / len(spent):>8.2f}")
    every = [t for spent in times.values() for t in spent]
    print(f"{'all':<22} {len(every):>7,} {sum(every):>8.2f} {1000 * sum(every) / len(every):>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
