"""CSV as spreadsheets write it: UTF-16 with a BOM, `;` or tab between cells; quotes that never close; huge cells."""
from __future__ import annotations

import codecs

from conftest import assert_no_traceback, cli, read_json, read_page, write_files

BASE = {
    "site.yaml": "title: Stores\n",
    "campaigns.yaml": "- {id: ideas, title: Better Stores, voting: updown}\n",
    "designers.yaml": "- {id: ada, name: Ada}\n",
}
SUBMISSIONS = {"submissions.yaml": "- {id: a, title: Racks, designer: ada}\n- {id: b, title: Lights, designer: ada}\n"}
ROWS = [("submission", "voter", "value"), ("a", "v1", "1"), ("a", "v2", "1"), ("b", "v1", "-1"), ("a", "v3", "-1")]
EXPECTED = {"a": {"count": 3, "up": 2, "down": 1}, "b": {"count": 1, "up": 0, "down": 1}}


def votes(out) -> dict:
    api = read_json(out / "api" / "campaigns" / "ideas.json")
    return {e["id"]: e["votes"] for e in api["entries"]}


def build(tmp_path, files: dict):
    site = write_files(tmp_path / "site", {**BASE, **SUBMISSIONS, **files})
    result = cli("build", site, "-o", tmp_path / "out")
    assert_no_traceback(result)
    return result


def table(sep: str, rows=ROWS, end: str = "\r\n") -> str:
    return "".join(sep.join(row) + end for row in rows)


def test_unicode_text_from_a_spreadsheet_utf16_le_tabs(tmp_path):
    data = codecs.BOM_UTF16_LE + table("\t").encode("utf-16-le")
    result = build(tmp_path, {"votes.csv": data})
    assert result.exit_code == 0, result.stderr
    assert votes(tmp_path / "out") == EXPECTED


def test_utf16_be_with_a_bom_and_commas(tmp_path):
    data = codecs.BOM_UTF16_BE + table(",").encode("utf-16-be")
    result = build(tmp_path, {"votes.csv": data})
    assert result.exit_code == 0, result.stderr
    assert votes(tmp_path / "out") == EXPECTED


def test_semicolon_separated_votes_and_submissions(tmp_path):
    result = build(tmp_path, {
        "votes.csv": table(";"),
        "submissions.yaml": "",
        "submissions.csv": "\ufeffid;title;designer;tags\r\na;Racks, covered;ada;\"bikes;sheds\"\r\n"
                           "b;\"Lights; warm\";ada;\r\n",
    })
    assert result.exit_code == 0, result.stderr
    assert votes(tmp_path / "out") == EXPECTED
    page = read_page(tmp_path / "out" / "submissions" / "a" / "index.html")
    assert "Racks, covered" in page.text
    assert "Lights; warm" in read_page(tmp_path / "out" / "submissions" / "b" / "index.html").text


def test_utf16_without_a_bom_is_refused_saying_what_it_is(tmp_path):
    result = build(tmp_path, {"votes.csv": table(",").encode("utf-16-le")})
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if line.startswith("votes.csv"))
    assert "UTF-16" in line and "byte-order mark" in line


def test_a_windows_1252_file_is_refused_at_its_line_naming_the_byte(tmp_path):
    data = "id,title,designer\na,Racks,ada\nb,Caf\u00e9 lights,ada\n".encode("cp1252")
    result = build(tmp_path, {"submissions.csv": data, "submissions.yaml": ""})
    assert result.exit_code == 1
    assert "submissions.csv:3: error:" in result.stderr and "0xE9" in result.stderr
    assert "UTF-8" in result.stderr


def test_a_semicolon_file_that_still_fails_says_the_delimiter_it_found(tmp_path):
    result = build(tmp_path, {"votes.csv": "idea;user;vote\na;v1;1\n"})
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if line.startswith("votes.csv:1: error:"))
    assert "'submission'" in line and "';'" in line and "idea, user, vote" in line


def test_a_mapped_semicolon_export_with_a_missing_column_says_the_delimiter(tmp_path):
    site = write_files(tmp_path / "site", {**BASE, "site.yaml": """\
        title: Stores
        sources:
          submissions:
            file: form.csv
            columns: {id: Ref, title: Idea name, designer: Who}
        """, "form.csv": "Ref;Idea;Who\na;Racks;ada\n"})
    result = cli("check", site)
    assert result.exit_code == 1
    assert "its columns are: Ref, Idea, Who (read as ';'-separated" in result.stderr


def test_an_unterminated_quote_in_votes_is_an_error_at_the_line_it_opened(tmp_path):
    text = ('submission,voter,value\n'
            'a,v1,1\n'
            'a,"v2,1\n'       # line 3: the quote never closes on its line
            'b,v3,1\n'
            'b,v4,1\n'
            'a,"v5",1\n'      # line 6: this quote closes the one from line 3
            'b,v6,1\n')
    result = build(tmp_path, {"votes.csv": text})
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("votes.csv:3: error:"), result.stderr
    assert "quote" in errors[0] and "6" in errors[0]


def test_a_quote_that_runs_to_the_end_of_the_file_is_an_error_where_it_opened(tmp_path):
    result = build(tmp_path, {"votes.csv": 'submission,voter,value\na,v1,1\nb,"v2,-1\na,v3,1\na,v4,1\n'})
    assert result.exit_code == 1
    assert "votes.csv:3: error:" in result.stderr and "never closed" in result.stderr
    result = build(tmp_path / "second", {"submissions.csv": 'id,title,designer\na,Racks,ada\nb,"Lights,ada\nc,Bins,ada\n',
                              "submissions.yaml": ""})
    assert result.exit_code == 1
    assert "submissions.csv:3: error:" in result.stderr and "never closed" in result.stderr


def test_a_huge_cell_is_an_error_at_its_file_and_line(tmp_path):
    huge = "x" * 3_000_000
    result = build(tmp_path, {"submissions.csv": f'id,title,designer\na,Racks,ada\nb,"{huge}",ada\n',
                              "submissions.yaml": ""})
    assert result.exit_code == 1
    assert "submissions.csv:3: error:" in result.stderr and "characters" in result.stderr
    result = build(tmp_path / "second", {"votes.csv": f'submission,voter,value\na,v1,1\na,"v{huge}",1\n'})
    assert result.exit_code == 1
    assert "votes.csv:3: error:" in result.stderr and "characters" in result.stderr
