"""Ranking methods: score functions with documented parameters, and the words that explain them.

Pure functions: no I/O, no clock (the build passes its ``now`` in a RankContext), no
global state.  Each method is a named score function with documented parameters, so a
results page can say how it ranked (describe) and a typo in the ranking settings gets
an error listing what would be accepted (resolve).  Ordering and ranks: rank/order.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, Union

from crowdgallery.load.strings import N_, Strings, english
from crowdgallery.model import RankingSpec, Tally

Score = Union[int, Fraction, float]  # exact for the rational methods, a float for wilson and hot


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
    score: Callable[[Tally, "RankContext", Mapping[str, float]], Score]


@dataclass(frozen=True, slots=True)
class RankContext:
    """What a score may depend on besides the entry's own tally."""

    voting: str  # likes | updown | score
    scale: tuple[float, float]  # (min, max) for score voting
    now: float  # the build's clock, POSIX seconds
    campaign_mean: Fraction | float | None  # mean over every counted vote, None without votes


# --- score functions -------------------------------------------------------
#
# The rational methods (count, net, mean, bayesian) return exact numbers (int or Fraction), so ties are
# decided exactly; wilson and hot need a root or a power and return floats, computed so that a zero is an
# exact 0.0 (never -0.0 or float noise).

_P = Mapping[str, float]


def _count(t: Tally, ctx: RankContext, p: _P) -> Score:
    return t.count


def _net(t: Tally, ctx: RankContext, p: _P) -> Score:
    # Only updown has down votes; for likes and scores every vote is "up".
    return t.up - t.down if ctx.voting == "updown" else t.count


def _mean(t: Tally, ctx: RankContext, p: _P) -> Score:
    if not t.count:
        return Fraction(ctx.scale[0]) if ctx.voting == "score" else 0
    return Fraction(t.total) / t.count


def _share(t: Tally, ctx: RankContext) -> tuple[float, int]:
    """(share of positive votes p, number of votes n) for the Wilson bound.

    Score voting has no up/down votes, so the mean is mapped onto 0..1 across
    the scale and each score counts as one trial (a common approximation).
    """
    if ctx.voting == "updown":
        n = t.up + t.down
        return (t.up / n if n else 0.0), n
    if ctx.voting == "score":
        lo, hi = ctx.scale
        share = (Fraction(t.total) / t.count - Fraction(lo)) / (Fraction(hi) - Fraction(lo)) if t.count and hi > lo else 0
        return float(min(1, max(0, share))), t.count
    return 1.0, t.count  # likes: every vote is up


def _wilson(t: Tally, ctx: RankContext, p: _P) -> Score:
    share, n = _share(t, ctx)
    if n == 0 or share == 0:
        return 0.0
    z = p["z"]
    # The lower bound (p + z²/2n − z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n), written as p² / (p + z²/2n +
    # z·sqrt(…)) (multiply by the conjugate): the same number without the cancellation that leaves ±1e-17
    # where the bound is 0.
    return share * share / (share + z * z / (2 * n) + z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)))


def _prior(ctx: RankContext) -> Fraction:
    """The value an entry is pulled towards: the campaign mean, else a neutral guess."""
    if ctx.campaign_mean is not None:
        return Fraction(ctx.campaign_mean)
    if ctx.voting == "score":
        return (Fraction(ctx.scale[0]) + Fraction(ctx.scale[1])) / 2
    return Fraction(0 if ctx.voting == "updown" else 1)


def _bayesian(t: Tally, ctx: RankContext, p: _P) -> Score:
    c, m, v = _prior(ctx), Fraction(p["prior_weight"]), t.count
    if v + m == 0:
        return c
    return (Fraction(t.total) + m * c) / (v + m)


SUBMITTED = "_submitted"


def hot_points(t: Tally, ctx: RankContext) -> Score:
    """Likes; up − down; for score voting each rating's distance from the middle of the scale in half-scales
    (+1 at the top, −1 at the bottom), so a low rating counts against an entry as a down vote does."""
    if ctx.voting == "likes":
        return t.count
    if ctx.voting == "updown":
        return t.up - t.down
    lo, hi = Fraction(ctx.scale[0]), Fraction(ctx.scale[1])
    return (Fraction(t.total) - t.count * (lo + hi) / 2) / ((hi - lo) / 2) if hi > lo else 0


def _hot(t: Tally, ctx: RankContext, p: _P) -> Score:
    points = hot_points(t, ctx)
    if points == 0:
        return 0.0
    # The entry's own date wins; else its first vote; else it is brand new.
    start = next((x for x in (p.get(SUBMITTED), t.first) if x is not None), ctx.now)
    age_hours = max(0.0, (ctx.now - start) / 3600)
    return float(points) / (age_hours + 2) ** p["gravity"]


