"""The two vote readers (the csv module's, the reference; polars', the fast path) give the same results.

Each test writes a real site with vote files a spreadsheet or a voting tool really
writes, hostile ones included, reads and tallies it both ways, and compares
everything a user can see: the tallies, the chart counts, the build's clock, and
every problem with its file and line; then builds it both ways and compares
every output byte.
"""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from conftest import build_site, tree_bytes, write_files

pl = pytest.importorskip("polars")

from crowdgallery.load.readers.columnar import SWITCH, plain_frame, read_votes_columnar  # noqa: E402
from crowdgallery.load.readers.votes import read_votes  # noqa: E402
from crowdgallery.load.site import load_site  # noqa: E402
from crowdgallery.rank.tally import tally_votes  # noqa: E402

SITE = {
    "site.yaml": "title: Readers\n",
    "campaigns.yaml": (
        "- {id: tees, title: Tees, voting: likes, status: voting}\n"
        "- {id: mugs, title: Mugs, voting: updown, status: voting}\n"
        "- {id: bags, title: Bags, voting: score, scale: [0, 5], status: voting}\n"
    ),
    "designers.yaml": "- {id: ada, name: Ada}\n",
    "submissions.csv": "id,title,designer,campaign,submitted\n" + "".join(
        f"{c[0]}{i},{c} {i},ada,{c},2026-04-0{i}\n" for c in ("tees", "mugs", "bags") for i in range(1, 5))
    + "t9,Draft,ada,tees,2026-04-01\n",
}
HEADER = "submission,voter,value,timestamp\n"


def plain_rows() -> str:
    """A clean export: re-votes with equal, missing and later stamps, withdrawals, anonymous votes."""
    return HEADER + (
        "t1,v1,1,2026-05-01T10:00:00Z\n"
        "t1,v1,0,2026-05-01T10:00:00Z\n"       # same second: the later row withdraws the like
        "t1,v1,1,\n"                           # unstamped: earlier than any stamped row, ignored
        "t2,v1,1,\n"
        "t2,v1,0,\n"                           # two unstamped rows: the later row wins (withdrawn)
        "t2,v2,1,2026-05-02T00:00:00Z\n"
        "t2,,1,2026-05-03T00:00:00Z\n"         # anonymous: every such row counts
        "t2,,1,2026-05-03T00:00:00Z\n"
        "m1,v1,1,2026-05-01T09:00:00Z\n"
        "m1,v1,-1,2026-05-01T08:00:00Z\n"      # earlier time, later row: the 09:00 vote stays
        "m2,v3,-1,2026-05-04T00:00:00Z\n"
        "m2,v4,1,2026-05-04T23:59:59Z\n"
        "b1,v1,5,2026-05-01T12:00:00Z\n"
        "b1,v2,0,2026-05-01T12:00:00Z\n"       # 0 is a score on a 0–5 scale
        "b1,v1,2,2026-05-05T12:00:00Z\n"
        "b2,v5,3.5,2026-05-06\n"               # a date, not a moment: midnight UTC
        "b2,v6,4,2026-05-06T14:00:00+02:00\n"  # an offset
        "b2,v7,1,2026-05-06T14:00:00.250Z\n"   # fractions of a second
        "t9,v1,1,2026-05-07T00:00:00Z\n"       # a draft left out: skipped silently
        "zz,v1,1,2026-05-07T00:00:00Z\n"       # an unknown submission: skipped with a warning
        "b3,v1,7,2026-05-07T00:00:00Z\n"       # off the scale: skipped with a warning
        "m3,v1,2,2026-05-07T00:00:00Z\n"       # not 1 or -1: skipped with a warning
        "t3,v9,1,2026-05-08T00:00:00Z\n"
        "t3,v9,1,2026-05-07T00:00:00Z\n"       # a voter's earlier vote in a later row: one like
    )


