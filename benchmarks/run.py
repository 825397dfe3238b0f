#!/usr/bin/env python3
"""Benchmark `crowdgallery build` on a synthetic gallery.

    python benchmarks/run.py [--size full|small] [--target shm|disk|both] [--repeat 2] [--keep]

Generates the site once (cached under benchmarks/.cache/), then builds it
--repeat times into each target folder — /dev/shm (tmpfs) and a folder on disk —
each build a fresh `python -m crowdgallery build` process.  For every build it
measures the wall time, the child's peak resident memory and CPU time (from
os.wait4), the number of .html pages and the output size, and prints best and
median per target.  See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)

SIZES = {
    "full": dict(submissions=10_000, designers=2_000, campaigns=4, votes=1_000_000),
    "small": dict(submissions=1_000, designers=200, campaigns=2, votes=50_000),
}
# The goals for the full size (docs/performance.md).
GOALS = {"shm": 8.0, "disk": 15.0}
GOAL_MEMORY_MB = 500
GOAL_INCREMENTAL = 1.0  # seconds, to rebuild after one changed submission (informational: not part of --check)
NOW = "2026-07-01T00:00:00Z"


# ---------------------------------------------------------------- machine

def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Hardware", "Processor", "cpu model"):
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def memory_total() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return "unknown"


def filesystem_of(path: Path) -> str:
    """The type of the filesystem holding path ('tmpfs', 'ext4', ...) from /proc/mounts."""
    try:
        target = os.path.realpath(path)
        best, fstype = "", "unknown"
        with open("/proc/mounts", encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) < 3:
                    continue
                mount = parts[1].replace("\\040", " ")
                inside = target == mount or target.startswith(mount.rstrip("/") + "/")
                if inside and len(mount) >= len(best):
                    best, fstype = mount, parts[2]
        return fstype
    except OSError:
        return "unknown"


# ---------------------------------------------------------------- site

def cached_site(params: dict, seed: int, use_cache: bool, scratch: Path) -> Path:
    """The generated site for params, from the cache or generated now."""
    if not use_cache:
        site = scratch / "site"
        print(f"generating site into {site} ...", flush=True)
        start = time.perf_counter()
        generate.generate(site, seed=seed, **params)
        print(f"  generated in {time.perf_counter() - start:.1f} s", flush=True)
        return site
    # The key includes a hash of generate.py, so editing the generator regenerates.
    digest = hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()[:10]
    key = (f"s{params['submissions']}-d{params['designers']}-c{params['campaigns']}"
           f"-v{params['votes']}-seed{seed}-g{digest}")
    site = CACHE / key
    if (site / ".complete").exists():
        print(f"using cached site {site.relative_to(REPO)}", flush=True)
        return site
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=CACHE))
    print(f"generating site into {site.relative_to(REPO)} ...", flush=True)
    start = time.perf_counter()
    try:
        generate.generate(partial, seed=seed, **params)
        (partial / ".complete").write_text("ok\n")
        os.chmod(partial, 0o755)  # mkdtemp makes it private
        if site.exists():  # an interrupted or stale attempt
            shutil.rmtree(site)
        os.replace(partial, site)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    print(f"  generated in {time.perf_counter() - start:.1f} s", flush=True)
    return site


def tree_stats(path: Path) -> tuple[int, int, int]:
    """(html pages, all files, total bytes) under path."""
    pages = files = size = 0
    for root, _dirs, names in os.walk(path):
        for name in names:
            files += 1
            if name.endswith(".html"):
                pages += 1
            try:
                size += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return pages, files, size


# ---------------------------------------------------------------- build

def child_env() -> dict:
    """Run against this checkout, whether or not crowdgallery is installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def check_importable() -> str | None:
    """None if `crowdgallery.cli` imports in a child interpreter, else the error text."""
    proc = subprocess.run([sys.executable, "-c", "import crowdgallery.cli"], cwd=REPO,
                          env=child_env(), capture_output=True, text=True)
    if proc.returncode == 0:
        return None
    lines = (proc.stderr or proc.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit code {proc.returncode}"


class BuildFailed(Exception):
    pass


def build_once(site: Path, out: Path, now: str, log: Path, extra: tuple[str, ...] = ()) -> dict:
    """One full build in a fresh process (no previous output, no build cache); wall time, rusage, output stats.

    Unless ``extra`` names a ``--cache-dir``, the build's cache folder is an empty one beside ``out``."""
    if out.exists():
        shutil.rmtree(out)
    if "--cache-dir" not in extra:
        cache = out.with_name(out.name + "-cache")
        shutil.rmtree(cache, ignore_errors=True)
        extra = (*extra, "--cache-dir", str(cache))
    cmd = [sys.executable, "-m", "crowdgallery", "build", str(site), "-o", str(out), "--now", now, "--no-cache",
           *extra]
    measured = run_build(cmd, log)
    pages, files, size = tree_stats(out)
    return dict(measured, pages=pages, files=files, size=size)


def run_build(cmd: list[str], log: Path) -> dict:
    """Run one build command in a fresh process: wall time and the child's own rusage."""
    with open(log, "wb") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, env=child_env(), stdin=subprocess.DEVNULL,
                                stdout=sink, stderr=subprocess.STDOUT)
        # wait4 gives this child's own rusage (RUSAGE_CHILDREN would be the max over all builds).
        while True:
            try:
                _pid, status, usage = os.wait4(proc.pid, 0)
                break
            except InterruptedError:
                continue
        wall = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-25:]
        what = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
        raise BuildFailed(f"the build failed ({what}):\n  $ {' '.join(cmd)}\n" +
                          "\n".join("  | " + line for line in tail))
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return dict(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss=rss)


