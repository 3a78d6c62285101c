"""Loading strictly: one broken site per error family.

Each test writes a small site inline, runs `check` (or `build`) on it and asserts the
located message (`content/<file>:<line>:<col>: lỗi:`) and key words of both the
Vietnamese and the English text.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from conftest import build_site, check_site, run_cli
from site_builder.diagnostics import Report

NEWS_OK = """\
---
title: Tin thử
date: 2024-05-20
---
Nội dung.
"""

PLAN_OK = """\
title: Kế hoạch thử
issuer: Ủy ban nhân dân phường Thử
year: 2024
"""


def errors(report: Report) -> list[str]:
    """Formatted errors (Vietnamese line + English line), sorted as printed."""
    return [d.format() for d in report.sorted() if d.severity == "error"]


def one_error(report: Report) -> str:
    found = errors(report)
    assert len(found) == 1, "\n".join(found) or "no error reported"
    return found[0]


def assert_message(message: str, start: str, *words: str) -> None:
    assert message.startswith(start), message
    for word in words:
        assert word in message, f"{word!r} not in:\n{message}"


# --- fields -------------------------------------------------------------------------


def test_a_valid_site_has_no_errors(site_dir: Path) -> None:
    report = check_site(site_dir, {"tin-tuc/a.md": NEWS_OK, "ke-hoach/2024-thu.yaml": PLAN_OK})
    assert errors(report) == []


@pytest.mark.parametrize(
    ("name", "text", "start", "wrong", "right"),
    [
        ("tin-tuc/a.md", "---\ntitel: Tin\ndate: 2024-05-20\n---\n", "content/tin-tuc/a.md:2:1: lỗi:", "titel", "title"),
        ("chien-dich/c.md", "---\ntitle: C\ntheme: T\nstart: 2024-06-01\nend: 2024-06-30\nhotline: [\"111\"]\n---\n", "content/chien-dich/c.md:6:1: lỗi:", "hotline", "hotlines"),
        ("ke-hoach/p.yaml", PLAN_OK + "targts:\n  - text: x\n", "content/ke-hoach/p.yaml:4:1: lỗi:", "targts", "targets"),
        ("ke-hoach/p.yaml", PLAN_OK + "targets:\n  - text: x\n    vaule: 90\n", "content/ke-hoach/p.yaml:6:5: lỗi:", "vaule", "value"),
        ("site.yaml", "title: Cổng\nlocalty: Phường Thử\n", "content/site.yaml:2:1: lỗi:", "localty", "locality"),
        ("hotlines.yaml", '- number: "113"\n  name: Công an\n- number: "111"\n  nmae: Tổng đài\n', "content/hotlines.yaml:4:3: lỗi:", "nmae", "name"),
    ],
)
def test_unknown_field_suggests_the_right_name(site_dir: Path, name: str, text: str, start: str, wrong: str, right: str) -> None:
    message = one_error(check_site(site_dir, {name: text}))
    assert_message(
        message,
        start,
        f'Trường "{wrong}" không có',
        f'Có phải ý bạn là "{right}"?',
        f'Unknown field "{wrong}"',
        f'Did you mean "{right}"?',
    )


def test_unknown_field_without_a_close_match_lists_the_valid_ones(site_dir: Path) -> None:
    message = one_error(check_site(site_dir, {"gioi-thieu.md": "---\ntitle: Giới thiệu\nzzzz: 1\n---\n"}))
    assert_message(message, "content/gioi-thieu.md:3:1: lỗi:", "Các giá trị hợp lệ:", "Valid values:", "summary")


@pytest.mark.parametrize(
    ("name", "text", "start", "field"),
    [
        ("chien-dich/c.md", "---\ntitle: C\nstart: 2024-06-01\nend: 2024-06-30\n---\n", "content/chien-dich/c.md:2:1: lỗi:", "theme"),
        ("tin-tuc/a.md", "---\ntitle: Tin\n---\n", "content/tin-tuc/a.md:2:1: lỗi:", "date"),
        ("ke-hoach/p.yaml", "title: K\nyear: 2024\n", "content/ke-hoach/p.yaml:1:1: lỗi:", "issuer"),
        ("hotlines.yaml", '- number: "111"\n- number: "113"\n  name: X\n', "content/hotlines.yaml:1:3: lỗi:", "name"),
    ],
)
def test_missing_required_field(site_dir: Path, name: str, text: str, start: str, field: str) -> None:
    found = [e for e in errors(check_site(site_dir, {name: text})) if e.startswith(start)]
    assert len(found) == 1, found
    assert_message(found[0], start, f'Thiếu trường bắt buộc "{field}"', f'The required field "{field}" is missing')


def test_required_field_left_empty(site_dir: Path) -> None:
    message = one_error(check_site(site_dir, {"tin-tuc/a.md": "---\ntitle:\ndate: 2024-05-20\n---\n"}))
    assert_message(message, "content/tin-tuc/a.md:2:1: lỗi:", '"title" đang để trống', 'required field "title" is empty')


def test_front_matter_that_is_not_a_mapping(site_dir: Path) -> None:
    message = one_error(check_site(site_dir, {"tin-tuc/a.md": "---\n- title\n---\n"}))
    assert_message(message, "content/tin-tuc/a.md:2:1: lỗi:", "trang tin tức", "news page", "mapping")


@pytest.mark.parametrize(
    ("name", "text", "start", "vi", "en"),
    [
        ("ke-hoach/p.yaml", "title: [a, b]\nissuer: I\nyear: 2024\n", "content/ke-hoach/p.yaml:1:8: lỗi:", '"title" phải là một giá trị đơn', "must be a single value, not a list"),
        ("ke-hoach/p.yaml", 'title: K\nissuer: I\nyear: "2024"\n', "content/ke-hoach/p.yaml:3:7: lỗi:", '"year" phải là một số nguyên', "must be a whole number"),
        ("ke-hoach/p.yaml", "title: K\nissuer: I\nyear: 1800\n", "content/ke-hoach/p.yaml:3:7: lỗi:", "1990–2100", "between 1990 and 2100"),
        ("ke-hoach/p.yaml", PLAN_OK + "targets:\n  - text: t\n    value: nhiều\n", "content/ke-hoach/p.yaml:6:12: lỗi:", '"value" phải là một số', "must be a number"),
        ("ke-hoach/p.yaml", PLAN_OK + "targets:\n  - text: t\n    direction: above\n", "content/ke-hoach/p.yaml:6:16: lỗi:", 'không nhận giá trị "above"', 'does not accept "above"'),
        ("ke-hoach/p.yaml", PLAN_OK + "goals: Một mục tiêu\n", "content/ke-hoach/p.yaml:4:8: lỗi:", '"goals" phải là một danh sách', "must be a list"),
        ("tin-tuc/a.md", "---\ntitle: Tin\ndate: 2024-05-20\ndraft: có\n---\n", "content/tin-tuc/a.md:4:8: lỗi:", "true hoặc false", "true or false"),
        ("tin-tuc/a.md", "---\ntitle: Tin\ndate: [2024-05-20]\n---\n", "content/tin-tuc/a.md:3:7: lỗi:", '"date" phải là một giá trị đơn', "not a list"),
        ("tin-tuc/a.md", "---\ntitle: Tin\ndate: 20/05/2024\n---\n", "content/tin-tuc/a.md:3:7: lỗi:", "NĂM-THÁNG-NGÀY", "YEAR-MONTH-DAY"),
        ("tin-tuc/a.md", '---\ntitle: Tin\ndate: 2024-05-20\nhotlines: "111"\n---\n', "content/tin-tuc/a.md:4:11: lỗi:", '"hotlines" phải là một danh sách', "must be a list"),
        ("site.yaml", "title: Cổng\nbroadcast:\n  words_per_minute: nhanh\n", "content/site.yaml:3:21: lỗi:", "số nguyên", "whole number"),
    ],
)
def test_wrong_types_are_located(site_dir: Path, name: str, text: str, start: str, vi: str, en: str) -> None:
    assert_message(one_error(check_site(site_dir, {name: text})), start, vi, en)


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        ("2025-13-45", "tháng 13 không có", "there is no month 13"),
        ("2023-02-29", "tháng 2 năm 2023 không có ngày 29", "month 2 of 2023 has no day 29"),
    ],
)
def test_impossible_date(site_dir: Path, value: str, vi: str, en: str) -> None:
    message = one_error(check_site(site_dir, {"tin-tuc/a.md": f"---\ntitle: Tin\ndate: {value}\n---\n"}))
    assert_message(message, "content/tin-tuc/a.md:3:7: lỗi:", f"ngày {value} không tồn tại", vi, f"the date {value} does not exist", en)


def test_leap_day_is_a_real_date(site_dir: Path) -> None:
    assert errors(check_site(site_dir, {"tin-tuc/a.md": "---\ntitle: Tin\ndate: 2024-02-29\n---\n"})) == []


def test_campaign_ending_before_it_starts(site_dir: Path) -> None:
    text = "---\ntitle: C\ntheme: T\nstart: 2024-06-30\nend: 2024-06-01\n---\n"
    message = one_error(check_site(site_dir, {"chien-dich/c.md": text}))
    assert_message(
        message,
        "content/chien-dich/c.md:5:1: lỗi:",
        "kết thúc (01/06/2024) trước khi bắt đầu (30/06/2024)",
        "ends (2024-06-01) before it starts (2024-06-30)",
    )


def test_one_day_campaign_is_fine(site_dir: Path) -> None:
    text = "---\ntitle: C\ntheme: T\nstart: 2024-06-01\nend: 2024-06-01\n---\n"
    assert errors(check_site(site_dir, {"chien-dich/c.md": text})) == []


# --- hotlines and references ---------------------------------------------------------------


def test_unquoted_hotline_number_must_be_quoted(site_dir: Path) -> None:
    files = {
        "site.yaml": "title: Cổng\nfeatured_hotlines: [\"113\"]\n",
        "hotlines.yaml": '- number: "113"\n  name: Công an\n- number: 111\n  name: Tổng đài\n',
    }
    message = one_error(check_site(site_dir, files))
    assert_message(
        message,
        "content/hotlines.yaml:3:11: lỗi:",
        'Số điện thoại 111 phải đặt trong ngoặc kép: "111"',
        'must be quoted: "111"',
    )


def test_unquoted_hotline_in_front_matter(site_dir: Path) -> None:
    message = one_error(check_site(site_dir, {"tin-tuc/a.md": "---\ntitle: Tin\ndate: 2024-05-20\nhotlines: [111]\n---\n"}))
    assert_message(message, "content/tin-tuc/a.md:4:12: lỗi:", "ngoặc kép", 'must be quoted: "111"')


def test_hotline_declared_twice(site_dir: Path) -> None:
    hotlines = '- number: "111"\n  name: A\n- number: "111"\n  name: B\n'
    message = one_error(check_site(site_dir, {"site.yaml": "title: Cổng\n", "hotlines.yaml": hotlines}))
    assert_message(message, "content/hotlines.yaml:3:3: lỗi:", "dòng 1", "line 1")


def test_unknown_hotline_reference_suggests_a_registered_one(site_dir: Path) -> None:
    text = '---\ntitle: Tin\ndate: 2024-05-20\nhotlines: ["111", "1133"]\n---\n'
    message = one_error(check_site(site_dir, {"tin-tuc/a.md": text}))
    assert_message(
        message,
        "content/tin-tuc/a.md:4:19: lỗi:",
        'Đường dây nóng "1133" chưa có trong hotlines.yaml',
        'Có phải ý bạn là "113"?',
        'The hotline "1133" is not in hotlines.yaml',
        'Did you mean "113"?',
    )


def test_a_broken_hotline_entry_is_reported_once_not_at_every_reference(site_dir: Path) -> None:
    files = {
        "hotlines.yaml": '- number: "111"\n  name: A\n  free: có\n- number: "113"\n  name: B\n',
        "tin-tuc/a.md": '---\ntitle: Tin\ndate: 2024-05-20\nhotlines: ["111"]\n---\n',
    }
    message = one_error(check_site(site_dir, files))
    assert message.startswith("content/hotlines.yaml:3:9: lỗi:"), message


def test_unknown_featured_hotline_in_site_yaml(site_dir: Path) -> None:
    message = one_error(check_site(site_dir, {"site.yaml": 'title: Cổng\nfeatured_hotlines: ["111", "1111"]\n'}))
    assert_message(message, "content/site.yaml:2:28: lỗi:", '"1111" chưa có trong hotlines.yaml', 'The hotline "1111"')


def test_unknown_plan_reference_suggests_an_existing_plan(site_dir: Path) -> None:
    files = {
        "ke-hoach/2024-quan-12.yaml": PLAN_OK,
        "chien-dich/c.md": "---\ntitle: C\ntheme: T\nstart: 2024-06-01\nend: 2024-06-30\nplans: [2024-quan-21]\n---\n",
    }
    message = one_error(check_site(site_dir, files))
    assert_message(
        message,
        "content/chien-dich/c.md:6:9: lỗi:",
        'Không có kế hoạch "2024-quan-21" trong thư mục ke-hoach/',
        'Có phải ý bạn là "2024-quan-12"?',
        'There is no plan "2024-quan-21"',
        'Did you mean "2024-quan-12"?',
    )


def test_plan_reference_to_an_existing_plan_is_fine(site_dir: Path) -> None:
    files = {
        "ke-hoach/2024-quan-12.yaml": PLAN_OK,
        "tin-tuc/a.md": "---\ntitle: Tin\ndate: 2024-05-20\nplans: [2024-quan-12]\n---\n",
    }
    assert errors(check_site(site_dir, files)) == []


def test_unknown_topic_when_topics_yaml_exists(site_dir: Path) -> None:
    files = {
        "topics.yaml": "- slug: tre-em\n  name: Trẻ em\n- slug: binh-dang-gioi\n  name: Bình đẳng giới\n",
        "tin-tuc/a.md": "---\ntitle: Tin\ndate: 2024-05-20\ntopics: [tre-em, binh-dang-gioii]\n---\n",
    }
    message = one_error(check_site(site_dir, files))
    assert_message(
        message,
        "content/tin-tuc/a.md:4:18: lỗi:",
        'Chủ đề "binh-dang-gioii" chưa có trong topics.yaml',
        'Có phải ý bạn là "binh-dang-gioi"?',
        'The topic "binh-dang-gioii" is not in topics.yaml',
    )


def test_any_topic_slug_is_accepted_without_topics_yaml(site_dir: Path) -> None:
    text = "---\ntitle: Tin\ndate: 2024-05-20\ntopics: [bat-ky]\n---\n"
    assert errors(check_site(site_dir, {"tin-tuc/a.md": text})) == []


def test_topic_that_is_not_a_slug_gets_the_slug_to_write(site_dir: Path) -> None:
    message = one_error(check_site(site_dir, {"tin-tuc/a.md": "---\ntitle: Tin\ndate: 2024-05-20\ntopics: [Trẻ em]\n---\n"}))
    assert_message(message, "content/tin-tuc/a.md:4:10: lỗi:", 'Hãy viết "tre-em"', 'Write "tre-em"')


@pytest.mark.parametrize(
    "deadline",
    ["  - title: Báo cáo\n", "  - title: Báo cáo\n    date: 2024-05-10\n    day_of_month: 25\n"],
    ids=["neither", "both"],
)
def test_deadline_needs_exactly_one_of_date_or_day_of_month(site_dir: Path, deadline: str) -> None:
    message = one_error(check_site(site_dir, {"ke-hoach/p.yaml": PLAN_OK + "deadlines:\n" + deadline}))
    assert_message(message, "content/ke-hoach/p.yaml:5:5: lỗi:", "date", "day_of_month", "exactly one of")


def test_deadlines_with_a_date_or_a_day_are_fine(site_dir: Path) -> None:
    text = PLAN_OK + "deadlines:\n  - title: A\n    date: 2024-05-10\n  - title: B\n    day_of_month: 25\n"
    assert errors(check_site(site_dir, {"ke-hoach/p.yaml": text})) == []


# --- syntax ------------------------------------------------------------------------------


def test_unterminated_front_matter(site_dir: Path) -> None:
    message = one_error(check_site(site_dir, {"tin-tuc/a.md": "---\ntitle: Tin\ndate: 2024-05-20\n\nNội dung.\n"}))
    assert_message(message, "content/tin-tuc/a.md:1:1: lỗi:", "không có dòng --- để đóng lại", "never closed")


def test_missing_front_matter(site_dir: Path) -> None:
    message = one_error(check_site(site_dir, {"tin-tuc/a.md": "# Tin\n\nNội dung.\n"}))
    assert_message(message, "content/tin-tuc/a.md:1:1: lỗi:", "front matter", "Front matter is missing")


def test_file_not_utf8_names_the_file(site_dir: Path) -> None:
    text = "---\ntitle: Café\ndate: 2024-05-20\n---\n".encode("latin-1")
    message = one_error(check_site(site_dir, {"tin-tuc/cafe.md": text}))
    assert_message(message, "content/tin-tuc/cafe.md:2:11: lỗi:", "UTF-8", "không phải mã UTF-8", "is not UTF-8")


def test_not_utf8_column_counts_characters_not_bytes(site_dir: Path) -> None:
    text = "---\ntitle: Tin\ndate: 2024-05-20\n---\nTrẻ em caf".encode("utf-8") + b"\xe9\n"
    message = one_error(check_site(site_dir, {"tin-tuc/a.md": text}))
    assert message.startswith("content/tin-tuc/a.md:5:11: lỗi:"), message


def test_yaml_value_with_colon_suggests_quotes(site_dir: Path) -> None:
    message = one_error(check_site(site_dir, {"tin-tuc/a.md": "---\ntitle: Chủ đề: Trẻ em\ndate: 2024-05-20\n---\n"}))
    assert_message(message, "content/tin-tuc/a.md:2:14: lỗi:", 'Giá trị có chứa ": "', "ngoặc kép", 'must be quoted')


def test_yaml_colon_in_a_plan_file_is_located_in_that_file(site_dir: Path) -> None:
    message = one_error(check_site(site_dir, {"ke-hoach/p.yaml": "title: Kế hoạch: năm 2024\nissuer: I\nyear: 2024\n"}))
    assert_message(message, "content/ke-hoach/p.yaml:1:16: lỗi:", "ngoặc kép", "must be quoted")


def test_tabs_in_yaml(site_dir: Path) -> None:
    text = "---\ntitle: Tin\ndate: 2024-05-20\ntopics:\n\t- tre-em\n---\n"
    message = one_error(check_site(site_dir, {"tin-tuc/a.md": text}))
    assert_message(message, "content/tin-tuc/a.md:5:1: lỗi:", "Tab", "dấu cách", "tabs", "spaces")


def test_duplicate_field(site_dir: Path) -> None:
    text = "---\ntitle: Tin\ndate: 2024-05-20\ntitle: Tin khác\n---\n"
    message = one_error(check_site(site_dir, {"tin-tuc/a.md": text}))
    assert_message(message, "content/tin-tuc/a.md:4:1: lỗi:", '"title" được viết hai lần', "dòng 2", "written twice", "line 2")


# --- files and URLs -----------------------------------------------------------------------


def test_two_files_with_one_url_are_both_named(site_dir: Path) -> None:
    files = {"tin-tuc/Bao-Ve.md": NEWS_OK, "tin-tuc/bao-ve.md": NEWS_OK}
    message = one_error(check_site(site_dir, files))
    assert "content/tin-tuc/Bao-Ve.md" in message and "content/tin-tuc/bao-ve.md" in message, message
    assert ": lỗi:" in message and '"bao-ve"' in message and "Rename one" in message


def test_vietnamese_and_ascii_names_with_one_url(site_dir: Path) -> None:
    files = {"tin-tuc/bảo-vệ.md": NEWS_OK, "tin-tuc/bao-ve.md": NEWS_OK}
    message = one_error(check_site(site_dir, files))
    assert "content/tin-tuc/bảo-vệ.md" in message and "content/tin-tuc/bao-ve.md" in message, message


@pytest.mark.parametrize("section", ["chien-dich", "tin-tuc", "ke-hoach", "duong-day-nong"])
def test_standalone_page_colliding_with_a_built_in_page(site_dir: Path, section: str) -> None:
    message = one_error(check_site(site_dir, {f"{section}.md": "---\ntitle: Trang\n---\n"}))
    assert_message(message, f"content/{section}.md:1:1: lỗi:", f"/{section}/", "Rename the file")


def test_symlinked_page_pointing_outside_content_is_refused(site_dir: Path) -> None:
    outside = site_dir / "bi-mat.md"
    outside.write_text(NEWS_OK, encoding="utf-8")
    assert errors(check_site(site_dir, {"tin-tuc/a.md": NEWS_OK})) == []
    (site_dir / "content" / "tin-tuc" / "lien-ket.md").symlink_to(outside)
    message = one_error(check_site(site_dir, {}))
    assert_message(message, "content/tin-tuc/lien-ket.md:1:1: lỗi:", "trỏ ra ngoài thư mục nội dung", "points outside the content folder")


def test_symlinked_media_pointing_outside_content_is_refused_and_not_published(site_dir: Path) -> None:
    secret = site_dir / "secret.png"
    secret.write_bytes(b"\x89PNG secret")
    content = site_dir / "content"
    (content / "media").mkdir(parents=True)
    (content / "media" / "anh.png").symlink_to(secret)
    built = build_site(site_dir, {"tin-tuc/a.md": NEWS_OK})
    assert not built.result.ok
    message = one_error(built.result.report)
    assert_message(message, "content/media/anh.png:1:1: lỗi:", "trỏ ra ngoài", "points outside")
    assert not built.out.exists()


def test_symlink_inside_content_is_allowed(site_dir: Path) -> None:
    check_site(site_dir, {"tin-tuc/a.md": NEWS_OK})
    (site_dir / "content" / "tin-tuc" / "b.md").symlink_to(site_dir / "content" / "tin-tuc" / "a.md")
    assert errors(check_site(site_dir, {})) == []


# --- all problems at once -----------------------------------------------------------------


def test_all_problems_are_collected_and_sorted(site_dir: Path) -> None:
    files = {
        "tin-tuc/b.md": "---\ntitle: B\ndate: 2024-02-30\n---\n",
        "tin-tuc/a.md": '---\ntitel: A\ndate: 2024-05-20\nhotlines: ["112"]\n---\n',
    }
    found = errors(check_site(site_dir, files))
    starts = [e.split(": lỗi:")[0] for e in found]
    assert starts == ["content/tin-tuc/a.md:2:1", "content/tin-tuc/a.md:4:12", "content/tin-tuc/b.md:3:7"], found


def test_build_reports_the_same_errors_as_check(site_dir: Path) -> None:
    files = {"tin-tuc/a.md": "---\ntitel: A\ndate: 2025-13-45\n---\n"}
    checked = errors(check_site(site_dir, files))
    built = build_site(site_dir, files)
    assert not built.result.ok
    assert errors(built.result.report) == checked and len(checked) == 2
    assert not built.out.exists()


def test_cli_check_prints_every_error_and_exits_1_without_traceback(site_dir: Path) -> None:
    from conftest import write_site

    write_site(
        site_dir,
        {
            "tin-tuc/b.md": "---\ntitle: B\ndate: 2024-13-01\n---\n",
            "tin-tuc/a.md": '---\ntitel: A\ndate: 2024-05-20\nhotlines: ["112"]\n---\n',
        },
    )
    for command in ("check", "build"):
        done = run_cli(command, "--no-search", "--today", "2024-06-10", cwd=site_dir, env={"SITE_BUILDER_CACHE": str(site_dir / "cache")})
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        lines = [line for line in done.stderr.splitlines() if ": lỗi:" in line]
        assert [line.split(": lỗi:")[0] for line in lines] == [
            "content/tin-tuc/a.md:2:1",
            "content/tin-tuc/a.md:4:12",
            "content/tin-tuc/b.md:3:7",
        ], done.stderr
        assert "3 lỗi" in done.stderr and "3 error(s)" in done.stderr
    assert not (site_dir / "public").exists()


# --- NFC ----------------------------------------------------------------------------------


def test_nfd_content_renders_as_nfc(site_dir: Path) -> None:
    title = "Bảo vệ trẻ em khỏi đuối nước"
    body = "Cha mẹ hãy dạy con bơi và luôn trông chừng trẻ.\n\n## Đường dây nóng\n"
    text = unicodedata.normalize("NFD", f"---\ntitle: {title}\ndate: 2024-05-20\nsummary: Tóm tắt ngắn gọn\n---\n{body}")
    assert text != unicodedata.normalize("NFC", text)
    name = unicodedata.normalize("NFD", "tin-tuc/đuối-nước.md")
    built = build_site(site_dir, {name: text})
    assert built.result.ok, built.messages
    page = built.read("tin-tuc/duoi-nuoc/index.html")
    assert unicodedata.normalize("NFC", page) == page
    assert f"<h1>{title}</h1>" in page
    assert "Cha mẹ hãy dạy con bơi" in page
    assert 'id="duong-day-nong"' in page
    listing = built.read("tin-tuc/index.html")
    assert title in listing and "Tóm tắt ngắn gọn" in listing


def test_byte_order_mark_and_crlf_are_accepted(site_dir: Path) -> None:
    text = "\ufeff---\r\ntitle: Tin\r\ndate: 2024-05-20\r\n---\r\nNội dung.\r\n"
    report = check_site(site_dir, {"tin-tuc/a.md": text.encode("utf-8")})
    assert errors(report) == []


def test_reference_when_no_hotline_is_registered_says_so(site_dir: Path) -> None:
    message = one_error(check_site(site_dir, {"site.yaml": 'title: Cổng\nfeatured_hotlines: ["111"]\n', "hotlines.yaml": "[]\n"}))
    assert_message(message, "content/site.yaml:2:21: lỗi:", '"111" chưa có trong hotlines.yaml', "None is declared yet")
    assert "Valid values: ." not in message


def test_missing_site_yaml_and_hotlines_yaml(site_dir: Path) -> None:
    found = errors(check_site(site_dir, {"tin-tuc/a.md": NEWS_OK}, defaults=False))
    assert [e.split(": lỗi:")[0] for e in found] == ["content/hotlines.yaml:1:1", "content/site.yaml:1:1"], found
    assert "title:" in found[1] and "111" in found[0]
