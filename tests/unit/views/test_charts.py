"""Chart geometry (charts.py) is pure: coordinates and text alternatives worked out by hand."""
from __future__ import annotations

import pytest

from crowdgallery.views.charts import (
    _nice_top,
    bar_chart,
    rank_history,
    score_distribution,
    votes_per_day,
)


@pytest.mark.parametrize("value, top", [(0, 1), (1, 1), (7, 10), (10, 10), (11, 20), (50, 50), (51, 100)])
def test_axis_tops_are_round(value, top):
    assert _nice_top(value) == top


def test_bar_geometry():
    # plot area: 640 − 44 − 12 = 584 wide, 220 − 12 − 30 = 178 high; axis top 10; two slots of 292
    chart = bar_chart("x", "X", [("a", 5), ("b", 10)], ("Name", "Count"), "two bars")
    a, b = chart.bars
    assert (a.x, a.y, a.width, a.height) == (46.0, 101.0, 288.0, 89.0)
    assert (b.x, b.y, b.width, b.height) == (338.0, 12.0, 288.0, 178.0)
    assert chart.rows == [("a", "5"), ("b", "10")]
    assert chart.y_ticks == [(190.0, "0"), (101.0, "5"), (12.0, "10")]


def test_votes_per_day_fills_quiet_days_with_zero():
    chart = votes_per_day({20000: 3, 20002: 1})  # day 20000 is 4 October 2024
    assert [(b.label, b.value) for b in chart.bars] == [("4 Oct 2024", 3), ("5 Oct 2024", 0), ("6 Oct 2024", 1)]
    assert chart.summary == ("4 counted votes over 3 days, from 4 Oct 2024 to 6 Oct 2024; the busiest day was "
                             "4 Oct 2024 with 3.")


def test_score_distribution_bins_fine_scales_into_ten_ranges():
    chart = score_distribution({0.5: 2, 9.9: 1, 10.0: 1}, (0, 10))  # half points: ten ranges of 1
    assert [(b.label, b.value) for b in chart.bars][:1] == [("0–1", 2)]
    assert [(b.label, b.value) for b in chart.bars][-1] == ("9–10", 2)


def test_rank_history_draws_rank_one_at_the_top():
    chart = rank_history([("Spring", 1, 4), ("Autumn", 3, 7)])
    # axis bottom is rank 5 (the round top above 3): rank 1 at y = 12, rank 3 halfway down 178 = 101
    assert [(p.y, p.value) for p in chart.points] == [(12.0, 1), (101.0, 3)]
    assert chart.summary == "Best rank in 2 campaigns; the highest was #1 in Spring."
