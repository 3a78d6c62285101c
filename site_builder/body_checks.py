"""Checks on a Markdown body at load time: hotline cards name registered numbers.

(Images without alt text are reported by `links.check_images`, with the other link checks.)

Run at load time (so `check`, `build` and `serve` report the same), on the source text,
so each problem is located at its line and column in the file.
"""

from __future__ import annotations

import re

from .diagnostics import Location, Report
from .markup import find_hotline_cards
from .privacy import line_and_column

def check_markdown_body(body: str, path: str, body_line: int, hotlines: frozenset[str], report: Report) -> None:
    """Report cards of unregistered hotlines in one body."""

    def where(offset: int) -> Location:
        line, column = line_and_column(body, offset)
        return Location(path, body_line + line - 1, column)

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
