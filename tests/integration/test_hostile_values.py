"""Hostile values in any field: an error at its file and line (or a clean build), never a traceback or a stall.

Each site is written in the test and built through the command line, as a user would.
"""
from __future__ import annotations

import random
import re
import textwrap

import pytest

from conftest import assert_no_traceback, cli, write_files

CAMPAIGNS = """\
- id: c1
  title: Likes
  voting: likes
  opens: 2026-01-01
  closes: 2026-02-01
  prizes: [{place: 1, title: First}]
- id: c2
  title: Scores
  voting: score
  scale: [1, 5]
  ranking: {method: hot, gravity: 1.8}
"""
SUBMISSIONS = """\
- id: s1
  title: One
  designer: ada
  campaign: c1
  submitted: 2026-01-05
- id: s2
  title: Two
  designer: ada
  campaign: c2
"""


def site_files(changes: dict | None = None) -> dict:
    """A small two-campaign site; ``changes`` (path → content) replace files, or remove them (None)."""
    files = {
        "site.yaml": "title: Probe\nbase_url: https://gallery.example/\n",
        "campaigns.yaml": CAMPAIGNS,
        "designers.yaml": "- id: ada\n  name: Ada\n  bio: Hello.\n",
        "submissions.yaml": SUBMISSIONS,
        "votes.csv": "submission,voter,value,timestamp\ns1,v1,1,2026-01-10T00:00:00Z\ns2,v2,4,2026-01-11T00:00:00Z\n",
    }
    files.update(changes or {})
    return {k: v for k, v in files.items() if v is not None}


def path_of(key: str) -> str:
    """A keyword for a file: 'designers__ada__md' → 'designers/ada.md'."""
    folder, _, ext = key.rpartition("__")
    return folder.replace("__", "/") + "." + ext


def build(tmp_path, *args: str, command: str = "build", **files):
    """Write the site with ``files`` (keywords as in path_of) changed and run ``command`` on it."""
    site = write_files(tmp_path / "site", site_files({path_of(k): v for k, v in files.items()}))
    extra = ("-o", tmp_path / "out") if command == "build" else ()
    result = cli(command, site, *extra, *args)
    assert_no_traceback(result)
    return result, result.output + (result.stderr or "")


def assert_error_at(result, output: str, where: str, words: str = "", kind: str = "error") -> None:
    """Exit 1 and an error (or, under --strict, a warning) starting with ``where`` (file:line), saying ``words``."""
    assert result.exit_code == 1, output
    lines = [line for line in output.splitlines() if line.startswith(where) and f"{kind}:" in line]
    assert lines, f"no error at {where} in:\n{output}"
    assert any(words in line for line in lines), f"no error at {where} saying {words!r} in:\n{output}"


# --- dates at the ends of the calendar ------------------------------------------------------------

EDGES = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"]


@pytest.mark.parametrize("moment", EDGES)
def test_a_date_off_the_calendar_is_an_error_at_its_line(tmp_path, moment):
    result, out = build(tmp_path, submissions__yaml=SUBMISSIONS.replace("2026-01-05", moment))
    assert_error_at(result, out, "submissions.yaml:5:", "'submitted'")


@pytest.mark.parametrize("moment", EDGES)
def test_a_campaign_date_off_the_calendar_is_an_error_at_its_line(tmp_path, moment):
    result, out = build(tmp_path, campaigns__yaml=CAMPAIGNS.replace("closes: 2026-02-01", f"closes: '{moment}'"))
    assert_error_at(result, out, "campaigns.yaml:5:", "'closes'")


@pytest.mark.parametrize("moment", EDGES)
def test_now_off_the_calendar_is_a_usage_error(tmp_path, moment):
    result, out = build(tmp_path, "--now", moment)
    assert result.exit_code == 2, out
    assert "--now" in out and moment in out


@pytest.mark.parametrize("moment", EDGES)
@pytest.mark.parametrize("quoted", [False, True])
def test_a_vote_timestamp_off_the_calendar_skips_the_row_with_its_line(tmp_path, moment, quoted):
    cell = f'"{moment}"' if quoted else moment
    result, out = build(tmp_path, "--strict",
                        votes__csv=f"submission,voter,value,timestamp\ns1,v1,1,2026-01-10T00:00:00Z\ns1,v2,1,{cell}\n")
    assert_error_at(result, out, "votes.csv:3:", "timestamp", "warning")


