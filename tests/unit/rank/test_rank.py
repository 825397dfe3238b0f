"""Tests for crowdgallery.rank.  Expected values are worked out by hand in the comments."""
from __future__ import annotations

import math

import pytest

from crowdgallery.model import RankingSpec, Tally
from crowdgallery.rank.methods import DEFAULT_BY_VOTING, METHODS, Method, Param, RankContext, campaign_mean, describe, resolve
from crowdgallery.rank.order import Ranked, RankInput, rank

NOW = 1_700_000_000.0
HOUR = 3600.0


def ctx(voting="likes", scale=(1.0, 5.0), now=NOW, mean=None):
    return RankContext(voting=voting, scale=scale, now=now, campaign_mean=mean)


def score(name, tally, context, **params):
    method = METHODS[name]
    full = {p.name: p.default for p in method.params} | params
    return method.score(tally, context, full)


# --- one test per method with hand-worked numbers ---------------------------

def test_count():
    assert score("count", Tally(count=7, total=7), ctx()) == 7


def test_net_updown_and_other_votings():
    # 7 up, 3 down: 7 - 3 = 4
    assert score("net", Tally(count=10, up=7, down=3, total=4), ctx("updown")) == 4
    # likes / scores have no down votes: net is the number of votes
    assert score("net", Tally(count=6, total=6), ctx("likes")) == 6
    assert score("net", Tally(count=3, total=13), ctx("score")) == 3


def test_mean_and_no_votes():
    # scores 4 + 4 + 5 = 13 over 3 votes = 4.3333...
    assert score("mean", Tally(count=3, total=13), ctx("score")) == pytest.approx(4.333333, abs=1e-6)
    # no votes: the scale minimum for score voting, 0 otherwise
    assert score("mean", Tally(), ctx("score", scale=(1, 5))) == 1
    assert score("mean", Tally(), ctx("score", scale=(0, 10))) == 0
    assert score("mean", Tally(), ctx("updown")) == 0


def test_wilson_8_up_2_down():
    # n = 10, p = 0.8, z = 1.96, z^2 = 3.8416
    #   z^2/2n = 0.19208, z^2/4n^2 = 0.009604, p(1-p)/n = 0.016
    #   sqrt(0.016 + 0.009604) = sqrt(0.025604) = 0.1600125;  z * that = 0.3136245
    #   (0.8 + 0.19208 - 0.3136245) / (1 + 0.38416) = 0.6784555 / 1.38416 = 0.490157
    got = score("wilson", Tally(count=10, up=8, down=2, total=6), ctx("updown"))
    assert got == pytest.approx(0.490157, abs=1e-4)
    # cross-check with the other algebraic form: (up + z^2/2 - z*sqrt(up*down/n + z^2/4)) / (n + z^2)
    assert got == pytest.approx((8 + 3.8416 / 2 - 1.96 * math.sqrt(8 * 2 / 10 + 3.8416 / 4)) / 13.8416, abs=1e-9)
    # and with the definition: the lower bound p0 solves (0.8 - p0)^2 = z^2 * p0 * (1 - p0) / n
    assert (0.8 - got) ** 2 == pytest.approx(3.8416 * got * (1 - got) / 10, rel=1e-9)


def test_wilson_likes_no_votes_and_z():
    # likes: p = 1, so the bound is n / (n + z^2) = 4 / 7.8416 = 0.51010
    assert score("wilson", Tally(count=4, total=4), ctx("likes")) == pytest.approx(0.51010, abs=1e-4)
    assert score("wilson", Tally(), ctx("updown")) == 0.0
    # z = 1: 1 up 0 down -> 1 / (1 + 1) = 0.5
    assert score("wilson", Tally(count=1, up=1, total=1), ctx("updown"), z=1.0) == pytest.approx(0.5)


def test_wilson_score_voting_maps_mean_onto_scale():
    # scale 1..5, two scores of 5: share (5-1)/4 = 1, n = 2 -> 2 / (2 + 3.8416) = 0.34235
    assert score("wilson", Tally(count=2, total=10), ctx("score")) == pytest.approx(0.34235, abs=1e-4)


def test_bayesian():
    # R = 8/2 = 4, v = 2, C = 3, m = 5: (2*4 + 5*3) / 7 = 23/7 = 3.285714
    got = score("bayesian", Tally(count=2, total=8), ctx("score", mean=3.0))
    assert got == pytest.approx(3.285714, abs=1e-6)
    # m = 10: (8 + 30) / 12 = 3.1666
    got = score("bayesian", Tally(count=2, total=8), ctx("score", mean=3.0), prior_weight=10)
    assert got == pytest.approx(3.166667, abs=1e-6)


