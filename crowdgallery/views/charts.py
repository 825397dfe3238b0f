"""Charts as geometry: the numbers a theme draws as inline SVG (partials/charts.html).

No chart library and no JavaScript: each chart is a small dataclass of bars or
points with their coordinates already worked out, a one-sentence summary and
the rows of a table, so a screen reader gets the same facts as a sighted
visitor.  Pure functions of view data; every word and number is written by the
``strings`` given (load/strings.py: the site's language, its month names and digits).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from crowdgallery.load.strings import Strings, english

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 30  # margins for the axes' labels
MAX_BINS = 20


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    label: str
    value: int


@dataclass(slots=True)
class Chart:
    id: str
    title: str
    summary: str  # the text alternative: one sentence with the facts that matter
    columns: tuple[str, str]  # the table's headings
    rows: list[tuple[str, str]]  # the table: one row per bar or point
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[Bar] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, label)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)  # (x, label)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def _day(day: int) -> datetime:
    return datetime.fromtimestamp(day * 86400, timezone.utc)


def _nice_top(value: int) -> int:
    """A round axis maximum at or above ``value`` (1, 2, 5, 10, 20, 50 …)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= value:
                return max(1, step * m)
        step *= 10


def bar_chart(chart_id: str, title: str, items: list[tuple[str, int]], columns: tuple[str, str],
              summary: str, tick_every: int = 1, strings: Strings | None = None) -> Chart:
    strings = strings or english()
    top = _nice_top(max((v for _, v in items), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(items))
    gap = min(4.0, slot * 0.2)
    chart = Chart(chart_id, title, summary, columns, [(label, strings.number(value)) for label, value in items])
    for i, (label, value) in enumerate(items):
        h = plot_h * value / top
        chart.bars.append(Bar(LEFT + i * slot + gap / 2, TOP + plot_h - h, max(0.5, slot - gap), h, label, value))
        if i % tick_every == 0:
            chart.x_ticks.append((LEFT + i * slot + slot / 2, label))
    chart.y_ticks = [(TOP + plot_h * (1 - f), strings.number(round(top * f))) for f in (0, 0.5, 1)]
    return chart


def votes_per_day(days: dict[int, int], strings: Strings | None = None) -> Chart | None:
    if not days:
        return None
    strings = strings or english()
    first, last = min(days), max(days)
    items = [(strings.short_date(_day(d)), days.get(d, 0)) for d in range(first, last + 1)]
    busiest = max(items, key=lambda item: item[1])
    total = sum(v for _, v in items)
    summary = " ".join((
        strings.count("%(num)s counted vote", "%(num)s counted votes", total),
        strings.ngettext("over %(days)s day, from %(first)s to %(last)s;", "over %(days)s days, from %(first)s to "
                         "%(last)s;", len(items)) % {"days": strings.number(len(items)), "first": items[0][0],
                                                      "last": items[-1][0]},
        strings.gettext("the busiest day was %(day)s with %(num)s.") % {"day": busiest[0],
                                                                         "num": strings.number(busiest[1])}))
    return bar_chart("votes-per-day", strings.gettext("Votes per day"), items,
                     (strings.gettext("Day"), strings.gettext("Votes")), summary,
                     tick_every=max(1, len(items) // 6), strings=strings)


def score_distribution(values: dict[float, int], scale: tuple[float, float],
                       strings: Strings | None = None) -> Chart | None:
    if not values:
        return None
    strings = strings or english()
    low, high = scale
    if high - low <= MAX_BINS and all(float(v).is_integer() for v in values) and float(low).is_integer():
        bins = [(f"{x:g}", values.get(float(x), 0)) for x in range(int(low), int(high) + 1)]
    else:  # many possible scores: ten equal ranges
        width = (high - low) / 10
        counts = [0] * 10
        for v, n in values.items():
            counts[min(9, int((v - low) / width))] += n
        bins = [(f"{low + i * width:g}–{low + (i + 1) * width:g}", n) for i, n in enumerate(counts)]
    total = sum(n for _, n in bins)
    common = max(bins, key=lambda b: b[1])
    summary = strings.ngettext(
        "%(num)s score from %(low)s to %(high)s; the most common was %(common)s (%(count)s, %(share)s).",
        "%(num)s scores from %(low)s to %(high)s; the most common was %(common)s (%(count)s, %(share)s).",
        total) % {"num": strings.number(total), "low": strings.figure(f"{low:g}"), "high": strings.figure(f"{high:g}"),
                  "common": strings.figure(common[0]), "count": strings.number(common[1]),
                  "share": strings.figure(f"{common[1] / total:.0%}")}
    bins = [(strings.figure(label), n) for label, n in bins]
    return bar_chart("score-distribution", strings.gettext("How the crowd scored"), bins,
                     (strings.gettext("Score"), strings.gettext("Votes")), summary, strings=strings)


def campaign_charts(view, days: dict[int, int], values: dict[float, int],
                    strings: Strings | None = None) -> dict[str, Chart]:
    out = {}
    per_day = votes_per_day(days, strings)
    if per_day is not None:
        out["votes_per_day"] = per_day
    if view.voting == "score":
        dist = score_distribution(values, view.campaign.scale, strings)
        if dist is not None:
            out["score_distribution"] = dist
    return out


def rank_history(history: list[tuple[str, int, int]], strings: Strings | None = None) -> Chart | None:
    """(campaign title, best rank, number of entries) per campaign, oldest first; rank 1 is drawn at the top."""
    if not history:
        return None
    strings = strings or english()

    def place(rank: int) -> str:
        return strings.gettext("#%(rank)s") % {"rank": strings.number(rank)}

    worst = _nice_top(max(r for _, r, _ in history))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(history)
    rows = [(title, strings.gettext("#%(rank)s of %(num)s") % {"rank": strings.number(rank), "num": strings.number(n)})
            for title, rank, n in history]
    best = min(history, key=lambda h: h[1])
    summary = strings.ngettext("Best rank in %(num)s campaign; the highest was %(rank)s in %(campaign)s.",
                               "Best rank in %(num)s campaigns; the highest was %(rank)s in %(campaign)s.",
                               len(history)) % {"num": strings.number(len(history)), "rank": place(best[1]),
                                                "campaign": best[0]}
    chart = Chart("rank-history", strings.gettext("Rank in each campaign"), summary,
                  (strings.gettext("Campaign"), strings.gettext("Best rank")), rows)
    span = max(1, worst - 1)
    for i, (title, rank, _) in enumerate(history):
        x = LEFT + i * slot + slot / 2
        y = TOP + plot_h * (rank - 1) / span
        chart.points.append(Point(x, y, title, rank))
        chart.x_ticks.append((x, title if len(title) <= 24 else title[:23] + "…"))
    chart.y_ticks = [(TOP, place(1)), (TOP + plot_h, place(worst))]
    return chart
