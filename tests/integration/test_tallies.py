"""Tallies counted elsewhere give the site the raw votes they were made from would give.

The tallies are made two ways, each independent of crowdgallery's own tally:
by the DuckDB SQL that docs/site-format.md shows (run as written, on a vote file
from benchmarks/generate.py with re-votes, equal and missing timestamps and
anonymous votes added), and by a few lines of Python in this file.  Each is
built and compared, byte for byte, with the build from the raw votes, and the
vote counts the pages publish are compared with this file's own count.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import build_site, cli, tree_bytes, write_files

ROOT = Path(__file__).resolve().parents[2]
NOW = ("--now", "2026-07-01T00:00:00Z")


def docs_duckdb_sql() -> str:
    text = (ROOT / "docs" / "site-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", text, re.S)
    return next(b for b in blocks if b.startswith("-- DuckDB"))


def generated_site(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate.generate(folder, submissions=120, designers=30, campaigns=2, votes=12_000, seed=3, voters=400)
    extra = [  # what a real export also holds: unstamped re-votes, equal stamps, anonymous votes
        "s001,v001,5,", "s001,v001,0,", "s002,v002,4,2026-06-01T10:00:00Z", "s002,v002,1,2026-06-01T10:00:00Z",
        "s003,,5,2026-06-02T00:00:00Z", "s003,,5,2026-06-02T00:00:00Z", "s004,,2,", "s005,v003,3,",
        "s005,v003,4,2026-06-03T12:00:00Z", "s005,v003,1,",
    ]
    with (folder / "votes.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(extra) + "\n")
    return folder


def python_tallies(votes: Path) -> list[dict]:
    """The reference: each voter's latest row by (stamped, time, row), anonymous rows each; then counted."""
    latest: dict = {}
    with votes.open(encoding="utf-8", newline="") as handle:
        for row_no, row in enumerate(csv.DictReader(handle)):
            stamp = datetime.fromisoformat(row["timestamp"]) if row["timestamp"] else None
            order = (stamp is not None, stamp or datetime.min.replace(tzinfo=timezone.utc), row_no)
            key = (row["submission"], row["voter"] or f"anonymous row {row_no}")
            if key not in latest or order > latest[key][0]:
                latest[key] = (order, float(row["value"] or 1), stamp)
    groups: dict = defaultdict(list)
    for (sid, _voter), (_order, value, stamp) in latest.items():
        groups[sid, stamp.date().isoformat() if stamp else "", value].append(stamp)
    return [{"submission": sid, "day": day, "value": value, "votes": len(stamps),
             "first": min(stamps).isoformat() if day else "", "last": max(stamps).isoformat() if day else ""}
            for (sid, day, value), stamps in sorted(groups.items())]


def write_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["submission", "day", "value", "votes", "first", "last"])
        writer.writeheader()
        writer.writerows(rows)


def published_votes(out: Path) -> dict:
    data = json.loads((out / "api" / "submissions.json").read_text(encoding="utf-8"))
    return {s["id"]: s["votes"] for s in data["submissions"]}


@pytest.fixture(scope="module")
def raw_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tallies")
    site = generated_site(folder / "raw")
    return site, tree_bytes(build_site(site, folder / "raw-out", "--no-cache", *NOW)), folder


