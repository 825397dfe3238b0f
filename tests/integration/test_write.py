"""The output folder: swapped in whole on success, untouched on failure, never anything else replaced."""
from __future__ import annotations

import pytest
from crowdgallery.write.cachedir import default_cache_dir
from conftest import assert_no_traceback, cli, tree_bytes, write_files

SUBMISSION_OVERRIDE = """\
{% extends "base.html" %}
{% block content %}
<h1>{{ entry.title }}</h1>
BROKEN
{% endblock %}
"""


def all_files(root):
    """Every file under root with its bytes (the whole tmp_path: site, output, anything else)."""
    return tree_bytes(root)


def leftovers(folder):
    """Staging or old-output folders a build left beside its output."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and
                  (".building-" in p.name or ".old-" in p.name))


@pytest.fixture
def gallery(site_copy, tmp_path):
    """A built gallery: (site folder, output folder, the output's bytes)."""
    site = site_copy("gallery")
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.exit_code == 0, result.output
    return site, out, tree_bytes(out)


def test_a_successful_build_replaces_the_old_output(gallery, tmp_path):
    site, out, before = gallery
    (site / "submissions/mugs/mug-d.yaml").unlink()
    (site / "submissions/mugs/mug-a.md").write_text(
        "---\ntitle: Mug A, renamed\ndesigner: ada\ncampaign: mugs\nsubmitted: 2026-04-02\n---\n", encoding="utf-8")
    result = cli("build", site, "-o", out)
    assert result.exit_code == 0, result.output
    assert not (out / "submissions/mug-d").exists()
    assert "Mug A, renamed" in (out / "submissions/mug-a/index.html").read_text(encoding="utf-8")
    assert (out / "submissions/mug-b/index.html").is_file()
    assert leftovers(tmp_path) == []


def test_a_data_error_leaves_the_previous_output_as_it_was(gallery, tmp_path):
    site, out, before = gallery
    with open(site / "designers.csv", "a", encoding="utf-8") as handle:
        handle.write("zoe,Zoe,Oslo,,,Too,many,cells\n")
    result = cli("build", site, "-o", out)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert "designers.csv:4: error: this row has 8 cells but the header names 6 columns" in result.stderr
    assert tree_bytes(out) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("broken,message", [
    ("{{ entry.no_such_field.title }}", "submission.html:4: error: 'crowdgallery.views.gallery.EntryView object' has no "
                                        "attribute 'no_such_field'"),
    ("{{ entry.title | no_such_filter }}", "No filter named 'no_such_filter'"),
    ("{% if %}", "submission.html:4: error: "),
    ("{{ 1 // 0 }}", "submission.html:4: error: "),  # not a Jinja error: Python's ZeroDivisionError
])
def test_a_template_error_leaves_the_previous_output_as_it_was(gallery, tmp_path, broken, message):
    site, out, before = gallery
    write_files(site, {"templates/submission.html": SUBMISSION_OVERRIDE.replace("BROKEN", broken)})
    result = cli("build", site, "-o", out)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "templates/submission.html" in result.stderr
    assert tree_bytes(out) == before
    assert leftovers(tmp_path) == []


def test_refuses_to_replace_a_folder_it_did_not_build(site_copy, tmp_path):
    site = site_copy("gallery")
    out = write_files(tmp_path / "documents", {"thesis.txt": "four years of work\n"})
    result = cli("build", site, "-o", out)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert f"the output folder {out.resolve()} is not empty and was not built by crowdgallery" in result.stderr
    assert tree_bytes(out) == {"thesis.txt": b"four years of work\n"}
    assert leftovers(tmp_path) == []

    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("build", site, "-o", empty)
    assert result.exit_code == 0, result.output
    assert (empty / "index.html").is_file()


def test_refuses_an_output_folder_that_holds_the_site(site_copy, tmp_path):
    site = site_copy("gallery", "projects/gallery")
    before = all_files(tmp_path)
    for out in (site, site.parent, tmp_path):
        result = cli("build", site, "-o", out)
        assert_no_traceback(result)
        assert result.exit_code == 1
        assert f"the output folder {out.resolve()} holds the site folder" in result.stderr
    assert all_files(tmp_path) == before


def test_refuses_an_output_path_that_is_a_file(site_copy, tmp_path):
    site = site_copy("gallery")
    (tmp_path / "out").write_text("a file\n", encoding="utf-8")
    result = cli("build", site, "-o", tmp_path / "out")
    assert_no_traceback(result)
    assert result.exit_code == 2  # the command line names a file where a folder belongs
    assert f"Directory '{tmp_path / 'out'}' is a file" in result.stderr
    assert (tmp_path / "out").read_text(encoding="utf-8") == "a file\n"


def test_nothing_is_written_outside_the_output_folder(site_copy, tmp_path):
    site = site_copy("gallery")
    before = all_files(tmp_path)
    out = tmp_path / "public" / "www"
    result = cli("build", site, "-o", out)
    assert result.exit_code == 0, result.output
    after = all_files(tmp_path)
    prefix = "public/www/"
    assert {k: v for k, v in after.items() if not k.startswith(prefix)} == before  # the site is untouched
    assert any(default_cache_dir(site).rglob("*.json"))  # the cache went to the user's cache folder
    assert any(k == prefix + "index.html" for k in after)
    assert sorted(p.name for p in (tmp_path / "public").iterdir()) == ["www"]


def test_unsafe_ids_cannot_write_outside(site_copy, tmp_path):
    """Ids become paths; one that climbs out is rejected before anything is written."""
    site = site_copy("gallery")
    write_files(site, {"submissions/evil.yaml": "id: ../../../escaped\ntitle: Evil\ndesigner: ada\ncampaign: tees\n",
                       "designers.csv": "id,name\n..,Dots\n"})
    before = all_files(tmp_path)
    result = cli("build", site, "-o", tmp_path / "out")
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert "the id '../../../escaped' is not a safe id" in result.stderr
    assert "the id '..' is not a safe id" in result.stderr
    assert all_files(tmp_path) == before
    assert not (tmp_path / "out").exists()


def test_an_output_folder_that_cannot_be_made_is_one_clear_error(site_copy):
    site = site_copy("gallery")
    result = cli("build", site, "-o", "/dev/null/out")  # a device where a folder would have to be
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr == "error: cannot write /dev/null: File exists; the previous output, if any, is unchanged\n"
