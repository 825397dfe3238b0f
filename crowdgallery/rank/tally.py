"""Votes → one :class:`Tally` per submission.  Pure: no I/O.

Rules, in order:
1. Events for submissions that are not in the site are skipped (a warning),
   except for drafts left out of this build, which are skipped silently.
2. Values must suit the campaign's voting: likes 1 (0 withdraws a like),
   updown +1/−1 (0 withdraws), score a number on the scale; others are skipped
   (a warning).
3. One vote per voter per submission: a voter's latest vote replaces the
   earlier ones.  "Latest" is one total order: a row with a timestamp is later
   than any row without one (unstamped rows come from before the tool recorded
   times, or from a hand-kept file); between two stamped rows the later time
   wins; equal times, and two unstamped rows, go by row order (the later row
   wins).  Events with no voter are all counted.
4. Precomputed tally rows are added on top.

Voter ids are used only here and never appear in what this stage returns.

A big campaign has a million events, so the work is done column by column
with C-speed builtins (sets, ``dict(zip(...))``, ``Counter``); a row-by-row
loop runs only to find where a problem is.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from typing import Sequence

from crowdgallery.model import Campaign, Site, Tally, VoteFrame, VoteTable
from crowdgallery.problems import GroupedProblems, Location, Problem

UNKNOWN = "the submission they name does not exist"


def rule(c: Campaign) -> tuple:
    """(low, high, allowed values or None): what a vote may be in this campaign."""
    if c.voting == "score":
        return (c.scale[0], c.scale[1], None)
    if c.voting == "updown":
        return (-1.0, 1.0, frozenset((-1.0, 0.0, 1.0)))
    return (0.0, 1.0, frozenset((0.0, 1.0)))


def rule_message(c: Campaign) -> str:
    if c.voting == "score":
        return f"the value is off the campaign's scale {c.scale[0]:g}–{c.scale[1]:g}"
    allowed = "1 (or 0 to withdraw)" if c.voting == "likes" else "1 or -1 (or 0 to withdraw)"
    return f"{c.voting} voting takes {allowed} as the value"


def tally_votes(site: Site, stats: dict | None = None) -> tuple[dict[str, Tally], list[Problem]]:
    """``stats``, when given, receives ``values`` (Counter of (submission, value)) and ``days`` (Counter of
    (submission, day number since 1970)) of the counted vote events, for the charts, and ``newest``: the
    newest timestamp of a row that counted (a withdrawal included; never a skipped row), or None.

    A :class:`VoteFrame` (the columnar fast path) is tallied by :mod:`~crowdgallery.rank.frametally`
    to the same result."""
    if isinstance(site.votes, VoteFrame):
        from crowdgallery.rank.frametally import tally_frame  # imports polars: only when it read the votes
        return tally_frame(site, stats)
    site, campaign_of, alias = prepare(site)
    warnings = GroupedProblems("warning")
    table = site.votes
    if alias:  # a duplicate's votes count for its original, still one per voter
        table = replace(table, submission=[alias.get(x, x) for x in table.submission])
    kept = _counted_rows(table, campaign_of, site.hidden, warnings)
    if stats is not None:  # the newest vote that counted (a withdrawal too): the build's default clock
        column = table.timestamp if len(kept) == len(table) else (table.timestamp[i] for i in kept)
        stats["newest"] = max((t for t in column if t is not None), default=None)
    if 0.0 in table.value:  # a withdrawn like or up/down vote replaced the voter's vote; it is not one itself
        kept = [i for i in kept if table.value[i] != 0.0 or campaign_of[table.submission[i]].voting == "score"]

    subs = [table.submission[i] for i in kept] if len(kept) != len(table) else table.submission
    values = [table.value[i] for i in kept] if len(kept) != len(table) else table.value
    stamps = [table.timestamp[i] for i in kept] if len(kept) != len(table) else table.timestamp

    by_value = Counter(zip(subs, values))
    if stats is not None:
        stats["values"] = by_value
        stats["days"] = Counter(zip(subs, (None if t is None else int(t // 86400) for t in stamps)))
    first, last = first_and_last(subs, stamps)
    return summarise(site, campaign_of, by_value, first, last, warnings, stats)


def prepare(site: Site) -> tuple[Site, dict[str, Campaign], dict[str, str]]:
    """(the site with its tally rows moved to their originals, submission id → campaign, duplicate → original)."""
    campaigns = {c.id: c for c in site.campaigns}
    campaign_of = {s.id: campaigns[s.campaign] for s in site.submissions if s.campaign in campaigns}
    alias = {s.id: s.duplicate_of for s in site.submissions if s.duplicate_of}
    if alias:
        site = replace(site, tally_rows=tuple(replace(r, submission=alias.get(r.submission, r.submission))
                                              for r in site.tally_rows),
                       day_tallies=tuple(replace(r, submission=alias.get(r.submission, r.submission))
                                         for r in site.day_tallies))
    return site, campaign_of, alias


def summarise(site: Site, campaign_of: dict[str, Campaign], by_value: Counter, first: dict, last: dict,
              warnings: GroupedProblems, stats: dict | None = None) -> tuple[dict[str, Tally], list[Problem]]:
    """The tallies from the counted events (``by_value``: (submission, value) → votes), plus the tally rows
    and the day tallies (which also add to ``stats``)."""
    errors = add_day_tallies(site, campaign_of, by_value, first, last, warnings, stats) if site.day_tallies else []
    sums: dict[str, list] = {sid: [0, 0, 0, []] for sid in campaign_of}  # count, up, down, the total's terms
    for (sid, value), n in by_value.items():
        acc = sums[sid]
        acc[0] += n
        acc[1 if value > 0 else 2] += n
        acc[3].append(value * n)

    for row in site.tally_rows:
        campaign = campaign_of.get(row.submission)
        if campaign is None:
            if row.submission not in site.hidden:
                warnings.add("tally row", UNKNOWN, row.loc)
            continue
        acc = sums[row.submission]
        if campaign.voting == "score":
            low, high = campaign.scale
            if row.score_count and not low <= row.score_sum / row.score_count <= high:
                warnings.add("tally row", f"the mean score is off the campaign's scale {low:g}–{high:g}", row.loc)
                continue
            acc[0] += row.score_count
            acc[3].append(row.score_sum)
        elif campaign.voting == "updown":
            acc[0] += row.up + row.down
            acc[1] += row.up
            acc[2] += row.down
            acc[3].append(row.up - row.down)
        else:
            likes = row.votes or row.up
            acc[0] += likes
            acc[1] += likes
            acc[3].append(likes)

    tallies = {}
    for sid, (count, up, down, terms) in sums.items():
        if campaign_of[sid].voting == "score":
            up = down = 0
        total = math.fsum(terms)  # correctly rounded, so equal votes give equal totals in any row order
        tallies[sid] = Tally(count=count, up=up, down=down, total=total, first=first.get(sid), last=last.get(sid))
    return tallies, errors + warnings.problems()


def add_day_tallies(site: Site, campaign_of: dict[str, Campaign], by_value: Counter, first: dict, last: dict,
                    warnings: GroupedProblems, stats: dict | None) -> list[Problem]:
    """Count the tallies files' rows as the raw votes they were made from; errors for campaigns given both.

    A row is skipped (a warning) as a raw vote would be: an unknown submission, a value off the campaign's
    rule.  A withdrawal (0 on likes or up/down) counts no vote but its ``last`` moves the clock."""
    raw = {campaign_of[sid].id for sid, _value in by_value} | \
        {campaign_of[r.submission].id for r in site.tally_rows if r.submission in campaign_of}
    mixed: dict[str, Location] = {}
    days = stats.get("days") if stats is not None else None
    newest = stats.get("newest") if stats is not None else None
    for row in site.day_tallies:
        campaign = campaign_of.get(row.submission)
        if campaign is None:
            if row.submission not in site.hidden:
                warnings.add("tally row", UNKNOWN, row.loc)
            continue
        if campaign.id in raw:
            mixed.setdefault(campaign.id, row.loc)
            continue
        low, high, allowed = rule(campaign)
        if not low <= row.value <= high or (allowed is not None and row.value not in allowed):
            warnings.add("tally row", rule_message(campaign), row.loc)
            continue
        if row.votes == 0:
            continue
        if row.last is not None:
            newest = row.last if newest is None else max(newest, row.last)
        if row.value == 0.0 and campaign.voting != "score":
            continue
        sid = row.submission
        by_value[sid, row.value] += row.votes
        if days is not None:
            days[sid, row.day] += row.votes
        if row.first is not None:
            first[sid] = min(first.get(sid, row.first), row.first)
            last[sid] = max(last.get(sid, row.last), row.last)
    if stats is not None:
        stats["newest"] = newest
    return [Problem(loc, f"the campaign '{cid}' has raw votes (in the votes files) and also tallies here; a "
                         "campaign's votes come from one or the other, so they are not counted twice: remove "
                         "its rows from the tallies files, or its votes from the votes files", "error")
            for cid, loc in mixed.items()]


def _counted_rows(table: VoteTable, campaign_of: dict[str, Campaign], hidden: frozenset[str],
                  warnings: GroupedProblems) -> Sequence[int]:
    """Indices of the events that count (rules 1–3), in row order."""
    subs, voters, values, stamps = table.submission, table.voter, table.value, table.timestamp
    rows: Sequence[int] = range(len(subs))

    unknown = set(subs) - campaign_of.keys()
    if unknown:
        for i in rows:
            if subs[i] in unknown and subs[i] not in hidden:
                warnings.add("vote", UNKNOWN, table.location(i))
        rows = [i for i in rows if subs[i] not in unknown]

    rules = {sid: rule(c) for sid, c in campaign_of.items()}
    if not _all_valid(rows, subs, values, rules):
        bad = []
        for i in rows:
            low, high, allowed = rules[subs[i]]
            value = values[i]
            if not low <= value <= high or (allowed is not None and value not in allowed):
                warnings.add("vote", rule_message(campaign_of[subs[i]]), table.location(i))
                bad.append(i)
        skip = set(bad)
        rows = [i for i in rows if i not in skip]

    def key(i: int):
        voter = voters[i]
        return (subs[i], voter) if voter is not None else i  # anonymous events are never merged

    if None in voters:
        keys = map(key, rows)
    else:
        keys = zip(subs, voters) if isinstance(rows, range) else ((subs[i], voters[i]) for i in rows)
    latest = dict(zip(keys, rows))  # the last row of each voter and submission
    if len(latest) == len(rows):
        return rows

    def newer(i: int) -> tuple:  # rule 3 as one total order: unstamped rows first, then by time, then row order
        stamp = stamps[i]
        return (False, 0.0, i) if stamp is None else (True, stamp, i)

    for i in set(rows).difference(latest.values()):
        k = key(i)
        if newer(i) > newer(latest[k]):
            latest[k] = i
    return sorted(latest.values())


def _all_valid(rows: Sequence[int], subs, values, rules: dict) -> bool:
    """The quick check: with one rule for every campaign, min/max/set of the values decide at once."""
    if not rows:
        return True
    distinct = set(rules.values())
    if len(distinct) != 1:
        return False
    low, high, allowed = next(iter(distinct))
    column = values if isinstance(rows, range) else [values[i] for i in rows]
    if allowed is not None:
        return set(column) <= allowed
    return low <= min(column) and max(column) <= high


def first_and_last(subs: Sequence[str], stamps: Sequence[float | None]) -> tuple[dict, dict]:
    first: dict[str, float] = {}
    last: dict[str, float] = {}
    for sid, stamp in zip(subs, stamps):
        if stamp is None:
            continue
        if sid not in first:
            first[sid] = last[sid] = stamp
        elif stamp < first[sid]:
            first[sid] = stamp
        elif stamp > last[sid]:
            last[sid] = stamp
    return first, last
