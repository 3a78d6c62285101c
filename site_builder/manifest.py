"""What each built file was made from, so an unchanged file is not made again.

Part of the plan phase. Every output gets a digest of everything it is rendered
from: the tokens of `dependencies.plan_dependencies` (the site-wide inputs, the
records it shows, the assets and media it copies), each turned into a hash of the
data behind it, together with the templates, this program's own code and the
versions of the libraries that shape HTML. Equal digests mean equal bytes.

A manifest records, for one built folder, each output's digest, the loudspeaker
scripts' durations (which the script index and the long-script warnings need) and
the size and modification time of every file in it. Two manifests are kept in the
cache folder for each output folder: the *live* one, of the site being served, and
the *recycled* one, of the older site kept for the next build to update (see
`publish`). With them `build`

- does nothing at all when every digest is unchanged and the output folder is
  exactly as the last build left it (a rebuild of unchanged content), and
- otherwise renders only the outputs whose digest differs from the recycled
  site's, leaving that site's other files in place.

The digests are coarser than `serve`'s in-memory comparison (a list page depends
on whole records, bodies included), which only ever re-renders a little more.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import platform
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from .dependencies import ANY, SITE, plan_dependencies, record_token, media_token
from .diagnostics import Diagnostic, Location
from .model import Site
from .render import Output

VERSION = 3
MANIFESTS = "manifests"
# Libraries whose output lands in the built files: a new version may change bytes.
LIBRARIES = ("jinja2", "markdown", "markupsafe", "nh3", "feedgen", "icalendar", "pagefind")
CODE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Manifest:
    digests: Mapping[str, str] = field(default_factory=dict)  # output path → digest of its inputs
    # "kind:slug" → (its script page, seconds, syllables)
    durations: Mapping[str, tuple[str, int, int]] = field(default_factory=dict)
    files: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # every file → (size, mtime_ns)
    # For the quick check (`is_unchanged`): every input file's (size, mtime_ns) when the
    # build began (`stamp`, ns since the epoch), the options, and the warnings reported.
    inputs: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    stamp: int = 0
    options: str = ""
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Reuse:
    """What a build may leave in place in its staging folder (the recycled site)."""

    digests: Mapping[str, str]  # this build's digests
    previous: Manifest  # the staging folder's files as the build found them
    staging: Path

    def unchanged(self, output: Output) -> bool:
        """The staging folder already holds this output's bytes."""
        digest = self.digests.get(output.path)
        if digest is None or self.previous.digests.get(output.path) != digest:
            return False
        return _stat(os.path.join(self.staging, output.path)) == self.previous.files.get(output.path)

    def durations(self) -> dict[str, tuple[int, int]]:
        """Script durations still true: their script page's inputs did not change."""
        return {
            key: (seconds, syllables)
            for key, (path, seconds, syllables) in self.previous.durations.items()
            if path in self.digests and self.previous.digests.get(path) == self.digests[path]
        }


# --- digests ---------------------------------------------------------------------------------


def plan_digests(site: Site, outputs: Iterable[Output], *, salt: str) -> dict[str, str]:
    """Output path → digest of everything its bytes are made from.

    `salt` names the rest: templates, assets, options and code (see `build_salt`).
    """
    outputs = tuple(outputs)
    dependencies = plan_dependencies(site, outputs)
    tokens = _token_digests(site, outputs, salt)
    everything = _hash(sorted(tokens.items()))
    legal_context = _legal_context(site)
    # A plan's page lists what cites it (titles, links), drawn from other records.
    cited = {plan: _hash(repr(ref)) for plan, ref in site.legal.by_plan.items()} if site.legal else {}
    digests = {}
    for output in outputs:
        needs = dependencies[output.path]
        parts = [salt, output.kind, output.key, output.path]
        if ANY in needs:
            parts.append(everything)  # unknown inputs: equal only when nothing changed at all
        parts.extend(tokens.get(token, "") for token in sorted(needs - {ANY}))
        if output.kind in ("campaign", "news", "page"):
            parts.append(legal_context.get(output.path.removesuffix("index.html"), ""))
        elif output.kind == "plan":
            parts.append(cited.get(output.key, ""))
        digests[output.path] = _hash(parts)
    return digests


def build_salt(*, templates: Path, assets: Path, asset_names: Mapping[str, str], options: str) -> str:
    """Everything outside the content folder that shapes the output; `options` is the
    build's options key (search, audio, library versions …)."""
    files = [(str(path.relative_to(folder)), _file_digest(path)) for folder in (templates, assets) for path in _files_under(folder)]
    code = [(path.name, _file_digest(path)) for path in sorted(CODE.glob("*.py"))]
    return _hash([VERSION, files, code, sorted(asset_names.items()), options])