def change_one_submission(site: Path, run: int) -> None:
    """Give the first submission of submissions.csv a new title (a different one each run)."""
    path = site / "submissions.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("title")
    rows[1][column] = f"Renamed for the incremental benchmark {run}"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def incremental_runs(site: Path, root: Path, now: str, repeat: int) -> list[dict]:
    """Rebuilds with the build cache and the previous output: after no change, after one changed submission.

    The generated site is copied first (its edits stay out of the shared copy) and given a build cache of
    its own (``--cache-dir``, beside the output, so no earlier run's cache is found); one build with the
    cache primes it; then each measured rebuild runs in a fresh process.
    """
    work, cache = root / "incremental-site", root / "incremental-cache"
    for folder in (work, cache):
        if folder.exists():
            shutil.rmtree(folder)
    shutil.copytree(site, work, ignore=shutil.ignore_patterns(".complete"))
    out = root / "incremental-out"
    cmd = [sys.executable, "-m", "crowdgallery", "build", str(work), "-o", str(out), "--now", now,
           "--format", "json", "--cache-dir", str(cache)]
    run_build(cmd, root / "incremental-prime.log")
    results = []
    for run in range(1, repeat + 1):
        for what in ("no change", "one submission changed"):
            if what != "no change":
                change_one_submission(work, run)
            log = root / f"incremental-{run}-{len(results)}.log"
            measured = run_build(cmd, log)
            summary = json.loads(log.read_text(encoding="utf-8"))["summary"]
            results.append(dict(measured, what=what, rendered=summary["pages_rendered"],
                                written=summary["pages_written"], pages=summary["pages"]))
    return results


# ---------------------------------------------------------------- report

def mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 10e6 else f"{n / 1e6:,.1f} MB"


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths)))
    print(line)
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark `crowdgallery build` on a synthetic gallery.")
    p.add_argument("--size", choices=sorted(SIZES), default="full",
                   help="full: 10,000 submissions / 1M votes (default); small: 1,000 / 50,000")
    p.add_argument("--target", choices=("shm", "disk", "both"), default="both",
                   help="build into /dev/shm (tmpfs), a folder on disk, or both (default)")
    p.add_argument("--repeat", type=int, default=2, help="builds per target (default 2)")
    p.add_argument("--keep", action="store_true", help="keep the output folders and print where they are")
    p.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    p.add_argument("--now", default=NOW, help=f"the --now passed to the build (default {NOW})")
    p.add_argument("--disk-dir", type=Path, default=None,
                   help="where the on-disk output goes (default: the system temp folder)")
    p.add_argument("--no-cache", action="store_true",
                   help="generate the site into the temp folder instead of benchmarks/.cache")
    p.add_argument("--no-incremental", dest="incremental", action="store_false",
                   help="skip the incremental rebuilds (with the build cache) after the full builds")
    p.add_argument("--check", action="store_true",
                   help="exit with status 3 if a full-size goal (time, memory) is missed")
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be at least 1")

    targets = ["shm", "disk"] if args.target == "both" else [args.target]
    if "shm" in targets and not os.path.isdir("/dev/shm"):
        print("error: /dev/shm does not exist on this machine; use --target disk", file=sys.stderr)
        return 2

    print(f"machine: {os.cpu_count()} cores, {cpu_model()}, {memory_total()} RAM")
    print(f"python:  {platform.python_implementation()} {platform.python_version()} ({sys.executable})")
    print(f"system:  {platform.system()} {platform.release()}")
    params = SIZES[args.size]
    print(f"size:    {args.size}: {params['submissions']:,} submissions, {params['designers']:,} designers, "
          f"{params['campaigns']} campaigns, {params['votes']:,} votes (seed {args.seed})")

    scratch = Path(tempfile.mkdtemp(prefix="crowdgallery-bench-"))
    out_roots: dict[str, Path] = {}
    try:
        site = cached_site(params, args.seed, not args.no_cache, scratch)

        problem = check_importable()
        if problem is not None:
            print(f"\nerror: cannot benchmark the build: `{sys.executable} -c 'import crowdgallery.cli'` "
                  f"failed in {REPO}:\n  {problem}\n"
                  "The crowdgallery package (with crowdgallery/cli.py) is needed to benchmark the build.",
                  file=sys.stderr)
            return 2

        for target in targets:
            if target == "shm":
                out_roots[target] = Path(tempfile.mkdtemp(prefix="crowdgallery-bench-", dir="/dev/shm"))
            else:
                base = args.disk_dir if args.disk_dir else scratch
                base.mkdir(parents=True, exist_ok=True)
                out_roots[target] = Path(tempfile.mkdtemp(prefix="out-", dir=base))
                fs = filesystem_of(out_roots[target])
                if fs in ("tmpfs", "ramfs"):
                    print(f"warning: the disk target {out_roots[target]} is on {fs}; "
                          "pass --disk-dir to build onto a real disk", file=sys.stderr)

        results: dict[str, list[dict]] = {t: [] for t in targets}
        # Interleave targets, so a slow phase of the machine hits both alike.
        for run in range(1, args.repeat + 1):
            for target in targets:
                out = out_roots[target] / "site"
                print(f"build {run}/{args.repeat} -> {target} ({out}) ...", end=" ", flush=True)
                try:
                    r = build_once(site, out, args.now, out_roots[target] / f"build-{run}.log")
                except BuildFailed as exc:
                    print("FAILED", flush=True)
                    print(f"error: {exc}", file=sys.stderr)
                    return 1
                results[target].append(r)
                print(f"{r['wall']:.2f} s, {r['rss'] / 1e6:.0f} MB, {r['pages']:,} pages", flush=True)

        # ------------------------------------------------------------ table
        full = args.size == "full"
        headers = ["target", "fs", "best s", "median s", "cpu s", "peak RSS", "pages", "pages/s", "files", "output"]
        if full:
            headers.append("goal")
        rows = []
        missed = []
        for target in targets:
            rs = results[target]
            walls = [r["wall"] for r in rs]
            best = min(rs, key=lambda r: r["wall"])
            peak = max(r["rss"] for r in rs)
            row = [
                "/dev/shm" if target == "shm" else "disk",
                filesystem_of(out_roots[target]),
                f"{best['wall']:.2f}",
                f"{statistics.median(walls):.2f}",
                f"{best['cpu']:.2f}",
                mb(peak),
                f"{best['pages']:,}",
                f"{best['pages'] / best['wall']:,.0f}" if best["wall"] > 0 else "-",
                f"{best['files']:,}",
                mb(best["size"]),
            ]
            if full:
                ok_time = best["wall"] < GOALS[target]
                ok_mem = peak < GOAL_MEMORY_MB * 1e6
                row.append(f"<{GOALS[target]:g} s {'ok' if ok_time else 'MISSED'}, "
                           f"<{GOAL_MEMORY_MB} MB {'ok' if ok_mem else 'MISSED'}")
                if not ok_time:
                    missed.append(f"{target}: best {best['wall']:.2f} s is not under {GOALS[target]:g} s")
                if not ok_mem:
                    missed.append(f"{target}: peak RSS {peak / 1e6:.0f} MB is not under {GOAL_MEMORY_MB} MB")
            rows.append(row)
        print()
        print(f"crowdgallery build, {args.size} size, {args.repeat} run(s) per target "
              f"(best and median wall time; cpu = user+sys of the best run; "
              f"peak RSS = largest over the runs, MB = 10^6 bytes)")
        print_table(headers, rows)

        # ------------------------------------------------------------ incremental
        if args.incremental:
            print()
            inc_rows = []
            for target in targets:
                print(f"incremental rebuilds -> {target} ...", flush=True)
                try:
                    runs = incremental_runs(site, out_roots[target], args.now, args.repeat)
                except BuildFailed as exc:
                    print(f"error: {exc}", file=sys.stderr)
                    return 1
                for what in ("no change", "one submission changed"):
                    rs = [r for r in runs if r["what"] == what]
                    best = min(rs, key=lambda r: r["wall"])
                    row = ["/dev/shm" if target == "shm" else "disk", what, f"{best['wall']:.2f}",
                           f"{statistics.median(r['wall'] for r in rs):.2f}", f"{best['cpu']:.2f}",
                           mb(max(r["rss"] for r in rs)), f"{best['rendered']:,}", f"{best['written']:,}",
                           f"{best['pages']:,}"]
                    if full and what != "no change":
                        row.append(f"<{GOAL_INCREMENTAL:g} s {'ok' if best['wall'] < GOAL_INCREMENTAL else 'MISSED'}")
                    elif full:
                        row.append("")
                    inc_rows.append(row)
            print()
            print(f"crowdgallery build with the build cache and the previous output, {args.repeat} run(s) each "
                  "(rendered = pages rendered again, written = pages whose file changed)")
            inc_headers = ["target", "rebuild after", "best s", "median s", "cpu s", "peak RSS", "rendered",
                           "written", "pages"] + (["goal"] if full else [])
            print_table(inc_headers, inc_rows)
        if missed:
            print("\ngoals missed:\n  " + "\n  ".join(missed))
        if args.keep:
            print("\nkept:")
            print(f"  site:   {site}")
            for target in targets:
                print(f"  {target}:{' ' * (6 - len(target))} {out_roots[target] / 'site'}  (logs alongside)")
        return 3 if (missed and args.check) else 0
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        if not args.keep:
            for root in out_roots.values():
                shutil.rmtree(root, ignore_errors=True)
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            try:
                scratch.rmdir()  # nothing kept in it (cached site, /dev/shm only)
            except OSError:
                pass


if __name__ == "__main__":
    sys.exit(main())
