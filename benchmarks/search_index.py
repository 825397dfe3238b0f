#!/usr/bin/env python3
"""How big the search index is for the benchmark gallery, and how long it takes to make.

    python benchmarks/search_index.py [--submissions 10000] [--seed 1]

Generates the synthetic gallery (benchmarks/generate.py, cached like run.py does), loads, tallies and
ranks it as a build does, then writes the index (crowdgallery/search.py) and prints its size raw and
gzipped (what a phone downloads from a server that compresses JSON, as most static hosts do), the
number of entries, and the time taken.
"""
from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)

from crowdgallery.build import Options, check
from crowdgallery.load.fields import to_datetime
from crowdgallery.markup import CrowdText
from crowdgallery.plan.search import index_bytes
from crowdgallery.views.gallery import build_gallery


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--submissions", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    designers, votes = max(1, args.submissions // 5), args.submissions * 100
    site = HERE / ".cache" / f"search-s{args.submissions}-seed{args.seed}"
    if not (site / "site.yaml").is_file():
        generate.generate(site, submissions=args.submissions, designers=designers, campaigns=4, votes=votes,
                          seed=args.seed)
    checked = check(site, Options(now=to_datetime("2026-07-01T00:00:00Z")))
    gallery = build_gallery(checked.site, checked.rankings, checked.stats)
    started = time.perf_counter()
    data = index_bytes(gallery, CrowdText())
    seconds = time.perf_counter() - started
    packed = gzip.compress(data, compresslevel=6, mtime=0)
    print(f"search index for {len(gallery.entries):,} submissions ({len(gallery.designers):,} designers, "
          f"{len(gallery.tags):,} tags, {len(gallery.campaigns)} campaigns)")
    print(f"  raw:     {len(data) / 1024:8.1f} KiB  ({len(data) / len(gallery.entries):.0f} bytes per entry)")
    print(f"  gzipped: {len(packed) / 1024:8.1f} KiB  (level 6)")
    print(f"  made in  {seconds:8.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
