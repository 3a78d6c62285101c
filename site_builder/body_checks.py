"""Checks on a Markdown body that the page reader depends on: image descriptions, hotline cards.

Run at load time (so `check`, `build` and `serve` report the same), on the source text,
so each problem is located at its line and column in the file.
"""

from __future__ import annotations

import re

from .diagnostics import Location, Report
from .markup import blank_code, find_hotline_cards
from .privacy import line_and_column

_MARKDOWN_IMAGE = re.compile(r"!\[([^\]\n]*)\][(\[]")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def find_images_without_alt(body: str) -> list[int]:
    """Offsets of images whose description (alt text) is missing or empty."""
    text = blank_code(body)
    found = [m.start() for m in _MARKDOWN_IMAGE.finditer(text) if not m.group(1).strip()]
    for tag in _HTML_IMAGE.finditer(text):
        alt = _ALT.search(tag.group(0))
        if alt is None or not "".join(g or "" for g in alt.groups()).strip():
            found.append(tag.start())
    return sorted(found)


def check_markdown_body(body: str, path: str, body_line: int, hotlines: frozenset[str], report: Report) -> None:
    """Report images without alt text and cards of unregistered hotlines in one body."""

    def where(offset: int) -> Location:
        line, column = line_and_column(body, offset)
        return Location(path, body_line + line - 1, column)

    for offset in find_images_without_alt(body):
        report.error(
            where(offset),
            "image-alt",
            "Hình ảnh chưa có lời mô tả, người khiếm thị sẽ không biết hình nói gì. "
            "Hãy viết mô tả trong ngoặc vuông: ![Mô tả ngắn nội dung hình](media/ten-hinh.jpg).",
            "This image has no alt text, so blind readers cannot know what it shows. "
            "Write a description in the brackets: ![Short description](media/name.jpg).",
        )
    for start, _, number in find_hotline_cards(body):
        offset = body.index("[[", start)
        if number not in hotlines:
            report.error(
                where(offset),
                "hotline-card-unknown",
                f"Thẻ đường dây nóng dùng số {number}, nhưng số này không có trong hotlines.yaml. "
                "Hãy sửa lại số, hoặc thêm đường dây này vào hotlines.yaml.",
                f"The hotline card uses {number}, which is not in hotlines.yaml. "
                "Correct the number, or add the hotline to hotlines.yaml.",
            )