def test_bayesian_no_votes_is_prior():
    assert score("bayesian", Tally(), ctx("score", mean=3.7)) == pytest.approx(3.7)
    assert score("bayesian", Tally(), ctx("score", mean=3.7), prior_weight=0) == pytest.approx(3.7)
    # no campaign mean: scale midpoint (1+5)/2 = 3 for scores, 0 for updown, 1 for likes
    assert score("bayesian", Tally(), ctx("score")) == 3
    assert score("bayesian", Tally(), ctx("updown")) == 0
    assert score("bayesian", Tally(), ctx("likes")) == 1


def test_hot():
    entry = [RankInput("a", NOW - 10 * HOUR, Tally(count=10, total=10))]
    # 10 likes, 10 hours old, gravity 1: 10 / (10 + 2) = 0.8333
    (r,) = rank(entry, METHODS["hot"], {"gravity": 1.0}, ctx("likes"))
    assert r.score == pytest.approx(0.833333, abs=1e-6)
    # gravity 1.8: 12^1.8 = e^(1.8 * ln 12) = e^(1.8 * 2.484907) = e^4.472832 = 87.604 -> 0.114149
    (r,) = rank(entry, METHODS["hot"], {"gravity": 1.8}, ctx("likes"))
    assert r.score == pytest.approx(0.114149, abs=1e-5)
    # updown points are up - down: (9 - 4) / (10 + 2) with gravity 1
    entry = [RankInput("a", NOW - 10 * HOUR, Tally(count=13, up=9, down=4, total=5))]
    (r,) = rank(entry, METHODS["hot"], {"gravity": 1.0}, ctx("updown"))
    assert r.score == pytest.approx(5 / 12)


def test_hot_age_sources_and_clamp():
    m, p = METHODS["hot"], {"gravity": 1.0}
    tally = Tally(count=6, total=6, first=NOW - 4 * HOUR)
    # submitted wins over first vote: 2 hours -> 6 / (2 + 2) = 1.5
    assert rank([RankInput("a", NOW - 2 * HOUR, tally)], m, p, ctx())[0].score == 1.5
    # no submitted date: first vote, 4 hours -> 6 / 6 = 1
    assert rank([RankInput("a", None, tally)], m, p, ctx())[0].score == 1.0
    # neither: age 0 -> 6 / 2 = 3
    assert rank([RankInput("a", None, Tally(count=6, total=6))], m, p, ctx())[0].score == 3.0
    # submitted in the future: age clamps to 0 -> 6 / 2 = 3
    assert rank([RankInput("a", NOW + 5 * HOUR, tally)], m, p, ctx())[0].score == 3.0


# --- ordering ------------------------------------------------------------

def likes(n):
    return Tally(count=n, total=n)


def test_competition_ranks():
    entries = [RankInput("c", None, likes(7)), RankInput("d", None, likes(3)),
               RankInput("a", None, likes(10)), RankInput("b", None, likes(7))]
    out = rank(entries, METHODS["count"], {}, ctx())
    assert [(r.id, r.rank, r.score) for r in out] == [("a", 1, 10), ("b", 2, 7), ("c", 2, 7), ("d", 4, 3)]
    assert all(isinstance(r, Ranked) for r in out)
    assert out[0].tally == likes(10)


def test_ties_by_submitted_then_id_none_last():
    entries = [RankInput("z-none", None, likes(5)), RankInput("late", 300.0, likes(5)),
               RankInput("b-early", 100.0, likes(5)), RankInput("a-early", 100.0, likes(5)),
               RankInput("a-none", None, likes(5)), RankInput("top", None, likes(6))]
    out = rank(entries, METHODS["count"], {}, ctx())
    assert [r.id for r in out] == ["top", "a-early", "b-early", "late", "a-none", "z-none"]
    assert [r.rank for r in out] == [1, 2, 2, 2, 2, 2]
    # input order does not matter
    assert rank(list(reversed(entries)), METHODS["count"], {}, ctx()) == out


