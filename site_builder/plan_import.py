"""Turn the text of an administrative plan into a draft plan YAML (`build.py import`).

Vietnamese local-government plans follow one administrative layout: a header (issuing
body, "Số: …", place and date), a title ("KẾ HOẠCH …" or "V/v …" for a letter), legal
bases ("Căn cứ …"), Roman-numbered sections (mục đích, chỉ tiêu, nội dung, tổ chức
thực hiện with one heading per agency, chế độ báo cáo, kinh phí), "Nơi nhận" and the
signer. The importer reads that layout line by line and writes a draft in the plan
schema of DESIGN.md, with a Vietnamese comment on every field it had to guess, so that
a communicator reviews a filled-in file instead of typing a 20-page plan by hand.

Documents converted from Word or PDF are messy: bold markers, headings in Markdown,
sentences cut by page breaks, a cover letter stapled after the plan, blanks left for
the number or date. Each of these is handled where it is met, and whatever cannot be
placed is reported rather than silently dropped. Personal contact details never reach
the draft: they are removed first and reported only in masked form.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Iterator, TextIO

import yaml

from .privacy import Allowed, find_personal_data

# --- public API -----------------------------------------------------------------------


class ImportInputError(Exception):
    """The input file cannot be read as a document; carries a message in both languages."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(f"{message_vi} / {message_en}")
        self.message_vi = message_vi
        self.message_en = message_en


@dataclass(frozen=True)
class ImportResult:
    yaml_text: str  # the draft plan YAML, with a comment on every guessed field
    found: tuple[str, ...]  # what was found (Vietnamese summary lines)
    unplaced: tuple[str, ...]  # text that could not be placed
    removed_personal: tuple[str, ...]  # personal contact details left out, masked


TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")

HOTLINES = frozenset({"111", "113", "1900545559", "18009069", "18001769", "18001567"})


