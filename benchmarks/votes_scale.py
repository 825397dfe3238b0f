#!/usr/bin/env python3
"""Read and tally a site's votes with each reader, in fresh processes; print times and peak memory; compare.

    python benchmarks/votes_scale.py SITE [--reader csv|columnar|both]

``csv`` is the reference (the csv module, Python lists); ``columnar`` the
polars path (``pip install crowdgallery[fast]``).  Each run loads the site,
reads its votes and tallies them, and reports CPU and wall seconds for the
vote reading and the tally, and the process's peak RSS.  With ``both`` the
tallies, chart counts, newest vote and problems of the two are compared and
any difference is printed (exit 1).  For a 10,000,000-vote site make one with
``python benchmarks/generate.py SITE --size g100k``.
"""
from __future__ import annotations

import argparse
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(site: Path, reader: str, out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from crowdgallery.load.readers.columnar import read_votes_columnar
    from crowdgallery.load.readers.votes import read_votes
    from crowdgallery.load.site import load_site
    from crowdgallery.rank.tally import tally_votes

    read = read_votes_columnar if reader == "columnar" else read_votes
    figures: dict[str, float] = {}

    def timed_read(*args):
        cpu, wall = time.process_time(), time.perf_counter()
        result = read(*args)
        figures["read_cpu"], figures["read_wall"] = time.process_time() - cpu, time.perf_counter() - wall
        return result

    cpu, wall = time.process_time(), time.perf_counter()
    site, problems = load_site(site, votes_reader=timed_read)
    figures["load_cpu"], figures["load_wall"] = time.process_time() - cpu, time.perf_counter() - wall
    figures["votes"] = len(site.votes)
    cpu, wall = time.process_time(), time.perf_counter()
    stats: dict = {}
    tallies, tally_problems = tally_votes(site, stats)
    figures["tally_cpu"], figures["tally_wall"] = time.process_time() - cpu, time.perf_counter() - wall
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"tallies": tallies, "values": dict(stats["values"]), "days": dict(stats["days"]),
              "newest": stats["newest"], "problems": [str(p) for p in problems + tally_problems]}
    out.write_bytes(pickle.dumps((figures, result)))


def run(site: Path, reader: str, folder: Path) -> tuple[dict, dict]:
    out = folder / f"{reader}.pickle"
    subprocess.run([sys.executable, __file__, str(site), "--child", reader, "--out", str(out)], check=True,
                   env={**os.environ, "CROWDGALLERY_VOTES": reader})
    return pickle.loads(out.read_bytes())


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("site", type=Path)
    p.add_argument("--reader", choices=("csv", "columnar", "both"), default="both")
    p.add_argument("--child", choices=("csv", "columnar"), help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.site, args.child, args.out)
        return 0
    readers = ("csv", "columnar") if args.reader == "both" else (args.reader,)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for reader in readers:
            figures, results[reader] = run(args.site, reader, Path(folder))
            print(f"{reader:9} {figures['votes']:>11,} votes  read {figures['read_cpu']:6.1f} s CPU "
                  f"({figures['read_wall']:6.1f} s wall)  tally {figures['tally_cpu']:6.1f} s CPU "
                  f"({figures['tally_wall']:6.1f} s wall)  whole load {figures['load_cpu']:6.1f} s CPU  "
                  f"peak RSS {figures['peak_mb']:,.0f} MB", flush=True)
    if len(results) == 2:
        differ = [key for key in results["csv"] if results["csv"][key] != results["columnar"][key]]
        print("identical tallies, chart counts, clock and problems" if not differ else f"DIFFERENT: {differ}")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
