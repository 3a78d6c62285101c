"""Reading `content/` into validated records.

Order matters and is deliberate: hotlines and plan ids are known before the files
that refer to them, so a reference is checked where it is written. Every problem
lands in the report with its location; loading goes on so one run shows them all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from . import schema
from .diagnostics import Location, Report, display_path
from .links import find_links
from .markup import normalise_text, slugify
from .model import (
    Activity,
    AgencyName,
    Assignment,
    BroadcastSettings,
    Deadline,
    Document,
    Hotline,
    MediaFile,
    OfficialContacts,
    Plan,
    Signer,
    SiteSettings,
    Target,
    Topic,
)
from .parallel import default_processes, map_slices
from .body_checks import check_markdown_body
from .privacy import Allowed, KIND_EN, KIND_VI, find_personal_data, line_and_column
from .schema import Ctx, Known, Record

try:  # libyaml is much faster; the pure-Python loader gives the same nodes
    _YamlLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _YamlLoader = yaml.SafeLoader


@dataclass(frozen=True)
class SourceFile:
    """A content file as read: its display path and NFC text."""

    path: Path
    shown: str
    text: str


@dataclass(frozen=True)
class Content:
    """Everything loaded from a content folder, before assembly."""

    root: Path
    settings: SiteSettings
    hotlines: tuple[Hotline, ...]
    topics: tuple[Topic, ...] | None
    agency_names: tuple[AgencyName, ...]
    glossary: dict[str, str]
    plans: tuple[Plan, ...]
    documents: tuple[Document, ...]
    media: tuple[MediaFile, ...]


# --- files ---------------------------------------------------------------------------


def read_source(path: Path, report: Report) -> SourceFile | None:
    """UTF-8 text, NFC-normalised; anything else is a located error naming the file."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error(Location(shown), "unreadable", f"Không đọc được tệp: {exc.strerror}.", f"Cannot read the file: {exc.strerror}.")
        return None
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line, column = line_and_column(before, len(before))  # characters, not bytes
        report.error(
            Location(shown, line, column),
            "encoding",
            "Tệp không phải mã UTF-8. Hãy mở tệp trong trình soạn thảo và lưu lại với bảng mã UTF-8.",
            "The file is not UTF-8. Open it in your editor and save it as UTF-8.",
        )
        return None
    return SourceFile(path, shown, normalise_text(decoded))


_YAML_PROBLEMS = (
    (
        "mapping values are not allowed",
        'Giá trị có chứa ": " (dấu hai chấm và dấu cách) phải đặt trong ngoặc kép, ví dụ title: "Chủ đề: Trẻ em".',
        'A value containing ": " (colon and space) must be quoted, e.g. title: "Theme: Children".',
    ),
    (
        "found character '\\t'",
        "Không dùng phím Tab để thụt lề trong YAML; hãy dùng dấu cách.",
        "Do not indent YAML with tabs; use spaces.",
    ),
    (
        "could not find expected ':'",
        'Thiếu dấu hai chấm sau tên trường, hoặc một giá trị nhiều dòng chưa được đặt trong ngoặc kép.',
        'A colon is missing after a field name, or a multi-line value needs quotes.',
    ),
    (
        "found unexpected end of stream",
        "Thiếu dấu ngoặc kép đóng.",
        "A closing quote is missing.",
    ),
    (
        "expected <block end>",
        "Thụt lề không khớp: các trường cùng cấp phải thẳng hàng với nhau.",
        "Inconsistent indentation: fields at the same level must line up.",
    ),
    (
        "did not find expected key",
        "Thụt lề không khớp, hoặc một giá trị bắt đầu bằng ký tự đặc biệt cần đặt trong ngoặc kép.",
        "Inconsistent indentation, or a value starting with a special character needs quotes.",
    ),
    (
        "found undefined alias",
        'Giá trị bắt đầu bằng "*" phải đặt trong ngoặc kép.',
        'A value starting with "*" must be quoted.',
    ),
    (
        "found character '@'",
        'Giá trị bắt đầu bằng "@" hoặc "`" phải đặt trong ngoặc kép.',
        'A value starting with "@" or "`" must be quoted.',
    ),
)


