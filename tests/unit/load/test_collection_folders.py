"""A collection folder: every file in it is read, or named in a warning (OS junk and hidden files aside)."""
from __future__ import annotations

from conftest import assert_no_traceback, cli, read_json, write_files

BASE = {
    "site.yaml": "title: Stores\n",
    "campaigns.yaml": "- {id: ideas, title: Better Stores, voting: likes}\n",
    "submissions.yaml": "- {id: a, title: Racks, designer: ada}\n- {id: b, title: Lights, designer: ada}\n"
                        "- {id: c, title: Bins, designer: ada}\n",
    "designers.yaml": "- {id: ada, name: Ada}\n",
}


def counts(out) -> dict[str, int]:
    api = read_json(out / "api" / "campaigns" / "ideas.json")
    return {e["id"]: e["votes"]["count"] for e in api["entries"]}


def test_a_folder_of_daily_vote_exports_is_read(tmp_path):
    site = write_files(tmp_path / "site", {**BASE,
        "votes/day-1.csv": "submission,voter,value,timestamp\n"
                           "a,v1,1,2026-05-01T10:00:00Z\na,v2,1,2026-05-01T11:00:00Z\nb,v1,1,2026-05-01T12:00:00Z\n",
        "votes/day-2.csv": "submission,voter,value,timestamp\n"
                           "a,v1,0,2026-05-02T09:00:00Z\nc,v3,1,2026-05-02T10:00:00Z\n",
        "votes/more/day-3.yaml": "- {submission: b, voter: v4, value: 1, timestamp: 2026-05-03T10:00:00Z}\n",
    })
    result = cli("build", site, "-o", tmp_path / "out")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.stderr
    # v1 withdrew their like for a on day 2 (a later timestamp, in another file)
    assert counts(tmp_path / "out") == {"a": 1, "b": 2, "c": 1}
    assert "not read" not in result.stderr and "skipped" not in result.stderr


def test_a_csv_of_records_inside_a_collection_folder_is_read(tmp_path):
    files = dict(BASE)
    files.pop("submissions.yaml")
    site = write_files(tmp_path / "site", {**files,
        "submissions/batch-1.csv": "id,title,designer\na,Racks,ada\nb,Lights,ada\n",
        "submissions/c.md": "---\ntitle: Bins\ndesigner: ada\n---\nRound bins.\n",
        "votes.csv": "submission\na\nb\nb\n",
    })
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert counts(tmp_path / "out") == {"a": 1, "b": 2, "c": 0}


def test_a_file_that_is_not_read_is_named_in_a_warning(tmp_path):
    site = write_files(tmp_path / "site", {**BASE,
        "votes/day-1.csv": "submission\na\n",
        "votes/notes.txt": "remember to export day 2\n",
        "votes/day-2.xlsx": b"PK\x03\x04",
        "submissions/extra/readme.rtf": "{\\rtf1}",
        "submissions/.DS_Store": b"\x00\x00\x00\x01Bud1",
        "submissions/Thumbs.db": b"\xd0\xcf\x11\xe0",
        "votes/desktop.ini": "[.ShellClassInfo]\n",
        "votes/_old/day-0.csv": "submission\nb\n",
        "votes/day-1.csv~": "submission\nb\n",
    })
    result = cli("check", site)
    assert_no_traceback(result)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "not read" in line]
    assert any(line.startswith("votes/notes.txt: warning:") for line in warnings), result.stderr
    assert any(line.startswith("votes/day-2.xlsx: warning:") and ".csv" in line for line in warnings), result.stderr
    assert any(line.startswith("submissions/extra/readme.rtf: warning:") for line in warnings), result.stderr
    assert len(warnings) == 3, result.stderr  # hidden files, OS junk, _folders and backups are silent
    assert "DS_Store" not in result.stderr and "Thumbs.db" not in result.stderr and "desktop.ini" not in result.stderr


def test_an_image_named_by_a_record_in_its_folder_is_not_warned_about(tmp_path):
    from conftest import PNG
    files = dict(BASE)
    files.pop("submissions.yaml")
    site = write_files(tmp_path / "site", {**files,
        "submissions/racks/index.md": "---\nid: a\ntitle: Racks\ndesigner: ada\nimage: submissions/racks/photo.png\n"
                                      "---\n",
        "submissions/racks/photo.png": PNG,
        "submissions/racks/unused.png": PNG,
    })
    result = cli("check", site)
    assert result.exit_code == 0, result.stderr
    assert "photo.png" not in result.stderr
    assert "submissions/racks/unused.png: warning:" in result.stderr