def test_float_noise_does_not_split_ties():
    assert 0.1 + 0.2 != 0.3  # the noise is real
    # tally.count picks the score: x -> 0.1 + 0.2, y -> 0.3, w -> 0.30000001 (a real difference)
    fixed = Method("fixed", "test", (), lambda t, c, p: [0.1 + 0.2, 0.3, 0.30000001][t.count])
    out = rank([RankInput("x", None, likes(0)), RankInput("y", None, likes(1)),
                RankInput("w", None, likes(2))], fixed, {}, ctx())
    assert [(r.id, r.rank) for r in out] == [("w", 1), ("x", 2), ("y", 2)]


def test_rank_fills_default_params():
    out = rank([RankInput("a", None, Tally(count=10, up=8, down=2, total=6))], METHODS["wilson"], {}, ctx("updown"))
    assert out[0].score == pytest.approx(0.490157, abs=1e-4)


# --- resolve ---------------------------------------------------------------

@pytest.mark.parametrize("voting,name", [("likes", "count"), ("updown", "wilson"), ("score", "bayesian")])
def test_defaults_by_voting(voting, name):
    method, params = resolve(None, voting)
    assert method.name == name == DEFAULT_BY_VOTING[voting]
    assert params == {p.name: p.default for p in method.params}


def test_resolve_defaults_and_values():
    method, params = resolve(RankingSpec("wilson"), "updown")
    assert (method.name, params) == ("wilson", {"z": 1.96})
    method, params = resolve(RankingSpec(" Bayesian ", {"prior_weight": 10}), "score")
    assert (method.name, params) == ("bayesian", {"prior_weight": 10.0})
    assert isinstance(params["prior_weight"], float)
    assert resolve(RankingSpec("hot", {"gravity": "1.5"}), "likes")[1] == {"gravity": 1.5}
    assert resolve(RankingSpec("bayesian", {"prior_weight": 0}), "score")[1] == {"prior_weight": 0.0}
    assert resolve(RankingSpec("count"), "likes")[1] == {}


def test_resolve_unknown_method_lists_known():
    with pytest.raises(ValueError) as err:
        resolve(RankingSpec("popular"), "likes")
    assert str(err.value) == ("unknown ranking method 'popular'; "
                              "known methods: count, net, mean, wilson, bayesian, hot")


def test_resolve_unknown_param_lists_params():
    with pytest.raises(ValueError) as err:
        resolve(RankingSpec("wilson", {"confidence": 0.95}), "updown")
    assert str(err.value) == "ranking method 'wilson' has no parameter 'confidence'; its parameters: z"
    with pytest.raises(ValueError, match="'count' has no parameter 'z'; it takes no parameters"):
        resolve(RankingSpec("count", {"z": 1}), "likes")
    with pytest.raises(ValueError, match="no parameter '_submitted'"):
        resolve(RankingSpec("hot", {"_submitted": 1}), "likes")


@pytest.mark.parametrize("value", ["abc", None, True, [1], "nan", float("inf")])
def test_resolve_not_a_number(value):
    with pytest.raises(ValueError) as err:
        resolve(RankingSpec("hot", {"gravity": value}), "likes")
    assert str(err.value) == f"ranking parameter 'gravity' of 'hot' must be a number, got {value!r}"


def test_resolve_out_of_range():
    with pytest.raises(ValueError) as err:
        resolve(RankingSpec("wilson", {"z": 0}), "updown")
    assert str(err.value) == "ranking parameter 'z' of 'wilson' must be greater than 0, got 0"
    with pytest.raises(ValueError) as err:
        resolve(RankingSpec("bayesian", {"prior_weight": -1}), "score")
    assert str(err.value) == "ranking parameter 'prior_weight' of 'bayesian' must be at least 0, got -1"


def test_resolve_maximum():
    # no built-in method has a maximum; the rule still holds for one that does
    capped = Method("capped", "test", (Param("k", 1.0, "k", maximum=2.0),), lambda t, c, p: 0.0)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("crowdgallery.rank.methods.METHODS", {"capped": capped})
        with pytest.raises(ValueError, match="must be at most 2, got 2.5"):
            resolve(RankingSpec("capped", {"k": 2.5}), "likes")
        assert resolve(RankingSpec("capped", {"k": 2}), "likes")[1] == {"k": 2.0}


# --- campaign_mean and describe ----------------------------------------------

def test_campaign_mean():
    # (8 + 3) / (2 + 1) = 3.6667
    assert campaign_mean([Tally(count=2, total=8), Tally(count=1, total=3), Tally()]) == pytest.approx(11 / 3)
    assert campaign_mean(iter([Tally(count=4, total=-2)])) == -0.5
    assert campaign_mean([]) is None
    assert campaign_mean([Tally(), Tally()]) is None


