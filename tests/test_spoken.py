"""Spoken forms for ward loudspeaker scripts (site_builder.spoken)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.markup import MarkdownConverters, create_markdown, hotline_pattern, render_markdown
from site_builder.spoken import (
    Glossary,
    Script,
    Spoken,
    compose_script,
    count_syllables,
    estimate_seconds,
    format_duration,
    group_phone_digits,
    is_vietnamese_syllable,
    load_glossary,
    render_script_text,
    speak,
    speak_all,
    spell_date,
    spell_decimal,
    spell_number,
    spell_phone,
    spell_time,
    spell_year,
    split_html_blocks,
    split_markdown_blocks,
)

SHARED_TABLE = Path(__file__).resolve().parents[2] / "shared" / "vi-spoken.tsv"
HOTLINES = frozenset({"111", "113", "1900545559", "18009069", "18001769"})
GLOSSARY = load_glossary()


def said(text: str, glossary: Glossary = GLOSSARY) -> str:
    return speak(text, glossary=glossary, hotlines=HOTLINES).text


def read_shared_table() -> list[tuple[str, str]]:
    rows = []
    for line in SHARED_TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        written, spoken = line.split("\t")
        rows.append((written, spoken))
    return rows


# --- the shared table, in full ------------------------------------------------------


@pytest.mark.parametrize(("written", "spoken"), read_shared_table())
def test_shared_table(written: str, spoken: str) -> None:
    assert said(written) == spoken


# --- cardinal numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (1, "một"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (91, "chín mươi mốt"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (111, "một trăm mười một"),
        (115, "một trăm mười lăm"),
        (1000, "một nghìn"),
        (1001, "một nghìn không trăm linh một"),
        (1010, "một nghìn không trăm mười"),
        (1100, "một nghìn một trăm"),
        (15000, "mười lăm nghìn"),
        (21000, "hai mươi mốt nghìn"),
        (105000, "một trăm linh năm nghìn"),
        (1_000_000, "một triệu"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (2_500_000_000, "hai tỷ năm trăm triệu"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (-3, "âm ba"),
    ],
)
def test_spell_number(n: int, words: str) -> None:
    assert spell_number(n) == words


def test_years_keep_bon() -> None:
    assert spell_year(2024) == "hai nghìn không trăm hai mươi bốn"
    assert spell_year(2021) == "hai nghìn không trăm hai mươi mốt"
    assert spell_year(2015) == "hai nghìn không trăm mười lăm"


_WORD_VALUES = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4,
    "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}  # fmt: skip


def _parse_vietnamese_number(words: list[str]) -> int:
    """An independent reader of spoken numbers, to check spell_number round-trips."""
    for unit, value in (("tỷ", 10**9), ("triệu", 10**6), ("nghìn", 10**3)):
        if unit in words:
            at = len(words) - 1 - words[::-1].index(unit)
            return _parse_vietnamese_number(words[:at]) * value + (_parse_vietnamese_number(words[at + 1 :]) if words[at + 1 :] else 0)
    value = 0
    if len(words) >= 2 and words[1] == "trăm":
        value, words = _WORD_VALUES[words[0]] * 100, words[2:]
    if not words:
        return value
    if words[0] == "linh":
        return value + _WORD_VALUES[words[1]]
    if words[0] == "mười":
        return value + 10 + (_WORD_VALUES[words[1]] if len(words) > 1 else 0)
    if len(words) >= 2 and words[1] == "mươi":
        return value + _WORD_VALUES[words[0]] * 10 + (_WORD_VALUES[words[2]] if len(words) > 2 else 0)
    return value + _WORD_VALUES[words[0]]


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**13))
def test_spell_number_round_trips_and_follows_the_rules(n: int) -> None:
    words = spell_number(n).split()
    assert _parse_vietnamese_number(words) == n
    for previous, word in zip(words, words[1:]):
        if word == "mốt" or word == "tư":
            assert previous == "mươi"
        if word == "lăm":
            assert previous in ("mười", "mươi")
        if word == "linh":
            assert previous == "trăm"


# --- decimals, thousands, percentages -----------------------------------------------


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("6,5", "sáu phẩy năm"),
        ("0,8", "không phẩy tám"),
        ("1.000", "một nghìn"),
        ("6,28", "sáu phẩy hai mươi tám"),
        ("0,005", "không phẩy không không năm"),
        ("1.234,5", "một nghìn hai trăm ba mươi tư phẩy năm"),
    ],
)
def test_spell_decimal(written: str, words: str) -> None:
    assert spell_decimal(written) == words


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Đạt 90 % kế hoạch.", "Đạt chín mươi phần trăm kế hoạch."),
        ("Dưới 0,8%.", "Dưới không phẩy tám phần trăm."),
        ("Đạt 99,5%.", "Đạt chín mươi chín phẩy năm phần trăm."),
        ("Có 1.000.000 đồng.", "Có một triệu đồng."),
        ("Tổng 2.500.000.000 đồng.", "Tổng hai tỷ năm trăm triệu đồng."),
        ("Có 21 em, 11 em và 1 em.", "Có hai mươi mốt em, mười một em và một em."),
        ("Có 15 em và 25 em.", "Có mười lăm em và hai mươi lăm em."),
        ("Có 24 hộ.", "Có hai mươi tư hộ."),
        ("Giảm 0,005%/năm.", "Giảm không phẩy không không năm phần trăm mỗi năm."),
        ("Còn 17/100.000 trẻ em.", "Còn mười bảy trên một trăm nghìn trẻ em."),
        ("Còn 6,5 trẻ/1.000 trẻ.", "Còn sáu phẩy năm trẻ trên một nghìn trẻ."),
        ("Đạt $\\geq 95\\%$ theo QĐ.", "Đạt ít nhất chín mươi lăm phần trăm theo Quyết định."),
        ("Trẻ < 5 tuổi.", "Trẻ dưới năm tuổi."),
        ("Cách mạng 4.0.", "Cách mạng bốn chấm không."),
        ("Có 08 loại vắc xin.", "Có tám loại vắc xin."),
        ("Giá 200.000đ.", "Giá hai trăm nghìn đồng."),
    ],
)
def test_amounts(written: str, spoken: str) -> None:
    assert said(written) == spoken


# --- dates and times ---------------------------------------------------------------------


def test_spell_date_and_time() -> None:
    assert spell_date(1, 6, 2023) == "ngày mùng một tháng sáu năm hai nghìn không trăm hai mươi ba"
    assert spell_date(None, 4, 2024) == "tháng tư năm hai nghìn không trăm hai mươi bốn"
    assert spell_date(10, 4) == "ngày mùng mười tháng tư"
    assert spell_date(11, 12) == "ngày mười một tháng mười hai"
    assert spell_time(7, 30) == "bảy giờ ba mươi phút"
    assert spell_time(14) == "mười bốn giờ"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("01/6/2023 là ngày khai mạc.", "Ngày mùng một tháng sáu năm hai nghìn không trăm hai mươi ba là ngày khai mạc."),
        ("Hạn chót là 31/12/2024.", "Hạn chót là ngày ba mươi mốt tháng mười hai năm hai nghìn không trăm hai mươi bốn."),
        ("Họp ngày 05.01.2024.", "Họp ngày mùng năm tháng một năm hai nghìn không trăm hai mươi bốn."),
        ("Từ 01/6 đến 30/6.", "Từ ngày mùng một tháng sáu đến ngày ba mươi tháng sáu."),
        ("Trước ngày 10/5 hằng năm.", "Trước ngày mùng mười tháng năm hằng năm."),
        ("Báo cáo 4/2024.", "Báo cáo tháng tư năm hai nghìn không trăm hai mươi bốn."),
        ("Trong tháng 12/2023.", "Trong tháng mười hai năm hai nghìn không trăm hai mươi ba."),
        ("Báo cáo quý 2/2024.", "Báo cáo quý hai năm hai nghìn không trăm hai mươi bốn."),
        ("Báo cáo quý I/2024.", "Báo cáo quý một năm hai nghìn không trăm hai mươi bốn."),
        (
            "Diễn ra 01/6/2024-30/6/2024.",
            "Diễn ra từ ngày mùng một tháng sáu năm hai nghìn không trăm hai mươi bốn"
            " đến ngày ba mươi tháng sáu năm hai nghìn không trăm hai mươi bốn.",
        ),
        ("Diễn ra 01-30/6.", "Diễn ra từ ngày mùng một đến ngày ba mươi tháng sáu."),
        (
            "Ngày 16 tháng 02 năm 2022.",
            "Ngày mười sáu tháng hai năm hai nghìn không trăm hai mươi hai.",
        ),
        ("Ngày 24 tháng 4 năm 2024.", "Ngày hai mươi tư tháng tư năm hai nghìn không trăm hai mươi bốn."),
        ("Mỗi tháng 4 lần.", "Mỗi tháng bốn lần."),
        ("Trong 6 tháng đầu năm.", "Trong sáu tháng đầu năm."),
        ("Giảm 1/3 số hộ nghèo.", "Giảm một phần ba số hộ nghèo."),
        ("Giai đoạn 2021-2025.", "Giai đoạn hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm."),
        ("Mở cửa lúc 7h30.", "Mở cửa lúc bảy giờ ba mươi phút."),
        ("Bắt đầu 7h.", "Bắt đầu bảy giờ."),
        ("Kết thúc 14h00.", "Kết thúc mười bốn giờ."),
        ("Họp lúc 7:45.", "Họp lúc bảy giờ bốn mươi lăm phút."),
        ("Làm việc 7h-11h30.", "Làm việc bảy giờ đến mười một giờ ba mươi phút."),
        ("Miễn phí, 24/7.", "Miễn phí, hai mươi bốn giờ mỗi ngày, bảy ngày mỗi tuần."),
        ("Khai mạc ngày 24/7.", "Khai mạc ngày hai mươi tư tháng bảy."),
    ],
)
def test_dates_and_times(written: str, spoken: str) -> None:
    assert said(written) == spoken


# --- ranges and ordinals --------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Trẻ 6 - 16 tuổi.", "Trẻ sáu đến mười sáu tuổi."),
        ("Đạt 80-90%.", "Đạt tám mươi đến chín mươi phần trăm."),
        ("Làm từ thứ 2-6.", "Làm từ thứ hai đến thứ sáu."),
        ("Lần thứ 2 và lần thứ 10.", "Lần thứ hai và lần thứ mười."),
        ("Đứng thứ 14.", "Đứng thứ mười bốn."),
        ("Quốc hội khóa XIII.", "Quốc hội khóa mười ba."),
    ],
)
def test_ranges_and_ordinals(written: str, spoken: str) -> None:
    assert said(written) == spoken


# --- phone numbers and counts -------------------------------------------------------------


def test_phone_groups() -> None:
    assert group_phone_digits("111") == ("111",)
    assert group_phone_digits("1900545559") == ("1900", "545", "559")
    assert group_phone_digits("18009069") == ("1800", "9069")
    assert group_phone_digits("0912345678") == ("0912", "345", "678")
    assert group_phone_digits("02838912345") == ("028", "3891", "2345")
    assert spell_phone("18001769") == "một tám không không, một bảy sáu chín"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Tổng đài 111 năm 2023 đã nhận 4.500 cuộc gọi.", "Tổng đài một một một năm hai nghìn không trăm hai mươi ba đã nhận bốn nghìn năm trăm cuộc gọi."),
        ("Có 111 cuộc gọi.", "Có một trăm mười một cuộc gọi."),
        ("Hỗ trợ 113 trẻ em.", "Hỗ trợ một trăm mười ba trẻ em."),
        ("Thăm 111 hộ, 111 người, 111 lượt, 111 em.", "Thăm một trăm mười một hộ, một trăm mười một người, một trăm mười một lượt, một trăm mười một em."),
        ("Báo ngay 113.", "Báo ngay một một ba."),
        ("Gọi 1900 545 559.", "Gọi một chín không không, năm bốn năm, năm năm chín."),
        ("Gọi 18009069 miễn phí.", "Gọi một tám không không, chín không sáu chín miễn phí."),
        ("Số điện thoại: 0912.345.678.", "Số điện thoại: không chín một hai, ba bốn năm, sáu bảy tám."),
        ("Liên hệ 0912345678.", "Liên hệ không chín một hai, ba bốn năm, sáu bảy tám."),
        ("Hãy gọi 115 khi cần cấp cứu.", "Hãy gọi một một năm khi cần cấp cứu."),
        ("Hotline 1080 hỗ trợ.", "Hotline một không tám không hỗ trợ."),
        ("Năm nay có 115 hộ.", "Năm nay có một trăm mười lăm hộ."),
        ("Số khẩn cấp 113, 1900545559.", "Số khẩn cấp một một ba, một chín không không, năm bốn năm, năm năm chín."),
    ],
)
def test_phones_and_counts(written: str, spoken: str) -> None:
    assert said(written) == spoken


# --- legal references and abbreviations ---------------------------------------------------


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Theo 56/2017/NĐ-CP.", "Theo Nghị định số năm mươi sáu năm hai nghìn không trăm mười bảy của Chính phủ."),
        ("Nghị định 56/2017/NĐ-CP.", "Nghị định số năm mươi sáu năm hai nghìn không trăm mười bảy của Chính phủ."),
        ("Luật số 102/2016/QH13.", "Luật số một trăm linh hai năm hai nghìn không trăm mười sáu của Quốc hội khóa mười ba."),
        ("Nghị quyết số 121/2020/QH14.", "Nghị quyết số một trăm hai mươi mốt năm hai nghìn không trăm hai mươi của Quốc hội khóa mười bốn."),
        (
            "Thông tư số 13/2021/TT-BLĐTBXH.",
            "Thông tư số mười ba năm hai nghìn không trăm hai mươi mốt của Bộ Lao động - Thương binh và Xã hội.",
        ),
        (
            "Thông tư liên tịch số 05/2015/TTLT-BTP-BCA-BYT.",
            "Thông tư liên tịch số năm năm hai nghìn không trăm mười lăm của Bộ Tư pháp, Bộ Công an và Bộ Y tế.",
        ),
        ("Công văn số 587/SLĐTBXH-TE&BDG.", "Công văn số năm trăm tám mươi bảy của Sở Lao động - Thương binh và Xã hội."),
        ("Kế hoạch số 56/KH - UBND.", "Kế hoạch số năm mươi sáu của Ủy ban nhân dân."),
        ("Chỉ thị số 28-CT/TW.", "Chỉ thị số hai mươi tám của Trung ương."),
        ("Nghị định số 70/2008/NĐCP.", "Nghị định số bảy mươi năm hai nghìn không trăm linh tám của Chính phủ."),
        ("Quyết định số 2017/QĐ-UBND.", "Quyết định số hai nghìn không trăm mười bảy của Ủy ban nhân dân."),
        ("Nghị quyết số 35/2003/NQ-HĐND.", "Nghị quyết số ba mươi lăm năm hai nghìn không trăm linh ba của Hội đồng nhân dân."),
        ("Phối hợp với HĐND, MTTQ và các tổ chức CT-XH.", "Phối hợp với Hội đồng nhân dân, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội."),
        ("Công tác BVCSTE và trẻ em có HCĐB.", "Công tác bảo vệ, chăm sóc trẻ em và trẻ em có hoàn cảnh đặc biệt."),
        ("Cấp thẻ BHYT cho TE.", "Cấp thẻ bảo hiểm y tế cho trẻ em."),
        ("Phòng GD&ĐT và Phòng VH&TT.", "Phòng Giáo dục và Đào tạo và Phòng Văn hóa và Thông tin."),
        ("Sở LĐTB&XH, Phòng Lao động -TB&XH.", "Sở Lao động - Thương binh và Xã hội, Phòng Lao động -Thương binh và Xã hội."),
        ("Ban BĐG, Ban VSTBCPN, Đoàn TNCS.", "Ban bình đẳng giới, Ban Vì sự tiến bộ của phụ nữ, Đoàn Thanh niên Cộng sản."),
        ("UB MTTQ VN quận.", "Ủy ban Mặt trận Tổ quốc Việt Nam quận."),
        ("Ở TP. Hồ Chí Minh và TP.HCM, ở TP.", "Ở thành phố Hồ Chí Minh và Thành phố Hồ Chí Minh, ở thành phố."),
        ("TP. Hồ Chí Minh.", "Thành phố Hồ Chí Minh."),
        ("Dịch COVID-19 kéo dài.", "Dịch Covid mười chín kéo dài."),
        ("Trẻ em xã/phường.", "Trẻ em xã, phường."),
        (
            "Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ quy định.",
            "Nghị định số năm mươi sáu năm hai nghìn không trăm mười bảy ngày mùng chín tháng năm"
            " năm hai nghìn không trăm mười bảy của Chính phủ quy định.",
        ),
    ],
)
def test_legal_references_and_abbreviations(written: str, spoken: str) -> None:
    assert said(written) == spoken


# --- what cannot be spoken ----------------------------------------------------------------


def test_addresses_are_removed_and_reported() -> None:
    result = speak("Xem https://tongdai111.vn/gioi-thieu, hoặc viết cho lienhe@quan12.gov.vn.", glossary=GLOSSARY)
    assert "http" not in result.text and "@" not in result.text
    assert result.unspoken == ("lienhe@quan12.gov.vn", "https://tongdai111.vn/gioi-thieu")


def test_unknown_codes_symbols_and_digits_are_reported() -> None:
    result = speak("Lưu: VT, XYZQ (01b) # UBND-VX.", glossary=GLOSSARY)
    assert result.unspoken == ("#", "01b", "VT", "XYZQ", "VX")
    assert "#" not in result.text
    assert "XYZQ" in result.text  # left for the reader, who was warned


def test_unknown_issuer_is_reported_not_guessed() -> None:
    result = speak("Nghị quyết số 26-NQ/TU.", glossary=GLOSSARY)
    assert result.text == "Nghị quyết số hai mươi sáu."
    assert result.unspoken == ("TU",)


def test_upper_case_vietnamese_words_are_not_codes() -> None:
    assert speak("MỤC ĐÍCH, YÊU CẦU", glossary=GLOSSARY).unspoken == ()
    assert is_vietnamese_syllable("NGHIÊNG") and is_vietnamese_syllable("QUYỀN")
    assert not is_vietnamese_syllable("UBND") and not is_vietnamese_syllable("XIII")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ./,-%:hABTĐUđàyệmnố&#\n")), max_size=60))
def test_digits_left_in_the_text_are_always_reported(text: str) -> None:
    result = speak(text, glossary=GLOSSARY, hotlines=HOTLINES)
    for token in re.findall(r"\w*\d\w*", result.text):
        assert any(token in note for note in result.unspoken)


# --- several texts at once ------------------------------------------------------------------------

# One text for each kind of pass, as the module read it before passes were
# skipped where they cannot match and texts were spoken together.
EVERY_KIND = [
    (
        "Kính thưa bà con nhân dân Quận 12!",
        "Kính thưa bà con nhân dân Quận mười hai!",
        (),
    ),
    (
        "Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ;",
        "Căn cứ Nghị định số năm mươi sáu năm hai nghìn không trăm mười bảy ngày mùng chín tháng năm năm hai nghìn không trăm mười bảy của Chính phủ;",
        (),
    ),
    (
        "",
        "",
        (),
    ),
    (
        "   ",
        "",
        (),
    ),
    (
        "Xem https://tongdai111.vn/gioi-thieu, hoặc viết cho lienhe@quan12.gov.vn.",
        "Xem, hoặc viết cho.",
        ("lienhe@quan12.gov.vn", "https://tongdai111.vn/gioi-thieu"),
    ),
    (
        "Gọi 111 (miễn phí) từ 7h30-17h, thứ 2-6; tỷ lệ đạt ≥ 95%/năm.",
        "Gọi một một một (miễn phí) từ bảy giờ ba mươi phút đến mười bảy giờ, thứ hai đến thứ sáu; tỷ lệ đạt ít nhất chín mươi lăm phần trăm mỗi năm.",
        (),
    ),
    (
        "Lưu: VT, XYZQ (01b) # UBND-VX.",
        "Lưu: VT, XYZQ (01b) Ủy ban nhân dân-VX.",
        ("#", "01b", "VT", "XYZQ", "VX"),
    ),
    (
        "MỤC ĐÍCH, YÊU CẦU",
        "MỤC ĐÍCH, YÊU CẦU",
        (),
    ),
    (
        "$\\geq 95\\%$ trẻ em TP.HCM khóa XIII & quý IV/2024",
        "ít nhất chín mươi lăm phần trăm trẻ em Thành phố Hồ Chí Minh khóa mười ba và quý bốn năm hai nghìn không trăm hai mươi bốn",
        (),
    ),
    (
        "Từ ngày 01/6 đến 30/6/2024, 17/100.000 trẻ em, 1.500 hộ, 2,5 km.",
        "Từ ngày mùng một tháng sáu đến ngày ba mươi tháng sáu năm hai nghìn không trăm hai mươi bốn, mười bảy trên một trăm nghìn trẻ em, một nghìn năm trăm hộ, hai phẩy năm ki-lô-mét.",
        (),
    ),
    (
        "\ufeffTổng đài 1900 545 559 hoặc 0912.345.678",
        "Tổng đài một chín không không, năm bốn năm, năm năm chín hoặc không chín một hai, ba bốn năm, sáu bảy tám",
        (),
    ),
    (
        "Mã a_b, x ~ y ^ z | w",
        "Mã a b, x khoảng y z w",
        ("_", "^", "|"),
    ),
    (
        "Liên hệ WWW.ABC.ınfo hoặc X.İNFO, 18009069.",
        "Liên hệ hoặc, một tám không không, chín không sáu chín.",
        ("WWW.ABC.ınfo", "X.İNFO"),
    ),
    (
        "Thời gian 8:00 – 11h30' và 14h-16h30, 2021–2025; tăng 5-7%.",
        "Thời gian tám giờ đến mười một giờ ba mươi phút và mười bốn giờ đến mười sáu giờ ba mươi phút, hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm; tăng năm đến bảy phần trăm.",
        (),
    ),
    (
        "Lịch 1/3 số hộ, thứ 4, ngày 5, tháng 4, năm 2024, 0,005 và 1.010 người, mục 2.5.1.",
        "Lịch một phần ba số hộ, thứ tư, ngày mùng năm, tháng tư, năm hai nghìn không trăm hai mươi bốn, không phẩy không không năm và một nghìn không trăm mười người, mục hai chấm năm chấm một.",
        (),
    ),
    (
        "QH15, UBTVQH14 ban hành Thông tư 01/2024/TT-BLĐTBXH.",
        "Quốc hội khóa mười lăm, Ủy ban Thường vụ Quốc hội khóa mười bốn ban hành Thông tư số một năm hai nghìn không trăm hai mươi bốn của Bộ Lao động - Thương binh và Xã hội.",
        (),
    ),
    (
        "Mã số a_b.",
        "Mã số a b.",
        ("_",),
    ),
    (
        "Chương XL, phần C.",
        "Chương bốn mươi, phần một trăm.",
        (),
    ),
    (
        "Xem abc.ınfo nhé.",
        "Xem nhé.",
        ("abc.ınfo",),
    ),
    (
        "Trang X.İNFO.",
        "Trang.",
        ("X.İNFO",),
    ),
    (
        "Từ 5–7/6, 3 - 4 giờ.",
        "Từ ngày mùng năm đến ngày mùng bảy tháng sáu, ba đến bốn giờ.",
        (),
    ),
]



@pytest.mark.parametrize(("written", "spoken", "unspoken"), EVERY_KIND)
def test_every_kind_of_pass_in_one_call(written: str, spoken: str, unspoken: tuple[str, ...]) -> None:
    # A pass runs only where a quick test (a "hint") says it may match, so each
    # kind of token is checked here, alone and among the others.
    assert speak(written, glossary=GLOSSARY, hotlines=HOTLINES) == Spoken(spoken, unspoken)
    others = [text for text, _, _ in EVERY_KIND if text != written]
    together = speak_all([*others[:3], written, *others[3:]], glossary=GLOSSARY, hotlines=HOTLINES)
    assert together[3] == Spoken(spoken, unspoken)


def test_speak_all_is_speak_for_each_text() -> None:
    texts = [written for written, _, _ in EVERY_KIND]
    together = speak_all(texts, glossary=GLOSSARY, hotlines=HOTLINES)
    assert together == [speak(text, glossary=GLOSSARY, hotlines=HOTLINES) for text in texts]
    assert together[2] == together[3] == speak("", glossary=GLOSSARY)
    assert speak_all([], glossary=GLOSSARY) == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("0123456789 ./,-%:()@&#_hABCIVXTĐUđàyệmnố\n\t")), max_size=30), max_size=6))
def test_speak_all_keeps_texts_apart(texts: list[str]) -> None:
    # Nothing read in one text (a word before a number, a sentence start, a note)
    # may depend on the text before or after it.
    together = speak_all(texts, glossary=GLOSSARY, hotlines=HOTLINES)
    assert together == [speak_all([text], glossary=GLOSSARY, hotlines=HOTLINES)[0] for text in texts]


def test_str_split_and_regex_agree_on_spaces() -> None:
    # The module collapses spaces with str.split() in place of re.sub(r"\s+", " ", …).
    spaces = [c for c in map(chr, range(0x110000)) if c.isspace() or re.fullmatch(r"\s", c)]
    assert all(c.isspace() and re.fullmatch(r"\s", c) for c in spaces)
    text = "a" + "b".join(spaces) + " c "
    assert " ".join(text.split()) == re.sub(r"\s+", " ", text).strip()


# --- the glossary -----------------------------------------------------------------------------


def test_glossary_is_longest_first_and_extras_override() -> None:
    keys = [key for key, _ in GLOSSARY.entries]
    assert keys.index("LĐ-TB&XH") < keys.index("TB&XH")
    assert [len(k) for k in keys] == sorted((len(k) for k in keys), reverse=True)
    custom = load_glossary({"UBND": "Ủy ban", "TTTP": "Trung tâm thành phố"})
    assert custom.lookup("UBND") == "Ủy ban"
    assert said("UBND và TTTP.", custom) == "Ủy ban và Trung tâm thành phố."
    assert GLOSSARY.lookup("UBND") == "Ủy ban nhân dân"


def test_glossary_extras_may_contain_numbers() -> None:
    custom = load_glossary({"P.5": "Phường 5"})
    assert said("Đến P.5 làm việc.", custom) == "Đến Phường năm làm việc."


def test_glossary_rejects_empty_entries() -> None:
    with pytest.raises(ValueError):
        load_glossary({"UBND": "  "})


def test_glossary_word_in_spoken_form_is_not_reported() -> None:
    result = speak("Phòng chống HIV/AIDS.", glossary=GLOSSARY)
    assert result.text == "Phòng chống HIV, AIDS."
    assert result.unspoken == ()


# --- counting and timing -------------------------------------------------------------------------


def test_count_syllables_and_duration() -> None:
    assert count_syllables("Kính thưa bà con! Đây là Đài truyền thanh phường.") == 10
    assert count_syllables("Lao động - Thương binh và Xã hội.") == 7
    assert count_syllables("") == 0
    assert estimate_seconds(130, 130) == 60
    assert estimate_seconds(1, 130) == 0
    assert estimate_seconds(412, 130) == 190
    assert format_duration(190) == "khoảng 3 phút 10 giây"
    assert format_duration(120) == "khoảng 2 phút"
    assert format_duration(45) == "khoảng 45 giây"


# --- Markdown blocks ----------------------------------------------------------------------------------

BODY = """\
## I. MỤC ĐÍCH, YÊU CẦU

