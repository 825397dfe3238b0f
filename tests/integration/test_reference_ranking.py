"""Every ranking method against a reference written here from the textbook formulas, on random campaigns.

The reference does not use crowdgallery's code.  It resolves re-votes from the rule in docs/ranking.md
(a stamped row is later than an unstamped one; later time wins; equal times and unstamped rows go by row
order; 0 withdraws a like or an up/down vote), then scores with:

- count, net, mean: the definitions;
- wilson: the closed formula of the Wilson score interval's lower bound,
  (p + z²/2n − z·sqrt(p(1 − p)/n + z²/4n²)) / (1 + z²/n);
- bayesian: IMDb's weighted rating, v/(v + m)·R + m/(v + m)·C;
- hot: Hacker News' points / (age in hours + 2)^gravity, points as docs/ranking.md defines them;
- the jury blend: (1 − w)·public rescaled to 0–1 + w·jury mean rescaled, jury-less entries last;

and orders with standard competition ranks (1, 2, 2, 4), ties shown earlier-submitted first, then by id.
The campaigns are random: re-votes with equal and missing timestamps, withdrawals, anonymous votes, copied
tallies (ties), entries without votes, dates shared by several entries.  Many seeds are checked through
``check`` (load, tally, rank), a few through the real ``build`` command and its published JSON.
"""
from __future__ import annotations

import math
import random
from datetime import datetime, timezone
from fractions import Fraction

import pytest
from conftest import build_site, read_json, write_files

from crowdgallery.build import Options, check

NOW = datetime(2026, 1, 20, tzinfo=timezone.utc)
DAY = 86400.0
METHODS_FOR = {"likes": ("count", "net", "wilson", "hot"),
               "updown": ("count", "net", "mean", "wilson", "bayesian", "hot"),
               "score": ("count", "net", "mean", "wilson", "bayesian", "hot")}
PARAMS = {"wilson": ("z", (1.0, 1.28155, 1.96, 2.58)), "bayesian": ("prior_weight", (0.0, 2.0, 5.0, 10.0)),
          "hot": ("gravity", (0.0, 1.0, 1.8))}


def stamp(day: int) -> float:
    return datetime(2026, 1, day, tzinfo=timezone.utc).timestamp()


# --- a random campaign ------------------------------------------------------------------------------------

def generate(seed: int) -> dict:
    rng = random.Random(seed)
    voting = rng.choice(("likes", "updown", "score"))
    method = rng.choice(METHODS_FOR[voting])
    params = {}
    if method in PARAMS:
        name, values = PARAMS[method]
        params[name] = rng.choice(values)
    weight = rng.choice((0.25, 0.5, 0.004, 1.0)) if rng.random() < 0.3 else 0.0
    scale = rng.choice(((1, 5), (0, 10))) if voting == "score" else (1, 5)
    values = {"likes": [1, 1, 1, 0], "updown": [1, 1, -1, 0], "score": list(range(scale[0], scale[1] + 1))}[voting]
    ids = [f"e{i:02d}" for i in range(rng.randint(3, 9))]
    submitted = {i: rng.choice((None, 1, 2, 2, 5)) for i in ids}
    rows: list[tuple] = []  # (submission, voter or None, value, day or None)
    for i in ids:
        if rng.random() < 0.15:
            continue  # no votes at all
        for v in range(rng.randint(0, 7)):
            for _ in range(rng.choice((1, 1, 2, 3))):  # re-votes
                rows.append((i, f"v{v}", rng.choice(values), rng.choice((None, 3, 4, 4, 6))))
        if rng.random() < 0.2:
            rows.append((i, None, rng.choice(values), rng.choice((None, 7))))
    if len(ids) > 3 and rng.random() < 0.6:  # a copy of another entry's votes: a tie
        src, dst = ids[0], ids[-1]
        rows = [r for r in rows if r[0] != dst] + [(dst,) + r[1:] for r in rows if r[0] == src]
        submitted[dst] = submitted[src]
    rng.shuffle(rows)
    jury = {i: [rng.randint(1, 10) for _ in range(rng.randint(1, 3))] for i in ids if rng.random() < 0.7}
    return dict(voting=voting, method=method, params=params, weight=weight, scale=scale, ids=ids,
                submitted=submitted, rows=rows, jury=jury)