def test_the_docs_duckdb_sql_gives_the_same_site_as_the_raw_votes(raw_build):
    duckdb = pytest.importorskip("duckdb")
    raw_site, raw_out, folder = raw_build
    site = folder / "duck"
    write_files(site, {p.name: p.read_bytes() for p in raw_site.iterdir() if p.name != "votes.csv"})
    sql = docs_duckdb_sql().replace("'votes.csv'", f"'{raw_site / 'votes.csv'}'") \
        .replace("'tallies.csv'", f"'{site / 'tallies.csv'}'")
    duckdb.connect().execute(sql)
    rows = (site / "tallies.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "submission,day,value,votes,first,last" and len(rows) > 1000
    out = build_site(site, folder / "duck-out", "--no-cache", *NOW)
    assert tree_bytes(out) == raw_out


def test_tallies_made_by_an_independent_reference_give_the_same_site(raw_build):
    raw_site, raw_out, folder = raw_build
    site = folder / "python"
    write_files(site, {p.name: p.read_bytes() for p in raw_site.iterdir() if p.name != "votes.csv"})
    rows = python_tallies(raw_site / "votes.csv")
    write_csv(site / "tallies" / "all.csv", rows)
    out = build_site(site, folder / "python-out", "--no-cache", *NOW)
    assert tree_bytes(out) == raw_out
    counts, sums = Counter(), Counter()
    for row in rows:
        counts[row["submission"]] += row["votes"]
        sums[row["submission"]] += row["value"] * row["votes"]
    published = published_votes(out)
    assert len(published) == 120
    for sid, votes in published.items():
        assert votes["count"] == counts[sid], sid
        if counts[sid]:
            assert votes["mean"] == round(sums[sid] / counts[sid], 6), sid
    assert counts["s003"] >= 2  # the two anonymous rows both count


LIKES_SITE = {
    "site.yaml": "title: Likes\n",
    "campaigns.yaml": "- {id: tees, title: Tees, voting: likes, status: voting, ranking: hot}\n"
                      "- {id: mugs, title: Mugs, voting: updown, status: voting}\n",
    "designers.yaml": "- {id: ada, name: Ada}\n",
    "submissions.csv": "id,title,designer,campaign\nt1,T1,ada,tees\nt2,T2,ada,tees\nm1,M1,ada,mugs\nm2,M2,ada,mugs\n",
}
LIKES_VOTES = ("submission,voter,value,timestamp\n"
               "t1,v1,1,2026-05-01T10:00:00Z\nt1,v2,1,2026-05-02T10:00:00Z\nt1,v2,0,2026-05-09T10:00:00Z\n"
               "t2,v1,1,2026-05-03T10:00:00Z\nt2,v3,1,\nm1,v1,1,2026-05-01T10:00:00Z\nm1,v2,-1,2026-05-01T11:00:00Z\n"
               "m1,v3,1,2026-05-04T11:00:00Z\nm2,v1,-1,2026-05-02T00:00:00Z\nm2,v1,1,2026-05-02T00:00:00Z\n")


def test_likes_up_down_hot_and_a_withdrawal_from_tallies_match_the_raw_votes(tmp_path):
    # t1: v2's withdrawal on 05-09 is the newest counted row: the clock, though it counts no like.
    raw = build_site(write_files(tmp_path / "raw", {**LIKES_SITE, "votes.csv": LIKES_VOTES}), tmp_path / "raw-out",
                     "--no-cache")
    votes = tmp_path / "votes.csv"
    votes.write_text(LIKES_VOTES, encoding="utf-8")
    site = write_files(tmp_path / "agg", LIKES_SITE)
    write_csv(site / "tallies.csv", python_tallies(votes))
    assert "t1,2026-05-09,0.0,1," in (site / "tallies.csv").read_text(encoding="utf-8")
    out = build_site(site, tmp_path / "agg-out", "--no-cache")
    assert tree_bytes(out) == tree_bytes(raw)
    # Counted by hand: t1 v1 (v2 withdrew); t2 v1, v3; m1 v1 up, v2 down, v3 up; m2 v1's later row (equal time): up.
    assert published_votes(out) == {"t1": {"count": 1}, "t2": {"count": 2}, "m1": {"count": 3, "up": 2, "down": 1},
                                    "m2": {"count": 1, "up": 1, "down": 0}}


def test_raw_votes_and_tallies_for_one_campaign_stop_the_build(tmp_path):
    site = write_files(tmp_path / "site", {**LIKES_SITE, "votes.csv": "submission,voter,value\nt1,v1,1\n",
                                           "tallies/extra.csv": "submission,day,value,votes,first,last\n"
                                                                "m1,,1,4,,\nt2,,1,3,,\n"})
    result = cli("build", site, "-o", tmp_path / "out", "--no-cache")
    assert result.exit_code == 1
    text = result.output + (result.stderr or "")
    assert "tallies/extra.csv:3" in text and "'tees'" in text and "raw votes" in text
    assert "'mugs'" not in text  # mugs has only tallies: fine
    assert not (tmp_path / "out").exists()


def test_unreadable_tally_rows_are_skipped_and_named_with_file_and_line(tmp_path):
    site = write_files(tmp_path / "site", {**LIKES_SITE, "tallies.csv": (
        "submission,day,value,votes,first,last\n"
        "t1,2026-05-01,1,2,2026-05-01T08:00:00Z,2026-05-01T09:00:00Z\n"
        "t1,2026-05-01,1,2.5,2026-05-01T08:00:00Z,2026-05-01T09:00:00Z\n"   # not a whole number
        "t2,2026-05-32,1,1,2026-05-01T08:00:00Z,2026-05-01T09:00:00Z\n"     # no such day
        "t2,2026-05-01,1,1,2026-05-02T08:00:00Z,2026-05-02T09:00:00Z\n"     # not on its day
        "t2,2026-05-01,1,1,,\n"                                             # no first and last
        "m1,,2,1,,\n"                                                       # not an up/down vote
        "zz,,1,1,,\n"                                                       # unknown submission
        ",,1,1,,\n"                                                         # no submission
    )})
    result = cli("build", site, "-o", tmp_path / "out", "--no-cache")
    text = result.output + (result.stderr or "")
    assert result.exit_code == 0, text
    for line in range(3, 10):
        assert f"tallies.csv:{line}" in text, line
    assert published_votes(tmp_path / "out")["t1"] == {"count": 2}
