"""Measure the search index: indexing time and size, and what a first search downloads.

Usage (from the repository root, with the project's virtual environment):
    python benchmarks/bench_search.py [--sizes 1000,10000] [--repeat 3] [--work DIR]
                                      [--record docs/benchmarks.md]

For each size it generates a synthetic site (benchmarks/generate_site.py), builds it
without search, then on that same output folder times

* our indexing step (`site_builder.search.build_search_index`: folded copies of the
  indexed pages, then Pagefind over them, then the stable bundle rewrite), and
* Pagefind's own command line over the whole folder (`pagefind --site OUT`), the
  binary from the same `pagefind_bin` wheel,

taking the median of `--repeat` runs of each, the two interleaved. It reports the bundle size on disk
(all of it, and the part a browser can fetch when searching: everything except
Pagefind's unused UI files) and, in Chromium, the bytes of every response while the
search page loads and shows results for one query from a cold cache.

With --record FILE the results replace the section between `<!-- bench_search:start -->`
and `<!-- bench_search:end -->` in FILE (appended if missing).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.diagnostics import Report  # noqa: E402
from site_builder.pipeline import BuildOptions, build, check  # noqa: E402
from site_builder.search import BUNDLE, build_search_index, pagefind_executable  # noqa: E402

START_MARKER = "<!-- bench_search:start -->"
END_MARKER = "<!-- bench_search:end -->"
UI_FILES = ("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui", "pagefind-highlight")
QUERY = "bao ve tre em"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]


def generate(pages: int, content: Path) -> None:
    script = ROOT / "benchmarks" / "generate_site.py"
    subprocess.run([sys.executable, str(script), str(pages), str(content), "--force"], check=True, stdout=subprocess.DEVNULL)


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def folder_bytes(folder: Path, *, searchable_only: bool = False) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not (searchable_only and p.name.startswith(UI_FILES))]
    return len(files), sum(p.stat().st_size for p in files)


def first_search_bytes(site: Path) -> tuple[int, int, int]:
    """Bytes of all responses, and of those under pagefind/, for one search from a cold cache."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    sizes: list[tuple[str, int]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("response", lambda r: sizes.append((r.url, len(r.body()))) if r.ok else None)
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/tim-kiem/?q=" + QUERY.replace(" ", "+"))
            page.wait_for_function("() => (document.getElementById('trang-thai').textContent || '').startsWith('Tìm thấy')", timeout=60000)
            page.wait_for_load_state("networkidle")
            results = page.locator("#ket-qua > li").count()
            browser.close()
    finally:
        httpd.shutdown()
    total = sum(n for _, n in sizes)
    bundle = sum(n for url, n in sizes if f"/{BUNDLE}/" in url)
    return total, bundle, results


def measure(pages: int, work: Path, repeat: int) -> dict:
    content, out = work / f"content-{pages}", work / f"site-{pages}"
    generate(pages, content)
    options = BuildOptions(content=content, out=out, today=dt.date(2024, 12, 31), search=False, quiet=True, cache_dir=work / "cache")
    assert build(options).ok
    report = Report()
    planned = check(options, report)
    paths = [o.path for o in planned.outputs]
    indexed = sum(1 for p in paths if p.endswith(".html") and "data-pagefind-body" in (out / p).read_text("utf-8"))

    def ours() -> None:
        shutil.rmtree(out / BUNDLE, ignore_errors=True)
        problems = build_search_index(out, paths, planned.site.hotlines, out=out)
        assert not problems, problems

    cli_out = work / f"cli-{pages}"

    def theirs() -> None:
        shutil.rmtree(cli_out, ignore_errors=True)
        subprocess.run([str(pagefind_executable()), "--site", str(out), "--output-path", str(cli_out), "--silent"], check=True)

    # Interleaved, so that load from other jobs on the machine falls on both alike.
    ours_times, theirs_times = [], []
    for _ in range(repeat):
        ours_times.append(median_seconds(ours, 1))
        theirs_times.append(median_seconds(theirs, 1))
    ours_s, theirs_s = statistics.median(ours_times), statistics.median(theirs_times)
    ours()  # leave our bundle in place for the size and browser measurements
    files, size = folder_bytes(out / BUNDLE)
    _, searchable = folder_bytes(out / BUNDLE, searchable_only=True)
    total, bundle, results = first_search_bytes(out)
    return dict(pages=pages, indexed=indexed, ours=ours_s, theirs=theirs_s, files=files, size=size, searchable=searchable, first_total=total, first_bundle=bundle, results=results)


def kib(n: int) -> str:
    return f"{n / 1024:,.0f} KiB" if n < 10 * 1024 * 1024 else f"{n / 1048576:,.1f} MiB"


def table(rows: list[dict]) -> str:
    lines = [
        "| pages (indexed) | our indexing | Pagefind CLI, same folder | ratio | bundle files | bundle size (all / fetchable) | first search downloads (all / pagefind/) | results shown |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['pages']:,} ({r['indexed']:,}) | {r['ours']:.2f} s | {r['theirs']:.2f} s | {r['ours'] / r['theirs']:.2f} | {r['files']:,} | "
            f"{kib(r['size'])} / {kib(r['searchable'])} | {kib(r['first_total'])} / {kib(r['first_bundle'])} | {r['results']} |"
        )
    return "\n".join(lines)


def record(path: Path, text: str) -> None:
    section = f"{START_MARKER}\n{text}\n{END_MARKER}"
    old = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    if START_MARKER in old and END_MARKER in old:
        new = old[: old.index(START_MARKER)] + section + old[old.index(END_MARKER) + len(END_MARKER) :]
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(new, "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--record", type=Path)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        row = measure(size, work, args.repeat)
        rows.append(row)
        print(table([row]).splitlines()[-1], flush=True)
    text = table(rows)
    print(text)
    if args.record:
        command = f"python benchmarks/bench_search.py --sizes {args.sizes} --repeat {args.repeat} --record {args.record}"
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        header = (
            "## Search index (`benchmarks/bench_search.py`)\n\n"
            f"Recorded {dt.date.today().isoformat()} on {platform.machine()}, {cpus} CPUs shared with other jobs, Python {platform.python_version()}; "
            f"median of {args.repeat} runs; first search = the search page loading and showing results for “{QUERY}” in Chromium with a cold cache "
            "(responses are counted as served: Pagefind's index files are already gzip-compressed, the HTML, CSS and JS are not).\n"
            f"Rerun: `{command}`\n\n"
        )
        record(args.record, header + text + "\n")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
