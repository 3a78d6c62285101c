"""Time full builds of synthetic sites of several sizes.

Usage (from the repository root):
    .venv/bin/python benchmarks/bench_build.py [--sizes 1000,4000,10000] [--runs 3]
                                                [--record docs/benchmarks.md]

For each size, a synthetic content folder is written with generate_site.py,
then `build.py build --no-search --quiet` runs as a child process:

- "cold": a fresh, empty output folder and a fresh, empty cache folder;
- "rebuild": the same command again right after, with the same output and
  cache folders and unchanged content.

Each child is started with subprocess.Popen and reaped with os.wait4, which
gives its wall time (time.perf_counter around start and reap), its CPU time
(user + sys) and its peak resident set size. CPU time includes the child's own
children that it waited for (a worker pool, say); peak RSS is the largest
single process among them, not their sum.

With --record FILE, the results replace the section between the markers
`<!-- bench_build:start -->` and `<!-- bench_build:end -->` in FILE (appended
when the markers are missing; FILE is created when it does not exist).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[1]
BUILD_SCRIPT = REPO_ROOT / "build.py"
GENERATOR_SCRIPT = Path(__file__).resolve().parent / "generate_site.py"
DEFAULT_SIZES = (1000, 4000, 10000)
DEFAULT_RUNS = 3
DEFAULT_SEED = 1
DEFAULT_WARMUP = 1
CONTENT_SETTLE_SECONDS = 3.0
def markers(no_broadcast: bool) -> tuple[str, str]:
    """Each variant keeps its own section of the record."""
    name = "bench_build_no_broadcast" if no_broadcast else "bench_build"
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"
STDERR_TAIL_LINES = 40
PHASES = ("cold", "rebuild", "edit", "edit again")


@dataclass(frozen=True)
class Measurement:
    """One timed child process."""

    wall_seconds: float
    cpu_seconds: float
    peak_rss_bytes: int
    exit_status: int


@dataclass(frozen=True)
class Summary:
    """The runs of one phase at one size, summarised."""

    pages: int
    phase: str
    runs: int
    wall_median: float
    wall_min: float
    cpu_median: float
    peak_rss_bytes: int

    @property
    def ms_per_page(self) -> float:
        """Median wall time per page, in milliseconds."""
        return self.wall_median * 1000 / self.pages if self.pages else 0.0

    @property
    def parallelism(self) -> float:
        """CPU time over wall time: above 1 means more than one core was busy."""
        return self.cpu_median / self.wall_median if self.wall_median else 0.0


class BuildFailed(Exception):
    """A timed build exited with a non-zero status."""


def parse_sizes(text: str) -> tuple[int, ...]:
    """Parse '1000,4000,10000' into positive integers."""
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"sizes must be integers separated by commas: {text!r}") from error
    if not sizes or any(size <= 0 for size in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be positive integers: {text!r}")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description="Benchmark cold builds and unchanged rebuilds.")
    parser.add_argument(
        "--sizes", type=parse_sizes, default=DEFAULT_SIZES,
        help="page counts separated by commas (default: 1000,4000,10000)",
    )
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs per size (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed (default: %(default)s)")
    parser.add_argument(
        "--warmup", type=int, default=DEFAULT_WARMUP,
        help="untimed cold builds of the first size before timing, to fill Python's bytecode "
             "cache and the OS file cache (default: %(default)s)",
    )
    parser.add_argument(
        "--no-broadcast", action="store_true",
        help="generate pages with broadcast: false (no loudspeaker scripts): the rest of the build alone",
    )
    parser.add_argument("--record", type=Path, metavar="FILE", help="write the results into this Markdown file")
    parser.add_argument("--workdir", type=Path, metavar="DIR", help="make the temporary folder inside DIR")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must be 0 or more")
    return args


def load_generator() -> ModuleType:
    """Import generate_site.py from this folder, wherever the script is run from."""
    spec = importlib.util.spec_from_file_location("generate_site", GENERATOR_SCRIPT)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {GENERATOR_SCRIPT}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def make_build_command(content: Path, out: Path, cache: Path) -> list[str]:
    """The build command that is timed."""
    return [
        sys.executable, str(BUILD_SCRIPT), "build",
        "--content", str(content), "--out", str(out),
        "--no-search", "--quiet", "--cache-dir", str(cache),
    ]


def convert_maxrss_to_bytes(maxrss: int) -> int:
    """ru_maxrss is in KiB on Linux and in bytes on macOS."""
    return maxrss if sys.platform == "darwin" else maxrss * 1024


def run_timed(command: list[str], log_prefix: Path) -> Measurement:
    """Run command as a child, reap it with os.wait4 and return its measurement.

    The child's output goes to files (not pipes), so a chatty child can never
    block on a full pipe while we wait for it.
    """
    with open(log_prefix.with_suffix(".out"), "wb") as stdout, open(log_prefix.with_suffix(".err"), "wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, cwd=REPO_ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    exit_status = os.waitstatus_to_exitcode(status)
    process.returncode = exit_status  # already reaped: keep Popen from waiting again
    return Measurement(
        wall_seconds=wall,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_bytes=convert_maxrss_to_bytes(usage.ru_maxrss),
        exit_status=exit_status,
    )


def read_tail(path: Path, lines: int) -> str:
    """The last lines of a log file."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def run_build(content: Path, out: Path, cache: Path, log_prefix: Path) -> Measurement:
    """Run one build; raise BuildFailed with the command and its error output if it fails."""
    command = make_build_command(content, out, cache)
    # Earlier builds' files are still being written back to disk; without this the timed
    # build pays for their writeback (as `hyperfine --prepare sync` would avoid).
    os.sync()
    measurement = run_timed(command, log_prefix)
    if measurement.exit_status != 0:
        raise BuildFailed(
            f"build exited with status {measurement.exit_status}\n"
            f"command: {shlex.join(command)}\n"
            f"last lines of its error output ({log_prefix.with_suffix('.err')}):\n"
            f"{read_tail(log_prefix.with_suffix('.err'), STDERR_TAIL_LINES)}"
        )
    return measurement