HOSTILE = {
    "votes/a_plain.csv": plain_rows(),
    "votes/b_bad_rows.csv": HEADER + (
        "t4,v1,1,2026-05-01T10:00:00Z\n"
        "t4,v2,many,2026-05-01T10:00:00Z\n"     # not a number
        "t4,v3,1,2026-02-30T10:00:00Z\n"        # no such day
        "t4,v4,1,yesterday\n"                   # not ISO 8601
        ",v5,1,2026-05-01T10:00:00Z\n"          # no submission
        "t4,v6,1,2026-05-01T10:00:00Z,extra\n"  # a cell too many
        "t4,v7,inf,2026-05-01T10:00:00Z\n"      # not finite
        "t4,v8,1,0000-01-01T00:00:00Z\n"        # outside the calendar
    ),
    "votes/c_quoted.csv": HEADER + 't1,"v8",1,2026-05-02T00:00:00Z\n"m4,v8",1,2026-05-02T00:00:00Z\nb4,v8,4,\n'
                          '"b4",v9,2,2026-05-09T00:00:00Z\nt2,"two\nlines",1,\nb4,v10,3,\n',
    "votes/d_semicolon.csv": "submission;voter;value;timestamp\nm4;v1;1;2026-05-03T00:00:00Z\nm4;v1;-1;\n",
    "votes/e_blank_lines.csv": HEADER + "t3,v1,1,2026-05-01T00:00:00Z\n\n,,,\nt3,v2,1,\n",
    "votes/f_spaces.csv": HEADER + "t4, v1 ,1,2026-05-01T00:00:00Z\nb4,v3, 3 ,2026-05-02T00:00:00Z\n",
    "votes/g_tally.csv": "submission,up,down,votes,score_sum,score_count\nm3,4,1,,,\nb3,,,,9,3\nt3,,,x,,\n",
    "votes/h.yaml": "- {submission: t1, voter: v2, value: 1, timestamp: 2026-05-01T11:00:00Z}\n"
                    "- {submission: b2, voter: v5, value: 9}\n",
}
BINARY = {
    "votes/i_utf16.csv": codecs.BOM_UTF16_LE + "submission\tvoter\tvalue\ttimestamp\r\nt4\tv9\t1\t\r\n"
                         "b1\tv9\t4\t2026-05-03T00:00:00Z\r\n".encode("utf-16-le"),
    "votes/j_bom_crlf.csv": codecs.BOM_UTF8 + (HEADER + "m4,v2,1,2026-05-05T00:00:00Z\nb3,v2,2,\n")
                            .replace("\n", "\r\n").encode(),
    "votes/k_latin1.csv": (HEADER + "t1,Jos\xe9,1,2026-05-05T00:00:00Z\n").encode("latin-1"),
    "votes/l_lone_cr.csv": (HEADER + "t1,v3,1,\rt1,v4,1,\n").encode(),
}


def both(site: Path) -> dict:
    """What each reader gives for the site: tallies, chart counts, clock and problems (as the user reads them)."""
    seen = {}
    for name, reader in (("csv", read_votes), ("columnar", read_votes_columnar)):
        site_model, problems = load_site(site, votes_reader=reader)
        stats: dict = {}
        tallies, tally_problems = tally_votes(site_model, stats)
        seen[name] = {"tallies": tallies, "values": dict(stats["values"]), "days": dict(stats["days"]),
                      "newest": stats["newest"], "problems": [str(p) for p in problems + tally_problems],
                      "rows": len(site_model.votes)}
    return seen


def test_hostile_vote_files_give_the_same_tallies_and_problems_both_ways(tmp_path):
    site = write_files(tmp_path / "site", {**SITE, **HOSTILE, **BINARY})
    seen = both(site)
    assert seen["csv"] == seen["columnar"]
    # The comparison means something: the files hold problems of every kind, and votes that count.
    problems = "\n".join(seen["csv"]["problems"])
    for text in ("b_bad_rows.csv:3", "b_bad_rows.csv:4", "b_bad_rows.csv:6", "b_bad_rows.csv:7", "b_bad_rows.csv:9",
                 "a_plain.csv:21", "a_plain.csv:22", "a_plain.csv:23", "k_latin1.csv:2", "c_quoted.csv:6",
                 "g_tally.csv:4"):
        assert text in problems
    tallies = seen["csv"]["tallies"]
    # v1 withdrew at 10:00 (the later row of that second); v8 (quoted), v2 (h.yaml), v3 and v4 (a lone CR
    # ends a line for the csv module) like it.
    assert tallies["t1"].count == 4
    assert tallies["m1"].up == 1 and tallies["m1"].down == 0


