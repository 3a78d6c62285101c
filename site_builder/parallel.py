"""Run one function over slices of a list in forked processes.

Forking shares the loaded `Site` with the workers for free (copy-on-write), so
nothing large is pickled on the way in; only each slice's small result comes back
through a pipe. Where fork is unavailable, the slices run one after another.
"""

from __future__ import annotations

import gc
import os
import pickle
import traceback
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class WorkerFailed(RuntimeError):
    """A worker process raised or died; carries its traceback text."""


def default_processes(items: int) -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, 8, items // 100 or 1))


def map_slices(work: Callable[[Sequence[T], bool], R], items: Sequence[T], processes: int) -> list[R]:
    """`work(slice, is_main)` for `processes` interleaved slices; results in slice order.

    The main process takes the first slice (and reports progress); the others run in
    forked children.
    """
    if processes <= 1 or not hasattr(os, "fork"):
        return [work(items, True)]
    slices = [items[i::processes] for i in range(processes)]
    children: list[tuple[int, int]] = []
    # What exists now is only read by the children: left out of their garbage
    # collections, it is neither walked again nor copied page by page into each child.
    gc.freeze()
    try:
        for part in slices[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # child
                os.close(read_end)
                try:
                    payload = pickle.dumps(("ok", work(part, False)))
                except BaseException:  # noqa: BLE001 - everything must reach the parent
                    payload = pickle.dumps(("error", traceback.format_exc()))
                with os.fdopen(write_end, "wb") as stream:
                    stream.write(payload)
                os._exit(0)
            os.close(write_end)
            children.append((pid, read_end))
    finally:
        gc.unfreeze()
    try:
        results = [work(slices[0], True)]
    finally:
        child_results = [_collect(pid, fd) for pid, fd in children]
    for status, value in child_results:
        if status != "ok":
            raise WorkerFailed(value)
        results.append(value)
    return results


def _collect(pid: int, fd: int) -> tuple[str, object]:
    with os.fdopen(fd, "rb") as stream:
        data = stream.read()
    os.waitpid(pid, 0)
    if not data:
        return ("error", f"worker process {pid} ended without a result")
    return pickle.loads(data)
