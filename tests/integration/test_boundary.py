"""Symbolic links never cross the site folder's boundary, and a build never writes through one."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import assert_no_traceback, cli, copy_site, tree_bytes, write_files


@pytest.fixture
def outside(tmp_path) -> Path:
    return write_files(tmp_path / "outside", {"secret.txt": "TOP SECRET\n",
                                              "secret.md": "---\nid: leak\ntitle: Leaked\ndesigner: ada\n"
                                                           "campaign: tees\n---\nTOP SECRET\n"})


@pytest.mark.parametrize("link, target", [
    ("static/p.txt", "secret.txt"), ("static/all", "."), ("submissions/x.md", "secret.md"),
    ("submissions/linked", "."), ("templates/base.html", "secret.txt")])
def test_a_link_out_of_the_site_is_an_error_at_the_link(tmp_path, outside, link, target):
    site = copy_site("gallery", tmp_path / "site")
    (site / link).parent.mkdir(parents=True, exist_ok=True)
    (site / link).symlink_to(outside / target)
    result = cli("build", site, "-o", tmp_path / "out")
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert f"{link}: error: this is a symbolic link to {outside / target}, outside the site folder" in result.stderr
    assert not (tmp_path / "out").exists()
    assert "TOP SECRET" not in result.output


def test_a_whole_collection_folder_linked_out_is_refused(tmp_path, outside):
    site = copy_site("gallery", tmp_path / "site")
    os.rename(site / "static", tmp_path / "moved-static")
    (site / "static").symlink_to(tmp_path / "moved-static")
    result = cli("check", site)
    assert result.exit_code == 1 and "static: error: this is a symbolic link" in result.stderr


def test_links_inside_the_site_are_fine(tmp_path):
    site = copy_site("gallery", tmp_path / "site")
    (site / "static" / "again.css").symlink_to(site / "static" / "site.css")
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out/static/again.css").read_bytes() == (site / "static/site.css").read_bytes()


def test_a_theme_outside_the_site_is_refused_at_its_line(tmp_path):
    site = copy_site("gallery", tmp_path / "site")
    write_files(tmp_path / "elsewhere", {"templates/base.html": "x"})
    with open(site / "site.yaml", "a") as handle:
        handle.write("theme: ../elsewhere\n")
    result = cli("check", site)
    assert result.exit_code == 1
    assert "site.yaml:5: error: the theme '../elsewhere' leads outside the site folder" in result.stderr


def test_an_output_folder_that_is_a_link_is_refused(tmp_path):
    site = copy_site("gallery", tmp_path / "site")
    (site / "_site").symlink_to(tmp_path / "elsewhere")  # dangling
    result = cli("build", site)
    assert_no_traceback(result)
    assert result.exit_code == 1 and "is a symbolic link" in result.output + result.stderr
    assert not (tmp_path / "elsewhere").exists()


def test_a_cache_subfolder_that_is_a_link_is_never_written_through(tmp_path):
    site = copy_site("gallery", tmp_path / "site")
    pictures = write_files(tmp_path / "Pictures", {"holiday.png": b"mine"})
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "share").symlink_to(pictures)
    result = cli("build", site, "-o", tmp_path / "out", "--cache-dir", cache, "--base-url", "https://t.example.org/")
    assert_no_traceback(result)
    assert result.exit_code == 1 and "is a symbolic link" in result.output + result.stderr
    assert sorted(p.name for p in pictures.iterdir()) == ["holiday.png"]


def test_an_unwritable_cache_folder_builds_without_cache_with_one_warning(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes any folder")
    site = copy_site("gallery", tmp_path / "site")
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o500)
    result = cli("build", site, "-o", tmp_path / "out", "--cache-dir", cache, "--base-url", "https://t.example.org/")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("building without cache") == 1


def start_a_long_build(tmp_path, jobs: int):
    """A site built once, then grown so that the next build is still rendering when the test acts on it:
    (site, output, the first output's bytes, the running build's process)."""
    site = copy_site("gallery", tmp_path / "site")
    out = tmp_path / "out"
    assert cli("build", site, "-o", out, "--now", "2026-05-01T00:00:00Z").exit_code == 0
    first = tree_bytes(out)
    many = "".join(f"- {{id: s{i}, title: Entry {i}, designer: ada, campaign: tees}}\n" for i in range(3000))
    (site / "submissions.yaml").write_text((site / "submissions.yaml").read_text() + many)
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-m", "crowdgallery", "build", str(site), "-o", str(out), "-j", str(jobs),
                             "--now", "2026-05-01T00:00:00Z"], cwd=root, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.building-*/submissions/s1*")) and time.monotonic() < deadline:
        assert tree_bytes(out) == first  # the output is there, whole, all along
        time.sleep(0.05)
    return site, out, first, proc


def test_a_killed_build_leaves_the_output_whole_and_the_next_build_cleans_up(tmp_path):
    site, out, first, proc = start_a_long_build(tmp_path, jobs=1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert list(tmp_path.glob(".out.building-*")), "the build was not killed while rendering"
    assert tree_bytes(out) == first
    result = cli("build", site, "-o", out, "--now", "2026-05-01T00:00:00Z")
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.glob(".out.building-*")) + list(tmp_path.glob(".out.old-*")), \
        "leftovers of the killed build remain"
    assert {p.name for p in tmp_path.glob(".out.*")} <= {".out.spare"}  # the output before last, kept on purpose
    assert (out / "submissions/s2999/index.html").is_file()


def test_a_render_worker_killed_by_the_system_is_named_without_a_traceback(tmp_path):
    site, out, first, proc = start_a_long_build(tmp_path, jobs=2)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    assert children, "the build has no render workers"
    os.kill(int(children[0]), signal.SIGKILL)  # as the out-of-memory killer does
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert "a render worker was stopped by signal 9 (SIGKILL)" in stderr and "-j 1" in stderr
    assert tree_bytes(out) == first
