"""Form and tool exports: `sources:` in site.yaml maps an export's columns onto our fields."""
from __future__ import annotations

from conftest import assert_no_traceback, cli, read_json, read_page, write_files

BASE = {
    "campaigns.yaml": "- {id: ideas, title: Better Stores, voting: likes}\n",
}

FIDER = (
    "number,title,description,created_at,created_by,votes_count,comments_count,status,responded_by,responded_at,"
    "response,original_number,original_title,tags\n"
    "1,Self checkout for bikes,Let me **pay** at the rack,2026-03-01T10:00:00Z,Zoë Ng,41,3,planned,Sam,"
    "2026-03-05T09:00:00Z,We are on it,0,,stores\n"
    "2,Longer opening hours,Open until ten,2026-03-02T10:00:00Z,Ben Okoro,17,0,open,,,,0,,\"hours,stores\"\n"
    "3,Open later,Same as two,2026-03-03T10:00:00Z,Ada Park,2,0,duplicate,,,,2,Longer opening hours,\n"
    "4,Spam,spam,2026-03-03T10:00:00Z,Spammer,0,0,deleted,,,,0,,\n"
)


def build_fider_export(tmp_path, export: str) -> None:
    site = write_files(tmp_path / "site", {**BASE, "fider-posts.csv": export, "site.yaml": """\
        title: Stores
        sources:
          submissions: {file: fider-posts.csv, preset: fider}
        """})
    result = cli("build", site, "-o", tmp_path / "out")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.stderr


def test_fider_posts_export_builds_without_editing(tmp_path):
    build_fider_export(tmp_path, FIDER)
    api = read_json(tmp_path / "out" / "api" / "campaigns" / "ideas.json")
    entries = {e["id"]: e for e in api["entries"]}
    assert set(entries) == {"1", "2", "3"}  # the deleted post is left out
    assert entries["1"]["title"] == "Self checkout for bikes" and entries["1"]["designers"] == ["zoe-ng"]
    assert entries["1"]["votes"]["count"] == 41 and entries["1"]["rank"] == 1
    assert entries["1"]["status"] == "planned" and entries["2"]["status"] == "submitted"
    assert entries["3"]["duplicate_of"] == "2"
    page = read_page(tmp_path / "out" / "submissions" / "1" / "index.html")
    assert "We are on it" in page.text and "Sam" in page.text
    assert (tmp_path / "out" / "tags" / "hours" / "index.html").is_file()


def test_a_handle_in_a_script_without_ascii_letters_still_becomes_an_id(tmp_path):
    build_fider_export(tmp_path, FIDER.replace("Zoë Ng", "山田 花子"))
    entry = next(e for e in read_json(tmp_path / "out" / "api" / "campaigns" / "ideas.json")["entries"]
                 if e["id"] == "1")
    (handle,) = entry["designers"]
    assert handle.isascii() and handle == "-".join(f"u{ord(c):x}" for c in "山田花子")
    assert (tmp_path / "out" / "designers" / handle / "index.html").is_file()


def test_form_columns_and_status_values(tmp_path):
    site = write_files(tmp_path / "site", {**BASE, "site.yaml": """\
        title: Stores
        sources:
          submissions:
            file: exports/form.csv
            columns:
              id: Ref
              title: What is your idea called?
              designer: {column: Your handle, slug: true}
        """, "exports/form.csv": "Ref,What is your idea called?,Your handle,Email address\n"
                                 "a,Bike racks,Ada Park,ada@example.org\n"})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    page = read_page(tmp_path / "out" / "submissions" / "a" / "index.html")
    assert "Bike racks" in page.text and "ada-park" in page.text
    assert "ada@example.org" not in (tmp_path / "out" / "submissions" / "a" / "index.html").read_text()