def test_the_plain_export_takes_the_fast_path_and_the_others_do_not(tmp_path):
    site = write_files(tmp_path / "site", {**SITE, **HOSTILE, **BINARY})
    votes = site / "votes"
    assert plain_frame(votes / "a_plain.csv") is not None
    assert plain_frame(votes / "j_bom_crlf.csv") is not None  # a UTF-8 BOM and CRLF line ends are plain too
    for name in ("b_bad_rows.csv", "c_quoted.csv", "d_semicolon.csv", "e_blank_lines.csv", "f_spaces.csv",
                 "g_tally.csv", "i_utf16.csv", "k_latin1.csv", "l_lone_cr.csv"):
        assert plain_frame(votes / name) is None, name


def test_each_hostile_file_alone_gives_the_same_result_both_ways(tmp_path):
    files = {**HOSTILE, **BINARY}
    for name, content in files.items():
        site = write_files(tmp_path / name.replace("/", "_"), {**SITE, name: content})
        seen = both(site)
        assert seen["csv"] == seen["columnar"], name


def test_a_big_plain_file_read_in_several_chunks_matches(tmp_path):
    """Over 16 MiB, so the fast path reads it in chunks: rows, lines and re-votes across chunk borders."""
    lines = [HEADER.rstrip("\n")]
    for i in range(700_000):
        sid = f"b{1 + i % 4}"
        lines.append(f"{sid},v{i % 50_021},{i % 6},2026-05-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z")
    lines.append("zz,v1,1,2026-05-07T00:00:00Z")  # the last line, unknown: reported at its line
    site = write_files(tmp_path / "site", {**SITE, "votes.csv": "\n".join(lines)})
    assert (site / "votes.csv").stat().st_size > 16 * 2 ** 20
    seen = both(site)
    assert seen["csv"] == seen["columnar"]
    assert f"votes.csv:{len(lines)}" in "\n".join(seen["csv"]["problems"])


def test_builds_are_byte_identical_with_either_reader_and_share_one_cache(tmp_path, monkeypatch):
    errors = ("votes/c_quoted.csv", "votes/k_latin1.csv")  # stop a build: the rest only warn
    site = write_files(tmp_path / "site", {name: text for name, text in {**SITE, **HOSTILE, **BINARY}.items()
                                           if name not in errors})
    monkeypatch.setenv(SWITCH, "csv")
    reference = tree_bytes(build_site(site, tmp_path / "csv", "--no-cache", "--now", "2026-05-10T00:00:00Z"))
    monkeypatch.setenv(SWITCH, "columnar")
    cache = tmp_path / "cache"
    fast = tree_bytes(build_site(site, tmp_path / "fast", "--cache-dir", cache, "--now", "2026-05-10T00:00:00Z"))
    assert fast == reference
    monkeypatch.setenv(SWITCH, "csv")  # the cache the fast path left is read by the reference path
    (site / "votes" / "m_more.csv").write_text(HEADER + "t4,v1,1,2026-05-09T00:00:00Z\n", encoding="utf-8")
    again = tree_bytes(build_site(site, tmp_path / "again", "--cache-dir", cache, "--now", "2026-05-10T00:00:00Z"))
    monkeypatch.setenv(SWITCH, "columnar")
    cold = tree_bytes(build_site(site, tmp_path / "cold", "--no-cache", "--now", "2026-05-10T00:00:00Z"))
    assert again == cold and again != reference
