"""Ranking: turn tallies into an ordered, explained leaderboard.

Pure functions: no I/O, no clock (the build passes its ``now`` in a RankContext), no
global state.  Each method is a named score function with documented parameters, so a
results page can say how it ranked (describe) and a typo in the ranking settings gets
an error listing what would be accepted (resolve).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, Sequence

from crowdgallery.model import RankingSpec, Site, Tally
from crowdgallery.problems import Problem


@dataclass(frozen=True, slots=True)
class Param:
    """One numeric parameter of a method; ``minimum``/``maximum`` are inclusive
    unless ``exclusive_minimum`` is set (a bound like "greater than 0")."""

    name: str
    default: float
    doc: str
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False


@dataclass(frozen=True, slots=True)
class Method:
    """A ranking method; ``score`` (higher is better) takes the full params from resolve()."""

    name: str
    doc: str
    params: tuple[Param, ...]
    score: Callable[[Tally, "RankContext", Mapping[str, float]], float]


@dataclass(frozen=True, slots=True)
class RankContext:
    """What a score may depend on besides the entry's own tally."""

    voting: str  # likes | updown | score
    scale: tuple[float, float]  # (min, max) for score voting
    now: float  # the build's clock, POSIX seconds
    campaign_mean: float | None  # mean over every counted vote, None without votes


@dataclass(frozen=True, slots=True)
class RankInput:
    id: str
    submitted: float | None  # POSIX seconds
    tally: Tally


@dataclass(frozen=True, slots=True)
class Ranked:
    id: str
    rank: int
    score: float
    tally: Tally


# --- score functions -------------------------------------------------------

_P = Mapping[str, float]


def _count(t: Tally, ctx: RankContext, p: _P) -> float:
    return float(t.count)


def _net(t: Tally, ctx: RankContext, p: _P) -> float:
    # Only updown has down votes; for likes and scores every vote is "up".
    return float(t.up - t.down) if ctx.voting == "updown" else float(t.count)


def _mean(t: Tally, ctx: RankContext, p: _P) -> float:
    floor = float(ctx.scale[0]) if ctx.voting == "score" else 0.0
    return floor if t.mean is None else t.mean


def _share(t: Tally, ctx: RankContext) -> tuple[float, float]:
    """(share of positive votes p, number of votes n) for the Wilson bound.

    Score voting has no up/down votes, so the mean is mapped onto 0..1 across
    the scale and each score counts as one trial (a common approximation).
    """
    if ctx.voting == "updown":
        n = t.up + t.down
        return (t.up / n if n else 0.0), float(n)
    if ctx.voting == "score":
        lo, hi = ctx.scale
        share = (t.mean - lo) / (hi - lo) if t.count and hi > lo else 0.0
        return min(1.0, max(0.0, share)), float(t.count)
    return 1.0, float(t.count)  # likes: every vote is up


def _wilson(t: Tally, ctx: RankContext, p: _P) -> float:
    share, n = _share(t, ctx)
    if n == 0:
        return 0.0
    z2 = p["z"] ** 2
    centre = share + z2 / (2 * n)
    spread = p["z"] * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n))
    return (centre - spread) / (1 + z2 / n)


def _prior(ctx: RankContext) -> float:
    """The value an entry is pulled towards: the campaign mean, else a neutral guess."""
    if ctx.campaign_mean is not None:
        return ctx.campaign_mean
    if ctx.voting == "score":
        return (ctx.scale[0] + ctx.scale[1]) / 2
    return 0.0 if ctx.voting == "updown" else 1.0


def _bayesian(t: Tally, ctx: RankContext, p: _P) -> float:
    c, m, v = _prior(ctx), p["prior_weight"], t.count
    if v + m == 0:
        return c
    return (v * (t.mean or 0.0) + m * c) / (v + m)


_SUBMITTED = "_submitted"


def _hot(t: Tally, ctx: RankContext, p: _P) -> float:
    points = {"likes": float(t.count), "updown": float(t.up - t.down)}.get(ctx.voting, t.total)
    # The entry's own date wins; else its first vote; else it is brand new.
    start = next((x for x in (p.get(_SUBMITTED), t.first) if x is not None), ctx.now)
    age_hours = max(0.0, (ctx.now - start) / 3600)
    return points / (age_hours + 2) ** p["gravity"]


