"""Validation: every mistake is reported at its file:line, all at once, without a traceback.

Exit codes: 0 built (warnings printed), 1 the data has errors (or warnings under
--strict), 2 the command was used wrongly.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import PNG, assert_no_traceback, cli, write_files

BASE = {
    "site.yaml": "title: T\nbase_url: https://t.example.org/\n",  # no 'no base_url' warning among the expected ones
    "campaigns.yaml": "- {id: c, title: C}\n",
    "designers.yaml": "- {id: ada, name: Ada}\n",
}
SUMMARY_1 = "Build stopped: 1 error. Nothing was written."


def problem_lines(result) -> list[str]:
    """The lines that name a problem (everything on stderr but the summary)."""
    return [line for line in result.stderr.splitlines() if ": error: " in line or ": warning: " in line
            or line.startswith(("error: ", "warning: "))]


def check(site_dir, *args):
    result = cli("check", *args, site_dir)
    assert_no_traceback(result)
    return result


# (case, files on top of BASE, the one line the user must see)
CASES = [
    ("yaml syntax", {"submissions.yaml": "- id: a\n  title: A\n  designer: ada\n- id: b\n  title: [unclosed\n"
                                         "  designer: ada\n"},
     "submissions.yaml:6: error: this is not valid YAML (did not find expected ',' or ']'); "
     "fix the syntax near this line"),
    ("yaml syntax in front matter",  # line 1 is the '---' fence: the YAML's line 4 is the file's line 5
     {"submissions/a.md": "---\ntitle: A\ndesigner: ada\ntags: [x, y\n---\nBody\n"},
     "submissions/a.md:5: error: this is not valid YAML (did not find expected ',' or ']'); "
     "fix the syntax near this line"),
    ("yaml tab", {"submissions.yaml": "- id: a\n\ttitle: A\n"},
     "submissions.yaml:2: error: this is not valid YAML (found a tab character that violates indentation); "
     "fix the syntax near this line"),
    ("csv row wider than header", {"submissions.csv": "id,title,designer\na,A,ada\nb,Hello, world,ada\n"},
     "submissions.csv:3: error: this row has 4 cells but the header names 3 columns; "
     "quote cells that contain commas"),
    ("csv header without a name", {"designers.csv": "id,,name\nada,x,Ada\n"},
     "designers.csv:1: error: column 2 of the header row has no name; name it or delete the column"),
    ("missing title", {"submissions.yaml": "- id: a\n  designer: ada\n"},
     "submissions.yaml:1: error: this submission has no 'title'; add one"),
    ("missing designer", {"submissions.yaml": "- id: a\n  title: A\n"},
     "submissions.yaml:1: error: this submission has no 'designer'; name the designer's id "
     "(or 'designers' for a team)"),
    ("missing campaign title", {"campaigns.yaml": "- id: c\n- id: d\n  title: D\n"},
     "campaigns.yaml:1: error: this campaign has no 'title'; add one"),
    ("duplicate id names both places",
     {"submissions.yaml": "- {id: a, title: A, designer: ada}\n",
      "submissions/a.md": "---\ntitle: A again\ndesigner: ada\n---\n"},
     "submissions/a.md:2: error: the submission id 'a' is used twice (first at submissions.yaml:1); "
     "ids must be unique"),
    ("duplicate field", {"designers.yaml": "- id: ada\n  name: Ada\n  name: Ada Park\n"},
     "designers.yaml:3: error: the field 'name' appears twice in this record; keep one"),
    ("unknown campaign",
     {"campaigns.yaml": "- {id: c, title: C}\n- {id: d, title: D}\n",
      "submissions.yaml": "- {id: a, title: A, designer: ada, campaign: nope}\n"},
     "submissions.yaml:1: error: the campaign 'nope' does not exist (known: c, d)"),
    ("unknown builds_on", {"submissions.yaml": "- {id: a, title: A, designer: ada, builds_on: [zzz]}\n"},
     "submissions.yaml:1: error: 'a' builds on 'zzz', which is not a submission id"),
    ("bad date", {"submissions.yaml": "- id: a\n  title: A\n  designer: ada\n  submitted: 31/12/2026\n"},
     "submissions.yaml:4: error: 'submitted' is not a date: write it as 2026-05-01 or 2026-05-01T12:00:00Z"),
    ("date not in the calendar", {"campaigns.yaml": "- id: c\n  title: C\n  opens: 2026-02-30\n"},
     "campaigns.yaml:3: error: 'opens' is not a date: write it as 2026-05-01 or 2026-05-01T12:00:00Z"),
    ("bad ranking method", {"campaigns.yaml": "- id: c\n  title: C\n  ranking: wilsen\n"},
     "campaigns.yaml:3: error: unknown ranking method 'wilsen'; "
     "known methods: count, net, mean, wilson, bayesian, hot"),
    ("bad ranking method in site.yaml", {"site.yaml": "title: T\nranking:\n  method: best\n"},
     "site.yaml:2: error: unknown ranking method 'best'; known methods: count, net, mean, wilson, bayesian, hot"),
    ("bad ranking parameter",
     {"campaigns.yaml": "- id: c\n  title: C\n  voting: updown\n  ranking:\n    method: wilson\n    z: 0\n"},
     "campaigns.yaml:4: error: ranking parameter 'z' of 'wilson' must be greater than 0, got 0"),
    ("unknown ranking parameter",
     {"campaigns.yaml": "- id: c\n  title: C\n  ranking: {method: hot, gravty: 2}\n"},
     "campaigns.yaml:3: error: ranking method 'hot' has no parameter 'gravty'; its parameters: gravity"),
    ("missing image", {"submissions.yaml": "- {id: a, title: A, designer: ada, image: images/nope.png}\n"},
     "submissions.yaml:1: error: the image 'images/nope.png' does not exist in the site folder; check the path"),
    ("image escaping the site", {"submissions.yaml": "- {id: a, title: A, designer: ada, image: ../x.png}\n"},
     "submissions.yaml:1: error: the image '../x.png' must be a path inside the site folder, "
     "like images/tee.png"),
    ("not a picture", {"designers.yaml": "- {id: ada, avatar: site.yaml}\n"},
     "designers.yaml:1: error: the image 'site.yaml' is not a picture file "
     "(.png, .jpg, .jpeg, .gif, .webp, .svg)"),
    ("link that is not a web address", {"designers.yaml": "- id: ada\n  links:\n    Home: javascript:alert(1)\n"},
     "designers.yaml:2: error: the link 'Home' must be an http:// or https:// address"),
    ("bad voting", {"campaigns.yaml": "- {id: c, title: C, voting: stars}\n"},
     "campaigns.yaml:1: error: 'voting' is 'stars'; use one of: likes, updown, score"),
    ("not utf-8 csv", {"designers.csv": "id,name\nben,Ben\nzoe,Zo\xeb\n".encode("latin-1")},
     "designers.csv:3: error: the file is not UTF-8 text: byte 0xEB at offset 22, which is 'ë' in Windows-1252/Latin-1; "
     "save it as 'CSV UTF-8' (or 'Unicode text')"),
    ("not utf-8 yaml", {"submissions/a.yaml": "title: A\ndesigner: ada\ndescription: caf\xe9\n".encode("latin-1")},
     "submissions/a.yaml:3: error: the file is not UTF-8 text (bad byte at offset 39); save it as UTF-8"),
    ("tags given as a mapping", {"submissions.yaml": "- {id: a, title: A, designer: ada, tags: {x: 1}}\n"},
     "submissions.yaml:1: error: 'tags' must be a list of text items"),
    ("body given twice", {"submissions/b.md": "---\ntitle: B\ndesigner: ada\ndescription: here\n---\nand here\n"},
     "submissions/b.md:4: error: 'description' is given both in the front matter and as the file's body; keep one"),
    ("front matter that is not a mapping", {"submissions/l.md": "---\n- a\n---\nBody\n"},
     "submissions/l.md:2: error: a record must be a mapping of field: value"),
    ("not utf-8 votes", {"votes.csv": "submission,voter\na,v1\nb,v\xe9\n".encode("latin-1")},
     "votes.csv:3: error: the file is not UTF-8 text: byte 0xE9 at offset 25, which is 'é' in Windows-1252/Latin-1; "
     "save it as 'CSV UTF-8' (or 'Unicode text')"),
    ("a list that is not a list", {"submissions.yaml": "id: a\ntitle: A\n"},
     "submissions.yaml:1: error: this file must hold a YAML list of records (each starting with '- ')"),
]


@pytest.mark.parametrize("files,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_one_mistake_one_line(tmp_path, files, expected):
    site = write_files(tmp_path / "site", {**BASE, **files})
    result = check(site)
    assert result.exit_code == 1
    assert problem_lines(result) == [expected]
    assert result.stderr.splitlines()[-1] == SUMMARY_1
    assert result.stdout == ""


def test_image_through_a_symlink_out_of_the_site(tmp_path):
    (tmp_path / "outside.png").write_bytes(PNG)
    site = write_files(tmp_path / "site", {**BASE, "submissions.yaml": "- {id: a, title: A, designer: ada, "
                                                                       "image: images/link.png}\n"})
    (site / "images").mkdir()
    os.symlink(tmp_path / "outside.png", site / "images" / "link.png")
    result = check(site)
    assert result.exit_code == 1
    assert problem_lines(result) == ["submissions.yaml:1: error: the image 'images/link.png' links to a file "
                                     "outside the site folder; copy the file in"]


@pytest.mark.parametrize("bad_id", ["../evil", "a b", ".hidden", "a/b", "é", "x" * 129])
def test_unsafe_ids_are_rejected(tmp_path, bad_id):
    site = write_files(tmp_path / "site", {**BASE, "submissions.csv": f"id,title,designer\n{bad_id},E,ada\n"})
    result = check(site)
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"submissions.csv:2: error: the id '{bad_id}' is not a safe id: use ASCII letters, digits, '-', '_' "
        "and '.' (not first), at most 128 characters"]


def test_unsafe_id_from_a_file_name(tmp_path):
    site = write_files(tmp_path / "site", {**BASE, "designers/my name.yaml": "name: Spacey\n"})
    result = check(site)
    assert problem_lines(result) == [
        "designers/my name.yaml:1: error: the id 'my name' is not a safe id: use ASCII letters, digits, '-', '_' "
        "and '.' (not first), at most 128 characters"]


def test_all_problems_are_reported_at_once(site_copy):
    site = site_copy("three_errors")
    for command in ("check", "build"):
        result = cli(command, site)
        assert_no_traceback(result)
        assert result.exit_code == 1
        assert problem_lines(result) == [
            "campaigns.yaml:5: error: 'opens' is not a date: write it as 2026-05-01 or 2026-05-01T12:00:00Z",
            "designers.csv:3: error: this row has 3 cells but the header names 2 columns; "
            "quote cells that contain commas",
            "submissions/tulip.md:4: error: the campaign 'sprng' does not exist (known: autumn, spring)",
        ]
        assert result.stderr.splitlines()[-1] == "Build stopped: 3 errors. Nothing was written."
    assert not (site / "_site").exists()


def test_site_yaml_problems(tmp_path):
    site = write_files(tmp_path / "site", {"site.yaml": "title: [T\n"})
    result = check(site)
    assert result.exit_code == 1
    assert problem_lines(result) == ["site.yaml:2: error: this is not valid YAML (did not find expected ',' or ']'); "
                                     "fix the syntax near this line"]

    site = write_files(tmp_path / "site2", {"site.yaml": "description: no title\nper_page: many\n"
                                                         "base_url: example.org\n"})
    result = check(site)
    assert result.exit_code == 1
    assert problem_lines(result) == [
        "site.yaml:1: error: this site has no 'title'; add one",
        "site.yaml:3: error: 'base_url' must be an http:// or https:// address, like https://example.org/gallery/",
        "site.yaml:2: error: 'per_page' must be a whole number from 1 to 1000",
    ]


def test_unknown_theme(tmp_path):
    site = write_files(tmp_path / "site", {**BASE, "site.yaml": "title: T\ntheme: fancy\n"})
    result = check(site)
    assert result.exit_code == 1
    (line,) = problem_lines(result)
    assert line.startswith("site.yaml:2: error: there is no theme 'fancy' (built-in themes: default")


# --- warnings ----------------------------------------------------------------

WARNINGS = [
    "votes.csv:6: warning: 2 vote rows skipped: the value is not a number (at votes.csv:6, votes.csv:8)",
    "votes.csv:9: warning: 1 vote row skipped: the timestamp is not ISO 8601 (like 2026-05-01T12:00:00Z) "
    "(at votes.csv:9)",
    "submissions.yaml:2: warning: the designer 'ghost' has no record; their profile shows only the handle "
    "(add them to designers to give a name and bio)",
    "votes.csv:3: warning: 1 vote skipped: the submission they name does not exist (at votes.csv:3)",
    "votes.csv:4: warning: 1 vote skipped: the value is off the campaign's scale 1–5 (at votes.csv:4)",
]


def test_warnings_are_printed_and_the_build_succeeds(site_copy, tmp_path):
    site = site_copy("warnings")
    result = cli("build", site, "-o", tmp_path / "out")
    assert_no_traceback(result)
    assert result.exit_code == 0
    assert problem_lines(result) == WARNINGS
    assert result.stdout.startswith("Built ")
    assert ", 5 warnings; clock 2026-05-01T12:00:00Z." in result.stdout
    assert (tmp_path / "out" / "index.html").is_file()

    result = check(site)
    assert result.exit_code == 0
    assert problem_lines(result) == WARNINGS
    assert result.stdout == "OK: 2 campaigns, 2 designers, 2 submissions; 5 warnings.\n"


def test_warnings_fail_under_strict(site_copy, tmp_path):
    site = site_copy("warnings")
    for command in (["build", "-o", tmp_path / "out"], ["check"]):
        result = cli(*command, "--strict", site)
        assert_no_traceback(result)
        assert result.exit_code == 1
        assert problem_lines(result) == WARNINGS
        assert result.stderr.splitlines()[-1] == ("Build stopped: 0 errors, 5 warnings "
                                                  "(warnings are errors under --strict). Nothing was written.")
    assert not (tmp_path / "out").exists()


def test_many_bad_vote_rows_are_one_line_with_the_first_places(tmp_path):
    rows = "".join(f"a,v{i},oops\n" for i in range(1, 1301))
    site = write_files(tmp_path / "site", {**BASE, "submissions.yaml": "- {id: a, title: A, designer: ada}\n",
                                           "votes.csv": "submission,voter,value\n" + rows})
    result = check(site)
    assert result.exit_code == 0
    assert problem_lines(result) == [
        "votes.csv:2: warning: 1,300 vote rows skipped: the value is not a number "
        "(at votes.csv:2, votes.csv:3, votes.csv:4, votes.csv:5, votes.csv:6 …)"]


def test_unknown_site_option_is_a_warning(tmp_path):
    site = write_files(tmp_path / "site", {**BASE, "site.yaml": "title: T\ncolour: blue\nextra:\n  colour: blue\n"
                                                                  "base_url: https://t.example.org/\n"})
    result = check(site)
    assert result.exit_code == 0
    assert problem_lines(result) == [
        "site.yaml:2: warning: 'colour' is not a site option (known: title, description, base_url, language, "
        "strings, theme, per_page, ranking, extra, statuses, badges, urls, images, sources); put your own settings under 'extra:'"]


# --- usage errors: exit 2 ----------------------------------------------------

def test_usage_errors_exit_2(tmp_path):
    site = write_files(tmp_path / "site", BASE)
    empty = tmp_path / "empty"
    empty.mkdir()

    result = cli("build", "--frobnicate", site)
    assert result.exit_code == 2
    assert "No such option '--frobnicate'" in result.stderr

    result = cli("build", empty)
    assert result.exit_code == 2
    assert f"{empty} has no site.yaml" in result.stderr

    result = cli("check", tmp_path / "missing")
    assert result.exit_code == 2
    assert "has no site.yaml" in result.stderr

    result = cli("build", "--now", "yesterday", site)
    assert result.exit_code == 2
    assert "'yesterday' is not a date or time like 2026-07-01 or 2026-07-01T12:00:00Z" in result.stderr

    result = cli("build", "--base-url", "example.org", site)
    assert result.exit_code == 2
    assert "Invalid value for '--base-url': 'example.org' is not an http:// or https:// address" in result.stderr

    for result in (cli("build", "--frobnicate", site), cli("build", empty), cli("build", "--now", "x", site)):
        assert_no_traceback(result)
    assert not (site / "_site").exists()


def test_exit_codes_of_the_real_command(tmp_path, site_copy):
    """The installed entry point, in a real process: 0 built, 1 data error, 2 usage error."""
    def run(*args):
        return subprocess.run([sys.executable, "-m", "crowdgallery", *map(str, args)],
                              capture_output=True, text=True, cwd=tmp_path, timeout=60)

    good = site_copy("warnings")
    done = run("build", good, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Built ")
    assert "warning: the designer 'ghost' has no record" in done.stderr

    bad = site_copy("three_errors")
    done = run("build", bad)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.endswith("Build stopped: 3 errors. Nothing was written.\n")
    assert "Traceback" not in done.stderr

    done = run("build", "--strict", good, "-o", tmp_path / "out")
    assert done.returncode == 1

    done = run("build", tmp_path / "nowhere")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "has no site.yaml" in done.stderr


def test_a_vote_row_wider_than_the_header_is_skipped_and_said(tmp_path):
    """An unquoted comma shifts a row's cells; the row is not counted as some other vote."""
    site = write_files(tmp_path / "site", {
        **BASE,
        "submissions.yaml": "- {id: s, title: S, designer: ada, campaign: c}\n",
        "votes.csv": "submission,voter,value\ns,v1,1\ns,v2,1,\ns,Smith, Jo,1\n",  # a trailing comma is fine
    })
    result = check(site)
    assert result.exit_code == 0
    assert problem_lines(result) == [
        "votes.csv:4: warning: 1 vote row skipped: the row has more cells than the header has columns (3); "
        "a value with a comma needs quotes (at votes.csv:4)"]
    out = tmp_path / "out"
    assert cli("build", site, "-o", out).exit_code == 0
    assert json.loads((out / "api/campaigns/c.json").read_text())["entries"][0]["votes"]["count"] == 2
