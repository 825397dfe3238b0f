"""The last stage: files into a staging folder beside the target, then one swap.

The site appears whole or not at all: everything is written into a hidden
folder next to the output folder (same file system, so renaming is cheap and
atomic), and only when the whole build succeeded is it swapped in for the old
output.  A failed build removes its staging folder and leaves the previous site
as it was.  Every path is checked to stay inside the staging folder, and no
path may be written twice (two pages claiming one file is a bug to report, not
to overwrite).

Unchanged files keep their date: when the previous output holds a file with
exactly the bytes about to be written, the staging folder gets a hard link to
that file instead of a new copy, so the swapped-in site has the old file (same
mtime, nothing rewritten).  Every output written through ``write`` or ``copy``
gets this, whichever feature writes it.

The output before last is kept beside the output (``.<name>.spare``, a hard-linked
twin, so it costs little room) and becomes the next staging folder: a rebuild then
changes only the files that differ, instead of making thousands of folders and links
and removing as many.  Nothing in the spare is trusted: a file there is kept only
when it is the very file (same inode) the current output holds, anything else is
replaced or removed, and a new file is never written into an existing one (which
may be linked from the live output), always unlinked first.
"""
from __future__ import annotations

import ctypes
import errno
import filecmp
import os
import shutil
import sys
import tempfile
from pathlib import Path, PurePosixPath

from crowdgallery.errors import BuildError
from crowdgallery.load.paths import refuse_link

MARKER = ".crowdgallery"  # marks a folder as a crowdgallery output, so we never replace anything else
MARKER_TEXT = "This folder was built by crowdgallery; a new build replaces it whole.\n"
SPARE = ".{}.spare"  # beside the output: the output before last, recycled as the next staging folder
WORK_MARKER = ".crowdgallery-work"  # in a staging or old-output folder: the id of the build process it belongs to
AT_FDCWD = -100
RENAME_EXCHANGE = 2  # renameat2(2): swap two paths in one atomic step (Linux 3.15+, glibc 2.28+)


def check_output_folder(out: Path, site_dir: Path, cache_dir: Path | None = None) -> None:
    """Refuse an output folder that would swallow the site, or replace a folder that is not ours, or one
    that is a link (the build would write, and delete, wherever it points)."""
    refused = refuse_link(out, "the output folder")
    if refused:
        raise BuildError(refused)
    if cache_dir is not None:
        cache = Path(cache_dir).resolve()
        if cache == out.resolve() or out.resolve() in cache.parents or cache in out.resolve().parents:
            raise BuildError(f"the cache folder {cache_dir} and the output folder {out} overlap (a build replaces "
                             "the output whole); choose a cache folder beside it")
    out, site = out.resolve(), site_dir.resolve()
    if out == site or out in site.parents:
        raise BuildError(f"the output folder {out} holds the site folder; choose another, like {site / '_site'}")
    if out.exists() and not out.is_dir():
        raise BuildError(f"the output path {out} is a file; choose a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise BuildError(f"the output folder {out} is not empty and was not built by crowdgallery; "
                         "empty it or choose another folder (a build replaces the whole folder)")


def file_stat(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, mtime in ns): enough to tell that a file was not touched since it was seen."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def safe_relpath(rel: str) -> str:
    """A relative POSIX path that cannot leave its folder."""
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("..", ".", "") for p in parts) or "\\" in rel or "\0" in rel:
        raise BuildError(f"refusing to write outside the output folder: {rel!r}")
    return "/".join(parts)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step; False where the system cannot (then nothing was done)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without renameat2
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):  # a file system without it
        return False
    raise OSError(code, os.strerror(code), str(b))