def make_fresh_dirs(run_dir: Path) -> tuple[Path, Path]:
    """Create run_dir with an empty cache folder; return (out, cache). out does not exist yet."""
    run_dir.mkdir(parents=True)
    cache = run_dir / "cache"
    cache.mkdir()
    return run_dir / "out", cache


def warn_if_output_missing(out: Path, sample_page: str) -> None:
    """Warn when a 'successful' build did not write the pages we expect."""
    for relative in ("index.html", sample_page):
        if not (out / relative).is_file():
            print(f"warning: build succeeded but {out / relative} is missing", file=sys.stderr)


def derive_sample_page(relative_path: str) -> str:
    """The output file of a content page: tin-tuc/x.md → tin-tuc/x/index.html."""
    return str(Path(relative_path).with_suffix("") / "index.html")


def summarize(pages: int, phase: str, measurements: list[Measurement]) -> Summary:
    """Medians over the runs of one phase."""
    walls = [m.wall_seconds for m in measurements]
    return Summary(
        pages=pages,
        phase=phase,
        runs=len(measurements),
        wall_median=statistics.median(walls),
        wall_min=min(walls),
        cpu_median=statistics.median(m.cpu_seconds for m in measurements),
        peak_rss_bytes=max(m.peak_rss_bytes for m in measurements),
    )