def test_values_translate_statuses_and_errors_point_at_the_export(tmp_path):
    site = write_files(tmp_path / "site", {**BASE, "designers.yaml": "- {id: ada}\n", "site.yaml": """\
        title: Stores
        sources:
          submissions:
            file: form.csv
            columns: {id: Ref, title: Idea, designer: Who, status: Stage}
            values:
              status: {Being built: in-progress, Shipped: launched}
        """, "form.csv": "Ref,Idea,Who,Stage\na,Racks,ada,Being built\nb,Lights,ada,shipped\nc,Bins,ada,Sometime\n"})
    result = cli("check", site)
    assert_no_traceback(result)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(lines) == 1 and lines[0].startswith("form.csv:4: error:") and "Sometime" in lines[0]


def test_an_unknown_mapped_column_names_the_columns_the_file_has(tmp_path):
    site = write_files(tmp_path / "site", {**BASE, "site.yaml": """\
        title: Stores
        sources:
          submissions:
            file: form.csv
            columns:
              id: Ref
              title: Idea name
              designer: Who
        """, "form.csv": "Ref,Idea,Who\na,Racks,ada\n"})
    result = cli("check", site)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert ("site.yaml:7: error: sources: the column 'Idea name' (for 'title') is not in form.csv; "
            "its columns are: Ref, Idea, Who") in result.stderr


def test_mistakes_in_the_sources_option(tmp_path):
    site = write_files(tmp_path / "site", {**BASE, "site.yaml": """\
        title: Stores
        sources:
          votes: {file: v.csv}
          submissions: {file: ../outside.csv, preset: typeform}
          designers: {columns: {id: x}}
          ballots: {file: b.csv}
        """})
    result = cli("check", site)
    assert result.exit_code == 1
    assert "site.yaml:3: error: sources: there is no file 'v.csv' in the site folder" in result.stderr
    assert "site.yaml:6: error: sources: 'ballots' cannot be mapped" in result.stderr
    assert "site.yaml:4: error: sources: there is no preset 'typeform' (presets: fider, decidim)" in result.stderr
    assert "site.yaml:5: error: sources: 'designers' needs 'file'" in result.stderr


# --- vote exports -------------------------------------------------------------------------------------------------

VOTE_SITE = {
    "campaigns.yaml": "- {id: ideas, title: Better Stores, voting: updown}\n",
    "designers.yaml": "- {id: ada}\n",
    "submissions.yaml": "- {id: '1', title: Racks, designer: ada}\n- {id: '2', title: Lights, designer: ada}\n",
}


def test_a_vote_export_is_column_mapped_with_value_names(tmp_path):
    rows = [  # (idea_id, user, vote, created_at)
        ("1", "u1", "up", "2026-05-01T10:00:00Z"), ("1", "u2", "Up", "2026-05-01T11:00:00Z"),
        ("2", "u1", "down", "2026-05-01T12:00:00Z"), ("1", "u1", "down", "2026-05-02T10:00:00Z"),
        ("2", "u3", "up", "2026-05-02T11:00:00Z"), ("2", "u3", "sideways", "2026-05-02T12:00:00Z"),
    ]
    # the reference: one vote per user and idea, the latest wins; 'sideways' is no value and is skipped
    numbers = {"up": 1, "down": -1}
    latest: dict[tuple[str, str], tuple[str, int]] = {}
    for idea, user, vote, stamp in rows:
        if vote.lower() in numbers and (idea, user) not in latest or (
                vote.lower() in numbers and stamp > latest[(idea, user)][0]):
            latest[(idea, user)] = (stamp, numbers[vote.lower()])
    expected = {idea: {"count": sum(1 for (i, _), _v in latest.items() if i == idea),
                       "up": sum(1 for (i, _), (_, v) in latest.items() if i == idea and v == 1),
                       "down": sum(1 for (i, _), (_, v) in latest.items() if i == idea and v == -1)}
                for idea in ("1", "2")}
    export = "idea_id;user;vote;created_at\n" + "".join(";".join(r) + "\n" for r in rows)
    site = write_files(tmp_path / "site", {**VOTE_SITE, "exports/votes-export.csv": export, "site.yaml": """\
        title: Stores
        sources:
          votes:
            file: exports/votes-export.csv
            columns: {submission: idea_id, voter: user, value: vote, timestamp: created_at}
            values:
              value: {up: 1, down: -1}
        """})
    result = cli("build", site, "-o", tmp_path / "out")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.stderr
    api = read_json(tmp_path / "out" / "api" / "campaigns" / "ideas.json")
    assert {e["id"]: e["votes"] for e in api["entries"]} == expected
    assert "1 vote row skipped: the value is not a number (at exports/votes-export.csv:7)" in result.stderr
    assert "u1" not in (tmp_path / "out" / "api" / "campaigns" / "ideas.json").read_text()