def _mark_work(folder: Path) -> None:
    (folder / WORK_MARKER).write_text(f"{os.getpid()}\n", encoding="ascii")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(out: Path) -> list[Path]:
    """Remove what killed builds of ``out`` left beside it: folders with our name pattern and our
    marker — a staging or old-output folder whose build process is gone, or an old output swapped out
    (it holds the output marker) that its build had no time to remove.  Returns what was removed."""
    removed = []
    for pattern in (f".{out.name}.building-*", f".{out.name}.old-*"):
        for folder in sorted(out.parent.glob(pattern)):
            if folder.is_symlink() or not folder.is_dir():
                continue
            marker = folder / WORK_MARKER
            if marker.is_file():
                try:
                    pid = int(marker.read_text(encoding="ascii").strip())
                except (OSError, ValueError):
                    continue
                if pid != os.getpid() and _alive(pid):
                    continue  # another build of the same folder is running now
            elif not (folder / MARKER).is_file():
                continue  # not ours
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


class Staging:
    """A folder being filled; ``commit()`` swaps it in, ``discard()`` throws it away."""

    def __init__(self, out: Path, reuse: bool = True):
        refused = refuse_link(out, "the output folder")
        if refused:
            raise BuildError(refused)
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.out)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.building-", dir=self.out.parent))
        # the previous output, whose unchanged files are linked instead of written again
        self.previous = self.out if reuse and (self.out / MARKER).is_file() else None
        self.spare = self.out.parent / SPARE.format(self.out.name)
        self.recycled = self.previous is not None and _take(self.spare, self.path)
        _mark_work(self.path)
        self.claimed: dict[str, str] = {}
        self._dirs: set[str] = set()
        self.written = 0  # files written anew, counted by commit()
        self.kept: set[str] = set()  # files kept from the previous output (relative paths), found by commit()
        self._done: dict[str, bool] = {}  # in this process: path → kept (True) or written (False)

    def claim(self, rel: str, owner: str) -> str:
        """Reserve a path for one owner; a second claim on it is an error naming both."""
        rel = safe_relpath(rel)
        if rel in self.claimed:
            raise BuildError(f"two things want to be written to {rel}: {self.claimed[rel]} and {owner}")
        self.claimed[rel] = owner
        return rel

    def _target(self, rel: str) -> Path:
        target = self.path / rel
        parent = rel.rpartition("/")[0]
        if parent and parent not in self._dirs:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):  # a recycled folder had a file where a folder goes
                _clear_path(self.path, parent)
                target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        return target

    def _fresh(self, target: Path) -> Path:
        """``target`` with nothing at it (in a recycled folder, what is there may be linked from the output)."""
        if self.recycled:
            try:
                os.unlink(target)
            except FileNotFoundError:
                pass
            except IsADirectoryError:
                shutil.rmtree(target)
        return target

    def _keep(self, rel: str, target: Path, same) -> bool:
        """Link the previous output's file into place if ``same(old_path, old_size)`` says it is unchanged."""
        if self.previous is None:
            return False
        old = self.previous / rel
        try:
            found = os.stat(old)
            if not same(old, found.st_size):
                return False
            if self.recycled:
                try:
                    if os.lstat(target).st_ino == found.st_ino:  # already the very file the output holds
                        self._done[rel] = True
                        return True
                except FileNotFoundError:
                    pass
                self._fresh(target)
            os.link(old, target)
            self._done[rel] = True
            return True
        except OSError:  # no previous file, or a file system without hard links: write it anew
            return False

    def reuse(self, rel: str, stat: tuple[int, int, int]) -> bool:
        """Keep the previous output's file as it is if it is still the one a cache describes.

        ``stat`` is (inode, size, mtime in ns) of the file when the cache was written; a file
        changed or replaced since then does not match, and the caller renders it again.
        """
        if self.previous is None:
            return False
        return self._keep(rel, self._target(rel), lambda old, size: file_stat(old) == stat)

    def write(self, rel: str, data: bytes) -> None:
        target = self._target(rel)
        if self._keep(rel, target, lambda old, size: size == len(data) and old.read_bytes() == data):
            return
        with open(self._fresh(target), "wb") as handle:
            handle.write(data)
        self._done[rel] = False

    def copy(self, source: Path, rel: str) -> None:
        target = self._target(rel)
        if self._keep(rel, target, lambda old, size: size == os.stat(source).st_size
                      and filecmp.cmp(old, source, shallow=False)):
            return
        shutil.copyfile(source, self._fresh(target))
        self._done[rel] = False

    def _count(self) -> None:
        """Count the files written anew and find those kept.

        What this process did is known (``_done``); files written by forked render workers are looked
        at on disk (a kept file is a hard link to the previous output's, so it has more than one link).
        """
        for rel in self.claimed:
            kept = self._done.get(rel)
            if kept is None:
                try:
                    kept = os.lstat(self.path / rel).st_nlink > 1
                except OSError:
                    continue  # claimed but not written
            if kept:
                self.kept.add(rel)
            else:
                self.written += 1

    def commit(self) -> None:
        """Swap the finished folder in for the old output, then remove the old one.

        Where the system can (Linux), one atomic exchange of the two folders: the output folder exists
        at every instant, holding the old site or the new one.  Elsewhere two renames, with the old site
        kept in a marked folder between them (removed by the next build if this one is killed there).
        """
        if self.recycled:
            _sweep(self.path, self.claimed)
        self._count()
        (self.path / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        os.chmod(self.path, 0o755)  # mkdtemp makes it private; a web server must read it
        if self.out.is_dir() and exchange(self.path, self.out):
            (self.out / WORK_MARKER).unlink(missing_ok=True)
            self._keep_spare()  # the old site, now where the new one was built: the next build's staging
            return
        (self.path / WORK_MARKER).unlink(missing_ok=True)
        old = None
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            _mark_work(old)
            os.rename(self.out, old / "site")
        try:
            os.rename(self.path, self.out)
        except OSError:
            if old is not None:
                os.rename(old / "site", self.out)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def _keep_spare(self) -> None:
        """Keep the folder at ``self.path`` (a whole earlier output) as the spare, or remove it."""
        (self.path / WORK_MARKER).unlink(missing_ok=True)
        if (self.path / MARKER).is_file() and self.previous is not None:
            try:
                os.rename(self.path, self.spare)  # refused if another build left a spare meanwhile
                return
            except OSError:
                pass
        shutil.rmtree(self.path, ignore_errors=True)

    def discard(self) -> None:
        if self.recycled:  # a mix of old and new files, none trusted by the next build: keep it for that one
            self._keep_spare()
        else:
            shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is not None:
            self.discard()


def _take(spare: Path, path: Path) -> bool:
    """Move the spare folder (an earlier output) to ``path`` (an empty staging folder); False if none."""
    if spare.is_symlink() or not spare.is_dir() or not (spare / MARKER).is_file():
        return False
    try:
        os.rmdir(path)
        os.rename(spare, path)  # atomic: of two builds at once, one takes it
        return True
    except OSError:
        path.mkdir(mode=0o700, exist_ok=True)
        return False


def _clear_path(root: Path, rel: str) -> None:
    """Remove the file standing where a folder of ``rel`` must be (in a recycled folder).

    A render worker and the parent copying assets may both find it: the second finds it gone.
    """
    here = root
    for part in rel.split("/"):
        here = here / part
        if here.is_symlink() or (here.exists() and not here.is_dir()):
            here.unlink(missing_ok=True)
            return


def _sweep(root: Path, claimed) -> None:
    """Remove from a recycled folder every file no one claimed in this build, then the empty folders."""
    keep = {WORK_MARKER, MARKER}
    for folder, dirs, names in os.walk(root, topdown=False):
        rel = os.path.relpath(folder, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in names:
            if prefix + name not in claimed and not (not prefix and name in keep):
                os.unlink(os.path.join(folder, name))
        for name in dirs:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                os.unlink(path)
            else:
                try:
                    os.rmdir(path)  # only if empty
                except OSError:
                    pass
