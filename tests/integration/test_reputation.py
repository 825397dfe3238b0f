"""Designer reputation (totals, badges, the leaderboard), charts, and privacy across the whole output.

The site below, worked out by hand:

  spring (likes, closed, winners 1, finalists 1)   a1 ada 5 · b1 ben 3 · a2 ada 1 · c1 cy 0
  autumn (likes, closed, winners 1)                b2 ben 4 · a3 ada 2 · a4 ada 1 · c2, b3, c3, a5 0

  ada: 5 submissions, 9 votes, 1 win (spring), best rank 1, 2 campaigns;
       c2 (cy), b3 (ben) and c3 (cy) build on her ideas (a4 is her own) → 3 inspired
  ben: 3 submissions, 7 votes, 1 win (autumn), 1 finalist place (spring), best rank 1
  cy:  3 submissions, 0 votes
"""
from __future__ import annotations

import csv
import re

import pytest
from conftest import EXAMPLE_SITE as EXAMPLE
from conftest import (
    assert_no_traceback,
    build_site,
    cli,
    read_json,
    read_page,
    write_files,
)

SITE = {
    "site.yaml": "title: Rep\n",
    "campaigns.yaml": """
        - {id: spring, title: Spring, voting: likes, status: closed, winners: 1, finalists: 1, opens: 2026-03-01}
        - {id: autumn, title: Autumn, voting: likes, status: closed, winners: 1, opens: 2026-09-01}
    """,
    "designers.yaml": "- {id: ada, name: Ada}\n- {id: ben, name: Ben}\n- {id: cy, name: Cy}\n",
    "submissions.yaml": """
        - {id: a1, title: A one, designer: ada, campaign: spring, submitted: 2026-03-01}
        - {id: b1, title: B one, designer: ben, campaign: spring, submitted: 2026-03-01}
        - {id: a2, title: A two, designer: ada, campaign: spring, submitted: 2026-03-02}
        - {id: c1, title: C one, designer: cy, campaign: spring, submitted: 2026-03-02}
        - {id: b2, title: B two, designer: ben, campaign: autumn, submitted: 2026-09-01}
        - {id: a3, title: A three, designer: ada, campaign: autumn, submitted: 2026-09-02}
        - {id: a4, title: A four, designer: ada, campaign: autumn, submitted: 2026-09-03, builds_on: [a1]}
        - {id: c2, title: C two, designer: cy, campaign: autumn, submitted: 2026-09-04, builds_on: [a1]}
        - {id: b3, title: B three, designer: ben, campaign: autumn, submitted: 2026-09-05, builds_on: [a1]}
        - {id: c3, title: C three, designer: cy, campaign: autumn, submitted: 2026-09-06, builds_on: [a2]}
        - {id: a5, title: A five, designer: ada, campaign: autumn, submitted: 2026-09-07}
    """,
    # spring's votes have timestamps: 2 March 6 votes (a1 3, b1 3), 3 March 1 (a2), 4 March 2 (a1)
    "votes.csv": "submission,voter,value,timestamp\n"
                 + "".join(f"a1,p{i},1,2026-03-02T1{i}:00:00Z\n" for i in range(3))
                 + "".join(f"b1,p{i},1,2026-03-02T1{i}:30:00Z\n" for i in range(3))
                 + "a2,p1,1,2026-03-03T09:00:00Z\n"
                 + "a1,p7,1,2026-03-04T09:00:00Z\na1,p8,1,2026-03-04T10:00:00Z\n",
    "votes.yaml": "- {submission: b2, votes: 4}\n- {submission: a3, votes: 2}\n- {submission: a4, votes: 1}\n",
}




@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("rep")
    site = write_files(root / "site", SITE)
    return build_site(site, root / "out")


def badge_reasons(page_path) -> list[str]:
    html = page_path.read_text(encoding="utf-8")
    return re.findall(r'<span class="badge__reason">([^<]*)</span>', html)


def test_profile_totals(built):
    text = read_page(built / "designers/ada/index.html").text
    for figure in ("5 entries", "9 votes received", "1 win", "#1 best rank", "2 campaigns",
                   "3 ideas built on theirs"):
        assert figure in text
    assert "finalist place" not in text  # a zero figure is not shown
    ben = read_page(built / "designers/ben/index.html").text
    assert "1 finalist place" in ben and "7 votes received" in ben


def test_badges_with_their_reasons(built):
    assert badge_reasons(built / "designers/ada/index.html") == [
        "Winner — Spring",
        "Crowd favourite: most votes in Spring (A one)",
        "Prolific: 5 submissions (5+)",
        "Inspiration: 3 ideas built on theirs",
        "First submission: A one",
    ]
    assert badge_reasons(built / "designers/ben/index.html") == [
        "Winner — Autumn", "Finalist — Spring", "Crowd favourite: most votes in Autumn (B two)",
        "First submission: B one"]
    assert badge_reasons(built / "designers/cy/index.html") == ["First submission: C one"]
    html = (built / "designers/ada/index.html").read_text(encoding="utf-8")
    assert html.count('<svg class="badge__icon"') == 5  # each badge has its inline icon


