"""Tally: votes → one Tally per submission.  Every expected number is worked out in the comments."""
from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from crowdgallery.model import (
    Campaign,
    Site,
    SiteConfig,
    Submission,
    Tally,
    TallyRow,
    VoteFrame,
    VoteTable,
)
from crowdgallery.load.readers import columnar
from crowdgallery.problems import Location
from crowdgallery.rank.tally import tally_votes

HERE = Location("test", 1)


def campaign(cid: str, voting: str = "likes", scale=(1.0, 5.0)) -> Campaign:
    return Campaign(id=cid, title=cid.title(), loc=HERE, voting=voting, scale=scale)


def submission(sid: str, cid: str) -> Submission:
    return Submission(id=sid, title=sid, designers=("ada",), campaign=cid, loc=HERE)


def table(*rows) -> VoteTable:
    """rows: (submission, voter or None, value, timestamp or None); row i is line i + 2 of votes.csv."""
    t = VoteTable(files=["votes.csv"])
    for i, (sid, voter, value, stamp) in enumerate(rows):
        t.submission.append(sid)
        t.voter.append(voter)
        t.value.append(float(value))
        t.timestamp.append(stamp)
        t.line.append(i + 2)
        t.file.append(0)
    return t


def tally(campaigns, submissions: dict[str, str], votes: VoteTable = None, tally_rows=(), hidden=()):
    """submissions: id → campaign id.  Returns (tallies, warning lines)."""
    site = Site(config=SiteConfig(site_dir=Path("."), title="T"), campaigns=tuple(campaigns),
                designers=(), submissions=tuple(submission(s, c) for s, c in submissions.items()),
                votes=votes or VoteTable(), tally_rows=tuple(tally_rows), hidden=frozenset(hidden))
    stats: dict = {}
    tallies, problems = tally_votes(site, stats)
    assert all(p.severity == "warning" for p in problems)
    if columnar.available():  # the columnar tally must give the same tallies, chart counts and problems
        frame = VoteFrame(columnar.frame_of(site.votes) if len(site.votes) else None, list(site.votes.files))
        frame_stats: dict = {}
        assert tally_votes(replace(site, votes=frame), frame_stats) == (tallies, problems)
        assert frame_stats == stats
    return tallies, [str(p) for p in problems]


def test_one_vote_per_voter_per_submission_later_row_wins():
    # v1 likes 'a' twice (one vote), withdraws the like on 'b' (0 after 1), v2 likes both.
    tallies, warnings = tally([campaign("c")], {"a": "c", "b": "c"}, table(
        ("a", "v1", 1, None),
        ("b", "v1", 1, None),
        ("a", "v1", 1, None),
        ("a", "v2", 1, None),
        ("b", "v1", 0, None),
        ("b", "v2", 1, None),
    ))
    assert warnings == []
    assert tallies["a"] == Tally(count=2, up=2, down=0, total=2)  # v1 once + v2
    assert tallies["b"] == Tally(count=1, up=1, down=0, total=1)  # v1 withdrew, v2 stays


def test_later_by_timestamp_when_both_have_one():
    # updown.  v1: +1 at t=200, then a row listed later but older (t=100) saying -1: the +1 stands.
    #          v2: -1 at t=100, then +1 at t=300: the +1 stands.
    #          v3: -1 at t=500, then +1 with no timestamp: row order decides, the +1 stands.
    #          v4: +1 at t=400 and -1 at t=400: same moment, row order decides, the -1 stands.
    tallies, warnings = tally([campaign("c", "updown")], {"a": "c"}, table(
        ("a", "v1", 1, 200.0),
        ("a", "v1", -1, 100.0),
        ("a", "v2", -1, 100.0),
        ("a", "v2", 1, 300.0),
        ("a", "v3", -1, 500.0),
        ("a", "v3", 1, None),
        ("a", "v4", 1, 400.0),
        ("a", "v4", -1, 400.0),
    ))
    assert warnings == []
    # counted: v1 +1 (t=200), v2 +1 (t=300), v3 -1 (t=500: a row without a time is older than any row with one),
    # v4 -1 (t=400) → 2 up, 2 down, net 0; first/last come from the counted votes only: 200 and 500
    assert tallies["a"] == Tally(count=4, up=2, down=2, total=0, first=200.0, last=500.0)


def day(n: int) -> float:
    return datetime(2026, 1, n, tzinfo=timezone.utc).timestamp()


