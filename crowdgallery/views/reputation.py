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
from crowdgallery.load.strings import Strings, english
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


def fill(gallery, config, strings: Strings | None = None) -> None:
    strings = strings or english()
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
        d.rank_chart = charts.rank_history(history, strings)
        d.badges = _badges(d, off, rules, favourites, strings)


def _badges(d, off: frozenset[str], rules: tuple[BadgeRule, ...], favourites: dict[str, set[str]],
            strings: Strings) -> list[Badge]:
    _, n = strings.gettext, strings.number
    out: list[Badge] = []
    if "winner" not in off:
        for e in d.wins:
            reason = _("Winner — %(campaign)s") % {"campaign": e.campaign.title}
            out.append(Badge("winner", _("Winner"), reason + (f" ({e.prize.title})" if e.prize else ""), "trophy"))
    if "finalist" not in off:
        out += [Badge("finalist", _("Finalist"), _("Finalist — %(campaign)s") % {"campaign": e.campaign.title},
                      "medal") for e in d.finalist_places]
    if "crowd-favourite" not in off:
        for e in d.entries:
            for title in sorted(favourites.get(e.id, ())):
                out.append(Badge("crowd-favourite", _("Crowd favourite"),
                                 _("Crowd favourite: most votes in %(campaign)s (%(entry)s)")
                                 % {"campaign": title, "entry": e.title}, "heart"))
    if "prolific" not in off and len(d.entries) >= PROLIFIC:
        out.append(Badge("prolific", _("Prolific"), strings.ngettext(
            "Prolific: %(num)s submission (%(least)s+)", "Prolific: %(num)s submissions (%(least)s+)",
            len(d.entries)) % {"num": n(len(d.entries)), "least": n(PROLIFIC)}, "stack"))
    if "inspiration" not in off and d.inspired >= INSPIRATION:
        out.append(Badge("inspiration", _("Inspiration"), strings.ngettext(
            "Inspiration: %(num)s idea built on theirs", "Inspiration: %(num)s ideas built on theirs",
            d.inspired) % {"num": n(d.inspired)}, "spark"))
    if "first-submission" not in off and d.entries:
        first = min(d.entries, key=lambda e: (e.submission.submitted is None,
                                              e.submission.submitted.timestamp() if e.submission.submitted else 0,
                                              e.id))
        out.append(Badge("first-submission", _("First submission"),
                         _("First submission: %(entry)s") % {"entry": first.title}, "seed"))
    for rule in rules:  # the site's own badges: their name and description are the site's words
        value = total(d, rule.total)
        if value >= rule.at_least:
            reason = rule.description or f"{rule.name}: {n(value)} {_(TOTALS[rule.total])} ({rule.at_least:g}+)"
            out.append(Badge(rule.id, rule.name, reason, "star"))
    return out