def parse_yaml(text: str, shown: str, report: Report, line_offset: int = 0) -> yaml.Node | None:
    """YAML → node tree with marks; syntax errors become located, explained errors."""
    try:
        return yaml.compose(text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = f"{exc.context or ''} {exc.problem or ''}".strip()
        lookup = problem
        if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t" or "tab character" in problem:
            lookup = "found character '\\t'"  # libyaml does not name the tab; the pure-Python loader does
        vi, en = next(
            ((v, e) for key, v, e in _YAML_PROBLEMS if key in lookup),
            ("YAML không hợp lệ.", "Invalid YAML."),
        )
        report.error(
            Location(shown, line + line_offset, column),
            "yaml",
            f"{vi} (YAML: {problem})",
            f"{en} (YAML: {problem})",
        )
    except yaml.YAMLError as exc:
        report.error(Location(shown, 1 + line_offset, 1), "yaml", f"YAML không hợp lệ: {exc}", f"Invalid YAML: {exc}")
    return None


def _expect_list(node: yaml.Node | None, ctx: Ctx, what_vi: str, what_en: str) -> list[yaml.Node]:
    if node is None or isinstance(node, yaml.ScalarNode) and node.tag == schema.NULL:
        return []
    if not isinstance(node, yaml.SequenceNode):
        ctx.error(node, "type", f"{what_vi} phải là một danh sách, mỗi mục bắt đầu bằng \"- \".", f'{what_en} must be a list of "- " items.')
        return []
    return list(node.value)


def _records(nodes: Iterable[yaml.Node], spec: schema.Schema, ctx: Ctx) -> list[Record]:
    converted = (schema.convert_record(node, spec, ctx) for node in nodes)
    return [r for r in converted if isinstance(r, Record)]


# --- the registry files -------------------------------------------------------------------


def _written_numbers(nodes: Iterable[yaml.Node]) -> set[str]:
    """Every `number:` written in hotlines.yaml, valid or not.

    A hotline whose record has a mistake is reported once, where the mistake is;
    pages that refer to its number must not each get a second, misleading error.
    """
    numbers = set()
    for node in nodes:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == "number" and isinstance(value, yaml.ScalarNode):
                    numbers.add(re.sub(r"[ .]", "", value.value.strip()))
    return numbers


def load_hotlines(root: Path, report: Report, written: set[str] | None = None) -> tuple[Hotline, ...]:
    """The hotline registry; `written` receives every number written in it, even invalid entries."""
    source = read_source(root / "hotlines.yaml", report) if (root / "hotlines.yaml").exists() else None
    if source is None:
        if not (root / "hotlines.yaml").exists():
            report.error(
                Location(display_path(root / "hotlines.yaml")),
                "missing-file",
                "Thiếu tệp hotlines.yaml: cổng thông tin cần ít nhất một đường dây nóng (ví dụ 111).",
                "hotlines.yaml is missing: the portal needs at least one hotline (e.g. 111).",
            )
        return ()
    ctx = Ctx(source.shown, report)
    hotlines: list[Hotline] = []
    seen: dict[str, Location] = {}
    nodes = _expect_list(parse_yaml(source.text, source.shown, report), ctx, "hotlines.yaml", "hotlines.yaml")
    if written is not None:
        written.update(_written_numbers(nodes))
    for rec in _records(nodes, schema.HOTLINE, ctx):
        number = rec["number"]
        if number in seen:
            report.error(
                rec.where("number"),
                "duplicate-hotline",
                f"Số {number} đã được khai báo ở dòng {seen[number].line}.",
                f"The number {number} is already declared on line {seen[number].line}.",
            )
            continue
        seen[number] = rec.where("number")
        hotlines.append(Hotline(**rec.values))
    return tuple(hotlines)


def load_settings(root: Path, report: Report, known: Known) -> SiteSettings:
    path = root / "site.yaml"
    fallback = SiteSettings(title="Cổng thông tin")
    if not path.exists():
        report.error(
            Location(display_path(path)),
            "missing-file",
            "Thiếu tệp site.yaml. Tạo tệp với ít nhất một dòng: title: Tên cổng thông tin",
            "site.yaml is missing. Create it with at least: title: Portal name",
        )
        return fallback
    source = read_source(path, report)
    if source is None:
        return fallback
    ctx = Ctx(source.shown, report, known)
    node = parse_yaml(source.text, source.shown, report)
    if node is None:
        return fallback
    rec = schema.convert_record(node, schema.SITE, ctx)
    if not isinstance(rec, Record):
        return fallback
    values = dict(rec.values)
    contacts = values.pop("official_contacts")
    broadcast = values.pop("broadcast")
    base_url = values["base_url"]
    if not (base_url.startswith("/") or base_url.startswith(("https://", "http://"))):
        report.error(
            rec.where("base_url"),
            "base-url",
            f'base_url "{base_url}" phải bắt đầu bằng "/" hoặc "https://".',
            f'base_url "{base_url}" must start with "/" or "https://".',
        )
    if not values["quick_exit_url"].lower().startswith(("https://", "http://")):
        # It becomes a link on every page: a javascript: or data: address would run script.
        report.error(
            rec.where("quick_exit_url"),
            "quick-exit-url",
            'quick_exit_url phải là một địa chỉ web bắt đầu bằng "https://", ví dụ https://www.google.com.vn/.',
            'quick_exit_url must be a web address starting with "https://", e.g. https://www.google.com.vn/.',
        )
        values["quick_exit_url"] = SiteSettings.quick_exit_url
    return SiteSettings(
        **values,
        official_contacts=OfficialContacts(**contacts.values) if contacts else OfficialContacts(),
        broadcast=BroadcastSettings(**broadcast.values) if broadcast else BroadcastSettings(),
    )


def load_optional_list(root: Path, name: str, spec: schema.Schema, report: Report) -> list[Record] | None:
    path = root / name
    if not path.exists():
        return None
    source = read_source(path, report)
    node = parse_yaml(source.text, source.shown, report) if source else None
    if source is None or node is None:
        return None  # already reported; treat as absent so references do not all fail too
    ctx = Ctx(source.shown, report)
    return _records(_expect_list(node, ctx, name, name), spec, ctx)


def load_topics(root: Path, report: Report) -> tuple[Topic, ...] | None:
    records = load_optional_list(root, "topics.yaml", schema.TOPIC, report)
    if records is None:
        return None
    topics: dict[str, Topic] = {}
    for rec in records:
        if rec["slug"] in topics:
            report.error(rec.where("slug"), "duplicate-topic", f'Chủ đề "{rec["slug"]}" được khai báo hai lần.', f'The topic "{rec["slug"]}" is declared twice.')
        topics[rec["slug"]] = Topic(**rec.values)
    return tuple(topics.values())


def load_agency_names(root: Path, report: Report) -> tuple[AgencyName, ...]:
    records = load_optional_list(root, "agencies.yaml", schema.AGENCY, report) or []
    return tuple(AgencyName(**rec.values) for rec in records)


def load_glossary(root: Path, report: Report) -> dict[str, str]:
    path = root / "spoken.yaml"
    if not path.exists():
        return {}
    source = read_source(path, report)
    node = parse_yaml(source.text, source.shown, report) if source else None
    if node is None or source is None:
        return {}
    rec = schema.convert_record(node, schema.SPOKEN, Ctx(source.shown, report))
    return dict(rec["abbreviations"]) if isinstance(rec, Record) else {}


# --- plans ---------------------------------------------------------------------------------


def load_plan(source: SourceFile, plan_id: str, report: Report, known: Known) -> Plan | None:
    node = parse_yaml(source.text, source.shown, report)
    if node is None:
        return None
    rec = schema.convert_record(node, schema.PLAN, Ctx(source.shown, report, known))
    if not isinstance(rec, Record):
        return None
    values = dict(rec.values)
    for index, deadline in enumerate(values["deadlines"]):
        if (deadline["date"] is None) == (deadline["day_of_month"] is None):
            report.error(
                deadline.loc,
                "deadline-when",
                "Mỗi hạn báo cáo cần đúng một trong hai: date (một ngày cụ thể) hoặc day_of_month (ngày hằng tháng).",
                "Each deadline needs exactly one of date (a given day) or day_of_month (a monthly day).",
            )
    return Plan(
        id=plan_id,
        source=Location(source.shown),
        kind=values["kind"],
        number=values["number"],
        title=values["title"],
        issuer=values["issuer"],
        issued=values["issued"],
        year=values["year"],
        topics=values["topics"],
        summary=values["summary"],
        bases=values["bases"],
        goals=values["goals"],
        targets=tuple(Target(**t.values) for t in values["targets"]),
        activities=tuple(Activity(**a.values) for a in values["activities"]),
        assignments=tuple(Assignment(**a.values, source=a.where("agency")) for a in values["assignments"]),
        deadlines=tuple(Deadline(**d.values) for d in values["deadlines"]),
        budget=values["budget"],
        signer=Signer(**values["signer"].values) if values["signer"] else None,
        recipients=values["recipients"],
    )


# --- Markdown documents --------------------------------------------------------------------

_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def split_front_matter(source: SourceFile, report: Report) -> tuple[str, str, int] | None:
    """(front matter YAML, Markdown body, file line where the body starts)."""
    text = source.text
    if not text.startswith("---"):
        report.error(
            Location(source.shown, 1, 1),
            "front-matter-missing",
            "Thiếu phần đầu trang (front matter). Tệp phải bắt đầu bằng một dòng ---, sau đó là title: …, rồi một dòng --- nữa.",
            "Front matter is missing. The file must start with a --- line, then title: …, then another --- line.",
        )
        return None
    first_break = text.find("\n")
    if first_break < 0 or text[:first_break].strip() != "---":
        report.error(Location(source.shown, 1, 4), "front-matter-open", "Dòng đầu tiên chỉ được có ---.", "The first line must be --- alone.")
        return None
    closing = _FENCE.search(text, first_break + 1)
    if closing is None:
        report.error(
            Location(source.shown, 1, 1),
            "front-matter-unterminated",
            "Phần đầu trang mở bằng --- ở dòng 1 nhưng không có dòng --- để đóng lại. Thêm một dòng --- sau trường cuối cùng.",
            "The front matter opened with --- on line 1 is never closed. Add a --- line after the last field.",
        )
        return None
    front = text[first_break + 1 : closing.start()]
    body_start = text.find("\n", closing.end())
    body = "" if body_start < 0 else text[body_start + 1 :]
    body_line = text.count("\n", 0, closing.start()) + 2
    return front, body, body_line


_KIND_SCHEMA = {"campaign": schema.CAMPAIGN, "news": schema.NEWS, "page": schema.PAGE}


def load_document(source: SourceFile, kind: str, slug: str, report: Report, known: Known) -> Document | None:
    parts = split_front_matter(source, report)
    if parts is None:
        return None
    front, body, body_line = parts
    node = parse_yaml(front, source.shown, report, line_offset=1)
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode) and node.tag == schema.NULL:
        node = yaml.MappingNode("tag:yaml.org,2002:map", [], node.start_mark, node.end_mark)
    rec = schema.convert_record(node, _KIND_SCHEMA[kind], Ctx(source.shown, report, known, line_offset=1))
    if not isinstance(rec, Record):
        return None
    values = dict(rec.values)
    if kind == "campaign" and values["end"] < values["start"]:
        report.error(
            rec.where("end"),
            "campaign-dates",
            f"Chiến dịch kết thúc ({values['end']:%d/%m/%Y}) trước khi bắt đầu ({values['start']:%d/%m/%Y}). Hãy kiểm tra lại start và end.",
            f"The campaign ends ({values['end']}) before it starts ({values['start']}). Check start and end.",
        )
        return None
    if kind == "campaign":
        values["date"] = values["start"]
    check_markdown_body(body, source.shown, body_line, known.hotlines, report)
    return Document(kind=kind, slug=slug, source=Location(source.shown), body=body, body_line=body_line, links=tuple(find_links(body)), **values)


