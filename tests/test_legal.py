"""Legal references: detection, slugs, pages that list citing plans and pages, links in text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import build_site
from site_builder.legal import LegalIndex, LegalLinker, assemble_legal, find_mentions
from test_build import broken_links


def names(text: str) -> list[tuple[str, int | None, str]]:
    return [(m.name, m.year, m.issuer) for m in find_mentions(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Luật Trẻ em năm 2016", [("Luật Trẻ em", 2016, "")]),
        ("Phổ biến Luật Trẻ em, Nghị định số 56/2017/NĐ-CP và Luật Bình đẳng giới.", [("Luật Trẻ em", None, ""), ("Nghị định số 56/2017/NĐ-CP", 2017, ""), ("Luật Bình đẳng giới", None, "")]),
        ("Luật Phòng, chống bạo lực gia đình năm 2022", [("Luật Phòng, chống bạo lực gia đình", 2022, "")]),
        ("Luật Hôn nhân và gia đình", [("Luật Hôn nhân và gia đình", None, "")]),
        ("Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị về tăng cường", [("Chỉ thị số 28-CT/TW", 2023, "Bộ Chính trị")]),
        ("Nghị quyết số 121/2020/QH14 ngày 19/6/2020 của Quốc hội", [("Nghị quyết số 121/2020/QH14", 2020, "Quốc hội")]),
        ("Chỉ thị số 23/CT-TTg ngày 26/5/2020 của Thủ tướng Chính phủ về", [("Chỉ thị số 23/CT-TTg", 2020, "Thủ tướng Chính phủ")]),
        ("Thông tư liên tịch số 05/2015/TTLT-BTP-BCA-BYT", [("Thông tư liên tịch số 05/2015/TTLT-BTP-BCA-BYT", 2015, "")]),
        ("Công văn số 215/LĐTBXH-TE&BĐG ngày 02/02/2022 của Sở Lao động - Thương binh và Xã hội về việc", [("Công văn số 215/LĐTBXH-TE&BĐG", 2022, "Sở Lao động - Thương binh và Xã hội")]),
        ("Kế hoạch số 43/KH-UBND ngày 16 tháng 02 năm 2023 của Ủy ban nhân dân thành phố Cẩm Phả", [("Kế hoạch số 43/KH-UBND", 2023, "Ủy ban nhân dân thành phố Cẩm Phả")]),
        ("Quyết định 06/QĐ-TTg", [("Quyết định số 06/QĐ-TTg", None, "")]),
        ("Nghị định số 103/2017/NĐ-CP của Chính phủ và Hướng dẫn số 10704/HĐ-SLĐTBXH", [("Nghị định số 103/2017/NĐ-CP", 2017, "Chính phủ")]),
    ],
)
def test_mentions_are_found_with_number_year_and_issuer(text: str, expected: list) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    ["tuân thủ pháp luật và luật lệ giao thông", "Luật sư tư vấn miễn phí", "ngày 1/6/2023, 24/7", "kế hoạch số 5 của trường", "Quyết định kịp thời"],
)
def test_words_that_are_not_references(text: str) -> None:
    assert find_mentions(text) == []


CITING = """\
number: "12/KH-UBND"
title: Kế hoạch của phường A
issuer: Ủy ban nhân dân phường A
issued: 2024-03-01
year: 2024
bases:
  - Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ quy định chi tiết một số điều của Luật Trẻ em
  - Kế hoạch số 56/KH-UBND ngày 26/02/2021 của Ủy ban nhân dân thành phố Cẩm Phả về hỗ trợ trẻ em khuyết tật
  - Kế hoạch số 43/KH-UBND ngày 16/02/2023 của Ủy ban nhân dân quận 12
activities:
  - title: Tuyên truyền
    items: ["Phổ biến Kế hoạch số 56/KH-UBND và Luật Trẻ em năm 2016."]
"""

OTHER_ISSUER = """\
number: "99/KH-UBND"
title: Kế hoạch của huyện B
issuer: Ủy ban nhân dân huyện B
year: 2023
bases:
  - Kế hoạch số 56/KH-UBND ngày 10/01/2023 của Ủy ban nhân dân huyện B về phòng chống đuối nước
  - Kế hoạch số 12/KH-UBND ngày 01/03/2024 của Ủy ban nhân dân phường A
"""

CITED_PLAN = """\
number: "43/KH-UBND"
title: Kế hoạch của quận 12
issuer: Ủy ban nhân dân quận 12
issued: 2023-02-16
year: 2023
bases:
  - Kế hoạch số 43/KH-UBND ngày 16/02/2023 (chính văn bản này)
