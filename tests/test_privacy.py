"""Personal data is reported before publishing, located and masked, never repeated in full."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site, check_site, run_cli, write_site
from site_builder.privacy import Allowed, find_personal_data, mask, scrub

ALLOWED = Allowed(
    numbers=frozenset({"111", "113", "1900545559", "02838912345"}),
    emails=frozenset({"lienhe@quan12.vn"}),
    email_domains=("gov.vn",),
)

EMAIL = "nguyen.van.an@gmail.com"
CCCD = "079123456789"
MOBILE = "0912345678"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in find_personal_data(text, ALLOWED)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Liên hệ {EMAIL} nhé", [("email", EMAIL)]),
        (f"CCCD số {CCCD}.", [("id", CCCD)]),
        ("CMND 123456789", [("id", "123456789")]),
        (f"Gọi {MOBILE}", [("phone", MOBILE)]),
        ("Gọi 0912 345 678", [("phone", "0912 345 678")]),
        ("Gọi 091.234.5678", [("phone", "091.234.5678")]),
        ("Gọi +84 912 345 678", [("phone", "+84 912 345 678")]),
        ("Số máy bàn 028 3891 2346", [("phone", "028 3891 2346")]),
        (f"{EMAIL}, {MOBILE} và {CCCD}", [("email", EMAIL), ("phone", MOBILE), ("id", CCCD)]),
    ],
)
def test_personal_data_is_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Gọi 111 hoặc 113 ngay.",
        "Tổng đài 1900 545 559 có tính cước.",
        "Số cơ quan: 028 3891 2345.",
        "Thư: ldtbxh@quan12.gov.vn hoặc LienHe@quan12.vn",
        "Hỗ trợ 1.000.000 đồng cho 250 trẻ em năm 2024, đạt 100%.",
        "Theo Nghị định 56/2017/NĐ-CP ngày 09/5/2017 và Quyết định 1234/QĐ-UBND.",
        "Tỷ lệ 0,912345678 là một số thập phân.",
        "Mã số thuế 0312345678901234 quá dài để là CCCD.",
    ],
)
def test_registered_official_and_ordinary_numbers_are_not_personal_data(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (CCCD, "0791•••••789"),
        (MOBILE, "0912•••678"),
        ("+84 912 345 678", "0912•••678"),
        (EMAIL, "ng•••@gmail.com"),
        ("an@gmail.com", "•••@gmail.com"),
        ("1234567", "•••••••"),
    ],
)
def test_mask_never_shows_the_whole_value(value: str, masked: str) -> None:
    assert mask(value) == masked


def test_scrub_replaces_each_finding_with_its_mask() -> None:
    text = f"Mẹ em: {MOBILE}, thư {EMAIL}."
    assert scrub(text, find_personal_data(text, ALLOWED)) == "Mẹ em: 0912•••678, thư ng•••@gmail.com."


PAGE_WITH_PERSONAL_DATA = f"""\
---
title: Một trường hợp cần hỗ trợ
date: 2024-05-20
---
Gia đình em liên hệ qua {EMAIL}.

Số CCCD của mẹ em là {CCCD}, điện thoại {MOBILE}.
"""


def test_personal_data_is_reported_located_and_masked(site_dir: Path) -> None:
    report = check_site(site_dir, {"tin-tuc/a.md": PAGE_WITH_PERSONAL_DATA})
    found = [d.format() for d in report.sorted() if d.severity == "error"]
    assert [f.split(": lỗi:")[0] for f in found] == [
        "content/tin-tuc/a.md:5:25",
        "content/tin-tuc/a.md:7:22",
        "content/tin-tuc/a.md:7:47",
    ], found
    assert "địa chỉ e-mail cá nhân (ng•••@gmail.com)" in found[0] and "personal e-mail address" in found[0]
    assert "số CMND/CCCD (0791•••••789)" in found[1] and "ID-card number" in found[1]
    assert "số điện thoại chưa đăng ký (0912•••678)" in found[2] and "unregistered phone number" in found[2]
    everything = report.format_text() + report.format_json()
    for secret in (EMAIL, CCCD, MOBILE, "nguyen.van", "345678"):
        assert secret not in everything


def test_personal_data_in_front_matter_and_plans_is_reported(site_dir: Path) -> None:
    files = {
        "tin-tuc/a.md": f"---\ntitle: Tin\ndate: 2024-05-20\nsummary: Gọi cô giáo {MOBILE}\n---\n",
        "ke-hoach/p.yaml": f"title: K\nissuer: I\nyear: 2024\nsigner: {{name: Nguyễn Văn A, position: '{EMAIL}'}}\n",
    }
    found = [d for d in check_site(site_dir, files).sorted() if d.code == "personal-data"]
    assert [str(d.location) for d in found] == ["content/ke-hoach/p.yaml:4:41", "content/tin-tuc/a.md:4:22"]


def test_official_contacts_in_site_yaml_may_be_published(site_dir: Path) -> None:
    site = (
        'title: Cổng\nfeatured_hotlines: ["111"]\nofficial_contacts:\n'
        '  emails: ["ldtbxh@quan12.vn"]\n  email_domains: ["gov.vn"]\n  phones: ["02838912345"]\n'
    )
    page = "---\ntitle: Liên hệ\n---\nPhòng LĐTBXH: 028 3891 2345, ldtbxh@quan12.vn, tre-em@hcm.gov.vn. Gọi 1900 545 559.\n"
    built = build_site(site_dir, {"site.yaml": site, "lien-he.md": page})
    assert built.result.ok, built.messages
    html = built.read("lien-he/index.html")
    assert "028 3891 2345" in html and "ldtbxh@quan12.vn" in html


def test_a_build_with_personal_data_publishes_nothing_and_never_prints_it(site_dir: Path) -> None:
    write_site(site_dir, {"tin-tuc/a.md": PAGE_WITH_PERSONAL_DATA})
    for command in ("check", "build"):
        done = run_cli(command, "--no-search", "--today", "2024-06-10", cwd=site_dir, env={"SITE_BUILDER_CACHE": str(site_dir / "cache")})
        assert done.returncode == 1, done.stderr
        output = done.stdout + done.stderr
        assert "0912•••678" in output and "0791•••••789" in output and "ng•••@gmail.com" in output
        for secret in (EMAIL, CCCD, MOBILE):
            assert secret not in output
        assert "Traceback" not in output
    assert not (site_dir / "public").exists()


def test_json_report_masks_personal_data(site_dir: Path) -> None:
    write_site(site_dir, {"tin-tuc/a.md": PAGE_WITH_PERSONAL_DATA})
    done = run_cli("check", "--format", "json", cwd=site_dir)
    assert done.returncode == 1
    assert '"code": "personal-data"' in done.stdout
    for secret in (EMAIL, CCCD, MOBILE):
        assert secret not in done.stdout + done.stderr
