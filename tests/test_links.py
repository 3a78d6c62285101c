"""`check` as the gate: broken internal links and images without alt text, located in the source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import build_site, check_site, run_cli, write_site
from site_builder.links import find_links, resolve_target

PLAN = "title: Kế hoạch 2024\nissuer: UBND Quận 12\nyear: 2024\n"


def news(body: str, title: str = "Tin", extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2024-05-20\n{extra}---\n{body}"


def errors(report, code: str = "broken-link") -> list[str]:
    return [f"{d.location}" for d in report.sorted() if d.code == code]


def test_links_to_planned_pages_media_and_feeds_pass(site_dir: Path) -> None:
    body = (
        "Xem [tin B](/tin-tuc/b/), [tương đối](../b/), [không gạch chéo](/tin-tuc/b),\n"
        "[kế hoạch](../../ke-hoach/2024-quan-12/), [trang chủ](/), [đường dây nóng](/duong-day-nong/#111),\n"
        "[nguồn tin](/feed.xml), [giới thiệu](/gioi-thieu/), [ảnh](/media/anh-thang-6.jpg), [mục](#muc),\n"
        "[ngoài](https://example.org/x), [gọi](tel:111), <https://example.org/>.\n\n"
        "![Trẻ em vui chơi](/media/anh-thang-6.jpg)\n"
    )
    built = build_site(
        site_dir,
        {
            "tin-tuc/a.md": news(body),
            "tin-tuc/b.md": news("B."),
            "gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nXem [tin A](../tin-tuc/a/) và [tin B](./../tin-tuc/b/index.html).\n",
            "ke-hoach/2024-quan-12.yaml": PLAN,
            "media/Ảnh Tháng 6.JPG": b"\xff\xd8jpeg",
        },
    )
    assert built.result.ok, built.messages
    assert not [d for d in built.result.report.diagnostics if d.code in ("broken-link", "image-alt")]


def test_broken_links_are_errors_located_at_the_link_with_a_suggestion(site_dir: Path) -> None:
    body = "Dòng một.\n\nĐọc [tin B](/tin-tuc/tin-bb/) và\n  [kế hoạch](/ke-hoach/2024-quan12/).\n"
    report = check_site(site_dir, {"tin-tuc/a.md": news(body), "tin-tuc/tin-b.md": news("B."), "ke-hoach/2024-quan-12.yaml": PLAN})
    found = [d for d in report.sorted() if d.code == "broken-link"]
    assert [str(d.location) for d in found] == ["content/tin-tuc/a.md:7:5", "content/tin-tuc/a.md:8:3"]
    assert all(d.severity == "error" for d in found)
    assert 'Có phải ý bạn là "/tin-tuc/tin-b/"?' in found[0].vi and 'Did you mean "/tin-tuc/tin-b/"?' in found[0].en
    assert '"/ke-hoach/2024-quan-12/"' in found[1].vi
    assert report.has_errors


def test_a_build_with_a_broken_link_publishes_nothing(site_dir: Path) -> None:
    built = build_site(site_dir, {"tin-tuc/a.md": news("[x](/tin-tuc/khong-co/)\n")})
    assert not built.result.ok
    assert not built.out.exists()


def test_links_to_drafts_and_missing_media_are_broken(site_dir: Path) -> None:
    body = "[nháp](/tin-tuc/nhap/)\n\n![Ảnh](/media/Ảnh Tháng 6.JPG)\n\n![Sơ đồ](/media/so-do.png)\n"
    report = check_site(
        site_dir,
        {
            "tin-tuc/a.md": news(body),
            "tin-tuc/nhap.md": news("Nháp.", extra="draft: true\n"),
            "media/Ảnh Tháng 6.JPG": b"\xff\xd8jpeg",
        },
    )
    found = [d for d in report.sorted() if d.code == "broken-link"]
    assert [str(d.location) for d in found] == ["content/tin-tuc/a.md:5:1", "content/tin-tuc/a.md:7:1", "content/tin-tuc/a.md:9:1"]
    assert "bản nháp" in found[0].vi
    assert "media/" in found[1].vi and '"/media/anh-thang-6.jpg"' in found[1].vi


def test_links_climbing_out_of_the_site_are_broken(site_dir: Path) -> None:
    report = check_site(site_dir, {"tin-tuc/a.md": news("[x](../../../etc/passwd)\n")})
    found = [d for d in report.sorted() if d.code == "broken-link"]
    assert [str(d.location) for d in found] == ["content/tin-tuc/a.md:5:1"]
    assert "ra ngoài trang web" in found[0].vi


def test_links_in_code_are_examples_not_links(site_dir: Path) -> None:
    body = "Viết `[tên](/khong-co/)` như sau:\n\n```\n[tên](/khong-co-2/)\n![](/media/x.png)\n```\n\n    [tên](/khong-co-3/)\n"
    report = check_site(site_dir, {"tin-tuc/a.md": news(body)})
    assert errors(report) == [] and errors(report, "image-alt") == []


def test_reference_and_html_links_are_checked(site_dir: Path) -> None:
    body = 'Xem [tin][b].\n\n[b]: /tin-tuc/khong-co/\n\n<a href="/ke-hoach/khong-co/">kế hoạch</a>\n'
    report = check_site(site_dir, {"tin-tuc/a.md": news(body)})
    assert errors(report) == ["content/tin-tuc/a.md:7:6", "content/tin-tuc/a.md:9:1"]


def test_images_without_alt_text_are_errors(site_dir: Path) -> None:
    body = "![](/media/a.png)\n\n![   ](/media/a.png)\n\n<img src=\"/media/a.png\">\n\n[![Ảnh bìa](/media/a.png)](/tin-tuc/a/)\n\n![Có mô tả](/media/a.png)\n"
    report = check_site(site_dir, {"tin-tuc/a.md": news(body), "media/a.png": b"\x89PNG"})
    found = [d for d in report.sorted() if d.code == "image-alt"]
    assert [str(d.location) for d in found] == ["content/tin-tuc/a.md:5:1", "content/tin-tuc/a.md:7:1", "content/tin-tuc/a.md:9:1"]
    assert all(d.severity == "error" for d in found)
    assert "![Mô tả ảnh]" in found[0].vi and "alternative text" in found[0].en
    assert errors(report) == []


@pytest.mark.parametrize(
    ("url", "page", "target"),
    [
        ("/tin-tuc/a/", "tin-tuc/b/", "tin-tuc/a/"),
        ("../a/", "tin-tuc/b/", "tin-tuc/a/"),
        ("../..", "tin-tuc/b/", ""),
        ("../../../x", "tin-tuc/b/", ".."),
        ("/a/../../x", "", ".."),
        ("/media/a%20b.png?v=1#x", "", "media/a b.png"),
        ("https://example.org/", "", None),
        ("JavaScript:alert(1)", "", None),
        ("//cdn.example.org/x.js", "", None),
        ("#muc", "tin-tuc/b/", None),
    ],
)
def test_resolve_target(url: str, page: str, target: str | None) -> None:
    assert resolve_target(url, page) == target


def test_find_links_reads_titles_angle_brackets_and_nested_images() -> None:
    links = find_links('[a](/x/ "tiêu đề") [b](</y z/>) [![ảnh](/i.png)](/z/)')
    assert [(l.url, l.image) for l in links] == [("/x/", False), ("/y z/", False), ("/z/", False), ("/i.png", True)]


def test_check_json_lists_every_problem_sorted_and_located(site_dir: Path) -> None:
    topics = "- slug: tre-em\n  name: Trẻ em\n"
    write_site(
        site_dir,
        {
            "topics.yaml": topics,
            "tin-tuc/b.md": news("![](/media/khong-co.png)\n"),
            "tin-tuc/a.md": news("Gọi 0912 345 678.\n\n[x](/khong-co/)\n", extra="topics: [tre-emm]\n"),
        },
    )
    done = run_cli("check", "--format", "json", cwd=site_dir, env={"SITE_BUILDER_CACHE": str(site_dir / "cache")})
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    payload = json.loads(done.stdout)
    found = [(d["path"], d["line"], d["column"], d["code"]) for d in payload["diagnostics"] if d["severity"] == "error"]
    assert found == [
        ("content/tin-tuc/a.md", 4, 10, "unknown-topic"),
        ("content/tin-tuc/a.md", 6, 5, "personal-data"),
        ("content/tin-tuc/a.md", 8, 1, "broken-link"),
        ("content/tin-tuc/b.md", 5, 1, "broken-link"),
        ("content/tin-tuc/b.md", 5, 1, "image-alt"),
    ]
    assert payload["errors"] == 5
    for d in payload["diagnostics"]:
        assert d["message_vi"] and d["message_en"] and d["message_vi"] != d["message_en"]
    assert "0912 345 678" not in done.stdout


def test_check_text_output_is_sorted_bilingual_and_exits_1(site_dir: Path) -> None:
    write_site(site_dir, {"tin-tuc/b.md": news("[x](/khong-co/)\n"), "tin-tuc/a.md": news("![](/media/x.png)\n")})
    done = run_cli("check", cwd=site_dir, env={"SITE_BUILDER_CACHE": str(site_dir / "cache")})
    assert done.returncode == 1
    lines = [l for l in done.stderr.splitlines() if ": lỗi: " in l]
    assert [l.split(": lỗi: ")[0] for l in lines] == ["content/tin-tuc/a.md:5:1", "content/tin-tuc/a.md:5:1", "content/tin-tuc/b.md:5:1"]
    assert "error: The link" in done.stderr and "Liên kết" in done.stderr


@pytest.mark.parametrize("url", ["jav&#x09;ascript:alert(1)", "&#106;avascript:alert(1)", "jav\tascript:x", "  mailto:a@b.vn", "\\\\may-chu\\x"])
def test_urls_with_a_scheme_as_a_browser_reads_them_are_off_site(url: str) -> None:
    assert resolve_target(url, "tin-tuc/a/") is None


def test_links_in_plan_goals_are_checked_and_found_in_the_yaml(site_dir: Path) -> None:
    plan = PLAN + 'goals:\n  - "Thực hiện theo [hướng dẫn](/ke-hoach/khong-co/) của Sở."\n  - Xem [đường dây nóng](/duong-day-nong/).\n'
    report = check_site(site_dir, {"ke-hoach/2024-quan-12.yaml": plan})
    found = [d for d in report.sorted() if d.code == "broken-link"]
    assert [str(d.location) for d in found] == ["content/ke-hoach/2024-quan-12.yaml:5:21"]


def test_images_from_other_sites_are_errors(site_dir: Path) -> None:
    body = "![Ảnh](https://example.org/a.png)\n\n![Ảnh](//cdn.example.org/a.png)\n\n<img alt=\"x\" src=\"http://example.org/t.gif\">\n\n[Trang](https://example.org/)\n"
    report = check_site(site_dir, {"tin-tuc/a.md": news(body)})
    found = [d for d in report.sorted() if d.code == "image-external"]
    assert [str(d.location) for d in found] == ["content/tin-tuc/a.md:5:1", "content/tin-tuc/a.md:7:1", "content/tin-tuc/a.md:9:1"]
    assert "media/" in found[0].vi and "another site" in found[0].en
