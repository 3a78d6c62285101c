"""Screenshots of the demo portal at phone (360 px) and desktop (1280 px) widths.

    /work/main/.venv/bin/python docs/screenshots/take.py

Builds the demo content with --today 2026-11-22 into a temporary folder, serves it on
127.0.0.1 and writes PNGs next to this script with Debian's Chromium (never a downloaded one).
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
sys.path.insert(0, str(PROJECT))

from playwright.sync_api import sync_playwright  # noqa: E402

from site_builder.pipeline import BuildOptions, build  # noqa: E402

PAGES = {
    "trang-chu": "",
    "chien-dich": "chien-dich/2026-thang-hanh-dong-vi-binh-dang-gioi/",
    "ke-hoach": "ke-hoach/2024-quan-12/",
}
WIDTHS = {"360": (360, 780), "1280": (1280, 900)}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]


def take(out_dir: Path = HERE) -> list[Path]:
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / "public"
        result = build(BuildOptions(content=PROJECT / "content", out=site, today=dt.date(2026, 11, 22), search=False, quiet=True))
        if not result.ok:
            raise SystemExit(result.report.format_text())
        handler = functools.partial(_QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        written = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
                for width_name, (width, height) in WIDTHS.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    for name, path in PAGES.items():
                        page.goto(f"http://127.0.0.1:{server.server_port}/{path}")
                        target = out_dir / f"{name}-{width_name}.png"
                        page.screenshot(path=str(target))  # the first screen, as a reader sees it
                        written.append(target)
                    page.close()
                browser.close()
        finally:
            server.shutdown()
    return written


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        pass


if __name__ == "__main__":
    for path in take():
        print(path.relative_to(PROJECT))