METHODS: Mapping[str, Method] = MappingProxyType({m.name: m for m in (
    Method("count", N_("Ranked by the number of counted votes."), (), _count),
    Method("net", N_("Ranked by up votes minus down votes (meant for up/down voting; "
                     "with likes or scores it is the number of votes)."), (), _net),
    Method("mean", N_("Ranked by the average vote; an entry without votes counts as the "
                      "lowest score of the scale (0 for up/down)."), (), _mean),
    Method("wilson", N_("Ranked by the lower bound of the 95% Wilson interval for the share of "
                        "positive votes, so a few votes count for less than many."),
           (Param("z", 1.96, "how cautious the bound is: 1.96 for 95% confidence, "
                  "higher is more cautious", minimum=0.0, maximum=10.0, exclusive_minimum=True),), _wilson),
    Method("bayesian", N_("Ranked by each entry's mean vote pulled towards the campaign mean, "
                          "as if every entry had a few extra votes at that mean."),
           (Param("prior_weight", 5.0, "how many votes at the campaign mean each entry "
                  "starts with", minimum=0.0, maximum=1e9),), _bayesian),
    Method("hot", N_("Ranked by points divided by a power of the entry's age, so recent "
                     "entries rise and older ones sink."),
           (Param("gravity", 1.8, "how fast entries sink with age (0: not at all)",
                  minimum=0.0, maximum=10.0),), _hot),
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
    reason = unsuitable(name, voting)
    if reason:
        raise ValueError(reason)
    return method, values


AVERAGES = ("mean", "bayesian")


def unsuitable(method: str, voting: str) -> str | None:
    """Why ``method`` cannot rank ``voting`` campaigns, or None when it can."""
    if voting == "likes" and method in AVERAGES:
        return (f"ranking method {method!r} ranks by the average vote, and every like is worth 1, so every liked "
                f"entry would score the same; rank likes by count, wilson or hot")
    return None


def campaign_mean(tallies: Iterable[Tally]) -> Fraction | None:
    """Mean value over every counted vote (sum of totals / sum of counts), exactly; None without votes."""
    tallies = list(tallies)
    count = sum(t.count for t in tallies)
    return sum(Fraction(t.total) for t in tallies) / count if count else None


def describe(method: Method, params: Mapping[str, float], *, ctx: RankContext | None = None,
             strings: Strings | None = None) -> str:
    """One plain sentence saying how the ranking was made, with the parameter values used, in the language of
    ``strings`` (English without).

    ``ctx`` is optional; with it the sentence names the campaign mean and what is counted.
    """
    strings = strings or english()
    _, fig = strings.gettext, strings.figure
    p = {q.name: q.default for q in method.params} | dict(params)
    voting = ctx.voting if ctx else None
    if method.name == "wilson":
        conf = math.erf(p["z"] / math.sqrt(2)) * 100  # two-sided confidence of z
        what = {"updown": _("up votes"), "likes": _("positive votes (every like is positive)"),
                "score": _("the scale reached by the mean score")}.get(voting, _("positive votes"))
        return _("Ranked by the lower bound of the %(confidence)s Wilson interval (z = %(z)s) for the share of "
                 "%(what)s, so a few votes count for less than many.") % {
            "confidence": fig(f"{conf:.3g}%"), "z": fig(f"{p['z']:g}"), "what": what}
    if method.name == "bayesian":
        if ctx is None:
            towards = _("the campaign mean")
        elif ctx.campaign_mean is not None:
            towards = _("the campaign mean (%(mean)s)") % {"mean": fig(f"{round(float(_prior(ctx)), 2):g}")}
        else:
            towards = _("the campaign mean (no votes yet, so %(mean)s)") % {"mean": fig(f"{float(_prior(ctx)):g}")}
        m = p["prior_weight"]
        values = {"towards": towards, "num": fig(f"{m:g}")}
        n = int(m) if float(m).is_integer() else 100  # a fraction of a vote takes the 'other' plural form
        if voting in ("likes", "updown"):
            return strings.ngettext(
                "Bayesian average: each entry's mean vote pulled towards %(towards)s as if it had %(num)s extra "
                "vote at that mean.", "Bayesian average: each entry's mean vote pulled towards %(towards)s as if "
                "it had %(num)s extra votes at that mean.", n) % values
        return strings.ngettext(
            "Bayesian average: each entry's mean score pulled towards %(towards)s as if it had %(num)s extra "
            "vote at that mean.", "Bayesian average: each entry's mean score pulled towards %(towards)s as if it "
            "had %(num)s extra votes at that mean.", n) % values
    if method.name == "hot":
        points = {"likes": _("likes"), "updown": _("up votes minus down votes"),
                  "score": _("points")}.get(voting, _("points"))
        text = _("Ranked by %(points)s divided by (age in hours + 2) to the power %(gravity)s, so recent entries "
                 "rise and older ones sink.") % {"points": points, "gravity": fig(f"{p['gravity']:g}")}
        if voting == "score":
            lo, hi = ctx.scale
            text += " " + _("Each rating adds its rating minus the middle of the scale (%(middle)s), counted in "
                            "half-scales: %(high)s adds 1 like an up vote, %(low)s takes 1 away like a down "
                            "vote.") % {"middle": fig(f"{(lo + hi) / 2:g}"), "high": fig(f"{hi:g}"),
                                        "low": fig(f"{lo:g}")}
        return text
    if method.name == "mean" and ctx is not None:
        floor = ctx.scale[0] if ctx.voting == "score" else 0
        return _("Ranked by the average vote; an entry without votes counts as %(floor)s.") % {
            "floor": fig(f"{floor:g}")}
    return _(method.doc)
