"""Pages that show plans as data: agencies, legal documents, topics, calendar, targets.

Each `render_*` takes the site's `Renderer` and one `Output`; everything it needs was
computed at assembly, so a handler only looks things up. Target labels, bars and the
"đạt / chưa đạt" verdict live here too, shared by the plan page and `/chi-tieu/`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .calendar import render_ics, upcoming
from .legal import KIND_ORDER
from .markup import format_number
from .model import Plan, Target

if TYPE_CHECKING:
    from .render import Output, Renderer


# --- targets ---------------------------------------------------------------------------------


def _amount(value: float | int, unit: str) -> str:
    number = format_number(value)
    return f"{number} {unit}" if unit else number


@dataclass(frozen=True)
class TargetView:
    """What a target shows: its label, its words for screen readers, its bar and verdict."""

    target: Target
    label: str  # "≥ 90 %", "dưới 0,8 %"
    spoken: str  # "từ 90 % trở lên"
    achieved: str  # "97 %" or ""
    met: bool | None  # None: no result reported
    goal_width: float | None  # bar widths in % of the track; None: no bar
    result_width: float | None


def view_target(target: Target) -> TargetView:
    if target.value is None:
        return TargetView(target, "", "", _amount(target.achieved, target.unit) if target.achieved is not None else "", None, None, None)
    amount = _amount(target.value, target.unit)
    label, spoken = {
        "at_least": (f"≥ {amount}", f"từ {amount} trở lên"),
        "at_most": (f"dưới {amount}", f"dưới {amount}"),
        "equal": (f"= {amount}", f"bằng {amount}"),
    }[target.direction]
    met = None
    if target.achieved is not None:
        met = {
            "at_least": target.achieved >= target.value,
            "at_most": target.achieved <= target.value,
            "equal": target.achieved == target.value,
        }[target.direction]
    goal_width = result_width = None
    # A bar only where a scale is obvious: percentages (0–100), or a result next to its target.
    if target.unit.strip() == "%" or target.achieved is not None:
        scale = max(100.0 if target.unit.strip() == "%" else 0.0, float(target.value), float(target.achieved or 0)) or 1.0
        if target.unit.strip() != "%":
            scale *= 1.25
        goal_width = round(100 * float(target.value) / scale, 2)
        result_width = round(100 * float(target.achieved) / scale, 2) if target.achieved is not None else None
    achieved = _amount(target.achieved, target.unit) if target.achieved is not None else ""
    return TargetView(target, label, spoken, achieved, met, goal_width, result_width)


def group_targets(targets: tuple[Target, ...]) -> list[tuple[str, list[TargetView]]]:
    """Targets by group, groups in the order the plan first uses them."""
    groups: dict[str, list[TargetView]] = {}
    for target in targets:
        groups.setdefault(target.group, []).append(view_target(target))
    return list(groups.items())


def target_year_plans(renderer: Renderer) -> tuple[int | None, list[Plan]]:
    """The plans of today's year, or of the latest year when today's has none."""
    site = renderer.site
    with_targets = [p for p in site.plans if p.targets]
    years = {p.year for p in with_targets}
    if not years:
        return None, []
    year = site.today.year if site.today.year in years else max(years)
    return year, [p for p in with_targets if p.year == year]


# --- pages -------------------------------------------------------------------------------------


def render_agency_index(renderer: Renderer, output: Output) -> bytes:
    return renderer.page(
        "agency_index.html",
        output,
        title="Cơ quan thực hiện",
        description="Các cơ quan, đơn vị được giao nhiệm vụ trong các kế hoạch về trẻ em và bình đẳng giới.",
        agencies=renderer.site.agencies,
    )


def render_agency(renderer: Renderer, output: Output) -> bytes:
    agency = renderer.site.agency_by_slug[output.key]
    return renderer.page(
        "agency.html",
        output,
        title=agency.name,
        description=f"Những nhiệm vụ {agency.name} được giao trong các kế hoạch, theo từng năm.",
        agency=agency,
    )


def render_legal_index(renderer: Renderer, output: Output) -> bytes:
    legal = renderer.site.legal
    by_kind: dict[str, list] = defaultdict(list)
    for ref in legal.refs if legal else ():
        by_kind["Luật" if ref.kind == "Bộ luật" else ref.kind].append(ref)
    kinds = [(kind, by_kind[kind]) for kind in KIND_ORDER if kind in by_kind]
    return renderer.page(
        "legal_index.html",
        output,
        title="Văn bản pháp luật",
        description="Luật, nghị định, quyết định và các văn bản mà kế hoạch và bài viết trên cổng dẫn chiếu.",
        kinds=kinds,
    )


def render_legal(renderer: Renderer, output: Output) -> bytes:
    ref = renderer.site.legal.by_slug[output.key]
    return renderer.page(
        "legal.html",
        output,
        title=ref.name + (f" năm {ref.year}" if ref.code is None and ref.year else ""),
        description=f"{ref.name}: các kế hoạch và bài viết dẫn chiếu văn bản này.",
        ref=ref,
    )


def render_topic_index(renderer: Renderer, output: Output) -> bytes:
    return renderer.page(
        "topic_index.html",
        output,
        title="Chủ đề",
        description="Các chủ đề của cổng thông tin: kế hoạch, chiến dịch và tin tức theo từng chủ đề.",
        topics=renderer.site.topic_pages,
    )


def render_topic(renderer: Renderer, output: Output) -> bytes:
    # Topics are a handful (topics.yaml), so finding one by slug costs nothing.
    topic = next(t for t in renderer.site.topic_pages if t.slug == output.key)
    return renderer.page(
        "topic.html",
        output,
        title=topic.name,
        description=topic.description or f"Kế hoạch, chiến dịch và tin tức về {topic.name.lower()}.",
        topic=topic,
        summary_of=renderer.summary_of,
    )


def render_calendar(renderer: Renderer, output: Output) -> bytes:
    site = renderer.site
    coming = upcoming(site.events, site.today)
    next_deadline = next(((day, e) for day, e in coming if e.kind == "deadline"), None)
    running = [e for e in site.events if e.kind == "campaign" and e.start <= site.today <= e.end]
    past_by_year: dict[int, list] = defaultdict(list)
    for event in site.events:
        last = event.until if event.recurring else event.end
        if last < site.today:
            past_by_year[event.start.year].append(event)
    return renderer.page(
        "calendar.html",
        output,
        title="Lịch",
        description="Thời gian các chiến dịch và hạn báo cáo của các kế hoạch; có thể thêm vào lịch trên điện thoại.",
        coming=coming,
        next_deadline=next_deadline,
        running=running,
        past=sorted(past_by_year.items(), reverse=True),
    )


def render_calendar_file(renderer: Renderer, output: Output) -> bytes:
    return render_ics(renderer.site)


def render_targets(renderer: Renderer, output: Output) -> bytes:
    year, plans = target_year_plans(renderer)
    groups: dict[str, list[tuple[Plan, TargetView]]] = {}
    for plan in plans:
        for target in plan.targets:
            groups.setdefault(target.group, []).append((plan, view_target(target)))
    return renderer.page(
        "targets.html",
        output,
        title=f"Chỉ tiêu năm {year}" if year else "Chỉ tiêu",
        description="Các chỉ tiêu của kế hoạch trong năm, đặt cạnh nhau, kèm kết quả nếu đã có.",
        year=year,
        plans=plans,
        groups=list(groups.items()),
    )
