"""Search in a real browser (Debian's Chromium through Playwright) on the built demo site.

Each query is typed with and without diacritics (and with đ typed as d): both must find
the same pages, the expected page among them, and excerpts must read as clean Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import threading
import urllib.parse
from pathlib import Path

import pytest

from conftest import PROJECT
from site_builder.pipeline import BuildOptions, build

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
SUBPATH = "cong/"  # the site is served under a sub-path, as hosting staff may do

QUERIES = [
    ("đường dây nóng", "duong day nong", "duong-day-nong/"),
    ("Điều", "dieu", "ke-hoach/2024-quan-12/"),
    ("đuối nước", "duoi nuoc", "tin-tuc/2024-05-phong-chong-duoi-nuoc-mua-he/"),
    ("bảo vệ trẻ em", "bao ve tre em", "ke-hoach/2023-cam-pha/"),
    ("bình đẳng giới", "binh dang gioi", "chien-dich/2024-thang-hanh-dong-vi-binh-dang-gioi/"),
    ("đăng ký khai sinh", "dang ky khai sinh", "tin-tuc/2023-03-dang-ky-khai-sinh-cho-tre/"),
    ("xâm hại", "xam hai", "tin-tuc/2023-06-dau-hieu-tre-bi-xam-hai/"),
    ("dấu hiệu", "dau hieu", "tin-tuc/2023-06-dau-hieu-tre-bi-xam-hai/"),
    ("tiếng dân tộc", "tieng dan toc", "tin-tuc/2022-07-zalo-111-va-tieng-dan-toc/"),
    ("an toàn trên mạng", "an toan tren mang", "tin-tuc/2024-09-an-toan-cho-con-tren-mang/"),
    ("Cẩm Phả", "cam pha", "ke-hoach/2023-cam-pha/"),
    ("trao quà thiếu nhi", "trao qua thieu nhi", "tin-tuc/2024-06-trao-qua-thieu-nhi/"),
    ("tháng hành động vì trẻ em", "thang hanh dong vi tre em", "chien-dich/2024-thang-hanh-dong-vi-tre-em/"),
    ("điện thoại", "dien thoai", "tin-tuc/2024-09-an-toan-cho-con-tren-mang/"),
    ("khả năng tiếp cận", "kha nang tiep can", "tuyen-bo-tiep-can/"),
    ("đuối nước mùa hè", "duoi nuoc mua he", "tin-tuc/2024-05-phong-chong-duoi-nuoc-mua-he/"),
    ("1900 545 559", "1900545559", "duong-day-nong/"),
    ("1800 1769", "18001769", "duong-day-nong/"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """The demo content built once with its index, served from 127.0.0.1 under a sub-path."""
    root = tmp_path_factory.mktemp("served")
    result = build(BuildOptions(content=PROJECT / "content", out=root / SUBPATH.rstrip("/"), today=dt.date(2024, 6, 15), quiet=True, cache_dir=root / "cache"))
    assert result.ok, result.report.format_text()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{SUBPATH}"
    httpd.shutdown()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("request", lambda request: outside.append(request.url) if not request.url.startswith("http://127.0.0.1:") else None)
    yield tab
    context.close()
    assert not errors, errors
    assert not outside, f"requests left the site: {outside}"


def wait_for_results(tab) -> str:
    tab.wait_for_function("() => { const s = document.getElementById('trang-thai').textContent; return s && !s.startsWith('Đang'); }")
    return tab.inner_text("#trang-thai")


def all_results(tab) -> list[dict]:
    """Every result on the page, after pressing "Xem thêm kết quả" as often as it shows."""
    while tab.is_visible("#xem-them"):
        before = tab.locator("#ket-qua > li").count()
        tab.click("#xem-them")
        tab.wait_for_function(f"() => document.querySelectorAll('#ket-qua > li').length > {before}")
    return tab.eval_on_selector_all(
        "#ket-qua > li",
        """items => items.map(li => ({
            href: li.querySelector('h2 a').href,
            title: li.querySelector('h2 a').textContent,
            meta: li.querySelector('.meta').textContent,
            excerpt: li.querySelector('.search-excerpt').textContent,
            marks: li.querySelectorAll('.search-excerpt mark').length,
        }))""",
    )


def search(tab, server: str, query: str) -> list[dict]:
    tab.goto(server + "tim-kiem/?q=" + urllib.parse.quote_plus(query))
    wait_for_results(tab)
    return all_results(tab)


@pytest.mark.parametrize(("accented", "plain", "expected"), QUERIES, ids=[q[1] for q in QUERIES])
def test_query_finds_the_same_pages_with_and_without_diacritics(page, server, accented, plain, expected):
    with_marks = search(page, server, accented)
    without = search(page, server, plain)
    assert server + expected in {r["href"] for r in with_marks}
    assert {r["href"] for r in with_marks} == {r["href"] for r in without}
    for result in with_marks + without:
        assert "\u0335" not in result["title"] + result["excerpt"], "folding must not show"
        assert result["meta"].split(" · ")[0] in {"Chiến dịch", "Tin tức", "Kế hoạch", "Trang", "Cơ quan", "Văn bản"}
    assert any(r["marks"] for r in without), "the excerpt highlights what was found"
    if "đ" in accented.lower():
        hit = next(r for r in without if r["href"] == server + expected)
        assert "đ" in (hit["title"] + hit["excerpt"]).lower(), "đ comes back in what is shown"


def test_results_show_type_date_and_excerpt(page, server):
    results = search(page, server, "duoi nuoc")
    news = next(r for r in results if r["href"].endswith("tin-tuc/2024-05-phong-chong-duoi-nuoc-mua-he/"))
    assert news["meta"] == "Tin tức · 27/05/2024"
    assert news["title"] == "Mùa hè an toàn: năm việc cha mẹ làm ngay để con không bị đuối nước"
    assert "đuối nước" in news["excerpt"]
    plan = next(r for r in search(page, server, "dakrong") if "2022-dakrong" in r["href"])
    assert plan["meta"] == "Kế hoạch · năm 2022"


def test_no_results_points_to_the_hotlines(page, server):
    assert search(page, server, "qwxzvk jjkkq") == []
    assert "Không tìm thấy trang nào" in page.inner_text("#trang-thai")
    help_box = page.locator("#khong-co-ket-qua")
    assert help_box.is_visible()
    assert help_box.locator('a[href="tel:111"]').count() == 1
    assert help_box.locator("a", has_text="tất cả đường dây nóng").get_attribute("href") == "../duong-day-nong/"


def test_filters_by_type_year_and_topic(page, server):
    everything = search(page, server, "tre em")
    page.select_option("#loc-loai", "Tin tức")
    page.wait_for_function("() => new URLSearchParams(location.search).get('loai') === 'Tin tức'")
    wait_for_results(page)
    news = all_results(page)
    assert news and len(news) < len(everything)
    assert all(r["meta"].startswith("Tin tức · ") for r in news)

    page.goto(server + "tim-kiem/?q=tre+em&nam=2023")
    wait_for_results(page)
    assert page.input_value("#loc-nam") == "2023"
    in_2023 = all_results(page)
    assert in_2023 and all(r["meta"].endswith("2023") for r in in_2023)

    page.goto(server + "tim-kiem/?q=tre+em")
    wait_for_results(page)
    page.select_option("#loc-chu-de", "Phòng, chống tai nạn thương tích")
    page.wait_for_function("() => new URLSearchParams(location.search).has('chu-de')")
    wait_for_results(page)
    hrefs = {r["href"] for r in all_results(page)}
    assert server + "tin-tuc/2024-05-phong-chong-duoi-nuoc-mua-he/" in hrefs
    assert server + "tin-tuc/2023-03-dang-ky-khai-sinh-cho-tre/" not in hrefs


def test_header_form_on_another_page_lands_on_results(page, server):
    page.goto(server + "tin-tuc/2024-06-trao-qua-thieu-nhi/")
    page.fill("#o-tim-kiem", "duoi nuoc")
    page.press("#o-tim-kiem", "Enter")
    page.wait_for_url("**/tim-kiem/?q=duoi+nuoc")
    wait_for_results(page)
    assert page.input_value("#tu-khoa") == "duoi nuoc"
    assert server + "tin-tuc/2024-05-phong-chong-duoi-nuoc-mua-he/" in {r["href"] for r in all_results(page)}


def test_typing_on_the_search_page_searches_again(page, server):
    search(page, server, "dakrong")
    page.fill("#tu-khoa", "duong day nong")
    page.press("#tu-khoa", "Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'duong day nong'")
    wait_for_results(page)
    assert server + "duong-day-nong/" in {r["href"] for r in all_results(page)}
