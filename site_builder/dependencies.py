"""What each output is made from, and what changed between two versions of a site.

Part of the plan phase, used by `serve`: each `Output` gets a set of dependency
tokens, and a change between two `Site`s becomes a set of changed tokens; an output
is re-rendered when the two meet. The tokens are:

- `site`: settings, hotlines, topics, agencies, glossary, today, templates and the
  asset names every page links to — a change re-renders everything;
- `record:<source path>`: one plan or Markdown file's record;
- `list:<kind>`: the listing of a kind (`campaign`, `news`, `page`, `plan`): which
  records exist and what lists show of them (everything but the body, plus the
  summary drawn from it);
- `asset:<name>`, `media:<source path>`: one copied file;
- `*` (only on the output side): depends on anything; the safe default for an
  output kind this table does not know yet.

A page template that starts showing more of other records (say, a plan page
listing the campaigns that cite it) must add the matching token here; the
"incremental equals full build" tests are there to catch a forgotten one.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Callable, Iterable, Mapping

from .model import Document, Plan, Site
from .render import Output

ANY = "*"
SITE = "site"
KINDS = ("campaign", "news", "page", "plan")

# Outputs that show no record of their own, by kind.
_AGGREGATES: dict[str, frozenset[str]] = {
    "home": frozenset({SITE, "list:campaign", "list:news", "list:plan"}),
    "not_found": frozenset({SITE}),
    "campaign_index": frozenset({SITE, "list:campaign"}),
    "news_index": frozenset({SITE, "list:news"}),
    "plan_index": frozenset({SITE, "list:plan"}),
    "hotlines": frozenset({SITE}),
    "search": frozenset({SITE}),
    "feed": frozenset({SITE, "list:campaign", "list:news"}),
    "sitemap": frozenset({SITE, "list:campaign", "list:news", "list:page", "list:plan"}),
    "robots": frozenset({SITE}),
    "manifest": frozenset({SITE}),
    # Plans as data: built from plans (and campaigns for the calendar, everything for topics).
    "agency_index": frozenset({SITE, "list:plan"}),
    "agency": frozenset({SITE, "list:plan"}),
    "targets": frozenset({SITE, "list:plan"}),
    "calendar": frozenset({SITE, "list:plan", "list:campaign"}),
    "calendar_file": frozenset({SITE, "list:plan", "list:campaign"}),
    "topic_index": frozenset({SITE, "list:plan", "list:campaign", "list:news"}),
    "topic": frozenset({SITE, "list:plan", "list:campaign", "list:news"}),
}


def media_token(source_path: str) -> str:
    return f"media:{os.path.abspath(source_path)}"


def record_token(path: str) -> str:
    return f"record:{path}"


def plan_dependencies(site: Site, outputs: Iterable[Output]) -> dict[str, frozenset[str]]:
    """Output path → the tokens it depends on."""
    plan_sources = {p.id: p.source.path for p in site.plans}
    documents = {(d.kind, d.slug): d for d in site.documents}
    dependencies: dict[str, frozenset[str]] = {}
    for output in outputs:
        if output.kind in _AGGREGATES:
            tokens = _AGGREGATES[output.kind]
        elif output.kind in ("campaign", "news", "page"):
            document = documents[(output.kind, output.key)]
            # A document page shows the title and link of each plan it cites.
            linked = (record_token(plan_sources[p]) for p in document.plans if p in plan_sources)
            tokens = frozenset({SITE, record_token(document.source.path), *linked})
        elif output.kind == "script_index":
            # Lists every script with its duration, which any scripted body changes.
            scripted = (record_token(d.source.path) for d in documents.values() if d.has_script)
            tokens = frozenset({SITE, "list:campaign", "list:news", *scripted})
        elif output.kind == "asset":
            tokens = frozenset({f"asset:{output.key}"})
        elif output.kind == "media":
            tokens = frozenset({media_token(output.key)})
        elif output.source is not None:
            # An unknown kind made from one file: that file and the site-wide inputs.
            tokens = frozenset({SITE, record_token(output.source.path)})
        else:
            tokens = frozenset({ANY})
        dependencies[output.path] = tokens
    return dependencies


def changed_tokens(old: Site, new: Site, summary_of: Callable[[Document], str]) -> set[str]:
    """Tokens whose inputs differ between two assembled sites (assets and templates aside)."""
    changed: set[str] = changed_citations(old, new)
    if _site_wide(old) != _site_wide(new):
        changed.add(SITE)
    for kind in KINDS:
        before, after = _records(old, kind), _records(new, kind)
        # Unchanged files keep their record objects, so identity settles almost every comparison.
        differing = {path for path in before.keys() | after.keys() if before.get(path) is not after.get(path) and before.get(path) != after.get(path)}
        if before.keys() != after.keys():
            changed.update(record_token(path) for path in differing)
            changed.add(f"list:{kind}")
        else:
            changed.update(changed_record_tokens(kind, [(before[path], after[path]) for path in differing], summary_of))
    return changed


def changed_citations(old: Site, new: Site) -> set[str]:
    """The record tokens of plans whose list of citing pages changed: a plan's page shows
    that list (titles and links of other records), so it counts as the plan changing."""
    before = old.legal.by_plan if old.legal else {}
    after = new.legal.by_plan if new.legal else {}
    sources = {p.id: p.source.path for p in new.plans}
    return {record_token(sources[plan]) for plan in before.keys() | after.keys() if plan in sources and before.get(plan) != after.get(plan)}


def changed_record_tokens(kind: str, pairs: Iterable[tuple[Plan | Document, Plan | Document]], summary_of: Callable[[Document], str]) -> set[str]:
    """Tokens for records of one kind edited in place (same file, both versions on the site)."""
    changed: set[str] = set()
    for before, after in pairs:
        if before == after:
            continue
        changed.add(record_token(after.source.path))
        if _listing_view(before, summary_of) != _listing_view(after, summary_of):
            changed.add(f"list:{kind}")
    return changed


def index_dependents(dependencies: Mapping[str, frozenset[str]]) -> dict[str, list[str]]:
    """Token → the output paths that depend on it (the inverse of `plan_dependencies`)."""
    dependents: dict[str, list[str]] = {}
    for path, tokens in dependencies.items():
        for token in tokens:
            dependents.setdefault(token, []).append(path)
    return dependents


def dependents_of(dependents: Mapping[str, list[str]], changed: set[str]) -> set[str]:
    paths = {path for token in changed for path in dependents.get(token, ())}
    if changed:
        paths.update(dependents.get(ANY, ()))
    return paths


def outputs_to_render(
    old: Mapping[str, Output],
    outputs: Iterable[Output],
    dependencies: Mapping[str, frozenset[str]],
    changed: set[str],
) -> list[Output]:
    """New or altered outputs, and those whose dependencies changed."""
    return [
        output
        for output in outputs
        if old.get(output.path) != output
        or (changed and ANY in dependencies[output.path])
        or not changed.isdisjoint(dependencies[output.path])
    ]


def _site_wide(site: Site) -> tuple:
    return (site.settings, site.today, site.hotlines, site.topics, site.agency_names, tuple(sorted(site.glossary.items())))


def _records(site: Site, kind: str) -> dict[str, Plan | Document]:
    records: Iterable[Plan | Document] = {"plan": site.plans, "campaign": site.campaigns, "news": site.news, "page": site.pages}[kind]
    return {r.source.path: r for r in records}


def _listing_view(record: Plan | Document, summary_of: Callable[[Document], str]) -> object:
    """What list pages show of a record: a document without its body, plus its summary."""
    if isinstance(record, Plan):
        return record
    return (dataclasses.replace(record, body="", body_line=0, links=None), summary_of(record))
