"""Charts as geometry: the numbers a theme draws as inline SVG (partials/charts.html).

No chart library and no JavaScript: each chart is a small dataclass of bars or
points with their coordinates already worked out, a one-sentence summary and
the rows of a table, so a screen reader gets the same facts as a sighted
visitor.  Pure functions of view data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

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


def _label(day: int) -> str:
    d = _day(day)
    return f"{d.day} {d.strftime('%b') if False else _MONTHS[d.month - 1]} {d.year}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _nice_top(value: int) -> int:
    """A round axis maximum at or above ``value`` (1, 2, 5, 10, 20, 50 …)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= value:
                return max(1, step * m)
        step *= 10


def bar_chart(chart_id: str, title: str, items: list[tuple[str, int]], columns: tuple[str, str],
              summary: str, tick_every: int = 1) -> Chart:
    top = _nice_top(max((v for _, v in items), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(items))
    gap = min(4.0, slot * 0.2)
    chart = Chart(chart_id, title, summary, columns, [(label, f"{value:,}") for label, value in items])
    for i, (label, value) in enumerate(items):
        h = plot_h * value / top
        chart.bars.append(Bar(LEFT + i * slot + gap / 2, TOP + plot_h - h, max(0.5, slot - gap), h, label, value))
        if i % tick_every == 0:
            chart.x_ticks.append((LEFT + i * slot + slot / 2, label))
    chart.y_ticks = [(TOP + plot_h * (1 - f), f"{round(top * f):,}") for f in (0, 0.5, 1)]
    return chart


def votes_per_day(days: dict[int, int]) -> Chart | None:
    if not days:
        return None
    first, last = min(days), max(days)
    items = [(_label(d), days.get(d, 0)) for d in range(first, last + 1)]
    busiest = max(items, key=lambda item: item[1])
    total = sum(v for _, v in items)
    summary = (f"{total:,} counted votes over {len(items):,} day{'s' * (len(items) != 1)}, from {items[0][0]} to "
               f"{items[-1][0]}; the busiest day was {busiest[0]} with {busiest[1]:,}.")
    return bar_chart("votes-per-day", "Votes per day", items, ("Day", "Votes"), summary,
                     tick_every=max(1, len(items) // 6))


def score_distribution(values: dict[float, int], scale: tuple[float, float]) -> Chart | None:
    if not values:
        return None
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
    summary = (f"{total:,} scores from {low:g} to {high:g}; the most common was {common[0]} "
               f"({common[1]:,}, {common[1] / total:.0%}).")
    return bar_chart("score-distribution", "How the crowd scored", bins, ("Score", "Votes"), summary)


def campaign_charts(view, days: dict[int, int], values: dict[float, int]) -> dict[str, Chart]:
    out = {}
    per_day = votes_per_day(days)
    if per_day is not None:
        out["votes_per_day"] = per_day
    if view.voting == "score":
        dist = score_distribution(values, view.campaign.scale)
        if dist is not None:
            out["score_distribution"] = dist
    return out


def rank_history(history: list[tuple[str, int, int]]) -> Chart | None:
    """(campaign title, best rank, number of entries) per campaign, oldest first; rank 1 is drawn at the top."""
    if not history:
        return None
    worst = _nice_top(max(r for _, r, _ in history))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(history)
    rows = [(title, f"#{rank} of {n:,}") for title, rank, n in history]
    best = min(history, key=lambda h: h[1])
    summary = (f"Best rank in {len(history)} campaign{'s' * (len(history) != 1)}; the highest was #{best[1]} "
               f"in {best[0]}.")
    chart = Chart("rank-history", "Rank in each campaign", summary, ("Campaign", "Best rank"), rows)
    span = max(1, worst - 1)
    for i, (title, rank, _) in enumerate(history):
        x = LEFT + i * slot + slot / 2
        y = TOP + plot_h * (rank - 1) / span
        chart.points.append(Point(x, y, title, rank))
        chart.x_ticks.append((x, title if len(title) <= 24 else title[:23] + "…"))
    chart.y_ticks = [(TOP, "#1"), (TOP + plot_h, f"#{worst}")]
    return chart
