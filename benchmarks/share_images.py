#!/usr/bin/env python3
"""Benchmark the share images: a build with base_url, first with an empty image cache, then again.

    python benchmarks/share_images.py [--size full|small] [--repeat 1]

Uses the synthetic gallery of run.py (cached the same way) and a build cache in a
scratch folder under /dev/shm (else the system temp folder), given with
`--cache-dir`, so the image cache (its share/ folder) starts empty.  The first build draws every
image (one per submission, designer and campaign) in a process pool; the
repeat builds find them all in the cache and copy them.  Prints wall time, CPU
time and peak memory of each build, and the number and size of the images.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run  # noqa: E402  (benchmarks/run.py: the gallery cache and the timed build)

BASE_URL = "https://bench.example.org/gallery/"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", choices=sorted(run.SIZES), default="full")
    p.add_argument("--repeat", type=int, default=1, help="builds after the first (default 1)")
    args = p.parse_args(argv)
    problem = run.check_importable()
    if problem:
        print(f"cannot import crowdgallery: {problem}", file=sys.stderr)
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="crowdgallery-share-",
                                    dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    try:
        site = run.cached_site(run.SIZES[args.size], 1, True, scratch)
        cache_dir = scratch / "cache"
        cache = cache_dir / "share"
        print(f"size: {args.size}; output and cache under {scratch} ({run.filesystem_of(scratch)})")
        print(f"{'build':<8} {'wall s':>7} {'cpu s':>7} {'peak RSS':>9} {'images':>7} {'image MB':>9}")
        for n in range(1 + args.repeat):
            r = run.build_once(site, scratch / "out", run.NOW, scratch / f"build-{n}.log",
                               ("--base-url", BASE_URL, "--cache-dir", str(cache_dir)))
            images = list(cache.glob("*.jpg")) + list(cache.glob("*.png"))
            size = sum(i.stat().st_size for i in images)
            label = "first" if n == 0 else f"repeat {n}"
            print(f"{label:<8} {r['wall']:>7.2f} {r['cpu']:>7.2f} {r['rss'] / 1e6:>6,.0f} MB {len(images):>7,} "
                  f"{size / 1e6:>9.1f}", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