# --- media -----------------------------------------------------------------------------------

_SAFE_NAME = re.compile(r"[^a-z0-9]+")


def safe_media_name(relative: Path) -> str:
    """`Ảnh Tháng 6.JPG` → `anh-thang-6.jpg`: names that work on every server."""
    parts = [slugify(p) or "tep" for p in relative.parent.parts]
    stem = slugify(relative.stem) or "tep"
    suffix = _SAFE_NAME.sub("", relative.suffix.lower())
    return "/".join(parts + [stem + ("." + suffix if suffix else "")])


def load_media(root: Path, report: Report) -> tuple[MediaFile, ...]:
    media_root = root / "media"
    if not media_root.is_dir():
        return ()
    files: dict[str, MediaFile] = {}
    for path in sorted(p for p in media_root.rglob("*") if not p.name.startswith(".")):
        if leads_outside(path, root, report):
            continue
        if not path.is_file():
            continue
        url = "media/" + safe_media_name(path.relative_to(media_root))
        if url in files:
            report.error(
                Location(display_path(path)),
                "media-collision",
                f"Tệp này và {display_path(Path(files[url].source_path))} cùng thành {url}. Hãy đổi tên một tệp.",
                f"This file and {display_path(Path(files[url].source_path))} both become {url}. Rename one.",
            )
            continue
        files[url] = MediaFile(str(path), url)
    return tuple(files.values())