@pytest.mark.parametrize("moment", EDGES)
def test_a_yaml_vote_timestamp_off_the_calendar_skips_the_row_with_its_line(tmp_path, moment):
    result, out = build(tmp_path, "--strict", votes__csv=None,
                        votes__yaml=f"- {{submission: s1, voter: v1, value: 1}}\n"
                                    f"- {{submission: s1, voter: v2, value: 1, timestamp: {moment}}}\n")
    assert_error_at(result, out, "votes.yaml:2:", "timestamp", "warning")


# --- numbers: infinite, not a number, absurd --------------------------------------------------------

@pytest.mark.parametrize("number", ["inf", "-inf", "1e400", "nan", "1e300"])
def test_a_tally_that_is_not_a_finite_count_skips_the_row_with_its_line(tmp_path, number):
    votes = f"submission,up,down,score_sum,score_count\ns1,2,0,,\ns1,{number},1,,\ns2,,,3,{number}\n"
    result, out = build(tmp_path, "--strict", votes__csv=votes)
    assert_error_at(result, out, "votes.csv:3:", "'up'", "warning")
    assert "votes.csv:4" in out


@pytest.mark.parametrize("number", ["inf", "1e400", "nan", "1e300"])
def test_a_score_sum_that_is_not_finite_skips_the_row(tmp_path, number):
    result, out = build(tmp_path, "--strict", votes__csv=f"submission,score_sum,score_count\ns2,{number},3\n")
    assert_error_at(result, out, "votes.csv:2:", "'score_sum'", "warning")


@pytest.mark.parametrize("scale", ["[-.inf, .inf]", "[0, .nan]", "[0, 1e308]", "[-1e300, 1]"])
def test_a_scale_that_is_not_finite_is_an_error_at_its_line(tmp_path, scale):
    result, out = build(tmp_path, campaigns__yaml=CAMPAIGNS.replace("scale: [1, 5]", f"scale: {scale}"))
    assert_error_at(result, out, "campaigns.yaml:10:", "'scale'")


def test_a_jury_scale_that_is_not_finite_is_an_error_at_its_line(tmp_path):
    campaigns = CAMPAIGNS.replace("scale: [1, 5]", "scale: [1, 5]\n  jury_scale: [-.inf, .inf]")
    result, out = build(tmp_path, campaigns__yaml=campaigns, jury__csv="submission,judge,score\ns2,j1,3\n")
    assert_error_at(result, out, "campaigns.yaml:11:", "'jury_scale'")


@pytest.mark.parametrize("gravity", ["1e308", "1e20", "101"])
def test_an_absurd_ranking_parameter_is_an_error_at_its_line(tmp_path, gravity):
    result, out = build(tmp_path, campaigns__yaml=CAMPAIGNS.replace("gravity: 1.8", f"gravity: {gravity}"))
    assert_error_at(result, out, "campaigns.yaml:11:", "'gravity'")
    assert "at most" in out


@pytest.mark.parametrize("param", ["z: 1e308", "prior_weight: 1e308"])
def test_other_ranking_parameters_have_an_upper_bound(tmp_path, param):
    method = param.split(":")[0] == "z" and "wilson" or "bayesian"
    campaigns = CAMPAIGNS.replace("{method: hot, gravity: 1.8}", f"{{method: {method}, {param}}}")
    result, out = build(tmp_path, campaigns__yaml=campaigns)
    assert_error_at(result, out, "campaigns.yaml:11:", "at most")


# --- images ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("box", ["0 0 1e309 1", "0 0 1 1e309", "0 0 nan 1", "0 0 1e300 1"])
def test_an_svg_with_an_absurd_view_box_builds_or_is_refused_at_its_line(tmp_path, box):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}"><rect width="1" height="1"/></svg>'
    result, out = build(tmp_path, images__a__svg=svg, submissions__yaml=SUBMISSIONS + "  image: images/a.svg\n")
    assert result.exit_code == 0, out
    page = (tmp_path / "out" / "submissions" / "s2" / "index.html").read_text(encoding="utf-8")
    sizes = [int(v) for v in re.findall(r'(?:width|height)="(\d+)"', page)]
    assert all(v <= 100_000 for v in sizes), sizes  # no absurd size reaches the page


