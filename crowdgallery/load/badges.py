"""``badges:`` in site.yaml → :class:`~crowdgallery.model.BadgeSettings`, checked at its line.

A site switches built-in badges off and adds its own as a threshold on a total::

    badges:
      disable: [first-submission]
      add:
        - {id: hundred-club, name: Hundred club, total: votes, at_least: 100}

The badges themselves are given by :mod:`crowdgallery.views.reputation`.
"""
from __future__ import annotations

from typing import Any

from crowdgallery.load.fields import is_safe_id
from crowdgallery.load.strings import N_
from crowdgallery.model import BadgeRule, BadgeSettings
from crowdgallery.problems import Problem

BUILT_IN = ("winner", "finalist", "crowd-favourite", "prolific", "inspiration", "first-submission")
TOTALS = {  # the words a site's own badge says its total in (translated where the badge is made)
    "submissions": N_("submissions"),
    "votes": N_("votes received"),
    "wins": N_("wins"),
    "finalists": N_("finalist places"),
    "campaigns": N_("campaigns entered"),
    "inspired": N_("ideas built on theirs"),
}
PROLIFIC, INSPIRATION = 5, 3


def read_rules(value: Any, problems: list[Problem] | None = None, at=None) -> BadgeSettings:
    """``badges`` from site.yaml → (switched-off built-ins, the site's own rules); problems at the option's line."""
    def error(message: str) -> None:
        if problems is not None:
            problems.append(Problem(at, message))

    if value is None:
        return BadgeSettings()
    if not isinstance(value, dict) or set(value) - {"disable", "add"}:
        error("'badges' takes 'disable' (a list of built-in badge ids) and 'add' (a list of rules)")
        return BadgeSettings()
    off = value.get("disable") or []
    if isinstance(off, str):
        off = [off]
    bad = [x for x in off if x not in BUILT_IN]
    if bad:
        error(f"'badges: disable' names {', '.join(map(str, bad))}; built-in badges are {', '.join(BUILT_IN)}")
    rules: list[BadgeRule] = []
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
        rules.append(BadgeRule(str(item["id"]), str(item["name"]), item["total"], threshold,
                          str(item.get("description") or "")))
    return BadgeSettings(frozenset(x for x in off if x in BUILT_IN), tuple(rules))