Tháng hành động diễn ra **từ 01/6 đến 30/6**, xem [kế hoạch](/ke-hoach/2024-quan-12/)
và [trang Bộ](https://molisa.gov.vn/tre-em).

### Cha mẹ cần làm:

- dành 15 phút mỗi ngày nói chuyện với con
- dạy con gọi *Tổng đài 111*;
- không để trẻ chơi gần nước một mình!

1. Lưu số 111 vào điện thoại

| Khi nào | Gọi số |
|---|---|
| Bị xâm hại | 111 |

![Áp phích Tổng đài 111](/media/tong-dai-111.svg)

<div class="note">Liên hệ qua <b>Zalo</b>.</div>

<script>alert("x")</script>

```
print(12345)
```
"""


def test_split_markdown_blocks() -> None:
    blocks, notes = split_markdown_blocks(BODY)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Mục đích, yêu cầu."),
        ("paragraph", "Tháng hành động diễn ra từ 01/6 đến 30/6, xem kế hoạch và trang Bộ."),
        ("heading", "Cha mẹ cần làm."),
        ("item", "Dành 15 phút mỗi ngày nói chuyện với con."),
        ("item", "Dạy con gọi Tổng đài 111."),
        ("item", "Không để trẻ chơi gần nước một mình!"),
        ("item", "Lưu số 111 vào điện thoại."),
        ("paragraph", "Liên hệ qua Zalo."),
    ]
    assert notes == (
        "https://molisa.gov.vn/tre-em",
        "bảng: Khi nào | Gọi số",
        "hình ảnh: Áp phích Tổng đài 111",
        "mã: print(12345)",
    )


def render(body: str) -> str:
    """The HTML the site shows for a body (what `body_html` is given)."""
    return render_markdown(body, MarkdownConverters(), hotline_pattern(HOTLINES)).html


# Bodies without raw HTML, for which both ways of splitting must agree exactly.
BODIES = [
    BODY,
    "",
    "Một đoạn.\n\nHai đoạn, với **chữ đậm** và *nghiêng*.",
    "# Tiêu đề cấp một\n\n## MỤC ĐÍCH\n\n1. Một\n2. Hai\n    - lồng nhau\n\n> Trích dẫn 111.\n\n---\n\nHết.",
    "Ảnh: ![](/media/a.svg) và ![Áp phích](anh.png \"tên\"). Thư: <lienhe@quan12.gov.vn>, trang <https://a.vn/x?y=1&z=2>.",
    "    mã lệnh 12345\n\nVăn bản & ký hiệu &copy; 1 < 2 > 0, `code 7` và [liên kết](/duong-day-nong/ \"Đường dây\").",
    "| A | B |\n|---|---|\n| 1 | 2 |\n\nGọi 1900 545 559 hoặc 113 (24/7)  \nxuống dòng.",
]


@pytest.mark.parametrize("body", BODIES)
def test_split_html_blocks_matches_the_markdown(body: str) -> None:
    assert split_html_blocks(render(body)) == split_markdown_blocks(body)


def test_split_html_blocks_reads_root_relative_addresses_back() -> None:
    blocks, notes = split_html_blocks(render("![](/media/tong-dai-111.svg)\n\nGọi [111](/duong-day-nong/)."))
    assert notes == ("hình ảnh: /media/tong-dai-111.svg",)
    assert [b.text for b in blocks] == ["Gọi 111."]


def test_split_html_blocks_falls_back_to_the_html_parser() -> None:
    # What the sanitiser never writes (a comment, a stray "<", other tags) still reads right.
    odd = "<!-- ghi chú --><div><p>Một &amp; hai</p><span>ba</span></div><p>x < y</p><p title='a'>Bốn</p>"
    assert [b.text for b in split_html_blocks(odd)[0]] == ["Một & hai.", "ba.", "x < y.", "Bốn."]
    sanitised = '<p>Một &amp; hai</p>ba<p>x &lt; y</p><p title="a">Bốn</p>'
    assert split_html_blocks(sanitised) == split_html_blocks(odd)


@pytest.mark.parametrize(
    "summary",
    ["Từ ngày 01/6 đến 30/6/2024, cả nước hành động vì trẻ em.", "I. MỤC ĐÍCH  ", "a) gọi 111 ngay", "Đường dây 1900 545 559: tư vấn!"],
)
def test_plain_summary_is_split_as_markdown_would(summary: str) -> None:
    assert split_markdown_blocks(summary) == split_html_blocks(create_markdown().convert(summary))


# --- whole scripts -------------------------------------------------------------------------------------


def make_script(**changes) -> Script:
    arguments = dict(
        title="Tháng hành động vì trẻ em năm 2024",
        markdown_body=BODY,
        summary="Từ ngày 01/6 đến 30/6/2024, cả nước hành động vì trẻ em.",
        locality="Quận 12",
        station="Đài truyền thanh phường",
        date=datetime.date(2024, 6, 1),
        featured_hotlines=["111", "113"],
        words_per_minute=130,
        glossary=GLOSSARY,
        hotlines=HOTLINES,
    )
    arguments.update(changes)
    return compose_script(**arguments)


def test_compose_script_structure() -> None:
    script = make_script()
    assert script.opening == (
        "Kính thưa bà con nhân dân Quận mười hai! Đây là Đài truyền thanh phường. Xin mời bà con cùng nghe bản tin sau đây."
    )
    assert script.spoken_title == "Tháng hành động vì trẻ em năm hai nghìn không trăm hai mươi bốn."
    assert script.body[:4] == (
        "Từ ngày mùng một tháng sáu đến ngày ba mươi tháng sáu năm hai nghìn không trăm hai mươi bốn, cả nước hành động vì trẻ em.",
        "Mục đích, yêu cầu.",
        "Tháng hành động diễn ra từ ngày mùng một tháng sáu đến ngày ba mươi tháng sáu, xem kế hoạch và trang Bộ.",
        "Cha mẹ cần làm.",
    )
    assert "Dành mười lăm phút mỗi ngày nói chuyện với con." in script.body
    assert "Dạy con gọi Tổng đài một một một." in script.body
    assert script.text.split("\n\n") == [script.opening, script.spoken_title, *script.body, script.closing]
    for absent in ("http", "molisa", "ke-hoach", "Gọi số", "Áp phích", "alert", "print", "<", "*", "|"):
        assert absent not in script.text
    assert script.title == "Tháng hành động vì trẻ em năm 2024"
    assert not re.search(r"\d", script.text)


def test_closing_repeats_featured_hotlines_twice() -> None:
    script = make_script()
    assert script.closing.count("Tổng đài một một một hoặc một một ba") == 2
    assert "Xin nhắc lại:" in script.closing
    assert script.closing.endswith("Đài truyền thanh phường xin cảm ơn bà con đã chú ý lắng nghe.")
    single = make_script(featured_hotlines=["18001769"])
    assert single.closing.count("một tám không không, một bảy sáu chín") == 2


def test_custom_opening_and_closing() -> None:
    script = make_script(
        opening="Alô, alô! {station} {locality} xin thông báo.",
        closing="Mọi thông tin xin gọi {hotlines}. Xin nhắc lại: {hotlines}.",
    )
    assert script.opening == "Alô, alô! Đài truyền thanh phường Quận mười hai xin thông báo."
    assert script.closing == "Mọi thông tin xin gọi một một một hoặc một một ba. Xin nhắc lại: một một một hoặc một một ba."
    kept = make_script(closing="Hết bản tin.")
    assert kept.closing.endswith("Hết bản tin.") and kept.closing.count("một một ba") == 2
    none = make_script(featured_hotlines=[])
    assert none.closing == "Đài truyền thanh phường xin cảm ơn bà con đã chú ý lắng nghe."


def test_title_in_capitals_and_opening_without_locality() -> None:
    script = make_script(title="THÁNG HÀNH ĐỘNG VÌ TRẺ EM CỦA UBND", locality="")
    assert script.spoken_title == "Tháng hành động vì trẻ em của Ủy ban nhân dân."
    assert script.opening.startswith("Kính thưa bà con! Đây là Đài truyền thanh phường.")


def test_summary_is_not_read_twice() -> None:
    script = make_script(summary="Cha mẹ cần làm.", markdown_body="## Cha mẹ cần làm\n\nNói chuyện với con.")
    assert script.body == ("Cha mẹ cần làm.", "Nói chuyện với con.")


@pytest.mark.parametrize("body", BODIES)
def test_body_html_gives_the_same_script(body: str) -> None:
    for summary in (None, "Từ ngày 01/6 đến 30/6/2024, cả nước hành động vì trẻ em.", "Một đoạn."):
        assert make_script(markdown_body=body, summary=summary, body_html=render(body)) == make_script(
            markdown_body=body, summary=summary
        )


def test_body_with_a_hotline_card_is_read_from_the_markdown() -> None:
    body = "Gọi ngay:\n\n[[đường dây nóng 1900 545 559]]\n\nHết."
    assert make_script(markdown_body=body, body_html=render(body)) == make_script(markdown_body=body)


def test_body_html_is_what_is_read() -> None:
    # Given both, the script follows the HTML: it is what the site shows.
    script = make_script(markdown_body="Bỏ qua.", summary=None, body_html="<p>Gọi Tổng đài 111.</p>")
    assert script.body == ("Gọi Tổng đài một một một.",)


def test_duration_and_unspoken() -> None:
    script = make_script()
    assert script.syllables == count_syllables(script.text)
    assert script.seconds == estimate_seconds(script.syllables, 130)
    assert make_script(words_per_minute=65).seconds == pytest.approx(2 * script.seconds, abs=1)
    assert "https://molisa.gov.vn/tre-em" in script.unspoken
    assert "bảng: Khi nào | Gọi số" in script.unspoken
    with pytest.raises(ValueError):
        make_script(words_per_minute=0)


def test_render_script_text_layout() -> None:
    script = make_script(markdown_body="Nói chuyện với con mỗi ngày.", summary=None)
    text = render_script_text(script)
    header, _, spoken = text.partition("\n" + "=" * 60 + "\n\n")
    assert header.split("\n") == [
        "Tháng hành động vì trẻ em năm 2024",
        "Đài: Đài truyền thanh phường",
        "Địa bàn: Quận 12",
        "Ngày: 01/06/2024",
        f"Thời lượng: {format_duration(script.seconds)}",
    ]
    assert spoken == script.text + "\n"
    assert text.endswith("lắng nghe.\n") and not text.endswith("\n\n")
    labelled = render_script_text(make_script(date=None), duration_label="khoảng 3 phút 10 giây")
    assert "Ngày:" not in labelled
    assert "Thời lượng: khoảng 3 phút 10 giây" in labelled
    assert "Cần xem lại trước khi đọc: https://molisa.gov.vn/tre-em; bảng: Khi nào | Gọi số" in labelled
