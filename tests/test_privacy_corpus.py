"""A corpus of realistic Vietnamese sentences: what the privacy guard must catch, and what it must leave.

The sentences are the kind a ward communicator writes: reports of a case, plan
excerpts, prize announcements. The "must not" half is as important as the "must"
half: a guard that cries wolf at every date and plan number gets switched off.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site, check_site
from site_builder.privacy import Allowed, find_personal_data

# As a site would have them: the registered hotlines and the contacts in site.yaml.
ALLOWED = Allowed(
    numbers=frozenset({"111", "113", "1900545559", "18009069", "18001769", "02838912345", "02439362345"}),
    emails=frozenset({"tongdai111@molisa.gov.vn", "phongvhtt.q12@tphcm.vn"}),
    email_domains=("gov.vn", "quan12.gov.vn"),
)

MUST_CATCH = [
    ("Mẹ cháu có số điện thoại 0912345678, đề nghị liên hệ trực tiếp.", "phone", "0912345678"),
    ("Em Nguyễn Thị H. (lớp 7A) cho biết bố em gọi từ số 0912 345 678 mỗi tối.", "phone", "0912 345 678"),
    ("Người báo tin để lại số 091.234.5678 và đề nghị giữ kín.", "phone", "091.234.5678"),
    ("Liên hệ chị Lan, cán bộ phụ trách: 0987-654-321.", "phone", "0987-654-321"),
    ("Gia đình đã chuyển vào Bình Dương, số mới +84 912 345 678.", "phone", "+84 912 345 678"),
    ("Số Zalo của cô giáo chủ nhiệm: +84912345678.", "phone", "+84912345678"),
    ("Anh trai em ở nước ngoài gọi về qua số (+84) 912 345 678.", "phone", "(+84) 912 345 678"),
    ("Số đã lưu trong máy cháu: 84912345678.", "phone", "84912345678"),
    ("Bố mẹ em: 0912345678/0987654321.", "phone", "0912345678"),
    ("Ông tổ trưởng dân phố (máy bàn 024 3936 1234) đã nắm tình hình.", "phone", "024 3936 1234"),
    ("Điện thoại nhà riêng: 028.3891.2346, gọi sau 17 giờ.", "phone", "028.3891.2346"),
    ("Bà ngoại em (máy bàn 02838912346) xin được giấu tên.", "phone", "02838912346"),
    ("Cháu ở với dì, số của dì là 0358 123 456.", "phone", "0358 123 456"),
    ("CMND của người giám hộ: 123456789, cấp tại Quảng Trị.", "id", "123456789"),
    ("Số CCCD 079123456789 của mẹ em được ghi trong biên bản.", "id", "079123456789"),
    ("Căn cước công dân số 001203004567 (cấp ngày 15/3/2021).", "id", "001203004567"),
    ("Gửi hồ sơ của cháu về địa chỉ nguyenthilan1985@gmail.com để được hỗ trợ.", "email", "nguyenthilan1985@gmail.com"),
    ("Phụ huynh có thể viết thư cho cô Hoa: hoa.tran@yahoo.com.vn.", "email", "hoa.tran@yahoo.com.vn"),
    ("Mọi thắc mắc gửi về tuan_le@hotmail.com hoặc gọi 111.", "email", "tuan_le@hotmail.com"),
    ("Thư của em gửi cho anh phụ trách (anh.nguyen+tre-em@outlook.com) chưa được trả lời.", "email", "anh.nguyen+tre-em@outlook.com"),
    ("Liên hệ bằng thư điện tử cá nhân ThuHa.Pham@Gmail.com.", "email", "ThuHa.Pham@Gmail.com"),
]

MUST_NOT_CATCH = [
    "Tháng hành động vì trẻ em diễn ra từ 01/6/2023 đến 30/6/2023.",
    "Ngày 16/02/2023, Ủy ban nhân dân thành phố ban hành Kế hoạch số 43/KH-UBND.",
    "Thực hiện Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ.",
    "Căn cứ Quyết định số 1234/QĐ-UBND ngày 12/12/2022 và Công văn số 215/LĐTBXH-TE&BĐG.",
    "Luật Trẻ em số 102/2016/QH13 có hiệu lực từ ngày 01/6/2017.",
    "Mỗi suất quà trị giá 1.000.000 đồng, tổng kinh phí 2.500.000.000 đồng.",
    "Kinh phí: 150.000.000 đồng (một trăm năm mươi triệu đồng).",
    "Phấn đấu 100% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế; 98,5% trẻ em được tiêm chủng.",
    "Giảm tỷ suất tử vong trẻ em dưới 5 tuổi xuống còn 10,5‰ vào năm 2025.",
    "Năm 2024 có 1.250 trẻ em có hoàn cảnh đặc biệt, tăng 12,3% so với năm 2023.",
    "Khi trẻ em bị xâm hại, hãy gọi ngay Tổng đài 111 hoặc 113.",
    "Tổng đài tư vấn 1900 545 559 (có tính cước) và 1900545559 đều do Trung tâm quản lý.",
    "Đường dây tư vấn miễn phí 18009069 của Hội Bảo vệ Quyền Trẻ em.",
    "Tỉnh Quảng Ninh có đường dây 1800 1769 miễn phí.",
    "Đường dây 1800.1769 hoạt động trong giờ hành chính.",
    "Phòng Lao động – Thương binh và Xã hội: 028 3891 2345.",
    "Văn phòng UBND quận: (024) 3936 2345.",
    "Mọi ý kiến xin gửi về tongdai111@molisa.gov.vn hoặc ldtbxh@quan12.gov.vn.",
    "Thư góp ý gửi Phòng Văn hóa – Thông tin: phongvhtt.q12@tphcm.vn.",
    "Có 111 cuộc gọi tới tổng đài trong tháng 6, 113 trường hợp được hỗ trợ.",
    "Mã hồ sơ 2024-00123 đã được tiếp nhận lúc 14:30 ngày 05/7/2024.",
    "Tổ chức 12 lớp tập huấn cho 1.234 cán bộ, 25.000 lượt người tham gia.",
    "Diện tích 1.234,56 m², dân số 123.456 người, 45.678 hộ gia đình.",
    "Số hiệu tiêu chuẩn TCVN 7570:2006 được áp dụng.",
    "Kế hoạch giai đoạn 2021–2025, tầm nhìn đến năm 2030.",
    "Mã số thuế của đơn vị: 0312345678-001.",
    "Tỷ lệ 0,912345678 là một số thập phân.",
]


@pytest.mark.parametrize(("sentence", "kind", "value"), MUST_CATCH, ids=[f"catch-{n}" for n in range(len(MUST_CATCH))])
def test_personal_data_in_realistic_sentences_is_caught(sentence: str, kind: str, value: str) -> None:
    found = [(f.kind, sentence[f.start : f.end]) for f in find_personal_data(sentence, ALLOWED)]
    assert found[:1] == [(kind, value)]
    assert all(k == kind for k, _ in found)


@pytest.mark.parametrize("sentence", MUST_NOT_CATCH, ids=[f"leave-{n}" for n in range(len(MUST_NOT_CATCH))])
def test_dates_codes_amounts_and_official_contacts_are_left_alone(sentence: str) -> None:
    found = [(f.kind, sentence[f.start : f.end]) for f in find_personal_data(sentence, ALLOWED)]
    assert found == []


SITE_WITH_CONTACTS = """\
title: Cổng thử nghiệm
featured_hotlines: ["111", "113"]
official_contacts:
  emails: ["phongvhtt.q12@tphcm.vn"]
  email_domains: ["gov.vn"]
  phones: ["028 3891 2345", "02439362345"]
