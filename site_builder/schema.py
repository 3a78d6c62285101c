"""The content schema, declared once: fields, their converters, and their Vietnamese docs.

Converters work on PyYAML nodes rather than constructed values, so every value keeps
its line and column and every problem is reported where it is. The same field tables
drive validation (`convert_record`) and the scaffolds of `new` (`scaffold` module).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import yaml

from .diagnostics import Location, Report, did_you_mean, suggest

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"


class Invalid:
    """Marker for a value that failed conversion (already reported)."""


INVALID = Invalid()


@dataclass(frozen=True)
class Known:
    """Names that references may point to, known before the files that refer to them."""

    hotlines: frozenset[str] = frozenset()
    plans: frozenset[str] = frozenset()
    topics: frozenset[str] | None = None  # None: no topics.yaml, any slug is accepted


@dataclass(frozen=True)
class Ctx:
    """Where the YAML being converted came from, and where problems go."""

    path: str
    report: Report
    known: Known = Known()
    line_offset: int = 0  # front matter starts below the `---` line

    def loc(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1 + self.line_offset, mark.column + 1)

    def error(self, node: yaml.Node, code: str, vi: str, en: str) -> Invalid:
        self.report.error(self.loc(node), code, vi, en)
        return INVALID

    def warning(self, node: yaml.Node, code: str, vi: str, en: str) -> None:
        self.report.warning(self.loc(node), code, vi, en)


Converter = Callable[[yaml.Node, Ctx, str], Any]


@dataclass(frozen=True)
class Field:
    convert: Converter
    doc: str  # Vietnamese, shown in scaffolds
    required: bool = False
    default: Any = None
    example: str | None = None  # YAML text for scaffolds
    nested: "Schema | None" = None  # the record schema of a record or list-of-records field


@dataclass(frozen=True)
class Schema:
    name_vi: str
    name_en: str
    fields: Mapping[str, Field]


@dataclass(frozen=True)
class Record:
    """A converted mapping: values by field name, and where each field was written."""

    values: Mapping[str, Any]
    loc: Location
    field_locs: Mapping[str, Location] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def where(self, key: str) -> Location:
        return self.field_locs.get(key, self.loc)


# --- scalars ------------------------------------------------------------------------


def _scalar(node: yaml.Node, ctx: Ctx, what: str) -> yaml.ScalarNode | Invalid:
    if isinstance(node, yaml.ScalarNode):
        return node
    shape_vi = "danh sách" if isinstance(node, yaml.SequenceNode) else "bảng khóa–giá trị"
    shape_en = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
    return ctx.error(
        node,
        "type",
        f'"{what}" phải là một giá trị đơn, không phải {shape_vi}.',
        f'"{what}" must be a single value, not {shape_en}.',
    )


def text(node: yaml.Node, ctx: Ctx, what: str) -> str | Invalid:
    """Any scalar, as written: `title: 2024` is the text "2024"."""
    scalar = _scalar(node, ctx, what)
    if isinstance(scalar, Invalid):
        return scalar
    value = scalar.value.strip()
    if not value and scalar.tag != STR:
        return ctx.error(node, "empty", f'"{what}" đang để trống.', f'"{what}" is empty.')
    return value


def slug_text(node: yaml.Node, ctx: Ctx, what: str) -> str | Invalid:
    value = text(node, ctx, what)
    if isinstance(value, str) and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        from .markup import slugify

        return ctx.error(
            node,
            "slug",
            f'"{value}" không phải là mã hợp lệ (chỉ chữ thường không dấu, số và dấu gạch ngang). Hãy viết "{slugify(value)}".',
            f'"{value}" is not a valid slug (lower-case ASCII letters, digits and hyphens). Write "{slugify(value)}".',
        )
    return value


_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def date(node: yaml.Node, ctx: Ctx, what: str) -> dt.date | Invalid:
    scalar = _scalar(node, ctx, what)
    if isinstance(scalar, Invalid):
        return scalar
    raw = scalar.value.strip()
    match = _DATE.fullmatch(raw)
    if not match:
        return ctx.error(
            node,
            "date-format",
            f'"{what}": "{raw}" không phải là ngày. Viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2024-06-01.',
            f'"{what}": "{raw}" is not a date. Write it as YEAR-MONTH-DAY, e.g. 2024-06-01.',
        )
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        problem_vi = f"tháng {month} không có" if not 1 <= month <= 12 else f"tháng {month} năm {year} không có ngày {day}"
        problem_en = f"there is no month {month}" if not 1 <= month <= 12 else f"month {month} of {year} has no day {day}"
        return ctx.error(
            node,
            "date-impossible",
            f'"{what}": ngày {raw} không tồn tại ({problem_vi}).',
            f'"{what}": the date {raw} does not exist ({problem_en}).',
        )


def integer(low: int, high: int) -> Converter:
    def convert(node: yaml.Node, ctx: Ctx, what: str) -> int | Invalid:
        scalar = _scalar(node, ctx, what)
        if isinstance(scalar, Invalid):
            return scalar
        raw = scalar.value.strip()
        if scalar.tag == STR and scalar.style or not re.fullmatch(r"[+-]?\d+", raw):
            return ctx.error(
                node,
                "type",
                f'"{what}" phải là một số nguyên (không đặt trong ngoặc kép), ví dụ {low}.',
                f'"{what}" must be a whole number (not in quotes), e.g. {low}.',
            )
        value = int(raw)
        if not low <= value <= high:
            return ctx.error(
                node,
                "range",
                f'"{what}" phải nằm trong khoảng {low}–{high}, không phải {value}.',
                f'"{what}" must be between {low} and {high}, not {value}.',
            )
        return value

    return convert


def number(node: yaml.Node, ctx: Ctx, what: str) -> float | int | Invalid:
    """A YAML number; a Vietnamese decimal comma ("0,8") is accepted too."""
    scalar = _scalar(node, ctx, what)
    if isinstance(scalar, Invalid):
        return scalar
    raw = scalar.value.strip()
    if scalar.tag == INT and re.fullmatch(r"[+-]?\d+", raw):
        return int(raw)
    if re.fullmatch(r"[+-]?\d+,\d+", raw):
        return float(raw.replace(",", "."))
    if scalar.tag == FLOAT and re.fullmatch(r"[+-]?\d*\.\d+", raw):
        if re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", raw):
            ctx.warning(
                node,
                "ambiguous-number",
                f'"{what}": {raw} được hiểu là số thập phân {raw.replace(".", ",")}. Nếu ý bạn là {raw} (hàng nghìn), hãy viết {raw.replace(".", "")}.',
                f'"{what}": {raw} is read as the decimal {raw}. If you meant thousands, write {raw.replace(".", "")}.',
            )
        return float(raw)
    return ctx.error(
        node,
        "type",
        f'"{what}" phải là một số, ví dụ 90 hoặc 0,8 — không phải "{raw}".',
        f'"{what}" must be a number, e.g. 90 or 0.8 — not "{raw}".',
    )


def boolean(node: yaml.Node, ctx: Ctx, what: str) -> bool | Invalid:
    scalar = _scalar(node, ctx, what)
    if isinstance(scalar, Invalid):
        return scalar
    if scalar.tag != BOOL:
        return ctx.error(
            node,
            "type",
            f'"{what}" chỉ nhận true hoặc false (không đặt trong ngoặc kép), không phải "{scalar.value}".',
            f'"{what}" takes true or false (without quotes), not "{scalar.value}".',
        )
    return scalar.value.lower() in ("true", "yes", "on", "y")


def choice(*options: str) -> Converter:
    def convert(node: yaml.Node, ctx: Ctx, what: str) -> str | Invalid:
        value = text(node, ctx, what)
        if isinstance(value, str) and value not in options:
            vi, en = did_you_mean(value, options)
            return ctx.error(
                node,
                "choice",
                f'"{what}" không nhận giá trị "{value}".{vi}',
                f'"{what}" does not accept "{value}".{en}',
            )
        return value

    return convert


def hotline_number(node: yaml.Node, ctx: Ctx, what: str) -> str | Invalid:
    """A phone number as text: YAML would turn 0243… into an integer and drop the zero."""
    scalar = _scalar(node, ctx, what)
    if isinstance(scalar, Invalid):
        return scalar
    raw = scalar.value.strip()
    if scalar.tag in (INT, FLOAT):
        return ctx.error(
            node,
            "hotline-unquoted",
            f'Số điện thoại {raw} phải đặt trong ngoặc kép: "{raw}" (nếu không, YAML coi nó là một con số và có thể làm mất số 0 ở đầu).',
            f'The phone number {raw} must be quoted: "{raw}" (otherwise YAML reads it as an integer and may drop a leading zero).',
        )
    digits = re.sub(r"[ .]", "", raw)
    if not re.fullmatch(r"\+?\d{3,12}", digits):
        return ctx.error(
            node,
            "hotline-format",
            f'"{raw}" không phải là số điện thoại: chỉ được có chữ số (có thể cách nhau bằng dấu cách).',
            f'"{raw}" is not a phone number: digits only (spaces allowed between groups).',
        )
    return digits


def hotline_ref(node: yaml.Node, ctx: Ctx, what: str) -> str | Invalid:
    number_ = hotline_number(node, ctx, what)
    if isinstance(number_, str) and number_ not in ctx.known.hotlines:
        vi, en = did_you_mean(number_, ctx.known.hotlines)
        return ctx.error(
            node,
            "unknown-hotline",
            f'Đường dây nóng "{number_}" chưa có trong hotlines.yaml.{vi} Thêm nó vào hotlines.yaml hoặc sửa lại số.',
            f'The hotline "{number_}" is not in hotlines.yaml.{en} Add it to hotlines.yaml or correct the number.',
        )
    return number_


def plan_ref(node: yaml.Node, ctx: Ctx, what: str) -> str | Invalid:
    value = text(node, ctx, what)
    if isinstance(value, str) and value not in ctx.known.plans:
        vi, en = did_you_mean(value, ctx.known.plans) if ctx.known.plans else ("", "")
        return ctx.error(
            node,
            "unknown-plan",
            f'Không có kế hoạch "{value}" trong thư mục ke-hoach/.{vi}',
            f'There is no plan "{value}" in ke-hoach/.{en}',
        )
    return value


def topic_ref(node: yaml.Node, ctx: Ctx, what: str) -> str | Invalid:
    value = slug_text(node, ctx, what)
    topics = ctx.known.topics
    if isinstance(value, str) and topics is not None and value not in topics:
        vi, en = did_you_mean(value, topics)
        return ctx.error(
            node,
            "unknown-topic",
            f'Chủ đề "{value}" chưa có trong topics.yaml.{vi}',
            f'The topic "{value}" is not in topics.yaml.{en}',
        )
    return value


# --- containers ---------------------------------------------------------------------


def list_of(item: Converter) -> Converter:
    def convert(node: yaml.Node, ctx: Ctx, what: str) -> tuple | Invalid:
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            return ctx.error(
                node,
                "type",
                f'"{what}" phải là một danh sách: mỗi mục một dòng bắt đầu bằng "- ", hoặc [a, b].',
                f'"{what}" must be a list: one "- " item per line, or [a, b].',
            )
        values = tuple(item(child, ctx, what) for child in node.value)
        return values if not any(isinstance(v, Invalid) for v in values) else tuple(
            v for v in values if not isinstance(v, Invalid)
        )

    return convert


def mapping_of_text(node: yaml.Node, ctx: Ctx, what: str) -> dict[str, str] | Invalid:
    if not isinstance(node, yaml.MappingNode):
        return ctx.error(node, "type", f'"{what}" phải là bảng "khóa: giá trị".', f'"{what}" must be a "key: value" mapping.')
    result: dict[str, str] = {}
    for key_node, value_node in node.value:
        key, value = text(key_node, ctx, what), text(value_node, ctx, what)
        if isinstance(key, str) and isinstance(value, str):
            result[key] = value
    return result


def record(schema: Schema) -> Converter:
    def convert(node: yaml.Node, ctx: Ctx, what: str) -> Record | Invalid:
        return convert_record(node, schema, ctx)

    return convert


def convert_record(node: yaml.Node, schema: Schema, ctx: Ctx) -> Record | Invalid:
    """Check a mapping against a schema: unknown, duplicate, missing and mistyped fields."""
    if not isinstance(node, yaml.MappingNode):
        return ctx.error(
            node,
            "type",
            f"{schema.name_vi} phải là một bảng các trường dạng \"tên: giá trị\".",
            f'{schema.name_en} must be a mapping of "name: value" fields.',
        )
    values: dict[str, Any] = {}
    locs: dict[str, Location] = {}
    invalid: set[str] = set()
    misspelt: set[str] = set()  # fields an unknown key was taken for: no second "missing" error
    failed = False
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in schema.fields:
            guess = suggest(str(key), schema.fields)
            if guess:
                misspelt.add(guess)
            vi, en = did_you_mean(str(key), schema.fields)
            ctx.error(
                key_node,
                "unknown-field",
                f'Trường "{key}" không có trong {schema.name_vi}.{vi}',
                f'Unknown field "{key}" in {schema.name_en}.{en}',
            )
            failed = True
            continue
        if key in locs:
            ctx.error(
                key_node,
                "duplicate-field",
                f'Trường "{key}" được viết hai lần (lần đầu ở dòng {locs[key].line}). Hãy xóa một lần.',
                f'The field "{key}" is written twice (first on line {locs[key].line}). Remove one.',
            )
            failed = True
            continue
        locs[key] = ctx.loc(key_node)
        if isinstance(value_node, yaml.ScalarNode) and value_node.tag == NULL:
            continue  # an empty field counts as absent
        value = schema.fields[key].convert(value_node, ctx, key)
        if isinstance(value, Invalid):
            failed = True
            invalid.add(key)
        else:
            values[key] = value
    for name, spec in schema.fields.items():
        if name in values:
            continue
        if spec.required and name not in invalid and name not in misspelt:
            if name in locs:  # written, but left empty
                ctx.report.error(
                    locs[name],
                    "empty",
                    f'Trường bắt buộc "{name}" đang để trống ({schema.name_vi}): {spec.doc}',
                    f'The required field "{name}" is empty ({schema.name_en}).',
                )
            else:
                ctx.error(
                    node,
                    "missing-field",
                    f'Thiếu trường bắt buộc "{name}" ({schema.name_vi}): {spec.doc}',
                    f'The required field "{name}" is missing ({schema.name_en}).',
                )
            failed = True
        values.setdefault(name, spec.default)
    if failed:
        return INVALID
    return Record(values, ctx.loc(node), locs)


# --- the content schemas ----------------------------------------------------------------

TEXT_LIST = list_of(text)

OFFICIAL_CONTACTS = Schema(
    "official_contacts",
    "official_contacts",
    {
        "emails": Field(TEXT_LIST, "Địa chỉ e-mail chính thức được phép đăng.", default=()),
        "email_domains": Field(TEXT_LIST, "Tên miền e-mail chính thức, ví dụ gov.vn.", default=()),
        "phones": Field(list_of(hotline_number), "Số điện thoại cơ quan được phép đăng.", default=()),
    },
)

BROADCAST = Schema(
    "broadcast",
    "broadcast",
    {
        "station": Field(text, "Tên đài đọc bản tin.", default="Đài truyền thanh phường"),
        "words_per_minute": Field(integer(60, 300), "Tốc độ đọc, số âm tiết mỗi phút.", default=130),
        "opening": Field(text, "Lời mở đầu thay cho lời mặc định."),
        "closing": Field(text, "Lời kết thay cho lời mặc định."),
    },
)

SITE = Schema(
    "site.yaml",
    "site.yaml",
    {
        "title": Field(text, "Tên cổng thông tin.", required=True),
        "locality": Field(text, "Tên địa phương, đọc ở đầu bản tin phát thanh.", default=""),
        "language": Field(choice("vi"), "Ngôn ngữ của trang.", default="vi"),
        "base_url": Field(text, "Địa chỉ gốc của trang, ví dụ https://tre-em.quan12.gov.vn/.", default="/"),
        "featured_hotlines": Field(list_of(hotline_ref), "Các đường dây nóng hiện ở đầu mọi trang.", default=()),
        "quick_exit_url": Field(text, "Trang trung tính mà nút Thoát nhanh dẫn tới.", default="https://www.google.com.vn/"),
        "official_contacts": Field(record(OFFICIAL_CONTACTS), "Liên hệ chính thức được phép đăng.", nested=OFFICIAL_CONTACTS),
        "broadcast": Field(record(BROADCAST), "Thiết lập bản tin phát thanh.", nested=BROADCAST),
        "hosting_headers": Field(boolean, "true: ghi thêm tệp _headers (chính sách bảo mật, bộ nhớ đệm) cho Netlify, Cloudflare Pages.", default=False),
    },
)

HOTLINE = Schema(
    "đường dây nóng",
    "hotline",
    {
        "number": Field(hotline_number, "Số điện thoại, đặt trong ngoặc kép.", required=True),
        "name": Field(text, "Tên đường dây nóng.", required=True),
        "description": Field(text, "Mô tả ngắn: tiếp nhận gì, ai gọi được.", default=""),
        "free": Field(boolean, "true nếu gọi miễn phí, false nếu tính cước."),
        "hours": Field(text, "Giờ làm việc, ví dụ 24/7.", default=""),
        "channels": Field(TEXT_LIST, "Các kênh khác, ví dụ Zalo.", default=()),
    },
)

AGENCY = Schema(
    "cơ quan",
    "agency",
    {
        "name": Field(text, "Tên đầy đủ của cơ quan.", required=True),
        "short": Field(text, "Tên viết tắt."),
        "aliases": Field(TEXT_LIST, "Các cách viết khác trong kế hoạch.", default=()),
    },
)

TOPIC = Schema(
    "chủ đề",
    "topic",
    {
        "slug": Field(slug_text, "Mã chủ đề, chữ thường không dấu.", required=True),
        "name": Field(text, "Tên chủ đề.", required=True),
        "description": Field(text, "Mô tả ngắn.", default=""),
    },
)

SPOKEN = Schema(
    "spoken.yaml",
    "spoken.yaml",
    {"abbreviations": Field(mapping_of_text, "Chữ viết tắt và cách đọc.", default={})},
)

TARGET = Schema(
    "chỉ tiêu",
    "target",
    {
        "text": Field(text, "Nội dung chỉ tiêu.", required=True),
        "value": Field(number, "Con số của chỉ tiêu."),
        "unit": Field(text, "Đơn vị, ví dụ %.", default=""),
        "direction": Field(choice("at_least", "at_most", "equal"), "at_least (ít nhất), at_most (không quá), equal (bằng).", default="at_least"),
        "group": Field(text, "Nhóm chỉ tiêu.", default=""),
        "achieved": Field(number, "Kết quả đạt được (nếu đã có)."),
    },
)

ACTIVITY = Schema(
    "nhóm nhiệm vụ",
    "activity",
    {
        "title": Field(text, "Tên nhóm nhiệm vụ.", required=True),
        "items": Field(TEXT_LIST, "Các việc cụ thể.", default=()),
    },
)

ASSIGNMENT = Schema(
    "phân công",
    "assignment",
    {
        "agency": Field(text, "Cơ quan được giao.", required=True),
        "tasks": Field(TEXT_LIST, "Các nhiệm vụ được giao.", default=()),
    },
)

DEADLINE = Schema(
    "hạn báo cáo",
    "deadline",
    {
        "date": Field(date, "Ngày phải nộp báo cáo (NĂM-THÁNG-NGÀY)."),
        "day_of_month": Field(integer(1, 31), "Ngày trong tháng cho báo cáo hằng tháng."),
        "title": Field(text, "Tên báo cáo.", required=True),
    },
)

SIGNER = Schema(
    "người ký",
    "signer",
    {
        "position": Field(text, "Chức vụ người ký.", default=""),
        "name": Field(text, "Họ tên người ký.", default=""),
    },
)

PLAN = Schema(
    "kế hoạch",
    "plan",
    {
        "kind": Field(choice("plan", "guidance"), "plan (Kế hoạch) hoặc guidance (Công văn hướng dẫn).", default="plan", example="plan"),
        "number": Field(text, "Số văn bản, ví dụ 43/KH-UBND.", example='"43/KH-UBND"'),
        "title": Field(text, "Tên kế hoạch.", required=True),
        "issuer": Field(text, "Cơ quan ban hành.", required=True, example="Ủy ban nhân dân quận 12"),
        "issued": Field(date, "Ngày ban hành (NĂM-THÁNG-NGÀY)."),
        "year": Field(integer(1990, 2100), "Năm thực hiện kế hoạch.", required=True),
        "topics": Field(list_of(topic_ref), "Các chủ đề (mã trong topics.yaml).", default=()),
        "summary": Field(text, "Tóm tắt một hai câu cho người dân.", default=""),
        "bases": Field(TEXT_LIST, "Căn cứ pháp lý, mỗi văn bản một dòng.", default=()),
        "goals": Field(TEXT_LIST, "Mục đích, yêu cầu, mục tiêu chung.", default=()),
        "targets": Field(list_of(record(TARGET)), "Các chỉ tiêu.", default=(), nested=TARGET),
        "activities": Field(list_of(record(ACTIVITY)), "Nội dung, nhiệm vụ.", default=(), nested=ACTIVITY),
        "assignments": Field(list_of(record(ASSIGNMENT)), "Tổ chức thực hiện: cơ quan nào làm gì.", default=(), nested=ASSIGNMENT),
        "deadlines": Field(list_of(record(DEADLINE)), "Chế độ báo cáo.", default=(), nested=DEADLINE),
        "budget": Field(text, "Kinh phí.", default=""),
        "signer": Field(record(SIGNER), "Người ký.", nested=SIGNER),
        "recipients": Field(TEXT_LIST, "Nơi nhận.", default=()),
    },
)

# Fields that campaign, news and standalone pages share, declared once.
TOPICS_FIELD = Field(list_of(topic_ref), "Các chủ đề (mã trong topics.yaml).", default=())
HOTLINES_FIELD = Field(list_of(hotline_ref), "Các đường dây nóng liên quan (có trong hotlines.yaml).", default=())
PLANS_FIELD = Field(list_of(plan_ref), "Các kế hoạch liên quan (tên tệp trong ke-hoach/).", default=())
UPDATED_FIELD = Field(date, "Ngày cập nhật nội dung gần nhất (NĂM-THÁNG-NGÀY), nếu có; hiện là “Cập nhật dd/mm/yyyy”.")
DRAFT_FIELD = Field(boolean, "true: bản nháp, chưa đăng.", default=False)
BROADCAST_FIELD = Field(boolean, "false: không tạo bản tin phát thanh.", default=True)
SUMMARY_FIELD = Field(text, "Tóm tắt một hai câu.", default="")
# The fields campaign and news pages both end with, in the order scaffolds show them.
ARTICLE_FIELDS = {
    "summary": SUMMARY_FIELD,
    "topics": TOPICS_FIELD,
    "hotlines": HOTLINES_FIELD,
    "plans": PLANS_FIELD,
    "updated": UPDATED_FIELD,
    "draft": DRAFT_FIELD,
    "broadcast": BROADCAST_FIELD,
}

CAMPAIGN = Schema(
    "trang chiến dịch",
    "campaign page",
    {
        "title": Field(text, "Tên chiến dịch.", required=True),
        "theme": Field(text, "Chủ đề của chiến dịch.", required=True),
        "start": Field(date, "Ngày bắt đầu (NĂM-THÁNG-NGÀY).", required=True),
        "end": Field(date, "Ngày kết thúc (NĂM-THÁNG-NGÀY).", required=True),
        **ARTICLE_FIELDS,
    },
)

NEWS = Schema(
    "trang tin tức",
    "news page",
    {
        "title": Field(text, "Tiêu đề bài viết.", required=True),
        "date": Field(date, "Ngày đăng (NĂM-THÁNG-NGÀY).", required=True),
        **ARTICLE_FIELDS,
    },
)

PAGE = Schema(
    "trang",
    "page",
    {
        "title": Field(text, "Tiêu đề trang.", required=True),
        "summary": SUMMARY_FIELD,
        "updated": UPDATED_FIELD,
        "draft": DRAFT_FIELD,
    },
)
