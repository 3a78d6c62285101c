"""The hosting policy: the built site satisfies its Content-Security-Policy in a real browser.

The demo is built and served from 127.0.0.1 with exactly the headers of
site_builder/hosting.py (the ones docs/hosting.md tells hosting staff to set);
Chromium opens one page of every kind and the test fails on any CSP violation.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from conftest import PROJECT, build_site
from site_builder.hosting import CONTENT_SECURITY_POLICY, IMMUTABLE, SECURITY_HEADERS
from site_builder.pipeline import BuildOptions, build

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]

LISTEN_FOR_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


def test_the_docs_give_the_policy_of_the_code() -> None:
    docs = (PROJECT / "docs" / "hosting.md").read_text(encoding="utf-8")
    # The policy section, nginx, Apache, _headers and GitLab each carry it verbatim.
    assert docs.count(CONTENT_SECURITY_POLICY) >= 5
    for name, value in SECURITY_HEADERS:
        assert f"{name}: {value}" in docs
    assert IMMUTABLE in docs
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "'unsafe-eval'" not in CONTENT_SECURITY_POLICY.replace("'wasm-unsafe-eval'", "")


def test_a_headers_file_is_written_only_when_asked(site_dir: Path) -> None:
    built = build_site(site_dir, {})
    assert built.result.ok, built.messages
    assert not built.exists("_headers")
    site = "title: Cổng\nbase_url: https://ubnd.quan12.gov.vn/tre-em/\nhosting_headers: true\n"
    built = build_site(site_dir, {"site.yaml": site})
    assert built.result.ok, built.messages
    headers = built.read("_headers")
    assert f"/tre-em/*\n  Content-Security-Policy: {CONTENT_SECURITY_POLICY}\n" in headers
    fingerprinted = sorted(p.relative_to(built.out).as_posix() for p in (built.out / "assets").iterdir() if p.suffix in (".css", ".js"))
    assert fingerprinted
    for path in fingerprinted:
        assert f"/tre-em/{path}\n  Cache-Control: {IMMUTABLE}\n" in headers
    assert "favicon" not in headers  # not fingerprinted: revalidated like everything else


def pages_of_every_kind(out: Path) -> list[str]:
    """The home page, each top-level page, each section index, and its first two levels of pages."""
    chosen = ["", "404.html"]
    for top in sorted(p for p in out.iterdir() if p.is_dir() and (p / "index.html").exists()):
        chosen.append(f"{top.name}/")
        children = sorted(c for c in top.iterdir() if c.is_dir() and (c / "index.html").exists())
        for child in children[:1]:
            chosen.append(f"{top.name}/{child.name}/")
            chosen += [f"{top.name}/{child.name}/{g.name}/" for g in sorted(child.iterdir()) if g.is_dir() and (g / "index.html").exists()][:1]
    return chosen


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """The demo, built once and served with the hosting headers."""
    root = tmp_path_factory.mktemp("csp")
    content = root / "content"
    # gioi-thieu.md links to sections other branches add; `check` rightly stops it until they are in.
    shutil.copytree(PROJECT / "content", content, ignore=shutil.ignore_patterns("gioi-thieu.md"))
    out = root / "public"
    result = build(BuildOptions(content=content, out=out, today=dt.date(2024, 6, 15), quiet=True, cache_dir=root / "cache"))
    assert result.ok, result.report.format_text()
    (out / "kiem-tra-csp.html").write_text(
        '<!doctype html><html><head><style>p{color:red}</style></head><body><p style="color:blue">x</p>'
        "<script>document.title = 'inline'</script></body></html>",
        encoding="utf-8",
    )

    class WithHeaders(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            for name, value in SECURITY_HEADERS:
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, *args) -> None:
            pass

    WithHeaders.extensions_map = {**WithHeaders.extensions_map, ".wasm": "application/wasm", ".webmanifest": "application/manifest+json"}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(WithHeaders, directory=str(out)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", out
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


def violations_on(browser, url: str) -> list[str]:
    context = browser.new_context(service_workers="block")
    context.add_init_script(LISTEN_FOR_VIOLATIONS)
    tab = context.new_page()
    console: list[str] = []
    tab.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    tab.on("pageerror", lambda e: console.append(f"script error: {e}"))
    try:
        # The search page fetches its index and WebAssembly after load: wait for the network.
        tab.goto(url, wait_until="networkidle" if "?q=" in url else "load")
        tab.wait_for_timeout(100)  # events are dispatched asynchronously
        return list(tab.evaluate("window.__violations")) + console
    finally:
        context.close()


def test_the_detector_sees_inline_script_and_style(served, browser) -> None:
    base, _ = served
    found = violations_on(browser, base + "kiem-tra-csp.html")
    text = "\n".join(found)
    assert "script-src" in text and "style-src" in text, found


def test_every_kind_of_page_satisfies_the_policy(served, browser) -> None:
    base, out = served
    paths = pages_of_every_kind(out)
    assert {"", "chien-dich/", "tin-tuc/", "ke-hoach/", "duong-day-nong/", "tim-kiem/"} <= set(paths)
    paths.append("tim-kiem/?q=tre+em")  # the search runs with a query (Pagefind's WebAssembly)
    problems = {path: found for path in paths if (found := violations_on(browser, base + path))}
    assert problems == {}