def _token_digests(site: Site, outputs: tuple[Output, ...], salt: str) -> dict[str, str]:
    legal = site.legal
    site_wide = (
        site.settings, site.today, site.hotlines, site.topics, site.agency_names, sorted(site.glossary.items()),
        sorted(site.agency_slug_of.items()),
        # What every page's legal mentions link to.
        (sorted(legal.by_key_issuer.items()), sorted(legal.by_key.items()), sorted((s, r.url) for s, r in legal.by_slug.items()), sorted((p, r.url) for p, r in legal.by_plan.items())) if legal else None,
    )
    tokens = {SITE: _hash([salt, repr(site_wide)])}
    for kind, records in (("plan", site.plans), ("campaign", site.campaigns), ("news", site.news), ("page", site.pages)):
        listed = []
        for record in records:
            digest = _record_digest(record)
            tokens[record_token(record.source.path)] = digest
            listed.append(digest)
        tokens[f"list:{kind}"] = _hash(listed)
    for output in outputs:
        if output.kind == "media":
            tokens[media_token(output.key)] = repr(_stat(Path(output.key)))
        elif output.kind == "asset":
            tokens[f"asset:{output.key}"] = salt  # asset bytes are in the salt
    return tokens


def _legal_context(site: Site) -> dict[str, str]:
    """Page URL → digest of the legal mentions resolved for that page alone."""
    if site.legal is None:
        return {}
    by_page: dict[str, list] = {}
    for (page, key), slug in sorted(site.legal.by_context.items()):
        by_page.setdefault(page, []).append((key, slug))
    return {page: _hash(entries) for page, entries in by_page.items()}


def library_versions() -> list[tuple[str, str]]:
    """Python's and the output-shaping libraries' versions (an upgrade may change bytes)."""
    versions = [("python", platform.python_version())]
    for name in LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, ""))
    return versions


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _file_digest(path: Path) -> str:
    return _digest(path.read_bytes())


def _record_digest(record: object) -> str:
    """Digest of a loaded record's fields.

    Text fields are hashed as they are: `repr` of a page's body is most of the time,
    as it checks every character. Other values by `repr`, not pickle: pickling gives
    every record a __dict__ of its own to keep (Python 3.11 stores attributes without
    one), tens of megabytes at 10,000 pages.
    """
    # Fields left out of repr are derived from the others (a page's links, from its body).
    values = [getattr(record, item.name) for item in dataclasses.fields(record) if item.repr]  # type: ignore[arg-type]
    texts = [value.encode("utf-8") for value in values if isinstance(value, str)]
    # The other values and the texts' lengths first: the texts that follow can be told apart.
    rest = [None if isinstance(value, str) else value for value in values]
    return _digest(repr((rest, [len(text) for text in texts])).encode("utf-8") + b"".join(texts))


def _hash(value: object) -> str:
    return _digest(repr(value).encode("utf-8"))


def _digest(data: bytes) -> str:
    # 128 bits: no accidental collision in any site's lifetime, and a smaller manifest.
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# --- the folders on disk -------------------------------------------------------------------


def stat_outputs(out: Path, paths: Iterable[str], kept: Mapping[str, tuple[int, int]], bundle: str | None) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every file of a built site: those kept from the recycled site
    are known, the rest are looked up; a search bundle's folder is walked."""
    files: dict[str, tuple[int, int]] = {}
    for path in paths:
        status = kept.get(path) or _stat(os.path.join(out, path))
        if status is not None:
            files[path] = status
    if bundle is not None and (out / bundle).is_dir():
        files.update((f"{bundle}/{path}", status) for path, status in snapshot(out / bundle).items())
    return files