def leads_outside(path: Path, root: Path, report: Report) -> bool:
    """Refuse a file that is (or sits in a folder that is) a link to outside `root`."""
    # resolve() also catches a section folder that is itself a link to elsewhere.
    if _inside(path.resolve(), root.resolve()):
        return False
    report.error(
        Location(display_path(path)),
        "symlink-outside",
        "Liên kết tượng trưng này trỏ ra ngoài thư mục nội dung nên bị từ chối.",
        "This symbolic link points outside the content folder and is refused.",
    )
    return True


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


# --- the whole folder ------------------------------------------------------------------------


def list_sources(folder: Path, suffix: str, root: Path, report: Report) -> list[Path]:
    """Files of a section, sorted, with symlinks leading outside the content folder refused."""
    if not folder.is_dir():
        return []
    # Resolving every path is a system call per folder level and file: with thousands of
    # pages that was a sizeable share of loading. The folder is resolved once; a file is
    # resolved only when it is itself a link (scandir knows that without a system call).
    folder_inside = _inside(folder.resolve(), root.resolve())
    paths = []
    with os.scandir(folder) as entries:
        names = sorted((entry.name, entry.is_symlink()) for entry in entries)
    for name, is_link in names:
        if name.startswith(".") or not name.endswith(suffix):
            continue
        path = folder / name
        if (is_link or not folder_inside) and leads_outside(path, root, report):
            continue
        paths.append(path)
    return paths


