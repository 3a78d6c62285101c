"""Media files that a browser would run: script inside SVG, HTML and JavaScript attachments.

Media are copied as they are and served from the portal's own address, so an SVG
with a `<script>` or an `.html` "attachment" would run with the site's authority
when opened directly. The sanitiser never sees these files; this check does.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from .diagnostics import Location, Report, display_path
from .model import MediaFile
from .privacy import line_and_column

RUNNABLE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".xsl", ".xslt"})
_SVG_ACTIVE = re.compile(
    r"<\s*(?:script|foreignObject|iframe|embed|object|handler)\b"
    r"|\son[a-z]+\s*="
    r"|(?:href|src)\s*=\s*[\"']?\s*(?:javascript|data|vbscript):",
    re.IGNORECASE,
)


def check_media(media: Iterable[MediaFile], report: Report) -> None:
    for item in media:
        path = Path(item.source_path)
        suffix = path.suffix.lower()
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
