"""Writing the site: a staging folder beside the output, confined paths, the swap into place.

A build writes everything into `.<out>.staging-<pid>` next to the output folder, and
only when all of it (search index included) succeeded does it exchange the two
folders. On Linux the exchange is one atomic `renameat2(RENAME_EXCHANGE)`; elsewhere
two renames, with leftovers recovered by the next build. A failed build removes its
staging folder, so the old site stays exactly as it was with nothing beside it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path, PurePosixPath

STAGING_TAG = ".staging-"
OLD_TAG = ".old-"


class UnsafePath(ValueError):
    """An output path that would leave the output folder."""


def safe_join(root: Path, relative: str) -> Path:
    """`root / relative`, refusing absolute paths, `..` and anything else that escapes."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or not relative or any(part in ("..", "") for part in pure.parts) or "\\" in relative or "\0" in relative:
        raise UnsafePath(relative)
    return root.joinpath(*pure.parts)


def write_file(root: Path, relative: str, data: bytes) -> None:
    path = safe_join(root, relative)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def copy_file(root: Path, relative: str, source: str) -> None:
    path = safe_join(root, relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, path)


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


def create_staging(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    recover_leftovers(out)
    staging = out.parent / f".{out.name}{STAGING_TAG}{os.getpid()}"
    staging.mkdir()
    return staging


def discard_staging(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


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


def swap_into_place(staging: Path, out: Path) -> None:
    """Make `staging` the output folder; the previous output is removed afterwards."""
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(out)
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous site
        return
    old = out.parent / f".{out.name}{OLD_TAG}{os.getpid()}"
    os.rename(out, old)
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)
