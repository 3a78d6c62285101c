"""What plans-as-data cost on a large site: agencies, legal references, calendar, linking.

Usage:
    python benchmarks/bench_plans.py [--pages 10000] [--plans 300] [--record docs/benchmarks.md]

Generates a synthetic site (benchmarks/generate_site.py) of --pages Markdown pages,
adds --plans copies of the three demo plans (each with its own id and number), loads
it once, then times, in this process:

- `assemble_agencies`, `assemble_legal`, `assemble_topics`, `collect_events` (run once
  per build, in assemble);
- linking legal mentions in every page body's HTML (what render adds per page);
- rendering `/lich.ics`.

Prints milliseconds for each and per page; with --record, writes them between
`<!-- bench_plans:start -->` and `<!-- bench_plans:end -->` in the given file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.agencies import assemble_agencies  # noqa: E402
from site_builder.assemble import assemble_site  # noqa: E402
from site_builder.calendar import collect_events, render_ics  # noqa: E402
from site_builder.diagnostics import Report  # noqa: E402
from site_builder.legal import LegalLinker, assemble_legal  # noqa: E402
from site_builder.loaders import load_content  # noqa: E402
from site_builder.markup import MarkdownConverters, render_markdown  # noqa: E402
from site_builder.topics import assemble_topics  # noqa: E402

MENTIONS = "\n\nTheo Nghị định số 56/2017/NĐ-CP và Luật Trẻ em năm 2016, xem thêm Kế hoạch số 43/KH-UBND ngày 16/02/2023.\n"


def generate(pages: int, plans: int, folder: Path) -> Path:
    content = folder / "content"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_site.py"), str(pages), str(content)], check=True, stdout=subprocess.DEVNULL)
    # one page in ten cites documents, so linking has work to do
    for n, path in enumerate(sorted((content / "tin-tuc").glob("*.md"))):
        if n % 10 == 0:
            path.write_text(path.read_text("utf-8") + MENTIONS, "utf-8")
    shutil.copy(ROOT / "content" / "agencies.yaml", content / "agencies.yaml")
    demo = sorted((ROOT / "content" / "ke-hoach").glob("*.yaml"))
    (content / "ke-hoach").mkdir(exist_ok=True)
    for n in range(plans):
        source = demo[n % len(demo)]
        text = source.read_text("utf-8")
        text = re.sub(r'^number: ".*"$', f'number: "{n + 1}/KH-UBND"', text, flags=re.MULTILINE)
        text = re.sub(r"^topics: .*$", "topics: []", text, flags=re.MULTILINE)
        (content / "ke-hoach" / f"{source.stem}-{n:04d}.yaml").write_text(text, "utf-8")
    return content


def timed(label: str, results: dict[str, float], function):
    started = time.perf_counter()
    value = function()
    results[label] = (time.perf_counter() - started) * 1000
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--plans", type=int, default=300)
    parser.add_argument("--record", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        content = generate(args.pages, args.plans, Path(temp))
        report = Report()
        loaded = load_content(content, report)
        assert not report.has_errors, report.format_text()
        site = assemble_site(loaded, Report(), today=dt.date(2024, 6, 10), drafts=False)
        results: dict[str, float] = {}
        plans = site.plans
        documents = site.documents
        timed("assemble_agencies", results, lambda: assemble_agencies(plans, site.agency_names, Report()))
        timed("assemble_legal", results, lambda: assemble_legal(plans, documents))
        timed("assemble_topics", results, lambda: assemble_topics(site.topics, plans, site.campaigns, site.news))
        timed("collect_events", results, lambda: collect_events(site.campaigns, plans))
        converters = MarkdownConverters()
        fragments = [render_markdown(d.body, converters, None).html for d in documents]
        linker = LegalLinker(site.legal)
        linked = timed("link legal mentions (all pages)", results, lambda: [linker.link_html(f, "../../", d.url) for f, d in zip(fragments, documents)])
        assert sum(f.count('class="legal-ref"') for f in linked) > 0
        timed("render lich.ics", results, lambda: render_ics(site))
    rows = [f"| {label} | {ms:,.1f} | {ms * 1000 / max(1, args.pages + args.plans):,.1f} |" for label, ms in results.items()]
    table = "\n".join(["| step | ms | µs per page |", "|---|---:|---:|", *rows])
    print(f"{args.pages} pages, {args.plans} plans, {len(site.legal.refs)} legal documents, {len(site.agencies)} agencies, {len(site.events)} events")
    print(table)
    if args.record:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        section = "\n".join(
            [
                "<!-- bench_plans:start -->",
                "## Plans as data (agencies, legal references, calendar)",
                "",
                f"{dt.date.today().isoformat()}, commit {commit}, Python {platform.python_version()}, {platform.machine()}; "
                f"{args.pages} pages + {args.plans} plans, one page in ten citing documents. "
                f"Rerun: `python benchmarks/bench_plans.py --pages {args.pages} --plans {args.plans} --record {args.record}`",
                "",
                table,
                "<!-- bench_plans:end -->",
            ]
        )
        text = args.record.read_text("utf-8") if args.record.exists() else "# Benchmarks\n"
        if "<!-- bench_plans:start -->" in text:
            text = re.sub(r"<!-- bench_plans:start -->.*?<!-- bench_plans:end -->", lambda m: section, text, flags=re.DOTALL)
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        args.record.parent.mkdir(parents=True, exist_ok=True)
        args.record.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
