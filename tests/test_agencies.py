"""Agencies: canonical names from agencies.yaml, one page each across plans, look-alike warnings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import PROJECT, build_site, check_site
from test_build import broken_links

AGENCIES = """\
- name: Phòng Lao động – Thương binh và Xã hội
  short: Phòng LĐ-TB&XH
  aliases: [Phòng LĐTBXH, Phòng Lao động - Thương binh và Xã hội]
- name: Phòng Y tế
"""


def plan(year: int, *agencies: str, number: str = "") -> str:
    lines = [f"title: Kế hoạch năm {year}", "issuer: Ủy ban nhân dân quận Thử", f"year: {year}"]
    if number:
        lines.append(f'number: "{number}"')
    lines.append("assignments:")
    for n, agency in enumerate(agencies):
        lines += [f"  - agency: {agency}", f"    tasks: [Nhiệm vụ {n + 1} năm {year}]"]
    return "\n".join(lines) + "\n"


def test_aliases_file_tasks_under_one_agency_grouped_by_year(site_dir: Path) -> None:
    built = build_site(
        site_dir,
        {
            "agencies.yaml": AGENCIES,
            "ke-hoach/2023-a.yaml": plan(2023, "Phòng LĐTBXH", "Phòng Y tế"),
            "ke-hoach/2024-b.yaml": plan(2024, "Phòng Lao động - Thương binh và Xã hội"),
            "ke-hoach/2024-c.yaml": plan(2024, "phòng lao động – thương binh và xã hội"),  # case and dash do not matter
        },
    )
    assert built.result.ok, built.messages
    page = built.read("co-quan/phong-lao-dong-thuong-binh-va-xa-hoi/index.html")
    assert "<h1>Phòng Lao động – Thương binh và Xã hội</h1>" in page and "Viết tắt: Phòng LĐ-TB&amp;XH" in page
    years = re.findall(r'<h2 id="nam-(\d+)">', page)
    assert years == ["2024", "2023"]
    assert page.index("Nhiệm vụ 1 năm 2024") < page.index("Nhiệm vụ 1 năm 2023")
    assert "ghi là “Phòng LĐTBXH”" in page
    assert 'href="../../ke-hoach/2023-a/"' in page and 'href="../../ke-hoach/2024-c/"' in page
    # each plan links the name it wrote to the canonical page
    assert '<a href="../../co-quan/phong-lao-dong-thuong-binh-va-xa-hoi/">Phòng LĐTBXH</a>' in built.read("ke-hoach/2023-a/index.html")
    index = built.read("co-quan/index.html").split('<main', 1)[1]
    assert index.count('href="../co-quan/') == 2 and "3 nhiệm vụ trong 3 kế hoạch" in index
    assert broken_links(built.out) == []


def test_an_undeclared_agency_has_its_own_page(site_dir: Path) -> None:
    built = build_site(site_dir, {"ke-hoach/2024-a.yaml": plan(2024, "Hội Liên hiệp Phụ nữ phường")})
    assert built.result.ok, built.messages
    assert "<h1>Hội Liên hiệp Phụ nữ phường</h1>" in built.read("co-quan/hoi-lien-hiep-phu-nu-phuong/index.html")


def test_near_duplicate_agency_name_is_a_warning_at_the_plan_line(site_dir: Path) -> None:
    report = check_site(
        site_dir,
        {
            "agencies.yaml": AGENCIES,
            "ke-hoach/2024-a.yaml": plan(2024, "Phòng Y tế", "Phòng Lao động Thương binh Xã hội", "Phòng Tư pháp"),
        },
    )
    warnings = [d for d in report.diagnostics if d.code == "agency-near-duplicate"]
    assert not report.has_errors
    assert len(warnings) == 1
    warning = warnings[0]
    assert str(warning.location) == "content/ke-hoach/2024-a.yaml:7:5"  # the `agency:` field of the 2nd assignment
    assert "“Phòng Lao động Thương binh Xã hội”" in warning.vi and "aliases" in warning.vi
    assert "Phòng Lao động – Thương binh và Xã hội" in warning.en


def test_two_undeclared_look_alikes_warn_once(site_dir: Path) -> None:
    report = check_site(site_dir, {"ke-hoach/2024-a.yaml": plan(2024, "Phòng Văn hóa và Thông tin", "Phòng Văn hóa - Thông tin")})
    assert [d.code for d in report.diagnostics if d.code == "agency-near-duplicate"] == ["agency-near-duplicate"]


def test_demo_content_has_no_agency_warnings(tmp_path: Path) -> None:
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    from site_builder.diagnostics import Report
    from site_builder.pipeline import BuildOptions, check

    report = Report()
    planned = check(BuildOptions(content=tmp_path / "content", out=tmp_path / "public", search=False, quiet=True), report)
    assert planned is not None and not report.has_errors
    assert [d for d in report.diagnostics if d.code.startswith("agency")] == []
    slugs = {a.slug for a in planned.site.agencies}
    # "Công an quận", "Công an thành phố", "Công an các cấp" are one agency
    assert "cong-an" in slugs and not any(s.startswith("cong-an-") for s in slugs)
    assert len(planned.site.agency_by_slug["cong-an"].assignments) == 3