def _slugs(paths: list[Path], report: Report) -> dict[Path, str]:
    """Slug per file; two files with one slug are an error naming both."""
    owners: dict[str, Path] = {}
    result: dict[Path, str] = {}
    for path in paths:
        slug = slugify(path.stem)
        if not slug:
            report.error(
                Location(display_path(path)),
                "slug-empty",
                "Tên tệp không tạo được địa chỉ: hãy đặt tên có chữ cái hoặc chữ số.",
                "The file name gives no URL: use letters or digits in it.",
            )
            continue
        if slug in owners:
            report.error(
                Location(display_path(path)),
                "slug-collision",
                f'Tệp này và {display_path(owners[slug])} cùng cho địa chỉ "{slug}". Hãy đổi tên một tệp.',
                f'This file and {display_path(owners[slug])} give the same URL "{slug}". Rename one.',
            )
            continue
        owners[slug] = path
        result[path] = slug
    return result


def scan_personal_data(source: SourceFile, allowed: Allowed, report: Report) -> None:
    for finding in find_personal_data(source.text, allowed):
        line, column = line_and_column(source.text, finding.start)
        report.error(
            Location(source.shown, line, column),
            "personal-data",
            f"Có vẻ là {KIND_VI[finding.kind]} ({finding.masked}); không được đăng thông tin cá nhân. "
            "Hãy xóa nó, hoặc nếu đây là liên hệ chính thức, thêm vào official_contacts trong site.yaml.",
            f"This looks like {'an' if KIND_EN[finding.kind][0] in 'aeiouAEIOU' else 'a'} {KIND_EN[finding.kind]} ({finding.masked}); personal data must not be published. "
            "Remove it, or if it is an official contact, list it under official_contacts in site.yaml.",
        )


