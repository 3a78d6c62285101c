"""The build as a readable sequence: load → assemble → plan → render → publish.

`check` is the first half of `build`: it runs every validation without writing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import jinja2

from .assemble import assemble_site
from .audio import AudioTools
from .diagnostics import Diagnostic, Location, Report, display_path
from .gate import check_publishable
from .loaders import Content, load_content, today_from_environment
from .manifest import (
    CODE,
    Manifest,
    ManifestPaths,
    Reuse,
    build_salt,
    forget,
    is_current,
    is_unchanged,
    library_versions,
    manifest_paths,
    plan_digests,
    read_manifest,
    retire_manifest,
    script_durations,
    stat_inputs,
    stat_outputs,
    write_manifest,
)
from .model import Site
from .parallel import default_processes, map_slices
from .publish import copy_file, create_staging, discard_staging, ensure_folder, prune, prune_listed, recover_leftovers, recycle_folder, safe_join, swap_into_place, write_file
from .render import (
    ASSETS,
    LATE_KINDS,
    TEMPLATES,
    Output,
    Renderer,
    asset_names,
    create_cache,
    create_environment,
    long_script_warnings,
    plan_outputs,
)
from .search import BUNDLE, build_search_index


@dataclass(frozen=True)
class BuildOptions:
    content: Path = Path("content")
    out: Path = Path("public")
    base_url: str | None = None
    today: dt.date | None = None
    drafts: bool = False
    search: bool = True
    quiet: bool = False
    progress: bool = False
    cache_dir: Path | None = None
    processes: int | None = None
    audio: AudioTools | None = None  # machine-voice previews of scripts (`--audio`)
    templates: Path = TEMPLATES
    assets: Path = ASSETS


@dataclass(frozen=True)
class Planned:
    """What `check` knows: the assembled site and every file it would write."""

    site: Site
    outputs: tuple[Output, ...]
    assets: dict[str, str]


@dataclass
class BuildResult:
    report: Report
    planned: Planned | None = None
    written: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    rendered: int = 0  # outputs rendered this time (the others were already in place)
    unchanged: bool = False  # nothing to do: the output folder already was this site

    @property
    def ok(self) -> bool:
        return not self.report.has_errors


def default_cache_dir() -> Path:
    """Shared by all sites: entries are keyed by content, so sharing is safe."""
    override = os.environ.get("SITE_BUILDER_CACHE")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "site-builder"


def check(options: BuildOptions, report: Report, *, scripts: bool = True) -> Planned | None:
    """Load, assemble and plan the site; every problem goes to `report`.

    With `scripts`, loudspeaker scripts are composed too (from the cache when it can),
    so that overlong ones are reported; `build` reports them while rendering instead.
    """
    if not options.content.is_dir():
        report.error(
            Location(display_path(options.content)),
            "content-missing",
            "Không tìm thấy thư mục nội dung. Dùng --content để chỉ đúng thư mục.",
            "The content folder does not exist. Use --content to point to it.",
        )
        return None
    planned = plan_content(load_content(options.content, report), options, report)
    if scripts and not report.has_errors:
        report.extend(check_scripts(planned, options))
    return planned


def plan_content(content: Content, options: BuildOptions, report: Report) -> Planned:
    """Assemble and plan loaded content (shared by `check` and `serve`'s rebuilds)."""
    if options.base_url is not None:
        content = dataclasses.replace(content, settings=dataclasses.replace(content.settings, base_url=options.base_url))
    if not content.settings.absolute_base:
        report.warning(
            Location(display_path(options.content / "site.yaml")),
            "base-url-relative",
            "base_url không phải địa chỉ tuyệt đối (https://…): sơ đồ trang, nguồn tin và liên kết chuẩn sẽ dùng đường dẫn tương đối, mà công cụ tìm kiếm cần địa chỉ tuyệt đối.",
            "base_url is not absolute (https://…): the sitemap, feed and canonical links use root-relative paths, but search engines need an absolute base_url.",
        )
    site = assemble_site(content, report, today=today_from_environment(options.today), drafts=options.drafts)
    assets = asset_names(options.assets)
    outputs = plan_outputs(site, report, assets, audio_suffix=options.audio.suffix if options.audio else None)
    check_publishable(site, (o.path for o in outputs), report)
    return Planned(site, outputs, assets)


def check_scripts(planned: Planned, options: BuildOptions) -> list[Diagnostic]:
    site = planned.site
    cache = create_cache(options.cache_dir, site, writable=False)
    renderer = Renderer(site, env=create_environment(options.templates), assets=planned.assets, cache=cache)
    scripted = [d for d in site.documents if d.has_script]

    def work(part: Sequence, is_main: bool) -> dict[str, tuple[int, int]]:
        for document in part:
            renderer.script(document)
        return renderer.durations

    lengths: dict[str, tuple[int, int]] = {}
    for part in map_slices(work, scripted, options.processes or default_processes(len(scripted))):
        lengths.update(part)
    return long_script_warnings(site, lengths)


def build(options: BuildOptions) -> BuildResult:
    """Check, render what changed into a staging folder, then swap it into place."""
    started = time.perf_counter()
    report = Report()
    result = BuildResult(report)
    manifests = manifest_paths(options.cache_dir, options.out)
    if manifests is None:  # no cache folder: nothing is remembered between builds
        planned = check(options, report, scripts=False)
        result.timings["load"] = time.perf_counter() - started
        if planned is not None and not report.has_errors:
            result.planned = planned
            publish_site(planned, options, report, result, manifests=None, recycle=None, previous=None, digests=None)
        result.seconds = time.perf_counter() - started
        return result

    live = read_manifest(manifests.live, quick=manifests.quick)
    seen = Seen(stat_inputs(input_folders(options)), time.time_ns(), options_key(options))
    if is_unchanged(options.out, live, seen.inputs, seen.options):
        # No file the build reads changed since the output folder was built.
        assert live is not None
        report.extend(live.warnings)
        return finish_unchanged(result, options, started)
    recycle = recycle_folder(options.out, options.cache_dir)
    # Read before the site is loaded: parsing it then adds less to the peak memory.
    previous = read_manifest(manifests.recycled) if recycle is not None and recycle.is_dir() else None

    planned = check(options, report, scripts=False)
    result.timings["load"] = time.perf_counter() - started
    if planned is None or report.has_errors:
        result.seconds = time.perf_counter() - started
        return result
    result.planned = planned
    digests = plan_digests(planned.site, planned.outputs, salt=salt_of(planned, options, seen))
    if is_current(options.out, live, digests):
        # Files were touched or rewritten, but the site they make is the one in place.
        assert live is not None
        report.extend(long_script_warnings(planned.site, {key: (seconds, syllables) for key, (_, seconds, syllables) in live.durations.items()}))
        write_manifest(manifests.live, seen.stamped(live, report), quick=manifests.quick)
        return finish_unchanged(result, options, started)
    had_live, live = live is not None, None  # only whether there was one matters now: free it

    built = publish_site(planned, options, report, result, manifests, recycle, previous, digests)
    if built is not None:
        record_manifests(manifests, recycle, had_live, seen.stamped(built, report))
    result.seconds = time.perf_counter() - started
    return result


@dataclass(frozen=True)
class Seen:
    """The inputs as a build found them before reading any: for the next build's quick check."""

    inputs: dict[str, tuple[int, int]] | None  # every input file → (size, mtime_ns); None: not to be trusted
    stamp: int  # when they were looked at (ns since the epoch)
    options: str  # `options_key`

    def stamped(self, manifest: Manifest, report: Report) -> Manifest:
        """`manifest` with what the quick check of the next build compares, and this build's warnings."""
        return dataclasses.replace(manifest, inputs=self.inputs or {}, stamp=self.stamp, options=self.options, warnings=tuple(report.diagnostics))


def publish_site(
    planned: Planned,
    options: BuildOptions,
    report: Report,
    result: BuildResult,
    manifests: ManifestPaths | None,
    recycle: Path | None,
    previous: Manifest | None,
    digests: dict[str, str] | None,
) -> Manifest | None:
    """Render what changed into a staging folder (the recycled site, when there is one),
    index it, swap it into place; the manifest of what was published (None on errors, or
    without `digests`: with no cache folder nothing is recorded)."""
    recycled = recycle is not None and recycle.is_dir()
    if not recycled or digests is None:
        previous = None
    if manifests:
        forget(manifests.recycled)  # the staging folder made from that site is about to change
    staging = create_staging(options.out, recycle)
    # The recycled site's files whose inputs did not change stay as they are.
    reuse = Reuse(digests, previous, staging) if previous is not None and digests is not None else None
    todo = [o for o in planned.outputs if reuse is None or not reuse.unchanged(o)]
    durations: dict[str, tuple[int, int]] = reuse.durations() if reuse else {}
    rendered = {o.path for o in todo}
    kept = {o.path: previous.files[o.path] for o in planned.outputs if o.path not in rendered} if previous else {}
    listed = previous is not None  # the recycled site's manifest says what it holds
    stale = set(previous.files) - {o.path for o in planned.outputs} if previous else set()
    reuse = previous = None  # no longer needed: free it
    try:
        rendered_at = time.perf_counter()
        report.extend(render_all(planned, staging, options, durations, only=todo, fresh=not recycled))
        if listed:
            prune_listed(staging, stale)
        elif recycled:  # no manifest: look at every file (a new staging folder holds only what was written)
            prune(staging, {o.path for o in planned.outputs})
        result.timings["render"] = time.perf_counter() - rendered_at
        if options.search and not report.has_errors:
            indexed_at = time.perf_counter()
            report.extend(build_search_index(staging, (o.path for o in planned.outputs), planned.site.hotlines, out=options.out, processes=options.processes))
            result.timings["search"] = time.perf_counter() - indexed_at
        if report.has_errors:
            discard_staging(staging, recycle)
            return None
        swap_into_place(staging, options.out, recycle)
    except BaseException:
        discard_staging(staging, recycle)
        raise
    result.written = len(planned.outputs)
    result.rendered = len(todo)
    if digests is None:
        return None
    files = stat_outputs(options.out, (o.path for o in planned.outputs), kept, BUNDLE if options.search else None)
    return Manifest(digests, script_durations(planned.outputs, durations), files=files)


def finish_unchanged(result: BuildResult, options: BuildOptions, started: float) -> BuildResult:
    recover_leftovers(options.out)  # what a killed build left beside the site still goes
    result.unchanged = True
    result.seconds = time.perf_counter() - started
    return result


def input_folders(options: BuildOptions) -> tuple[Path, ...]:
    """Every folder whose files a build reads: content, templates, assets, this program."""
    return (options.content, options.templates, options.assets, CODE)


def options_key(options: BuildOptions) -> str:
    """The options that shape the output, as resolved for this run (today included)."""
    return repr((
        str(options.content.resolve()), str(options.out.resolve()), options.base_url,
        today_from_environment(options.today).isoformat(), options.drafts, options.search, repr(options.audio),
        str(options.templates.resolve()), str(options.assets.resolve()), library_versions(),
    ))


def salt_of(planned: Planned, options: BuildOptions, seen: Seen) -> str:
    """Digest of what shapes the output besides the content: templates, assets, options, code."""
    return build_salt(templates=options.templates, assets=options.assets, asset_names=planned.assets, options=seen.options)


def record_manifests(manifests: ManifestPaths, recycle: Path | None, had_live: bool, built: Manifest) -> None:
    """After a swap: the new site's manifest is live; the retired site's goes with it to the recycle folder."""
    if had_live and recycle is not None and recycle.is_dir():
        retire_manifest(manifests)
    write_manifest(manifests.live, built, quick=manifests.quick)


def render_all(
    planned: Planned,
    staging: Path,
    options: BuildOptions,
    durations: dict[str, tuple[int, int]] | None = None,
    *,
    only: Sequence[Output] | None = None,
    fresh: bool = False,
) -> list[Diagnostic]:
    """Render and write every output (or `only` those), in several processes for large sites.

    Outputs of one record (a page, its script page and script text) stay together
    in one worker, so what they share is computed once. Summary outputs (LATE_KINDS)
    are rendered last, from what the workers report. `durations` brings in the script
    durations already known (of scripts not rendered again) and takes out all of them.
    `fresh`: the staging folder is new, so no file there is to be compared or replaced.
    """
    site = planned.site
    renderer = Renderer(
        site,
        env=create_environment(options.templates, options.cache_dir),
        assets=planned.assets,
        cache=create_cache(options.cache_dir, site),
        audio=options.audio,
    )
    if durations:
        renderer.durations.update(durations)
    outputs = planned.outputs if only is None else only
    early = [o for o in outputs if o.kind not in LATE_KINDS]
    late = [o for o in outputs if o.kind in LATE_KINDS]
    groups = group_outputs(early)
    processes = options.processes or default_processes(len(groups))
    progress = _progress(len(outputs)) if options.progress and outputs else None

    def work(part: Sequence[list[Output]], is_main: bool) -> tuple[list[Diagnostic], dict[str, int]]:
        problems: list[Diagnostic] = []
        # Each worker makes the folders of its own outputs: creating files and
        # folders is a large share of a cold build on slow disks, so it is shared too.
        for folder in sorted({o.path.rpartition("/")[0] for group in part for o in group} - {""}):
            ensure_folder(staging, folder)
        for group in part:
            for output in group:
                problems.extend(write_output(renderer, output, staging, options.assets, fresh=fresh))
            if is_main and progress is not None:
                progress.update(len(group) * processes)
        renderer.cache.flush()  # before a forked worker hands back its results and exits
        return problems, renderer.durations

    try:
        problems: list[Diagnostic] = []
        for part_problems, part_durations in map_slices(work, groups, processes):
            problems.extend(part_problems)
            renderer.durations.update(part_durations)
        problems.extend(long_script_warnings(site, renderer.durations))
        if durations is not None:  # `serve` keeps them to re-render the script index alone
            durations.update(renderer.durations)
        for output in late:
            ensure_folder(staging, output.path.rpartition("/")[0] or ".")
            problems.extend(write_output(renderer, output, staging, options.assets, fresh=fresh))
        renderer.cache.flush()
        renderer.cache.prune()
        return problems
    finally:
        if progress is not None:
            progress.close()


def group_outputs(outputs: Sequence[Output]) -> list[list[Output]]:
    """Outputs that show the same record, together, in plan order."""
    groups: dict[tuple[str, str], list[Output]] = {}
    for output in outputs:
        record = output.key.rpartition(":")[2] if output.kind.startswith("script_") else output.key
        kind = output.key.partition(":")[0] if output.kind.startswith("script_") else output.kind
        groups.setdefault((kind, record) if record else (output.kind, output.path), []).append(output)
    return list(groups.values())


def write_output(renderer: Renderer, output: Output, staging: Path, assets: Path, *, fresh: bool = False) -> list[Diagnostic]:
    """Render one output into the staging folder; template mistakes become located errors."""
    try:
        if output.kind == "media":
            copy_file(staging, output.path, output.key)
        elif output.kind == "asset":
            copy_file(staging, output.path, str(assets / output.key))
        else:
            write_file(staging, output.path, renderer.render(output), fresh=fresh)
    except jinja2.TemplateError as exc:
        return [template_problem(exc, output)]
    return []


def template_problem(exc: jinja2.TemplateError, output: Output) -> Diagnostic:
    """Point at the template line that failed (Jinja keeps template frames in tracebacks)."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename is None:
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith((".html", ".xml", ".txt")):
                filename, line = name, tb.tb_lineno
            tb = tb.tb_next
    location = Location(display_path(Path(filename)) if filename else "templates", line or 1, 1)
    return Diagnostic(
        location,
        "error",
        "template",
        f"Lỗi mẫu trang khi dựng /{output.path}: {exc}",
        f"Template error while rendering /{output.path}: {exc}",
    )


def _progress(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="tệp", desc="Dựng trang", file=sys.stderr, leave=False)
