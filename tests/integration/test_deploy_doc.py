"""docs/deploy.md: the GitHub Actions workflow in it is valid YAML with the right steps in the right order,
and the notes for other hosts are there."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from crowdgallery.cli import main

DOC = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"


def workflow() -> dict:
    blocks = re.findall(r"^```yaml\n(.*?)^```$", DOC.read_text(encoding="utf-8"), re.S | re.M)
    assert len(blocks) == 1, "docs/deploy.md should hold exactly one ```yaml block: the workflow"
    return yaml.safe_load(blocks[0])


def step_index(steps: list[dict], predicate) -> int:
    found = [i for i, step in enumerate(steps) if predicate(step)]
    assert len(found) == 1, found
    return found[0]


def test_workflow_checks_builds_and_deploys_to_pages_in_order():
    flow = workflow()
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = flow["jobs"]["build"]["steps"]
    uses = lambda name: lambda step: step.get("uses", "").startswith(name + "@")  # noqa: E731
    runs = lambda text: lambda step: text in step.get("run", "")  # noqa: E731
    order = [
        step_index(build, uses("actions/checkout")),
        step_index(build, uses("actions/setup-python")),
        step_index(build, runs("pip install crowdgallery")),
        step_index(build, runs("crowdgallery check --strict")),
        step_index(build, runs("crowdgallery build")),
        step_index(build, uses("actions/upload-pages-artifact")),
    ]
    assert order == sorted(order)
    built = build[order[4]]["run"].split()
    upload = build[order[5]]
    assert upload["with"]["path"] == built[built.index("-o") + 1]  # the folder built is the one uploaded
    # --base-url comes from configure-pages, which must run before the build
    pages = step_index(build, uses("actions/configure-pages"))
    assert pages < order[4] and "steps.pages.outputs.base_url" in build[order[4]]["run"]
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_commands_and_options_in_the_workflow_exist():
    build = workflow()["jobs"]["build"]["steps"]
    commands = [s["run"] for s in build if "crowdgallery " in s.get("run", "") and "pip" not in s["run"]]
    for line in commands:
        words = line.split()
        command = main.get_command(None, words[1])
        assert command is not None, line
        known = {opt for param in command.params for opt in getattr(param, "opts", [])}
        for word in words[2:]:
            if word.startswith("-"):
                assert word in known, (line, word)


def test_notes_for_other_hosts():
    text = DOC.read_text(encoding="utf-8")
    for heading in ("## Netlify", "## Amazon S3", "## Any other static host", "## Opening the site from the disk"):
        assert heading in text
    assert "404.html" in text and "--file-urls" in text and "base_url" in text
