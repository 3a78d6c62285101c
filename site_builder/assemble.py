"""Loaded records → one cross-checked `Site`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Callable

from .agencies import assemble_agencies
from .calendar import collect_events
from .diagnostics import Report
from .legal import Mention, assemble_legal
from .loaders import Content
from .model import Site
from .topics import assemble_topics


def assemble_site(content: Content, report: Report, *, today: dt.date, drafts: bool) -> Site:
    """Drop drafts (unless asked for), order every list the way pages show it."""
    documents = [d for d in content.documents if drafts or not d.draft]
    campaigns = sorted((d for d in documents if d.kind == "campaign"), key=lambda d: (d.start, d.slug), reverse=True)
    news = sorted((d for d in documents if d.kind == "news"), key=lambda d: (d.date, d.slug), reverse=True)
    pages = sorted((d for d in documents if d.kind == "page"), key=lambda d: d.slug)
    plans = sorted(content.plans, key=lambda p: (-p.year, p.id))
    # Plans as data: computed once here, so page handlers only look things up.
    agencies = assemble_agencies(plans, content.agency_names, report)
    site = Site(
        settings=content.settings,
        today=today,
        hotlines=content.hotlines,
        topics=content.topics or (),
        agency_names=content.agency_names,
        plans=tuple(plans),
        campaigns=tuple(campaigns),
        news=tuple(news),
        pages=tuple(pages),
        media=content.media,
        glossary=content.glossary,
        agencies=agencies.all,
        agency_by_slug=agencies.by_slug,
        agency_slug_of=agencies.slug_of,
    )
    return with_document_views(site)


def with_document_views(site: Site, mentions_of: Callable[[str], list[Mention]] | None = None) -> Site:
    """The site with what is computed from its documents' texts: legal references,
    topic lists, calendar events. `serve` calls it again after patching a document."""
    documents = site.campaigns + site.news + site.pages
    return dataclasses.replace(
        site,
        legal=assemble_legal(site.plans, documents, mentions_of),
        topic_pages=assemble_topics(site.topics, site.plans, site.campaigns, site.news),
        events=collect_events(site.campaigns, site.plans),
    )
