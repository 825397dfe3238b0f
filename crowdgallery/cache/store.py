"""How a build-cache entry is stored: JSON, data only (nothing read back can run code), sealed.

Entries are JSON documents in ``CACHE/build/`` sealed by :class:`~crowdgallery.write.cachedir.CacheDir`
(an entry that fails its seal is ignored with a warning).  Named records (dataclasses) are written as
``{"!": name, "=": [field values]}`` and made again only from the types the reader names, with
their fields as given: reading an entry builds tuples, dicts, sets and those records, nothing else.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import platform
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from crowdgallery import __version__
from crowdgallery.write.cachedir import CacheDir

BUILD_CACHE = "build"
FORMAT = 2  # bump when what is stored changes


def cache_folder(cache: CacheDir) -> Path:
    return cache.folder(BUILD_CACHE)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def library_versions() -> tuple[tuple[str, str], ...]:
    """The versions of everything that shapes a page's bytes besides crowdgallery and the site:
    Python, Jinja, Python-Markdown, nh3 and Pillow (read from each library, as imported)."""
    import jinja2
    import markdown
    import nh3
    import PIL

    return (("python", platform.python_version()), ("jinja2", jinja2.__version__),
            ("markdown", markdown.__version__), ("nh3", getattr(nh3, "__version__", "")),
            ("pillow", PIL.__version__))


def snapshot_digest(value: Any) -> str:
    """A short digest of a snapshot (tracing.Snapshots makes its repr canonical: no unordered sets)."""
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


class Codec:
    """JSON values ⇄ Python values made of scalars, tuples, dicts, sets and the named record types."""

    def __init__(self, types: Iterable[type]):
        self.types = {t.__name__: t for t in types}

    def encode(self, value: Any) -> Any:
        kind = type(value)
        if kind in (str, int, float, bool) or value is None:
            return value
        if kind in (tuple, list):
            return [self.encode(v) for v in value]
        if isinstance(value, dict):
            pairs = [[self.encode(k), self.encode(v)] for k, v in value.items()]
            return {"{": pairs, "c": 1} if isinstance(value, Counter) else {"{": pairs}
        if kind in (set, frozenset):
            return {"set": [self.encode(v) for v in value]}
        if dataclasses.is_dataclass(value) and self.types.get(kind.__name__) is kind:
            return {"!": kind.__name__, "=": [self.encode(getattr(value, f.name)) for f in dataclasses.fields(value)]}
        raise TypeError(f"a {kind.__name__} cannot be stored in the cache")

    def decode(self, value: Any) -> Any:
        kind = type(value)
        if kind is list:
            return tuple(self.decode(v) for v in value)
        if kind is not dict:
            return value
        if "!" in value:
            return self.types[value["!"]](*(self.decode(v) for v in value["="]))
        if "set" in value:
            return frozenset(self.decode(v) for v in value["set"])
        pairs = ((self.decode(k), self.decode(v)) for k, v in value["{"])
        return Counter(dict(pairs)) if value.get("c") else dict(pairs)


def read_entry(cache: CacheDir, name: str, codec: Codec | None = None) -> Any:
    """The value stored as ``name`` by an earlier build, or None (missing, another version, not sealed
    by this user's key, or not what this version stores)."""
    path = cache_folder(cache) / f"{name}.json"
    data = cache.read(path)
    if data is None:
        return None
    try:
        stored = json.loads(data)
        if not isinstance(stored, dict) or stored.get("format") != [FORMAT, __version__]:
            return None
        return codec.decode(stored["value"]) if codec is not None else stored["value"]
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None  # sealed by this key but not readable by this code: made again


def write_entry(cache: CacheDir, name: str, value: Any, codec: Codec | None = None) -> None:
    try:
        encoded = codec.encode(value) if codec is not None else value
        data = json.dumps({"format": [FORMAT, __version__], "value": encoded}, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError):
        return  # something the cache cannot hold: the next build does the work again
    cache.write(cache_folder(cache) / f"{name}.json", data)
