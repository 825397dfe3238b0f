"""A campaign's dates, prizes and outcome settings, read and checked (the lifecycle's fields).

The phases they make are :mod:`crowdgallery.views.phases`; where a campaign stands at the
build's clock is :mod:`crowdgallery.rank.clock`.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from crowdgallery.load.fields import FieldReader
from crowdgallery.model import Prize

SHOW_VOTES = ("always", "after_close")


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


MAX_SCALE = 1_000_000  # the ends of a voting or jury scale lie within ±MAX_SCALE


def read_scale(r: FieldReader, name: str, default: tuple[float, float]) -> tuple[float, float]:
    """``[min, max]`` (or 'min;max' in a CSV cell): two numbers within ±MAX_SCALE, the first the lower."""
    value = r.get(name)
    if value is None:
        return default
    items = value.split(";") if isinstance(value, str) else value
    try:
        low, high = (float(x) for x in items)
        if isinstance(items, list) and any(isinstance(x, bool) for x in items):
            raise ValueError(items)
    except (TypeError, ValueError):
        r.error(name, f"'{name}' must be two numbers, [min, max], like [{default[0]:g}, {default[1]:g}]")
        return default
    if not (abs(low) <= MAX_SCALE and abs(high) <= MAX_SCALE):  # also refuses inf and nan
        r.error(name, f"'{name}' must be two numbers from -{MAX_SCALE:,} to {MAX_SCALE:,}; "
                      f"[{low:g}, {high:g}] is not")
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