def test_site_rules_add_badges_and_switch_built_ins_off(tmp_path):
    files = dict(SITE)
    files["site.yaml"] = """
        title: Rep
        badges:
          disable: [first-submission, prolific]
          add:
            - {id: fan-club, name: Fan club, total: votes, at_least: 8}
    """
    out = build_site(write_files(tmp_path / "site", files), tmp_path / "out")
    assert badge_reasons(out / "designers/ada/index.html") == [
        "Winner — Spring", "Crowd favourite: most votes in Spring (A one)", "Inspiration: 3 ideas built on theirs",
        "Fan club: 9 votes received (8+)"]
    assert "Fan club" not in (out / "designers/ben/index.html").read_text(encoding="utf-8")  # 7 votes


def test_bad_badge_rules_are_errors_at_the_option(tmp_path):
    files = dict(SITE)
    files["site.yaml"] = "title: Rep\nbadges:\n  disable: [famous]\n"
    result = cli("check", write_files(tmp_path / "site", files))
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert ("site.yaml:2: error: 'badges: disable' names famous; built-in badges are winner, finalist, "
            "crowd-favourite, prolific, inspiration, first-submission") in result.stderr


def test_leaderboard_is_a_table_in_the_default_order_with_data_to_sort_by(built):
    html = (built / "designers/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-wins="(\d+)" data-votes="(\d+)" data-submissions="(\d+)"', html)
    assert rows == [("1", "9", "5"), ("1", "7", "3"), ("0", "0", "3")]  # ada, ben, cy: wins, then votes
    page = read_page(built / "designers/index.html")
    assert page.text.index("Ada") < page.text.index("Ben") < page.text.index("Cy")
    assert "../static/leaderboard.js" in page.srcs
    assert (built / "static/leaderboard.js").is_file()
    assert 'aria-sort="descending"' in html  # the server-rendered order is announced without JavaScript


def test_votes_per_day_chart_with_its_text_alternative(built):
    html = (built / "campaigns/spring/results/index.html").read_text(encoding="utf-8")
    chart = html[html.index('id="chart-votes-per-day"'):]
    chart = chart[:chart.index("</figure>")]
    assert chart.count('<rect class="chart__bar"') == 3  # 2, 3 and 4 March
    assert re.findall(r"<title>([^<]*)</title>", chart) == ["2 Mar 2026: 6", "3 Mar 2026: 1", "4 Mar 2026: 2"]
    assert ("9 counted votes over 3 days, from 2 Mar 2026 to 4 Mar 2026; the busiest day was 2 Mar 2026 "
            "with 6.") in chart
    assert 'aria-hidden="true"' in chart  # the drawing is decoration; the sentence and table carry the facts
    # autumn's votes are tally rows without dates: no chart rather than an empty one
    assert "chart-votes-per-day" not in (built / "campaigns/autumn/results/index.html").read_text(encoding="utf-8")


def test_rank_history_on_the_profile(built):
    html = (built / "designers/ada/index.html").read_text(encoding="utf-8")
    chart = html[html.index('id="chart-rank-history"'):]
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th><td class="num">([^<]*)</td></tr>', chart)
    assert rows == [("Spring", "#1 of 4"), ("Autumn", "#2 of 7")]  # oldest campaign first
    assert chart.count('<circle class="chart__point"') == 2


def test_score_distribution(tmp_path):
    files = {
        "site.yaml": "title: S\n",
        "campaigns.yaml": "- {id: s, title: S, voting: score, scale: [1, 5]}\n",
        "designers.yaml": "- {id: ada, name: Ada}\n",
        "submissions.yaml": "- {id: x, title: X, designer: ada}\n- {id: y, title: Y, designer: ada}\n",
        "votes.csv": "submission,voter,value\nx,a,1\nx,b,3\nx,c,5\ny,a,3\ny,b,5\ny,c,5\n",
    }
    out = build_site(write_files(tmp_path / "site", files), tmp_path / "out")
    html = (out / "campaigns/s/results/index.html").read_text(encoding="utf-8")
    chart = html[html.index('id="chart-score-distribution"'):]
    chart = chart[:chart.index("</figure>")]
    assert re.findall(r"<title>([^<]*)</title>", chart) == ["1: 1", "2: 0", "3: 2", "4: 0", "5: 3"]
    assert "6 scores from 1 to 5; the most common was 5 (3, 50%)." in chart


def test_privacy_voter_ids_judges_and_emails_never_reach_the_example_site_output(tmp_path):
    out = build_site(EXAMPLE, tmp_path / "out", "--no-cache")  # built in place: leave no cache in the checkout
    with open(EXAMPLE / "votes.csv", encoding="utf-8-sig", newline="") as fh:
        voters = {row["voter"] for row in csv.DictReader(fh)}
    with open(EXAMPLE / "jury.csv", encoding="utf-8", newline="") as fh:
        judges = {row["judge"] for row in csv.DictReader(fh)}
    secrets = voters | judges | {"tomas.ruiz@example.com"}
    assert len(voters) > 1000 and len(judges) == 3
    pattern = re.compile("|".join(re.escape(s) for s in sorted(secrets, key=len, reverse=True)).encode())
    checked = 0
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".js", ".css", ".svg", ".xml", ".txt", ".csv"):
            found = pattern.search(path.read_bytes())
            assert found is None, (path.relative_to(out), found.group())
            checked += 1
    assert checked > 100
    # the campaign with hidden tallies publishes no counts either
    data = read_json(out / "api/campaigns/winter-layers-2027.json")
    assert data["order"] == "shuffled until voting closes"
    assert all("votes" not in e for e in data["entries"])
