"""The calendar: campaign periods and reporting deadlines, as events and as iCalendar.

`collect_events` turns campaigns and plan deadlines into events once, at assembly;
the `/lich/` page and `/lich.ics` both read them. The .ics file is written with the
`icalendar` library (CRLF, lines folded at 75 octets) and is reproducible: UIDs are
derived from content, DTSTAMP from the build's "today". A monthly deadline ("ngày 25
hằng tháng") is one recurring event bounded by UNTIL at the end of its plan's year.
"""

from __future__ import annotations

import calendar as gregorian
import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit


from .model import Document, Plan, Site


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    kind: str  # "campaign" | "deadline"
    title: str
    start: dt.date
    end: dt.date  # last day, inclusive
    url: str  # the page it belongs to
    source_title: str  # the campaign or plan title
    monthly_day: int | None = None  # recurs on this day of each month, start..until
    until: dt.date | None = None

    @property
    def recurring(self) -> bool:
        return self.monthly_day is not None

    def occurrences(self) -> list[dt.date]:
        """Every day the event starts on (one for a plain event)."""
        if self.monthly_day is None or self.until is None:
            return [self.start]
        days = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.until.year, self.until.month):
            # As RFC 5545 says for BYMONTHDAY, a month without that day is skipped.
            if self.monthly_day <= gregorian.monthrange(year, month)[1]:
                day = dt.date(year, month, self.monthly_day)
                if self.start <= day <= self.until:
                    days.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return days

    def next_on_or_after(self, today: dt.date) -> dt.date | None:
        """The next day this event happens or is still running, from `today` on."""
        if self.monthly_day is None:
            return self.start if self.end >= today else None
        return next((d for d in self.occurrences() if d >= today), None)


def _uid(*parts: str) -> str:
    """Stable across builds: a hash of what the event is, not of when it was built."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def _campaign_event(campaign: Document) -> CalendarEvent:
    return CalendarEvent(
        uid=f"chien-dich-{campaign.slug}",
        kind="campaign",
        title=campaign.title,
        start=campaign.start,
        end=campaign.end,
        url=campaign.url,
        source_title=campaign.title,
    )


def _deadline_events(plan: Plan) -> list[CalendarEvent]:
    events = []
    for deadline in plan.deadlines:
        if deadline.date is not None:
            events.append(
                CalendarEvent(
                    uid=f"ke-hoach-{plan.id}-{_uid(deadline.title, deadline.date.isoformat())}",
                    kind="deadline",
                    title=deadline.title,
                    start=deadline.date,
                    end=deadline.date,
                    url=plan.url,
                    source_title=plan.title,
                )
            )
        elif deadline.day_of_month is not None:
            begin = plan.issued if plan.issued and plan.issued.year == plan.year else dt.date(plan.year, 1, 1)
            until = dt.date(plan.year, 12, 31)
            event = CalendarEvent(
                uid=f"ke-hoach-{plan.id}-{_uid(deadline.title, 'hang-thang', str(deadline.day_of_month))}",
                kind="deadline",
                title=deadline.title,
                start=begin,
                end=begin,
                url=plan.url,
                source_title=plan.title,
                monthly_day=deadline.day_of_month,
                until=until,
            )
            first = event.occurrences()
            if first:  # DTSTART must be the first occurrence
                events.append(CalendarEvent(**{**event.__dict__, "start": first[0], "end": first[0]}))
    return events


def collect_events(campaigns: tuple[Document, ...], plans: tuple[Plan, ...]) -> tuple[CalendarEvent, ...]:
    """Every campaign period and plan deadline, by start date."""
    events = [_campaign_event(c) for c in campaigns if c.start and c.end]
    for plan in plans:
        events.extend(_deadline_events(plan))
    return tuple(sorted(events, key=lambda e: (e.start, e.kind, e.uid)))


def upcoming(events: tuple[CalendarEvent, ...], today: dt.date) -> list[tuple[dt.date, CalendarEvent]]:
    """(next day, event) for everything still to come or running, soonest first."""
    found = [(day, event) for event in events if (day := event.next_on_or_after(today)) is not None]
    return sorted(found, key=lambda pair: (max(pair[0], today) if pair[1].kind == "campaign" else pair[0], pair[1].kind != "deadline", pair[1].uid))


def render_ics(site: Site) -> bytes:
    """The site's calendar as RFC 5545 text."""
    import icalendar  # here, not at the top: importing it is a tenth of a no-change build's time

    settings = site.settings
    base = settings.absolute_base or settings.base_path
    domain = urlsplit(settings.absolute_base).hostname if settings.absolute_base else None
    suffix = domain or "cong-thong-tin.local"
    stamp = dt.datetime(site.today.year, site.today.month, site.today.day, tzinfo=dt.timezone.utc)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Cong thong tin//site-builder//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", settings.title)
    for event in site.events:
        item = icalendar.Event()
        item.add("uid", f"{event.uid}@{suffix}")
        item.add("dtstamp", stamp)
        item.add("summary", event.title)
        item.add("dtstart", event.start)
        item.add("dtend", event.end + dt.timedelta(days=1))  # all-day: DTEND is exclusive
        if event.recurring:
            item.add("rrule", {"freq": "monthly", "until": event.until})
        if event.kind == "deadline":
            item.add("description", f"Hạn báo cáo theo {event.source_title}")
            item.add("categories", ["Hạn báo cáo"])
        else:
            item.add("categories", ["Chiến dịch"])
        if base.startswith(("https://", "http://")):
            item.add("url", base + event.url)
        item.add("transp", "TRANSPARENT")
        cal.add_component(item)
    return cal.to_ical()
