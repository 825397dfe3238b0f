"""CI-friendly output: `--format github` annotations, `--format json`, the summary line, the progress bar."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import assert_no_traceback, cli, write_files

from crowdgallery.report import ProgressBar

REPO = Path(__file__).resolve().parents[2]


def broken_site(root: Path) -> Path:
    return write_files(root, {
        "site.yaml": "title: T\n",
        "campaigns.yaml": "- {id: c, title: C}\n",
        "designers.yaml": "- {id: ada, name: Ada}\n",
        "submissions.yaml": "- id: a\n  title: A\n  designer: ada\n- id: b\n  designer: ada\n",
        "votes.csv": "submission,value\na,1\nnope,1\n",
    })


def test_github_format_prints_annotations_with_file_and_line(tmp_path, monkeypatch):
    site = broken_site(tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--format", "github", "site")
    assert_no_traceback(result)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "::error file=site/submissions.yaml,line=4::this submission has no 'title'; add one"
    assert any(line.startswith("::warning file=site/votes.csv,line=3::1 vote skipped") for line in lines)
    assert lines[-1].startswith("Build stopped: 1 error, 1 warning")
    assert site.is_dir()


def test_github_format_escapes_newlines_and_percent_in_messages(tmp_path, monkeypatch):
    site = write_files(tmp_path / "s", {
        "site.yaml": "title: T\n", "campaigns.yaml": "- {id: c, title: C}\n",
        "designers.yaml": "- {id: ada, name: Ada}\n",
        "submissions.yaml": '- {id: a, title: A, designer: ada, campaign: "no%such\\nthing"}\n',
    })
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--format", "github", "s")
    annotation = result.stdout.splitlines()[0]
    assert annotation.startswith("::error file=s/submissions.yaml,line=1::")
    assert "%25" in annotation and "%0A" in annotation  # one annotation, not two lines


def test_json_format_on_errors(tmp_path):
    site = broken_site(tmp_path / "site")
    result = cli("build", "--format", "json", site, "-o", tmp_path / "out")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["ok"] is False
    errors = [p for p in doc["problems"] if p["severity"] == "error"]
    assert len(errors) == 1 and errors[0]["file"].endswith("submissions.yaml") and errors[0]["line"] == 4
    assert "title" in errors[0]["message"]
    assert doc["message"].startswith("Build stopped: 1 error")
    assert not (tmp_path / "out").exists()


def test_json_format_on_success_has_the_summary(site_copy, tmp_path):
    site = site_copy("warnings")
    result = cli("build", "--format", "json", site, "-o", tmp_path / "out")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["ok"] is True
    assert len(doc["problems"]) == 5 and {p["severity"] for p in doc["problems"]} == {"warning"}
    summary = doc["summary"]
    assert summary["pages"] > 0 and summary["pages_written"] == summary["pages"]
    assert summary["pages_unchanged"] == 0 and summary["warnings"] == 5
    again = json.loads(cli("build", "--format", "json", site, "-o", tmp_path / "out").stdout)["summary"]
    assert again["pages_unchanged"] == again["pages"] and again["pages_written"] == 0

    checked = json.loads(cli("check", "--format", "json", site).stdout)
    assert checked["ok"] is True and checked["summary"]["submissions"] == 2


def test_template_failure_is_an_annotation_at_the_template_line(site_copy, tmp_path, monkeypatch):
    site = site_copy("gallery")
    write_files(site, {"templates/404.html": "<p>\nNot found\n{{ nope.deeper.still }}\n</p>\n"})
    monkeypatch.chdir(site)
    result = cli("build", "--format", "github", ".", "-o", tmp_path / "out")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=templates/404.html,line=3::"), first


def test_summary_line_counts_written_and_unchanged_pages(site_copy, tmp_path):
    site = site_copy("gallery")
    first = cli("build", site, "-o", tmp_path / "out").stdout
    assert " pages written, 0 unchanged" in first
    second = cli("build", site, "-o", tmp_path / "out").stdout
    assert ": 0 pages written, " in second


def test_no_progress_bar_when_piped(site_copy, tmp_path):
    site = site_copy("gallery")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("CI", None)
    done = subprocess.run([sys.executable, "-m", "crowdgallery", "build", str(site), "-o", str(tmp_path / "o")],
                          capture_output=True, text=True, env=env, cwd=REPO)
    assert done.returncode == 0
    assert "\r" not in done.stderr and "[" not in done.stderr


def test_progress_bar_draws_on_a_terminal_but_not_in_ci(monkeypatch):
    main_fd, tty_fd = os.openpty()
    try:
        with os.fdopen(tty_fd, "w", closefd=False) as tty:
            monkeypatch.delenv("CI", raising=False)
            monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
            monkeypatch.setenv("TERM", "xterm")
            bar = ProgressBar("Rendering", tty)
            bar.started -= ProgressBar.DELAY  # as if it had been running for a second
            bar.update(5, 10)
            bar.close()
            assert "Rendering [" in os.read(main_fd, 4096).decode()

            monkeypatch.setenv("CI", "true")
            quiet = ProgressBar("Rendering", tty)
            quiet.started -= ProgressBar.DELAY
            quiet.update(5, 10)
            assert not quiet.drawn
    finally:
        os.close(main_fd)
        os.close(tty_fd)
