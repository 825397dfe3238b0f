#!/usr/bin/env python3
"""How long reading a million votes takes in each way a spreadsheet or tool writes them.

    python benchmarks/vote_dialects.py [--votes 1000000] [--repeat 3]

Writes the synthetic votes.csv of generate.py, then the same rows ';'-separated,
as UTF-16 "Unicode text" (tab-separated, with a BOM) and as a column-mapped
export (other column names, values written 'up'/'down'), and times
``read_votes`` on each (best of ``--repeat``).  Only the comma-separated UTF-8
file takes the column-at-a-time fast path; the others are read row by row.
"""
from __future__ import annotations

import argparse
import codecs
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from crowdgallery.load.readers.votes import read_votes  # noqa: E402
from crowdgallery.model import Column, Source  # noqa: E402


def best(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        table, _rows, _problems = run()
        times.append(time.perf_counter() - start)
    return min(times), len(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        generate(site, submissions=1000, designers=200, campaigns=2, votes=args.votes)
        text = (site / "votes.csv").read_text(encoding="utf-8")
        (site / "semicolon.csv").write_text(text.replace(",", ";"), encoding="utf-8")
        (site / "unicode.csv").write_bytes(codecs.BOM_UTF16_LE + text.replace(",", "\t").encode("utf-16-le"))
        lines = text.split("\n")
        mapped = ["idea,user,vote,at"] + [line for line in lines[1:]]
        (site / "export.csv").write_text("\n".join(mapped), encoding="utf-8")
        source = Source("votes", (site / "export.csv",),
                        tuple(Column(ours, theirs) for ours, theirs in
                              zip(lines[0].split(","), ("idea", "user", "vote", "at"))),
                        {"value": {str(n): str(n) for n in range(6)}})
        cases = {"votes.csv (comma, UTF-8)": lambda: read_votes(site, [site / "votes.csv"]),
                 "';'-separated": lambda: read_votes(site, [site / "semicolon.csv"]),
                 "UTF-16 LE, tabs": lambda: read_votes(site, [site / "unicode.csv"]),
                 "mapped export": lambda: read_votes(site, [site / "export.csv"], source)}
        for name, run in cases.items():
            seconds, rows = best(args.repeat, run)
            print(f"{name:28} {rows:>10,} rows  {seconds:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
