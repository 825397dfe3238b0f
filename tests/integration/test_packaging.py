"""The wheel: built, installed into a fresh virtual environment, and run from somewhere else.

This proves the built-in theme ships inside the package (not only beside it in
the source checkout).  The venv sees the packages of the environment running the
tests (jinja2, click, …) through a .pth file naming its site-packages folders, so
only the wheel itself is installed, with --no-deps.  (--system-site-packages would
not do: from inside a virtualenv it shows the base interpreter's packages, which
lack the dependencies.)  Building the wheel uses pip's isolated build, which fetches
setuptools from the package index.
"""
# --ignore-installed: CI installs crowdgallery into the environment the venv can see, and pip
# would otherwise call the wheel "already satisfied" and install nothing.
from __future__ import annotations

import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import read_page

ROOT = Path(__file__).resolve().parents[2]
SKIP = shutil.ignore_patterns(".git", ".ci", ".benchmarks", ".pytest_cache", "__pycache__", "*.egg-info", "build",
                              "dist", "_site", "tests", "benchmarks", "example_site", "tools")


def run(args, cwd, timeout=300):
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.mark.slow
def test_the_installed_wheel_builds_a_site(tmp_path):
    # build from a copy, so the checkout gets no build/ or *.egg-info folders
    source = shutil.copytree(ROOT, tmp_path / "source", ignore=SKIP)
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", source, "--no-deps", "--quiet", "-w", dist], cwd=tmp_path)
    (wheel,) = dist.glob("crowdgallery-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = ROOT / "themes" / "default"
    for path in theme.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"crowdgallery/themes/default/{path.relative_to(theme).as_posix()}" in names

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path)
    python = venv / "bin" / "python"
    venv_site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         cwd=tmp_path).stdout.strip())
    ours = [p for p in site.getsitepackages() + [site.getusersitepackages()] if Path(p).is_dir()]
    (venv_site / "tests-environment.pth").write_text("".join(f"{p}\n" for p in ours))  # plain paths: no hooks run
    run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "--quiet", wheel], cwd=tmp_path)

    # from another working directory, the venv's crowdgallery is the wheel's, not the checkout's
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = run([python, "-c", "import crowdgallery; print(crowdgallery.__file__)"], cwd=work).stdout.strip()
    assert Path(where).resolve().is_relative_to(venv.resolve()), where

    command = venv / "bin" / "crowdgallery"
    run([command, "init", "site"], cwd=work)
    done = run([command, "build", "site"], cwd=work)
    assert done.stdout.startswith("Built ")
    home = work / "site" / "_site" / "index.html"
    assert "Community Mug Challenge" in read_page(home).title
    assert (work / "site" / "_site" / "static").is_dir()
