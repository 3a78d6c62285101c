"""Fuzz `check` and `build` with many malformed sites and record how many ran clean.

Usage:
    python benchmarks/fuzz.py                       # 10,000 cases, every 10th also built
    python benchmarks/fuzz.py --cases 500           # a quick run
    python benchmarks/fuzz.py --record docs/benchmarks.md

Cases come from tests/fuzz_cases.py: the demo's files mutated (deleted slices, stray
characters, pasted fragments, invalid UTF-8, YAML tags and anchors, deep nesting) or
replaced by random text. A case passes when `check` (and, for every `--build-every`th
case, `build`) returns without an exception and every message is located. The first
failure is shrunk by Hypothesis to a minimal case and printed.
"""

from __future__ import annotations

import argparse
import collections
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "tests")]

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from fuzz_cases import Case, cases, problems_with, run_case  # noqa: E402

START_MARKER = "<!-- fuzz:start -->"
END_MARKER = "<!-- fuzz:end -->"


def run(count: int, build_every: int, seed_value: int) -> dict:
    stats: dict = {"cases": 0, "built": 0, "passed_check": 0, "codes": collections.Counter()}

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],
    )
    @seed(seed_value)  # the same cases on every run with the same --seed
    @given(cases())
    def fuzz(case: Case) -> None:
        build_too = build_every > 0 and stats["cases"] % build_every == 0
        outcomes = run_case(case, build_too=build_too)
        stats["cases"] += 1
        stats["built"] += build_too
        stats["passed_check"] += outcomes[0].ok
        stats["codes"].update({d.code for d in outcomes[0].report.diagnostics})
        for outcome in outcomes:
            problems = problems_with(outcome)
            assert not problems, problems

    started = time.perf_counter()
    fuzz()
    stats["seconds"] = time.perf_counter() - started
    return stats


def current_commit() -> str:
    done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO_ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def describe(stats: dict, command: str, commit: str) -> str:
    top = ", ".join(f"`{code}` {n}" for code, n in stats["codes"].most_common(8))
    return "\n".join(
        [
            START_MARKER,
            "## Fuzzing (`benchmarks/fuzz.py`)",
            "",
            f"- {stats['cases']:,} malformed sites checked, {stats['built']:,} of them also built: "
            f"**0 exceptions**, every message located; {stats['seconds']:.0f} s in all "
            f"({1000 * stats['seconds'] / max(1, stats['cases']):.1f} ms per case).",
            f"- {stats['passed_check']:,} cases were still valid after mutation; the others were rejected with located errors.",
            f"- Most frequent diagnostics (cases showing each): {top}.",
            f"- Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, commit {commit or 'unknown'}.",
            f"- Rerun: `{command}`",
            END_MARKER,
        ]
    )


def record(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START_MARKER in text and END_MARKER in text:
        before, rest = text.split(START_MARKER, 1)
        after = rest.split(END_MARKER, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--build-every", type=int, default=10, help="also build every Nth case (0: never)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--record", type=Path, help="write the results into this Markdown file")
    args = parser.parse_args()
    commit = current_commit()  # before the run: the code that was fuzzed
    stats = run(args.cases, args.build_every, args.seed)
    command = "python benchmarks/fuzz.py " + " ".join(sys.argv[1:])
    section = describe(stats, command.strip(), commit)
    print(section)
    if args.record:
        record(args.record, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
