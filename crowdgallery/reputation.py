"""Designer reputation: profile totals and badges, worked out once per build from the views.

Built-in badges (each can be switched off in ``site.yaml``)::

    winner            Winner — <campaign>             one per win
    finalist          Finalist — <campaign>           one per finalist place
    crowd-favourite   Crowd favourite — <campaign>    the most votes in a closed campaign
    prolific          Prolific                        5 or more submissions
    inspiration       Inspiration                     3 or more ideas by others built on theirs
    first-submission  First submission                at least one submission

A site adds its own rules as a threshold on a total::

    badges:
      disable: [first-submission]
      add:
        - {id: hundred-club, name: Hundred club, total: votes, at_least: 100}

Figures from a campaign whose tallies are hidden never count (views hold no
tallies for it), so a profile cannot reveal them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import charts
from .fields import is_safe_id
from .model import Problem

BUILT_IN = ("winner", "finalist", "crowd-favourite", "prolific", "inspiration", "first-submission")
TOTALS = {
    "submissions": "submissions",
    "votes": "votes received",
    "wins": "wins",
    "finalists": "finalist places",
    "campaigns": "campaigns entered",
    "inspired": "ideas built on theirs",
}
PROLIFIC, INSPIRATION = 5, 3


@dataclass(frozen=True, slots=True)
class Badge:
    id: str
    name: str
    reason: str
    icon: str  # one of the icons in partials/badges.html: trophy, medal, heart, stack, spark, seed, star


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    total: str
    at_least: float
    description: str


def read_rules(value: Any, problems: list[Problem] | None = None, at=None) -> tuple[frozenset[str], list[Rule]]:
    """``badges`` from site.yaml → (switched-off built-ins, the site's own rules); problems at the option's line."""
    def error(message: str) -> None:
        if problems is not None:
            problems.append(Problem(at, message))

    if value is None:
        return frozenset(), []
    if not isinstance(value, dict) or set(value) - {"disable", "add"}:
        error("'badges' takes 'disable' (a list of built-in badge ids) and 'add' (a list of rules)")
        return frozenset(), []
    off = value.get("disable") or []
    if isinstance(off, str):
        off = [off]
    bad = [x for x in off if x not in BUILT_IN]
    if bad:
        error(f"'badges: disable' names {', '.join(map(str, bad))}; built-in badges are {', '.join(BUILT_IN)}")
    rules: list[Rule] = []
    for item in value.get("add") or []:
        advice = ("write a rule like {id: hundred-club, name: Hundred club, total: votes, at_least: 100}; "
                  f"totals: {', '.join(TOTALS)}")
        if not isinstance(item, dict) or not is_safe_id(str(item.get("id", ""))) or not item.get("name"):
            error(f"every badge rule needs an 'id' and a 'name'; {advice}")
            continue
        if item.get("total") not in TOTALS:
            error(f"the badge '{item['id']}' has total {item.get('total')!r}; {advice}")
            continue
        threshold = item.get("at_least")
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or threshold < 0:
            error(f"the badge '{item['id']}' needs 'at_least', a number of 0 or more; {advice}")
            continue
        rules.append(Rule(str(item["id"]), str(item["name"]), item["total"], threshold,
                          str(item.get("description") or "")))
    return frozenset(x for x in off if x in BUILT_IN), rules


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
    off, rules = read_rules(config.badges)
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


def _badges(d, off: frozenset[str], rules: list[Rule], favourites: dict[str, set[str]]) -> list[Badge]:
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
