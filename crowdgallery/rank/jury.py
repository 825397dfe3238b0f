"""Blending the jury's scores with the public ranking.

A campaign ranked with ``{method: ..., jury_weight: w}`` gets a final score of

    (1 − w) · public score rescaled to 0–1  +  w · jury mean rescaled to 0–1

where the public score is rescaled across the campaign's entries (the lowest
becomes 0, the highest 1) and the jury mean across the jury scale.  With
w > 0, entries without jury scores rank below every entry with them.

Judges' names stay here unless the campaign says ``show_judges: true``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Iterable, Mapping

from crowdgallery.load.jury import WEIGHT, weight_of
from crowdgallery.model import Campaign, JuryScore, Site
from crowdgallery.rank.methods import CampaignRanking, Ranked, tie_key


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


def blend(ranking: CampaignRanking, campaign: Campaign, jury: Mapping[str, JuryResult], w: float) -> CampaignRanking:
    """Re-rank with the blended final score; the description says how, in plain words."""
    scores = [r.score for r in ranking.entries]
    lo, hi = (min(scores), max(scores)) if scores else (0.0, 0.0)
    j_lo, j_hi = campaign.jury_scale
    blended = []
    for i, r in enumerate(ranking.entries):
        public = (r.score - lo) / (hi - lo) if hi > lo else 0.0
        result = jury.get(r.id)
        if result is None:
            final = (1 - w) * public
        else:
            final = (1 - w) * public + w * (result.mean - j_lo) / (j_hi - j_lo)
        blended.append((result is not None, tie_key(final), i, r, final))
    blended.sort(key=lambda b: (not b[0], -b[1], b[2]))
    out: list[Ranked] = []
    for i, (has, k, _, r, final) in enumerate(blended):
        same = i and blended[i - 1][0] == has and blended[i - 1][1] == k
        out.append(Ranked(r.id, out[-1].rank if same else i + 1, final, r.tally))
    public_share, jury_share = round((1 - w) * 100), round(w * 100)
    description = (
        f"Final score = {public_share}% public vote + {jury_share}% jury. The public part: "
        f"{ranking.description[0].lower()}{ranking.description[1:]} That score is rescaled so the lowest entry has 0 "
        f"and the highest 1. The jury part: the mean of the judges' scores, rescaled from the jury scale "
        f"{j_lo:g}–{j_hi:g} to 0–1. Entries without jury scores rank below every entry with them."
    )
    params = MappingProxyType({**ranking.params, WEIGHT: w})
    return replace(ranking, params=params, description=description, entries=tuple(out))


def blend_site(site: Site, rankings: Mapping[str, CampaignRanking]) -> dict[str, CampaignRanking]:
    jury = results(site.jury)
    out = dict(rankings)
    for c in site.campaigns:
        w = weight_of(site.config.ranking, c)
        if w > 0:
            out[c.id] = blend(rankings[c.id], c, jury, w)
    return out
