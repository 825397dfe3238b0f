"""`crowdgallery serve`: the real server in a subprocess, real HTTP, real file edits, the real event stream."""
from __future__ import annotations

import http.client
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SITES, build_site, tree_bytes, write_files
from serving import EVENTS, REPO, SITE, EventStream, Server


@pytest.fixture
def served(tmp_path):
    servers = []

    def start(site: Path, *args: str) -> Server:
        servers.append(Server(site, *args))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def test_serve_rebuilds_on_change_reloads_shows_errors_and_stays_inside(tmp_path, served):
    site = write_files(tmp_path / "site", SITE)
    server = served(site)
    status, body, headers = server.get("/submissions/a/")
    assert status == 200 and "First Wave" in body
    assert EVENTS in body  # the reload script is added when serving …
    assert EVENTS not in (site / "_site" / "submissions" / "a" / "index.html").read_text()  # … never to the files
    assert headers["Cache-Control"] == "no-store"

    stream = EventStream(server.port)
    time.sleep(0.3)
    (site / "submissions.yaml").write_text("- {id: a, title: Second Wave, designer: ada}\n")
    server.wait_for("/submissions/a/", lambda s, b: s == 200 and "Second Wave" in b)
    deadline = time.monotonic() + 10
    while stream.reloads() < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stream.reloads() >= 1, stream.lines
    assert EVENTS not in (site / "_site" / "submissions" / "a" / "index.html").read_text()

    # A broken file: the overlay names the file and line, escaped; the previous good site is still served.
    (site / "submissions.yaml").write_text("- {id: a, title: Second Wave, designer: ada}\n"
                                           "- {id: '<img src=x onerror=alert(1)>', title: Bad, designer: ada}\n")
    body = server.wait_for("/submissions/a/", lambda s, b: "crowdgallery-overlay" in b)
    assert "Second Wave" in body
    assert "submissions.yaml:2" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "<img src=x" not in body
    assert any(line.startswith("Build failed") for line in server.lines)

    # Paths that leave the output folder are refused.
    for path in ("/../site.yaml", "/%2e%2e/site.yaml", "/static/../../site.yaml", "/..%2fsite.yaml"):
        status, body, _ = server.get(path)
        assert status == 403, path
        assert "Live Gallery" not in body

    # Fixed: the overlay goes away.
    (site / "submissions.yaml").write_text("- {id: a, title: Third Wave, designer: ada}\n")
    body = server.wait_for("/submissions/a/", lambda s, b: "Third Wave" in b)
    assert "crowdgallery-overlay" not in body


def test_serve_ignores_the_output_cache_and_editor_files(tmp_path, served):
    site = write_files(tmp_path / "site", SITE)
    server = served(site)
    stream = EventStream(server.port)
    time.sleep(0.3)
    (site / ".submissions.yaml.swp").write_text("x")
    (site / "submissions.yaml~").write_text("x")
    (site / ".crowdgallery-cache").mkdir(exist_ok=True)
    (site / ".crowdgallery-cache" / "note").write_text("x")
    (site / "_site" / "stray.html").write_text("x")
    time.sleep(1.5)
    assert stream.reloads() == 0, stream.lines
    assert sum(line.startswith("Built ") for line in server.lines) == 1


def test_a_first_build_that_fails_shows_the_overlay(tmp_path, served):
    site = write_files(tmp_path / "site", {**SITE, "submissions.yaml": "- {id: a, title: [oops\n"})
    server = served(site)
    status, body, _ = server.get("/")
    assert status == 404 and "crowdgallery-overlay" in body and "submissions.yaml:" in body
    (site / "submissions.yaml").write_text(SITE["submissions.yaml"])
    server.wait_for("/", lambda s, b: s == 200 and "Live Gallery" in b and "crowdgallery-overlay" not in b)


def test_a_folder_without_slash_redirects_and_missing_pages_get_the_404_page(tmp_path, served):
    site = write_files(tmp_path / "site", SITE)
    server = served(site)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/submissions/a")
    response = conn.getresponse()
    assert response.status == 301 and response.getheader("Location") == "/submissions/a/"
    conn.close()
    status, body, _ = server.get("/no/such/page/")
    assert status == 404 and "<h1" in body


def test_serve_refuses_an_output_folder_a_build_would_refuse(tmp_path):
    """-o naming the folder that holds the site would serve the site's own files (votes included)."""
    site = shutil.copytree(SITES / "gallery", tmp_path / "gallery")
    done = subprocess.run([sys.executable, "-m", "crowdgallery", "serve", str(site), "--port", "0", "-o", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "holds the site folder" in done.stderr and "Serving" not in done.stdout
    assert "Traceback" not in done.stderr


def many_submissions(count: int, title: str) -> str:
    return "".join(f"- {{id: s{n}, title: '{title} {n}', designer: ada}}\n" for n in range(count))


def test_an_edit_made_while_a_rebuild_runs_is_built_too_and_the_result_equals_a_full_build(tmp_path, served):
    # enough pages that a rebuild takes a while, so the second save lands while it runs
    site = write_files(tmp_path / "site", {**SITE, "submissions.yaml": many_submissions(150, "Cup")})
    server = served(site)
    (site / "submissions.yaml").write_text(many_submissions(150, "Mug"))
    deadline = time.monotonic() + 60
    while not any(line.startswith("Rebuilding") for line in server.lines) and time.monotonic() < deadline:
        time.sleep(0.01)
    (site / "submissions.yaml").write_text(many_submissions(150, "Bowl"))  # saved while that rebuild runs
    assert sum(line.startswith("Built ") for line in server.lines) == 1, server.lines  # only the first build
    server.wait_for("/submissions/s149/", lambda s, b: "Bowl 149" in b)
    time.sleep(1.0)  # no further rebuild is pending
    assert "Bowl 0" in server.get("/submissions/s0/")[1]
    full = build_site(site, tmp_path / "full", "--no-cache")
    served_files = tree_bytes(site / "_site")
    assert served_files == tree_bytes(full)


def test_an_edit_that_breaks_the_data_keeps_the_last_good_site_and_fixing_it_recovers(tmp_path, served):
    site = write_files(tmp_path / "site", SITE)
    server = served(site)
    good = tree_bytes(site / "_site")
    (site / "submissions.yaml").write_text("- {id: a, title: Broken Wave, designer: ada, campaign: nowhere}\n")
    body = server.wait_for("/submissions/a/", lambda s, b: "crowdgallery-overlay" in b)
    assert "submissions.yaml:1" in body and "nowhere" in body and "First Wave" in body
    assert tree_bytes(site / "_site") == good  # the output folder was not touched
    (site / "submissions.yaml").write_text("- {id: a, title: Mended Wave, designer: ada}\n")
    body = server.wait_for("/submissions/a/", lambda s, b: "Mended Wave" in b)
    assert "crowdgallery-overlay" not in body
    time.sleep(0.5)
    assert tree_bytes(site / "_site") == tree_bytes(build_site(site, tmp_path / "full", "--no-cache"))