def test_a_mapped_vote_column_that_is_missing_is_an_error_at_its_line(tmp_path):
    site = write_files(tmp_path / "site", {**VOTE_SITE, "votes/export.csv": "idea,user\n1,u1\n", "site.yaml": """\
        title: Stores
        sources:
          votes:
            file: votes/export.csv
            columns:
              submission: idea_id
              voter: user
        """})
    result = cli("check", site)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert ("site.yaml:6: error: sources: the column 'idea_id' (for 'submission') is not in votes/export.csv; "
            "its columns are: idea, user") in result.stderr
    assert "votes/export.csv:1: error: the header row has no 'submission' column" not in result.stderr


# --- Decidim and Fider ------------------------------------------------------------------------------------------
# Decidim's proposals export: Decidim::Proposals::ProposalSerializer flattened by Decidim::Exporters::CSV (nested
# keys joined with '/', lists joined with ', ', ';' between cells: Decidim.default_csv_col_sep). Before 0.28 the
# count of supports is 'supports' and there is no author; from 0.28 on 'votes', 'author/name', 'withdrawn'.

DECIDIM_027 = (
    "id;category/id;category/name/ca;category/name/en;scope/id;scope/name/ca;scope/name/en;participatory_space/id;"
    "participatory_space/url;component/id;title/ca;title/en;body/ca;body/en;state;reference;answer/ca;answer/en;"
    "supports;endorsements/total_count;endorsements/user_endorsements;comments;attachments;followers;published_at;"
    "url;meeting_urls;related_proposals;is_amend;original_proposal/title;original_proposal/url\n"
    "101;7;Mobilitat;Mobility;;;;3;https://decidim.example.org/processes/pam;12;Aparcaments per a bicis;"
    "Bike parking, covered;Més places;More spaces near the market;accepted;DEC-PROP-2026-03-101;Ho farem;We will do "
    "it in May;58;4;Ada Park, Ben Okoro;9;0;12;2026-03-01 10:15:00 UTC;"
    "https://decidim.example.org/processes/pam/f/12/proposals/101;;;false;;\n"
    "102;7;Mobilitat;Mobility;;;;3;https://decidim.example.org/processes/pam;12;Llums al parc;;"
    "Més llum;;evaluating;DEC-PROP-2026-03-102;;;31;0;;0;0;2;2026-03-02 09:00:00 UTC;"
    "https://decidim.example.org/processes/pam/f/12/proposals/102;;;false;;\n"
    "103;8;Verd;Green;;;;3;https://decidim.example.org/processes/pam;12;Més arbres;More trees;;Shade;rejected;"
    "DEC-PROP-2026-03-103;;Not this year;7;0;;2;0;1;2026-03-03 09:00:00 UTC;"
    "https://decidim.example.org/processes/pam/f/12/proposals/103;;;false;;\n"
    "104;8;Verd;Green;;;;3;https://decidim.example.org/processes/pam;12;Retirada;Withdrawn one;;x;withdrawn;"
    "DEC-PROP-2026-03-104;;;1;0;;0;0;0;2026-03-04 09:00:00 UTC;"
    "https://decidim.example.org/processes/pam/f/12/proposals/104;;;false;;\n"
    "105;;;;;;;3;https://decidim.example.org/processes/pam;12;Bancs;Benches;;Somewhere to sit;;"
    "DEC-PROP-2026-03-105;;;0;0;;0;0;0;2026-03-05 09:00:00 UTC;"
    "https://decidim.example.org/processes/pam/f/12/proposals/105;;;false;;\n"
)