def benchmark_size(
    pages: int, runs: int, warmup: int, seed: int, size_dir: Path, generator: ModuleType, broadcast: bool = True
) -> tuple[float, list[Summary]]:
    """Generate a site of `pages` pages and time its builds; return (generation seconds, summaries)."""
    content = size_dir / "content"
    started = time.perf_counter()
    generated = generator.write_site(pages, content, seed, broadcast=broadcast)
    generation_seconds = time.perf_counter() - started
    print(f"[{pages} pages] generated in {generation_seconds:.2f} s", file=sys.stderr)
    # A build does not trust files written in the last seconds before it (coarse file-system
    # clocks; see site_builder/manifest.py): content a communicator saved minutes ago is
    # what a rebuild normally sees, so the timed builds start once the files are older.
    time.sleep(CONTENT_SETTLE_SECONDS)
    sample_page = derive_sample_page(generated[0].relative_path)
    logs = size_dir / "logs"
    logs.mkdir()

    for number in range(1, warmup + 1):
        out, cache = make_fresh_dirs(size_dir / f"warmup-{number}")
        measurement = run_build(content, out, cache, logs / f"warmup-{number}")
        print(f"[{pages} pages] warm-up {number}/{warmup}: {measurement.wall_seconds:.2f} s (not counted)",
              file=sys.stderr)

    measured: dict[str, list[Measurement]] = {phase: [] for phase in PHASES}
    edited = [content / generated[i].relative_path for i in (0, len(generated) // 2)]
    for number in range(1, runs + 1):
        out, cache = make_fresh_dirs(size_dir / f"run-{number}")
        originals = [(path.read_text(encoding="utf-8"), path.stat()) for path in edited]
        try:
            cold = run_build(content, out, cache, logs / f"run-{number}-cold")
            warn_if_output_missing(out, sample_page)
            # Nothing changed: the output folder is already this site.
            rebuild = run_build(content, out, cache, logs / f"run-{number}-rebuild")
            # One page edited: the first swap retires no site, so every file is rendered
            # again (Markdown and scripts from the cache) into a fresh staging folder.
            append_sentence(edited[0])
            edit = run_build(content, out, cache, logs / f"run-{number}-edit")
            # Another page edited: the site the last swap retired, with its manifest, is
            # updated in place: only the outputs whose inputs changed are rendered.
            append_sentence(edited[1])
            edit_again = run_build(content, out, cache, logs / f"run-{number}-edit-again")
        finally:
            # Back to the content as generated, times included: the next run's builds must
            # not see two files written a moment ago (see CONTENT_SETTLE_SECONDS).
            for path, (text, status) in zip(edited, originals):
                path.write_text(text, encoding="utf-8")
                os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
        for phase, measurement in zip(PHASES, (cold, rebuild, edit, edit_again)):
            measured[phase].append(measurement)
        print(f"[{pages} pages] run {number}/{runs}: cold {cold.wall_seconds:.2f} s, "
              f"rebuild {rebuild.wall_seconds:.2f} s, edit {edit.wall_seconds:.2f} s, "
              f"edit again {edit_again.wall_seconds:.2f} s", file=sys.stderr)
    return generation_seconds, [summarize(pages, phase, measured[phase]) for phase in PHASES]


def append_sentence(path: Path) -> None:
    """Edit a page as a communicator would: one more sentence at the end."""
    with path.open("a", encoding="utf-8") as stream:
        stream.write("\nCha mẹ hãy gọi 111 khi cần được tư vấn.\n")


def format_mib(size_bytes: int) -> str:
    """Bytes as MiB with one decimal."""
    return f"{size_bytes / 2**20:.1f}"


def render_rows(summaries: list[Summary]) -> list[list[str]]:
    """The result table as rows of cells (header first)."""
    rows = [["pages", "phase", "runs", "wall s (median)", "wall s (min)", "CPU s (median)",
             "CPU/wall", "peak RSS MiB", "ms/page"]]
    for summary in summaries:
        rows.append([
            str(summary.pages), summary.phase, str(summary.runs),
            f"{summary.wall_median:.3f}", f"{summary.wall_min:.3f}", f"{summary.cpu_median:.3f}",
            f"{summary.parallelism:.2f}", format_mib(summary.peak_rss_bytes), f"{summary.ms_per_page:.2f}",
        ])
    return rows


def render_text_table(rows: list[list[str]]) -> str:
    """Rows as an aligned plain-text table (text left, numbers right)."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [
            cell.ljust(width) if column == 1 or index == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def render_markdown_table(rows: list[list[str]]) -> str:
    """Rows as a Markdown table."""
    header, *body = rows
    align = ["---:" if column != 1 else "---" for column in range(len(header))]
    return "\n".join("| " + " | ".join(row) + " |" for row in [header, align, *body])


def read_cpu_model() -> str:
    """The CPU model from /proc/cpuinfo, else what platform knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
            for line in cpuinfo:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Model", "Hardware", "cpu model"):
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def count_cpus() -> int:
    """The CPUs this process may use (what `nproc` prints)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def read_total_memory() -> str:
    """Total memory from /proc/meminfo, or 'unknown'."""
    try:
        with open("/proc/meminfo", encoding="ascii", errors="replace") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return "unknown"


def read_commit() -> str:
    """The current commit of the repository (read-only git query), or a note."""
    try:
        result = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=False, timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown (git not available)"
    return result.stdout.strip() if result.returncode == 0 else "none (no commit yet)"


def describe_path_for_command(path: Path) -> str:
    """A path relative to the repository root when it is inside it, else absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(REPO_ROOT))
    except ValueError:
        return str(absolute)


def compose_rerun_command(args: argparse.Namespace) -> str:
    """The command that reproduces this benchmark, to run from the repository root."""
    words = [
        describe_path_for_command(Path(sys.executable)), "benchmarks/bench_build.py",
        "--sizes", ",".join(map(str, args.sizes)), "--runs", str(args.runs), "--seed", str(args.seed),
    ]
    if args.warmup != DEFAULT_WARMUP:
        words += ["--warmup", str(args.warmup)]
    if args.no_broadcast:
        words += ["--no-broadcast"]
    if args.workdir is not None:
        words += ["--workdir", describe_path_for_command(args.workdir)]
    if args.record is not None:
        words += ["--record", describe_path_for_command(args.record)]
    return shlex.join(words)


def render_record(
    args: argparse.Namespace, summaries: list[Summary], generation: dict[int, float], started: datetime.datetime
) -> str:
    """The Markdown section written between the markers."""
    generation_text = ", ".join(f"{pages} pages in {seconds:.2f} s" for pages, seconds in generation.items())
    start_marker, end_marker = markers(args.no_broadcast)
    lines = [
        start_marker,
        "## Build benchmark" + (" without loudspeaker scripts" if args.no_broadcast else ""),
        "",
        f"Recorded {started.strftime('%Y-%m-%d %H:%M %z')} by `benchmarks/bench_build.py` "
        "(this section is rewritten on each recorded run).",
        "",
        f"- Machine: {count_cpus()} CPUs (`nproc`), {read_cpu_model()}, {read_total_memory()} RAM, "
        f"{platform.system()} {platform.release()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()}",
        f"- Commit: {read_commit()}",
        f"- Rerun from the repository root: `{compose_rerun_command(args)}`",
        "- The file system is synced (`os.sync()`) before each timed build, so no build pays for "
        "writing back an earlier one's files.",
        "- Each build: `python build.py build --content CONTENT --out OUT --no-search --quiet "
        "--cache-dir CACHE`. *cold*: fresh empty output and cache folders; *rebuild*: the same "
        "command again with the same folders and unchanged content (the output folder is found "
        "up to date and left alone); *edit*: one page gets one more sentence (no site has been "
        "retired yet, so every file is rendered again, Markdown and scripts from the cache); "
        "*edit again*: a second page is edited (the retired site and its manifest are reused: only "
        "outputs whose inputs changed are rendered).",
        "- Pages " + ("are marked `broadcast: false`: no loudspeaker scripts (the rest of the build alone)."
                      if args.no_broadcast else "each get a loudspeaker script page and text file, as by default."),
        f"- Synthetic sites from `benchmarks/generate_site.py` (seed {args.seed}, ~700 words a page, "
        f"85 % news, 15 % campaigns); generation took {generation_text}.",
        f"- {args.runs} timed run(s) per size after {args.warmup} untimed warm-up build(s); "
        "wall time is the median; CPU is user + sys of the build process and the children it "
        "waited for; peak RSS is the largest single process over the runs.",
        "",
        render_markdown_table(render_rows(summaries)),
        end_marker,
    ]
    return "\n".join(lines)


def write_record(path: Path, section: str, no_broadcast: bool = False) -> None:
    """Replace the marked section of path, or append it; create the file if needed."""
    start_marker, end_marker = markers(no_broadcast)
    if path.exists():
        text = path.read_text(encoding="utf-8")
        start = text.find(start_marker)
        end = text.find(end_marker, start + 1) if start >= 0 else -1
        if start >= 0 and end < 0:
            raise ValueError(f"{path}: found {start_marker} without {end_marker}; fix the file by hand")
        if start >= 0:
            text = text[:start] + section + text[end + len(end_marker):]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "# Benchmarks\n\n" + section + "\n"
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = parse_args(argv)
    if not BUILD_SCRIPT.is_file():
        print(f"error: {BUILD_SCRIPT} not found", file=sys.stderr)
        return 2
    generator = load_generator()
    started = datetime.datetime.now().astimezone()
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-build-", dir=args.workdir))
    print(f"working in {workdir}", file=sys.stderr)
    summaries: list[Summary] = []
    generation: dict[int, float] = {}
    try:
        for index, pages in enumerate(args.sizes):
            warmup = args.warmup if index == 0 else 0
            generation[pages], size_summaries = benchmark_size(
                pages, args.runs, warmup, args.seed, workdir / f"{index + 1}-size-{pages}", generator,
                broadcast=not args.no_broadcast)
            summaries += size_summaries
    except BuildFailed as error:
        print(f"error: {error}", file=sys.stderr)
        print(f"logs kept in {workdir}", file=sys.stderr)
        return 1
    # Deleting happens only after every timing: on some disks a large delete slows the I/O after it.
    if args.keep:
        print(f"kept {workdir}", file=sys.stderr)
    else:
        shutil.rmtree(workdir)

    print(render_text_table(render_rows(summaries)))
    if args.record is not None:
        write_record(args.record, render_record(args, summaries, generation, started), args.no_broadcast)
        print(f"recorded in {args.record}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