METHODS: Mapping[str, Method] = MappingProxyType({m.name: m for m in (
    Method("count", "Ranked by the number of counted votes.", (), _count),
    Method("net", "Ranked by up votes minus down votes (meant for up/down voting; "
           "with likes or scores it is the number of votes).", (), _net),
    Method("mean", "Ranked by the average vote; an entry without votes counts as the "
           "lowest score of the scale (0 for likes and up/down).", (), _mean),
    Method("wilson", "Ranked by the lower bound of the 95% Wilson interval for the share of "
           "positive votes, so a few votes count for less than many.",
           (Param("z", 1.96, "how cautious the bound is: 1.96 for 95% confidence, "
                  "higher is more cautious", minimum=0.0, exclusive_minimum=True),), _wilson),
    Method("bayesian", "Ranked by each entry's mean vote pulled towards the campaign mean, "
           "as if every entry had a few extra votes at that mean.",
           (Param("prior_weight", 5.0, "how many votes at the campaign mean each entry "
                  "starts with", minimum=0.0),), _bayesian),
    Method("hot", "Ranked by points divided by a power of the entry's age, so recent "
           "entries rise and older ones sink.",
           (Param("gravity", 1.8, "how fast entries sink with age (0: not at all)",
                  minimum=0.0),), _hot),
)})

DEFAULT_BY_VOTING = {"likes": "count", "updown": "wilson", "score": "bayesian"}


# --- public functions ------------------------------------------------------

def _number(value: Any) -> float | None:
    """A finite float from an int, float or numeric string; None otherwise (bools too)."""
    try:
        x = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None
    if isinstance(value, bool):
        return None
    return x if math.isfinite(x) else None


def resolve(spec: RankingSpec | None, voting: str) -> tuple[Method, dict[str, float]]:
    """The method a campaign asked for and its complete parameters (defaults filled in).

    ``spec`` None means the default method for ``voting``.  Raises ValueError with a
    message that says what would be accepted.  Method names ignore case and spaces.
    """
    if voting not in DEFAULT_BY_VOTING:
        raise ValueError(f"unknown voting {voting!r}; known: {', '.join(DEFAULT_BY_VOTING)}")
    if spec is None:
        method = METHODS[DEFAULT_BY_VOTING[voting]]
        return method, {p.name: p.default for p in method.params}
    name = str(spec.method).strip().lower()
    if name not in METHODS:
        raise ValueError(f"unknown ranking method {spec.method!r}; "
                         f"known methods: {', '.join(METHODS)}")
    method = METHODS[name]
    known = {p.name: p for p in method.params}
    values = {p.name: p.default for p in method.params}
    for key, raw in spec.params.items():
        if key == "jury_weight":  # not a parameter of the public score: checked and used by the jury blend (rank/jury.py)
            continue
        param = known.get(key)
        if param is None:
            accepted = (f"its parameters: {', '.join(known)}" if known
                        else "it takes no parameters")
            raise ValueError(f"ranking method {name!r} has no parameter {key!r}; {accepted}")
        x = _number(raw)
        what = f"ranking parameter {key!r} of {name!r}"
        if x is None:
            raise ValueError(f"{what} must be a number, got {raw!r}")
        lo, hi = param.minimum, param.maximum
        if lo is not None and (x <= lo if param.exclusive_minimum else x < lo):
            bound = "greater than" if param.exclusive_minimum else "at least"
            raise ValueError(f"{what} must be {bound} {lo:g}, got {x:g}")
        if hi is not None and x > hi:
            raise ValueError(f"{what} must be at most {hi:g}, got {x:g}")
        values[key] = x
    return method, values


def campaign_mean(tallies: Iterable[Tally]) -> float | None:
    """Mean value over every counted vote (sum of totals / sum of counts); None without votes."""
    tallies = list(tallies)
    count = sum(t.count for t in tallies)
    return sum(t.total for t in tallies) / count if count else None


def tie_key(score: float) -> float:
    """The score as compared for ties: 12 significant digits, so float noise does not split ties."""
    return -math.inf if math.isnan(score) else float(f"{score:.11e}")


