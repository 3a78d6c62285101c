"""Files that would run or tell too much: script in SVG, HTML attachments, GPS in photos, names.

Media are copied as they are and served from the portal's own address, so an SVG
with a `<script>` or an `.html` "attachment" would run with the site's authority
when opened directly. The sanitiser never sees these files; this check does. A
phone photo also carries where it was taken (EXIF GPS): for a child's photo that
can be the child's home. And a file name is published as part of a URL, so a
phone or ID number in it is personal data like any other.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import Iterable

from .diagnostics import Location, Report, display_path
from .model import MediaFile
from .privacy import KIND_EN, KIND_VI, Allowed, find_in_name, line_and_column

RUNNABLE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".xsl", ".xslt"})
_SVG_ACTIVE = re.compile(
    r"<\s*(?:script|foreignObject|iframe|embed|object|handler)\b"
    r"|\son[a-z]+\s*="
    r"|(?:href|src)\s*=\s*[\"']?\s*(?:javascript|data|vbscript):",
    re.IGNORECASE,
)


def check_file_names(paths: Iterable[str], report: Report, allowed: Allowed) -> None:
    """A file name becomes part of a URL: a phone or ID number in it is published."""
    for shown in paths:
        name = shown.rpartition("/")[2]
        for finding in find_in_name(name, allowed):
            report.error(
                Location(shown),  # masked with every other message by privacy.mask_diagnostics
                "personal-data",
                f"Tên tệp có vẻ chứa {KIND_VI[finding.kind]} ({finding.masked}); tên tệp hiện trong địa chỉ trang. Hãy đổi tên tệp.",
                f"The file name seems to contain {'an' if KIND_EN[finding.kind][0] in 'aeiou' else 'a'} {KIND_EN[finding.kind]} ({finding.masked}); file names are published in addresses. Rename the file.",
            )


def check_media(media: Iterable[MediaFile], report: Report) -> None:
    for item in media:
        path = Path(item.source_path)
        suffix = path.suffix.lower()
        if suffix in (".jpg", ".jpeg") and jpeg_has_gps(path):
            report.error(
                Location(display_path(path)),
                "photo-location",
                "Ảnh có tọa độ GPS nơi chụp (EXIF): có thể làm lộ nơi ở của trẻ em. Hãy xóa thông tin vị trí rồi mới đăng "
                "(Windows: chuột phải → Properties → Details → Remove Properties and Personal Information; điện thoại: tắt vị trí khi chia sẻ).",
                "The photo carries the GPS position where it was taken (EXIF), which can reveal where a child lives. Remove the location before publishing.",
            )
        if suffix in RUNNABLE_SUFFIXES:
            report.error(
                Location(display_path(path)),
                "media-runnable",
                f"Không đăng tệp {suffix} trong media/: trình duyệt sẽ chạy nó như một trang web. Hãy chuyển thành PDF hoặc viết thành một trang .md.",
                f"A {suffix} file cannot be published in media/: browsers would run it as a web page. Convert it to PDF or write it as a .md page.",
            )
        elif suffix == ".svg":
            _check_svg(path, report)


def _check_svg(path: Path, report: Report) -> None:
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return  # unreadable files are reported when they are copied
    match = _SVG_ACTIVE.search(text)
    if match is None:
        return
    found = match.group(0)
    line, column = line_and_column(text, match.start() + len(found) - len(found.lstrip()))
    report.error(
        Location(display_path(path), line, column),
        "svg-script",
        "Ảnh SVG này có mã chạy được (script, on…=, javascript:). Hãy xuất lại ảnh từ phần mềm vẽ mà không kèm mã, hoặc dùng ảnh PNG.",
        "This SVG contains active code (script, on…=, javascript:). Export the image again without scripts, or use a PNG.",
    )


_GPS_IFD_TAG = 0x8825
_GPS_LATITUDE = 0x0002


def jpeg_has_gps(path: Path) -> bool:
    """True when a JPEG's EXIF block points to GPS data with a latitude."""
    try:
        with path.open("rb") as file:
            head = file.read(128 * 1024)  # EXIF sits in the first APP1 segment, near the start
    except OSError:
        return False
    try:
        return _exif_has_gps(_exif_block(head))
    except (struct.error, IndexError, ValueError):
        return False  # a damaged header is no evidence either way; browsers show what they can


def _exif_block(data: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        return b""
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker == 0xE1 and data[at + 4 : at + 10] == b"Exif\x00\x00":
            return data[at + 10 : at + 2 + length]
        if marker in (0xDA, 0xD9):  # image data starts: no EXIF before it
            return b""
        at += 2 + length
    return b""


def _exif_has_gps(tiff: bytes) -> bool:
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return False
    order = "<" if tiff[:2] == b"II" else ">"
    (ifd0,) = struct.unpack(order + "I", tiff[4:8])
    gps = _tag_value(tiff, order, ifd0, _GPS_IFD_TAG)
    return gps is not None and _tag_value(tiff, order, gps, _GPS_LATITUDE) is not None


def _tag_value(tiff: bytes, order: str, offset: int, wanted: int) -> int | None:
    (count,) = struct.unpack(order + "H", tiff[offset : offset + 2])
    for index in range(min(count, 512)):
        entry = offset + 2 + 12 * index
        tag, _kind, _n, value = struct.unpack(order + "HHII", tiff[entry : entry + 12])
        if tag == wanted:
            return value
    return None
