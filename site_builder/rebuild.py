"""Incremental rebuilds for `serve`: reload what changed, re-render what depends on it.

The state keeps every loaded file with its own diagnostics, the last good plan (what
is on disk) and its dependencies. `rebuild(state, changed_paths)` reloads only the
changed files — everything when a registry file changes what references may point
to — re-assembles and re-plans the site (cheap), renders the outputs whose
dependencies changed, and writes each only when its bytes differ. Writes are staged
as temp files beside their targets and moved into place with `os.replace` only when
every render succeeded, so a broken edit leaves the last good site untouched.

Loading mirrors `loaders.load_content`; the "incremental equals full build" tests
guard the two against drifting apart.
"""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import jinja2

from . import loaders
from .dependencies import SITE, changed_citations, changed_record_tokens, dependents_of, index_dependents, media_token, changed_tokens, outputs_to_render, plan_dependencies
from .diagnostics import Diagnostic, Report
from .loaders import Content, allowed_contacts, list_sources, load_file, read_source, scan_personal_data
from .model import Document, MediaFile, Plan, Site, SiteSettings, Hotline, Topic, AgencyName
from .parallel import default_processes, map_slices
from .pipeline import BuildOptions, BuildResult, Planned, plan_content, render_all, template_problem
from .privacy import Allowed
from .publish import create_staging, discard_staging, safe_join, swap_into_place
from .assemble import with_document_views
from .legal import Mention, find_mentions
from .spoken import Glossary
from .render import LATE_KINDS, plan_data_outputs, Output, Renderer, create_cache, create_environment
from .schema import Known

REGISTRY_FILES = ("site.yaml", "hotlines.yaml", "agencies.yaml", "topics.yaml", "spoken.yaml")
TEMP_SUFFIX = ".serve-tmp"


@dataclass(frozen=True)
class Registry:
    """The site-wide files, and what they make known to the record files."""

    settings: SiteSettings
    hotlines: tuple[Hotline, ...]
    topics: tuple[Topic, ...] | None
    agency_names: tuple[AgencyName, ...]
    glossary: dict[str, str]
    known: Known
    allowed: Allowed
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Listing:
    """Which record files exist: (kind, path, slug) jobs, with naming problems."""

    jobs: tuple[tuple[str, Path, str], ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def plan_ids(self) -> frozenset[str]:
        return frozenset(slug for kind, _, slug in self.jobs if kind == "plan")


@dataclass(frozen=True)
class LoadedFile:
    kind: str
    slug: str
    record: Plan | Document | None
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Loaded:
    """Everything read from the content folder, file by file."""

    root: Path
    listing: Listing
    registry: Registry
    files: Mapping[Path, LoadedFile]
    media: tuple[MediaFile, ...]
    media_diagnostics: tuple[Diagnostic, ...]

    def diagnostics(self) -> list[Diagnostic]:
        found = [*self.listing.diagnostics, *self.registry.diagnostics, *self.media_diagnostics]
        for loaded in self.files.values():
            found.extend(loaded.diagnostics)
        return found

    def content(self) -> Content:
        records = [f.record for f in self.files.values() if f.record is not None]
        registry = self.registry
        return Content(
            root=self.root,
            settings=registry.settings,
            hotlines=registry.hotlines,
            topics=registry.topics,
            agency_names=registry.agency_names,
            glossary=registry.glossary,
            plans=tuple(sorted((r for r in records if isinstance(r, Plan)), key=lambda p: p.id)),
            documents=tuple(sorted((r for r in records if isinstance(r, Document)), key=lambda d: (d.kind, d.slug))),
            media=self.media,
        )


class MentionMemo:
    """Legal mentions per text, kept across saves: re-finding them in every body is slow."""

    def __init__(self) -> None:
        self.known: dict[str, list[Mention]] = {}

    def __call__(self, text: str) -> list[Mention]:
        found = self.known.get(text)
        if found is None:
            found = self.known[text] = find_mentions(text)
        return found


class RenderMemo:
    """What renderers of successive saves reuse: the compiled glossary, script-index rows."""

    def __init__(self) -> None:
        self.glossaries: dict[tuple, Glossary] = {}
        self.script_rows: dict[tuple, str] = {}


@dataclass(frozen=True)
class State:
    """What `serve` keeps between saves."""

    options: BuildOptions
    loaded: Loaded
    good: Planned | None  # the plan of the site on disk (the last good build)
    dependencies: Mapping[str, frozenset[str]]
    env: jinja2.Environment
    pending: frozenset[str] = frozenset()  # template/asset/media changes not yet rendered
    diagnostics: tuple[Diagnostic, ...] = ()  # of the latest attempt
    good_loaded: Loaded | None = None  # the loaded files `good` was planned from
    plan_diagnostics: tuple[Diagnostic, ...] = ()  # what planning `good` reported (warnings)
    dependents: Mapping[str, list[str]] = field(default_factory=dict)  # token → output paths
    # "kind:slug" → (seconds, syllables) of every script, so the script index can be
    # re-rendered without composing every script again.
    durations: dict[str, tuple[int, int]] = field(default_factory=dict)
    mentions: "MentionMemo" = field(default_factory=lambda: MentionMemo())
    memo: "RenderMemo" = field(default_factory=lambda: RenderMemo())

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in Report(list(self.diagnostics)).sorted() if d.severity == "error"]