DECIDIM_029 = (
    "id;author/id;author/name;author/url;category/id;category/name/en;title/en;title/machine_translations/es;"
    "body/en;address;latitude;longitude;state;reference;answer/en;answered_at;votes;endorsements/total_count;"
    "endorsements/user_endorsements;comments;attachments;followers;published_at;url;meeting_urls;related_proposals;"
    "is_amend;original_proposal/title;original_proposal/url;withdrawn;withdrawn_at\n"
    "201;5;Zoë Ng;https://decidim.example.org/profiles/zoe;7;Mobility;Cargo bikes;Bicis de carga;Share them;;;;"
    "accepted;DEC-PROP-2026-04-201;Yes;2026-04-10 10:00:00 UTC;12;0;;3;0;1;2026-04-01 10:00:00 UTC;"
    "https://decidim.example.org/p/201;;;false;;;false;\n"
    "202;6;Ben Okoro;https://decidim.example.org/profiles/ben;7;Mobility;;Rampas;Ramps;;;;;DEC-PROP-2026-04-202;;;"
    "5;0;;1;0;0;2026-04-02 10:00:00 UTC;https://decidim.example.org/p/202;;;false;;;false;\n"
    "203;6;Ben Okoro;https://decidim.example.org/profiles/ben;7;Mobility;Gone;;x;;;;;DEC-PROP-2026-04-203;;;"
    "0;0;;0;0;0;2026-04-03 10:00:00 UTC;https://decidim.example.org/p/203;;;false;;;true;2026-04-05 10:00:00 UTC\n"
)


def decidim_site(tmp_path, export: str, language: str = "en"):
    return write_files(tmp_path / "site", {**BASE, "decidim/proposals.csv": export, "site.yaml": f"""\
        title: Stores
        language: {language}
        sources:
          submissions: {{file: decidim/proposals.csv, preset: decidim}}
        """})


def test_decidim_open_data_proposals_build_without_editing(tmp_path):
    result = cli("build", decidim_site(tmp_path, DECIDIM_027), "-o", tmp_path / "out")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.stderr
    api = read_json(tmp_path / "out" / "api" / "campaigns" / "ideas.json")
    entries = {e["id"]: e for e in api["entries"]}
    assert set(entries) == {"101", "102", "103", "105"}  # the withdrawn proposal is left out
    assert entries["101"]["title"] == "Bike parking, covered"
    assert entries["102"]["title"] == "Llums al parc"  # no English title: the first other language
    assert {k: e["votes"]["count"] for k, e in entries.items()} == {"101": 58, "102": 31, "103": 7, "105": 0}
    assert {k: e.get("status") for k, e in entries.items()} == {
        "101": "planned", "102": "under-review", "103": "declined", "105": "submitted"}
    page = read_page(tmp_path / "out" / "submissions" / "101" / "index.html")
    assert "We will do it in May" in page.text and "More spaces near the market" in page.text
    assert (tmp_path / "out" / "tags" / "mobility" / "index.html").is_file()
    submissions = {s["id"]: s for s in read_json(tmp_path / "out" / "api" / "submissions.json")["submissions"]}
    assert submissions["101"]["comments"] == 9 and submissions["103"]["comments"] == 2
    assert submissions["101"]["submitted"].startswith("2026-03-01T10:15:00")


