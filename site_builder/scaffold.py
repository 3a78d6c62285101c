"""`new campaign|news|plan "Tiêu đề"`: a new file with every field explained in Vietnamese.

The comments come from the schema's own field docs, so a scaffold never disagrees
with what `check` accepts. A new file starts as a draft (`draft: true`) and passes
`check` as written.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import yaml

from . import schema
from .diagnostics import EXIT_CONTENT, EXIT_OK, display_path
from .markup import slugify

FOLDERS = {"campaign": "chien-dich", "news": "tin-tuc", "plan": "ke-hoach"}

BODIES = {
    "campaign": """\
## Chiến dịch này là gì

Viết hai ba câu giản dị: chiến dịch diễn ra khi nào, nhằm điều gì, ai tham gia.

## Cha mẹ và các em có thể làm gì

- Việc thứ nhất, viết ngắn gọn, bắt đầu bằng một động từ.
- Việc thứ hai.

## Gọi ai khi cần giúp đỡ

Khi trẻ em bị xâm hại hoặc có nguy cơ bị xâm hại, hãy gọi ngay Tổng đài 111 (miễn phí, 24/7).
""",
    "news": """\
Viết đoạn mở đầu: chuyện gì, ở đâu, khi nào, vì sao cha mẹ nên quan tâm.

## Cha mẹ nên làm gì

- Lời khuyên thứ nhất.
- Lời khuyên thứ hai.

Khi cần tư vấn hoặc báo tin, hãy gọi Tổng đài 111 (miễn phí, 24/7).
""",
}


def _quote(value: object) -> str:
    """A YAML scalar that reads back as written (JSON strings are valid YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_quote(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _field_lines(spec: schema.Schema, values: dict[str, object], indent: str = "") -> list[str]:
    lines = []
    for name, field in spec.fields.items():
        note = " (bắt buộc)" if field.required else ""
        lines.append(f"{indent}# {field.doc}{note}")
        value = values.get(name)
        if field.nested is not None and isinstance(value, list):
            lines.append(f"{indent}{name}:")
            for item in value:
                item_lines = _field_lines(field.nested, item, indent + "    ")
                first = next(i for i, line in enumerate(item_lines) if not line.lstrip().startswith("#"))
                item_lines[first] = indent + "  - " + item_lines[first].lstrip()
                lines.extend(item_lines)
        elif field.nested is not None and isinstance(value, dict):
            lines.append(f"{indent}{name}:")
            lines.extend(_field_lines(field.nested, value, indent + "  "))
        elif value is None:
            lines.append(f"{indent}# {name}:")
        else:
            lines.append(f"{indent}{name}: {_quote(value)}")
    return lines


def _first_hotline(content: Path) -> list[str]:
    try:
        hotlines = yaml.safe_load((content / "hotlines.yaml").read_text("utf-8")) or []
        return [str(hotlines[0]["number"])]
    except (OSError, yaml.YAMLError, LookupError, TypeError):
        return []


def scaffold_text(kind: str, title: str, *, today: dt.date, hotlines: list[str]) -> str:
    if kind == "plan":
        values = {
            "kind": "plan",
            "number": "…/KH-UBND",
            "title": title,
            "issuer": "Ủy ban nhân dân phường …",
            "issued": today,
            "year": today.year,
            "topics": [],
            "summary": "Một hai câu cho người dân: kế hoạch này làm gì, cho ai.",
            "bases": ["Luật Trẻ em năm 2016"],
            "goals": ["Mục đích, yêu cầu của kế hoạch."],
            "targets": [{"text": "tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh", "value": 100, "unit": "%", "direction": "at_least", "group": "Bảo vệ trẻ em"}],
            "activities": [{"title": "Công tác tuyên truyền", "items": ["Việc cụ thể thứ nhất."]}],
            "assignments": [{"agency": "Phòng Văn hóa – Xã hội", "tasks": ["Nhiệm vụ được giao."]}],
            "deadlines": [{"title": "Báo cáo hằng tháng", "day_of_month": 25}],
            "budget": "Kinh phí thực hiện từ nguồn ngân sách được giao.",
            "signer": {"position": "CHỦ TỊCH", "name": "…"},
            "recipients": ["Như trên;", "Lưu: VT."],
        }
        header = f"# Kế hoạch mới — tạo bằng `new plan`. Sửa các giá trị, xóa dòng không dùng.\n"
        return header + "\n".join(_field_lines(schema.PLAN, values)) + "\n"
    common = {"title": title, "summary": "Tóm tắt một hai câu, hiện trong danh sách và khi chia sẻ.", "topics": [], "hotlines": hotlines, "plans": [], "draft": True, "broadcast": True}
    if kind == "campaign":
        values = {**common, "theme": "Chủ đề của chiến dịch", "start": today, "end": today + dt.timedelta(days=29)}
        spec = schema.CAMPAIGN
    else:
        values = {**common, "date": today}
        spec = schema.NEWS
    return "---\n" + "\n".join(_field_lines(spec, values)) + "\n---\n\n" + BODIES[kind]


def write_scaffold(kind: str, title: str, *, content: Path, today: dt.date) -> int:
    slug = slugify(title)
    if not slug:
        print("Tiêu đề cần có chữ cái hoặc chữ số. / The title needs letters or digits.", file=sys.stderr)
        return EXIT_CONTENT
    suffix = ".yaml" if kind == "plan" else ".md"
    path = content / FOLDERS[kind] / f"{slug}{suffix}"
    if path.exists():
        print(
            f"{display_path(path)} đã có; không ghi đè. Hãy chọn tiêu đề khác hoặc sửa tệp đó. "
            f"/ {display_path(path)} already exists; not overwriting it.",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold_text(kind, title, today=today, hotlines=_first_hotline(content)), encoding="utf-8")
    print(f"Đã tạo {display_path(path)}. / Created {display_path(path)}.", file=sys.stderr)
    return EXIT_OK
