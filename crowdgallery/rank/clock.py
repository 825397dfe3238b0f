"""The build's clock and what it decides: each campaign's status, and whether its tallies may be shown.

A campaign whose ``status`` is not written gets it from the dates at the build's
clock (``--now``, by default the newest vote), so rebuilding a site later moves it
on by itself.  With ``show_votes: after_close`` no score, vote count or rank of a
campaign that is not closed reaches any output.

Pure functions; the clock is always passed in.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from crowdgallery.model import Campaign, Site

CLOSED = ("closed", "announced")


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


def default_clock(site: Site, newest_vote: float | None = None) -> datetime:
    """The build's clock when --now is not given: the newest counted vote, else the newest submission, else 1970.

    Taken from the data, so building the same input twice gives the same site.  ``newest_vote`` is what the
    tally reports as ``stats["newest"]`` (also when it comes from cache.votes.VoteCache): a row the tally
    skipped (an unknown submission, a bad value) never sets it.
    """
    if newest_vote is not None:
        return datetime.fromtimestamp(newest_vote, timezone.utc)
    dates = [s.submitted for s in site.submissions if s.submitted]
    return max(dates) if dates else datetime(1970, 1, 1, tzinfo=timezone.utc)
