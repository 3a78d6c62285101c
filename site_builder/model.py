"""Typed, frozen domain objects and the assembly of the whole `Site`.

Loaders produce these records from files; `assemble_site` cross-links them (agencies
across plans, URLs) and checks what only the whole site can show (two files on one URL).
Nothing here reads files or renders HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from .diagnostics import Location

if TYPE_CHECKING:  # computed by their own modules at assembly; only named here
    from .agencies import Agency
    from .calendar import CalendarEvent
    from .legal import LegalIndex
    from .links import Link
    from .topics import TopicPage


@dataclass(frozen=True)
class OfficialContacts:
    emails: tuple[str, ...] = ()
    email_domains: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


@dataclass(frozen=True)
class BroadcastSettings:
    station: str = "Đài truyền thanh phường"
    words_per_minute: int = 130
    opening: str | None = None
    closing: str | None = None


@dataclass(frozen=True)
class SiteSettings:
    title: str
    locality: str = ""
    language: str = "vi"
    base_url: str = "/"
    featured_hotlines: tuple[str, ...] = ()
    quick_exit_url: str = "https://www.google.com.vn/"
    official_contacts: OfficialContacts = OfficialContacts()
    broadcast: BroadcastSettings = BroadcastSettings()
    hosting_headers: bool = False  # write a `_headers` file (see hosting.py)

    @property
    def absolute_base(self) -> str | None:
        """`https://host/path/` when base_url is absolute, else None."""
        url = self.base_url
        if url.startswith(("https://", "http://")):
            return url if url.endswith("/") else url + "/"
        return None

    @property
    def base_path(self) -> str:
        """The path part of base_url, always starting and ending with `/`."""
        url = self.base_url
        if self.absolute_base:
            rest = url.split("://", 1)[1]
            url = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        url = "/" + url.strip("/") + "/" if url.strip("/") else "/"
        return url


@dataclass(frozen=True)
class Hotline:
    number: str
    name: str
    description: str = ""
    free: bool | None = None
    hours: str = ""
    channels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class AgencyName:
    """An entry of agencies.yaml: the canonical name and the other ways it is written."""

    name: str
    short: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Target:
    text: str
    value: float | int | None = None
    unit: str = ""
    direction: str = "at_least"
    group: str = ""
    achieved: float | int | None = None


@dataclass(frozen=True)
class Activity:
    title: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assignment:
    agency: str
    tasks: tuple[str, ...] = ()
    source: Location | None = field(default=None, compare=False)  # where `agency:` is written


@dataclass(frozen=True)
class Deadline:
    title: str
    date: dt.date | None = None
    day_of_month: int | None = None


@dataclass(frozen=True)
class Signer:
    position: str = ""
    name: str = ""


@dataclass(frozen=True)
class Plan:
    id: str
    source: Location
    title: str
    issuer: str
    year: int
    kind: str = "plan"
    number: str | None = None
    issued: dt.date | None = None
    topics: tuple[str, ...] = ()
    summary: str = ""
    bases: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    activities: tuple[Activity, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    budget: str = ""
    signer: Signer | None = None
    recipients: tuple[str, ...] = ()
    draft: bool = False

    @property
    def url(self) -> str:
        return f"ke-hoach/{self.id}/"

    @property
    def kind_label(self) -> str:
        return "Kế hoạch" if self.kind == "plan" else "Công văn hướng dẫn"


@dataclass(frozen=True)
class Document:
    """A Markdown file with front matter: a campaign, a news page or a standalone page."""

    kind: str  # "campaign" | "news" | "page"
    slug: str
    source: Location  # where the file starts
    body: str  # Markdown source, NFC
    body_line: int  # file line on which the body starts (for locating problems)
    title: str
    summary: str = ""
    date: dt.date | None = None  # news: publication; campaigns: start
    theme: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    topics: tuple[str, ...] = ()
    hotlines: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    draft: bool = False
    broadcast: bool = True
    updated: dt.date | None = None  # optional: when the content last changed
    # The links and images of `body`, found while loading (in the load workers, in
    # parallel) for the link checks; None when not looked for. Derived from `body`:
    # neither shown nor compared.
    links: tuple[Link, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def url(self) -> str:
        prefix = {"campaign": "chien-dich/", "news": "tin-tuc/", "page": ""}[self.kind]
        return f"{prefix}{self.slug}/"

    @property
    def has_script(self) -> bool:
        return self.kind in ("campaign", "news") and self.broadcast

    def running_on(self, day: dt.date) -> bool:
        return self.start is not None and self.end is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class MediaFile:
    source_path: str  # absolute path of the file in content/media
    url: str  # "media/…" with a safe name


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs, cross-linked and checked."""

    settings: SiteSettings
    today: dt.date
    hotlines: tuple[Hotline, ...]
    topics: tuple[Topic, ...]
    agency_names: tuple[AgencyName, ...]
    plans: tuple[Plan, ...]
    campaigns: tuple[Document, ...]  # by start date, newest first
    news: tuple[Document, ...]  # newest first
    pages: tuple[Document, ...]  # by slug
    media: tuple[MediaFile, ...]
    glossary: Mapping[str, str] = field(default_factory=dict)
    # Plans as data (agencies, legal references, topics, calendar): computed once in assemble.
    agencies: tuple[Agency, ...] = ()
    agency_by_slug: Mapping[str, Agency] = field(default_factory=dict)
    agency_slug_of: Mapping[str, str] = field(default_factory=dict)  # a name as written → slug
    legal: LegalIndex | None = None
    topic_pages: tuple[TopicPage, ...] = ()
    events: tuple[CalendarEvent, ...] = ()

    @property
    def hotline_by_number(self) -> dict[str, Hotline]:
        return {h.number: h for h in self.hotlines}

    @property
    def featured(self) -> tuple[Hotline, ...]:
        by_number = self.hotline_by_number
        numbers = self.settings.featured_hotlines or tuple(h.number for h in self.hotlines[:2])
        return tuple(by_number[n] for n in numbers if n in by_number)

    @property
    def documents(self) -> tuple[Document, ...]:
        return self.campaigns + self.news + self.pages
