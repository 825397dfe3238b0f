"""The jury's rows, read and checked: judges' scores and the campaigns that weigh them.

Rows of the ``jury`` collection (``jury.csv``, ``jury.yaml`` or ``jury/``) have
``submission``, ``judge`` and ``score`` on the campaign's ``jury_scale``
(default ``[1, 10]``).  A campaign weighs them with ``{method: ..., jury_weight: w}``;
the blend itself is :mod:`crowdgallery.rank.jury`.
"""
from __future__ import annotations

import math
from typing import Iterable

from crowdgallery.load.fields import FieldReader
from crowdgallery.load.readers.base import RawRecord
from crowdgallery.model import Campaign, JuryScore
from crowdgallery.problems import Problem

WEIGHT = "jury_weight"


def to_jury_score(record: RawRecord, problems: list[Problem]) -> JuryScore | None:
    r = FieldReader(record, problems, "jury score")
    submission, judge = r.ident("submission"), r.text("judge", required=True)
    value = r.get("score")
    score = None
    if value is None:
        r.error("score", "this jury score has no 'score'; add the judge's score")
    else:
        try:
            score = float(value)
            if not math.isfinite(score):
                raise ValueError
        except (TypeError, ValueError):
            r.error("score", f"the score '{value}' is not a number")
            score = None
    if not (submission and judge) or score is None:
        return None
    return JuryScore(submission, judge, score, record.loc)


def weight_of(site_ranking, campaign: Campaign) -> float:
    spec = campaign.ranking or site_ranking
    if spec is None or WEIGHT not in spec.params:
        return 0.0
    try:
        return float(spec.params[WEIGHT])
    except (TypeError, ValueError):
        return 0.0


def check(site_ranking, campaigns: Iterable[Campaign], submissions, scores: Iterable[JuryScore],
          problems: list[Problem], drafts: Iterable[str] = ()) -> None:
    """Scores must name a submission, lie on its campaign's jury scale, and come once per judge.

    Scores for drafts left out of the build are skipped silently, like their votes."""
    drafts = set(drafts)
    campaigns = {c.id: c for c in campaigns}
    for spec in [site_ranking] + [c.ranking for c in campaigns.values()]:
        if spec is not None and WEIGHT in spec.params:
            raw = spec.params[WEIGHT]
            try:
                w = float(raw)
                ok = not isinstance(raw, bool) and 0 <= w <= 1
            except (TypeError, ValueError):
                ok = False
            if not ok:
                problems.append(Problem(spec.loc, f"'{WEIGHT}' must be a number from 0 (public votes only) to 1 "
                                                  f"(jury only), got {raw!r}"))
    campaign_of = {s.id: campaigns.get(s.campaign) for s in submissions}
    seen: dict[tuple[str, str], JuryScore] = {}
    for j in scores:
        if j.submission in drafts:
            continue
        if j.submission not in campaign_of:
            problems.append(Problem(j.loc, f"the jury score names '{j.submission}', which is not a submission id"))
            continue
        c = campaign_of[j.submission]
        if c is None:
            continue
        low, high = c.jury_scale
        if not low <= j.score <= high:
            problems.append(Problem(j.loc, f"the score {j.score:g} is off the jury scale {low:g}–{high:g} of "
                                           f"'{c.id}'; fix it or set 'jury_scale' on the campaign"))
        key = (j.submission, j.judge)
        if key in seen:
            problems.append(Problem(j.loc, f"this judge already scored '{j.submission}' at {seen[key].loc}; "
                                           "keep one score per judge and submission"))
        else:
            seen[key] = j