"""
HOTLINES = """\
- {number: "111", name: Tổng đài 111}
- {number: "113", name: Công an}
- {number: "1900545559", name: Tổng đài tư vấn}
- {number: "18009069", name: Hội Bảo vệ Quyền Trẻ em}
- {number: "18001769", name: Quảng Ninh}
"""


def test_a_whole_page_of_ordinary_text_builds_and_a_page_of_personal_data_does_not(site_dir: Path) -> None:
    clean = "---\ntitle: Báo cáo\ndate: 2024-05-20\n---\n" + "\n\n".join(MUST_NOT_CATCH) + "\n"
    built = build_site(site_dir, {"site.yaml": SITE_WITH_CONTACTS, "hotlines.yaml": HOTLINES, "tin-tuc/sach.md": clean})
    assert built.result.ok, built.messages
    assert not [d for d in built.result.report.diagnostics if d.code == "personal-data"]

    dirty = "---\ntitle: Vụ việc\ndate: 2024-05-20\n---\n" + "\n\n".join(s for s, _, _ in MUST_CATCH) + "\n"
    report = check_site(site_dir, {"site.yaml": SITE_WITH_CONTACTS, "hotlines.yaml": HOTLINES, "tin-tuc/vu-viec.md": dirty})
    found = [d for d in report.sorted() if d.code == "personal-data"]
    assert sorted({d.location.line for d in found}) == [5 + 2 * n for n in range(len(MUST_CATCH))]
    text = report.format_text() + report.format_json()
    for _, _, value in MUST_CATCH:
        assert value not in text  # masked, never repeated
    for d in found:
        # The fix is in the message: remove it, or list it as an official contact.
        assert "Hãy xóa nó" in d.vi and "official_contacts" in d.vi
        assert "Remove it" in d.en and "official_contacts" in d.en


def jpeg_with_exif(gps: bool) -> bytes:
    """A minimal JPEG whose EXIF has an orientation tag, and a GPS latitude when asked."""
    import struct

    entries = [(0x0112, 3, 1, 1)]  # Orientation
    if gps:
        entries.append((0x8825, 4, 1, 8 + 2 + 12 * 2 + 4))  # GPSInfo → the IFD right after IFD0
    tiff = b"II" + struct.pack("<HI", 42, 8) + struct.pack("<H", len(entries))
    tiff += b"".join(struct.pack("<HHII", *e) for e in entries) + struct.pack("<I", 0)
    if gps:
        tiff += struct.pack("<H", 1) + struct.pack("<HHII", 0x0002, 5, 3, 0) + struct.pack("<I", 0)
    app1 = b"Exif\x00\x00" + tiff
    return b"\xff\xd8" + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + b"\xff\xda\x00\x02" + b"\xff\xd9"


def test_photos_with_gps_and_file_names_with_personal_data_are_refused(site_dir: Path) -> None:
    built = build_site(
        site_dir,
        {
            "media/chau-be-o-nha.jpg": jpeg_with_exif(gps=True),
            "media/anh-truong.jpg": jpeg_with_exif(gps=False),
            "media/cccd-079123456789.pdf": b"%PDF",
            "media/me-em_0912345678.png": b"\x89PNG",
            "media/ke-hoach-43-kh-ubnd-2023.pdf": b"%PDF",
        },
    )
    found = [(str(d.location), d.code) for d in built.result.report.sorted() if d.severity == "error"]
    assert found == [
        ("content/media/cccd-0791•••••789.pdf:1:1", "personal-data"),
        ("content/media/chau-be-o-nha.jpg:1:1", "photo-location"),
        ("content/media/me-em_0912•••678.png:1:1", "personal-data"),
    ]
    text = built.result.report.format_text()
    assert "079123456789" not in text and "0912345678" not in text
    assert "GPS" in text and "Remove the location" in text
    assert not built.out.exists()


def test_no_message_repeats_personal_data_even_when_another_check_quotes_it(site_dir: Path) -> None:
    page = "---\ntitle: Tin\ndate: 0912345678\nsummary: Gọi 0987 654 321\n0912345678: x\n---\nNội dung.\n"
    report = check_site(site_dir, {"tin-tuc/me-em-0987654321.md": page, "tin-tuc/b.md": "---\ntitle: B\ndate: 2024-05-20\nplans: [cccd-079123456789]\n---\n"})
    text = report.format_text() + report.format_json()
    for secret in ("0912345678", "0987654321", "0987 654 321", "079123456789"):
        assert secret not in text
    codes = {d.code for d in report.sorted()}
    assert {"personal-data", "date-format", "unknown-field", "unknown-plan"} <= codes
    assert "content/tin-tuc/me-em-0987•••321.md" in text
