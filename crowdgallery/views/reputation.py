"""Designer reputation: profile totals and badges, worked out once per build from the views.

Built-in badges (each can be switched off in ``site.yaml``, see :mod:`crowdgallery.load.badges`)::

    winner            Winner — <campaign>             one per win
    finalist          Finalist — <campaign>           one per finalist place
    crowd-favourite   Crowd favourite — <campaign>    the most votes in a closed campaign
    prolific          Prolific                        5 or more submissions
    inspiration       Inspiration                     3 or more ideas by others built on theirs
    first-submission  First submission                at least one submission

Figures from a campaign whose tallies are hidden never count (views hold no
tallies for it), so a profile cannot reveal them.
"""
from __future__ import annotations

from dataclasses import dataclass

from crowdgallery.load.badges import INSPIRATION, PROLIFIC, TOTALS
from crowdgallery.model import BadgeRule
from crowdgallery.views import charts


@dataclass(frozen=True, slots=True)
class Badge:
    id: str
    name: str
    reason: str
    icon: str  # one of the icons in partials/badges.html: trophy, medal, heart, stack, spark, seed, star


def total(designer, name: str) -> int:
    return {
        "submissions": len(designer.entries),
        "votes": designer.votes,
        "wins": len(designer.wins),
        "finalists": len(designer.finalist_places),
        "campaigns": designer.campaigns,
        "inspired": designer.inspired,
    }[name]


def fill(gallery, config) -> None:
    off, rules = config.badges.off, config.badges.rules
    favourites: dict[str, set[str]] = {}  # entry id → campaign title, for the crowd favourites
    for c in gallery.campaigns:
        counted = [e for e in c.entries if e.tally.count]
        if c.is_closed and not c.hidden and counted:
            most = max(e.tally.count for e in counted)
            for e in counted:
                if e.tally.count == most:
                    favourites.setdefault(e.id, set()).add(c.title)
    chronological = list(reversed(gallery.campaigns))  # gallery.campaigns is newest first
    for d in gallery.designers:
        mine = {e.id for e in d.entries}
        d.finalist_places = [e for e in d.entries if e.is_finalist]
        d.inspired = len({child.id for e in d.entries for child in e.built_upon_by
                          if child.id not in mine and not set(child.submission.designers) & {d.id}})
        history = []
        for c in chronological:
            ranks = [e.rank for e in d.entries if e.campaign is c and e.rank is not None]
            if ranks:
                history.append((c.title, min(ranks), len(c.entries)))
        d.rank_history = history
        d.rank_chart = charts.rank_history(history)
        d.badges = _badges(d, off, rules, favourites)


def _badges(d, off: frozenset[str], rules: tuple[BadgeRule, ...], favourites: dict[str, set[str]]) -> list[Badge]:
    out: list[Badge] = []
    if "winner" not in off:
        out += [Badge("winner", "Winner", f"Winner — {e.campaign.title}" + (f" ({e.prize.title})" if e.prize else ""),
                      "trophy") for e in d.wins]
    if "finalist" not in off:
        out += [Badge("finalist", "Finalist", f"Finalist — {e.campaign.title}", "medal") for e in d.finalist_places]
    if "crowd-favourite" not in off:
        for e in d.entries:
            for title in sorted(favourites.get(e.id, ())):
                out.append(Badge("crowd-favourite", "Crowd favourite",
                                 f"Crowd favourite: most votes in {title} ({e.title})", "heart"))
    if "prolific" not in off and len(d.entries) >= PROLIFIC:
        out.append(Badge("prolific", "Prolific", f"Prolific: {len(d.entries)} submissions ({PROLIFIC}+)", "stack"))
    if "inspiration" not in off and d.inspired >= INSPIRATION:
        out.append(Badge("inspiration", "Inspiration", f"Inspiration: {d.inspired} ideas built on theirs", "spark"))
    if "first-submission" not in off and d.entries:
        first = min(d.entries, key=lambda e: (e.submission.submitted is None,
                                              e.submission.submitted.timestamp() if e.submission.submitted else 0,
                                              e.id))
        out.append(Badge("first-submission", "First submission", f"First submission: {first.title}", "seed"))
    for rule in rules:
        value = total(d, rule.total)
        if value >= rule.at_least:
            reason = rule.description or f"{rule.name}: {value:,} {TOTALS[rule.total]} ({rule.at_least:g}+)"
            out.append(Badge(rule.id, rule.name, reason, "star"))
    return out
