"""The calendar: /lich.ics parsed back with icalendar (RFC 5545 shape, recurrence, stable UIDs,
reproducible stamps) and /lich/ showing what is due next relative to --today."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar

from conftest import build_site, write_site
from site_builder.pipeline import BuildOptions, build

PLAN = """\
title: Công tác trẻ em năm 2024
issuer: Ủy ban nhân dân quận Thử
issued: 2024-03-05
year: 2024
deadlines:
  - day_of_month: 25
    title: Báo cáo kết quả hằng tháng gửi Ủy ban nhân dân quận (qua Phòng Lao động – Thương binh và Xã hội), kèm số liệu trẻ em có hoàn cảnh đặc biệt
  - date: 2024-05-03
    title: Báo cáo 6 tháng
  - date: 2024-11-05
    title: Báo cáo năm
"""

CAMPAIGN = """\
---
title: Tháng hành động vì trẻ em năm 2024
theme: Hành động thiết thực vì trẻ em
start: 2024-06-01
end: 2024-06-30
---
Nội dung.
"""

FILES = {"ke-hoach/2024-quan-thu.yaml": PLAN, "chien-dich/2024-thang-hanh-dong.md": CAMPAIGN}


def events_of(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_ics_is_rfc5545_text_with_crlf_and_folded_lines(site_dir: Path) -> None:
    built = build_site(site_dir, FILES)
    assert built.result.ok, built.messages
    data = (built.out / "lich.ics").read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line break is CRLF
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)  # octets, not characters
    assert any(line.startswith(b" ") for line in lines)  # the long title was folded
    assert b"VERSION:2.0" in lines and any(line.startswith(b"PRODID:") for line in lines)


def test_monthly_deadline_recurs_until_the_plans_year_end(site_dir: Path) -> None:
    built = build_site(site_dir, FILES)
    events = events_of((built.out / "lich.ics").read_bytes())
    monthly = next(e for title, e in events.items() if title.startswith("Báo cáo kết quả hằng tháng"))
    rule = monthly["rrule"]
    assert rule["FREQ"] == ["MONTHLY"]
    assert rule["UNTIL"] == [dt.date(2024, 12, 31)]
    # the first occurrence on or after the plan's issue date (05/03/2024)
    assert monthly.decoded("dtstart") == dt.date(2024, 3, 25)
    assert monthly.decoded("dtend") == dt.date(2024, 3, 26)
    one_off = events["Báo cáo 6 tháng"]
    assert "rrule" not in one_off and one_off.decoded("dtstart") == dt.date(2024, 5, 3)
    campaign = events["Tháng hành động vì trẻ em năm 2024"]
    # all-day: DATE values, the end exclusive
    assert campaign.decoded("dtstart") == dt.date(2024, 6, 1) and campaign.decoded("dtend") == dt.date(2024, 7, 1)


def test_uids_are_stable_and_dtstamp_comes_from_today(site_dir: Path) -> None:
    content = write_site(site_dir, FILES)

    def ics(today: dt.date, out: str) -> bytes:
        result = build(BuildOptions(content=content, out=site_dir / out, today=today, search=False, quiet=True))
        assert result.ok, result.report.format_text()
        return (site_dir / out / "lich.ics").read_bytes()

    first, again, later = ics(dt.date(2024, 6, 10), "a"), ics(dt.date(2024, 6, 10), "b"), ics(dt.date(2024, 9, 1), "c")
    assert first == again  # reproducible: same content and --today, same bytes
    uids = lambda data: sorted(str(e["uid"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert uids(first) == uids(later) and len(set(uids(first))) == 4
    stamps = {e.decoded("dtstamp") for e in icalendar.Calendar.from_ical(later).walk("VEVENT")}
    assert stamps == {dt.datetime(2024, 9, 1, tzinfo=dt.timezone.utc)}


def test_uids_use_the_host_of_an_absolute_base_url(site_dir: Path) -> None:
    built = build_site(site_dir, FILES, base_url="https://tre-em.quan-thu.gov.vn/")
    events = events_of((built.out / "lich.ics").read_bytes())
    assert all(str(e["uid"]).endswith("@tre-em.quan-thu.gov.vn") for e in events.values())
    assert str(events["Báo cáo năm"]["url"]) == "https://tre-em.quan-thu.gov.vn/ke-hoach/2024-quan-thu/"


def next_due(page: str) -> str:
    section = page.split('id="han-gan-nhat"', 1)[1].split("</section>", 1)[0]
    return re.sub(r"<[^>]+>", "", section.split("<p>", 1)[1].split("</p>", 1)[0])


def test_calendar_page_shows_what_is_due_next_relative_to_today(site_dir: Path) -> None:
    page = build_site(site_dir, FILES, today=dt.date(2024, 6, 10)).read("lich/index.html")
    assert next_due(page).startswith("25/06/2024 (ngày 25 hằng tháng đến hết năm 2024): Báo cáo kết quả hằng tháng")
    assert 'id="dang-dien-ra"' in page and "01/06/2024" in page  # the campaign is running
    assert page.index("25/06/2024") < page.index('id="da-qua"') < page.index("03/05/2024")  # 03/05 is past

    page = build_site(site_dir, FILES, today=dt.date(2024, 10, 26)).read("lich/index.html")
    assert next_due(page).startswith("05/11/2024: Báo cáo năm")  # before the monthly one on 25/11
    assert 'id="dang-dien-ra"' not in page

    page = build_site(site_dir, FILES, today=dt.date(2025, 1, 2)).read("lich/index.html")
    assert 'id="han-gan-nhat"' not in page and "Không có hạn báo cáo hay chiến dịch nào sắp tới." in page


def test_monthly_day_missing_from_a_month_is_skipped_like_rfc5545(site_dir: Path) -> None:
    plan = "title: K\nissuer: U\nyear: 2024\ndeadlines:\n  - day_of_month: 31\n    title: Báo cáo cuối tháng\n"
    page = build_site(site_dir, {"ke-hoach/2024-k.yaml": plan}, today=dt.date(2024, 4, 1)).read("lich/index.html")
    assert next_due(page).startswith("31/05/2024")  # April has no 31st
