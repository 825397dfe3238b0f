"""What came of a campaign, added to the views once per build: phases, places and prizes,
finalists, jury results, idea statuses, duplicates, official answers, lineage and charts.

Called by :func:`crowdgallery.views.build_gallery` after the views are joined, so
every page reads the same figures.  Nothing here is shown for a campaign whose
tallies are hidden (``show_votes: after_close`` while voting is open) that could
reveal a vote: its jury results and charts are left out too.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from crowdgallery.load.strings import Strings, english
from crowdgallery.model import Status
from crowdgallery.load import statuses
from crowdgallery.load.jury import WEIGHT
from crowdgallery.rank.jury import results as jury_results
from crowdgallery.views import charts
from crowdgallery.views.lineage import most_built_upon
from crowdgallery.views.phases import timeline


def fill(gallery, site, rankings, stats: Mapping, strings: Strings | None = None) -> None:
    strings = strings or english()
    catalogue = worded_statuses(site.config.statuses, strings)
    results = jury_results(site.jury)
    entries = {e.id: e for e in gallery.entries}
    for e in gallery.entries:
        s = e.submission
        e.status = catalogue.get(statuses.effective_status(s))
        if s.duplicate_of in entries:
            e.duplicate_of = entries[s.duplicate_of]
            entries[s.duplicate_of].duplicates.append(e)
        if not e.campaign.hidden:
            e.jury = results.get(e.id)

    per_campaign_days, per_campaign_values = _by_campaign(stats, entries)
    for view in gallery.campaigns:
        c = view.campaign
        view.timeline = timeline(c, strings)
        view.jury_weight = float(rankings[c.id].params.get(WEIGHT, 0.0)) if c.id in rankings else 0.0
        view.show_judges = c.show_judges
        _places(view)
        if c.finalists and view.is_closed and not view.hidden:
            _finalists(view, c.finalists)
        groups: dict[str, list] = {}
        for e in view.entries:
            if e.status is not None:
                groups.setdefault(e.status.id, []).append(e)
        view.status_groups = [(catalogue[sid], got) for sid, got in
                              sorted(groups.items(), key=lambda item: catalogue[item[0]].order)]
        view.responses = [e for e in view.entries if e.submission.response]
        view.most_built_upon = most_built_upon(view.entries)
        _tool_choices(view)
        if not view.hidden:
            view.charts = charts.campaign_charts(view, per_campaign_days.get(c.id, {}),
                                                 per_campaign_values.get(c.id, {}), strings)


def worded_statuses(catalogue: Mapping[str, Status], strings: Strings) -> dict[str, Status]:
    """Every status with its label and description in the site's language: a built-in one's words are msgids of
    crowdgallery's catalog in the context "status"; a site's own words are no msgid and pass as written.  Worded
    here, once, so the theme shows them as the plain (escaped) text they are."""
    return {sid: replace(st, label=strings.pgettext("status", st.label),
                         description=strings.pgettext("status", st.description) if st.description else st.description)
            for sid, st in catalogue.items()}


def _tool_choices(view) -> None:
    """What the gallery tools offer to filter by: the tags and the marks (winners, finalists, statuses)
    of the campaign's entries, each once in first-seen order, the last label seen standing."""
    for e in view.entries:
        for t in e.tags:
            view.tool_tags[t.slug] = t.label
            view.tool_tag_urls[t.slug] = t.url
    for e in view.entries:
        if not view.hidden and e.is_winner:
            view.tool_marks["winner"] = None
        if not view.hidden and e.is_finalist:
            view.tool_marks["finalist"] = None
        if e.status:
            view.tool_marks[e.status.id] = e.status.label


def _places(view) -> None:
    """Each winner's place (an explicit list: its order; 'winners: N': the rank) and prize."""
    c = view.campaign
    prizes = {p.place: p for p in c.prizes}
    for e in view.winners:
        if isinstance(c.winners, tuple):
            e.place = c.winners.index(e.id) + 1
        else:
            e.place = e.rank
        e.prize = prizes.get(e.place)
    if isinstance(c.winners, tuple):
        view.winners.sort(key=lambda e: e.place)


def _finalists(view, n: int) -> None:
    """The runners-up: the next ``n`` entries after the winners (ties at the cut included), with votes."""
    candidates = [e for e in view.entries if not e.is_winner and e.rank is not None
                  and (e.tally.count or e.jury is not None)]
    if not candidates:
        return
    cut = candidates[min(n, len(candidates)) - 1].rank
    view.finalists = [e for e in candidates if e.rank <= cut]
    for e in view.finalists:
        e.is_finalist = True


def _by_campaign(stats: Mapping, entries: Mapping) -> tuple[dict, dict]:
    days: dict[str, dict[int, int]] = {}
    values: dict[str, dict[float, int]] = {}
    for (sid, day), n in stats.get("days", {}).items():
        e = entries.get(sid)
        if e is not None and day is not None:
            got = days.setdefault(e.campaign.id, {})
            got[day] = got.get(day, 0) + n
    for (sid, value), n in stats.get("values", {}).items():
        e = entries.get(sid)
        if e is not None and e.campaign.voting == "score":
            got = values.setdefault(e.campaign.id, {})
            got[value] = got.get(value, 0) + n
    return days, values