def read_document(path: Path) -> str:
    """The text of a .txt/.md (UTF-8) or .docx file, NFC-normalised."""
    path = Path(path)
    if not path.is_file():
        raise ImportInputError(
            f"Không tìm thấy tệp {path}.",
            f"File not found: {path}.",
        )
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return unicodedata.normalize("NFC", _read_docx(path))
    if suffix in (".pdf", ".doc", ".odt", ".rtf"):
        raise ImportInputError(
            f"Chưa đọc trực tiếp được tệp {suffix}: {path.name}. Hãy mở bằng Word và lưu thành .docx, hoặc chép nội dung ra tệp .txt.",
            f"{suffix} files cannot be read directly: {path.name}. Save it as .docx from Word, or copy the text into a .txt file.",
        )
    if suffix not in TEXT_SUFFIXES:
        raise ImportInputError(
            f"Không nhận dạng được loại tệp {path.name}. Hỗ trợ: .docx, .txt, .md.",
            f"Unsupported file type: {path.name}. Supported: .docx, .txt, .md.",
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportInputError(f"Không đọc được tệp {path}: {error}.", f"Cannot read {path}: {error}.") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportInputError(
            f"Tệp {path.name} không phải văn bản UTF-8 (byte lạ ở vị trí {error.start}). Hãy lưu lại với bảng mã UTF-8.",
            f"{path.name} is not UTF-8 text (invalid byte at offset {error.start}). Save it again as UTF-8.",
        ) from error
    if "\x00" in text:
        raise ImportInputError(
            f"Tệp {path.name} là tệp nhị phân, không phải văn bản.",
            f"{path.name} is a binary file, not text.",
        )
    if not text.strip():
        raise ImportInputError(f"Tệp {path.name} không có nội dung.", f"{path.name} is empty.")
    return unicodedata.normalize("NFC", text)


def import_plan(text: str, *, source_name: str = "") -> ImportResult:
    """Read a plan's text and return the draft YAML with what was found, left over and removed."""
    notes = Notes()
    lines = clean_lines(unicodedata.normalize("NFC", text))
    documents = split_documents(lines)
    chosen = choose_document(documents, notes)
    redacted, removed = redact_lines(chosen)
    joined = join_broken_lines(redacted)
    draft = parse_plan(joined, notes)
    found = summarize(draft, notes, len(removed))
    yaml_text = render_yaml(draft, source_name=source_name, removed_count=len(removed))
    return ImportResult(yaml_text, tuple(found), tuple(notes.unplaced), tuple(removed))


def run_import(path: Path, out: Path | None, *, stdout: TextIO, stderr: TextIO) -> int:
    """`build.py import FILE [-o OUT]`: the draft on stdout or in OUT, the summary on stderr."""
    try:
        text = read_document(Path(path))
    except ImportInputError as error:
        stderr.write(f"Lỗi: {error.message_vi}\nError: {error.message_en}\n")
        return 1
    result = import_plan(text, source_name=Path(path).name)
    if out is None:
        stdout.write(result.yaml_text)
    else:
        try:
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            Path(out).write_text(result.yaml_text, encoding="utf-8")
        except OSError as error:
            stderr.write(f"Lỗi: không ghi được {out}: {error}\nError: cannot write {out}: {error}\n")
            return 1
    stderr.write(format_summary(result, Path(path), out))
    return 0


def format_summary(result: ImportResult, source: Path, out: Path | None) -> str:
    """The stderr report: bilingual headings, Vietnamese lines."""
    target = str(out) if out is not None else "đầu ra chuẩn / standard output"
    parts = [f"Đã nhập / Imported: {source} → {target}", "Tìm thấy / Found:"]
    parts += [f"  • {line}" for line in result.found]
    if result.unplaced:
        parts.append("Chưa xếp được vào trường nào — hãy xem lại / Not placed — please review:")
        parts += [f"  • {line}" for line in result.unplaced]
    if result.removed_personal:
        parts.append("Đã lược bỏ thông tin liên hệ cá nhân / Personal contact details left out:")
        parts += [f"  • {line}" for line in result.removed_personal]
    parts.append("Hãy đọc lại bản nháp và chạy `build.py check` trước khi đăng. / Review the draft and run `build.py check` before publishing.")
    return "\n".join(parts) + "\n"


# --- reading .docx ----------------------------------------------------------------------


def _read_docx(path: Path) -> str:
    try:
        import docx  # python-docx; imported here so text imports work without it
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportInputError(
            "Cần cài python-docx để đọc tệp .docx: pip install python-docx.",
            "python-docx is needed to read .docx files: pip install python-docx.",
        ) from error
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as error:
        raise ImportInputError(
            f"Tệp {path.name} không phải tệp Word (.docx) hợp lệ hoặc đã hỏng.",
            f"{path.name} is not a valid Word (.docx) file, or it is damaged.",
        ) from error
    except Exception as error:  # zipfile.BadZipFile and lxml errors have no common base
        raise ImportInputError(
            f"Không mở được tệp Word {path.name}: {error}.",
            f"Cannot open the Word file {path.name}: {error}.",
        ) from error
    numbering = NumberingState(read_numbering_formats(document))
    out: list[str] = []
    for block in iter_docx_blocks(document):
        out.append(render_docx_paragraph(block, numbering))
        out.append("")  # a blank line keeps paragraphs apart, as in the text seeds
    return "\n".join(out)


def iter_docx_blocks(container) -> Iterator:
    """Paragraphs in reading order, descending into table cells (headers and signer blocks are tables)."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            seen_cells: list = []  # merged cells repeat in row.cells; read each once
            for row in block.rows:
                for cell in row.cells:
                    if any(cell._tc is seen for seen in seen_cells):
                        continue
                    seen_cells.append(cell._tc)
                    yield from iter_docx_blocks(cell)
        else:
            yield block


@dataclass(frozen=True)
class LevelFormat:
    fmt: str  # decimal, upperRoman, lowerLetter, bullet, …
    text: str  # lvlText, e.g. "%1." or "%1.%2."
    start: int


def read_numbering_formats(document) -> dict[str, dict[int, LevelFormat]]:
    """numId → level → format, from numbering.xml; Word's automatic numbers are not in the text."""
    from docx.oxml.ns import qn

    try:
        root = document.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        return {}
    abstract: dict[str, dict[int, LevelFormat]] = {}
    for node in root.findall(qn("w:abstractNum")):
        levels: dict[int, LevelFormat] = {}
        for lvl in node.findall(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            txt = lvl.find(qn("w:lvlText"))
            start = lvl.find(qn("w:start"))
            levels[int(lvl.get(qn("w:ilvl"), "0"))] = LevelFormat(
                fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                txt.get(qn("w:val"), "") if txt is not None else "",
                int(start.get(qn("w:val"), "1")) if start is not None else 1,
            )
        abstract[node.get(qn("w:abstractNumId"), "")] = levels
    result: dict[str, dict[int, LevelFormat]] = {}
    for num in root.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is not None:
            result[num.get(qn("w:numId"), "")] = abstract.get(ref.get(qn("w:val"), ""), {})
    return result


class NumberingState:
    """Counters of Word's automatic list numbering while paragraphs are read in order."""

    def __init__(self, formats: dict[str, dict[int, LevelFormat]]) -> None:
        self.formats = formats
        self.counters: dict[str, list[int]] = {}

    def next_label(self, num_id: str, level: int) -> str:
        levels = self.formats.get(num_id)
        if not levels or level not in levels:
            return ""
        spec = levels[level]
        if spec.fmt in ("bullet", "none"):
            return "-" if spec.fmt == "bullet" else ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[level] = counters[level] + 1 if counters[level] else spec.start
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        text = spec.text or f"%{level + 1}."

        def number(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            fmt = levels[index].fmt if index in levels else "decimal"
            value = counters[index] or (levels[index].start if index in levels else 1)
            return format_counter(value, fmt)

        return re.sub(r"%(\d)", number, text)


def format_counter(value: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        roman = format_roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(value)


def format_roman(value: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for amount, symbol in ((50, "L"), (40, "XL")) + numerals:
        while value >= amount:
            out += symbol
            value -= amount
    return out


def render_docx_paragraph(paragraph, numbering: NumberingState) -> str:
    """Paragraph text with cheap hints: '#' for heading styles, '**' when all runs are bold, list labels."""
    text = paragraph.text.replace("\t", " ").replace("\v", "\n")
    if not text.strip():
        return ""
    label = ""
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if num_pr is None and paragraph.style is not None and paragraph.style.element.pPr is not None:
        num_pr = paragraph.style.element.pPr.numPr  # numbering inherited from the style
    if num_pr is not None and num_pr.numId is not None:
        level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        label = numbering.next_label(str(num_pr.numId.val), int(level))
    style_name = paragraph.style.name if paragraph.style is not None else ""
    heading = re.match(r"(?:Heading|Tiêu đề)\s*(\d)", style_name or "")
    runs = [run for run in paragraph.runs if run.text.strip()]
    bold = bool(runs) and all(run.bold or (run.bold is None and run.style is not None and run.style.font.bold) for run in runs)
    body = f"{label} {text.strip()}" if label else text.strip()
    if bold and not heading:
        body = f"**{body}**"
    if heading:
        body = "#" * int(heading.group(1)) + " " + body
    elif style_name == "Title":
        body = "# " + body
    return body


# --- lines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line in the input
    text: str  # cleaned: no Markdown markers, single spaces
    heading: bool = False  # was a Markdown heading or an all-bold paragraph
    gap_before: bool = False  # a blank line preceded it


MATH_SYMBOLS = {r"\geq": "≥", r"\ge": "≥", r"\leq": "≤", r"\le": "≤", r"\%": "%", r"\times": "×", r"\cdot": "·"}
PAGE_NUMBER = re.compile(r"^(?:[-–]\s*)?(?:Trang\s+)?\d{1,3}(?:\s*[-–])?$|^Trang\s+\d+(?:/\d+)?$", re.IGNORECASE)
BULLET = re.compile(r"^[-–—•+*·−]\s*(?=\S)")


def clean_lines(text: str) -> list[Line]:
    """Split into lines and strip the Markdown of converted documents (#, **, *, \\.)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    text = text.replace("\u200b", "").replace("\u2028", "\n").replace("\u2029", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]", "", text)
    lines: list[Line] = []
    gap = False
    for number, raw in enumerate(text.split("\n"), start=1):
        cleaned, heading = clean_line(raw)
        if not cleaned or PAGE_NUMBER.match(cleaned) or re.fullmatch(r"[-_=*.…·\s]{3,}", cleaned):
            gap = True
            continue
        lines.append(Line(number, cleaned, heading, gap))
        gap = False
    return lines


def clean_line(raw: str) -> tuple[str, bool]:
    line = raw.strip()
    heading = False
    if line.startswith("#"):
        heading = True
        line = line.lstrip("#").strip()
    line = re.sub(r"\$([^$]*)\$", lambda m: clean_math(m.group(1)), line)
    line = re.sub(r"\\([.\-*_#()\[\]!+>])", r"\1", line)  # Markdown escapes like "1\."
    bullet = re.match(r"^[*+]\s+", line)
    if bullet:
        line = "- " + line[bullet.end():]
    stripped = line.strip("*_ ").strip()
    if line.startswith("**") and line.endswith("**") and len(stripped) > 0:
        heading = True
    line = line.replace("**", "").replace("__", "")
    line = line.replace("*", "")  # emphasis and stray asterisks; list bullets were converted above
    line = re.sub(r"\s+", " ", line).strip()
    return line, heading


def clean_math(expression: str) -> str:
    for command, symbol in MATH_SYMBOLS.items():
        expression = expression.replace(command + " ", symbol + " ").replace(command, symbol)
    expression = re.sub(r"\\[a-zA-Z]+", "", expression)
    return re.sub(r"[{}]", "", expression).strip()


# --- several documents in one file ------------------------------------------------------

DOC_START = re.compile(
    r"^(?:CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|Số\s*:|V/v\b|"
    r"(?:KẾ HOẠCH|CÔNG VĂN|QUYẾT ĐỊNH|TỜ TRÌNH|BÁO CÁO|THÔNG BÁO|HƯỚNG DẪN|PHỤ LỤC)(?:\s|$))"
)
HEADER_LINE = re.compile(
    r"^(?:CỘNG H[ÒO]A|Độc lập|ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG|SỞ|PHÒNG|BAN|TRUNG TÂM|CÔNG AN|"
    r"THÀNH PHỐ|TP\.|QUẬN|HUYỆN|THỊ XÃ|THỊ TRẤN|TỈNH|PHƯỜNG|XÃ)\b"
)
SIGNER_LINE = re.compile(r"^(?:TM|KT|TL|TUQ|Q|PT)\.\s*\S")


def split_documents(lines: list[Line]) -> list[list[Line]]:
    """Cut where a second document's header starts after the first one has ended or started its body."""
    documents: list[list[Line]] = []
    current: list[Line] = []
    ended = False  # saw "Nơi nhận" or a signer line
    body = False  # saw a Roman-numbered section
    for line in lines:
        starts = DOC_START.match(line.text) and (ended or (body and not line.text.startswith("V/v")))
        if starts and current:
            back = len(current)
            while back > 0 and is_header_block_line(current[back - 1].text):
                back -= 1
            documents.append(current[:back])
            current = current[back:]
            ended = body = False
        current.append(line)
        if re.match(r"^Nơi nhận\b", line.text, re.IGNORECASE) or SIGNER_LINE.match(line.text):
            ended = True
        if parse_marker(line.text).style == "roman":
            body = True
    if current:
        documents.append(current)
    return [doc for doc in documents if doc]


def is_header_block_line(text: str) -> bool:
    """A line of the issuer/motto block that sits above a document's "Số:" line."""
    stripped = NATIONAL_MOTTO.sub("", text).strip(" -–")
    return not stripped or bool(HEADER_LINE.match(stripped) and is_upper_text(stripped))


def choose_document(documents: list[list[Line]], notes: "Notes") -> list[Line]:
    """The first plan ("KẾ HOẠCH") if there is one, else the first document."""
    if not documents:
        return []
    chosen = 0
    for index, doc in enumerate(documents):
        if any(re.match(r"^KẾ HOẠCH(?:\s|$)", line.text) for line in doc[:15]):
            chosen = index
            break
    if len(documents) > 1:
        for index, doc in enumerate(documents):
            if index == chosen:
                continue
            first, last = doc[0].number, doc[-1].number
            what = "phụ lục" if doc[0].text.startswith("PHỤ LỤC") else "văn bản khác"
            notes.unplace(first, f"{what} (dòng {first}–{last}) không được nhập; chỉ nhập văn bản ở dòng {documents[chosen][0].number}–{documents[chosen][-1].number}: «{shorten(doc[0].text, 60)}»")
    return documents[chosen]


# --- personal data --------------------------------------------------------------------------

REMOVED = "[đã lược bỏ]"
# The registered hotlines of the seed plans: numbers that are not personal data.
NOT_PERSONAL = Allowed(numbers=HOTLINES)


KIND_VI = {"email": "e-mail", "phone": "số điện thoại", "id": "số CMND/CCCD"}


def redact_lines(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Lines with personal contact details replaced, and the masked list of what was removed."""
    removed: list[str] = []
    out: list[Line] = []
    for line in lines:
        # The same guard `check` applies, so the draft passes it.
        findings = find_personal_data(line.text, NOT_PERSONAL)
        if not findings:
            out.append(line)
            continue
        text, last, parts = line.text, 0, []
        for finding in findings:
            start, end, kind = finding.start, finding.end, finding.kind
            parts.append(text[last:start])
            parts.append(REMOVED)
            hint = ""
            if kind == "email" and re.search(r"\.gov\.vn$", text[start:end], re.IGNORECASE):
                hint = "; nếu là địa chỉ công vụ, thêm vào official_contacts trong site.yaml rồi chép lại"
            removed.append(f"{finding.masked} ({KIND_VI[kind]}, dòng {line.number}{hint})")
            last = end
        parts.append(text[last:])
        out.append(replace(line, text=re.sub(r"\s+", " ", "".join(parts)).strip()))
    return out, removed


# --- page breaks ------------------------------------------------------------------------------

SENTENCE_END = tuple(".;:!?…")
CONNECTIVES = frozenset(
    "của và các về với cho trong theo tại để là từ đến những nhằm số được bị có hoặc như trên vào giữa do "
    "đối mọi nhiều một".split()
)


def join_broken_lines(lines: list[Line]) -> list[Line]:
    """Rejoin sentences cut by a page break: no end punctuation, and the next line goes on in lower case."""
    out: list[Line] = []
    for line in lines:
        if out and continues(out[-1], line):
            previous = out[-1]
            out[-1] = replace(previous, text=f"{previous.text} {line.text}")
            continue
        out.append(line)
    return out


def continues(previous: Line, line: Line) -> bool:
    if previous.text.endswith(SENTENCE_END) or line.heading:
        return False
    if parse_marker(line.text).style != "para":
        return False
    first = next((c for c in line.text if c.isalpha() or c.isdigit()), "")
    if first.isalpha() and first.islower():
        return True
    last_word = previous.text.rsplit(" ", 1)[-1].lower()
    return len(previous.text) > 60 and last_word in CONNECTIVES


# --- numbering -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    style: str  # roman | upper | d1 | d2 | d3 | letter | bullet | para
    label: str
    rest: str


ROMAN = re.compile(r"^(?P<label>[IVXL]{1,5})\s*[.):\-–]\s*(?P<rest>\S.*)$")
UPPER_LETTER = re.compile(r"^(?P<label>[A-H])\s*\.\s+(?P<rest>\S.*)$")
DIGITS = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})+)[.)]?\s*(?P<rest>[^\d\s.,%/].*)$|^(?P<one>\d{1,2})\s*[.)]\s*(?P<rest1>[^\d\s.,%/].*)$")
LETTER = re.compile(r"^(?P<label>[a-zđ])\s*(?:\)|\.\s)\s*(?P<rest>\S.*)$")
VALID_ROMAN = re.compile(r"^(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")


def parse_marker(text: str) -> Marker:
    match = ROMAN.match(text)
    if match and VALID_ROMAN.match(match.group("label")) and not match.group("rest").startswith("/"):
        return Marker("roman", match.group("label"), match.group("rest").strip())
    match = UPPER_LETTER.match(text)
    if match and is_upper_text(match.group("rest")):
        return Marker("upper", match.group("label"), match.group("rest").strip())
    match = DIGITS.match(text)
    if match:
        if match.group("label"):
            depth = match.group("label").count(".") + 1
            return Marker("d3" if depth >= 3 else "d2", match.group("label"), match.group("rest").strip())
        return Marker("d1", match.group("one"), match.group("rest1").strip())
    match = LETTER.match(text)
    if match:
        return Marker("letter", match.group("label"), match.group("rest").strip())
    match = BULLET.match(text)
    if match:
        return Marker("bullet", "-", text[match.end():].strip())
    return Marker("para", "", text)


def is_upper_text(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# --- the draft -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Noted:
    """A value and the comment explaining where it came from (empty when read as written)."""

    value: object
    note: str = ""


@dataclass(frozen=True)
class TargetDraft:
    text: str
    line: int
    value: Decimal | None = None
    unit: str = ""
    direction: str = ""
    group: str = ""
    value_note: str = ""
    direction_note: str = ""


@dataclass(frozen=True)
class ActivityDraft:
    title: str
    items: tuple[str, ...]
    line: int
    note: str = ""


@dataclass(frozen=True)
class AssignmentDraft:
    agency: str
    tasks: tuple[str, ...]
    line: int
    note: str = ""


@dataclass(frozen=True)
class DeadlineDraft:
    title: str
    line: int
    date: dt.date | None = None
    day_of_month: int | None = None
    note: str = ""


@dataclass(frozen=True)
class SignerDraft:
    position: str
    name: str


@dataclass(frozen=True)
class PlanDraft:
    kind: Noted
    title: Noted
    issuer: Noted
    year: Noted | None
    number: Noted | None = None
    issued: Noted | None = None
    bases: tuple[str, ...] = ()
    bases_note: str = ""
    goals: tuple[str, ...] = ()
    goals_note: str = ""
    targets: tuple[TargetDraft, ...] = ()
    targets_note: str = ""
    activities: tuple[ActivityDraft, ...] = ()
    assignments: tuple[AssignmentDraft, ...] = ()
    deadlines: tuple[DeadlineDraft, ...] = ()
    budget: Noted | None = None
    signer: Noted | None = None
    recipients: tuple[str, ...] = ()
    recipients_note: str = ""
    missing: tuple[str, ...] = ()  # commented-out hints for fields not found


@dataclass
class Notes:
    """What the parse could not place, collected while it reads (the one mutable helper)."""

    unplaced: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)

    def unplace(self, line: int, text: str) -> None:
        self.unplaced.append(f"dòng {line}: {text}")

    def fact(self, text: str) -> None:
        self.facts.append(text)


def shorten(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- parsing: header ---------------------------------------------------------------------------

NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?P<value>[\dA-ZĐ/&.\-–\s]*?)\s*(?P<after>(?<=\s)[A-ZĐÀ-Ỹ][^\s,]*\s.*)?$")
DATE_LINE = re.compile(
    r"(?:^|\s)(?P<place>[^,]{2,40}?),\s*ngày\s*(?P<d>\d{1,2})?[\s.…_]*tháng\s*(?P<m>\d{1,2})?[\s.…_]*năm\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
NATIONAL_MOTTO = re.compile(
    r"CỘNG H[ÒO]A XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc", re.IGNORECASE
)
BASE_START = re.compile(r"^(?:Căn cứ|Thực hiện|Xét đề nghị|Theo đề nghị)\b")
BASE_WORDS = re.compile(r"^(?:Căn cứ|Thực hiện|Xét đề nghị|Theo đề nghị)\s+(?:vào\s+)?")
TITLE_WORD = re.compile(r"^(?P<word>KẾ HOẠCH|CÔNG VĂN|HƯỚNG DẪN)(?:\s*[:.]?\s*(?P<rest>.*))?$")


@dataclass(frozen=True)
class Header:
    kind: Noted
    title: Noted | None
    number: Noted | None
    number_blank: str  # the "Số:" text when the number itself was left blank
    issued: dt.date | None
    date_line: str
    date_year: int | None
    place: str
    issuer_lines: tuple[str, ...]
    end: int  # index of the first line after the header


@dataclass
class HeaderReader:
    """State while reading the header block line by line (mutable on purpose, local to
    `parse_header`); it is turned into a frozen `Header` at the end."""

    kind: Noted = Noted("plan", "không thấy tiêu đề KẾ HOẠCH hay V/v — mặc định là kế hoạch")
    title_parts: list[str] = field(default_factory=list)
    title_source: str = ""
    number: Noted | None = None
    number_blank: str = ""
    issued: dt.date | None = None
    date_line: str = ""
    date_year: int | None = None
    place: str = ""
    issuer_lines: list[str] = field(default_factory=list)
    state: str = "top"  # top | title (after KẾ HOẠCH) | vv (after V/v)

    def read_number_and_date(self, line: Line, text: str, notes: Notes) -> bool:
        """Handle a "Số: …" and/or "Place, ngày … tháng … năm …" line; False if it is neither."""
        handled = False
        number_match = NUMBER_LINE.match(text)
        if number_match and self.number is None and not self.number_blank:
            value = normalize_number(number_match.group("value"))
            if re.match(r"^\d", value):
                self.number = Noted(value, f'từ dòng {line.number}: "{shorten(line.text, 40)}"')
            else:
                self.number_blank = shorten(text.split(",")[0], 40) if not number_match.group("after") else f"Số: {value}"
            text = number_match.group("after") or ""
            handled = True
        date_match = DATE_LINE.search(text)
        if date_match and not self.date_line:
            self.date_line = date_match.group(0).strip()
            self.place = date_match.group("place").strip()
            self.date_year = int(date_match.group("y"))
            if date_match.group("d") and date_match.group("m"):
                try:
                    self.issued = dt.date(self.date_year, int(date_match.group("m")), int(date_match.group("d")))
                except ValueError:
                    notes.unplace(line.number, f"ngày ban hành không hợp lệ: «{line.text}»")
            handled = True
        return handled

    def build_header(self, end: int) -> Header:
        title = None
        if self.title_parts:
            joined = re.sub(r"\s+", " ", " ".join(self.title_parts)).strip(" .:;")
            joined = to_sentence_case(joined) if is_upper_text(joined) else capitalize_first(joined)
            title = Noted(joined, self.title_source)
        return Header(self.kind, title, self.number, self.number_blank, self.issued, self.date_line,
                      self.date_year, self.place, tuple(self.issuer_lines), end)


def parse_header(lines: list[Line], notes: Notes) -> Header:
    """Issuer block, number, place and date, and the title ("KẾ HOẠCH …" or "V/v …")."""
    reader = HeaderReader()
    index = 0
    for index, line in enumerate(lines):
        text = NATIONAL_MOTTO.sub("", line.text).strip(" -–")
        if not text:
            continue
        if reader.state == "vv":
            if line.gap_before or NUMBER_LINE.match(text) or DATE_LINE.search(text) or text.startswith("Kính gửi"):
                reader.state = "top"
            else:
                reader.title_parts.append(text)
                continue
        if reader.state == "title":
            if reader.title_parts and (line.gap_before or BASE_START.match(text) or parse_marker(text).style == "roman"):
                return reader.build_header(index)
            reader.title_parts.append(text)
            continue
        if parse_marker(text).style == "roman" or text.startswith("Kính gửi") or BASE_START.match(text):
            return reader.build_header(index)
        if reader.read_number_and_date(line, text, notes):
            continue
        title_match = TITLE_WORD.match(text)
        if text.startswith("V/v") and not reader.title_parts:
            reader.kind = Noted("guidance", f'văn bản là công văn (trích yếu "V/v …" ở dòng {line.number})')
            reader.title_parts.append(re.sub(r"^V/v\s*[:.]?\s*", "", text))
            reader.title_source = f"trích yếu V/v (dòng {line.number})"
            reader.state = "vv"
        elif title_match and not reader.title_parts:
            word = title_match.group("word")
            kind = "plan" if word == "KẾ HOẠCH" else "guidance"
            reader.kind = Noted(kind, f'văn bản có tiêu đề "{word}" (dòng {line.number})')
            reader.title_source = f"dòng sau tiêu đề {word} (dòng {line.number})"
            reader.state = "title"
            if title_match.group("rest"):
                reader.title_parts.append(title_match.group("rest"))
        elif is_upper_text(text) and not reader.title_parts:
            reader.issuer_lines.append(text)
        else:
            return reader.build_header(index)
    return reader.build_header(len(lines))


def normalize_number(raw: str) -> str:
    """"43 /KH-UBND" → "43/KH-UBND": spaces around the separators are typing accidents."""
    value = re.sub(r"\s*([/\-–])\s*", r"\1", raw.strip()).strip(" .;")
    return value.replace("–", "-")


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# --- issuer ------------------------------------------------------------------------------------

UNKNOWN_ISSUER = "(chưa rõ cơ quan ban hành)"
LOCALITY_WORDS = ("thành phố", "thị xã", "thị trấn", "quận", "huyện", "tỉnh", "phường", "xã")
COLLECTIVE_NAMES = ("ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân")
ORG_WORDS = ("sở", "phòng", "ban", "trung tâm", "công an", "hội", "đoàn", "bệnh viện", "trường", "văn phòng", "chi cục", "cục", "bộ")


def proper_case_agency(upper: str) -> str:
    """"ỦY BAN NHÂN DÂN THÀNH PHỐ CẨM PHẢ" → "Ủy ban nhân dân thành phố Cẩm Phả"."""
    text = re.sub(r"\s+", " ", upper.strip())
    text = re.sub(r"^UBND\b", "ỦY BAN NHÂN DÂN", text)
    lower = text.lower()
    for collective in COLLECTIVE_NAMES:
        if lower.startswith(collective):
            rest = lower[len(collective):].strip()
            return capitalize_first(collective.replace("uỷ", "ủy")) + (" " + proper_case_locality(rest) if rest else "")
    for locality in LOCALITY_WORDS:
        if lower.startswith(locality + " "):
            return capitalize_first(proper_case_locality(lower))
    for org in ORG_WORDS:
        if lower.startswith(org + " "):
            return capitalize_first(org) + " " + proper_case_field(lower[len(org):].strip())
    return capitalize_first(lower)


def proper_case_locality(lower: str) -> str:
    """"thành phố cẩm phả" → "thành phố Cẩm Phả"; "quận 12" → "Quận 12" (numbered districts are names)."""
    for locality in LOCALITY_WORDS:
        if lower.startswith(locality + " "):
            name = lower[len(locality):].strip()
            if re.match(r"^\d", name):
                return f"{capitalize_first(locality)} {name}"
            return f"{locality} {name.title()}"
    return lower.title()


def proper_case_field(lower: str) -> str:
    """Names of fields capitalise their first word and the first word after "và" or a dash."""
    words = lower.split(" ")
    out: list[str] = []
    capital_next = True
    for word in words:
        if capital_next and word not in ("và", "-", "–"):
            out.append(capitalize_first(word))
            capital_next = False
        else:
            out.append(word)
        if word in ("và", "-", "–", "&") or word.endswith(","):
            capital_next = True
    return " ".join(out)


def find_issuer_in_header(lines: tuple[str, ...]) -> str:
    """The lowest agency in the header block: a parent body may be written above it."""
    agencies: list[str] = []
    for line in lines:
        text = line.strip(" -–")
        if not text or TITLE_WORD.match(text):
            continue
        lower = text.lower()
        if agencies and any(lower.startswith(word + " ") or lower == word for word in LOCALITY_WORDS):
            agencies[-1] = f"{agencies[-1]} {text}"
        else:
            agencies.append(text)
    return proper_case_agency(agencies[-1]) if agencies else ""


UBND_LEVEL = re.compile(
    r"(?:Ủy ban nhân dân|Uỷ ban nhân dân|ỦY BAN NHÂN DÂN|UBND)\s+(?P<level>(?i:thành phố|thị xã|thị trấn|quận|huyện|tỉnh|phường|xã))\b"
)


def read_locality_name(text: str, after: int) -> str:
    """The capitalised words (or number) right after a level word: "Quận 12", "huyện Đakrông"."""
    words: list[str] = []
    for word in text[after:].split()[:4]:
        bare = word.strip(",.;:()")
        if bare and (bare[0].isupper() or bare.isdigit()) and bare not in ("UBND", "Ủy", "Uỷ"):
            words.append(bare)
            if bare != word:
                break
        else:
            break
    return " ".join(words)


def infer_issuer(header: Header, intro: list[Line], closing: list[Line]) -> Noted:
    """From the header block, else from the closing or the introduction plus the place of issue."""
    from_header = find_issuer_in_header(header.issuer_lines)
    if from_header:
        return Noted(from_header, "chuyển từ chữ in hoa ở đầu văn bản sang chữ thường")
    level = ""
    for line, where in [(line, "câu kết") for line in closing] + [(line, "phần mở đầu") for line in intro]:
        for match in UBND_LEVEL.finditer(line.text):
            name = read_locality_name(line.text, match.end())
            if name:
                locality = proper_case_locality(f"{match.group('level').lower()} {name.lower()}")
                return Noted(f"Ủy ban nhân dân {locality}", f"suy ra từ {where} (dòng {line.number}) — hãy kiểm tra")
            if where == "phần mở đầu":
                level = level or match.group("level").lower()
    place = header.place
    prefix = re.match(r"^(?:(TP|Tp|TX|Tx|Q|H)\.\s*)", place)
    if prefix:
        place = place[prefix.end():]
        level = level or {"TP": "thành phố", "Tp": "thành phố", "TX": "thị xã", "Tx": "thị xã", "Q": "quận", "H": "huyện"}[prefix.group(1)]
    place_level = next((w for w in LOCALITY_WORDS if place.lower().startswith(w + " ")), "")
    if place and place_level and (not level or level == place_level):
        return Noted(f"Ủy ban nhân dân {proper_case_locality(place.lower())}", f'suy ra từ nơi ban hành "{header.place}" — hãy kiểm tra')
    if level and place and not place_level:
        return Noted(f"Ủy ban nhân dân {level} {place}",
                     f'suy ra từ "Ủy ban nhân dân {level}" trong văn bản và nơi ban hành "{header.place}" — hãy kiểm tra')
    if level:
        return Noted(f"Ủy ban nhân dân {level}", f"CẦN SỬA: chỉ biết cấp ({level}), hãy thêm tên địa phương")
    return Noted(UNKNOWN_ISSUER, "CẦN SỬA: không tìm thấy cơ quan ban hành")


def guess_issuer_from_signer(signer: Noted | None, place: str) -> Noted | None:
    """"TM. ỦY BAN NHÂN DÂN" names the collective that issues the document, though not where."""
    if signer is None:
        return None
    assert isinstance(signer.value, SignerDraft)
    match = re.search(r"\bTM\.\s*([^–]+)", signer.value.position)
    if not match:
        return None
    collective = proper_case_agency(match.group(1).strip())
    if place:
        return Noted(f"{collective} {place}", f'CẦN SỬA: suy ra từ dòng ký "TM. …" và nơi ban hành "{place}" — thêm cấp (phường, quận…)')
    return Noted(collective, 'CẦN SỬA: chỉ biết từ dòng ký "TM. …" — thêm cấp và tên địa phương')


# --- parsing: body -------------------------------------------------------------------------------

SECTION_KINDS = (
    ("assignments", ("tổ chức thực hiện", "phân công", "trách nhiệm")),
    ("budget", ("kinh phí",)),
    ("reporting", ("báo cáo",)),
    ("objectives", ("mục tiêu",)),
    ("targets", ("chỉ tiêu",)),
    ("goals", ("mục đích", "yêu cầu")),
    ("activities", ("nội dung", "nhiệm vụ", "giải pháp", "hoạt động")),
)


@dataclass(frozen=True)
class Section:
    kind: str
    title: str  # sentence case
    heading: Line
    lines: tuple[Line, ...]
    guessed: bool  # kind guessed (no keyword)


def classify_section(title: str) -> tuple[str, bool]:
    lower = title.lower()
    for kind, words in SECTION_KINDS:
        if any(word in lower for word in words):
            if kind == "objectives" and "chỉ tiêu" in lower and "mục tiêu" not in lower:
                return "targets", False
            return kind, False
    return "activities", True


def is_section_heading(line: Line) -> bool:
    marker = parse_marker(line.text)
    if marker.style in ("roman", "upper"):
        return True
    text = marker.rest if marker.style in ("d1", "para") else ""
    head = text.split(":", 1)[0]
    if text and is_upper_text(head) and len(head) < 80:
        kind, guessed = classify_section(head)
        return not guessed
    return False


def to_sentence_case(text: str) -> str:
    text = text.strip(" .:")
    return capitalize_first(text.lower()) if is_upper_text(text) else capitalize_first(text)


@dataclass(frozen=True)
class Body:
    """The document after its header, cut into its administrative parts."""

    preamble: tuple[Line, ...]  # Kính gửi, Căn cứ, introduction
    sections: tuple[Section, ...]  # I., II., … up to the closing
    closing: tuple[Line, ...]  # "Trên đây là …"
    tail: tuple[Line, ...]  # Nơi nhận and the signer


def split_body(body: list[Line]) -> Body:
    preamble: list[Line] = []
    sections: list[Section] = []
    closing: list[Line] = []
    tail: list[Line] = []
    head: Line | None = None
    current: list[Line] = []
    for line in body:
        text = line.text
        if tail or re.match(r"^Nơi nhận\b", text, re.IGNORECASE) or SIGNER_LINE.match(text):
            tail.append(line)
        elif closing or text.startswith("Trên đây"):
            closing.append(line)
        elif is_section_heading(line):
            if head is not None:
                sections.append(make_section(head, current))
            head, current = line, []
        elif head is None:
            preamble.append(line)
        else:
            current.append(line)
    if head is not None:
        sections.append(make_section(head, current))
    return Body(tuple(preamble), tuple(sections), tuple(closing), tuple(tail))


@dataclass(frozen=True)
class SectionContent:
    goals: tuple[str, ...]
    goals_note: str
    targets: tuple[TargetDraft, ...]
    targets_note: str
    activities: tuple[ActivityDraft, ...]
    assignments: tuple[AssignmentDraft, ...]
    budget: Noted | None


def read_sections(sections: tuple[Section, ...], notes: Notes) -> SectionContent:
    """Each section goes where its heading says: goals and targets, activities, agencies, budget."""
    goals: list[str] = []
    targets: list[TargetDraft] = []
    goal_headings: list[str] = []
    target_headings: list[str] = []
    activities: list[ActivityDraft] = []
    assignments: list[AssignmentDraft] = []
    budget_parts: list[str] = []
    budget_line = 0
    for section in sections:
        if section.kind in ("goals", "objectives", "targets"):
            section_goals, section_targets = parse_objectives(section)
            goals += section_goals
            targets += section_targets
            if section_goals:
                goal_headings.append(section.heading.text)
            if section_targets:
                target_headings.append(section.heading.text)
        elif section.kind == "assignments":
            assignments += parse_assignments(section, notes)
        elif section.kind == "budget":
            budget_parts += [strip_marker(line.text) for line in section.lines]
            budget_line = budget_line or section.heading.number
        else:
            activities += parse_activities(section, notes)
    budget = None
    if any(budget_parts):
        budget = Noted(" ".join(part for part in budget_parts if part), f"mục KINH PHÍ (dòng {budget_line})")
    return SectionContent(
        goals=tuple(goals),
        goals_note=", ".join(f'"{shorten(t, 40)}"' for t in goal_headings),
        targets=tuple(targets),
        targets_note=", ".join(f'"{shorten(t, 40)}"' for t in target_headings),
        activities=tuple(activities),
        assignments=tuple(assignments),
        budget=budget,
    )


def collect_deadlines(body: Body, assignments: tuple[AssignmentDraft, ...], year: int | None) -> list[DeadlineDraft]:
    """Deadlines are written wherever the plan speaks of reports, not only under "Chế độ báo cáo"."""
    found: list[DeadlineDraft] = []
    for section in body.sections:
        owners = map_agencies_by_line(section, assignments) if section.kind == "assignments" else {}
        for line in section.lines:
            found += find_deadlines(line, year, owners.get(line.number, ""))
    for line in body.preamble + body.closing:
        found += find_deadlines(line, year, "")
    return dedupe_deadlines(found)


def parse_plan(lines: list[Line], notes: Notes) -> PlanDraft:
    header = parse_header(lines, notes)
    body = split_body(lines[header.end:])
    addressees, bases, bases_note = parse_preamble(list(body.preamble), notes)
    year = infer_year(header, lines)
    plan_year = int(year.value) if year else None
    content = read_sections(body.sections, notes)
    deadlines = collect_deadlines(body, content.assignments, plan_year)
    recipients, signer, recipients_note = parse_tail(list(body.tail), addressees, notes)
    for line in body.closing:
        if not line.text.startswith("Trên đây"):
            notes.unplace(line.number, shorten(line.text))

    title = header.title or Noted("(chưa có tiêu đề)", "CẦN SỬA: không tìm thấy tiêu đề")
    if header.title is None:
        notes.unplace(lines[0].number if lines else 1, "không tìm thấy tiêu đề (dòng sau KẾ HOẠCH hoặc V/v)")
    intro = [cut_intro(line) for line in body.preamble if not BASE_START.match(line.text)]
    issuer = infer_issuer(header, intro, list(body.closing))
    if issuer.value == UNKNOWN_ISSUER:
        issuer = guess_issuer_from_signer(signer, header.place) or issuer
    if issuer.value == UNKNOWN_ISSUER:
        notes.unplace(1, "không tìm thấy cơ quan ban hành")
    issued = None
    if header.issued:
        note = f'từ dòng "{header.date_line}"'
        if plan_year and header.issued.year != plan_year:
            note += f"; khác năm kế hoạch ({plan_year}) — hãy kiểm tra"
        issued = Noted(header.issued, note)
    return PlanDraft(
        kind=header.kind,
        title=title,
        issuer=issuer,
        year=year,
        number=header.number,
        issued=issued,
        bases=tuple(bases),
        bases_note=bases_note,
        goals=content.goals,
        goals_note=content.goals_note,
        targets=content.targets,
        targets_note=content.targets_note,
        activities=content.activities,
        assignments=content.assignments,
        deadlines=tuple(deadlines),
        budget=content.budget,
        signer=signer,
        recipients=tuple(recipients),
        recipients_note=recipients_note,
        missing=tuple(note_missing_fields(header, year, notes)),
    )


def note_missing_fields(header: Header, year: Noted | None, notes: Notes) -> list[str]:
    """Commented-out lines for the fields the document leaves blank, so the editor sees where they go."""
    missing: list[str] = []
    if header.number is None:
        hint = f'văn bản ghi "{header.number_blank}" — số còn để trống' if header.number_blank else "không tìm thấy dòng Số:"
        missing.append(f'number: ""  # {hint}')
        notes.fact(f"Để trống trường number: {hint}")
    if header.issued is None:
        hint = f'văn bản ghi "{header.date_line}" — ngày, tháng còn để trống' if header.date_line else "không tìm thấy dòng ngày tháng"
        missing.append(f"issued: YYYY-MM-DD  # {hint}")
        notes.fact(f"Để trống trường issued: {hint}")
    if year is None:
        missing.append("year: 2025  # CẦN ĐIỀN: không tìm thấy năm của kế hoạch")
        notes.unplace(1, "không tìm thấy năm của kế hoạch (trường year bắt buộc)")
    return missing


def cut_intro(line: Line) -> Line:
    """The words of an introduction before "nhận được …": what follows cites other bodies."""
    return replace(line, text=line.text.split("nhận được", 1)[0])


def make_section(head: Line, lines: list[Line]) -> Section:
    marker = parse_marker(head.text)
    title, _, inline = marker.rest.partition(": ")
    kind, guessed = classify_section(title)
    body = list(lines)
    if inline.strip():
        body.insert(0, Line(head.number, inline.strip(), False, False))
    return Section(kind, to_sentence_case(title), head, tuple(body), guessed)


def infer_year(header: Header, lines: list[Line]) -> Noted | None:
    if header.title:
        years = re.findall(r"năm\s+((?:19|20)\d{2})\b", str(header.title.value))
        if years:
            return Noted(int(years[-1]), "năm ghi trong tiêu đề")
        periods = re.findall(r"\b((?:19|20)\d{2})\s*[-–]\s*(?:19|20)\d{2}\b", str(header.title.value))
        if periods:
            return Noted(int(periods[0]), "năm đầu của giai đoạn ghi trong tiêu đề — hãy kiểm tra")
    if header.number and re.search(r"/((?:19|20)\d{2})/", str(header.number.value)):
        return Noted(int(re.search(r"/((?:19|20)\d{2})/", str(header.number.value)).group(1)), "năm trong số văn bản")
    if header.date_year:
        return Noted(header.date_year, "năm ban hành — hãy kiểm tra")
    counts: dict[int, int] = {}
    for line in lines:
        for year in re.findall(r"năm\s+((?:19|20)\d{2})\b", line.text):
            counts[int(year)] = counts.get(int(year), 0) + 1
    if counts:
        best = max(counts, key=lambda y: (counts[y], y))
        return Noted(best, f'đoán: "năm {best}" được nhắc nhiều nhất — hãy kiểm tra')
    return None


# --- preamble: addressees and legal bases ------------------------------------------------------

DOC_TYPES = r"(?:Luật|Bộ luật|Nghị định|Nghị quyết|Quyết định|Thông tư|Thông tư liên tịch|Chỉ thị|Kế hoạch|Công văn|Hướng dẫn|Chương trình|Đề án|Văn bản|Thông báo|Kết luận)"
BOILERPLATE_END = re.compile(r"(?:như sau|sau đây|sau)\s*:$")


def parse_preamble(lines: list[Line], notes: Notes) -> tuple[list[str], list[str], str]:
    """Addressees ("Kính gửi"), legal bases ("Căn cứ", "Thực hiện", "… nhận được …")."""
    addressees: list[str] = []
    bases: list[str] = []
    base_lines: list[int] = []
    in_addressees = False
    for line in lines:
        text = line.text
        if text.startswith("Kính gửi"):
            in_addressees = True
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:
                addressees.append(clean_list_item(rest))
            continue
        marker = parse_marker(text)
        if in_addressees and marker.style == "bullet":
            addressees.append(clean_list_item(marker.rest))
            continue
        in_addressees = False
        if BASE_START.match(text):
            found = split_bases(BASE_WORDS.sub("", text))
            bases += found
            base_lines.append(line.number)
            continue
        if "nhận được" in text:
            for sentence in split_sentences(text):
                if "nhận được" in sentence:
                    bases += split_bases(sentence.split("nhận được", 1)[1])
                elif not BOILERPLATE_END.search(sentence):
                    notes.unplace(line.number, shorten(sentence))
            base_lines.append(line.number)
            continue
        if BOILERPLATE_END.search(text):
            continue  # "… xây dựng Kế hoạch … như sau:" says nothing the fields do not
        notes.unplace(line.number, shorten(text))
    note = ""
    if base_lines:
        note = f"các dòng Căn cứ/Thực hiện ở đầu văn bản (dòng {', '.join(str(n) for n in base_lines)})"
    return addressees, bases, note


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; a full stop followed by a lower-case word is an abbreviation."""
    pieces = re.split(r"(?<=[.!?])\s+", text)
    sentences: list[str] = []
    for piece in pieces:
        if sentences and (not piece[:1].isupper() or re.search(r"\b(?:TP|Tp|TX|Q|H|v\.v)\.$", sentences[-1])):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def split_bases(text: str) -> list[str]:
    """One base per cited document: "…: Kế hoạch số 56…; Kế hoạch số 75…" gives two."""
    text = text.strip().rstrip(";.,")
    head, sep, listed = text.partition(": ")
    if sep and re.match(DOC_TYPES, listed.strip()):
        parts = [p for p in re.split(r";\s*", listed) if p.strip()]
        if len(parts) >= 2 or not re.search(r"\d", head):
            return [capitalize_first(p.strip().rstrip(";.,")) for p in parts]
    parts = [p.strip().rstrip(";.,") for p in re.split(r";\s*(?=(?:các\s+)?" + DOC_TYPES + r")", text) if p.strip()]
    return [capitalize_first(p) for p in parts]


def clean_list_item(text: str) -> str:
    text = text.strip()
    text = re.sub(r"\s*\./\.\s*$", ".", text)
    text = re.sub(r"\s*/\.\s*$", ".", text)
    return text.rstrip(";, ").strip()


def strip_marker(text: str) -> str:
    marker = parse_marker(text)
    return clean_list_item(marker.rest if marker.style != "para" else text)


# --- objectives: goals and targets -------------------------------------------------------------

NUMBER = r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
# A target's figure is a percentage or a rate per 100, 1.000, 100.000…; bare counts
# ("08 loại vắc xin", "dưới 5 tuổi") describe the group, not the goal.
QUANTITY = re.compile(
    r"(?<![\d/.,])(?P<num>" + NUMBER + r")\s*(?P<unit>%(?:\s*/\s*(?:năm|tháng))?"
    r"|(?:[^\W\d_]+\s*)?/\s*(?:1\d{0,2}(?:\.0{3})+|10{1,6})(?![\d/.])(?:\s+[^\W\d_]+){0,5})"
)
TARGET_PREFIX = re.compile(r"^(?:Chỉ tiêu|chỉ tiêu)\s*(?P<n>\d+)\s*[:.)-]?\s*")
GROUP_PREFIX = re.compile(r"^(?:(?:Mục tiêu|Nhóm)\s*\d+\s*[:.)-]\s*|Về\s+)", re.IGNORECASE)


def parse_objectives(section: Section) -> tuple[list[str], list[TargetDraft]]:
    """Goals (mục đích, yêu cầu, mục tiêu chung) and targets (chỉ tiêu) of a section."""
    goals: list[str] = []
    targets: list[TargetDraft] = []
    mode = {"goals": "goals", "targets": "targets"}.get(section.kind, "auto")
    group = ""
    lines = section.lines
    for index, line in enumerate(lines):
        marker = parse_marker(line.text)
        text = clean_list_item(marker.rest if marker.style != "para" else line.text)
        if not text:
            continue
        has_children = index + 1 < len(lines) and is_child(marker, parse_marker(lines[index + 1].text))
        looks_heading = (
            (marker.style not in ("bullet", "para") or line.heading)
            and not QUANTITY.search(text)
            and not TARGET_PREFIX.match(text)
            and (has_children or text.endswith(":"))
            and len(text) < 160
        )
        if looks_heading:
            lower = text.lower()
            if section.kind != "goals" and ("chung" in lower and "mục tiêu" in lower):
                mode = "goals"
            elif section.kind != "goals" and ("cụ thể" in lower or "chỉ tiêu" in lower):
                mode = "targets"
                group = ""
            elif mode == "targets" or section.kind == "targets":
                group = capitalize_first(GROUP_PREFIX.sub("", text).strip(" :."))
            continue
        if section.kind != "goals" and (TARGET_PREFIX.match(text) or mode == "targets" or (mode == "auto" and QUANTITY.search(text))):
            targets += split_targets(text, line.number, group)
        else:
            goals.append(text)
    return goals, targets


def is_child(parent: Marker, child: Marker) -> bool:
    """Does a line with marker `child` belong under a heading with marker `parent`?"""
    order = ["roman", "upper", "d1", "d2", "letter", "d3", "bullet", "para"]
    if parent.style == "para":
        return child.style == "bullet"
    return order.index(child.style) > order.index(parent.style)


def split_targets(text: str, line: int, group: str) -> list[TargetDraft]:
    """One target per clause that carries its own figure ("…6,5…; …09…" gives two)."""
    text = TARGET_PREFIX.sub("", text).strip()
    text = capitalize_first(text) if text[:1].isdigit() else text
    clauses: list[str] = []
    for clause in (c.strip() for c in re.split(r";\s+", text) if c.strip()):
        # "…550/100.000 trẻ em: giảm … 17/100.000…" uses a colon between two figures
        pieces = [p.strip() for p in re.split(r":\s+", clause)]
        clauses += pieces if len(pieces) > 1 and all(find_quantity(p) for p in pieces) else [clause]
    merged: list[str] = []
    for clause in clauses:
        if merged and not find_quantity(clause):
            merged[-1] = f"{merged[-1]}; {clause}"
        else:
            merged.append(clause)
    if len(merged) > 1 and not find_quantity(merged[0]):
        merged[1] = f"{merged[0]}; {merged[1]}"
        merged = merged[1:]
    return [build_target(clause.rstrip("."), line, group) for clause in merged]


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str
    start: int
    end: int
    phrase: str
    range_end: bool = False  # the B of "từ A đến B"


def find_quantity(text: str) -> Quantity | None:
    """The figure a target is about: a percentage or a rate; "từ A đến B" means B."""
    found = [m for m in QUANTITY.finditer(text) if not re.match(r"\s*tuổi", text[m.end():])]
    if not found:
        return None
    chosen, range_end = found[0], False
    if len(found) > 1 and re.search(r"\btừ\s*$", text[: chosen.start()]) and re.search(r"^\s*đến\s*$", text[chosen.end(): found[1].start()]):
        chosen, range_end = found[1], True
    unit = re.sub(r"\s+", " ", chosen.group("unit")).strip()
    unit = re.sub(r"\s*/\s*", "/", unit)
    value = parse_vietnamese_number(chosen.group("num"))
    if value is None:
        return None
    return Quantity(value, unit, chosen.start(), chosen.end(), chosen.group(0), range_end)


def parse_vietnamese_number(raw: str) -> Decimal | None:
    """"6,5" → 6.5, "1.000" → 1000, "09" → 9."""
    try:
        return Decimal(raw.replace(".", "").replace(",", ".")).normalize() + 0
    except InvalidOperation:
        return None


AT_MOST_BEFORE = re.compile(r"(?:dưới|không quá|tối đa|thấp hơn|nhỏ hơn|≤|<|còn|xuống)\s*$", re.IGNORECASE)
AT_LEAST_BEFORE = re.compile(r"(?:trên|ít nhất|tối thiểu|cao hơn|lớn hơn|≥|>)\s*$", re.IGNORECASE)
REACH_BEFORE = re.compile(r"(?:đạt|phấn đấu|phần đầu|duy trì|tăng lên)\s*$", re.IGNORECASE)
VALUE_PHRASE_END = re.compile(
    r"\s*(?:(?:là|đạt|ở mức|xuống|còn|dưới|trên|ít nhất|tối thiểu|tối đa|không quá|từ|đến|duy trì)\s+)*$",
    re.IGNORECASE,
)


def build_target(clause: str, line: int, group: str) -> TargetDraft:
    quantity = find_quantity(clause)
    if quantity is None:
        return TargetDraft(text=clause, line=line, group=group)
    before = clause[: quantity.start]
    after = clause[quantity.end:]
    direction, reason = "at_least", "mặc định: ít nhất"
    at_most, at_least, reach = AT_MOST_BEFORE.search(before), AT_LEAST_BEFORE.search(before), REACH_BEFORE.search(before)
    if re.match(r"\s*trở xuống", after):
        direction, reason = "at_most", '"trở xuống"'
    elif re.match(r"\s*trở lên", after):
        direction, reason = "at_least", '"trở lên"'
    elif at_most:
        direction, reason = "at_most", f'"{at_most.group(0).strip()}"'
    elif at_least:
        direction, reason = "at_least", f'"{at_least.group(0).strip()}"'
    elif re.search(r"(?<!\w)(?:giảm|hạ thấp|hạ xuống)(?!\w)", before, re.IGNORECASE):
        direction, reason = "at_most", '"giảm"'
    elif reach:
        direction, reason = "at_least", f'"{reach.group(0).strip()}"'
    text = clause
    tail = re.sub(r"^\s*(?:trở lên|trở xuống)", "", after).strip()
    if not quantity.range_end and (not tail or re.fullmatch(r"\([^)]*\)\.?", tail)):
        # The figure ends the clause: keep the thing measured, the figure goes to value.
        head = before[: VALUE_PHRASE_END.search(before).start()].strip(" ,:")
        if direction == "at_most":
            head = re.sub(r"^(?:giảm|hạ)\s+", "", head, flags=re.IGNORECASE)
        head = re.sub(r"^(?:phấn đấu|phần đầu|duy trì)\s+", "", head, flags=re.IGNORECASE)
        if len(head) >= 8:
            text = f"{head} {tail}".strip()
    value_note = f'từ "{shorten(quantity.phrase.strip(), 40)}"'
    return TargetDraft(
        text=text,
        line=line,
        value=quantity.value,
        unit=quantity.unit,
        direction=direction,
        group=group,
        value_note=value_note,
        direction_note=reason,
    )


# --- activities --------------------------------------------------------------------------------


def parse_activities(section: Section, notes: Notes) -> list[ActivityDraft]:
    """Numbered headings with items under them become activities; loose paragraphs go under the section title."""
    lines = section.lines
    head_style = find_heading_style(lines)
    activities: list[ActivityDraft] = []
    loose: list[str] = []
    loose_line = 0
    current_title: str | None = None
    current_items: list[str] = []
    current_line = 0

    def flush() -> None:
        nonlocal current_title, current_items
        if current_title is not None:
            activities.append(ActivityDraft(current_title, tuple(current_items), current_line))
        current_title, current_items = None, []

    for index, line in enumerate(lines):
        marker = parse_marker(line.text)
        is_head = head_style is not None and classify_style(line, marker) == head_style
        if is_head:
            flush()
            children = []
            for later in lines[index + 1:]:
                later_marker = parse_marker(later.text)
                if classify_style(later, later_marker) == head_style:
                    break
                children.append(later)
            title, _, inline = clean_list_item(marker.rest).partition(": ")
            if children or inline:
                current_title, current_line = capitalize_first(title.strip(" .:")), line.number
                current_items = [capitalize_first(inline.strip())] if inline.strip() else []
                if len(title) > 200:
                    current_title = capitalize_first(shorten(title, 150))
                    current_items.insert(0, clean_list_item(marker.rest))
            else:
                loose.append(clean_list_item(marker.rest))
                loose_line = loose_line or line.number
            continue
        item = clean_list_item(marker.rest if marker.style != "para" else line.text)
        if not item:
            continue
        if current_title is not None:
            current_items.append(item)
        else:
            loose.append(item)
            loose_line = loose_line or line.number
    flush()
    note = f'mục "{shorten(section.heading.text, 50)}" (dòng {section.heading.number})'
    if section.guessed:
        note += " — đoán là nội dung nhiệm vụ"
    if loose:
        activities.insert(0, ActivityDraft(section.title, tuple(loose), loose_line, note))
    elif activities:
        activities[0] = replace(activities[0], note=note)
    if not activities:
        notes.unplace(section.heading.number, f'mục "{shorten(section.heading.text, 60)}" không có nội dung')
    return activities


def classify_style(line: Line, marker: Marker) -> str:
    if marker.style == "para" and line.heading:
        return "md"
    return marker.style


def find_heading_style(lines: tuple[Line, ...]) -> str | None:
    for line in lines:
        style = classify_style(line, parse_marker(line.text))
        if style not in ("bullet", "para"):
            return style
    return None


# --- assignments -------------------------------------------------------------------------------

AGENCY_START = re.compile(
    r"^(?:Phòng|Sở|Ban|Ủy ban|Uỷ ban|UBND|UB|Công an|Trung tâm|Hội|Đoàn|Thành Đoàn|Huyện Đoàn|Quận Đoàn|Liên đoàn|"
    r"Bệnh viện|Trường|Văn phòng|Chi cục|Cục|Đài|Tòa án|Viện|Các|Cơ quan|Bảo hiểm|Ngân hàng|Mặt trận|Hạt|Đồn|Ủy ban nhân dân)\b"
)


def parse_assignments(section: Section, notes: Notes) -> list[AssignmentDraft]:
    """One assignment per agency heading; "Agency: task" items under an umbrella heading are split out."""
    lines = section.lines
    head_style = find_heading_style(lines)
    assignments: list[AssignmentDraft] = []
    agency: str | None = None
    tasks: list[str] = []
    line_no = 0
    for line in lines:
        marker = parse_marker(line.text)
        text = clean_list_item(marker.rest if marker.style != "para" else line.text)
        if head_style is not None and classify_style(line, marker) == head_style:
            if agency is not None:
                assignments += split_umbrella(agency, tasks, line_no)
            name, _, inline = text.partition(": ")
            agency = clean_agency_name(name)
            tasks = [capitalize_first(inline.strip())] if inline.strip() else []
            line_no = line.number
            continue
        if agency is None:
            name, sep, task = text.partition(": ")
            if sep and AGENCY_START.match(name) and len(name) < 100:
                assignments.append(AssignmentDraft(clean_agency_name(name), (capitalize_first(task),), line.number, "tách từ dòng \"Cơ quan: nhiệm vụ\""))
            elif text:
                notes.unplace(line.number, shorten(text))
            continue
        if text:
            tasks.append(text)
    if agency is not None:
        assignments += split_umbrella(agency, tasks, line_no)
    if assignments:
        first = assignments[0]
        assignments[0] = replace(first, note=(first.note + "; " if first.note else "") + f'mỗi đề mục trong "{shorten(section.heading.text, 40)}" là một cơ quan')
    return assignments


def clean_agency_name(text: str) -> str:
    name = re.sub(r"^Đề nghị\s+", "", text.strip(" .:"))
    return capitalize_first(name)


def split_umbrella(agency: str, tasks: list[str], line: int) -> list[AssignmentDraft]:
    """"Đề nghị Mặt trận và các đoàn thể" with "- Hội Phụ nữ: …" items: one assignment per named body."""
    own: list[str] = []
    named: list[AssignmentDraft] = []
    for task in tasks:
        name, sep, rest = task.partition(": ")
        if sep and AGENCY_START.match(name) and len(name) < 120 and rest:
            named.append(AssignmentDraft(clean_agency_name(name), (capitalize_first(rest),), line, f'tách từ đề mục "{shorten(agency, 40)}"'))
        else:
            own.append(task)
    if len(named) >= 2:
        return ([AssignmentDraft(agency, tuple(own), line)] if own else []) + named
    return [AssignmentDraft(agency, tuple(tasks), line)]


def map_agencies_by_line(section: Section, assignments: tuple[AssignmentDraft, ...]) -> dict[int, str]:
    """Which agency each line of the section belongs to (for naming deadlines)."""
    starts = sorted({(a.line, a.agency) for a in assignments if a.line})
    result: dict[int, str] = {}
    for line in section.lines:
        owner = ""
        for start, name in starts:
            if start <= line.number:
                owner = name
        result[line.number] = owner
    return result


# --- deadlines -----------------------------------------------------------------------------------

TRIGGER = re.compile(r"(?:trước|vào|chậm nhất(?:\s+là)?|hạn chót(?:\s+là)?|không quá|hạn)\s+ngày\s+", re.IGNORECASE)
DATE_ITEM = re.compile(
    r"(?P<monthly>(?P<md>\d{1,2})\s+(?:hằng|hàng|mỗi)\s+tháng)"
    r"|(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?(?:\s+năm\s+(?P<y2>\d{4}))?"
    r"|(?P<d3>\d{1,2})\s+tháng\s+(?P<m3>\d{1,2})(?:\s+năm\s+(?P<y3>\d{4}))?"
)
DATE_SEPARATOR = re.compile(r"\s*(?:,|;|và|hoặc)\s*(?:ngày\s+)?")
MONTHLY = re.compile(r"ngày\s+(?P<md>\d{1,2})\s+(?:hằng|hàng|mỗi)\s+tháng", re.IGNORECASE)
PERIOD = re.compile(r"(?<!\w)(6 tháng|sáu tháng|9 tháng|chín tháng|quý(?:\s+[IV1-4]+)?|hằng tháng|hàng tháng|tháng|năm)(?!\w)", re.IGNORECASE)
PERIOD_TITLES = {
    "6 tháng": "Báo cáo 6 tháng", "sáu tháng": "Báo cáo 6 tháng", "9 tháng": "Báo cáo 9 tháng",
    "chín tháng": "Báo cáo 9 tháng", "hằng tháng": "Báo cáo hằng tháng", "hàng tháng": "Báo cáo hằng tháng",
    "tháng": "Báo cáo hằng tháng", "năm": "Báo cáo năm",
}


def find_deadlines(line: Line, year: int | None, agency: str) -> list[DeadlineDraft]:
    """Dated ("trước ngày 10/6") and monthly ("ngày 25 hằng tháng") deadlines written in a line."""
    text = line.text
    found: list[DeadlineDraft] = []
    covered: list[tuple[int, int]] = []
    for trigger in TRIGGER.finditer(text):
        items: list[re.Match] = []
        position = trigger.end()
        while True:
            item = DATE_ITEM.match(text, position)
            if not item:
                break
            items.append(item)
            position = item.end()
            separator = DATE_SEPARATOR.match(text, position)
            if not separator or not DATE_ITEM.match(text, separator.end()):
                break
            position = separator.end()
        if not items:
            continue
        covered.append((trigger.start(), position))
        labels = read_period_labels(text[position:], len(items))
        for index, item in enumerate(items):
            title = labels[index] if labels else name_deadline(text, trigger.start() if index == 0 else items[index - 1].end(), item.start())
            found.append(make_deadline(item, title, line, year, agency))
    for match in MONTHLY.finditer(text):
        if any(start <= match.start() < end for start, end in covered):
            continue
        found.append(DeadlineDraft(add_agency("Báo cáo hằng tháng", agency), line.number, day_of_month=int(match.group("md")),
                                   note=f"dòng {line.number}"))
    return [d for d in found if d.date is not None or d.day_of_month is not None]


def read_period_labels(after: str, count: int) -> list[str]:
    """"(tháng, 6 tháng, năm)" right after a list of dates names each of them."""
    match = re.match(r"\s*\(([^)]*)\)", after)
    if not match:
        return []
    labels = [label.strip().lower() for label in match.group(1).split(",")]
    if len(labels) != count or not all(label in PERIOD_TITLES for label in labels):
        return []
    return [PERIOD_TITLES[label] for label in labels]


def name_deadline(text: str, context_end: int, item_start: int) -> str:
    window = text[max(0, context_end - 40): context_end]
    window = re.split(r"[;.,]", window)[-1]
    periods = list(PERIOD.finditer(window))
    sentence = text.lower()
    if periods:
        label = periods[-1].group(1).lower()
        if label.startswith("quý"):
            return "Báo cáo " + re.sub(r"\s+", " ", periods[-1].group(1)).strip().lower()
        return PERIOD_TITLES.get(label, "Báo cáo")
    if "kế hoạch" in sentence and "báo cáo" not in sentence:
        return "Gửi kế hoạch"
    if "báo cáo" in sentence:
        return "Báo cáo định kỳ" if "định kỳ" in sentence else "Báo cáo"
    return "Hạn thực hiện"


def add_agency(title: str, agency: str) -> str:
    return f"{title} ({agency})" if agency else title


def make_deadline(item: re.Match, title: str, line: Line, year: int | None, agency: str) -> DeadlineDraft:
    if item.group("monthly"):
        return DeadlineDraft(add_agency("Báo cáo hằng tháng", agency), line.number, day_of_month=int(item.group("md")), note=f"dòng {line.number}")
    day = int(item.group("d") or item.group("d3"))
    month = int(item.group("m") or item.group("m3"))
    written_year = item.group("y") or item.group("y2") or item.group("y3")
    note = f"dòng {line.number}"
    if written_year:
        the_year = int(written_year)
    elif year:
        the_year = year
        note += f"; năm {year} suy ra từ năm kế hoạch"
    else:
        return DeadlineDraft(title, line.number)
    try:
        date = dt.date(the_year, month, day)
    except ValueError:
        return DeadlineDraft(title, line.number)
    return DeadlineDraft(add_agency(title, agency), line.number, date=date, note=note)


def dedupe_deadlines(deadlines: list[DeadlineDraft]) -> list[DeadlineDraft]:
    """The same report announced twice (general rule, then per agency) is listed once."""
    seen: set[tuple] = set()
    out: list[DeadlineDraft] = []
    for deadline in deadlines:
        base_title = re.sub(r"\s*\([^)]*\)$", "", deadline.title)
        key = (deadline.date, deadline.day_of_month, base_title)
        if key in seen:
            continue
        seen.add(key)
        out.append(deadline)
    return sorted(out, key=lambda d: (d.date is not None, d.date or dt.date.min, d.line))


# --- recipients and signer ---------------------------------------------------------------------

POSITION_WORDS = re.compile(r"CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|PHÓ|BÍ THƯ|CHÁNH|ỦY BAN|UỶ BAN|THỦ TRƯỞNG|TỔNG|HIỆU")


def parse_tail(lines: list[Line], addressees: list[str], notes: Notes) -> tuple[list[str], Noted | None, str]:
    """"Nơi nhận" list (without the "Lưu" archive line; "Như trên" → the addressees) and the signer."""
    recipients: list[str] = []
    positions: list[str] = []
    name = ""
    archive = ""
    in_recipients = False
    for line in lines:
        text = line.text
        if re.match(r"^Nơi nhận\b", text, re.IGNORECASE):
            in_recipients = True
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:
                recipients.append(clean_list_item(rest.lstrip("-– ")))
            continue
        if SIGNER_LINE.match(text) or (is_upper_text(text) and POSITION_WORDS.search(text) and not name):
            positions.append(text)
            in_recipients = False
            continue
        marker = parse_marker(text)
        if in_recipients and marker.style == "bullet":
            recipients.append(clean_list_item(marker.rest))
            continue
        if positions and not name and looks_like_name(text):
            name = text.title() if is_upper_text(text) else text
            continue
        if re.fullmatch(r"\(?(?:đã ký|ký|ký tên|ký, đóng dấu|ký và đóng dấu)[^)]*\)?", text, re.IGNORECASE):
            continue
        notes.unplace(line.number, shorten(text))
    kept: list[str] = []
    expanded = False
    recipients = [r.rstrip(". ") for r in recipients]
    addressees = [a.rstrip(". ") for a in addressees]
    for recipient in recipients:
        if re.match(r"^Lưu\b", recipient):
            archive = recipient
            continue
        if re.fullmatch(r"Như trên", recipient, re.IGNORECASE) and addressees:
            kept += [a for a in addressees if a not in kept]
            expanded = True
            continue
        if recipient not in kept:
            kept.append(recipient)
    note = ""
    if recipients:
        note = "danh sách Nơi nhận"
        if archive:
            note += f' (bỏ dòng lưu trữ "{shorten(archive, 30)}")'
        if expanded:
            note += '; "Như trên" thay bằng danh sách Kính gửi'
    elif addressees:
        kept = addressees
        note = "danh sách Kính gửi (không thấy Nơi nhận)"
    signer = None
    if positions or name:
        signer_note = "khối chữ ký cuối văn bản"
        if not name:
            signer_note += "; không thấy tên người ký — hãy điền"
        signer = Noted(SignerDraft(" – ".join(positions), name), signer_note)
    return kept, signer, note


def looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 6 or (is_upper_text(text) and POSITION_WORDS.search(text)):
        return False
    return all(word[:1].isupper() and word.replace("-", "").isalpha() for word in words)


# --- summary -------------------------------------------------------------------------------------


def summarize(draft: PlanDraft, notes: Notes, removed_count: int) -> list[str]:
    kind_vi = "kế hoạch" if draft.kind.value == "plan" else "công văn hướng dẫn"
    found = [f"Loại văn bản: {kind_vi} ({draft.kind.value})"]
    found.append(f"Số: {draft.number.value}" if draft.number else "Số văn bản: không có")
    found.append(f"Tiêu đề: {draft.title.value}")
    found.append(f"Cơ quan ban hành: {draft.issuer.value} ({draft.issuer.note})")
    if draft.issued:
        found.append(f"Ngày ban hành: {draft.issued.value:%d/%m/%Y}")
    else:
        found.append("Ngày ban hành: không có ngày đầy đủ")
    found.append(f"Năm: {draft.year.value} ({draft.year.note})" if draft.year else "Năm: KHÔNG TÌM THẤY — cần điền")
    found.append(f"Căn cứ: {len(draft.bases)}")
    found.append(f"Mục đích, mục tiêu: {len(draft.goals)}")
    with_value = sum(1 for t in draft.targets if t.value is not None)
    found.append(f"Chỉ tiêu: {len(draft.targets)} ({with_value} có con số)")
    found.append(f"Nội dung, nhiệm vụ: {len(draft.activities)} nhóm, {sum(len(a.items) for a in draft.activities)} việc")
    found.append(f"Tổ chức thực hiện: {len(draft.assignments)} cơ quan, {sum(len(a.tasks) for a in draft.assignments)} nhiệm vụ")
    monthly = sum(1 for d in draft.deadlines if d.day_of_month is not None)
    found.append(f"Hạn báo cáo: {len(draft.deadlines)} ({monthly} hằng tháng)")
    found.append("Kinh phí: có" if draft.budget else "Kinh phí: không thấy mục KINH PHÍ")
    found.append(f"Nơi nhận: {len(draft.recipients)}")
    if draft.signer:
        signer = draft.signer.value
        assert isinstance(signer, SignerDraft)
        found.append(f"Người ký: {signer.name or '(không có tên)'} — {signer.position}")
    else:
        found.append("Người ký: không thấy")
    if removed_count:
        found.append(f"Thông tin liên hệ cá nhân đã lược bỏ: {removed_count}")
    return found + notes.facts


# --- YAML output -----------------------------------------------------------------------------------

PLAIN_UNSAFE_START = tuple("-?:,[]{}#&*!|>'\"%@`")


def format_scalar(value: object) -> str:
    """A scalar that reads back as exactly this value; plain where that is safe, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if is_plain_safe(text):
        return text
    return quote_double(text)


def quote_double(text: str) -> str:
    """A YAML double-quoted scalar: JSON escaping, plus escapes for what YAML will not read raw."""
    quoted = json.dumps(text, ensure_ascii=False)
    return re.sub(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]", lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


def is_plain_safe(text: str) -> bool:
    if not text or text != text.strip() or text.startswith(PLAIN_UNSAFE_START):
        return False
    if ": " in text or " #" in text or text.endswith(":") or any(c in text for c in "\n\t\"\\"):
        return False
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text):
        return False
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False


def format_decimal(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if re.fullmatch(r"\d{1,3}\.\d{3}", text):
        # `check` reads "0.005" as a possible thousands separator and warns; a fourth
        # decimal keeps the same number unambiguous.
        return text + "0"
    return text


def format_comment(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return f"  # {text}" if text else ""


def render_yaml(draft: PlanDraft, *, source_name: str, removed_count: int) -> str:
    out: list[str] = []
    source = f' từ "{source_name}"' if source_name else ""
    out.append(f"# Bản nháp kế hoạch do lệnh `import` tạo{source}. HÃY ĐỌC LẠI TRƯỚC KHI ĐĂNG.")
    out.append("# Chú thích sau dấu # cho biết mỗi giá trị được lấy hoặc đoán từ đâu trong văn bản gốc.")
    if removed_count:
        out.append(f"# Đã lược bỏ {removed_count} thông tin liên hệ cá nhân (ghi là {REMOVED}).")
    out.append(f"kind: {format_scalar(draft.kind.value)}{format_comment(draft.kind.note)}")
    if draft.number:
        out.append(f"number: {quote_double(str(draft.number.value))}{format_comment(draft.number.note)}")
    out.append(f"title: {format_scalar(draft.title.value)}{format_comment(draft.title.note)}")
    out.append(f"issuer: {format_scalar(draft.issuer.value)}{format_comment(draft.issuer.note)}")
    if draft.issued:
        out.append(f"issued: {format_scalar(draft.issued.value)}{format_comment(draft.issued.note)}")
    if draft.year:
        out.append(f"year: {draft.year.value}{format_comment(draft.year.note)}")
    for hint in draft.missing:
        out.append(f"# {hint}")
    out.append("# topics: [tre-em]  # thêm mã chủ đề có trong topics.yaml")
    out.append("# summary: …  # một hai câu tóm tắt cho người dân")
    render_text_list(out, "bases", draft.bases, draft.bases_note)
    render_text_list(out, "goals", draft.goals, f"mục {draft.goals_note}" if draft.goals_note else "")
    if draft.targets:
        out.append("")
        out.append(f"targets:{format_comment(f'mục {draft.targets_note}; con số, đơn vị và chiều (at_least/at_most) do công cụ đoán — hãy kiểm tra')}")
        for target in draft.targets:
            out.append(f"  - text: {format_scalar(target.text)}{format_comment(f'dòng {target.line}')}")
            if target.value is not None:
                out.append(f"    value: {format_scalar(target.value)}{format_comment(target.value_note)}")
                if target.unit:
                    out.append(f"    unit: {format_scalar(target.unit)}")
                out.append(f"    direction: {target.direction}{format_comment(target.direction_note)}")
            if target.group:
                out.append(f"    group: {format_scalar(target.group)}")
    if draft.activities:
        out.append("")
        out.append(f"activities:{format_comment('mỗi đề mục đánh số là một nhóm; các đoạn lẻ xếp vào nhóm mang tên mục lớn')}")
        for activity in draft.activities:
            out.append(f"  - title: {format_scalar(activity.title)}{format_comment(activity.note or f'dòng {activity.line}')}")
            if activity.items:
                out.append("    items:")
                out += [f"      - {format_scalar(item)}" for item in activity.items]
    if draft.assignments:
        out.append("")
        out.append(f"assignments:{format_comment('mục TỔ CHỨC THỰC HIỆN')}")
        for assignment in draft.assignments:
            note = f"dòng {assignment.line}" + (f"; {assignment.note}" if assignment.note else "")
            out.append(f"  - agency: {format_scalar(assignment.agency)}{format_comment(note)}")
            if assignment.tasks:
                out.append("    tasks:")
                out += [f"      - {format_scalar(task)}" for task in assignment.tasks]
    if draft.deadlines:
        out.append("")
        out.append(f"deadlines:{format_comment('tìm các cụm “trước ngày …”, “vào ngày …”, “ngày … hằng tháng”; tên báo cáo do công cụ đặt')}")
        for deadline in draft.deadlines:
            if deadline.date is not None:
                out.append(f"  - date: {deadline.date.isoformat()}{format_comment(deadline.note)}")
            else:
                out.append(f"  - day_of_month: {deadline.day_of_month}{format_comment(deadline.note)}")
            out.append(f"    title: {format_scalar(deadline.title)}")
    if draft.budget:
        out.append("")
        out.append(f"budget: {format_scalar(draft.budget.value)}{format_comment(draft.budget.note)}")
    if draft.signer:
        signer = draft.signer.value
        assert isinstance(signer, SignerDraft)
        out.append("")
        out.append(f"signer:{format_comment(draft.signer.note)}")
        if signer.position:
            out.append(f"  position: {format_scalar(signer.position)}")
        if signer.name:
            out.append(f"  name: {format_scalar(signer.name)}")
    render_text_list(out, "recipients", draft.recipients, draft.recipients_note)
    return "\n".join(out) + "\n"


def render_text_list(out: list[str], key: str, values: Iterable[str], note: str) -> None:
    values = [v for v in values if v]
    if not values:
        return
    out.append("")
    out.append(f"{key}:{format_comment(note)}")
    out += [f"  - {format_scalar(value)}" for value in values]
