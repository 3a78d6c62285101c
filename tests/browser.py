"""Shared by the browser tests: the demo site built once, served on 127.0.0.1, and Debian's Chromium."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from site_builder.pipeline import BuildOptions, build

PROJECT = Path(__file__).resolve().parents[1]
DEMO_TODAY = dt.date(2026, 11, 22)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]


def build_demo(out: Path) -> Path:
    result = build(BuildOptions(content=PROJECT / "content", out=out, today=DEMO_TODAY, search=False, quiet=True))
    assert result.ok, result.report.format_text()
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on an ephemeral local port; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join()