def test_decidim_029_export_votes_authors_and_withdrawn(tmp_path):
    result = cli("build", decidim_site(tmp_path, DECIDIM_029), "-o", tmp_path / "out")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.stderr
    entries = {e["id"]: e for e in read_json(tmp_path / "out" / "api" / "campaigns" / "ideas.json")["entries"]}
    assert set(entries) == {"201", "202"}
    assert entries["201"]["designers"] == ["zoe-ng"] and entries["202"]["designers"] == ["ben-okoro"]
    assert entries["201"]["votes"]["count"] == 12 and entries["202"]["votes"]["count"] == 5
    assert entries["202"]["title"] == "Rampas"  # only a machine translation


def test_decidim_in_the_sites_language(tmp_path):
    result = cli("build", decidim_site(tmp_path, DECIDIM_027, language="ca"), "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    entries = {e["id"]: e for e in read_json(tmp_path / "out" / "api" / "campaigns" / "ideas.json")["entries"]}
    assert entries["101"]["title"] == "Aparcaments per a bicis"


FIDER_OLD = (
    "number,title,description,created_at,created_by,total_votes,total_comments,status,responded_by,responded_at,"
    "response,original_number,original_title,tags\n"
    "1,Self checkout for bikes,Pay at the rack,2026-03-01T10:00:00Z,Zoë Ng,41,3,planned,,,,0,,\n"
    "2,Longer opening hours,Open until ten,2026-03-02T10:00:00Z,Ben Okoro,17,0,open,,,,0,,\n"
)


def test_the_fider_preset_reads_the_older_total_columns_and_comment_counts(tmp_path):
    for name, export, second in (("old", FIDER_OLD, 17), ("new", FIDER, 17 + 2)):  # new: post 3 duplicates 2
        site = write_files(tmp_path / name, {**BASE, "fider-posts.csv": export, "site.yaml": """\
            title: Stores
            sources:
              submissions: {file: fider-posts.csv, preset: fider}
            """})
        out = tmp_path / f"out-{name}"
        result = cli("build", site, "-o", out)
        assert result.exit_code == 0, result.stderr
        entries = {e["id"]: e for e in read_json(out / "api" / "campaigns" / "ideas.json")["entries"]}
        assert entries["1"]["votes"]["count"] == 41 and entries["2"]["votes"]["count"] == second
        submissions = {s["id"]: s for s in read_json(out / "api" / "submissions.json")["submissions"]}
        assert submissions["1"]["comments"] == 3 and submissions["2"]["comments"] == 0
        assert entries["1"]["comments"] == 3
        card = read_page(out / "campaigns" / "ideas" / "index.html")
        assert "3 comments" in card.text
        page = read_page(out / "submissions" / "1" / "index.html")
        assert "3 comments" in page.text


def test_comments_written_by_hand_and_none_when_absent(tmp_path):
    site = write_files(tmp_path / "site", {**BASE, "designers.yaml": "- {id: ada}\n", "site.yaml": "title: Stores\n",
                                           "submissions.yaml": "- {id: a, title: Racks, designer: ada, comments: 1}\n"
                                                               "- {id: b, title: Lights, designer: ada}\n"
                                                               "- {id: c, title: Bins, designer: ada, comments: many}\n"})
    result = cli("check", site)
    assert result.exit_code == 1
    assert "submissions.yaml:3: error:" in result.stderr and "'comments'" in result.stderr
    site = write_files(tmp_path / "site", {"submissions.yaml": "- {id: a, title: Racks, designer: ada, comments: 1}\n"
                                                               "- {id: b, title: Lights, designer: ada}\n"})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    submissions = {s["id"]: s for s in read_json(tmp_path / "out" / "api" / "submissions.json")["submissions"]}
    assert submissions["a"]["comments"] == 1 and "comments" not in submissions["b"]
    assert "1 comment" in read_page(tmp_path / "out" / "submissions" / "a" / "index.html").text
    assert "comment" not in read_page(tmp_path / "out" / "submissions" / "b" / "index.html").text.lower()