def test_equal_timestamps_the_later_row_wins():
    # (1, 01-05), (0, 01-05), (1, 01-04): the newest stamp is 01-05, held by two rows; of those the later
    # row (the withdrawal) wins, so the voter likes nothing.
    tallies, warnings = tally([campaign("c")], {"a": "c"}, table(
        ("a", "v", 1, day(5)), ("a", "v", 0, day(5)), ("a", "v", 1, day(4))))
    assert warnings == []
    assert tallies["a"].count == 0
    # the same with up/down: +1, -1 at the same moment, then an older +1: the -1 stands
    tallies, _ = tally([campaign("c", "updown")], {"a": "c"}, table(
        ("a", "v", 1, day(5)), ("a", "v", -1, day(5)), ("a", "v", 1, day(4))))
    assert (tallies["a"].up, tallies["a"].down) == (0, 1)


def test_rows_without_a_timestamp_are_older_than_any_row_with_one():
    # one voter: a like with no time, a withdrawal on 01-04, another like with no time.  Rows without a
    # time count as older than every stamped row (they come from before the tool recorded times), so the
    # withdrawal is the newest: no like.  Among unstamped rows, row order decides.
    tallies, _ = tally([campaign("c")], {"a": "c", "b": "c"}, table(
        ("a", "v", 1, None), ("a", "v", 0, day(4)), ("a", "v", 1, None),
        ("b", "v", 0, None), ("b", "v", 1, None)))
    assert tallies["a"].count == 0
    assert tallies["b"].count == 1
    # the rule is a total order, so every ordering of the same rows with distinct stamps gives one answer
    rows = [("a", "v", 1, None), ("a", "v", 0, day(3)), ("a", "v", 1, day(2)), ("a", "v", 1, None)]
    for order in itertools.permutations(rows):
        assert tally([campaign("c")], {"a": "c"}, table(*order))[0]["a"].count == 0, order


def test_first_and_last_are_the_counted_votes_times():
    # updown.  v1 votes up at t=100 and withdraws at t=150: nothing of v1 counts.
    # v2 votes up at t=1000, v3 down at t=2000, v4 up with no time.
    # Counted: v2 (t=1000), v3 (t=2000), v4 → first 1000, last 2000 (the withdrawal is not a vote).
    # ('hot' ranking ages an entry without a submitted date from its first vote.)
    tallies, _ = tally([campaign("c", "updown")], {"a": "c"}, table(
        ("a", "v1", 1, 100.0),
        ("a", "v1", 0, 150.0),
        ("a", "v2", 1, 1000.0),
        ("a", "v3", -1, 2000.0),
        ("a", "v4", 1, None),
    ))
    assert tallies["a"] == Tally(count=3, up=2, down=1, total=1, first=1000.0, last=2000.0)


def test_anonymous_rows_are_all_counted():
    # three anonymous likes, and v1 twice (one vote): 4 likes
    tallies, _ = tally([campaign("c")], {"a": "c"}, table(
        ("a", None, 1, None), ("a", None, 1, None), ("a", "v1", 1, None), ("a", None, 1, None), ("a", "v1", 1, None)))
    assert tallies["a"].count == 4


def test_likes_take_1_or_0():
    tallies, warnings = tally([campaign("c")], {"a": "c"}, table(
        ("a", "v1", 1, None),
        ("a", "v2", 2, None),    # line 3: not a like
        ("a", "v3", -1, None),   # line 4: not a like
        ("a", "v4", 0.5, None),  # line 5: not a like
        ("a", "v5", 0, None),    # a withdrawn like with nothing to withdraw: counts nothing, no warning
    ))
    assert tallies["a"] == Tally(count=1, up=1, total=1)
    assert warnings == ["votes.csv:3: warning: 3 votes skipped: likes voting takes 1 (or 0 to withdraw) as the value "
                        "(at votes.csv:3, votes.csv:4, votes.csv:5)"]


def test_updown_takes_plus_or_minus_1_or_0():
    tallies, warnings = tally([campaign("c", "updown")], {"a": "c"}, table(
        ("a", "v1", 1, None),
        ("a", "v2", -1, None),
        ("a", "v3", -1, None),
        ("a", "v3", 0, None),    # v3 withdraws the down vote
        ("a", "v4", 5, None),    # line 6: skipped
        ("a", None, 1, None),
    ))
    # v1 up, v2 down, anonymous up: 2 up, 1 down, net 1
    assert tallies["a"] == Tally(count=3, up=2, down=1, total=1)
    assert warnings == ["votes.csv:6: warning: 1 vote skipped: updown voting takes 1 or -1 (or 0 to withdraw) as the value "
                        "(at votes.csv:6)"]


