#!/usr/bin/env python3
"""Where a build's time goes: wall and CPU seconds of each stage of one real build.

    python benchmarks/stages.py SITE [--base-url URL] [--jobs N] [--cache-dir DIR] [--cache]

Runs ``crowdgallery.build.build`` once in this process (``--no-cache`` unless ``--cache``), into a
scratch folder, with each stage's function wrapped by a timer: the main process's CPU time
(``time.process_time``), the CPU time of the render workers it waited for (``os.times`` children),
and wall time.  Stages nest (load runs inside check), so the lines do not add up to the total; the
last line is the whole build.  The output is the same as an untimed build's: only the calls are timed.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from crowdgallery import build as build_module  # noqa: E402
from crowdgallery.load.fields import to_datetime  # noqa: E402
from crowdgallery.write import share_images  # noqa: E402
from crowdgallery.write.staging import Staging  # noqa: E402

# (label, object, attribute): the stage functions build.py calls, in pipeline order.
STAGES = [
    ("check: load every collection", build_module, "load_site"),
    ("check: tally the votes", build_module, "tally_votes"),
    ("check: rank", build_module, "rank_site"),
    ("check (all of the above and the theme)", build_module, "_check"),
    ("gallery views", build_module, "build_gallery"),
    ("images", build_module.images, "prepare_images"),
    ("plan the pages", build_module, "plan_site"),
    ("share images", share_images, "prepare"),
    ("page cache: start", build_module.PageCache, "start"),
    ("render (main process waiting; workers below)", build_module, "render_pages"),
    ("copy assets", Staging, "copy"),
    ("swap the output in", Staging, "commit"),
    ("page cache: finish", build_module.PageCache, "finish"),
]


def children_cpu() -> float:
    t = os.times()
    return t.children_user + t.children_system


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("site", type=Path)
    p.add_argument("--base-url", default=None)
    p.add_argument("--now", default="2026-07-01T00:00:00Z")
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("--cache-dir", type=Path, default=None)
    p.add_argument("--cache", action="store_true", help="use the build cache (default: --no-cache)")
    args = p.parse_args(argv)
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0])

    def wrap(label, fn):
        def timed(*a, **k):
            w, c, ch = time.perf_counter(), time.process_time(), children_cpu()
            try:
                return fn(*a, **k)
            finally:
                t = totals[label]
                t[0] += time.perf_counter() - w
                t[1] += time.process_time() - c
                t[2] += children_cpu() - ch
                t[3] += 1
        return timed

    for label, owner, name in STAGES:
        setattr(owner, name, wrap(label, getattr(owner, name)))
    with tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as scratch:
        cache_dir = args.cache_dir or Path(scratch) / "cache"
        options = build_module.Options(base_url=args.base_url, now=to_datetime(args.now), jobs=args.jobs,
                                       cache=args.cache, cache_dir=cache_dir)
        w, c, ch = time.perf_counter(), time.process_time(), children_cpu()
        result = build_module.build(args.site, Path(scratch) / "out", options)
        whole = (time.perf_counter() - w, time.process_time() - c, children_cpu() - ch)
    print(f"{args.site}: {result.pages:,} pages, {result.files:,} files, {result.pages_rendered:,} rendered, "
          f"{result.share_images_drawn:,} share images drawn; {datetime.now():%Y-%m-%d %H:%M}")
    print(f"{'stage':48} {'calls':>6} {'wall s':>8} {'cpu s':>8} {'workers s':>10}")
    for label, _, _ in STAGES:
        wall, cpu, kids, calls = totals[label]
        if calls:
            print(f"{label:48} {calls:6,} {wall:8.2f} {cpu:8.2f} {kids:10.2f}")
    print(f"{'the whole build':48} {1:6} {whole[0]:8.2f} {whole[1]:8.2f} {whole[2]:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
