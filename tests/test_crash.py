"""Crash safety: a build killed with SIGKILL at any moment leaves the old site or the new one, never a mix.

Two generated sites A and B are built once, for reference snapshots. Then the real
program builds into one output folder, alternately A and B, and is killed (with all
its worker processes) at a random moment, ten times; after each kill the output
folder must be byte-for-byte the complete old site or the complete new one. A last
build must clear whatever the killed builds left beside the output.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import PROJECT, snapshot

PAGES = 120
KILLS = 10


def generate(folder: Path, seed: int) -> Path:
    subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks" / "generate_site.py"), str(PAGES), str(folder), "--seed", str(seed)],
        check=True,
        capture_output=True,
    )
    return folder


def build_command(content: Path, out: Path, cache: Path) -> list[str]:
    return [
        sys.executable, str(PROJECT / "build.py"), "build",
        "--content", str(content), "--out", str(out), "--cache-dir", str(cache),
        "--no-search", "--quiet", "--today", "2024-06-10",
    ]  # fmt: skip


def build(content: Path, out: Path, cache: Path, cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(build_command(content, out, cache), cwd=cwd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - started


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def test_a_killed_build_leaves_the_old_or_the_new_site_and_the_next_build_recovers(tmp_path: Path) -> None:
    sites = {"A": generate(tmp_path / "site-a", 1), "B": generate(tmp_path / "site-b", 2)}
    cache = tmp_path / "cache"
    out = tmp_path / "public"
    build(sites["A"], out, cache, tmp_path)
    build(sites["B"], tmp_path / "ref-B", cache, tmp_path)
    references = {"A": snapshot(out), "B": snapshot(tmp_path / "ref-B")}
    assert references["A"] != references["B"]
    # Kill moments fall within one build with a warm cache, as the builds below are.
    window = build(sites["A"], out, cache, tmp_path)
    assert snapshot(out) == references["A"]
    current = "A"
    rng = random.Random(20240610)
    seen = {"old": 0, "new": 0, "interrupted": 0}
    for attempt in range(KILLS):
        target = "B" if current == "A" else "A"
        process = subprocess.Popen(
            build_command(sites[target], out, cache),
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(PROJECT)},
            start_new_session=True,  # its own process group: the kill reaches every worker
        )
        time.sleep(rng.uniform(0.05, 0.8 * window))
        seen["interrupted"] += process.poll() is None
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it finished first: the output must then be the new site
        process.wait()
        assert out.is_dir(), f"attempt {attempt}: the output folder is missing"
        state = snapshot(out)
        if state == references[current]:
            seen["old"] += 1
        elif state == references[target]:
            seen["new"] += 1
            current = target
        else:
            missing = len(set(references[target]) - set(state))
            raise AssertionError(f"attempt {attempt}: a mix of old and new ({missing} files of the new site missing)")

    build(sites[current], out, cache, tmp_path)
    assert leftovers(out) == []
    assert snapshot(out) == references[current]
    assert seen["old"] + seen["new"] == KILLS
    assert seen["interrupted"] >= 3, seen  # the kills really hit running builds
