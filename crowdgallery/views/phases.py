"""A campaign's phases for its pages, and the shuffled order of a gallery whose tallies are hidden.

Phases come from the campaign's dates:

* submissions: ``opens`` – ``closes``
* voting: ``voting_opens`` – ``voting_closes`` (default: the submission window)
* judging: the end of voting – ``announced`` (only when ``announced`` is later)
* results: from ``announced`` (else from the end of voting)

A hidden gallery is shuffled with a seed taken from the campaign id, so builds stay reproducible.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence, TypeVar

from crowdgallery.load.strings import Strings, english
from crowdgallery.model import Campaign
from crowdgallery.rank.clock import voting_window

T = TypeVar("T")


# --- reading the fields (called by records.py) ------------------------------------------------

def shuffled(items: Sequence[T], campaign_id: str, key) -> list[T]:
    """A stable shuffle: the same campaign id and items give the same order on every machine."""
    ordered = sorted(items, key=key)
    random.Random(f"crowdgallery:{campaign_id}").shuffle(ordered)
    return ordered


@dataclass(frozen=True, slots=True)
class Phase:
    id: str
    label: str
    start: datetime | None
    end: datetime | None
    state: str  # "past", "current" or "future"


_CURRENT = {"upcoming": None, "open": "submissions", "voting": "voting", "closed": "judging", "announced": "results"}


def timeline(c: Campaign, strings: Strings | None = None) -> list[Phase]:
    """The phases the campaign's dates define, each marked past, current or future (from its status), with
    their labels in the site's language (``strings``)."""
    _ = (strings or english()).gettext
    v_opens, v_closes = voting_window(c)
    phases = [("submissions", _("Submissions open"), c.opens, c.closes),
              ("voting", _("Voting"), v_opens, v_closes)]
    if c.announced and (v_closes is None or c.announced > v_closes):
        phases.append(("judging", _("Judging"), v_closes, c.announced))
    phases.append(("results", _("Results"), c.announced or v_closes, None))
    ids = [p[0] for p in phases]
    current = _CURRENT.get(c.status)
    if current == "judging" and "judging" not in ids:
        current = "results"
    if c.status == "open" and v_opens and c.opens and v_opens <= c.opens:
        current = "submissions"
    position = ids.index(current) if current in ids else -1
    out = []
    for i, (pid, label, start, end) in enumerate(phases):
        state = "future" if position < 0 or i > position else "current" if i == position else "past"
        if c.status == "open" and pid == "voting" and v_opens and c.opens and v_opens <= c.opens:
            state = "current"  # voting runs alongside submissions
        out.append(Phase(pid, label, start, end, state))
    return out