@dataclass
class RebuildResult(BuildResult):
    rendered: int = 0
    pruned: int = 0


# --- loading -----------------------------------------------------------------------------


def list_records(root: Path) -> Listing:
    """The record files of every section, as `load_content` finds them."""
    report = Report()
    jobs: list[tuple[str, Path, str]] = [
        ("plan", path, plan_id) for path, plan_id in loaders._slugs(list_sources(root / "ke-hoach", ".yaml", root, report), report).items()
    ]
    for kind, folder in (("campaign", root / "chien-dich"), ("news", root / "tin-tuc"), ("page", root)):
        for path, slug in loaders._slugs(list_sources(folder, ".md", root, report), report).items():
            if kind == "page" and path.name.lower() == "readme.md":
                continue  # a note for the people editing the folder, not a page
            jobs.append((kind, path, slug))
    return Listing(tuple(jobs), tuple(report.diagnostics))


def load_registry(root: Path, plan_ids: frozenset[str]) -> Registry:
    report = Report()
    written: set[str] = set()
    hotlines = loaders.load_hotlines(root, report, written)
    topics = loaders.load_topics(root, report)
    known = Known(
        hotlines=frozenset(h.number for h in hotlines) | frozenset(written),
        plans=plan_ids,
        topics=frozenset(t.slug for t in topics) if topics is not None else None,
    )
    settings = loaders.load_settings(root, report, known)
    allowed = allowed_contacts(settings, hotlines)
    agency_names = loaders.load_agency_names(root, report)
    glossary = loaders.load_glossary(root, report)
    for name in REGISTRY_FILES:
        if (root / name).is_file():
            source = read_source(root / name, report)
            if source is not None:
                scan_personal_data(source, allowed, report)
    return Registry(settings, hotlines, topics, agency_names, glossary, known, allowed, tuple(report.diagnostics))


