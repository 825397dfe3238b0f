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


def test_fider_posts_export_builds_without_editing(tmp_path):
    site = write_files(tmp_path / "site", {**BASE, "fider-posts.csv": FIDER, "site.yaml": """\
        title: Stores
        sources:
          submissions: {file: fider-posts.csv, preset: fider}
        """})
    result = cli("build", site, "-o", tmp_path / "out")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.stderr
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
        """})
    result = cli("check", site)
    assert result.exit_code == 1
    assert "site.yaml:3: error: sources: 'votes' cannot be mapped" in result.stderr
    assert "site.yaml:4: error: sources: there is no preset 'typeform' (presets: fider)" in result.stderr
    assert "site.yaml:5: error: sources: 'designers' needs 'file'" in result.stderr