def site_files(case: dict) -> dict[str, str]:
    ranking = {"method": case["method"], **case["params"]}
    if case["weight"]:
        ranking["jury_weight"] = case["weight"]
    spec = "{" + ", ".join(f"{k}: {v}" for k, v in ranking.items()) + "}"
    scale = f", scale: [{case['scale'][0]}, {case['scale'][1]}]" if case["voting"] == "score" else ""
    subs = "".join(f"- {{id: {i}, title: T{i}, designer: ada"
                   + (f", submitted: 2026-01-{d:02d}" if d else "") + "}\n"
                   for i, d in case["submitted"].items())
    votes = "submission,voter,value,timestamp\n" + "".join(
        f"{s},{v or ''},{x},{f'2026-01-{d:02d}T00:00:00Z' if d else ''}\n" for s, v, x, d in case["rows"])
    files = {"site.yaml": "title: Reference\n",
             "campaigns.yaml": f"- {{id: c, title: C, voting: {case['voting']}{scale}, ranking: {spec}}}\n",
             "designers.yaml": "- {id: ada}\n", "submissions.yaml": subs, "votes.csv": votes}
    if case["jury"]:
        files["jury.csv"] = "submission,judge,score\n" + "".join(
            f"{i},judge{j},{x}\n" for i, xs in case["jury"].items() for j, x in enumerate(xs))
    return files


# --- the reference -----------------------------------------------------------------------------------------

def counted_votes(case: dict) -> dict[str, list[tuple[float, float | None]]]:
    """Per entry, the (value, timestamp) of each vote that counts after re-votes and withdrawals."""
    winner: dict = {}
    for index, (sid, voter, value, day) in enumerate(case["rows"]):
        key = (sid, voter) if voter is not None else ("anonymous", index)
        order = (day is not None, stamp(day) if day else 0.0, index)
        if key not in winner or order > winner[key][0]:
            winner[key] = (order, sid, value, stamp(day) if day else None)
    out: dict = {i: [] for i in case["ids"]}
    for _, sid, value, when in winner.values():
        if value == 0 and case["voting"] != "score":
            continue  # a withdrawal
        out[sid].append((value, when))
    return out


def wilson_lower_bound(positive: float, n: int, z: float) -> float:
    if n == 0:
        return 0.0
    p = positive / n
    return (p + z * z / (2 * n) - z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n)


def reference_scores(case: dict) -> dict:
    votes = counted_votes(case)
    voting, method, p = case["voting"], case["method"], case["params"]
    lo, hi = case["scale"]
    everything = [v for vs in votes.values() for v, _ in vs]
    campaign_mean = Fraction(sum(everything)) / len(everything) if everything else None
    now = NOW.timestamp()
    scores = {}
    for i, vs in votes.items():
        values = [v for v, _ in vs]
        n, up, down = len(values), values.count(1), values.count(-1)
        if method == "count":
            s = n
        elif method == "net":
            s = up - down if voting == "updown" else n
        elif method == "mean":
            s = Fraction(sum(values)) / n if n else (lo if voting == "score" else 0)
        elif method == "wilson":
            if voting == "updown":
                s = wilson_lower_bound(up, up + down, p["z"])
            elif voting == "score":
                s = wilson_lower_bound(n * (sum(values) / n - lo) / (hi - lo) if n else 0, n, p["z"])
            else:
                s = wilson_lower_bound(n, n, p["z"])
        elif method == "bayesian":
            m = Fraction(p["prior_weight"])
            c = campaign_mean if campaign_mean is not None else (
                Fraction(lo + hi, 2) if voting == "score" else 0)
            s = c if n + m == 0 else (n / (n + m)) * (Fraction(sum(values)) / n if n else 0) + (m / (n + m)) * c
        else:  # hot
            if voting == "score":
                points = sum((v - (lo + hi) / 2) / ((hi - lo) / 2) for v in values)
            else:
                points = up - down if voting == "updown" else n
            d = case["submitted"][i]
            times = [t for _, t in vs if t is not None]
            start = stamp(d) if d else (min(times) if times else now)
            s = points / (max(0.0, (now - start) / 3600) + 2) ** p["gravity"]
        scores[i] = s
    return scores