def _stat(path: Path | str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder` (relative POSIX path) → (size, mtime_ns); a link is a file."""
    return {relative: (status.st_size, status.st_mtime_ns) for relative, status, _ in _walk(folder)}


def _walk(folder: Path, skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, os.stat_result, bool]]:
    """(relative POSIX path, own stat, is a link) of every file under `folder`; links are
    not followed, and folders named in `skip` are passed over."""
    pending = [(str(folder), "")]
    while pending:
        directory, prefix = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in skip:
                        pending.append((entry.path, prefix + entry.name + "/"))
                else:
                    yield prefix + entry.name, entry.stat(follow_symlinks=False), entry.is_symlink()


# An input written this close to the stamp of the build that read it may carry the
# same modification time as before the edit (coarse file-system clocks): it is not
# trusted, and the build falls back to comparing digests.
RACY_NS = 2_000_000_000


def stat_inputs(folders: Iterable[Path]) -> dict[str, tuple[int, int]] | None:
    """(size, mtime_ns) of every file under the folders; None when a link is met
    (a link's target can change without the link's own times changing)."""
    files: dict[str, tuple[int, int]] = {}
    try:
        for folder in folders:
            if not folder.is_dir():
                continue
            for relative, status, is_link in _walk(folder, skip=frozenset({"__pycache__"})):  # Python rewrites those
                if is_link:
                    return None
                files[f"{folder}/{relative}"] = (status.st_size, status.st_mtime_ns)
    except OSError:
        return None
    return files


def is_unchanged(out: Path, live: Manifest | None, inputs: Mapping[str, tuple[int, int]] | None, options: str) -> bool:
    """Nothing the build reads changed since `live` was built, and the output folder
    is as that build left it: the quick answer, before anything is loaded."""
    if live is None or inputs is None or live.options != options or live.inputs != inputs or not out.is_dir():
        return False
    if any(mtime >= live.stamp - RACY_NS for _, mtime in inputs.values()):
        return False
    try:
        return snapshot(out) == live.files
    except OSError:
        return False


def is_current(out: Path, live: Manifest | None, digests: Mapping[str, str]) -> bool:
    """The output folder is exactly what these digests would build."""
    if live is None or not out.is_dir() or live.digests != digests:
        return False
    try:
        return snapshot(out) == live.files
    except OSError:
        return False


@dataclass(frozen=True)
class ManifestPaths:
    live: Path  # of the output folder
    quick: Path  # the live manifest's part for the quick check
    recycled: Path  # of the older site kept in the cache for the next build


def manifest_paths(cache_dir: Path | None, out: Path) -> ManifestPaths | None:
    """Where the manifests of an output folder are kept (nowhere without a cache folder)."""
    if cache_dir is None:
        return None
    key = hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()[:16]
    folder = cache_dir / MANIFESTS
    return ManifestPaths(folder / f"{key}.live.json", folder / f"{key}.quick.json", folder / f"{key}.recycled.json")


def _duration(value: list) -> tuple[str, int, int]:
    path, seconds, syllables = value
    if not (isinstance(seconds, int) and isinstance(syllables, int)):
        raise TypeError("duration")
    return (str(path), seconds, syllables)


def retire_manifest(manifests: "ManifestPaths") -> None:
    """The live site was just retired to the recycle folder: so goes its manifest."""
    try:
        os.replace(manifests.live, manifests.recycled)
    except OSError:
        forget(manifests.recycled)


UNREADABLE = (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError)


def read_manifest(path: Path, *, quick: Path | None = None) -> Manifest | None:
    """The manifest at `path` (None when it cannot be read); with `quick`, also what the
    quick check needs, kept apart as only that check reads it (the warnings alone can be
    megabytes). A part that cannot be read counts as absent: slower, never wrong."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("version") != VERSION:
            return None
        manifest = Manifest(
            digests=data["digests"],
            # Values are taken as JSON gives them (lists of the right length become
            # tuples): a wrong type only makes a comparison fail, and the file is rebuilt.
            durations={k: _duration(v) for k, v in data["durations"].items()},
            files={k: tuple(v) for k, v in data["files"].items()},
        )
    except UNREADABLE:
        return None
    if quick is None:
        return manifest
    try:
        extra = json.loads(quick.read_text("utf-8"))
        if extra.get("version") != VERSION or extra.get("stamp") != data.get("stamp"):
            return manifest  # not written together: no quick answer
        return dataclasses.replace(
            manifest,
            inputs={k: tuple(v) for k, v in extra["inputs"].items()},
            stamp=int(extra["stamp"]),
            options=str(extra["options"]),
            warnings=tuple(_diagnostic_from_json(d) for d in extra["warnings"]),
        )
    except UNREADABLE:
        return manifest


def write_manifest(path: Path, manifest: Manifest, *, quick: Path | None = None) -> None:
    """Write a manifest (and, given `quick`, the quick check's part beside it)."""
    if quick is not None:
        forget(quick)  # never paired with another build's manifest
    _write_json(path, {"version": VERSION, "stamp": manifest.stamp, "digests": manifest.digests, "durations": manifest.durations, "files": manifest.files})
    if quick is not None:
        _write_json(quick, {
            "version": VERSION, "stamp": manifest.stamp, "inputs": manifest.inputs, "options": manifest.options,
            "warnings": [_diagnostic_to_json(d) for d in manifest.warnings],
        })


def _write_json(path: Path, data: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
        os.replace(temp, path)
    except OSError:
        pass  # without a manifest the next build renders everything: slower, never wrong


def _diagnostic_to_json(diagnostic: Diagnostic) -> list:
    location = diagnostic.location
    return [location.path, location.line, location.column, diagnostic.severity, diagnostic.code, diagnostic.vi, diagnostic.en]


def _diagnostic_from_json(data: list) -> Diagnostic:
    path, line, column, severity, code, vi, en = data
    if severity != "warning":  # a build that recorded a manifest reported no error
        raise ValueError(severity)
    return Diagnostic(Location(str(path), int(line), int(column)), severity, str(code), str(vi), str(en))


def forget(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def script_durations(outputs: Iterable[Output], durations: Mapping[str, tuple[int, int]]) -> dict[str, tuple[str, int, int]]:
    """Durations to record, each with the script page it was measured for."""
    return {
        output.key: (output.path, *durations[output.key])
        for output in outputs
        if output.kind == "script_page" and output.key in durations
    }
