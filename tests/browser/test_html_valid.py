"""Every HTML page of the example site, built with each built-in theme, passes the W3C Nu Html Checker.

The checker is vnu.jar from npm (``npm ci --prefix tests/browser``) and needs Java 11 or later
(``apt-get install default-jre-headless``); CROWDGALLERY_VNU_JAR names another copy of the jar.  Without
them the test is skipped with the reason (a failure where CROWDGALLERY_BROWSER_TESTS is ``required``).
Its info-level notes (an explicit ``role="list"``, kept on purpose for Safari's list semantics) are not faults.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import HERE

VNU = Path(os.environ.get("CROWDGALLERY_VNU_JAR") or HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")


def _require_checker() -> str:
    java = shutil.which("java")
    reason = ("Java is not installed (apt-get install default-jre-headless)" if not java else
              None if VNU.is_file() else "vnu.jar is not installed (npm ci --prefix tests/browser)")
    if reason:
        if os.environ.get("CROWDGALLERY_BROWSER_TESTS") == "required":
            pytest.fail(f"the HTML check is required here but {reason}")
        pytest.skip(reason)
    return java


def test_every_page_is_valid_html_in_both_themes(built_example, built_poster, tmp_path):
    java = _require_checker()
    pages = sorted(p for built in (built_example, built_poster) for p in built.rglob("*.html"))
    assert len(pages) > 100
    # A page with a known fault, checked alongside, shows that the checker runs and reports.
    known_bad = tmp_path / "known-bad.html"
    known_bad.write_text('<!doctype html><html lang="en"><title>x</title><p><div></p>', encoding="utf-8")
    # One Java process for every page: starting the checker costs more than checking a page.
    run = subprocess.run([java, "-Xss4m", "-jar", str(VNU), "--format", "json", "--exit-zero-always",
                          *map(str, pages), str(known_bad)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    messages = json.loads(run.stderr)["messages"]
    assert any(m["type"] == "error" and m["url"].endswith("/known-bad.html") for m in messages), run.stderr[-2000:]
    faults = [m for m in messages if m["type"] != "info" and not m["url"].endswith("/known-bad.html")]
    report = "\n".join(f"{m['url'].split('/out/', 1)[-1]}:{m.get('lastLine', '?')}: {m['type']}: {m['message']}"
                       f"\n    {m.get('extract', '').strip()}" for m in faults[:30])
    assert faults == [], f"{len(faults)} problems in {len({m['url'] for m in faults})} of {len(pages)} pages:\n{report}"