def close(a, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def reference_ranking(case: dict) -> list[tuple[str, int, float]]:
    scores = reference_scores(case)
    w = case["weight"]
    if w:
        lo, hi = min(scores.values()), max(scores.values())
        blended = {}
        for i, s in scores.items():
            public = Fraction(s - lo) / Fraction(hi - lo) if not close(hi, lo) else 0
            has = i in case["jury"]
            jury = Fraction(sum(case["jury"][i]), len(case["jury"][i])) if has else None
            blended[i] = (has, (1 - Fraction(w)) * public + (Fraction(w) * (jury - 1) / 9 if has else 0))
        keyed = blended
    else:
        keyed = {i: (True, s) for i, s in scores.items()}
    by_score = sorted(case["ids"], key=lambda i: (keyed[i][0], float(keyed[i][1])), reverse=True)
    groups: list[list[str]] = []
    for i in by_score:
        first = groups[-1][0] if groups else None
        if first is not None and keyed[first][0] == keyed[i][0] and close(keyed[first][1], keyed[i][1]):
            groups[-1].append(i)
        else:
            groups.append([i])
    out = []
    for group in groups:
        place = len(out) + 1
        shown = sorted(group, key=lambda i: (case["submitted"][i] is None, case["submitted"][i] or 0, i))
        out += [(i, place, float(keyed[i][1])) for i in shown]
    return out


def assert_matches(got: list[tuple[str, int, float]], case: dict, seed: int) -> None:
    want = reference_ranking(case)
    about = f"seed {seed}: {case['voting']} {case['method']} {case['params']} jury_weight {case['weight']}"
    assert [(i, r) for i, r, _ in got] == [(i, r) for i, r, _ in want], about
    for (i, _, g), (_, _, w) in zip(got, want):
        assert close(g, w), (about, i, g, w)
    assert all(math.copysign(1.0, g) == 1.0 for _, _, g in got if g == 0), about


# --- the tests ---------------------------------------------------------------------------------------------

def test_the_generator_covers_every_method_and_the_hard_cases():
    cases = [generate(seed) for seed in range(300)]
    assert {(c["voting"], c["method"]) for c in cases} == {(v, m) for v, ms in METHODS_FOR.items() for m in ms}
    assert sum(1 for c in cases if c["weight"]) > 50
    rows = [r for c in cases for r in c["rows"]]
    assert any(r[2] == 0 for r in rows) and any(r[3] is None for r in rows) and any(r[1] is None for r in rows)
    assert any(len({r[3] for r in c["rows"] if r[:2] == k[:2]}) < sum(1 for r in c["rows"] if r[:2] == k[:2])
               for c in cases for k in c["rows"])  # re-votes with equal stamps
    assert sum(1 for c in cases if len({r for _, r, _ in reference_ranking(c)}) < len(c["ids"])) > 100  # ties


@pytest.mark.parametrize("seeds", [range(0, 150), range(150, 300)], ids=["0-149", "150-299"])
def test_check_ranks_like_the_reference(tmp_path, seeds):
    for seed in seeds:
        case = generate(seed)
        site = write_files(tmp_path / f"s{seed}", site_files(case))
        checked = check(site, Options(now=NOW))
        got = [(r.id, r.rank, r.score) for r in checked.rankings["c"].entries]
        assert_matches(got, case, seed)


@pytest.mark.parametrize("seed", [3, 17, 42, 1234])
def test_the_published_json_ranks_like_the_reference(tmp_path, seed):
    case = generate(seed)
    site = write_files(tmp_path / "site", site_files(case))
    out = build_site(site, tmp_path / "out", "--now", NOW.isoformat())
    got = [(e["id"], e["rank"], e["score"]) for e in read_json(out / "api/campaigns/c.json")["entries"]]
    assert_matches(got, case, seed)
