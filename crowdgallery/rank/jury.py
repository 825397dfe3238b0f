"""Blending the jury's scores with the public ranking.

A campaign ranked with ``{method: ..., jury_weight: w}`` gets a final score of

    (1 − w) · public score rescaled to 0–1  +  w · jury mean rescaled to 0–1

where the public score is rescaled across the campaign's entries (the lowest
becomes 0, the highest 1) and the jury mean across the jury scale.  With
w > 0, entries without jury scores rank below every entry with them.

Judges' names stay here unless the campaign says ``show_judges: true``.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, replace
from fractions import Fraction
from types import MappingProxyType
from typing import Iterable, Mapping

from crowdgallery.load.strings import Strings, english
from crowdgallery.load.jury import WEIGHT, weight_of
from crowdgallery.model import Campaign, JuryScore, Site
from crowdgallery.rank.order import CampaignRanking, Ranked, competition, published


@dataclass(frozen=True, slots=True)
class JuryResult:
    """What the jury gave one submission; ``judges`` holds (name, score) and is shown only with show_judges."""

    mean: float
    count: int
    judges: tuple[tuple[str, float], ...]


def results(scores: Iterable[JuryScore]) -> dict[str, JuryResult]:
    by_submission: dict[str, list[JuryScore]] = {}
    for j in scores:
        by_submission.setdefault(j.submission, []).append(j)
    return {sid: JuryResult(sum(j.score for j in got) / len(got), len(got),
                            tuple(sorted(((j.judge, j.score) for j in got), key=lambda x: x[0].casefold())))
            for sid, got in by_submission.items()}


def exact_mean(result: JuryResult) -> Fraction:
    """The judges' mean as an exact fraction, so a blend ties exactly where the arithmetic does."""
    return sum((Fraction(score) for _, score in result.judges), Fraction(0)) / result.count


def percent(share: float) -> str:
    """70, 99.6, 0.4: a share as the percentage it is, without float noise."""
    return f"{round(share * 100, 10):g}"


def blend(ranking: CampaignRanking, campaign: Campaign, jury: Mapping[str, JuryResult], w: float,
          submitted: Mapping[str, float | None], strings: Strings | None = None) -> CampaignRanking:
    """Re-rank with the blended final score; the description says how, in plain words.

    Computed exactly (fractions) from the public ranking's scores (a tie group's shared one), so tied
    blends tie exactly; they are shown like tied public scores (``order.competition``).
    """
    public = [Fraction(r.score if r.exact is None else r.exact) for r in ranking.entries]
    lo, hi = (min(public), max(public)) if public else (Fraction(0), Fraction(0))
    j_lo, j_hi = Fraction(campaign.jury_scale[0]), Fraction(campaign.jury_scale[1])
    weight = Fraction(w)
    scored = []
    for r, score in zip(ranking.entries, public):
        final = (1 - weight) * ((score - lo) / (hi - lo) if hi > lo else 0)
        result = jury.get(r.id)
        if result is not None:
            final += weight * (exact_mean(result) - j_lo) / (j_hi - j_lo)
        scored.append(((result is not None, final), submitted.get(r.id), r.id, r))
    out = tuple(Ranked(r.id, place, published(value[1]), r.tally, value[1])
                for place, value, r in competition(scored, same=operator.eq))
    strings = strings or english()
    description = strings.gettext(
        "Final score = %(public)s public vote + %(jury)s jury. The public part: %(method)s That score is rescaled "
        "so the lowest entry has 0 and the highest 1. The jury part: the mean of the judges' scores, rescaled from "
        "the jury scale %(low)s–%(high)s to 0–1. Entries without jury scores rank below every entry with them."
    ) % {"public": strings.figure(f"{percent(1 - w)}%"), "jury": strings.figure(f"{percent(w)}%"),
         "method": ranking.description, "low": strings.figure(f"{campaign.jury_scale[0]:g}"),
         "high": strings.figure(f"{campaign.jury_scale[1]:g}")}
    params = MappingProxyType({**ranking.params, WEIGHT: w})
    return replace(ranking, params=params, description=description, entries=out)


def blend_site(site: Site, rankings: Mapping[str, CampaignRanking],
               strings: Strings | None = None) -> dict[str, CampaignRanking]:
    jury = results(site.jury)
    submitted = {s.id: s.submitted.timestamp() if s.submitted else None for s in site.submissions}
    out = dict(rankings)
    for c in site.campaigns:
        w = weight_of(site.config.ranking, c)
        if w > 0:
            out[c.id] = blend(rankings[c.id], c, jury, w, submitted, strings)
    return out
