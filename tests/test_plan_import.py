"""`import`: the seed plans and messy inline documents become draft plan YAML that `check` accepts."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import textwrap
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.plan_import import (
    HOTLINES,
    ImportInputError,
    ImportResult,
    import_plan,
    proper_case_agency,
    read_document,
    run_import,
    format_scalar,
)

PROJECT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"

SEED_QUAN_12 = "000_edd4494fede75ccb.txt"
SEED_CAM_PHA = "001_91ccab10feb16616.txt"
SEED_DAKRONG = "003_1b59115db2ae87b5.txt"

PLAN_FIELDS = {
    "kind", "number", "title", "issuer", "issued", "year", "topics", "summary", "bases", "goals",
    "targets", "activities", "assignments", "deadlines", "budget", "signer", "recipients",
}
NESTED_FIELDS = {
    "targets": {"text", "value", "unit", "direction", "group", "achieved"},
    "activities": {"title", "items"},
    "assignments": {"agency", "tasks"},
    "deadlines": {"date", "day_of_month", "title"},
}

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not next to the repository")


@lru_cache(maxsize=None)
def imported_seed(name: str) -> tuple[ImportResult, dict]:
    result = import_plan(read_document(SEEDS / name), source_name=name)
    return result, yaml.safe_load(result.yaml_text)


def imported(text: str) -> tuple[ImportResult, dict]:
    result = import_plan(textwrap.dedent(text), source_name="inline.txt")
    return result, yaml.safe_load(result.yaml_text)


def assert_schema_shape(plan: dict) -> None:
    """Only schema fields, with the types `check` expects (dates unquoted, numbers as numbers)."""
    assert set(plan) <= PLAN_FIELDS, set(plan) - PLAN_FIELDS
    for key in ("title", "issuer"):
        assert isinstance(plan[key], str) and plan[key].strip()
    assert isinstance(plan["year"], int)
    assert plan.get("kind", "plan") in ("plan", "guidance")
    if "issued" in plan:
        assert isinstance(plan["issued"], dt.date)
    if "number" in plan:
        assert isinstance(plan["number"], str)
    for key in ("bases", "goals", "recipients"):
        assert all(isinstance(v, str) and v for v in plan.get(key, []))
    for key, allowed in NESTED_FIELDS.items():
        for entry in plan.get(key, []):
            assert isinstance(entry, dict) and set(entry) <= allowed, entry
    for target in plan.get("targets", []):
        assert isinstance(target["text"], str) and target["text"]
        if "value" in target:
            assert isinstance(target["value"], (int, float)) and not isinstance(target["value"], bool)
            assert target["direction"] in ("at_least", "at_most", "equal")
    for activity in plan.get("activities", []):
        assert activity["title"] and all(isinstance(i, str) for i in activity.get("items", []))
    for assignment in plan.get("assignments", []):
        assert assignment["agency"] and all(isinstance(t, str) for t in assignment.get("tasks", []))
    for deadline in plan.get("deadlines", []):
        assert deadline["title"]
        assert ("date" in deadline) != ("day_of_month" in deadline)
        if "date" in deadline:
            assert isinstance(deadline["date"], dt.date)
        else:
            assert isinstance(deadline["day_of_month"], int) and 1 <= deadline["day_of_month"] <= 31
    if "signer" in plan:
        assert set(plan["signer"]) <= {"position", "name"}
    if "budget" in plan:
        assert isinstance(plan["budget"], str)


def target_with(plan: dict, text_start: str) -> dict:
    matches = [t for t in plan["targets"] if t["text"].startswith(text_start)]
    assert matches, f"no target starting with {text_start!r}"
    return matches[0]


def agencies(plan: dict) -> list[str]:
    return [a["agency"] for a in plan.get("assignments", [])]


# --- the seeds, field by field ---------------------------------------------------------------


@needs_seeds
def test_quan_12_plan_header_fields() -> None:
    result, plan = imported_seed(SEED_QUAN_12)
    assert_schema_shape(plan)
    assert plan["kind"] == "plan"
    assert "number" not in plan  # the document has no "Số:" line
    assert plan["title"] == "Triển khai công tác Bình đẳng giới và Trẻ em năm 2024"
    assert plan["issuer"] == "Ủy ban nhân dân Quận 12"
    assert "issued" not in plan
    assert plan["year"] == 2024
    assert any("number" in line for line in result.found)
    assert "# number:" in result.yaml_text and "# issued:" in result.yaml_text


@needs_seeds
def test_quan_12_plan_body_fields() -> None:
    _, plan = imported_seed(SEED_QUAN_12)
    assert len(plan["bases"]) == 1 and plan["bases"][0].startswith("Kế hoạch số 4582/KH-SLĐTBXH")
    assert len(plan["goals"]) == 3
    assert len(plan["targets"]) == 6
    first = plan["targets"][0]
    assert (first["value"], first["unit"], first["direction"]) == (100, "%", "at_least")
    assert [t.get("value") for t in plan["targets"]] == [100, 80, 90, 90, 100, None]
    assert len(plan["activities"]) == 5
    assert plan["activities"][0]["title"] == "Công tác tuyên truyền, phổ biến các chính sách pháp luật"
    assert len(plan["activities"][0]["items"]) == 4
    names = agencies(plan)
    assert len(names) == 11
    assert names[0] == "Phòng Lao động – Thương binh và Xã hội"
    assert "Công an quận" in names and "Phòng Giáo dục và Đào tạo" in names
    assert names[-1] == "Ủy ban nhân dân 11 phường"
    assert "Tòa án nhân dân, Viện kiểm sát nhân dân quận" in names  # "Đề nghị" is dropped
    assert len(plan["assignments"][0]["tasks"]) == 10
    assert plan["budget"].startswith("Sử dụng nguồn kinh phí ngân sách")
    assert "Trên đây" not in plan["budget"]


@needs_seeds
def test_quan_12_plan_deadlines_signer_recipients() -> None:
    _, plan = imported_seed(SEED_QUAN_12)
    assert plan["deadlines"] == [
        {"day_of_month": 25, "title": "Báo cáo hằng tháng"},
        {"date": dt.date(2024, 5, 3), "title": "Báo cáo 6 tháng"},
        {"date": dt.date(2024, 11, 5), "title": "Báo cáo năm"},
    ]
    assert plan["signer"] == {"position": "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH", "name": "Võ Thị Chính"}
    assert len(plan["recipients"]) == 8
    assert plan["recipients"][0] == "Sở LĐTBXH/TP"
    assert not any(r.startswith("Lưu") for r in plan["recipients"])  # the archive line is not a recipient


@needs_seeds
def test_cam_pha_plan_header_fields() -> None:
    result, plan = imported_seed(SEED_CAM_PHA)
    assert_schema_shape(plan)
    assert plan["kind"] == "plan"
    assert plan["number"] == "43/KH-UBND"  # "Số: 43 /KH-UBND" with the stray space removed
    assert plan["title"] == "Công tác bảo vệ, chăm sóc trẻ em năm 2023"
    assert plan["issuer"] == "Ủy ban nhân dân thành phố Cẩm Phả"
    assert plan["issued"] == dt.date(2022, 2, 16)  # as written; the comment flags the year mismatch
    assert plan["year"] == 2023
    issued_line = next(line for line in result.yaml_text.splitlines() if line.startswith("issued:"))
    assert "khác năm kế hoạch" in issued_line
    assert 'number: "43/KH-UBND"' in result.yaml_text


@needs_seeds
def test_cam_pha_plan_bases_goals_targets() -> None:
    _, plan = imported_seed(SEED_CAM_PHA)
    assert len(plan["bases"]) == 6  # two "Thực hiện" lines and a "Căn cứ" line citing four plans
    assert plan["bases"][0].startswith("Công văn số 215/")
    assert plan["bases"][2].startswith("Kế hoạch số 56/KH")
    assert len(plan["goals"]) == 1
    assert len(plan["targets"]) == 32  # 24 numbered targets, those with several figures split
    newborn = target_with(plan, "tỷ suất tử vong trẻ sơ sinh")
    assert newborn["value"] == 6.5 and newborn["direction"] == "at_most"
    assert newborn["unit"].startswith("trẻ/1.000")
    assert target_with(plan, "tỷ suất tử vong trẻ em dưới 1 tuổi")["value"] == 9
    abuse = target_with(plan, "tỷ lệ trẻ em bị xâm hại")
    assert (abuse["value"], abuse["unit"], abuse["direction"]) == (0.8, "%", "at_most")
    services = target_with(plan, "tỷ lệ trẻ em đến 8 tuổi")
    assert (services["value"], services["direction"]) == (86, "at_least")
    injuries = target_with(plan, "tỷ suất trẻ em bị tai nạn thương tích")  # "…550/100.000 trẻ em: giảm … 17/100.000"
    assert (injuries["value"], injuries["unit"], injuries["direction"]) == (550, "/100.000 trẻ em", "at_most")
    assert target_with(plan, "tỷ suất trẻ em bị tử vong do tai nạn thương tích")["value"] == 17
    child_marriage = target_with(plan, "từng bước xóa bỏ tình trạng tảo hôn")
    assert child_marriage["value"] == 0.005 and child_marriage["unit"] == "%/năm"
    assert target_with(plan, "tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh")["value"] == 100
    assert "value" not in target_with(plan, "Duy trì không có tỷ lệ lao động trẻ em")
    groups = {t.get("group") for t in plan["targets"]}
    assert "Bảo vệ trẻ em" in groups
    assert "Giáo dục, văn hóa, vui chơi, giải trí cho trẻ em" in groups


@needs_seeds
def test_cam_pha_plan_activities_assignments() -> None:
    _, plan = imported_seed(SEED_CAM_PHA)
    assert len(plan["activities"]) == 7
    assert plan["activities"][-1]["title"] == "Cập nhật thông tin, dữ liệu về trẻ em và báo cáo định kỳ phục vụ cho công tác quản lý"
    names = agencies(plan)
    assert len(names) == 12
    assert names[0] == "Phòng Lao động - Thương binh và Xã hội"
    assert "Phòng Tài chính - Kế hoạch" in names  # "7. Phòng …: task" on one line
    by_name = {a["agency"]: a["tasks"] for a in plan["assignments"]}
    assert by_name["Phòng Tài chính - Kế hoạch"][0].startswith("Tham mưu, đề xuất")
    # "9. Đề nghị … các đoàn thể" lists each body as "Body: task"
    assert {"Ủy ban Mặt trận Tổ quốc Thành phố", "Đoàn TNCS Hồ Chí Minh Thành phố"} <= set(names)
    assert names[-1] == "Ủy ban nhân dân các xã, phường"
    # a task broken by a page break ("… tổ chức" / "các hoạt động …") is one task again
    assert any(t.startswith("Chủ trì phối hợp với Phòng Giáo dục và Đào tạo, Thành Đoàn tổ chức các hoạt động") for t in by_name[names[0]])


@needs_seeds
def test_cam_pha_plan_deadlines_budget_signer() -> None:
    _, plan = imported_seed(SEED_CAM_PHA)
    dated = {(d["date"], d["title"]) for d in plan["deadlines"]}
    assert len(plan["deadlines"]) == 5
    assert (dt.date(2023, 5, 10), "Báo cáo 6 tháng") in dated  # "trước ngày 10/5": year from the plan
    assert (dt.date(2023, 11, 10), "Báo cáo năm") in dated
    assert (dt.date(2023, 3, 20), "Gửi kế hoạch (Ủy ban nhân dân các xã, phường)") in dated
    assert (dt.date(2023, 5, 20), "Báo cáo 6 tháng (Phòng Lao động - Thương binh và Xã hội)") in dated
    assert plan["budget"] == "Từ nguồn ngân sách Thành phố và các nguồn huy động hợp pháp khác."
    assert plan["signer"] == {"position": "TM. ỦY BAN NHÂN DÂN – KT. CHỦ TỊCH – PHÓ CHỦ TỊCH", "name": "Phạm Văn Kính"}
    assert plan["recipients"][0] == "UBND Tỉnh (b/c)" and len(plan["recipients"]) == 6


@needs_seeds
def test_dakrong_guidance_letter() -> None:
    result, plan = imported_seed(SEED_DAKRONG)
    assert_schema_shape(plan)
    assert plan["kind"] == "guidance"
    assert "number" not in plan  # "Số: /UBND-VX": the number was left blank
    assert any("/UBND-VX" in line for line in result.found)
    assert plan["title"] == "Hướng dẫn triển khai công tác Trẻ em và Bình đẳng giới năm 2022"
    assert plan["issuer"] == "Ủy ban nhân dân huyện Đakrông"
    assert "issued" not in plan  # "ngày tháng năm 2022"
    assert plan["year"] == 2022
    assert len(plan["bases"]) == 2 and all(b.startswith("Công văn số 58") for b in plan["bases"])
    assert "targets" not in plan and "assignments" not in plan
    assert len(plan["activities"]) == 7
    assert plan["activities"][0]["title"] == "Về công tác Trẻ em"
    assert plan["deadlines"] == [
        {"date": dt.date(2022, 5, 25), "title": "Báo cáo định kỳ"},
        {"date": dt.date(2022, 11, 20), "title": "Báo cáo định kỳ"},
    ]
    assert plan["signer"] == {"position": "TM. ỦY BAN NHÂN DÂN – KT. CHỦ TỊCH – PHÓ CHỦ TỊCH", "name": "Nguyễn Đăng Sơn"}
    # "Như trên" stands for the "Kính gửi" addressees
    assert plan["recipients"][:3] == [
        "UBMTTQVN, các tổ chức chính trị - xã hội huyện",
        "Các cơ quan, đơn vị thuộc UBND huyện",
        "UBND các xã, thị trấn",
    ]
    assert "Như trên" not in plan["recipients"] and len(plan["recipients"]) == len(set(plan["recipients"]))


@needs_seeds
@pytest.mark.parametrize("name", [SEED_QUAN_12, SEED_CAM_PHA, SEED_DAKRONG])
def test_seed_drafts_are_commented_and_clean(name: str) -> None:
    result, plan = imported_seed(name)
    text = result.yaml_text
    for key in ("kind", "title", "issuer", "year"):
        line = next(line for line in text.splitlines() if line.startswith(f"{key}:"))
        assert "  # " in line, f"{key} has no comment"
    for key in ("bases", "targets", "activities", "assignments", "deadlines", "signer", "recipients"):
        if key in plan:
            line = next(line for line in text.splitlines() if line.startswith(f"{key}:"))
            assert "  # " in line, f"{key} has no comment"
    assert "**" not in text and "*" not in yaml.safe_dump(plan, allow_unicode=True).replace("- ", "")
    assert result.removed_personal == ()  # the seeds name hotlines only
    assert all(number in text for number in ("111",))


# --- robustness: inline documents ---------------------------------------------------------------

TAY_NINH = FIXTURES / "hai-van-ban.txt"
MARKDOWN = FIXTURES / "markdown-so-muc.md"


def test_header_in_capitals_with_motto_number_and_date_on_one_line() -> None:
    result, plan = imported(TAY_NINH.read_text(encoding="utf-8"))
    assert_schema_shape(plan)
    assert plan["number"] == "27/KH-UBND"
    assert plan["issuer"] == "Ủy ban nhân dân thành phố Tây Ninh"
    assert plan["issued"] == dt.date(2025, 2, 28)  # "TP. Tây Ninh, ngày 28 tháng 02 năm 2025"
    assert plan["title"] == "Thực hiện công tác trẻ em năm 2025"
    assert plan["bases"] == ["Luật Trẻ em ngày 05 tháng 4 năm 2016", "Kế hoạch số 120/KH-UBND ngày 15/01/2025 của Ủy ban nhân dân tỉnh Tây Ninh"]
    assert plan["goals"] == ["Nâng cao nhận thức của cộng đồng về bảo vệ trẻ em.", "Các cơ quan phối hợp chặt chẽ, hiệu quả."]


def test_targets_with_spaced_percent_and_below() -> None:
    _, plan = imported(TAY_NINH.read_text(encoding="utf-8"))
    first, second = plan["targets"]
    assert (first["value"], first["unit"], first["direction"]) == (90, "%", "at_least")
    assert (second["value"], second["unit"], second["direction"]) == (0.8, "%", "at_most")


def test_lettered_agency_headings_and_inline_task() -> None:
    _, plan = imported(TAY_NINH.read_text(encoding="utf-8"))
    assert plan["assignments"] == [
        {"agency": "Phòng Văn hóa - Xã hội", "tasks": ["Chủ trì tham mưu thực hiện kế hoạch; báo cáo kết quả trước ngày 10/6 và ngày 25 hằng tháng."]},
        {"agency": "Công an thành phố", "tasks": ["Phối hợp xử lý vụ việc xâm hại trẻ em."]},
    ]


def test_deadline_without_year_takes_the_plan_year_and_monthly_day() -> None:
    result, plan = imported(TAY_NINH.read_text(encoding="utf-8"))
    assert {"date": dt.date(2025, 6, 10), "title": "Báo cáo (Phòng Văn hóa - Xã hội)"} in plan["deadlines"]
    assert {"day_of_month": 25, "title": "Báo cáo hằng tháng (Phòng Văn hóa - Xã hội)"} in plan["deadlines"]
    line = next(line for line in result.yaml_text.splitlines() if "2025-06-10" in line)
    assert "suy ra từ năm kế hoạch" in line


def test_page_break_with_page_number_inside_a_sentence_is_joined() -> None:
    _, plan = imported(TAY_NINH.read_text(encoding="utf-8"))
    assert plan["activities"][0]["items"][0] == "Tổ chức truyền thông về Tổng đài 111 và số 113 trên loa phát thanh của các khu phố."


def test_second_document_in_the_file_is_not_imported() -> None:
    result, plan = imported(TAY_NINH.read_text(encoding="utf-8"))
    assert plan["signer"] == {"position": "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH", "name": "Trần Văn An"}  # all-caps name
    assert "28/UBND-VX" not in result.yaml_text and "Kính gửi" not in result.yaml_text
    assert plan["recipients"] == ["UBND tỉnh"]
    assert any("không được nhập" in line for line in result.unplaced)
    assert not any("0987" in line for line in result.removed_personal)  # only the imported part is reported


def test_cover_letter_before_the_plan_imports_the_plan() -> None:
    letter = """\
        ỦY BAN NHÂN DÂN
        PHƯỜNG AN LẠC

        Số: 5/UBND
        V/v gửi Kế hoạch bảo vệ trẻ em

        Kính gửi: Các khu phố.

        Ủy ban nhân dân phường gửi kèm kế hoạch.

        Nơi nhận:
        - Như trên;

        CHỦ TỊCH

        Lê Văn Tư

        ỦY BAN NHÂN DÂN
        PHƯỜNG AN LẠC

        Số: 6/KH-UBND

        KẾ HOẠCH
        Bảo vệ trẻ em năm 2024

        I. NỘI DUNG

        - Tuyên truyền về Tổng đài 111.
        """
    result, plan = imported(letter)
    assert plan["kind"] == "plan" and plan["number"] == "6/KH-UBND"
    assert plan["title"] == "Bảo vệ trẻ em năm 2024"
    assert plan["issuer"] == "Ủy ban nhân dân phường An Lạc"
    assert plan["activities"] == [{"title": "Nội dung", "items": ["Tuyên truyền về Tổng đài 111."]}]
    assert any("dòng 1–" in line for line in result.unplaced)


def test_markdown_headings_digit_sections_and_dotted_subheadings() -> None:
    result, plan = imported(MARKDOWN.read_text(encoding="utf-8"))
    assert_schema_shape(plan)
    assert plan["title"] == "Phòng, chống xâm hại trẻ em năm 2024"
    assert plan["goals"] == ["Giảm thiểu tình trạng trẻ em bị xâm hại."]
    assert [(t["value"], t["direction"]) for t in plan["targets"]] == [(100, "at_least"), (70, "at_least")]
    assert agencies(plan) == ["Công an phường", "Trạm Y tế phường"]
    assert plan["deadlines"] == [{"date": dt.date(2024, 12, 5), "title": "Báo cáo (Trạm Y tế phường)"}]
    assert plan["signer"] == {"position": "TM. ỦY BAN NHÂN DÂN – CHỦ TỊCH", "name": "Nguyễn Thị Hoa"}
    # no issuer in the header: the signing collective is used and flagged for editing
    issuer_line = next(line for line in result.yaml_text.splitlines() if line.startswith("issuer:"))
    assert plan["issuer"] == "Ủy ban nhân dân" and "CẦN SỬA" in issuer_line


def test_bold_markers_and_stray_asterisks_are_removed() -> None:
    _, plan = imported(
        """\
        **KẾ HOẠCH**
        **Chăm sóc trẻ em năm 2024**

        **I. CHỈ TIÊU**

        **1. Phấn đấu 95% trẻ em được tiêm chủng đầy đủ.**
        2. *Giảm* tỷ lệ suy dinh dưỡng xuống dưới 10%* (*theo Nghị quyết*)*.

        ### **II. TỔ CHỨC THỰC HIỆN**

        #### **1. Trạm Y tế**

        * Tổ chức tiêm chủng *(có biểu mẫu kèm theo)*.
        """
    )
    assert plan["title"] == "Chăm sóc trẻ em năm 2024"
    assert [t["value"] for t in plan["targets"]] == [95, 10]
    assert plan["targets"][1]["direction"] == "at_most"
    assert plan["assignments"] == [{"agency": "Trạm Y tế", "tasks": ["Tổ chức tiêm chủng (có biểu mẫu kèm theo)."]}]
    assert "*" not in yaml.safe_dump(plan, allow_unicode=True).replace("\n- ", "\n")


def test_roman_sections_with_lettered_and_dotted_activity_headings() -> None:
    _, plan = imported(
        """\
        KẾ HOẠCH
        Truyền thông về bình đẳng giới năm 2023

        I - NỘI DUNG HOẠT ĐỘNG
        1.1. Truyền thông trực tiếp
        a) Tổ chức nói chuyện chuyên đề tại khu dân cư.
        b) Phát tờ rơi.
        1.2) Truyền thông trên loa truyền thanh
        - Phát tin mỗi tuần một lần.
        """
    )
    assert plan["activities"] == [
        {"title": "Truyền thông trực tiếp", "items": ["Tổ chức nói chuyện chuyên đề tại khu dân cư.", "Phát tờ rơi."]},
        {"title": "Truyền thông trên loa truyền thanh", "items": ["Phát tin mỗi tuần một lần."]},
    ]


def test_sentence_cut_by_a_page_break_with_blank_lines() -> None:
    _, plan = imported(
        """\
        KẾ HOẠCH
        Bảo vệ trẻ em năm 2024

        I. NỘI DUNG

        - Phối hợp với các cơ quan, đơn vị thông tin chính xác,



        kịp thời về các vụ việc xâm hại trẻ em.
        - Tổ chức Diễn đàn trẻ em.
        """
    )
    assert plan["activities"][0]["items"] == [
        "Phối hợp với các cơ quan, đơn vị thông tin chính xác, kịp thời về các vụ việc xâm hại trẻ em.",
        "Tổ chức Diễn đàn trẻ em.",
    ]


def test_missing_number_date_title_and_issuer_are_reported() -> None:
    result, plan = imported(
        """\
        Một số việc cần làm trong năm 2024 để bảo vệ trẻ em.

        I. NỘI DUNG
        - Tuyên truyền về Tổng đài 111.
        """
    )
    assert_schema_shape(plan)  # still loads and has the required fields, as placeholders
    assert "number" not in plan and "issued" not in plan
    assert plan["year"] == 2024
    assert "CẦN SỬA" in result.yaml_text
    assert any("tiêu đề" in line for line in result.unplaced)
    assert any("cơ quan ban hành" in line for line in result.unplaced)


def test_no_year_anywhere_leaves_a_commented_hint() -> None:
    result = import_plan("KẾ HOẠCH\nBảo vệ trẻ em\n\nI. NỘI DUNG\n- Tuyên truyền.\n")
    plan = yaml.safe_load(result.yaml_text)
    assert "year" not in plan and "# year:" in result.yaml_text
    assert any("năm" in line for line in result.unplaced)


# --- personal data ---------------------------------------------------------------------------


def test_personal_contact_details_are_left_out_and_reported_masked() -> None:
    result, plan = imported(
        """\
        KẾ HOẠCH
        Bảo vệ trẻ em năm 2024

        I. NỘI DUNG

        - Đầu mối: bà Nguyễn Thị Lan, điện thoại 0912 345 678 hoặc +84 987.654.321, e-mail nguyenlan@gmail.com.
        - Trẻ em được hỗ trợ: Nguyễn Văn B, CCCD 079123456234, CMND 271234567.
        - Gọi Tổng đài 111, 113, 1900545559, 18009069, 18001769 hoặc 18001567 khi cần giúp đỡ.
        - Phòng Lao động: 0203.3862.123.
        """
    )
    everything = result.yaml_text + "\n".join(result.found + result.unplaced + result.removed_personal)
    for raw in ("0912 345 678", "987.654.321", "nguyenlan@", "079123456234", "271234567", "3862.123"):
        assert raw not in everything
    assert result.removed_personal == (
        "0912•••678 (số điện thoại, dòng 6)",
        "0987•••321 (số điện thoại, dòng 6)",
        "ng•••@gmail.com (e-mail, dòng 6)",
        "0791•••••234 (số CMND/CCCD, dòng 7)",
        "2712••567 (số CMND/CCCD, dòng 7)",
        "0203••••123 (số điện thoại, dòng 9)",
    )
    items = plan["activities"][0]["items"]
    assert "[đã lược bỏ]" in items[0]
    assert items[2] == "Gọi Tổng đài 111, 113, 1900545559, 18009069, 18001769 hoặc 18001567 khi cần giúp đỡ."
    assert any("lược bỏ: 6" in line for line in result.found)


def test_unregistered_service_number_is_removed_but_hotlines_stay() -> None:
    result = import_plan("KẾ HOẠCH\nTrẻ em năm 2024\n\nI. NỘI DUNG\n- Gọi 1900 1234 56 hoặc 111.\n")
    assert "1900 1234 56" not in result.yaml_text and "111" in result.yaml_text
    assert result.removed_personal == ("1900•••456 (số điện thoại, dòng 5)",)
    assert HOTLINES == {"111", "113", "1900545559", "18009069", "18001769", "18001567"}


# --- reading files -----------------------------------------------------------------------------


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN"
    header.cell(0, 0).add_paragraph("HUYỆN ĐAKRÔNG")
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    header.cell(1, 0).text = "Số: 15/KH-UBND"
    header.cell(1, 1).text = "Đakrông, ngày 10 tháng 3 năm 2023"
    document.add_paragraph().add_run("KẾ HOẠCH").bold = True
    document.add_paragraph().add_run("Bảo vệ trẻ em năm 2023").bold = True
    document.add_paragraph("Căn cứ Luật Trẻ em năm 2016;")
    document.add_heading("I. CHỈ TIÊU", level=1)
    document.add_paragraph("Phấn đấu 95% trẻ em được khai sinh đúng hạn.", style="List Number")
    document.add_paragraph("Giảm tỷ lệ trẻ em bị tai nạn xuống dưới 5%.", style="List Number")
    document.add_heading("II. TỔ CHỨC THỰC HIỆN", level=1)
    document.add_heading("1. Phòng Lao động - Thương binh và Xã hội", level=2)
    document.add_paragraph("Tham mưu triển khai kế hoạch; báo cáo trước ngày 15/6.", style="List Bullet")
    document.add_heading("2. Phòng Y tế", level=2)
    document.add_paragraph("Chăm sóc sức khỏe trẻ em.", style="List Bullet")
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("- UBND tỉnh;")
    document.add_paragraph("CHỦ TỊCH")
    document.add_paragraph("Lê Văn Bình")
    document.save(str(path))
    return path


def test_docx_is_read_with_tables_heading_and_list_hints(tmp_path: Path) -> None:
    text = read_document(make_docx(tmp_path / "ke-hoach.docx"))
    assert "Số: 15/KH-UBND" in text and "HUYỆN ĐAKRÔNG" in text  # table cells are read
    assert "**KẾ HOẠCH**" in text
    assert "# I. CHỈ TIÊU" in text and "## 1. Phòng Lao động" in text
    assert "1. Phấn đấu 95%" in text and "2. Giảm tỷ lệ" in text  # Word's automatic numbers
    assert "- Tham mưu triển khai" in text
    plan = yaml.safe_load(import_plan(text).yaml_text)
    assert_schema_shape(plan)
    assert (plan["number"], plan["issuer"], plan["issued"], plan["year"]) == (
        "15/KH-UBND", "Ủy ban nhân dân huyện Đakrông", dt.date(2023, 3, 10), 2023,
    )
    assert [t["value"] for t in plan["targets"]] == [95, 5]
    assert agencies(plan) == ["Phòng Lao động - Thương binh và Xã hội", "Phòng Y tế"]
    assert plan["deadlines"] == [{"date": dt.date(2023, 6, 15), "title": "Báo cáo (Phòng Lao động - Thương binh và Xã hội)"}]
    assert plan["signer"] == {"position": "CHỦ TỊCH", "name": "Lê Văn Bình"}


def test_text_files_are_read_as_nfc(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.md"
    path.write_bytes("\ufeffKe\u0302\u0301 hoạch".encode("utf-8"))  # decomposed "Kế", with a BOM
    assert read_document(path) == "Kế hoạch"


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("thieu.txt", None, "Không tìm thấy"),
        ("ke-hoach.pdf", b"%PDF-1.4", ".docx"),
        ("hong.docx", b"not a zip file", "Word"),
        ("latin1.txt", "Kế hoạch".encode("cp1258", errors="replace") + b"\xff\xfe\x00", "UTF-8"),
        ("trong.txt", b"  \n", "không có nội dung"),
        ("anh.png", b"\x89PNG", "Hỗ trợ"),
    ],
)
def test_unreadable_input_raises_a_bilingual_error(tmp_path: Path, name: str, content: bytes | None, words: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ImportInputError) as caught:
        read_document(path)
    assert words in caught.value.message_vi
    assert caught.value.message_en and caught.value.message_en != caught.value.message_vi


def test_run_import_writes_stdout_or_file_and_summary_on_stderr(tmp_path: Path) -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run_import(MARKDOWN, None, stdout=stdout, stderr=stderr) == 0
    assert stdout.getvalue().startswith("# Bản nháp")
    assert "Tìm thấy / Found:" in stderr.getvalue() and "Tiêu đề: Phòng, chống xâm hại" in stderr.getvalue()
    out = tmp_path / "ke-hoach" / "moi.yaml"
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run_import(MARKDOWN, out, stdout=stdout, stderr=stderr) == 0
    assert stdout.getvalue() == "" and out.read_text(encoding="utf-8").startswith("# Bản nháp")
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run_import(tmp_path / "khong-co.txt", None, stdout=stdout, stderr=stderr) == 1
    assert "Lỗi:" in stderr.getvalue() and "Error:" in stderr.getvalue() and stdout.getvalue() == ""


# --- helpers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "upper, proper",
    [
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ CẨM PHẢ", "Ủy ban nhân dân thành phố Cẩm Phả"),
        ("ỦY BAN NHÂN DÂN QUẬN 12", "Ủy ban nhân dân Quận 12"),
        ("UBND HUYỆN ĐAKRÔNG", "Ủy ban nhân dân huyện Đakrông"),
        ("PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Phòng Lao động - Thương binh và Xã hội"),
        ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
    ],
)
def test_issuer_names_in_capitals_get_proper_case(upper: str, proper: str) -> None:
    assert proper_case_agency(upper) == proper


def test_the_lowest_body_of_a_two_level_header_is_the_issuer() -> None:
    _, plan = imported(
        """\
        UBND QUẬN 12
        PHÒNG GIÁO DỤC VÀ ĐÀO TẠO

        KẾ HOẠCH
        Phòng chống đuối nước năm 2024

        I. NỘI DUNG
        - Dạy bơi cho học sinh.
        """
    )
    assert plan["issuer"] == "Phòng Giáo dục và Đào tạo"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_every_scalar_reads_back_as_written(value: str) -> None:
    assert yaml.safe_load(f"k: {format_scalar(value)}  # chú thích") == {"k": value}


LINE_PIECES = st.sampled_from(
    [
        "KẾ HOẠCH", "Số: 12/KH-UBND", "Hà Nội, ngày 1 tháng 2 năm 2024", "I. CHỈ TIÊU", "II. TỔ CHỨC THỰC HIỆN",
        "1. Phòng Y tế", "- Phấn đấu 90% trẻ em: được khám", "- báo cáo trước ngày 31/2", "a) Công an: phối hợp",
        "Nơi nhận:", "- Lưu: VT.", "KT. CHỦ TỊCH", "Nguyễn Văn A", "**", "# ", "", "ngày 25 hằng tháng", "V/v x",
        "Căn cứ Luật Trẻ em;", "- yes", "- 2024-01-01", "- \"quoted\" # not a comment", "Trên đây là kế hoạch.",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(LINE_PIECES, st.text(max_size=30)), max_size=25))
def test_any_text_gives_a_draft_with_schema_fields_only(lines: list[str]) -> None:
    result = import_plan("\n".join(lines))
    plan = yaml.safe_load(result.yaml_text)
    assert isinstance(plan, dict) and set(plan) <= PLAN_FIELDS
    assert isinstance(plan["title"], str) and isinstance(plan["issuer"], str)
    for key, allowed in NESTED_FIELDS.items():
        assert all(set(entry) <= allowed for entry in plan.get(key, []))


# --- the drafts pass `check` ----------------------------------------------------------------------

MINIMAL_HOTLINES = "".join(f'- number: "{n}"\n  name: Đường dây {n}\n' for n in sorted(HOTLINES))


@pytest.mark.skipif(not (PROJECT / "build.py").exists(), reason="build.py is not there yet")
def test_drafts_pass_check_in_a_minimal_site(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "ke-hoach").mkdir(parents=True)
    (content / "site.yaml").write_text("title: T\n", encoding="utf-8")
    (content / "hotlines.yaml").write_text(MINIMAL_HOTLINES, encoding="utf-8")
    sources = [TAY_NINH, MARKDOWN] + (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
    for source in sources:
        result = import_plan(read_document(source), source_name=source.name)
        (content / "ke-hoach" / f"{source.stem}.yaml").write_text(result.yaml_text, encoding="utf-8")
    docx_source = make_docx(tmp_path / "tu-word.docx")
    (content / "ke-hoach" / "tu-word.yaml").write_text(import_plan(read_document(docx_source)).yaml_text, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "check", "--content", str(content)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert " 0 lỗi" in completed.stderr or "0 lỗi" in completed.stderr


@pytest.mark.skipif(not (PROJECT / "build.py").exists(), reason="build.py is not there yet")
def test_import_command_line(tmp_path: Path) -> None:
    out = tmp_path / "ke-hoach.yaml"
    completed = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "import", str(TAY_NINH), "-o", str(out)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["number"] == "27/KH-UBND"
    assert "0912•••678" in completed.stderr and "0912 345 678" not in completed.stderr
