"""Mappings of known tools' exports, for ``sources: {NAME: {preset: TOOL}}`` (see mapping.py).

A column may name several columns of the export, tried in order (the first
non-empty cell of a row wins), so one preset reads every version of a tool's
export.  A name ending in ``/*`` stands for a translated column: ``title/*`` is
``title/<site language>``, then ``title/machine_translations/<language>``, then
any other ``title/...`` column.  ``default`` fills a field the export lacks.
"""
from __future__ import annotations

from typing import Any, Mapping

TALLY_FIELD = "votes"  # on submissions: a vote count from the tool, read as a precomputed tally
COMMENTS_FIELD = "comments"  # on submissions: how many comments the idea has in the tool

PRESETS: Mapping[str, Mapping[str, Any]] = {
    # Fider's posts CSV export: number,title,description,created_at,created_by,votes_count,comments_count,
    # status,responded_by,responded_at,response,original_number,original_title,tags.
    # Older Fider versions name the counts total_votes and total_comments.
    "fider": {
        "collection": "submissions",
        "columns": {
            "id": "number", "title": "title", "description": "description", "submitted": "created_at",
            "designer": {"column": "created_by", "slug": True}, "status": "status", "response": "response",
            "response_by": "responded_by", "response_date": "responded_at", "duplicate_of": "original_number",
            "tags": {"column": "tags", "split": ","}, TALLY_FIELD: ["votes_count", "total_votes"],
            COMMENTS_FIELD: ["comments_count", "total_comments"],
        },
        "values": {
            "status": {"open": "submitted", "started": "in-progress", "completed": "launched",
                       "declined": "declined", "planned": "planned", "duplicate": "duplicate"},
            "duplicate_of": {"0": ""},
        },
        "skip": {"status": ["deleted"]},
    },
    # Decidim's proposals export (admin export or open data): Decidim::Proposals::ProposalSerializer flattened
    # by Decidim::Exporters::CSV: nested keys joined with '/', lists with ', ', ';' between cells.
    #   up to 0.27: id, category/id, category/name/<locale>, scope/…, participatory_space/id, participatory_space/url,
    #     component/id, title/<locale>, body/<locale>, state, reference, answer/<locale>, supports,
    #     endorsements/total_count, endorsements/user_endorsements, comments, attachments, followers,
    #     published_at, url, meeting_urls, related_proposals, is_amend, original_proposal/title, …/url
    #   0.28 on: also author/id, author/name, author/url, title/machine_translations/<locale>, address, latitude,
    #     longitude, answered_at, withdrawn, withdrawn_at; 'votes' instead of 'supports'.
    # Open data has no author: every proposal is then by the designer 'participants'.
    "decidim": {
        "collection": "submissions",
        "columns": {
            "id": "id", "title": ["title/*", "title"], "description": ["body/*", "body"],
            "submitted": "published_at", "status": {"column": "state", "default": "submitted"},
            "response": ["answer/*", "answer"],
            "designers": {"column": "author/name", "slug": True, "split": ",", "default": "participants"},
            "tags": ["category/name/*"], TALLY_FIELD: ["votes", "supports"], COMMENTS_FIELD: "comments",
            "response_date": {"column": "answered_at", "default": ""},
        },
        "values": {
            "status": {"accepted": "planned", "rejected": "declined", "evaluating": "under-review",
                       "not_answered": "submitted", "published": "submitted"},
        },
        "skip": {"status": ["withdrawn"], "withdrawn": ["true"]},  # 'withdrawn': the column, from 0.28 on
    },
}