def test_scores_must_be_on_the_scale():
    tallies, warnings = tally([campaign("stars", "score", (1.0, 5.0)), campaign("tens", "score", (0.0, 10.0))],
                              {"a": "stars", "b": "tens"}, table(
        ("a", "v1", 4, 10.0),
        ("a", "v2", 5, 20.0),
        ("a", "v3", 3.5, 30.0),
        ("a", "v4", 0, 40.0),    # line 5: below 1
        ("a", "v5", 6, 50.0),    # line 6: above 5
        ("b", "v1", 0, 60.0),    # 0 is on the 0–10 scale: a real score, not a withdrawal
        ("b", "v2", 10, 70.0),
        ("b", "v3", 10.5, 80.0),  # line 9: above 10
    ))
    # a: 4 + 5 + 3.5 = 12.5 over 3 scores; mean 4.1666…; score voting has no up/down
    assert tallies["a"] == Tally(count=3, up=0, down=0, total=12.5, first=10.0, last=30.0)
    assert tallies["a"].mean == pytest.approx(12.5 / 3)
    # b: 0 + 10 = 10 over 2 scores; mean 5
    assert tallies["b"] == Tally(count=2, total=10.0, first=60.0, last=70.0)
    assert warnings == [
        "votes.csv:5: warning: 2 votes skipped: the value is off the campaign's scale 1–5 "
        "(at votes.csv:5, votes.csv:6)",
        "votes.csv:9: warning: 1 vote skipped: the value is off the campaign's scale 0–10 (at votes.csv:9)",
    ]


def test_a_voters_later_score_replaces_the_earlier_one():
    tallies, _ = tally([campaign("s", "score")], {"a": "s"}, table(
        ("a", "v1", 2, 100.0), ("a", "v1", 5, 200.0), ("a", "v2", 3, None)))
    # v1's 5 replaces their 2; with v2's 3: 8 over 2 scores
    assert (tallies["a"].count, tallies["a"].total) == (2, 8.0)


def test_tally_rows_are_added_to_the_events():
    rows = [
        TallyRow("like-me", Location("totals.csv", 2), votes=10),
        TallyRow("like-me", Location("totals.csv", 3), up=4),  # likes read 'up' when there is no 'votes'
        TallyRow("up-me", Location("totals.csv", 4), up=3, down=1),
        TallyRow("rate-me", Location("totals.csv", 5), score_sum=7.5, score_count=2),
        TallyRow("rate-me", Location("totals.csv", 6), score_sum=20, score_count=2),  # mean 10: off the 1–5 scale
        TallyRow("ghost", Location("totals.csv", 7), votes=3),
    ]
    tallies, warnings = tally(
        [campaign("l"), campaign("u", "updown"), campaign("s", "score")],
        {"like-me": "l", "up-me": "u", "rate-me": "s"},
        table(("like-me", "v1", 1, None), ("like-me", "v2", 1, None), ("up-me", "v1", 1, None),
              ("rate-me", "v1", 4, None)),
        tally_rows=rows)
    # likes: 2 events + 10 + 4 = 16
    assert tallies["like-me"] == Tally(count=16, up=16, total=16)
    # updown: 1 up event + 3 up + 1 down = 4 up, 1 down; count 5, net 3
    assert tallies["up-me"] == Tally(count=5, up=4, down=1, total=3)
    # score: event 4 + sum 7.5 over 2 = 11.5 over 3 scores; the off-scale row is skipped
    assert tallies["rate-me"] == Tally(count=3, total=11.5)
    assert tallies["rate-me"].mean == pytest.approx(11.5 / 3)
    assert warnings == [
        "totals.csv:6: warning: 1 tally row skipped: the mean score is off the campaign's scale 1–5 "
        "(at totals.csv:6)",
        "totals.csv:7: warning: 1 tally row skipped: the submission they name does not exist "
        "(at totals.csv:7)",
    ]


def test_votes_for_unknown_submissions_warn_and_drafts_are_skipped_silently():
    tallies, warnings = tally([campaign("c")], {"a": "c"}, table(
        ("a", "v1", 1, None),
        ("secret", "v1", 1, None),  # a draft left out of this build
        ("gone", "v1", 1, None),    # line 4
        ("gone", "v2", 1, None),    # line 5
        ("secret", "v2", 1, None),
    ), tally_rows=[TallyRow("secret", Location("votes.csv", 7), votes=50)], hidden={"secret"})
    assert set(tallies) == {"a"}
    assert tallies["a"].count == 1
    assert warnings == ["votes.csv:4: warning: 2 votes skipped: the submission they name does not exist "
                        "(at votes.csv:4, votes.csv:5)"]


def test_submissions_without_votes_get_an_empty_tally():
    tallies, warnings = tally([campaign("c"), campaign("s", "score")], {"a": "c", "b": "s"})
    assert tallies == {"a": Tally(), "b": Tally()}
    assert tallies["b"].mean is None
    assert warnings == []


def test_voter_ids_do_not_leave_the_tally():
    tallies, _ = tally([campaign("c")], {"a": "c"}, table(("a", "voter-secret-42", 1, 5.0)))
    assert "voter-secret-42" not in repr(tallies)
