"""Plan pages as data: targets with labels, bars and verdicts, who does what, deadlines,
bases; the targets overview, topics, navigation; every link of the new pages resolves."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from conftest import PROJECT, Built, build_site
from site_builder.pipeline import BuildOptions, build
from test_build import broken_links, sitemap_locs

NEW_PAGES = ("co-quan/", "van-ban/", "chu-de/", "lich/", "chi-tieu/")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The demo portal (content/) built as of 10/06/2024."""
    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(PROJECT / "content", root / "content")
    result = build(BuildOptions(content=root / "content", out=root / "public", today=dt.date(2024, 6, 10), search=False, quiet=True))
    assert result.ok, result.report.format_text()
    return Built(result, root / "public", root / "content")


def main_of(page: str) -> str:
    return page.split('<main id="noi-dung"', 1)[1].split("</main>", 1)[0]


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


# --- the demo plans ---------------------------------------------------------------------------


def test_demo_plan_page_shows_targets_with_vietnamese_labels_and_verdicts(demo: Built) -> None:
    page = main_of(demo.read("ke-hoach/2023-cam-pha/index.html"))
    text = text_of(page)
    assert "≥ 100 %" in page and "từ 100 % trở lên" in page  # visible label and its words
    assert "dưới 0,8 %" in page  # at_most, decimal comma
    assert "dưới 6,5 trẻ/1.000 trẻ đẻ sống" in page  # thousands dot in the unit stays as written
    assert "dưới 0,005 %" in page
    # achieved 99,6 against ≥ 100: not reached; 27 against ≥ 26: reached
    assert re.search(r"Kết quả: <span class=\"nowrap\">99,6 %</span> <strong class=\"verdict verdict-short\">.*?chưa đạt</strong>", page)
    assert re.search(r"Kết quả: <span class=\"nowrap\">27 %</span> <strong class=\"verdict verdict-ok\">.*?đạt</strong>", page)
    # grouped, in the plan's order
    groups = re.findall(r"<h3>([^<]+)</h3>", page.split('id="chi-tieu"', 1)[1].split("</section>", 1)[0])
    assert groups == ["Phát triển toàn diện, chăm sóc sức khỏe, dinh dưỡng", "Bảo vệ trẻ em", "Giáo dục, văn hóa, vui chơi, giải trí", "Sự tham gia của trẻ em"]
    # bars: CSS only, hidden from screen readers, widths on a 0–100 % scale
    # The bar is SVG geometry, not inline styles (a strict CSP forbids those).
    assert '<rect class="target-bar-goal" width="100.00" height="10"/><rect class="target-bar-result short" y="2.5" width="99.60" height="5"/>' in page
    assert 'style="' not in page
    assert "<script" not in page
    assert "Ngày ban hành" in text and "16/02/2023" in text and "Phạm Văn Kính" in text


def test_demo_plan_page_who_does_what_deadlines_budget_recipients_bases(demo: Built) -> None:
    page = main_of(demo.read("ke-hoach/2024-quan-12/index.html"))
    table = page.split('<table class="who-does-what">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>', table)
    assert ("../../co-quan/phong-lao-dong-thuong-binh-va-xa-hoi/", "Phòng Lao động – Thương binh và Xã hội") in rows
    assert ("../../co-quan/cong-an/", "Công an quận") in rows  # an alias links to the canonical agency
    assert "Ngày 25 hằng tháng" in page and "03/05/2024" in page
    assert 'id="kinh-phi"' in page and 'id="noi-nhan"' in page
    bases = page.split('<ul class="bases">', 1)[1].split("</ul>", 1)[0]
    assert '<a class="legal-ref" href="../../van-ban/56-2017-nd-cp/">Nghị định số 56/2017/NĐ-CP</a>' in bases
    assert '<a class="legal-ref" href="../../van-ban/28-ct-tw/">Chỉ thị số 28-CT/TW</a>' in bases
    assert '<a class="legal-ref" href="../../van-ban/luat-tre-em/">Luật Trẻ em</a> năm 2016' in bases


def test_every_link_of_the_new_pages_resolves(demo: Built) -> None:
    pages = [p.relative_to(demo.out).as_posix() for p in demo.out.rglob("index.html")]
    new = [p for p in pages if p.startswith(NEW_PAGES) or p.startswith("ke-hoach/")]
    assert len(new) > 40
    problems = [problem for page in new for problem in broken_links(demo.out, only=page)]
    assert problems == []


def test_new_pages_are_in_the_sitemap_and_navigation(demo: Built) -> None:
    locs = sitemap_locs(demo)
    for path in ("/co-quan/", "/co-quan/phong-y-te/", "/van-ban/", "/van-ban/56-2017-nd-cp/", "/chu-de/tre-em/", "/lich/", "/chi-tieu/"):
        assert path in locs
    home = demo.read("index.html")
    for label, path in (("Cơ quan", "co-quan/"), ("Văn bản", "van-ban/"), ("Lịch", "lich/")):
        assert f'<a href="./{path}">{label}</a>' in home
    assert 'href="../"' in demo.read("lich/index.html") and 'aria-current="page">Lịch</a>' in demo.read("lich/index.html")


