"""``crowdgallery init``: a starter site that builds at once."""
from __future__ import annotations

from conftest import assert_no_traceback, cli, html_pages, read_json, read_page


def test_init_then_build(tmp_path):
    site = tmp_path / "mugs"
    result = cli("init", site)
    assert_no_traceback(result)
    assert result.exit_code == 0
    assert result.stdout == (f"Created a site in {site}. Build it with: crowdgallery build {site}\n"
                             f"or preview it while you edit: crowdgallery serve {site}\n")
    assert (site / "site.yaml").is_file()

    result = cli("check", site)
    assert result.exit_code == 0, result.output
    assert result.stdout == "OK: 1 campaign, 2 designers, 2 submissions; 1 warning.\n"
    # a new site does not know its address yet: check says what is missing without it
    assert result.stderr.startswith("site.yaml: warning: there is no base_url, so pages have no canonical link")

    result = cli("build", site)
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = site / "_site"
    home = read_page(out / "index.html")
    assert "Community Mug Challenge" in home.title
    assert "Mug Challenge 2026" in home.text
    for page in ("campaigns/mugs-2026/index.html", "submissions/tidal-mug/index.html",
                 "submissions/good-morning/index.html", "designers/ada/index.html", "tags/waves/index.html",
                 "rules/index.html"):
        assert (out / page).is_file(), page
    assert (out / "media/images/tidal.svg").is_file()
    # score voting on a 0–5 scale: tidal 5 + 4 = 9 / 2, good-morning 3 + 5 = 8 / 2
    entries = read_json(out / "api/campaigns/mugs-2026.json")["entries"]
    assert [(e["id"], e["votes"]) for e in entries] == [
        ("tidal-mug", {"count": 2, "mean": 4.5}), ("good-morning", {"count": 2, "mean": 4.0})]
    assert len(html_pages(out)) > 5


def test_init_into_an_existing_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    result = cli("init", tmp_path / "empty")
    assert result.exit_code == 0
    assert (tmp_path / "empty" / "site.yaml").is_file()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me\n", encoding="utf-8")
    result = cli("init", folder)
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert f"{folder} is not empty; choose a new folder" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me\n"


def test_init_refuses_a_file(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = cli("init", tmp_path / "file")
    assert_no_traceback(result)
    assert result.exit_code == 2
