"""Where a build keeps its caches, and how an entry proves this user's builds made it.

The cache lives outside the site folder by default, in the user's cache folder
(``$XDG_CACHE_HOME/crowdgallery/sites/<hash of the site's resolved path>``, else
``~/.cache/…``), or in the folder ``--cache-dir`` names.  Every entry is sealed: an HMAC-SHA256
of its bytes and its name, with a key kept in the user's cache folder (never beside a cache a
``--cache-dir`` names), so a cache folder that someone else could fill — a CI cache restored for a
pull request, a folder committed into the site — can make a build slower but never put code or
HTML into it: an entry that fails its seal is ignored with a warning naming its file, and made again.

A cache folder that cannot be written gives one warning, and the build keeps its caches in a
temporary folder that is removed when it ends (a build without cache).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from crowdgallery.errors import BuildError
from crowdgallery.load.paths import refuse_link, site_relative
from crowdgallery.problems import Location, Problem

APP = "crowdgallery"
KEY_FILE = "cache.key"
KEY_BYTES = 32
HEADER = b"crowdgallery-cache 1 "  # then the hex HMAC, a newline and the entry's bytes


class CacheUnusable(Exception):
    """A cache folder the build cannot use (its message says why); the build goes without."""


def user_cache_home() -> Path:
    """``$XDG_CACHE_HOME/crowdgallery`` (an absolute XDG_CACHE_HOME only, as the XDG spec says), else
    ``~/.cache/crowdgallery``."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / APP


def default_cache_dir(site_dir: Path) -> Path:
    """The cache of one site: named by a hash of the site folder's resolved path."""
    digest = hashlib.sha256(str(Path(site_dir).resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return user_cache_home() / "sites" / digest[:20]


def _real_folder(path: Path, what: str) -> Path:
    """``path`` as an existing folder (made if needed) that is not a symbolic link."""
    refused = refuse_link(path, what)
    if refused:
        raise CacheUnusable(refused)
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise CacheUnusable(f"cannot write {what} {path} ({exc.strerror or exc})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise CacheUnusable(f"cannot write {what} {path} (permission denied)")
    return path


def load_key(home: Path) -> bytes:
    """This user's cache key (made on first use, readable by the user alone)."""
    _real_folder(home, "the cache folder")
    path = home / KEY_FILE
    if path.is_symlink():
        raise CacheUnusable(refuse_link(path, "the cache key"))
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise CacheUnusable(f"cannot write the cache key {path} ({exc.strerror or exc})") from None
    else:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
    try:
        key = path.read_bytes()
    except OSError as exc:
        raise CacheUnusable(f"cannot read the cache key {path} ({exc.strerror or exc})") from None
    if len(key) != KEY_BYTES:
        raise CacheUnusable(f"the cache key {path} is damaged; delete it (the cache is made again)")
    return key


@dataclass
class CacheDir:
    """The caches of one build: a root folder, the key that seals entries, and what was said about them."""

    root: Path
    key: bytes
    site_dir: Path
    notes: list[Problem] = field(default_factory=list)  # warnings for the build's report
    temporary: bool = False  # a throwaway folder (the real cache could not be used): removed by close()

    @classmethod
    def open(cls, site_dir: Path, root: Path | None = None) -> "CacheDir":
        """The cache at ``root`` (default: :func:`default_cache_dir`), or a temporary one with a warning."""
        site_dir = Path(site_dir)
        root = Path(root) if root is not None else default_cache_dir(site_dir)
        try:
            key = load_key(user_cache_home())
            return cls(_real_folder(root, "the cache folder").resolve(), key, site_dir)
        except CacheUnusable as exc:
            temp = Path(tempfile.mkdtemp(prefix="crowdgallery-cache-"))
            note = Problem(Location(site_relative(site_dir, root)),
                           f"{exc}; building without cache (everything is made again)", "warning")
            return cls(temp, secrets.token_bytes(KEY_BYTES), site_dir, [note], temporary=True)

    def close(self) -> None:
        if self.temporary:
            shutil.rmtree(self.root, ignore_errors=True)

    def folder(self, name: str) -> Path:
        """The subfolder ``name`` of the cache, made if needed; never a link out of it."""
        path = self.root / name
        try:
            return _real_folder(path, "the cache folder")
        except CacheUnusable as exc:
            raise BuildError(str(exc)) from None

    def where(self, path: Path) -> str:
        return site_relative(self.site_dir, path)

    def warn(self, path: Path, message: str) -> None:
        self.notes.append(Problem(Location(self.where(path)), message, "warning"))

    def _mac(self, path: Path, data: bytes) -> bytes:
        name = Path(path).relative_to(self.root).as_posix().encode("utf-8", "surrogateescape")
        return hmac.new(self.key, name + b"\0" + data, hashlib.sha256).hexdigest().encode("ascii")

    def seal(self, path: Path, data: bytes) -> bytes:
        """The bytes to store at ``path`` for ``data``."""
        return HEADER + self._mac(path, data) + b"\n" + data

    def unseal(self, path: Path, stored: bytes) -> bytes | None:
        """The data of a sealed entry, or None (with a warning naming the file) when the seal fails."""
        head, _, data = stored.partition(b"\n")
        if head.startswith(HEADER) and hmac.compare_digest(head[len(HEADER):], self._mac(path, data)):
            return data
        self.warn(path, "this cache entry failed its authentication (it was not made by this user's builds, "
                        "or was changed since); it is ignored and made again")
        return None

    def read(self, path: Path) -> bytes | None:
        """A sealed entry's data; None when it is missing, unreadable or not sealed by this key."""
        try:
            if path.is_symlink():
                self.warn(path, "this cache entry is a symbolic link; it is ignored and made again")
                return None
            stored = path.read_bytes()
        except OSError:
            return None
        return self.unseal(path, stored)

    def write(self, path: Path, data: bytes) -> None:
        """Write a sealed entry whole or not at all (a crash never leaves half a file to be read).

        The cache only saves time: a folder that cannot be written (read-only, full) goes without.
        """
        try:
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(self.seal(path, data))
            os.replace(temp, path)
        except OSError:
            Path(temp).unlink(missing_ok=True)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
