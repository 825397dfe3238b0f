"""The same input gives the same site, byte for byte; the clock comes from the data unless --now says otherwise."""
from __future__ import annotations

import math
import shutil

import pytest
from conftest import SITES, cli, read_json, tree_bytes, write_files


@pytest.mark.parametrize("name", ["gallery", "unsafe", "warnings"])
def test_two_builds_give_identical_trees(tmp_path, name):
    # two copies in different places, built into different folders: no absolute path or time leaks in
    first = shutil.copytree(SITES / name, tmp_path / "a" / name)
    second = shutil.copytree(SITES / name, tmp_path / "b" / "elsewhere" / name)
    for site, out in ((first, tmp_path / "out1"), (second, tmp_path / "deeper" / "out2")):
        result = cli("build", site, "-o", out)
        assert result.exit_code == 0, result.output
    one, two = tree_bytes(tmp_path / "out1"), tree_bytes(tmp_path / "deeper" / "out2")
    assert one.keys() == two.keys()
    for rel in one:
        assert one[rel] == two[rel], rel
    assert str(tmp_path).encode() not in b"".join(one.values())


def test_rebuilding_in_place_gives_the_same_tree(site_copy, tmp_path):
    site = site_copy("gallery")
    assert cli("build", site, "-o", tmp_path / "out").exit_code == 0
    before = tree_bytes(tmp_path / "out")
    assert cli("build", site, "-o", tmp_path / "out").exit_code == 0
    assert tree_bytes(tmp_path / "out") == before


HOT_SITE = {
    "site.yaml": "title: Hot\n",
    "campaigns.yaml": "- {id: c, title: C, ranking: hot}\n",
    "designers.yaml": "- {id: ada}\n",
    "submissions.yaml": """
        - {id: old, title: Old, designer: ada, submitted: 2026-01-01}
        - {id: new, title: New, designer: ada, submitted: 2026-01-10}
        """,
    # 'old' gets 10 likes on its first day, 'new' 3 likes; the newest vote is 2026-01-11T00:00:00Z
    "votes.csv": "submission,voter,value,timestamp\n"
                 + "".join(f"old,v{i},1,2026-01-01T00:{i:02d}:00Z\n" for i in range(10))
                 + "new,v1,1,2026-01-10T06:00:00Z\nnew,v2,1,2026-01-11T00:00:00Z\nnew,v3,1,2026-01-10T12:00:00Z\n",
}


def hot_build(tmp_path, *args):
    site = write_files(tmp_path / "hot", HOT_SITE)
    out = tmp_path / "out"
    result = cli("build", site, "-o", out, *args)
    assert result.exit_code == 0, result.output
    entries = read_json(out / "api/campaigns/c.json")["entries"]
    return result.stdout, [(e["id"], e["rank"], e["score"]) for e in entries]


def test_the_default_clock_is_the_newest_vote(tmp_path):
    summary, entries = hot_build(tmp_path)
    assert "; clock 2026-01-11T00:00:00Z." in summary
    # hot = likes / (age in hours + 2) ^ 1.8, age from 'submitted' to the clock
    # old: 10 days = 240 h → 10 / 242^1.8 = 10 / 19,565 ≈ 0.000511
    # new:  1 day  =  24 h →  3 /  26^1.8 =  3 /    352.3 ≈ 0.00852  → the new entry leads
    assert [e[:2] for e in entries] == [("new", 1), ("old", 2)]
    assert entries[0][2] == pytest.approx(3 / 26 ** 1.8, abs=1e-6)  # the API rounds to 6 places
    assert entries[1][2] == pytest.approx(10 / 242 ** 1.8, abs=1e-6)
    assert entries[0][2] == pytest.approx(0.00852, abs=1e-5)


def test_now_changes_the_clock_and_the_hot_ranking(tmp_path):
    summary, entries = hot_build(tmp_path, "--now", "2026-01-01T02:00:00+01:00")
    assert "; clock 2026-01-01T01:00:00Z." in summary  # shown in UTC
    # old: 1 h old → 10 / 3^1.8 = 10 / 7.225 ≈ 1.384
    # new: submitted after the clock, so age 0 → 3 / 2^1.8 = 3 / 3.482 ≈ 0.8615  → the old entry leads
    assert [e[:2] for e in entries] == [("old", 1), ("new", 2)]
    assert entries[0][2] == pytest.approx(10 / 3 ** 1.8, abs=1e-6)  # the API rounds to 6 places
    assert entries[1][2] == pytest.approx(3 / 2 ** 1.8, abs=1e-6)
    assert math.isclose(entries[0][2], 1.384, abs_tol=1e-3)


def test_the_clock_without_votes(tmp_path):
    # no votes: the newest submission date; nothing dated at all: 1970
    site = write_files(tmp_path / "dated", {**HOT_SITE, "votes.csv": "submission,voter\n"})
    result = cli("build", site, "-o", tmp_path / "out1")
    assert result.exit_code == 0, result.output
    assert "; clock 2026-01-10T00:00:00Z." in result.stdout

    site = write_files(tmp_path / "undated", {**HOT_SITE, "votes.csv": "submission,voter\n",
                                              "submissions.yaml": "- {id: a, title: A, designer: ada}\n"})
    result = cli("build", site, "-o", tmp_path / "out2")
    assert result.exit_code == 0, result.output
    assert "; clock 1970-01-01T00:00:00Z." in result.stdout
