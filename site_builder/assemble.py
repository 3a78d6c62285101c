"""Loaded records → one cross-checked `Site`."""

from __future__ import annotations

import datetime as dt

from .agencies import assemble_agencies
from .calendar import collect_events
from .diagnostics import Report
from .legal import assemble_legal
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
    legal = assemble_legal(tuple(plans), campaigns + news + pages)
    topic_pages = assemble_topics(content.topics or (), plans, campaigns, news)
    events = collect_events(tuple(campaigns), tuple(plans))
    return Site(
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
        legal=legal,
        topic_pages=topic_pages,
        events=events,
    )
