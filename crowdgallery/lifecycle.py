"""A campaign's life: its phases, where it stood at the build's clock, and whether tallies may be shown.

Phases come from the campaign's dates:

* submissions: ``opens`` – ``closes``
* voting: ``voting_opens`` – ``voting_closes`` (default: the submission window)
* judging: the end of voting – ``announced`` (only when ``announced`` is later)
* results: from ``announced`` (else from the end of voting)

A campaign whose ``status`` is not written gets it from the dates at the build's
clock (``--now``), so rebuilding a site later moves it on by itself.  With
``show_votes: after_close`` no score, vote count or rank of a campaign that is
not closed reaches any output; its gallery is shown in an order shuffled with a
seed taken from the campaign id, so builds stay reproducible.

Pure functions; the clock is always passed in.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Sequence, TypeVar

from .fields import FieldReader
from .model import Campaign, Prize, Site

SHOW_VOTES = ("always", "after_close")
CLOSED = ("closed", "announced")
T = TypeVar("T")


# --- reading the fields (called by records.py) ------------------------------------------------

def read_campaign_outcomes(r: FieldReader, opens: datetime | None, closes: datetime | None) -> dict[str, Any]:
    voting_opens, voting_closes, announced = r.moment("voting_opens"), r.moment("voting_closes"), r.moment("announced")
    start, end = voting_opens or opens, voting_closes or closes
    if start and end and end < start:
        r.error("voting_closes" if voting_closes else "voting_opens",
                "voting ends before it opens; check 'voting_opens' and 'voting_closes' (they default to "
                "'opens' and 'closes')")
    if announced and end and announced < end:
        r.error("announced", "'announced' is before voting closes; results are announced after voting")
    return dict(
        voting_opens=voting_opens, voting_closes=voting_closes, announced=announced,
        status_given=r.has("status"),
        show_votes=r.choice("show_votes", SHOW_VOTES, "always"),
        prizes=_prizes(r), finalists=_count(r, "finalists"),
        jury_scale=read_scale(r, "jury_scale", (1.0, 10.0)), show_judges=r.boolean("show_judges"),
    )


def read_submission_outcomes(r: FieldReader) -> dict[str, Any]:
    return dict(duplicate_of=r.ident("duplicate_of", required=False), response_by=r.text("response_by"),
                response_date=r.moment("response_date"))


def read_scale(r: FieldReader, name: str, default: tuple[float, float]) -> tuple[float, float]:
    value = r.get(name)
    if value is None:
        return default
    items = value.split(";") if isinstance(value, str) else value
    try:
        low, high = (float(x) for x in items)
    except (TypeError, ValueError):
        r.error(name, f"'{name}' must be two numbers, [min, max], like [1, 10]")
        return default
    if not low < high:
        r.error(name, f"'{name}' must go from low to high; [{low:g}, {high:g}] does not")
        return default
    return (low, high)


def _count(r: FieldReader, name: str) -> int:
    value = r.get(name)
    if value is None:
        return 0
    if isinstance(value, bool) or not str(value).strip().isdigit():
        r.error(name, f"'{name}' must be a whole number of at least 0")
        return 0
    return int(str(value).strip())


def _prizes(r: FieldReader) -> tuple[Prize, ...]:
    value = r.get("prizes")
    if value is None:
        return ()
    advice = "write prizes as a list like [{place: 1, title: '€500 and a print run', description: ...}]"
    if not isinstance(value, list) or not all(isinstance(p, dict) for p in value):
        r.error("prizes", f"'prizes' must be a list of mappings; {advice}")
        return ()
    out: list[Prize] = []
    for item in value:
        place, title = item.get("place"), item.get("title")
        if isinstance(place, bool) or not str(place).strip().isdigit() or int(str(place)) < 1:
            r.error("prizes", f"every prize needs a 'place' of 1 or more; {advice}")
            return ()
        if not isinstance(title, (str, int, float)) or not str(title).strip():
            r.error("prizes", f"the prize for place {place} needs a 'title'; {advice}")
            return ()
        if any(p.place == int(str(place)) for p in out):
            r.error("prizes", f"two prizes are for place {place}; give each place one prize")
            return ()
        out.append(Prize(int(str(place)), str(title).strip(), str(item.get("description") or "").strip()))
    return tuple(sorted(out, key=lambda p: p.place))


# --- where a campaign stands ---------------------------------------------------------------------

def voting_window(c: Campaign) -> tuple[datetime | None, datetime | None]:
    return c.voting_opens or c.opens, c.voting_closes or c.closes


def status_at(c: Campaign, now: datetime) -> str:
    """The campaign's status at ``now``: as written, else worked out from its dates."""
    if c.status_given:
        return c.status
    v_opens, v_closes = voting_window(c)
    if not any((c.opens, c.closes, v_opens, v_closes, c.announced)):
        return c.status
    first = min(d for d in (c.opens, v_opens) if d) if (c.opens or v_opens) else None
    if first and now < first:
        return "upcoming"
    if c.announced and now >= c.announced:
        return "announced"
    if v_closes and now >= v_closes:
        return "closed"
    if c.closes and now >= c.closes:
        return "voting"
    return "open" if c.opens or not v_opens else "voting"


def apply_clock(site: Site, now: datetime) -> Site:
    """The site with every campaign's status as it stood at ``now`` (written statuses are kept)."""
    campaigns = tuple(c if c.status_given else replace(c, status=status_at(c, now)) for c in site.campaigns)
    return replace(site, campaigns=campaigns)


def tallies_hidden(c: Campaign) -> bool:
    """``show_votes: after_close`` and voting not over: no score, count or rank may be published."""
    return c.show_votes == "after_close" and c.status not in CLOSED


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


def timeline(c: Campaign) -> list[Phase]:
    """The phases the campaign's dates define, each marked past, current or future (from its status)."""
    v_opens, v_closes = voting_window(c)
    phases = [("submissions", "Submissions open", c.opens, c.closes),
              ("voting", "Voting", v_opens, v_closes)]
    if c.announced and (v_closes is None or c.announced > v_closes):
        phases.append(("judging", "Judging", v_closes, c.announced))
    phases.append(("results", "Results", c.announced or v_closes, None))
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
