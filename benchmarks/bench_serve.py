"""Measure the live preview: save-to-served latency and idle CPU.

Usage (from the repository root):
    .venv/bin/python benchmarks/bench_serve.py [--sizes 1000,10000] [--edits 20]
                                               [--idle-seconds 10] [--record docs/benchmarks.md]

For each size, a synthetic content folder is written with generate_site.py and
`build.py serve --no-search --quiet --port 0` runs as a child process. Then:

- latency: a news page's Markdown body is changed (a new sentence each time) and
  the page's URL is fetched over HTTP in a tight loop until the new sentence is
  served; the time from just before the write to that response is one sample.
  Edits go to different pages in turn, with a short pause between them;
- idle CPU: with nothing changing, the child's user + system CPU time (from
  /proc/<pid>/stat) is read before and after --idle-seconds, while it watches
  every file of the site.

With --record FILE, the results replace the section between the markers
`<!-- bench_serve:start -->` and `<!-- bench_serve:end -->` in FILE (appended
when the markers are missing; FILE is created when it does not exist).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
BUILD_SCRIPT = REPO_ROOT / "build.py"
GENERATOR_SCRIPT = Path(__file__).resolve().parent / "generate_site.py"
START_MARKER = "<!-- bench_serve:start -->"
END_MARKER = "<!-- bench_serve:end -->"
TARGETS_MS = {1000: 150, 10000: 300}
PAUSE_BETWEEN_EDITS = 0.3


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated page counts (default 1000,10000)")
    parser.add_argument("--edits", type=int, default=20, help="saves timed per size (default 20)")
    parser.add_argument("--idle-seconds", type=float, default=10.0, help="idle CPU window (default 10)")
    parser.add_argument("--record", type=Path, metavar="FILE", help="write the results into this Markdown file")
    return parser.parse_args(argv)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (fields 14 and 15 of /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def start_server(content: Path, out: Path, cache: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, str(BUILD_SCRIPT), "serve", "--content", str(content), "--out", str(out), "--cache-dir", str(cache),
         "--port", "0", "--no-search", "--quiet", "--today", "2024-06-10"],
        cwd=content.parent,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    for line in process.stderr:
        lines.append(line)
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if found:
            return process, f"http://127.0.0.1:{found.group(1)}/"
    raise RuntimeError("serve did not start:\n" + "".join(lines))


def time_edits(content: Path, base: str, edits: int) -> list[float]:
    pages = sorted((content / "tin-tuc").glob("*.md"))
    step = max(1, len(pages) // edits)
    samples = []
    for number in range(edits):
        page = pages[(number * step) % len(pages)]
        marker = f"Câu kiểm tra số {number} lúc {time.time_ns()}."
        text = page.read_text("utf-8")
        url = base + "tin-tuc/" + page.stem + "/"
        started = time.perf_counter()
        page.write_text(text.rstrip("\n") + "\n\n" + marker + "\n", "utf-8")
        while marker not in fetch(url):
            time.sleep(0.002)
        samples.append(time.perf_counter() - started)
        time.sleep(PAUSE_BETWEEN_EDITS)
    return samples


def measure(size: int, args: argparse.Namespace, work: Path) -> dict:
    content = work / f"site-{size}" / "content"
    subprocess.run([sys.executable, str(GENERATOR_SCRIPT), str(size), str(content), "--force"], check=True, capture_output=True)
    started = time.perf_counter()
    process, base = start_server(content, work / f"site-{size}" / "public", work / "cache")
    startup = time.perf_counter() - started
    try:
        fetch(base)
        samples = time_edits(content, base, args.edits)
        time.sleep(1.0)
        before = cpu_seconds(process.pid)
        time.sleep(args.idle_seconds)
        idle = (cpu_seconds(process.pid) - before) / args.idle_seconds
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    files = sum(1 for p in content.rglob("*") if p.is_file())
    result = {
        "size": size,
        "files": files,
        "startup": startup,
        "median_ms": statistics.median(samples) * 1000,
        "p90_ms": sorted(samples)[int(0.9 * (len(samples) - 1))] * 1000,
        "max_ms": max(samples) * 1000,
        "idle_cpu_percent": idle * 100,
    }
    print(
        f"{size:>6} pages: save→served median {result['median_ms']:.0f} ms, p90 {result['p90_ms']:.0f} ms, "
        f"max {result['max_ms']:.0f} ms (target {TARGETS_MS.get(size, '–')} ms); idle CPU {result['idle_cpu_percent']:.2f} % "
        f"watching {files} files; first build {startup:.1f} s",
        flush=True,
    )
    return result


def render_record(results: list[dict], args: argparse.Namespace) -> str:
    command = "python benchmarks/bench_serve.py --sizes " + args.sizes + f" --edits {args.edits} --idle-seconds {args.idle_seconds:g}"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True).stdout.strip()
    lines = [
        START_MARKER,
        "## Live preview (`serve`)",
        "",
        f"Measured {datetime.date.today().isoformat()} on {platform.machine()} Linux, {os.cpu_count()} CPUs (shared), "
        f"Python {platform.python_version()}, commit {commit or 'unknown'}, with `{command}` "
        "(this section is rewritten on each recorded run).",
        "",
        "*Save → served*: time from writing a news page's Markdown to the HTTP server returning the page with the new text "
        f"({args.edits} saves to different pages, {PAUSE_BETWEEN_EDITS:g} s apart). *Idle CPU*: the serve process's user + system CPU "
        f"over {args.idle_seconds:g} s with no change, as a share of one core. *First build*: the cold build `serve` starts with "
        "(empty output and cache folders); other developers' jobs shared the machine's cores.",
        "",
        "| pages | files watched | save → served, median | p90 | max | target | idle CPU | first build |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['size']} | {r['files']} | {r['median_ms']:.0f} ms | {r['p90_ms']:.0f} ms | {r['max_ms']:.0f} ms | "
            f"{TARGETS_MS.get(r['size'], '–')} ms | {r['idle_cpu_percent']:.2f} % | {r['startup']:.1f} s |"
        )
    lines.append(END_MARKER)
    return "\n".join(lines)


def write_record(path: Path, section: str) -> None:
    """Replace the marked section of path, or append it; create the file if needed."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = text.find(START_MARKER)
    end = text.find(END_MARKER, start + 1) if start >= 0 else -1
    if start >= 0 and end >= 0:
        text = text[:start] + section + text[end + len(END_MARKER):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        results = [measure(size, args, Path(folder)) for size in sizes]
    if args.record is not None:
        write_record(args.record, render_record(results, args))
        print(f"recorded in {args.record}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
