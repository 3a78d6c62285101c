"""Writing the site: a staging folder beside the output, confined paths, the swap into place.

A build writes everything into `.<out>.staging-<pid>` next to the output folder, and
only when all of it (search index included) succeeded does it exchange the two
folders. On Linux the exchange is one atomic `renameat2(RENAME_EXCHANGE)`; elsewhere
two renames, with leftovers recovered by the next build. A failed build removes its
staging folder, so the old site stays exactly as it was with nothing beside it.

Creating and deleting thousands of small files is most of an unchanged rebuild's
time (on some disks far more than rendering). So the site a swap retires is not
deleted but kept in the cache folder (when it is on the same filesystem), and the
next build starts its staging folder from it: a file whose bytes did not change is
left alone, files no longer planned are pruned.
"""

from __future__ import annotations

import ctypes
import hashlib
import ctypes.util
import filecmp
import os
import shutil
from pathlib import Path, PurePosixPath
from typing import Iterable

STAGING_TAG = ".staging-"
OLD_TAG = ".old-"


class UnsafePath(ValueError):
    """An output path that would leave the output folder."""


def safe_join(root: Path, relative: str) -> Path:
    """`root / relative`, refusing absolute paths, `..` and anything else that escapes."""
    return Path(_joined(root, relative))


def _joined(root: Path | str, relative: str) -> str:
    """`safe_join` as a string: the writers call it for every file, and building Path
    objects there was a noticeable share of writing a large site."""
    if relative and relative[0] != "/" and "\\" not in relative and "\0" not in relative:
        parts = relative.split("/")
        if "" not in parts and "." not in parts and ".." not in parts:
            return os.path.join(root, relative)  # the usual, already normal path
    pure = PurePosixPath(relative)
    if pure.is_absolute() or not relative or any(part in ("..", "") for part in pure.parts) or "\\" in relative or "\0" in relative:
        raise UnsafePath(relative)
    return os.path.join(root, *pure.parts)


def write_file(root: Path, relative: str, data: bytes, *, fresh: bool = False) -> bool:
    """Write `data` unless the file already holds exactly it; True when written.

    `fresh`: `root` is a new folder holding only this build's files, so there is nothing
    to compare with (a system call less per file, thousands in a large build)."""
    path = _joined(root, relative)
    if not fresh:
        if _holds(path, data):
            return False
        if os.path.isdir(path):  # an older site had a folder where this file goes
            shutil.rmtree(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
    return True


def ensure_folder(root: Path, relative: str) -> None:
    """Make a folder inside `root`; a file left in its way by an older site goes."""
    path_text = _joined(root, relative)
    try:
        os.mkdir(path_text)  # the parent usually exists: one system call, where makedirs makes two
        return
    except FileExistsError:
        if os.path.isdir(path_text):
            return
    except (FileNotFoundError, NotADirectoryError):
        pass
    try:
        os.makedirs(path_text, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        path = safe_join(root, relative)
        blocker = path
        while not blocker.is_file() and blocker != root:
            blocker = blocker.parent
        if blocker != root:
            blocker.unlink()
        path.mkdir(parents=True, exist_ok=True)


def _holds(path: Path | str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as stream:
            return stream.read() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def copy_file(root: Path, relative: str, source: str) -> bool:
    path = safe_join(root, relative)
    try:
        if filecmp.cmp(source, path, shallow=False):
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, path)
    return True


def prune(root: Path, keep: set[str]) -> None:
    """Remove every file under `root` not in `keep` (relative POSIX paths), and empty folders."""
    for folder, dirs, files in os.walk(root, topdown=False):
        relative = Path(folder).relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        for name in files:
            if prefix + name not in keep:
                os.unlink(os.path.join(folder, name))
        for name in dirs:
            try:
                os.rmdir(os.path.join(folder, name))
            except OSError:
                pass  # not empty: it holds planned files


def prune_listed(root: Path, stale: Iterable[str]) -> None:
    """Remove the listed files under `root` (relative POSIX paths), then their folders left empty.

    For a recycled site whose manifest says what it holds: no walk over every folder."""
    folders: set[str] = set()
    for relative in stale:
        try:
            os.unlink(_joined(root, relative))
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            pass  # gone already, or now a folder of this build's pages
        parent = relative.rpartition("/")[0]
        while parent and parent not in folders:
            folders.add(parent)
            parent = parent.rpartition("/")[0]
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        try:
            os.rmdir(_joined(root, folder))
        except OSError:
            pass  # not empty: it holds planned files


def _siblings(out: Path, tag: str) -> list[Path]:
    parent = out.parent
    if not parent.is_dir():
        return []
    prefix = f".{out.name}{tag}"
    return sorted(p for p in parent.iterdir() if p.name.startswith(prefix))


def recover_leftovers(out: Path) -> None:
    """Undo what a killed build left: restore a moved-away site, drop stale staging folders."""
    for old in _siblings(out, OLD_TAG):
        if not out.exists():
            os.rename(old, out)  # killed between the two renames: the old site comes back
        else:
            shutil.rmtree(old, ignore_errors=True)
    for staging in _siblings(out, STAGING_TAG):
        shutil.rmtree(staging, ignore_errors=True)


def recycle_folder(out: Path, cache_dir: Path | None) -> Path | None:
    """Where a retired site is kept for the next build, if that can be a rename."""
    if cache_dir is None:
        return None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        if os.stat(cache_dir).st_dev != os.stat(out.parent).st_dev:
            return None
    except OSError:
        return None
    key = hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir / "recycle" / key


def create_staging(out: Path, recycle: Path | None = None) -> Path:
    """An empty staging folder, or the retired site of an earlier build to update."""
    out.parent.mkdir(parents=True, exist_ok=True)
    recover_leftovers(out)
    staging = out.parent / f".{out.name}{STAGING_TAG}{os.getpid()}"
    if recycle is not None and recycle.is_dir():
        try:
            os.rename(recycle, staging)
            return staging
        except OSError:
            shutil.rmtree(recycle, ignore_errors=True)
    staging.mkdir()
    return staging


def retire(folder: Path, recycle: Path | None = None) -> None:
    """Keep a folder for the next build to reuse, or delete it."""
    if recycle is not None:
        try:
            recycle.parent.mkdir(parents=True, exist_ok=True)
            if recycle.exists():
                shutil.rmtree(recycle)
            os.rename(folder, recycle)
            return
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


def discard_staging(staging: Path, recycle: Path | None = None) -> None:
    retire(staging, recycle)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def swap_into_place(staging: Path, out: Path, recycle: Path | None = None) -> None:
    """Make `staging` the output folder; the previous output is retired afterwards."""
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(out)
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        retire(staging, recycle)  # the staging name now holds the previous site
        return
    old = out.parent / f".{out.name}{OLD_TAG}{os.getpid()}"
    os.rename(out, old)
    os.rename(staging, out)
    retire(old, recycle)
