"""Votes → one :class:`Tally` per submission.  Pure: no I/O.

Rules, in order:
1. Events for submissions that are not in the site are skipped (a warning),
   except for drafts left out of this build, which are skipped silently.
2. Values must suit the campaign's voting: likes 1 (0 withdraws a like),
   updown +1/−1 (0 withdraws), score a number on the scale; others are skipped
   (a warning).
3. One vote per voter per submission: a voter's later vote replaces the
   earlier one, "later" by timestamp when both have one, else by row order.
   Events with no voter are all counted.
4. Precomputed tally rows are added on top.

Voter ids are used only here and never appear in what this stage returns.
"""
from __future__ import annotations

from .model import Campaign, Problem, Site, Tally
from .problems import GroupedProblems


def tally_votes(site: Site) -> tuple[dict[str, Tally], list[Problem]]:
    campaigns = {c.id: c for c in site.campaigns}
    campaign_of = {s.id: campaigns.get(s.campaign) for s in site.submissions}
    warnings = GroupedProblems("warning")
    table = site.votes

    kept = _latest_votes(table, campaign_of, site.hidden, warnings)
    sums: dict[str, list] = {sid: [0, 0, 0, 0.0, None, None] for sid in campaign_of}  # count, up, down, total, first, last
    values, stamps, subs = table.value, table.timestamp, table.submission
    for i in kept:
        value = values[i]
        if value == 0 and campaign_of[subs[i]].voting != "score":
            continue  # a withdrawn like or vote
        acc = sums[subs[i]]
        acc[0] += 1
        if value > 0:
            acc[1] += 1
        else:
            acc[2] += 1
        acc[3] += value
        stamp = stamps[i]
        if stamp is not None:
            if acc[4] is None or stamp < acc[4]:
                acc[4] = stamp
            if acc[5] is None or stamp > acc[5]:
                acc[5] = stamp

    for row in site.tally_rows:
        campaign = campaign_of.get(row.submission)
        if campaign is None:
            if row.submission not in site.hidden:
                warnings.add("tally rows name a submission that does not exist", row.loc)
            continue
        acc = sums[row.submission]
        if campaign.voting == "score":
            low, high = campaign.scale
            if row.score_count and not low <= row.score_sum / row.score_count <= high:
                warnings.add(f"tally rows give a mean score off the scale {low:g}–{high:g}", row.loc)
                continue
            acc[0] += row.score_count
            acc[3] += row.score_sum
        elif campaign.voting == "updown":
            acc[0] += row.up + row.down
            acc[1] += row.up
            acc[2] += row.down
            acc[3] += row.up - row.down
        else:
            likes = row.votes or row.up
            acc[0] += likes
            acc[1] += likes
            acc[3] += likes

    tallies = {}
    for sid, (count, up, down, total, first, last) in sums.items():
        if campaign_of[sid] is not None and campaign_of[sid].voting == "score":
            up = down = 0
        tallies[sid] = Tally(count=count, up=up, down=down, total=total, first=first, last=last)
    return tallies, warnings.problems()


def _latest_votes(table, campaign_of: dict[str, Campaign | None], hidden: frozenset[str],
                  warnings: GroupedProblems) -> list[int]:
    """Row indices of the events that count, in row order."""
    subs, voters, values, stamps = table.submission, table.voter, table.value, table.timestamp
    latest: dict[tuple[str, str], int] = {}
    anonymous: list[int] = []
    valid_values = {"likes": (0.0, 1.0), "updown": (-1.0, 0.0, 1.0)}
    for i in range(len(subs)):
        sid = subs[i]
        campaign = campaign_of.get(sid)
        if campaign is None:
            if sid not in hidden:
                warnings.add("votes name a submission that does not exist; they were skipped", table.location(i))
            continue
        value = values[i]
        if campaign.voting == "score":
            low, high = campaign.scale
            if not low <= value <= high:
                warnings.add(f"votes are off the scale {low:g}–{high:g} of their campaign; they were skipped",
                             table.location(i))
                continue
        elif value not in valid_values[campaign.voting]:
            allowed = "1 (or 0 to withdraw)" if campaign.voting == "likes" else "1 or -1 (or 0 to withdraw)"
            warnings.add(f"votes have a value that {campaign.voting} voting does not take (use {allowed}); "
                         "they were skipped", table.location(i))
            continue
        voter = voters[i]
        if voter is None:
            anonymous.append(i)
            continue
        key = (sid, voter)
        previous = latest.get(key)
        if previous is not None:
            old, new = stamps[previous], stamps[i]
            if old is not None and new is not None and new < old:
                continue  # an older vote listed later: the newer one stands
        latest[key] = i
    return sorted(anonymous + list(latest.values()))
