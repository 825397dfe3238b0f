"""Ordering: scores → a leaderboard with standard competition ranks (1, 2, 2, 4).

Ties are decided on the scores as the methods computed them: exactly for the
rational methods (count, net, mean, bayesian and the jury blend are fractions),
and for the float methods (wilson, hot) when two scores differ by less than one
part in 10¹² (float noise; a zero is an exact 0 there, so nothing but 0 ties
with 0).  Tied entries share one rank and one published score and are shown
earlier-``submitted`` first (unknown dates last), then by id, so the order never
depends on input order.  A published score is a plain float, never -0.0.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence

from crowdgallery.load.strings import Strings
from crowdgallery.model import RankingSpec, Site, Tally
from crowdgallery.problems import Problem
from crowdgallery.rank.methods import (
    SUBMITTED,
    Method,
    RankContext,
    campaign_mean,
    describe,
    resolve,
    unsuitable,
)

RELATIVE_NOISE = 1e-12


@dataclass(frozen=True, slots=True)
class RankInput:
    id: str
    submitted: float | None  # POSIX seconds
    tally: Tally


@dataclass(frozen=True, slots=True)
class Ranked:
    id: str
    rank: int | None
    score: float  # as published: the tie group's score, as a float, never -0.0
    tally: Tally
    exact: Any = None  # the score ties were decided on (an int or Fraction for the rational methods)


def same_score(a: Any, b: Any) -> bool:
    """Whether two scores tie: exactly equal, or (floats) within float noise of each other."""
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=RELATIVE_NOISE, abs_tol=0.0)
    return a == b


def published(score: Any) -> float:
    """The score as the JSON, CSV and pages show it: a float, with -0.0 made 0.0."""
    return float(score) + 0.0


def order_key(submitted: float | None, entry_id: str) -> tuple:
    """How tied entries are shown: earlier submitted first, unknown dates last, then by id."""
    return (submitted is None, submitted or 0.0, entry_id)


def competition(scored: Iterable[tuple[Any, float | None, str, Any]], same=same_score) -> list[tuple[int, Any, Any]]:
    """(score, submitted, id, item) → (rank, the tie group's score, item), best first.

    A tie group starts at its highest score and takes every following score that ``same`` ties with it.
    """
    by_score = sorted(scored, key=lambda s: (_sortable(s[0]), s[2]), reverse=True)
    groups: list[list] = []
    for item in by_score:
        if groups and same(groups[-1][0][0], item[0]):
            groups[-1].append(item)
        else:
            groups.append([item])
    out: list[tuple[int, Any, Any]] = []
    for group in groups:
        place = len(out) + 1
        value = group[0][0]
        out += [(place, value, s[3]) for s in sorted(group, key=lambda s: order_key(s[1], s[2]))]
    return out


def _sortable(score: Any) -> Any:
    """NaN (a broken score function) sorts last; a tuple (the jury blend's (has jury, score)) item by item."""
    if isinstance(score, tuple):
        return tuple(_sortable(x) for x in score)
    return -math.inf if isinstance(score, float) and math.isnan(score) else score


def rank(entries: Sequence[RankInput], method: Method, params: Mapping[str, float],
         ctx: RankContext) -> list[Ranked]:
    """Score and order entries, best first, with standard competition ranks (1, 2, 2, 4).

    Missing params take their defaults.
    """
    full = {p.name: p.default for p in method.params} | dict(params)
    scored = []
    for e in entries:
        p = full if e.submitted is None else {**full, SUBMITTED: e.submitted}
        scored.append((_sortable(method.score(e.tally, ctx, p)), e.submitted, e.id, e))
    return [Ranked(e.id, place, published(value), e.tally, value) for place, value, e in competition(scored)]


# --- the ranking stage -----------------------------------------------------

@dataclass(frozen=True, slots=True)
class CampaignRanking:
    """One campaign's leaderboard and how it was made."""

    method: str
    params: Mapping[str, float]
    description: str
    entries: tuple[Ranked, ...]


def rank_site(site: Site, tallies: Mapping[str, Tally], now: float,
              strings: Strings | None = None) -> dict[str, CampaignRanking]:
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
        out[c.id] = CampaignRanking(method.name, MappingProxyType(params), describe(method, params, ctx=ctx, strings=strings),
                                    tuple(rank(entries, method, params, ctx)))
    return out


def check_rankings(default: RankingSpec | None, campaigns: Iterable) -> list[Problem]:
    """Every ranking the site asks for names a method and parameters it takes, and suits the voting it ranks.

    The site's default is checked on its own (score voting takes every method), then against the voting of
    each campaign that has no ranking of its own; a misfit is reported at the default's line, naming them.
    """
    problems = []
    campaigns = list(campaigns)
    if default is not None:
        try:
            method, _ = resolve(default, "score")
        except ValueError as exc:
            problems.append(Problem(default.loc, str(exc)))
        else:
            for voting in ("likes", "updown", "score"):
                users = [c.id for c in campaigns if c.ranking is None and c.voting == voting]
                reason = unsuitable(method.name, voting) if users else None
                if reason:
                    one = len(users) == 1
                    named = ", ".join(f"'{u}'" for u in users)
                    problems.append(Problem(default.loc, (
                        f"campaign{'' if one else 's'} {named} {'has' if one else 'have'} {voting} voting and no "
                        f"ranking of {'its' if one else 'their'} own, so {'it uses' if one else 'they use'} this one: "
                        f"{reason}, here or in the campaign{'' if one else 's'}")))
    for c in campaigns:
        if c.ranking is not None:
            try:
                resolve(c.ranking, c.voting)
            except ValueError as exc:
                problems.append(Problem(c.ranking.loc, str(exc)))
    return problems
