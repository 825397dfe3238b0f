"""Where the build cache lives and how an entry is read and written."""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from crowdgallery import __version__
from crowdgallery.load.config import CACHE_FOLDER

BUILD_CACHE = "build"
FORMAT = 2  # bump when what is stored changes


def cache_folder(site_dir: Path) -> Path:
    return Path(site_dir) / CACHE_FOLDER / BUILD_CACHE


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_entry(path: Path) -> Any:
    try:
        with open(path, "rb") as handle:
            stored = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError,
            ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("format") != (FORMAT, __version__):
        return None
    return stored


def write_entry(path: Path, data: dict) -> None:
    """Write a cache file whole or not at all (a crash never leaves half a file to be trusted).

    The cache only saves time: a site folder that cannot be written (read-only, full) goes without.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump({**data, "format": (FORMAT, __version__)}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except OSError:
        Path(temp).unlink(missing_ok=True)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# --- votes and tallies -------------------------------------------------------------
