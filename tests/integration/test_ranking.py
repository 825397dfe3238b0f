"""Ranking as a visitor and a script see it: the published JSON, CSV and pages of small sites built here.

Each expected figure is worked out in the comments from the method's formula (docs/ranking.md).
"""
from __future__ import annotations

import csv
import io
import math
import re
from html import unescape
from pathlib import Path

import pytest
from conftest import (
    assert_no_traceback,
    build_site,
    cli,
    read_json,
    read_page,
    tree_bytes,
    write_files,
)

Z95 = 1.96


def entries_of(out, cid="c"):
    return read_json(out / f"api/campaigns/{cid}.json")["entries"]


def csv_rows(out, cid="c"):
    text = (out / f"campaigns/{cid}/results.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def card_stats(page_path) -> list[str]:
    """The text of each card's figures, in page order."""
    html = page_path.read_text(encoding="utf-8")
    blocks = re.findall(r'<p class="card__stats">(.*?)</p>', html, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", b)).split()) for b in blocks]


def table_rows(page_path) -> list[list[str]]:
    """The cells of the results page's ranking table, one list per row."""
    html = page_path.read_text(encoding="utf-8")
    body = re.search(r'id="ranking-caption".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [[" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split())
             for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


def site_with(tmp_path, campaign: str, submissions: list[str], votes: str, **more) -> "Path":
    files = {
        "site.yaml": "title: Ranking\n",
        "campaigns.yaml": campaign,
        "designers.yaml": "- {id: ada, name: Ada}\n",
        "submissions.yaml": "".join(f"- {{{s}, designer: ada}}\n" for s in submissions),
        "votes.csv": votes,
        **more,
    }
    return write_files(tmp_path / "site", files)


# --- Wilson: no up votes is exactly 0, one rank with the entries without votes -------------------------

def test_wilson_entries_without_up_votes_score_exactly_0_and_share_a_rank(tmp_path):
    # up/down with Wilson (z = 1.96).  'top' has 3 up; d5, d10, d11 have only down votes (5, 10, 11), 'none'
    # has no votes.  With p = 0 the lower bound (p + z²/2n − z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n) is
    # (z²/2n − z·z/2n) / … = 0 exactly, so the four share rank 2 (shown earlier-submitted first).
    subs = ["id: top, title: Top, submitted: 2026-01-01", "id: d5, title: D5, submitted: 2026-01-02",
            "id: d10, title: D10, submitted: 2026-01-03", "id: d11, title: D11, submitted: 2026-01-04",
            "id: none, title: None, submitted: 2026-01-05"]
    votes = "submission,voter,value\n" + "top,v1,1\ntop,v2,1\ntop,v3,1\n" + "".join(
        f"d{n},v{i},-1\n" for n in (5, 10, 11) for i in range(n))
    site = site_with(tmp_path, "- {id: c, title: C, voting: updown, ranking: wilson, status: closed}\n", subs, votes)
    out = build_site(site, tmp_path / "out")
    got = [(e["id"], e["rank"], e["score"]) for e in entries_of(out)]
    top = 3 / (3 + Z95 ** 2)  # p = 1: n / (n + z²)
    assert got[0] == ("top", 1, pytest.approx(top, rel=1e-12))
    assert got[1:] == [("d5", 2, 0.0), ("d10", 2, 0.0), ("d11", 2, 0.0), ("none", 2, 0.0)]
    assert all(math.copysign(1.0, e[2]) == 1.0 for e in got)
    assert [(r["id"], r["rank"], r["score"]) for r in csv_rows(out)][1:] == [
        ("d5", "2", "0.0"), ("d10", "2", "0.0"), ("d11", "2", "0.0"), ("none", "2", "0.0")]
    # no negative zero anywhere: JSON, CSV or HTML
    for rel, data in tree_bytes(out).items():
        if rel.endswith((".json", ".csv", ".html")):
            assert not re.search(rb"(?<![\w-])-0(\.0+)?(?![\w.])", data), rel


# --- the jury blend: ties by submitted date, then id ----------------------------------------------------

def test_jury_blend_ties_show_earlier_submitted_first_then_id(tmp_path):
    # count with jury_weight 0.5; likes x 4, w 2, y 2, z 0 → public rescaled 1, 0.5, 0.5, 0.
    # jury (1–10): x 1 → 0, w 5.5 → 0.5, y 5.5 → 0.5, z 1 → 0.
    # final = 0.5·public + 0.5·jury: x 0.5, w 0.5, y 0.5, z 0 → x, w, y tie at rank 1.
    # submitted: w and y on 01-01 (by id: w, y), x on 01-02 → w, y, x; then z at rank 4.
    subs = ["id: x, title: X, submitted: 2026-01-02", "id: y, title: Y, submitted: 2026-01-01",
            "id: w, title: W, submitted: 2026-01-01", "id: z, title: Z, submitted: 2026-01-03"]
    site = site_with(tmp_path, "- {id: c, title: C, status: closed, ranking: {method: count, jury_weight: 0.5}}\n",
                     subs, "submission,votes\nx,4\nw,2\ny,2\n",
                     **{"jury.csv": "submission,judge,score\nx,J,1\nw,J,5.5\ny,J,5.5\nz,J,1\n"})
    out = build_site(site, tmp_path / "out")
    assert [(e["id"], e["rank"], e["score"]) for e in entries_of(out)] == [
        ("w", 1, 0.5), ("y", 1, 0.5), ("x", 1, 0.5), ("z", 4, 0.0)]
    assert [r["id"] for r in csv_rows(out)] == ["w", "y", "x", "z"]


# --- the default clock: the newest counted vote --------------------------------------------------------

CLOCK_VOTES = ("submission,voter,value,timestamp\n"
               "a,v1,1,2026-01-01T00:00:00Z\n"
               "a,v2,1,2026-01-05T00:00:00Z\n"
               "b,v1,1,2026-01-09T00:00:00Z\n"
               "ghost,v1,1,2030-01-01T00:00:00Z\n"  # no such submission: skipped
               "b,v3,7,2030-02-01T00:00:00Z\n"  # not a like: skipped
               "a,v9,0,2026-01-10T00:00:00Z\n")  # a withdrawal with nothing to withdraw: still the newest event


def test_the_default_clock_is_the_newest_counted_vote_not_a_skipped_row(tmp_path):
    # hot (gravity 1.8), ages from 'submitted'.  The skipped rows dated 2030 do not move the clock; the
    # newest vote that counted is the withdrawal on 2026-01-10, so the clock is 2026-01-10T00:00:00Z.
    # a: 2 likes, submitted 01-01, 216 h old → 2 / 218^1.8;  b: 1 like, submitted 01-08, 48 h → 1 / 50^1.8
    subs = ["id: a, title: A, submitted: 2026-01-01", "id: b, title: B, submitted: 2026-01-08"]
    site = site_with(tmp_path, "- {id: c, title: C, ranking: hot}\n", subs, CLOCK_VOTES)
    for out in (tmp_path / "out", tmp_path / "again"):  # the second build reads the tally from the cache
        result = cli("build", site, "-o", out)
        assert_no_traceback(result)
        assert result.exit_code == 0, result.output
        assert "; clock 2026-01-10T00:00:00Z." in result.stdout
        got = {e["id"]: e["score"] for e in entries_of(out)}
        assert got == {"a": pytest.approx(2 / 218 ** 1.8, rel=1e-12), "b": pytest.approx(1 / 50 ** 1.8, rel=1e-12)}


# --- precision: published scores tell the ranks apart; parameters shown as given ------------------------

def test_published_scores_keep_the_digits_that_tell_ranks_apart(tmp_path):
    # hot with gravity 3, a year-old campaign: 3, 2 and 1 likes on entries 8760 h old →
    # 3 / 8762³ ≈ 4.5e-12, 2 / 8762³, 1 / 8762³: rounded to 6 places all were 0.0
    subs = [f"id: e{n}, title: E{n}, submitted: 2025-01-01" for n in (1, 2, 3)]
    votes = "submission,voter,value,timestamp\n" + "".join(
        f"e{n},v{i},1,2025-01-01T00:00:00Z\n" for n in (1, 2, 3) for i in range(n))
    site = site_with(tmp_path, "- {id: c, title: C, ranking: {method: hot, gravity: 3}}\n", subs, votes)
    out = build_site(site, tmp_path / "out", "--now", "2026-01-01T00:00:00Z")
    got = [(e["id"], e["rank"], e["score"]) for e in entries_of(out)]
    age = 8760 + 2
    assert got == [("e3", 1, pytest.approx(3 / age ** 3, rel=1e-12)), ("e2", 2, pytest.approx(2 / age ** 3, rel=1e-12)),
                   ("e1", 3, pytest.approx(1 / age ** 3, rel=1e-12))]
    scores = [float(r["score"]) for r in csv_rows(out)]
    assert scores == [pytest.approx(n / age ** 3, rel=1e-12) for n in (3, 2, 1)]
    submissions = {s["id"]: s["score"] for s in read_json(out / "api/submissions.json")["submissions"]}
    assert submissions == {e[0]: e[2] for e in got}
    # the cards and the results table, too, show figures that differ where the ranks differ
    shown = [row[3] for row in table_rows(out / "campaigns/c/results/index.html")]
    assert len(set(shown)) == 3, shown


def test_the_parameter_table_shows_parameters_as_given(tmp_path):
    subs = ["id: a, title: A", "id: b, title: B"]
    site = site_with(tmp_path, "- {id: c, title: C, voting: updown, ranking: {method: wilson, z: 1.28155, "
                               "jury_weight: 0.004}}\n", subs, "submission,voter,value\na,v1,1\nb,v1,-1\n",
                     **{"jury.csv": "submission,judge,score\na,J,3\nb,J,4\n"})
    out = build_site(site, tmp_path / "out")
    text = read_page(out / "campaigns/c/results/index.html").text
    assert "z = 1.28155" in text and "z = 1.28 " not in text
    assert "jury_weight = 0.004" in text and "jury_weight = 0.00 " not in text
    assert "99.6% public vote + 0.4% jury" in text
    assert read_json(out / "api/campaigns/c.json")["ranking"]["z"] == 1.28155


# --- combinations that make no sense ---------------------------------------------------------------------

def errors_of(site) -> list[str]:
    result = cli("check", site)
    assert_no_traceback(result)
    assert result.exit_code == 1, result.output
    return [line for line in result.stderr.splitlines() if ": error: " in line]


@pytest.mark.parametrize("method", ["mean", "bayesian"])
def test_an_average_of_likes_is_refused_at_the_campaigns_line(tmp_path, method):
    campaigns = (f"- {{id: ok, title: OK, voting: score, ranking: {method}}}\n"
                 f"- {{id: c, title: C, voting: likes, ranking: {{method: {method}}}}}\n")
    site = site_with(tmp_path, campaigns, ["id: a, title: A, campaign: c"], "submission,voter\na,v1\n")
    errors = errors_of(site)
    assert len(errors) == 1, errors
    assert errors[0].startswith("campaigns.yaml:2: error: ")
    assert f"'{method}'" in errors[0] and "every like is worth 1" in errors[0]
    assert "count, wilson or hot" in errors[0]


def test_a_site_wide_average_that_a_likes_campaign_would_use_is_refused_at_site_yaml(tmp_path):
    # the score campaign uses the site's bayesian; the likes campaign has its own count; 'plain' falls back to
    # the site's ranking and is likes: that is the mistake, reported at site.yaml's 'ranking' line
    campaigns = ("- {id: s, title: S, voting: score}\n- {id: own, title: Own, ranking: count}\n"
                 "- {id: plain, title: Plain}\n")
    site = site_with(tmp_path, campaigns, ["id: a, title: A, campaign: s"], "submission,voter,value\na,v1,4\n",
                     **{"site.yaml": "title: Ranking\nranking: bayesian\n"})
    errors = errors_of(site)
    assert len(errors) == 1, errors
    assert errors[0].startswith("site.yaml:2: error: ")
    assert "'plain'" in errors[0] and "'own'" not in errors[0] and "'s'" not in errors[0]


def test_hot_on_score_voting_counts_low_ratings_against_an_entry(tmp_path):
    # scale 1–5, midpoint 3: a rating adds (rating − 3) / 2 points (+1 for a 5, −1 for a 1), like an up or a
    # down vote.  All entries submitted at the clock (age 0): hot = points / 2^1.8.
    # low: six 1-star ratings → −6;  high: one 5 → +1;  none: 0;  mid: 3 and 4 → 0 + 0.5 = 0.5
    subs = ["id: low, title: Low, submitted: 2026-01-01", "id: high, title: High, submitted: 2026-01-01",
            "id: none, title: None, submitted: 2026-01-01", "id: mid, title: Mid, submitted: 2026-01-01"]
    votes = ("submission,voter,value,timestamp\n" + "".join(f"low,v{i},1,2026-01-01T00:00:00Z\n" for i in range(6))
             + "high,v1,5,2026-01-01T00:00:00Z\nmid,v1,3,2026-01-01T00:00:00Z\nmid,v2,4,2026-01-01T00:00:00Z\n")
    site = site_with(tmp_path, "- {id: c, title: C, voting: score, ranking: hot}\n", subs, votes)
    out = build_site(site, tmp_path / "out")
    k = 2 ** 1.8
    assert [(e["id"], e["rank"], e["score"]) for e in entries_of(out)] == [
        ("high", 1, pytest.approx(1 / k, rel=1e-12)), ("mid", 2, pytest.approx(0.5 / k, rel=1e-12)),
        ("none", 3, 0.0), ("low", 4, pytest.approx(-6 / k, rel=1e-12))]
    assert "rating minus the middle of the scale" in read_page(out / "campaigns/c/results/index.html").text


# --- what a card shows explains its rank --------------------------------------------------------------

def test_bayesian_cards_show_the_weighted_rating_that_ranks_them(tmp_path):
    # scale 1–5, prior weight 5.  'lucky' and 'fluke' have one 5 each (a tie); 'steady' ten votes
    # 4, 4, 4, 4, 4, 4, 4, 4, 5, 4 → sum 41, mean 4.1.  Campaign mean C = (5 + 5 + 41) / 12 = 4.25.
    # lucky, fluke: (5 + 5·C) / 6 = 26.25 / 6 = 4.375;  steady: (41 + 5·C) / 15 = 62.25 / 15 = 4.15.
    # So the two with a single 5 lead; their raw mean (5.00) says little, the weighted rating says why.
    subs = ["id: lucky, title: Lucky, submitted: 2026-01-01", "id: steady, title: Steady, submitted: 2026-01-01",
            "id: fluke, title: Fluke, submitted: 2026-01-02"]
    steady = [4, 4, 4, 4, 4, 4, 4, 4, 5, 4]
    votes = ("submission,voter,value\nlucky,v0,5\nfluke,v0,5\n"
             + "".join(f"steady,v{i},{s}\n" for i, s in enumerate(steady)))
    site = site_with(tmp_path, "- {id: c, title: C, voting: score, scale: [1, 5]}\n", subs, votes)
    out = build_site(site, tmp_path / "out")
    c = (5 + 5 + 41) / 12
    lucky, steady_score = (5 + 5 * c) / 6, (41 + 5 * c) / 15  # 4.375, 4.1666…
    got = [(e["id"], e["rank"], e["score"]) for e in entries_of(out)]
    assert got == [("lucky", 1, pytest.approx(lucky, rel=1e-12)), ("fluke", 1, pytest.approx(lucky, rel=1e-12)),
                   ("steady", 3, pytest.approx(steady_score, rel=1e-12))]
    cards = card_stats(out / "campaigns/c/index.html")
    assert cards == ["4.38 / 5 1 vote, mean 5.00 ranked by weighted rating",
                     "4.38 / 5 1 vote, mean 5.00 ranked by weighted rating",
                     "4.15 / 5 10 votes, mean 4.10 ranked by weighted rating"]
    table = table_rows(out / "campaigns/c/results/index.html")
    assert [(row[0], row[3], row[4]) for row in table] == [
        ("1", "4.38 / 5", "1 vote, mean 5.00"), ("1", "4.38 / 5", "1 vote, mean 5.00"),
        ("3", "4.15 / 5", "10 votes, mean 4.10")]
    assert "Weighted rating" in read_page(out / "campaigns/c/results/index.html").text
    page = read_page(out / "submissions/lucky/index.html").text
    assert "Weighted rating 4.38 / 5" in page and "1 vote, mean 5.00" in page


def test_wilson_cards_show_the_bound_that_ranks_them(tmp_path):
    # up/down, Wilson z = 1.96.  'sure': 80 up, 1 down (+79);  'split': 300 up, 176 down (+124).
    # sure:  p = 80/81,  n = 81  → lower bound ≈ 0.9331;  split: p = 300/476, n = 476 → ≈ 0.5857.
    # The +79 idea ranks first; its card shows 93.3 %, the +124 one 58.6 %.
    def bound(up, down):
        n = up + down
        p = up / n
        return (p + Z95 ** 2 / (2 * n) - Z95 * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n))) / (1 + Z95 ** 2 / n)

    subs = ["id: sure, title: Sure", "id: split, title: Split"]
    votes = ("submission,voter,value\n" + "".join(f"sure,u{i},1\n" for i in range(80)) + "sure,d0,-1\n"
             + "".join(f"split,u{i},1\n" for i in range(300)) + "".join(f"split,d{i},-1\n" for i in range(176)))
    site = site_with(tmp_path, "- {id: c, title: C, voting: updown}\n", subs, votes)
    out = build_site(site, tmp_path / "out")
    assert [e["id"] for e in entries_of(out)] == ["sure", "split"]
    shown = [f"{bound(80, 1) * 100:.1f}%", f"{bound(300, 176) * 100:.1f}%"]
    assert shown == ["93.3%", "58.6%"]
    assert card_stats(out / "campaigns/c/index.html") == [
        f"{shown[0]} 81 votes (80 up, 1 down) ranked by Wilson score",
        f"{shown[1]} 476 votes (300 up, 176 down) ranked by Wilson score"]
    table = table_rows(out / "campaigns/c/results/index.html")
    assert [(row[3], row[4]) for row in table] == [(shown[0], "81 votes (80 up, 1 down)"),
                                                   (shown[1], "476 votes (300 up, 176 down)")]
    assert f"Wilson score {shown[0]}" in read_page(out / "submissions/sure/index.html").text


def test_plain_tallies_need_no_note(tmp_path):
    # likes ranked by count and up/down by net: the figure is the tally itself, no "ranked by" note
    subs = ["id: a, title: A, campaign: l", "id: b, title: B, campaign: u"]
    site = site_with(tmp_path, "- {id: l, title: L}\n- {id: u, title: U, voting: updown, ranking: net}\n", subs,
                     "submission,voter,value\na,v1,1\na,v2,1\nb,v1,1\nb,v2,-1\nb,v3,1\n")
    out = build_site(site, tmp_path / "out")
    assert card_stats(out / "campaigns/l/index.html") == ["2 ♥ 2 likes"]
    assert card_stats(out / "campaigns/u/index.html") == ["+1 3 votes (2 up, 1 down)"]
