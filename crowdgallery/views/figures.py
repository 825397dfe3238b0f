"""The figure that ranks an entry, as a visitor reads it: its kind (which the theme words as a name and a short
"ranked by" note in the site's language) and its text.

A card, a submission page and the results table all show the ranking score (not a
raw mean that ranks differently), so what a visitor reads explains the order.
Each campaign shows its scores with the fewest digits (from a readable default)
that still tell apart every two neighbours on different ranks; tied entries show
one text.  No text is ever a negative zero.
"""
from __future__ import annotations

import re
from typing import Mapping, Sequence

# method → figure kind per voting; the theme words each kind (a label and, where the figure is not the tally
# itself, a "ranked by" note) in the site's language: partials/macros.html score_label and ranked_by
_KINDS = {
    "count": {"likes": "likes", None: "votes"},
    "net": {"updown": "net_votes", "likes": "likes", None: "votes"},
    "mean": {"score": "average_rating", None: "average_vote"},
    "wilson": {None: "wilson"},
    "bayesian": {None: "weighted_rating"},
    "hot": {None: "hot"},
}
BLENDED = "final"
UNKNOWN = "score"  # a ranking method from a plugin: 'Score', no note
MAX_EXTRA_DIGITS = 15


def kind(method: str, voting: str, blended: bool) -> str:
    """The kind of figure a campaign ranks by: 'average_rating', 'weighted_rating', 'final' …"""
    if blended:
        return BLENDED
    by_voting = _KINDS.get(method, {None: UNKNOWN})
    return by_voting.get(voting, by_voting[None])


def score_text(method: str, voting: str, high: float, blended: bool, score: float, extra: int = 0) -> str:
    """'12 ♥', '+5', '4.38 / 5', '+0.60', '93.3%', '0.00852', '0.734' (final blended score 0–1).

    ``extra`` adds digits beyond the default, to tell close scores apart.  The text is in the source
    language's number form (digits, '.', ',', '-', '%'); the theme's ``figure`` filter (Strings.figure) puts
    it in the site's, keeping every digit.
    """
    def text(x: float) -> str:
        if blended:
            return f"{x:.{3 + extra}f}"
        if method in ("count", "net"):
            if method == "net" and voting == "updown":
                return f"{round(x):+,d}"
            return f"{round(x):,} ♥" if voting == "likes" else f"{round(x):,}"
        if method == "wilson":
            return f"{x * 100:.{1 + extra}f}%"
        if method == "hot":
            return f"{x:.{3 + extra}g}"
        if voting == "score":
            return f"{x:.{2 + extra}f} / {high:g}"
        return f"{x:+.{2 + extra}f}"

    shown = text(score)
    return shown if re.search(r"[1-9]", shown) else text(0.0)  # no "-0.00": a figure that rounds to 0 is 0


def extra_digits(ranked: Sequence[tuple[int | None, float]], show) -> int:
    """The fewest extra digits with which ``show(score, extra)`` differs between neighbours on different ranks."""
    for extra in range(MAX_EXTRA_DIGITS + 1):
        texts = [show(score, extra) for _, score in ranked]
        if all(texts[i] != texts[i - 1] for i in range(1, len(ranked)) if ranked[i][0] != ranked[i - 1][0]):
            return extra
    return MAX_EXTRA_DIGITS


def parameter_texts(params: Mapping[str, float]) -> list[tuple[str, str]]:
    """(name, value as given) sorted by name: z = 1.28155, jury_weight = 0.004, prior_weight = 10."""
    def shown(value) -> str:
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else repr(value)
        return str(value)

    return [(name, shown(params[name])) for name in sorted(params)]