"""

NEWS = """\
---
title: Bảo vệ trẻ em theo luật
date: 2024-05-01
---
Theo Nghị định số 56/2017/NĐ-CP, trẻ em bị xâm hại được hỗ trợ. Xem `Nghị định số 56/2017/NĐ-CP` và
[Luật Trẻ em](/van-ban/luat-tre-em/) — Luật Trẻ em năm 2016 quy định rõ.
"""


@pytest.fixture
def legal_site(site_dir: Path):
    built = build_site(
        site_dir,
        {
            "ke-hoach/2024-phuong-a.yaml": CITING,
            "ke-hoach/2023-huyen-b.yaml": OTHER_ISSUER,
            "ke-hoach/2023-quan-12.yaml": CITED_PLAN,
            "tin-tuc/bao-ve.md": NEWS,
        },
    )
    assert built.result.ok, built.messages
    return built


def test_document_page_uses_the_slug_rule_and_lists_every_citing_plan_and_page(legal_site) -> None:
    page = legal_site.read("van-ban/56-2017-nd-cp/index.html")
    assert "<h1>Nghị định số 56/2017/NĐ-CP</h1>" in page
    assert "Chính phủ" in page and "09/05/2017" in page and "quy định chi tiết một số điều của" in page
    assert 'href="../../ke-hoach/2024-phuong-a/"' in page and 'href="../../tin-tuc/bao-ve/"' in page
    assert "là căn cứ ban hành" in page
    law = legal_site.read("van-ban/luat-tre-em/index.html")
    assert "<h1>Luật Trẻ em năm 2016</h1>" in law
    index = legal_site.read("van-ban/index.html")
    assert index.index("Luật Trẻ em") < index.index("Nghị định số 56/2017/NĐ-CP") < index.index("Kế hoạch số 56/KH-UBND")


def test_a_code_two_issuers_share_gets_the_issuer_slug(legal_site) -> None:
    assert not legal_site.exists("van-ban/56-kh-ubnd/index.html")
    cam_pha = legal_site.read("van-ban/56-kh-ubnd-uy-ban-nhan-dan-thanh-pho-cam-pha/index.html")
    huyen_b = legal_site.read("van-ban/56-kh-ubnd-uy-ban-nhan-dan-huyen-b/index.html")
    assert "2024-phuong-a" in cam_pha and "2023-huyen-b" not in cam_pha
    assert "2023-huyen-b" in huyen_b and "2024-phuong-a" not in huyen_b
    # a later mention without an issuer on the same plan means the one its bases name
    plan = legal_site.read("ke-hoach/2024-phuong-a/index.html")
    assert plan.count('href="../../van-ban/56-kh-ubnd-uy-ban-nhan-dan-thanh-pho-cam-pha/"') == 2


def test_a_cited_plan_of_this_site_links_to_its_plan_page(legal_site) -> None:
    # matched on number and year: 43/KH-UBND of 2023 is ke-hoach/2023-quan-12
    assert not legal_site.exists("van-ban/43-kh-ubnd/index.html")
    citing = legal_site.read("ke-hoach/2024-phuong-a/index.html")
    assert '<a class="legal-ref" href="../../ke-hoach/2023-quan-12/">Kế hoạch số 43/KH-UBND</a>' in citing
    cited = legal_site.read("ke-hoach/2023-quan-12/index.html")
    assert "Được dẫn chiếu trong" in cited and 'href="../../ke-hoach/2024-phuong-a/"' in cited
    # its own number in its own text is not a link to itself, nor a citation
    assert 'href="../../ke-hoach/2023-quan-12/">Kế hoạch' not in cited
    assert 'href="../../ke-hoach/2023-quan-12/"' not in cited.split("Được dẫn chiếu trong", 1)[1]
    # and 12/KH-UBND of 2024, cited by huyện B, is phường A's plan
    assert '<a class="legal-ref" href="../../ke-hoach/2024-phuong-a/">Kế hoạch số 12/KH-UBND</a>' in legal_site.read("ke-hoach/2023-huyen-b/index.html")


def test_mentions_in_markdown_are_linked_but_not_inside_code_or_links(legal_site) -> None:
    page = legal_site.read("tin-tuc/bao-ve/index.html")
    assert 'Theo <a class="legal-ref" href="../../van-ban/56-2017-nd-cp/">Nghị định số 56/2017/NĐ-CP</a>,' in page
    assert "<code>Nghị định số 56/2017/NĐ-CP</code>" in page
    assert '<a href="../../van-ban/luat-tre-em/">Luật Trẻ em</a>' in page  # the author's own link stays
    assert '<a class="legal-ref" href="../../van-ban/luat-tre-em/">Luật Trẻ em</a> năm 2016' in page
    assert broken_links(legal_site.out) == []


def test_links_follow_other_files_even_when_markdown_comes_from_the_cache(site_dir: Path) -> None:
    """Fragments are cached by content; a plan added later still changes where a mention leads."""
    cache = site_dir / "cache"
    news = "---\ntitle: Tin\ndate: 2024-05-01\n---\nThực hiện Kế hoạch số 43/KH-UBND ngày 16/02/2023 của Ủy ban nhân dân quận 12.\n"
    first = build_site(site_dir, {"tin-tuc/tin.md": news}, cache_dir=cache)
    assert 'href="../../van-ban/43-kh-ubnd/"' in first.read("tin-tuc/tin/index.html")
    second = build_site(site_dir, {"tin-tuc/tin.md": news, "ke-hoach/2023-quan-12.yaml": CITED_PLAN}, cache_dir=cache)
    assert second.result.ok, second.messages
    assert 'href="../../ke-hoach/2023-quan-12/"' in second.read("tin-tuc/tin/index.html")


def test_linker_leaves_text_without_references_untouched() -> None:
    index = assemble_legal((), ())
    assert isinstance(index, LegalIndex) and index.refs == ()
    html = "<p>Gọi 111 khi cần.</p>"
    assert LegalLinker(index).link_html(html, "../", "tin-tuc/x/") is html