def allowed_contacts(settings: SiteSettings, hotlines: Iterable[Hotline]) -> Allowed:
    contacts = settings.official_contacts
    return Allowed(
        numbers=frozenset(h.number for h in hotlines) | frozenset(contacts.phones),
        emails=frozenset(e.lower() for e in contacts.emails),
        email_domains=tuple(d.lower().lstrip("@") for d in contacts.email_domains),
    )


def load_file(kind: str, path: Path, slug: str, report: Report, known: Known, allowed: Allowed) -> Plan | Document | None:
    """Read, privacy-scan and convert one plan or Markdown file."""
    source = read_source(path, report)
    if source is None:
        return None
    scan_personal_data(source, allowed, report)
    if kind == "plan":
        return load_plan(source, slug, report, known)
    return load_document(source, kind, slug, report, known)


def load_content(root: Path, report: Report) -> Content:
    """Read and validate the whole content folder."""
    written_numbers: set[str] = set()
    hotlines = load_hotlines(root, report, written_numbers)
    plan_paths = _slugs(list_sources(root / "ke-hoach", ".yaml", root, report), report)
    topics = load_topics(root, report)
    known = Known(
        hotlines=frozenset(h.number for h in hotlines) | frozenset(written_numbers),
        plans=frozenset(plan_paths.values()),
        topics=frozenset(t.slug for t in topics) if topics is not None else None,
    )
    settings = load_settings(root, report, known)
    allowed = allowed_contacts(settings, hotlines)
    agency_names = load_agency_names(root, report)
    glossary = load_glossary(root, report)

    jobs: list[tuple[str, Path, str]] = [("plan", path, plan_id) for path, plan_id in plan_paths.items()]
    sections = (("campaign", root / "chien-dich"), ("news", root / "tin-tuc"), ("page", root))
    for kind, folder in sections:
        for path, slug in _slugs(list_sources(folder, ".md", root, report), report).items():
            if kind == "page" and path.name.lower() == "readme.md":
                continue  # a note for the people editing the folder, not a page
            jobs.append((kind, path, slug))

    def load_part(part: Sequence[tuple[str, Path, str]], is_main: bool) -> tuple[list, list]:
        part_report = Report()
        loaded = [load_file(kind, path, slug, part_report, known, allowed) for kind, path, slug in part]
        return [r for r in loaded if r is not None], part_report.diagnostics

    plans: list[Plan] = []
    documents: list[Document] = []
    for loaded, diagnostics in map_slices(load_part, jobs, default_processes(len(jobs) // 2)):
        report.extend(diagnostics)
        plans.extend(r for r in loaded if isinstance(r, Plan))
        documents.extend(r for r in loaded if isinstance(r, Document))
    plans.sort(key=lambda p: p.id)
    documents.sort(key=lambda d: (d.kind, d.slug))

    for name in ("site.yaml", "hotlines.yaml", "agencies.yaml", "topics.yaml", "spoken.yaml"):
        if (root / name).is_file():
            source = read_source(root / name, report)
            if source is not None:
                scan_personal_data(source, allowed, report)

    return Content(
        root=root,
        settings=settings,
        hotlines=hotlines,
        topics=topics,
        agency_names=agency_names,
        glossary=glossary,
        plans=tuple(plans),
        documents=tuple(documents),
        media=load_media(root, report),
    )


def today_from_environment(today: dt.date | None) -> dt.date:
    """--today, else SOURCE_DATE_EPOCH (reproducible builds), else the real date."""
    if today is not None:
        return today
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()