def load_files(jobs: Sequence[tuple[str, Path, str]], registry: Registry) -> dict[Path, LoadedFile]:
    """Load record files, in several processes when there are many."""

    def load_part(part: Sequence[tuple[str, Path, str]], is_main: bool) -> list[tuple[Path, LoadedFile]]:
        loaded = []
        for kind, path, slug in part:
            report = Report()
            record = load_file(kind, path, slug, report, registry.known, registry.allowed)
            loaded.append((path, LoadedFile(kind, slug, record, tuple(report.diagnostics))))
        return loaded

    processes = default_processes(len(jobs) // 2)
    return {path: loaded for part in map_slices(load_part, list(jobs), processes) for path, loaded in part}


def load_media(root: Path) -> tuple[tuple[MediaFile, ...], tuple[Diagnostic, ...]]:
    report = Report()
    media = loaders.load_media(root, report)
    return media, tuple(report.diagnostics)


def load_all(root: Path) -> Loaded:
    listing = list_records(root)
    registry = load_registry(root, listing.plan_ids)
    media, media_diagnostics = load_media(root)
    return Loaded(root, listing, registry, load_files(listing.jobs, registry), media, media_diagnostics)


def reload(loaded: Loaded, changed: Iterable[Path]) -> Loaded:
    """`loaded` with the changed content files read again, and only those when possible."""
    root = loaded.root  # absolute (see `start`), so file keys compare as plain paths
    registry_changed = media_changed = listing_changed = False
    modified: set[Path] = set()
    for path in changed:
        absolute = _absolute(path)
        if absolute == root or not _inside(absolute, root):
            continue
        relative = absolute.relative_to(root)
        if len(relative.parts) == 1 and relative.name in REGISTRY_FILES:
            registry_changed = True
        elif relative.parts[0] == "media":
            media_changed = True
        elif absolute in loaded.files and absolute.is_file():
            modified.add(absolute)
        elif relative.suffix in (".md", ".yaml"):
            listing_changed = True  # added, deleted or renamed
        # anything else (an editor's swap file, a folder) is not content
    listing = list_records(loaded.root) if listing_changed else loaded.listing
    registry = loaded.registry
    if registry_changed or listing.plan_ids != loaded.listing.plan_ids:
        registry = load_registry(loaded.root, listing.plan_ids)
    media, media_diagnostics = load_media(loaded.root) if media_changed else (loaded.media, loaded.media_diagnostics)
    if (registry.known, registry.allowed) != (loaded.registry.known, loaded.registry.allowed):
        # What references may point to changed: every file must be checked again.
        files = load_files(listing.jobs, registry)
    elif listing is loaded.listing:
        # The same files as before: read the modified ones again, keep the rest as they are.
        jobs = [(loaded.files[path].kind, path, loaded.files[path].slug) for path in sorted(modified)]
        files = {**loaded.files, **load_files(jobs, registry)}
    else:
        wanted = {path: (kind, slug) for kind, path, slug in listing.jobs}
        stale = [
            (kind, path, slug)
            for path, (kind, slug) in wanted.items()
            if path in modified or path not in loaded.files or (loaded.files[path].kind, loaded.files[path].slug) != (kind, slug)
        ]
        files = {path: loaded.files[path] for path in wanted if path in loaded.files}
        files.update(load_files(stale, registry))
        files = {path: files[path] for path in wanted}  # the listing's order
    return Loaded(loaded.root, listing, registry, files, media, media_diagnostics)


# --- the state and its updates ----------------------------------------------------------------


def start(options: BuildOptions) -> tuple[State, BuildResult]:
    """Load everything and build into `options.out` (staging + swap, like `build`)."""
    started = time.perf_counter()
    # Absolute folders: watcher events arrive as absolute paths and are compared as such.
    options = dataclasses.replace(
        options,
        content=_absolute(options.content),
        out=_absolute(options.out),
        templates=_absolute(options.templates),
        assets=_absolute(options.assets),
    )
    loaded = load_all(options.content)
    env = create_environment(options.templates, options.cache_dir)
    report = Report(loaded.diagnostics())
    result = BuildResult(report)
    planned = plan_content(loaded.content(), options, report)
    state = State(options, loaded, None, {}, env, diagnostics=tuple(report.diagnostics))
    if report.has_errors:
        result.seconds = time.perf_counter() - started
        return state, result
    state, result = _build_all(state, planned, result)
    result.seconds = time.perf_counter() - started
    return state, result


def rebuild(state: State, changed_paths: Iterable[Path]) -> tuple[State, RebuildResult]:
    """Bring `state.options.out` up to date with the changed files; only changed bytes are written."""
    started = time.perf_counter()
    options = state.options
    changed_paths = [_absolute(p) for p in changed_paths]
    pending = set(state.pending) | set(_file_tokens(changed_paths, options))
    env = create_environment(options.templates, options.cache_dir) if SITE in pending else state.env
    loaded = reload(state.loaded, changed_paths)
    report = Report(loaded.diagnostics())
    result = RebuildResult(report)
    quick = None if pending else _edited_in_place(state, loaded, report)
    if quick is not None:
        return _render_edits(state, loaded, *quick, result, started)
    planned = plan_content(loaded.content(), options, report)
    state = dataclasses.replace(state, loaded=loaded, env=env, pending=frozenset(pending), diagnostics=tuple(report.diagnostics))
    if report.has_errors:
        result.seconds = time.perf_counter() - started
        return state, result
    if state.good is None:  # nothing good on disk yet: build it whole
        state, _ = _build_all(state, planned, result)
        result.seconds = time.perf_counter() - started
        return state, result

    renderer = _renderer(planned, env, options, state)
    old = {o.path: o for o in state.good.outputs}
    tokens = changed_tokens(state.good.site, planned.site, renderer.summary_of) | pending
    if planned.assets != state.good.assets:
        tokens.add(SITE)  # every page links the fingerprinted stylesheet
    dependencies = plan_dependencies(planned.site, planned.outputs)
    todo = outputs_to_render(old, planned.outputs, dependencies, tokens)
    staged, problems = _stage(renderer, todo, options)
    report.extend(problems)
    if report.has_errors:
        for relative in staged:
            _remove(safe_join(options.out, relative + TEMP_SUFFIX))
        state = dataclasses.replace(state, diagnostics=tuple(report.diagnostics))
        result.seconds = time.perf_counter() - started
        return state, result
    for relative in staged:
        target = safe_join(options.out, relative)
        os.replace(target.with_name(target.name + TEMP_SUFFIX), target)
    current = {o.path for o in planned.outputs}
    gone = sorted(path for path in old if path not in current)
    for relative in gone:
        _remove(safe_join(options.out, relative))
        _remove_empty_parents(safe_join(options.out, relative).parent, options.out)
    result.planned = planned
    result.rendered, result.written, result.pruned = len(todo), len(staged), len(gone)
    state = _now_good(state, planned, dependencies, loaded, report)
    state = dataclasses.replace(state, durations={**state.durations, **renderer.durations})
    result.seconds = time.perf_counter() - started
    return state, result


def _now_good(state: State, planned: Planned, dependencies: Mapping[str, frozenset[str]], loaded: Loaded, report: Report) -> State:
    file_diagnostics = set(loaded.diagnostics())
    return dataclasses.replace(
        state,
        good=planned,
        good_loaded=loaded,
        dependencies=dependencies,
        dependents=index_dependents(dependencies),
        plan_diagnostics=tuple(d for d in report.diagnostics if d not in file_diagnostics),
        pending=frozenset(),
    )


# --- the quick path: Markdown files edited in place -------------------------------------------

# Fields that decide where a document sits in the site (its URL, its lists' order, whether
# it is shown, which plans its page depends on). An edit that keeps them leaves the output
# plan as it was, so the site is patched instead of assembled and planned again — the
# difference between a few and a few hundred milliseconds on a 10,000-page site.
_PLACEMENT = ("kind", "slug", "source", "date", "start", "end", "draft", "plans")


def _edited_in_place(state: State, loaded: Loaded, report: Report) -> tuple[Site, list[tuple[Document, Document]]] | None:
    """The patched site and the (old, new) documents, when only document bodies and texts changed."""
    previous = state.loaded
    if state.good is None or state.good_loaded is not previous or report.has_errors:
        return None
    if (loaded.listing, loaded.registry, loaded.media) != (previous.listing, previous.registry, previous.media):
        return None
    pairs = []
    for path, now in loaded.files.items():
        before = previous.files[path]
        if now is before:
            continue
        old, new = before.record, now.record
        if not (isinstance(old, Document) and isinstance(new, Document)):
            return None
        if any(getattr(old, name) != getattr(new, name) for name in _PLACEMENT):
            return None
        if new.draft and not state.options.drafts:
            continue  # not on the site before or after
        pairs.append((old, new))
    replacements = {id(old): new for old, new in pairs}
    site = state.good.site

    def patched(records: tuple[Document, ...]) -> tuple[Document, ...]:
        return tuple(replacements.get(id(r), r) for r in records) if replacements else records

    site = dataclasses.replace(site, campaigns=patched(site.campaigns), news=patched(site.news), pages=patched(site.pages))
    site = with_document_views(site, state.mentions)
    if {o.path for o in plan_data_outputs(site)} != {o.path for o in plan_data_outputs(state.good.site)}:
        return None  # the edit cites a new legal document or no longer cites one: plan again
    return site, pairs


def _render_edits(state: State, loaded: Loaded, site: Site, pairs: list[tuple[Document, Document]], result: RebuildResult, started: float) -> tuple[State, RebuildResult]:
    options, good = state.options, state.good
    assert good is not None
    result.report.extend(state.plan_diagnostics)
    planned = Planned(site, good.outputs, good.assets)
    renderer = _renderer(planned, state.env, options, state)
    tokens: set[str] = set()
    for kind in ("campaign", "news", "page"):
        tokens |= changed_record_tokens(kind, [(o, n) for o, n in pairs if n.kind == kind], renderer.summary_of)
    tokens |= changed_citations(good.site, site)
    paths = dependents_of(state.dependents, tokens)
    todo = [o for o in good.outputs if o.path in paths]
    staged, problems = _stage(renderer, todo, options)
    result.report.extend(problems)
    if result.report.has_errors:
        for relative in staged:
            _remove(safe_join(options.out, relative + TEMP_SUFFIX))
        result.seconds = time.perf_counter() - started
        return dataclasses.replace(state, loaded=loaded, diagnostics=tuple(result.report.diagnostics)), result
    for relative in staged:
        target = safe_join(options.out, relative)
        os.replace(target.with_name(target.name + TEMP_SUFFIX), target)
    result.planned = planned
    result.rendered, result.written = len(todo), len(staged)
    state = dataclasses.replace(
        state,
        loaded=loaded,
        good=planned,
        good_loaded=loaded,
        diagnostics=tuple(result.report.diagnostics),
        durations={**state.durations, **renderer.durations},
    )
    result.seconds = time.perf_counter() - started
    return state, result


def _build_all(state: State, planned: Planned, result: BuildResult) -> tuple[State, BuildResult]:
    options = state.options
    staging = create_staging(options.out)
    try:
        durations: dict[str, tuple[int, int]] = {}
        result.report.extend(render_all(planned, staging, options, durations))
        state = dataclasses.replace(state, durations=durations)
        if result.report.has_errors:
            discard_staging(staging)
            return dataclasses.replace(state, diagnostics=tuple(result.report.diagnostics)), result
        swap_into_place(staging, options.out)
    except BaseException:
        discard_staging(staging)
        raise
    result.planned = planned
    result.written = len(planned.outputs)
    dependencies = plan_dependencies(planned.site, planned.outputs)
    return _now_good(state, planned, dependencies, state.loaded, result.report), result


def _renderer(planned: Planned, env: jinja2.Environment, options: BuildOptions, state: State) -> Renderer:
    """A renderer for this save, given what earlier saves computed (durations, glossary, rows)."""
    durations = state.durations
    glossary_key = tuple(sorted(planned.site.glossary.items()))
    cache = create_cache(options.cache_dir, planned.site)
    renderer = Renderer(
        planned.site,
        env=env,
        assets=planned.assets,
        cache=cache,
        audio=options.audio,
        glossary=state.memo.glossaries.get(glossary_key),
        row_memo=state.memo.script_rows,
    )
    state.memo.glossaries = {glossary_key: renderer.glossary}
    known = {f"{d.kind}:{d.slug}" for d in planned.site.documents if d.has_script}
    renderer.durations.update((key, value) for key, value in durations.items() if key in known)
    return renderer


def _file_tokens(paths: Iterable[Path], options: BuildOptions) -> Iterable[str]:
    """Tokens for changes the site model does not see: templates, asset and media bytes."""
    media = options.content / "media"
    for path in paths:
        if _inside(path, options.templates):
            yield SITE
        elif _inside(path, options.assets):
            yield f"asset:{path.relative_to(options.assets).as_posix()}"
        elif _inside(path, media):
            yield media_token(str(path))


def _stage(renderer: Renderer, outputs: Sequence[Output], options: BuildOptions) -> tuple[list[str], list[Diagnostic]]:
    """Render outputs; write a temp file beside each one whose bytes differ from the file on disk."""
    out, assets = options.out, options.assets

    def work(part: Sequence[Output], is_main: bool) -> tuple[list[str], list[Diagnostic]]:
        staged, problems = [], []
        for output in part:
            try:
                if output.kind == "media":
                    data = Path(output.key).read_bytes()
                elif output.kind == "asset":
                    data = (assets / output.key).read_bytes()
                else:
                    data = renderer.render(output)
            except jinja2.TemplateError as exc:
                problems.append(template_problem(exc, output))
                continue
            target = safe_join(out, output.path)
            if _same_bytes(target, data):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(target.name + TEMP_SUFFIX)
            temp.write_bytes(data)
            staged.append(output.path)
        return staged, problems

    early = [o for o in outputs if o.kind not in LATE_KINDS]
    late = [o for o in outputs if o.kind in LATE_KINDS]
    processes = default_processes(len(early)) if len(early) > 200 else 1

    def work_and_report(part: Sequence[Output], is_main: bool) -> tuple[list[str], list[Diagnostic], dict[str, tuple[int, int]]]:
        staged, problems = work(part, is_main)
        renderer.cache.flush()  # before a forked worker hands back its results and exits
        return staged, problems, renderer.durations

    parts = map_slices(work_and_report, early, processes)
    for _, _, durations in parts:
        renderer.durations.update(durations)
    # Summaries of what the others computed (script durations) come last.
    late_staged, late_problems = work(late, True)
    renderer.cache.flush()
    staged = [p for part, _, _ in parts for p in part] + late_staged
    return staged, [d for _, problems, _ in parts for d in problems] + late_problems


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and _inside(folder, root):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty
        folder = folder.parent


def _absolute(path: Path | str) -> Path:
    # abspath, not resolve: no file-system calls, and symlinked folders keep their names.
    return Path(os.path.abspath(path))


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
