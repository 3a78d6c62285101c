"""The live preview: serve the output folder, rebuild on every save, reload the browser.

`livereload` provides the browser side (its script and WebSocket handler, served by
tornado); change detection is `watchfiles` (inotify), not livereload's polling, and
reloads are sent as soon as a rebuild finishes, without its throttle, so quick
successive saves each show. Rebuilds run in a watcher thread (`rebuild.rebuild`);
the tornado loop in the main thread only serves files.

While the content has errors the folder on disk stays the last good site, and every
HTML page served gets an overlay listing the located errors, added at serve time.
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
import errno
import html
import re
import sys
import threading
import traceback
from pathlib import Path
from typing import Callable, Iterable

import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from .diagnostics import EXIT_OK, EXIT_USAGE, Diagnostic, Report
from .loaders import load_hotlines
from .pipeline import BuildOptions
from .rebuild import State, rebuild, start
from .search import BUNDLE, build_search_index

WATCH_STEP_MS = 20  # quiet time that ends a burst of file events (an editor's save is a few writes)
SEARCH_PAUSE_S = 2.0  # re-index search after this long without edits

LIVERELOAD_SCRIPT = (
    '<script>(function(){var s=document.createElement("script");'
    's.src="/livereload.js?port="+(window.location.port||80);document.head.appendChild(s);})();</script>'
)


@dataclass(frozen=True)
class Preview:
    """What the server shows beside the files: the current errors (replaced, never mutated)."""

    errors: tuple[Diagnostic, ...] = ()


class PreviewBox:
    """The one mutable cell shared by the watcher thread (writer) and the server (reader)."""

    def __init__(self) -> None:
        self.current = Preview()


def render_overlay(errors: Iterable[Diagnostic]) -> str:
    """The error panel added to every served page while the content has errors."""
    items = "".join(
        f'<li><code style="font-weight:bold">{html.escape(str(d.location))}</code><br>{html.escape(d.vi)}'
        f'<br><span lang="en" style="color:#555">{html.escape(d.en)}</span></li>'
        for d in errors
    )
    return (
        '<aside id="loi-noi-dung" role="alert" style="position:fixed;left:0;right:0;bottom:0;z-index:99999;'
        "max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#fff4f4;color:#111;"
        'border-top:4px solid #b00020;font:16px/1.45 system-ui,sans-serif;box-shadow:0 -2px 12px rgba(0,0,0,.25)">'
        '<h2 style="margin:0 0 .5rem;font-size:1.1rem;color:#b00020">Nội dung có lỗi — đang hiển thị bản dựng tốt gần nhất. '
        '<span lang="en">Content has errors — showing the last good build.</span></h2>'
        f'<ol style="margin:0;padding-left:1.5rem">{items}</ol></aside>'
    )


_BODY_OPEN = re.compile(rb"<body[^>]*>", re.IGNORECASE)


def inject(page: bytes, preview: Preview) -> bytes:
    """The livereload script before </head>, the error overlay right after <body>."""
    page = page.replace(b"</head>", LIVERELOAD_SCRIPT.encode() + b"</head>", 1)
    if preview.errors:
        overlay = render_overlay(preview.errors).encode("utf-8")
        match = _BODY_OPEN.search(page)
        page = page[: match.end()] + overlay + page[match.end() :] if match else overlay + page
    return page


def make_application(out: Path, box: PreviewBox) -> web.Application:
    class Transform(web.OutputTransform):
        """Injects into HTML as it leaves the server; the files on disk stay as built."""

        def transform_first_chunk(self, status_code, headers, chunk, finishing):
            if "html" in headers.get("Content-Type", ""):
                chunk = inject(chunk, box.current)
                if "Content-Length" in headers:
                    headers["Content-Length"] = str(len(chunk))
            return status_code, headers, chunk

    class Files(StaticFileHandler):
        def set_default_headers(self) -> None:
            self.set_header("Cache-Control", "no-store")  # a preview must never show an old page

        @classmethod
        def get_content(cls, abspath, start=None, end=None):
            # Whole files in one chunk, so the transform sees </head> and <body> together.
            with open(abspath, "rb") as stream:
                data = stream.read()
            return data[start:end] if start is not None or end is not None else data

        def write_error(self, status_code: int, **kwargs) -> None:
            page = out / "404.html"
            self.set_header("Content-Type", "text/html; charset=utf-8")
            if status_code == 404 and page.is_file():
                self.finish(page.read_bytes())
            else:
                self.finish(f"<!doctype html><html lang=vi><head><title>{status_code}</title></head><body><h1>{status_code}</h1></body></html>")

    return web.Application(
        [
            (r"/livereload", LiveReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", Files, {"path": str(out), "default_filename": "index.html"}),
        ],
        transforms=[Transform],
        log_function=lambda handler: None,  # one line per request would bury the build messages
    )


def reload_browsers() -> None:
    """Tell every connected page to reload now (livereload's own path, minus its throttle)."""
    LiveReloadHandler.reload_waiters("*")


def configure_livereload() -> None:
    # The handler reads a watcher's last path for its log line; livereload's base Watcher
    # polls nothing unless asked, so it stands in for the one `watchfiles` replaces.
    LiveReloadHandler.watcher = Watcher()
    LiveReloadHandler.live_css = False  # "*" reloads the page; CSS is fingerprinted anyway
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # no throttle: every save reloads


def index_search(out: Path, content: Path) -> None:
    """Re-index the built folder for search, quietly, in the background thread.

    The same indexing as `build` (with đ and hotline-number folding), over the files
    on disk and the hotlines as they are now; problems show at the next build.
    """
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html") if BUNDLE not in p.parts)
    build_search_index(out, pages, load_hotlines(content, Report()), out=out, processes=1)


class Debounced:
    """Runs `action` once `pause` seconds have passed since the last `poke`."""

    def __init__(self, pause: float, action: Callable[[], None]) -> None:
        self.pause, self.action = pause, action
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def poke(self) -> None:
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            self.timer = threading.Timer(self.pause, self.action)
            self.timer.daemon = True
            self.timer.start()

    def cancel(self) -> None:
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()


def print_outcome(report: Report, quiet: bool, done: str) -> None:
    errors = [d for d in report.sorted() if d.severity == "error"]
    if errors:
        print(Report(errors).format_text(), file=sys.stderr, flush=True)
        print("Nội dung có lỗi: trang xem trước giữ bản dựng tốt gần nhất. / Content has errors: the preview keeps the last good build.", file=sys.stderr, flush=True)
    elif not quiet:
        print(done, file=sys.stderr, flush=True)


def watch_loop(state: State, box: PreviewBox, loop: IOLoop, stop: threading.Event, search: Debounced | None) -> None:
    options = state.options
    folders = [str(p) for p in (options.content, options.templates, options.assets) if p.is_dir()]
    for changes in watchfiles.watch(*folders, debounce=1600, step=WATCH_STEP_MS, stop_event=stop, raise_interrupt=False):
        try:
            state, result = rebuild(state, [Path(path) for _, path in changes])
        except Exception:  # noqa: BLE001 - a bug must not end the preview; the next save retries
            print("Lỗi nội bộ khi dựng lại; hãy báo cho nhóm phát triển. / Internal error while rebuilding; please report it:", file=sys.stderr)
            traceback.print_exc()
            continue
        box.current = Preview(tuple(state.errors))
        loop.add_callback(reload_browsers)
        print_outcome(
            result.report,
            options.quiet,
            f"Đã cập nhật {result.written} tệp trong {result.seconds * 1000:.0f} ms. / Updated {result.written} file(s) in {result.seconds * 1000:.0f} ms.",
        )
        if search is not None and result.ok:
            search.poke()


@dataclass(frozen=True)
class Running:
    """Handed to `ready` once the server listens (tests run the server in a thread)."""

    port: int
    loop: IOLoop

    def stop(self) -> None:
        self.loop.add_callback(self.loop.stop)


def serve(options: BuildOptions, *, host: str = "127.0.0.1", port: int = 8000, ready: Callable[[Running], None] | None = None) -> int:
    """Build, serve and follow every change until Ctrl-C; exit 0, or 2 when the port is taken."""
    options = dataclasses.replace(options, drafts=True, progress=False)  # previews show drafts, badged
    try:
        # The port first: a second `serve` must not rebuild the folder the first one serves.
        sockets = bind_sockets(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(
                f"Cổng {port} trên {host} đang được chương trình khác dùng. Hãy dùng cổng khác, ví dụ --port {port + 1}. "
                f"/ Port {port} on {host} is already in use. Use another one, e.g. --port {port + 1}.",
                file=sys.stderr,
            )
        else:
            print(f"Không mở được máy chủ tại {host}:{port}: {exc.strerror}. / Cannot listen on {host}:{port}: {exc.strerror}.", file=sys.stderr)
        return EXIT_USAGE
    state, result = start(options)
    box = PreviewBox()
    box.current = Preview(tuple(state.errors))
    print_outcome(result.report, options.quiet, f"Đã dựng {result.written} tệp. / Built {result.written} files.")
    out = state.options.out
    out.mkdir(parents=True, exist_ok=True)

    asyncio.set_event_loop(asyncio.new_event_loop())  # its own loop, in whichever thread runs it
    loop = IOLoop.current()
    configure_livereload()
    server = HTTPServer(make_application(out, box))
    server.add_sockets(sockets)
    actual = sockets[0].getsockname()[1]  # the port chosen when asked for 0
    search = Debounced(SEARCH_PAUSE_S, lambda: index_search(out, options.content)) if options.search else None
    if search is not None and result.ok:
        search.poke()
    stop = threading.Event()
    watcher = threading.Thread(target=watch_loop, args=(state, box, loop, stop, search), name="watch", daemon=True)
    watcher.start()
    print(f"Xem trước tại / Preview at http://{host}:{actual}/ — Ctrl-C để dừng / to stop.", file=sys.stderr, flush=True)
    if ready is not None:
        ready(Running(actual, loop))
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        if search is not None:
            search.cancel()
        server.stop()
        watcher.join(timeout=2)
        loop.close(all_fds=True)
    print("Đã dừng. / Stopped.", file=sys.stderr)
    return EXIT_OK