def test_a_png_too_tall_for_webp_fails_check_as_it_fails_build(tmp_path):
    from PIL import Image

    image = tmp_path / "tall.png"
    Image.new("L", (1000, 17000)).save(image, optimize=True)
    changes = dict(images__tall__png=image.read_bytes(), submissions__yaml=SUBMISSIONS + "  image: images/tall.png\n")
    checked, check_out = build(tmp_path / "a", command="check", **changes)
    built, build_out = build(tmp_path / "b", **changes)
    assert built.exit_code == 1, build_out
    assert checked.exit_code == 1, check_out
    assert "submissions.yaml:10:" in check_out and "16383" in check_out
    assert [l for l in check_out.splitlines() if "error:" in l] == [l for l in build_out.splitlines() if "error:" in l]


# --- Markdown and text that would stall or crash the build -------------------------------------------

def nested_list(depth: int) -> str:
    return "".join("    " * i + "- x\n" for i in range(depth))


@pytest.mark.parametrize("text", [
    nested_list(800),  # RecursionError in Python-Markdown
    nested_list(3000),  # minutes of work
    "> " * 3000 + "x",
    "[" * 20000 + "x" + "](y)" * 20000,  # quadratic link parsing
    "[a " * 20000,
    "<a " * 20000,
    "&amp;" * 100000,
], ids=["list-800", "list-3000", "quotes", "brackets", "open-brackets", "open-tags", "entities"])
def test_a_hostile_description_is_refused_at_its_record_quickly(tmp_path, text):
    body = textwrap.indent(text, "    ")
    result, out = build(tmp_path, designers__yaml=None, designers__ada__md=f"---\nname: Ada\n---\n{text}\n",
                        submissions__yaml=SUBMISSIONS + f"  description: |\n{body}\n")
    assert_error_at(result, out, "submissions.yaml:10:", "description")
    assert_error_at(result, out, "designers/ada.md:", "bio")
    assert "Traceback" not in out


def test_a_huge_title_is_refused_at_its_line(tmp_path):
    result, out = build(tmp_path, submissions__yaml=SUBMISSIONS.replace("title: One", "title: " + "x" * 5_000_000))
    assert_error_at(result, out, "submissions.yaml:2:", "'title'")
    assert len(out) < 5000  # the title is not echoed back


def test_long_ordinary_text_still_builds(tmp_path):
    text = "\n\n".join(f"Paragraph {i} with *emphasis*, [a link](https://example.org/{i}) and &amp; an entity."
                       for i in range(400))
    nested = "".join("    " * i + f"- level {i}\n" for i in range(8))
    body = textwrap.indent(text + "\n\n" + nested, "    ")
    result, out = build(tmp_path, submissions__yaml=SUBMISSIONS + f"  description: |\n{body}\n")
    assert result.exit_code == 0, out
    page = (tmp_path / "out" / "submissions" / "s2" / "index.html").read_text(encoding="utf-8")
    assert "Paragraph 399" in page and "level 7" in page


# --- non-scalar values where a scalar is expected ----------------------------------------------------

@pytest.mark.parametrize("field,line", [("title", 2), ("designer", 3), ("id", 1)])
def test_a_set_or_mapping_where_text_is_expected_is_an_error_at_its_line(tmp_path, field, line):
    old = {"title": "title: One", "designer": "designer: ada", "id": "- id: s1"}[field]
    new = old.replace(old.split(": ")[1], "!!set {a, b}")
    result, out = build(tmp_path, submissions__yaml=SUBMISSIONS.replace(old, new, 1))
    assert_error_at(result, out, f"submissions.yaml:{line}:", f"'{field}'")


def test_a_set_as_the_site_title_is_an_error_at_its_line(tmp_path):
    result, out = build(tmp_path, site__yaml="title: !!set {a, b}\n")
    assert_error_at(result, out, "site.yaml:1:", "'title'")


# --- messages -----------------------------------------------------------------------------------------

def test_a_nul_byte_in_yaml_names_its_line(tmp_path):
    result, out = build(tmp_path, submissions__yaml=SUBMISSIONS.replace("title: Two", "title: T\x00wo"))
    assert_error_at(result, out, "submissions.yaml:7:", "NUL")


