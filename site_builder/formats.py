"""Machine-readable outputs, one function each: Atom feed, sitemap, robots.txt."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Callable, Iterable
from xml.sax.saxutils import escape


from .model import Document, Site

VIETNAM = dt.timezone(dt.timedelta(hours=7))
FEED_SIZE = 30


def _site_url(site: Site, path: str) -> str:
    settings = site.settings
    return (settings.absolute_base or settings.base_path) + path


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=VIETNAM)


def _entry_id(site: Site, path: str) -> str:
    """An absolute URL where we have one; otherwise a stable name-based URN."""
    if site.settings.absolute_base:
        return _site_url(site, path)
    return uuid.uuid5(uuid.NAMESPACE_URL, site.settings.title + "/" + path).urn


def render_feed(site: Site, summary_of: Callable[[Document], str]) -> bytes:
    """Atom feed of the latest news and campaigns, newest first."""
    from feedgen.feed import FeedGenerator  # imported when used, as icalendar (see calendar.py)

    items = sorted(site.news + site.campaigns, key=lambda d: (d.date, d.url), reverse=True)[:FEED_SIZE]
    feed = FeedGenerator()
    feed.id(_entry_id(site, ""))
    feed.title(site.settings.title)
    feed.language(site.settings.language)
    feed.link(href=_site_url(site, ""), rel="alternate")
    feed.link(href=_site_url(site, "feed.xml"), rel="self")
    feed.generator("Cổng thông tin site-builder")
    feed.updated(_stamp(max((d.date for d in items), default=site.today)))
    for document in reversed(items):  # feedgen prepends each new entry
        entry = feed.add_entry()
        entry.id(_entry_id(site, document.url))
        entry.title(document.title)
        entry.link(href=_site_url(site, document.url))
        entry.updated(_stamp(document.date))
        entry.summary(summary_of(document))
    return feed.atom_str(pretty=True)


def render_sitemap(site: Site, paths: Iterable[str]) -> bytes:
    lastmod = {d.url: d.date for d in site.documents if d.date}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in paths:
        lines.append(f"  <url><loc>{escape(_site_url(site, path))}</loc>" + (f"<lastmod>{lastmod[path].isoformat()}</lastmod>" if path in lastmod else "") + "</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def render_robots(site: Site) -> bytes:
    # The Sitemap directive must be an absolute URL; without one, crawlers find /sitemap.xml anyway.
    absolute = site.settings.absolute_base
    sitemap = f"Sitemap: {absolute}sitemap.xml\n" if absolute else ""
    return f"User-agent: *\nAllow: /\n{sitemap}".encode("utf-8")


def render_manifest(site: Site, assets: dict[str, str]) -> bytes:
    """Web app manifest: lets a parent add the portal to the home screen."""
    manifest = {
        "name": site.settings.title,
        "short_name": site.settings.locality or site.settings.title[:12],
        "lang": site.settings.language,
        "start_url": "./",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#8a1538",
        "icons": [{"src": assets["favicon.svg"], "sizes": "any", "type": "image/svg+xml"}],
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
