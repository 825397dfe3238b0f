"""The tally of a :class:`VoteFrame` (votes read by polars): the rules of :mod:`~crowdgallery.rank.tally`, column-wise.

Same rules, same order, same result: rows for unknown submissions and values
off a campaign's rule are skipped with a warning at their file and line (in
row order, as the reference reports them); then one vote per voter and
submission, the latest by the one total order (a stamped row is later than any
unstamped one, then the later time, then the later row); anonymous rows all
count; withdrawals (0 on likes and up/down) replace a vote and are not one.
The counted events are then summed by :func:`~crowdgallery.rank.tally.summarise`,
the code the reference uses, so the tallies are the same numbers.
"""
from __future__ import annotations

from collections import Counter

from crowdgallery.model import Site, Tally
from crowdgallery.problems import GroupedProblems, Location, Problem
from crowdgallery.rank.tally import UNKNOWN, prepare, rule, rule_message, summarise

KINDS = {"score": 0, "updown": 1, "likes": 2}


def tally_frame(site: Site, stats: dict | None = None) -> tuple[dict[str, Tally], list[Problem]]:
    """tally.tally_votes for a site whose votes are a VoteFrame."""
    import polars as pl

    site, campaign_of, alias = prepare(site)
    warnings = GroupedProblems("warning")
    files = site.votes.files
    frame = site.votes.frame
    if frame is None or frame.height == 0:
        if stats is not None:
            stats.update(newest=None, values=Counter(), days=Counter())
        return summarise(site, campaign_of, stats["values"] if stats is not None else Counter(), {}, {},
                         warnings, stats)
    frame = frame.select("submission", "voter", "value", "timestamp", "line", "file")
    if alias:  # a duplicate's votes count for its original, still one per voter
        frame = frame.with_columns(pl.col("submission").cast(pl.String).replace(alias).cast(pl.Categorical))
    frame = frame.with_row_index("row")

    known = pl.col("submission").is_in(list(campaign_of))
    unknown = frame.filter(~known)
    if unknown.height:
        shown = unknown.filter(~pl.col("submission").is_in(list(site.hidden)))
        for file, line in shown.select("file", "line").iter_rows():
            warnings.add("vote", UNKNOWN, Location(files[file], line))
        frame = frame.filter(known)

    if not _all_valid(frame, campaign_of):
        frame = frame.with_columns(_rule_columns(campaign_of))
        value = pl.col("value")
        valid = (value >= pl.col("low")) & (value <= pl.col("high")) & (
            (pl.col("kind") == KINDS["score"]) | (value == 0) | (value == 1)
            | ((pl.col("kind") == KINDS["updown"]) & (value == -1)))
        off = frame.filter(valid.not_())
        messages = {sid: rule_message(c) for sid, c in campaign_of.items()}
        for sid, file, line in off.select("submission", "file", "line").iter_rows():
            warnings.add("vote", messages[sid], Location(files[file], line))
        frame = frame.filter(valid).drop("low", "high", "kind")

    frame = _latest(frame.drop("file", "line")).drop("voter")  # where a row was: only needed for warnings
    if stats is not None:  # the newest vote that counted (a withdrawal too): the build's default clock
        stats["newest"] = frame.get_column("timestamp").max()
    not_score = [sid for sid, c in campaign_of.items() if c.voting != "score"]
    if not_score and (frame.get_column("value") == 0).any():  # a withdrawal replaced a vote; it is not one
        frame = frame.filter((pl.col("value") != 0) | pl.col("submission").is_in(not_score).not_())

    counted = frame.group_by("submission", "value", maintain_order=True).len()
    by_value = Counter(dict(zip(zip(counted.get_column("submission").to_list(),
                                    counted.get_column("value").to_list()),
                                counted.get_column("len").to_list())))
    if stats is not None:
        stats["values"] = by_value
        days = frame.select("submission", day=(pl.col("timestamp") // 86400).cast(pl.Int64)) \
            .group_by("submission", "day", maintain_order=True).len()
        stats["days"] = Counter(dict(zip(zip(days.get_column("submission").to_list(),
                                             days.get_column("day").to_list()),
                                         days.get_column("len").to_list())))
    spans = frame.group_by("submission").agg(first=pl.col("timestamp").min(), last=pl.col("timestamp").max()) \
        .drop_nulls()
    ids = spans.get_column("submission").to_list()
    first = dict(zip(ids, spans.get_column("first").to_list()))
    last = dict(zip(ids, spans.get_column("last").to_list()))
    return summarise(site, campaign_of, by_value, first, last, warnings, stats)


def _all_valid(frame, campaign_of: dict) -> bool:
    """The quick check: each submission's lowest and highest value and whether all are -1, 0 or 1."""
    import polars as pl

    value = pl.col("value")
    seen = frame.group_by("submission").agg(low=value.min(), high=value.max(),
                                             units=((value == 0) | (value == 1) | (value == -1)).all())
    for sid, low, high, units in seen.iter_rows():
        lowest, highest, allowed = rule(campaign_of[sid])
        if not (lowest <= low and high <= highest and (allowed is None or units)):
            return False
    return True


def _rule_columns(campaign_of: dict) -> list:
    """low, high and kind of each row's campaign (the reference's tally.rule, as columns)."""
    import polars as pl

    low, high, kind = {}, {}, {}
    for sid, campaign in campaign_of.items():
        low[sid], high[sid], _allowed = rule(campaign)
        kind[sid] = KINDS.get(campaign.voting, KINDS["likes"])
    sub = pl.col("submission")
    return [sub.replace_strict(low, return_dtype=pl.Float64).alias("low"),
            sub.replace_strict(high, return_dtype=pl.Float64).alias("high"),
            sub.replace_strict(kind, return_dtype=pl.Int8).alias("kind")]


def _latest(frame):
    """Rule 3: each voter's latest row per submission; anonymous rows all stay; row order kept."""
    import polars as pl

    # Candidates first: rows whose (submission, voter) pair, as one number from the two category codes, repeats.
    pair = pl.col("submission").to_physical().cast(pl.UInt64) * (1 << 32) + pl.col("voter").to_physical()
    repeated = pl.col("voter").is_not_null() & pair.is_duplicated()
    candidates = frame.filter(repeated)
    if candidates.height == 0:
        return frame
    # Sorted by the total order (stable, so equal keys keep row order), the last row of each pair is the latest.
    candidates = candidates.sort(pl.col("timestamp").is_not_null(), pl.col("timestamp").fill_null(0.0), "row",
                                 maintain_order=True)
    latest = candidates.unique(subset=["submission", "voter"], keep="last", maintain_order=False)
    if latest.height == candidates.height:
        return frame
    dropped = candidates.filter(pl.col("row").is_in(latest.get_column("row").implode()).not_()).get_column("row")
    return frame.filter(pl.col("row").is_in(dropped.implode()).not_())
