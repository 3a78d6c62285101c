"""Every page kind of the demo site, in Chromium at phone and desktop width: zero axe-core violations.

axe-core comes from npm (package.json / package-lock.json; `npm ci` in .ci/run) and is
injected into each page from node_modules, so nothing is fetched while testing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, PROJECT, build_demo, serve

playwright = pytest.importorskip("playwright.sync_api")

AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"

PAGE_KINDS = {
    "home": "",
    "campaign": "chien-dich/2026-thang-hanh-dong-vi-binh-dang-gioi/",
    "campaign index": "chien-dich/",
    "news": "tin-tuc/2024-09-an-toan-cho-con-tren-mang/",
    "news index": "tin-tuc/",
    "page": "tuyen-bo-tiep-can/",
    "plan": "ke-hoach/2024-quan-12/",
    "plan index": "ke-hoach/",
    "hotlines": "duong-day-nong/",
    "404": "404.html",
    "search": "tim-kiem/",
}
WIDTHS = (360, 1280)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    site = build_demo(tmp_path_factory.mktemp("demo") / "public")
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_axe_core_is_installed():
    assert AXE.is_file(), "axe-core is missing: run `npm ci` in the project folder"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_kind_has_no_axe_violations(browser, demo_url, width):
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `npm ci` in the project folder")
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    found = {}
    for kind, path in PAGE_KINDS.items():
        response = page.goto(demo_url + path)
        assert response is not None and response.ok, f"{kind}: /{path} did not load"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            """async () => {
                const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
            }"""
        )
        if result:
            found[f"{kind} (/{path})"] = result
    context.close()
    assert not found, f"axe-core violations at {width} px:\n" + json.dumps(found, ensure_ascii=False, indent=1)


def test_a_page_makes_no_request_outside_the_site(browser, demo_url):
    """Every request of a campaign page (styles, script, icon, manifest) stays on 127.0.0.1."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    requests: list[str] = []

    def note(route):
        requests.append(route.request.url)
        if route.request.url.startswith(demo_url):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", note)
    page.goto(demo_url + PAGE_KINDS["campaign"], wait_until="networkidle")
    context.close()
    outside = [u for u in requests if not u.startswith(demo_url)]
    assert requests and not outside, outside


def _exit_page(browser, demo_url, *, javascript: bool = True):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    # The neutral site is stood in for by a local page, so the test never leaves the machine.
    context.route("https://www.google.com.vn/**", lambda route: route.fulfill(status=200, body="<title>neutral</title>", content_type="text/html"))
    page.goto(demo_url)
    page.goto(demo_url + PAGE_KINDS["campaign"])
    return context, page


def test_quick_exit_replaces_the_history_entry(browser, demo_url):
    context, page = _exit_page(browser, demo_url)
    page.click("[data-quick-exit]")
    page.wait_for_url("https://www.google.com.vn/**")
    page.go_back()
    # Back leads to the page before the one that was left, not to it.
    assert page.url == demo_url
    context.close()


@pytest.mark.parametrize(("key", "times"), [("Shift", 3), ("Escape", 2)])
def test_quick_exit_answers_its_shortcut(browser, demo_url, key, times):
    context, page = _exit_page(browser, demo_url)
    page.keyboard.press(key)
    assert page.url.startswith(demo_url), "one press must not leave"
    for _ in range(times - 1):
        page.keyboard.press(key)
    page.wait_for_url("https://www.google.com.vn/**")
    context.close()


def test_quick_exit_works_as_a_plain_link_without_javascript(browser, demo_url):
    context, page = _exit_page(browser, demo_url, javascript=False)
    assert "Tháng hành động" in page.inner_text("main"), "the page must read fully without JavaScript"
    page.click("[data-quick-exit]")
    page.wait_for_url("https://www.google.com.vn/**")
    context.close()


def test_hotline_buttons_are_large_enough_to_tap(browser, demo_url):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(demo_url)
    boxes = [link.bounding_box() for link in page.query_selector_all(".hotline-button, .quick-exit")]
    bar = page.query_selector(".safety-bar").bounding_box()
    context.close()
    assert len(boxes) == 3
    assert all(b["width"] >= 44 and b["height"] >= 44 for b in boxes), boxes
    assert bar["height"] <= 800 * 0.15, f"the safety bar takes {bar['height']} px of the first screen"


def test_printed_pages_drop_navigation_and_show_link_addresses_and_date(browser, demo_url):
    page = browser.new_page(viewport={"width": 800, "height": 1000})
    page.goto(demo_url + "tin-tuc/")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    hidden = page.evaluate("['.safety-bar', '.main-nav', '.search-form'].map(s => getComputedStyle(document.querySelector(s)).display)")
    after = page.evaluate("getComputedStyle(document.querySelector('main .doc-item a'), '::after').content")
    footer = page.inner_text("footer")
    page.close()
    assert hidden == ["none", "none", "none"]
    assert after == f'" ({demo_url}tin-tuc/2024-09-an-toan-cho-con-tren-mang/)"'
    assert re.search(r"in ngày \d\d/\d\d/\d{4}", footer), footer