def test_describe():
    m, p = resolve(None, "updown")
    assert describe(m, p) == ("Ranked by the lower bound of the 95% Wilson interval (z = 1.96) for the share "
                              "of positive votes, so a few votes count for less than many.")
    assert "the share of up votes" in describe(m, p, ctx=ctx("updown"))
    assert "68.3% Wilson interval (z = 1)" in describe(m, {"z": 1.0})
    m, _ = resolve(None, "score")
    assert describe(m, {"prior_weight": 10.0}, ctx=ctx("score", mean=3.1234)) == (
        "Bayesian average: each entry's mean score pulled towards the campaign mean (3.12) "
        "as if it had 10 extra votes at that mean.")
    assert "as if it had 1 extra vote at" in describe(m, {"prior_weight": 1.0})
    assert "to the power 1.8" in describe(METHODS["hot"], {"gravity": 1.8})
    assert describe(METHODS["mean"], {}, ctx=ctx("score", scale=(1, 5))).endswith("counts as 1.")
    assert describe(METHODS["count"], {}) == "Ranked by the number of counted votes."
    for method in METHODS.values():
        assert method.doc.endswith(".") and method.name in METHODS


def test_resolve_unknown_voting():
    with pytest.raises(ValueError, match="unknown voting 'stars'; known: likes, updown, score"):
        resolve(None, "stars")


def test_nan_score_ranks_last():
    odd = Method("odd", "test", (), lambda t, c, p: [float("nan"), 1.0, -5.0][t.count])
    out = rank([RankInput("n", None, likes(0)), RankInput("one", None, likes(1)),
                RankInput("neg", None, likes(2))], odd, {}, ctx())
    assert [(r.id, r.rank) for r in out] == [("one", 1), ("neg", 2), ("n", 3)]


def test_describe_with_context():
    b = METHODS["bayesian"]
    # no campaign mean yet: the prior is the scale midpoint (1 + 5) / 2 = 3
    assert "towards the campaign mean (no votes yet, so 3) as if it had 5 extra votes" in describe(
        b, {"prior_weight": 5.0}, ctx=ctx("score"))
    assert "each entry's mean vote pulled" in describe(b, {"prior_weight": 5.0}, ctx=ctx("updown", mean=0.25))
    assert "campaign mean (0.25)" in describe(b, {"prior_weight": 5.0}, ctx=ctx("updown", mean=0.25))
    assert describe(METHODS["hot"], {"gravity": 2.0}, ctx=ctx("updown")).startswith(
        "Ranked by up votes minus down votes divided by (age in hours + 2) to the power 2,")
    assert "every like is positive" in describe(METHODS["wilson"], {"z": 1.96}, ctx=ctx("likes"))


def test_wilson_without_up_votes_is_exactly_zero_and_ties_with_no_votes():
    # p = 0: (0 + z²/2n − z·sqrt(0 + z²/4n²)) / (1 + z²/n) = (z²/2n − z²/2n) / … = 0 for every n and z.
    for z in (1.96, 1.28155, 2.58, 3.0):
        for n in range(1, 60):
            got = score("wilson", Tally(count=n, down=n, total=-n), ctx("updown"), z=z)
            assert got == 0.0 and math.copysign(1.0, got) == 1.0, (z, n, got)
    # score voting: every score at the bottom of the scale maps to share 0
    assert score("wilson", Tally(count=7, total=7.0), ctx("score", scale=(1.0, 5.0))) == 0.0
    entries = [RankInput(f"d{n}", None, Tally(count=n, down=n, total=-n)) for n in (5, 10, 11)]
    entries += [RankInput("none", None, Tally()), RankInput("top", None, Tally(count=1, up=1, total=1))]
    out = rank(entries, METHODS["wilson"], {}, ctx("updown"))
    assert [(r.id, r.rank, r.score) for r in out] == [
        ("top", 1, pytest.approx(1 / (1 + 1.96 ** 2))), ("d10", 2, 0.0), ("d11", 2, 0.0), ("d5", 2, 0.0),
        ("none", 2, 0.0)]


def test_tied_float_scores_share_one_published_score():
    # within float noise: one rank, and the group's score is published for both (a rank shows one score)
    fixed = Method("fixed", "test", (), lambda t, c, p: [0.1 + 0.2, 0.3][t.count])
    out = rank([RankInput("x", None, likes(0)), RankInput("y", None, likes(1))], fixed, {}, ctx())
    assert [r.rank for r in out] == [1, 1] and out[0].score == out[1].score