def rank(entries: Sequence[RankInput], method: Method, params: Mapping[str, float],
         ctx: RankContext) -> list[Ranked]:
    """Score and order entries, best first, with standard competition ranks (1, 2, 2, 4).

    Ties are shown by earlier ``submitted`` (unknown dates last), then by id, so
    the order never depends on input order.  Missing params take their defaults.
    """
    full = {p.name: p.default for p in method.params} | dict(params)
    scored = []
    for e in entries:
        p = full if e.submitted is None else {**full, _SUBMITTED: e.submitted}
        s = float(method.score(e.tally, ctx, p))
        scored.append((tie_key(s), e, s))
    scored.sort(key=lambda r: (-r[0], r[1].submitted is None, r[1].submitted or 0.0, r[1].id))
    out: list[Ranked] = []
    for i, (k, e, s) in enumerate(scored):
        place = out[-1].rank if i and scored[i - 1][0] == k else i + 1
        out.append(Ranked(e.id, place, s, e.tally))
    return out


def describe(method: Method, params: Mapping[str, float], *, ctx: RankContext | None = None) -> str:
    """One plain sentence saying how the ranking was made, with the parameter values used.

    ``ctx`` is optional; with it the sentence names the campaign mean and what is counted.
    """
    p = {q.name: q.default for q in method.params} | dict(params)
    voting = ctx.voting if ctx else None
    if method.name == "wilson":
        conf = math.erf(p["z"] / math.sqrt(2)) * 100  # two-sided confidence of z
        what = {"updown": "up votes", "likes": "positive votes (every like is positive)",
                "score": "the scale reached by the mean score"}.get(voting, "positive votes")
        return (f"Ranked by the lower bound of the {conf:.3g}% Wilson interval (z = {p['z']:g}) "
                f"for the share of {what}, so a few votes count for less than many.")
    if method.name == "bayesian":
        towards = "the campaign mean"
        if ctx is not None:
            towards += f" ({round(_prior(ctx), 2):g})" if ctx.campaign_mean is not None else (
                f" (no votes yet, so {_prior(ctx):g})")
        m = p["prior_weight"]
        return (f"Bayesian average: each entry's mean {'vote' if voting in ('likes', 'updown') else 'score'} "
                f"pulled towards {towards} as if it had {m:g} extra vote{'' if m == 1 else 's'} at that mean.")
    if method.name == "hot":
        points = {"likes": "likes", "updown": "up votes minus down votes",
                  "score": "the sum of its scores"}.get(voting, "points")
        return (f"Ranked by {points} divided by (age in hours + 2) to the power "
                f"{p['gravity']:g}, so recent entries rise and older ones sink.")
    if method.name == "mean" and ctx is not None:
        floor = ctx.scale[0] if ctx.voting == "score" else 0
        return f"Ranked by the average vote; an entry without votes counts as {floor:g}."
    return method.doc


# --- the ranking stage -----------------------------------------------------

@dataclass(frozen=True, slots=True)
class CampaignRanking:
    """One campaign's leaderboard and how it was made."""

    method: str
    params: Mapping[str, float]
    description: str
    entries: tuple[Ranked, ...]


def rank_site(site: "Site", tallies: Mapping[str, Tally], now: float) -> dict[str, CampaignRanking]:
    """Rank every campaign's submissions with its own method (else the site's, else the voting's default).

    Settings were checked when the site was loaded, so ``resolve`` does not fail here.
    """
    by_campaign: dict[str, list[RankInput]] = {c.id: [] for c in site.campaigns}
    for s in site.submissions:
        if s.campaign in by_campaign:
            submitted = s.submitted.timestamp() if s.submitted else None
            by_campaign[s.campaign].append(RankInput(s.id, submitted, tallies[s.id]))
    out = {}
    for c in site.campaigns:
        method, params = resolve(c.ranking or site.config.ranking, c.voting)
        entries = by_campaign[c.id]
        ctx = RankContext(c.voting, c.scale, now, campaign_mean(e.tally for e in entries))
        out[c.id] = CampaignRanking(method.name, MappingProxyType(params), describe(method, params, ctx=ctx),
                                    tuple(rank(entries, method, params, ctx)))
    return out


def check_rankings(default: RankingSpec | None, campaigns: Iterable) -> list[Problem]:
    """Every ranking the site asks for (its default and each campaign's) names a method and parameters it takes."""
    problems = []
    for spec, voting in [(default, None)] + [(c.ranking, c.voting) for c in campaigns]:
        if spec is None:
            continue
        try:
            resolve(spec, voting or "likes")
        except ValueError as exc:
            problems.append(Problem(spec.loc, str(exc)))
    return problems
