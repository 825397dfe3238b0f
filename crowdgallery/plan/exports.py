"""Data for spreadsheets and scripts: each campaign's results as CSV, and the static read API.

``campaigns/<id>/results.csv``: rank, id, title, designers, score, votes,
status, winner.  Crowd text that a spreadsheet would run as a formula (a cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
leading apostrophe, the usual neutraliser.  ``api/submissions.json`` and
``api/designers.json`` are documented in docs/pages-and-api.md ("Read API").

While a campaign's tallies are hidden, its rows and objects carry no rank,
score, vote count, winner or place (and the CSV rows come in the shuffled order
the pages use).  Only fields listed here are published: never ``extra``, so no
e-mail or voter field can slip through.
"""
from __future__ import annotations

import csv
import io
from functools import partial
from typing import Mapping

from crowdgallery.plan import share
from crowdgallery.plan.pages import API_VERSION, Page, SitePlan
from crowdgallery.urls import results_csv_url

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("rank", "id", "title", "designers", "score", "votes", "status", "winner")


def neutralise(text: str) -> str:
    """A cell a spreadsheet shows as text, never evaluates."""
    return "'" + text if text.startswith(FORMULA_START) else text


def results_csv(campaign) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in campaign.entries:
        status = e.status.id if e.status else ""
        texts = [neutralise(t) for t in (e.id, e.title, "; ".join(d.name for d in e.designers), status)]
        if campaign.hidden:
            figures = ["", "", "", ""]
        else:
            figures = [e.rank, repr(e.score), e.tally.count, "yes" if e.is_winner else "no"]
        writer.writerow([figures[0], texts[0], texts[1], texts[2], figures[1], figures[2], texts[3], figures[3]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes spreadsheets read UTF-8


def published(path: str, pictures: Mapping) -> str:
    """Where a named image is published: its largest copy (images.py), or a remote URL as given."""
    picture = pictures.get(path)
    return picture.src if picture else path


def submission_json(e, pictures: Mapping) -> dict:
    s = e.submission
    data = {"id": e.id, "title": e.title, "campaign": e.campaign.id, "designers": [d.id for d in e.designers],
            "url": e.url, "images": [published(i, pictures) for i in e.images], "tags": list(s.tags),
            "submitted": s.submitted.isoformat() if s.submitted else None,
            "status": e.status.id if e.status else None}
    if not e.campaign.hidden:
        data.update(rank=e.rank, score=e.score, votes=e.votes_json(), winner=e.is_winner)
        if s.comments is not None:
            data["comments"] = s.comments
        if e.place:
            data["place"] = e.place
        if e.is_finalist:
            data["finalist"] = True
    return data


def designer_json(d, pictures: Mapping) -> dict:
    return {"id": d.id, "name": d.name, "url": d.url, "avatar": published(d.avatar, pictures) if d.avatar else None,
            "location": d.designer.location or None, "links": dict(d.designer.links),
            "submissions": [e.id for e in d.entries],
            "totals": {"submissions": len(d.entries), "votes": d.votes, "wins": len(share.public_wins(d)),
                       "best_rank": d.best_rank, "campaigns": d.campaigns,
                       "finalist_places": len(d.finalist_places), "inspired": d.inspired},
            "badges": [{"id": b.id, "name": b.name, "reason": b.reason} for b in d.badges]}


def plan(site: SitePlan, planned: list[Page]) -> list[Page]:
    """results.csv per campaign; the submissions and designers read API."""
    gallery, pictures = site.gallery, site.pictures
    pages = [Page(results_csv_url(c.id), results_csv_url(c.id), None, data=partial(results_csv, c))
             for c in gallery.campaigns]
    pages.append(Page("api/submissions.json", "api/submissions.json", None, data=(
        lambda: {"version": API_VERSION, "submissions": [submission_json(e, pictures) for e in gallery.entries]})))
    pages.append(Page("api/designers.json", "api/designers.json", None, data=(
        lambda: {"version": API_VERSION, "designers": [designer_json(d, pictures) for d in gallery.designers]})))
    return pages