def test_targets_overview_shows_the_current_years_plans(demo: Built) -> None:
    page = main_of(demo.read("chi-tieu/index.html"))
    assert "<h1>Chỉ tiêu năm 2024</h1>" in page
    assert 'href="../ke-hoach/2024-quan-12/"' in page and "2023-cam-pha" not in page


def test_topic_pages_gather_plans_campaigns_and_news(demo: Built) -> None:
    page = main_of(demo.read("chu-de/tre-em/index.html"))
    assert "<h1>Trẻ em</h1>" in page  # name from topics.yaml
    assert 'href="../../ke-hoach/2023-cam-pha/"' in page and 'href="../../chien-dich/2024-thang-hanh-dong-vi-tre-em/"' in page
    index = main_of(demo.read("chu-de/index.html"))
    assert 'href="../chu-de/an-toan-tren-mang/"' in index or 'href="an-toan-tren-mang/"' in index


# --- edge cases, inline ------------------------------------------------------------------------

EDGE_PLAN = """\
title: Kế hoạch không số
issuer: Ủy ban nhân dân phường Thử
year: 2024
targets:
  - text: tỷ lệ trẻ em được tiêm chủng
    value: 90
    unit: "%"
    achieved: 92.5
  - text: tỷ lệ trẻ em bị xâm hại
    value: 0.8
    unit: "%"
    direction: at_most
    achieved: 1.1
    group: Bảo vệ
  - text: duy trì không có lao động trẻ em
    value: 0
    unit: "%"
    direction: equal
    group: Bảo vệ
  - text: tăng cường truyền thông về quyền trẻ em
    group: Truyền thông
  - text: số buổi tập huấn
    value: 1200
    unit: buổi
"""

EMPTY_PLAN = """\
title: Công văn hướng dẫn trống
issuer: Phòng Thử
year: 2023
kind: guidance
"""


@pytest.fixture
def edge(site_dir: Path) -> Built:
    built = build_site(site_dir, {"ke-hoach/2024-khong-so.yaml": EDGE_PLAN, "ke-hoach/2023-trong.yaml": EMPTY_PLAN}, today=dt.date(2025, 3, 1))
    assert built.result.ok, built.messages
    return built


def test_plan_without_number_and_edge_case_targets(edge: Built) -> None:
    page = main_of(edge.read("ke-hoach/2024-khong-so/index.html"))
    assert "Kế hoạch · năm 2024" in page and " số " not in page.split("</header>")[0].split('class="eyebrow"')[1][:40]
    assert "Số, ký hiệu" not in page
    assert "≥ 90 %" in page and "92,5 %" in page and "verdict-ok" in page
    assert "dưới 0,8 %" in page and "1,1 %" in page and "chưa đạt" in page
    assert "= 0 %" in page and "bằng 0 %" in page
    # a target without a value: its text, no label, no bar
    item = page.split("tăng cường truyền thông về quyền trẻ em", 1)[1].split("</li>", 1)[0]
    assert "Chỉ tiêu:" not in item and "target-bar" not in item
    # a count without a result has no obvious scale, so no bar, but a Vietnamese number
    item = page.split("số buổi tập huấn", 1)[1].split("</li>", 1)[0]
    assert "≥ 1.200 buổi" in item and "target-bar" not in item
    # groups: ungrouped first (plan order), then named groups
    headings = re.findall(r"<h3>([^<]+)</h3>", page)
    assert headings[:3] == ["Chỉ tiêu khác", "Bảo vệ", "Truyền thông"]


def test_plan_without_targets_or_assignments_has_no_empty_sections(edge: Built) -> None:
    page = main_of(edge.read("ke-hoach/2023-trong/index.html"))
    assert "Công văn hướng dẫn · năm 2023" in page
    for section in ('id="chi-tieu"', 'id="phan-cong"', 'id="bao-cao"', 'id="can-cu"', "<table"):
        assert section not in page


def test_targets_overview_falls_back_to_the_latest_year(edge: Built) -> None:
    page = main_of(edge.read("chi-tieu/index.html"))  # today is 2025: no plan, so 2024
    assert "<h1>Chỉ tiêu năm 2024</h1>" in page and "≥ 90 %" in page
    assert broken_links(edge.out, only="chi-tieu/index.html") == []


def test_topics_without_topics_yaml_are_named_from_their_slug(site_dir: Path) -> None:
    plan = EMPTY_PLAN + "topics: [tre-em]\n"
    built = build_site(site_dir, {"ke-hoach/2023-trong.yaml": plan})
    assert built.result.ok, built.messages
    assert "<h1>Tre em</h1>" in built.read("chu-de/tre-em/index.html")
    assert '<a href="../../chu-de/tre-em/">Tre em</a>' in built.read("ke-hoach/2023-trong/index.html")


def test_a_site_without_plans_still_has_the_new_pages(site_dir: Path) -> None:
    built = build_site(site_dir, {"gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nXin chào.\n"})
    assert built.result.ok, built.messages
    assert "Chưa có kế hoạch nào có chỉ tiêu." in built.read("chi-tieu/index.html")
    assert "Chưa có kế hoạch nào phân công nhiệm vụ." in built.read("co-quan/index.html")
    assert "Chưa có văn bản nào được dẫn chiếu." in built.read("van-ban/index.html")
    assert broken_links(built.out) == []