# --- a fuzz sweep: every hostile value in every field ---------------------------------------------------

HOSTILE = [
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "9999-12-31", "0001-01-01", ".inf", "-.inf", ".nan",
    "1e400", "1e308", "-1e308", "1e-320", "-0", "0", "-1", "18446744073709551616", "!!set {a, b}", "{a: 1}", "[1, [2]]",
    "[]", "{}", "~", "''", "true", "'\\x01\\uFFFE'", "\"\\x01\\uFFFF\\ud800\"", "[.inf, -.inf]", "[.nan, 1]",
    "&a [1, 2]", "'" + "[" * 300 + "'", "'" + "x" * 400 + "'", "2026-13-45", "'12:00'",
]
CAMPAIGN_FIELDS = ["id", "title", "summary", "brief", "voting", "scale", "ranking", "opens", "closes", "status",
                   "winners", "outcome", "voting_opens", "voting_closes", "announced", "show_votes", "prizes",
                   "finalists", "jury_scale", "show_judges"]
SUBMISSION_FIELDS = ["id", "title", "designer", "designers", "campaign", "description", "tags", "submitted",
                     "status", "response", "builds_on", "draft", "duplicate_of", "response_by", "response_date",
                     "website"]
SITE_FIELDS = ["description", "base_url", "language", "theme", "per_page", "ranking", "extra", "statuses",
               "badges", "urls", "images", "sources"]


def fuzz_cases(seed: int, count: int) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    fields = ([("campaigns.yaml", f) for f in CAMPAIGN_FIELDS] + [("submissions.yaml", f) for f in SUBMISSION_FIELDS]
              + [("site.yaml", f) for f in SITE_FIELDS] + [("designers.yaml", f) for f in ("name", "bio", "links")]
              + [("ranking", p) for p in ("gravity", "z", "prior_weight", "jury_weight")])
    every = [(file, field, value) for file, field in fields for value in HOSTILE]
    rng.shuffle(every)
    return every[:count]


def with_field(file: str, field: str, value: str) -> dict:
    """The site's files with ``field: value`` set in the first record of ``file``."""
    if file == "ranking":
        method = {"gravity": "hot", "z": "wilson", "prior_weight": "bayesian"}.get(field, "hot")
        return {"campaigns__yaml": CAMPAIGNS.replace("{method: hot, gravity: 1.8}", f"{{method: {method}, {field}: {value}}}")}
    if file == "site.yaml":
        return {"site__yaml": f"title: Probe\n{field}: {value}\n"}
    text = site_files()[file]
    lines = text.splitlines()
    kept = [line for line in lines[1:] if not line.strip().startswith(f"{field}:")]
    head = lines[0] if field != "id" else "- id: " + value
    body = [head] + ([f"  {field}: {value}"] if field != "id" else []) + kept
    return {file.replace(".", "__"): "\n".join(body) + "\n"}


@pytest.mark.parametrize("file,field,value", fuzz_cases(seed=14, count=120))
def test_fuzz_every_hostile_value_gives_a_build_or_an_error_at_a_line(tmp_path, file, field, value):
    result, out = build(tmp_path, **with_field(file, field, value))
    assert result.exit_code in (0, 1), out
    if result.exit_code == 1:
        assert re.search(r"^[\w./-]+\.(yaml|csv|md):\d+: error:", out, re.MULTILINE), out


# --- a full disk ------------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 200 KB file system (a tmpfs), mounted for the test and unmounted after; skipped where mounting is refused."""
    import subprocess

    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_is_named_as_such(tmp_path, small_disk):
    text = "\n\n".join(f"Paragraph {i} " + "words " * 400 for i in range(30))
    result, out = build(tmp_path, submissions__yaml=SUBMISSIONS + f"  description: |\n{textwrap.indent(text, '    ')}\n")
    assert result.exit_code == 0, out  # the site itself is fine
    site = tmp_path / "site"
    result = cli("build", site, "-o", small_disk / "out")
    assert_no_traceback(result)
    message = result.output + (result.stderr or "")
    assert result.exit_code == 1
    assert "No space left on device" in message and "the disk is full" in message, message
    assert "template" not in message
    assert str(small_disk) in message  # the file that could not be written
