"""The portal a frightened parent uses: hotline bar, quick exit, hotline cards, checks on
images and cards, updated dates, the home page's lead, page weight and privacy of requests."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.browser import build_demo
from tests.conftest import build_site, check_site

CAMPAIGN = """\
---
title: Tháng hành động vì trẻ em
theme: Hành động thiết thực vì trẻ em
start: 2024-06-01
end: 2024-06-30
summary: Cả tháng sáu, mỗi nhà làm một việc nhỏ.
hotlines: ["111"]
topics: [tre-em]
updated: 2024-06-05
---

Nội dung chiến dịch.

[[đường dây nóng 111]]

Đoạn sau.
"""
TOPICS = """\
- slug: tre-em
  name: Trẻ em
"""

PAGE_BUDGET = 30 * 1024


def test_every_page_carries_the_hotline_bar_and_quick_exit(site_dir):
    built = build_site(site_dir, {"site.yaml": "title: Cổng\nfeatured_hotlines: ['111', '113']\nquick_exit_url: https://vnexpress.net/\n", "chien-dich/a.md": CAMPAIGN})
    assert built.result.ok, built.messages
    for path in ("index.html", "chien-dich/a/index.html", "duong-day-nong/index.html", "404.html"):
        page = built.read(path)
        bar = page.split('<div class="safety-bar">', 1)[1].split("</div>", 1)[0]
        assert '<a class="hotline-button" href="tel:111">' in bar and 'href="tel:113"' in bar
        assert "Miễn phí" in bar and "24/7" in bar
        assert '<a class="quick-exit" href="https://vnexpress.net/" rel="noreferrer" data-quick-exit>Thoát nhanh' in bar
        assert '<html lang="vi">' in page
        assert page.count("<h1") == 1, path
        assert 'class="skip-link" href="#noi-dung"' in page and '<main id="noi-dung"' in page


def test_a_hotline_card_in_markdown_shows_the_registered_details(site_dir):
    built = build_site(site_dir, {"chien-dich/a.md": CAMPAIGN})
    assert built.result.ok, built.messages
    page = built.read("chien-dich/a/index.html")
    body = page.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    card = body.split('<aside class="hotline-card" aria-label="Đường dây nóng 111">', 1)[1].split("</aside>", 1)[0]
    assert 'href="tel:111"' in card and "Tổng đài điện thoại quốc gia bảo vệ trẻ em" in card
    assert "Miễn phí" in card and "24/7" in card and "Zalo: Tổng đài 111" in card
    assert "[[" not in page and "\ue001" not in page
    assert "<p>Đoạn sau.</p>" in body


def test_hotline_details_reach_cards_even_from_the_markdown_cache(site_dir):
    cache = site_dir / "cache"
    first = build_site(site_dir, {"chien-dich/a.md": CAMPAIGN}, cache_dir=cache)
    assert "Giờ nhận cuộc gọi: 24/7" in first.read("chien-dich/a/index.html")
    changed = (site_dir / "content" / "hotlines.yaml").read_text("utf-8").replace("hours: 24/7\n  channels", "hours: 7 giờ – 22 giờ\n  channels", 1)
    second = build_site(site_dir, {"chien-dich/a.md": CAMPAIGN, "hotlines.yaml": changed}, cache_dir=cache)
    page = second.read("chien-dich/a/index.html")
    assert "Giờ nhận cuộc gọi: 7 giờ – 22 giờ" in page.split('<div class="prose">', 1)[1]


def test_a_card_for_an_unregistered_number_is_a_located_error(site_dir):
    report = check_site(site_dir, {"tin-tuc/a.md": "---\ntitle: Tin\ndate: 2024-06-01\n---\n\nĐoạn.\n\n  [[duong day nong 999]]\n\n```\n[[đường dây nóng 888]]\n```\n"})
    text = report.format_text()
    assert report.has_errors
    assert "content/tin-tuc/a.md:8:3:" in text and "999" in text and "hotlines.yaml" in text
    assert "888" not in text, "a card inside a code block is only an example"


def test_images_without_alt_text_are_located_errors(site_dir):
    body = "---\ntitle: Trang\n---\n\nẢnh tốt ![Tổng đài 111](media/a.svg)\n\nẢnh thiếu ![](media/a.svg) đây.\n\n<img src=\"media/a.svg\">\n\n`![](ví dụ)`\n"
    report = check_site(site_dir, {"trang.md": body})
    errors = [d for d in report.diagnostics if d.code == "image-alt"]
    assert [(d.location.line, d.location.column) for d in errors] == [(7, 11), (9, 1)]
    assert "![Mô tả ảnh]" in errors[0].vi


def test_updated_date_is_shown(site_dir):
    built = build_site(site_dir, {"chien-dich/a.md": CAMPAIGN})
    assert 'Cập nhật <time datetime="2024-06-05">05/06/2024</time>' in built.read("chien-dich/a/index.html")
    report = check_site(site_dir, {"trang.md": "---\ntitle: T\nupdated: hôm qua\n---\n"})
    assert any(d.location.line == 3 for d in report.diagnostics if d.severity == "error")


def test_home_leads_with_the_running_campaign_and_whom_to_call(site_dir):
    later = CAMPAIGN.replace("2024-06-01", "2024-11-15").replace("2024-06-30", "2024-12-15").replace("Tháng hành động vì trẻ em", "Tháng bình đẳng giới")
    built = build_site(site_dir, {"chien-dich/a.md": CAMPAIGN, "chien-dich/b.md": later, "topics.yaml": TOPICS}, today=dt.date(2024, 6, 10))
    home = built.read("index.html")
    lead = home.split('<section class="lead-campaign"', 1)[1].split("</section>", 1)[0]
    assert "Đang diễn ra" in lead and "Tháng hành động vì trẻ em" in lead and "Hành động thiết thực vì trẻ em" in lead
    assert "01/06/2024" in lead and "30/06/2024" in lead and 'href="tel:111"' in lead
    assert home.index("lead-campaign") < home.index('id="chu-de"')
    assert '<a href="./chu-de/tre-em/">Trẻ em</a>' in home
    upcoming = build_site(site_dir / "khong-chu-de", {"chien-dich/a.md": CAMPAIGN, "chien-dich/b.md": later}, today=dt.date(2024, 8, 1)).read("index.html")
    assert "Sắp diễn ra" in upcoming and "Tháng bình đẳng giới" in upcoming.split('<section class="lead-campaign"', 1)[1].split("</section>", 1)[0]
    assert "chu-de/" not in upcoming, "no topics.yaml: no topic links"


# --- the demo site: weight and privacy -----------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "public")


class _Resources(HTMLParser):
    """Addresses a browser would fetch by itself (not the links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") not in ("canonical", "alternate"):
            self.urls.append(a.get("href") or "")
        for name in ("src", "poster", "data"):
            if a.get(name):
                self.urls.append(a[name])
        for name in ("srcset", "imagesrcset"):
            if a.get(name):
                self.urls.extend(part.strip().split(" ")[0] for part in a[name].split(","))
        if a.get("style"):
            self.urls.extend(_CSS_URL.findall(a["style"]))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.urls.append(a.get("content", ""))


_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//|^(?:https?|ftp|wss?):", re.IGNORECASE)


def test_no_page_or_stylesheet_loads_anything_from_outside_the_site(demo):
    found: dict[str, list[str]] = {}
    for path in sorted(demo.rglob("*")):
        if path.suffix == ".html":
            parser = _Resources()
            parser.feed(path.read_text("utf-8"))
            urls = parser.urls
            urls += _CSS_URL.findall(" ".join(re.findall(r"<style[^>]*>(.*?)</style>", path.read_text("utf-8"), re.DOTALL)))
        elif path.suffix == ".css":
            urls = _CSS_URL.findall(path.read_text("utf-8")) + re.findall(r"""@import\s+['"]([^'"]+)""", path.read_text("utf-8"))
        elif path.suffix == ".webmanifest":
            urls = [icon["src"] for icon in json.loads(path.read_text("utf-8"))["icons"]]
        else:
            continue
        outside = [u for u in urls if _EXTERNAL.match(u.strip())]
        if outside:
            found[path.relative_to(demo).as_posix()] = outside
    assert not found, found
    assert "@font-face" not in "".join(p.read_text("utf-8") for p in demo.rglob("*.css"))


def test_an_article_page_weighs_at_most_30_kb(demo):
    page = demo / "chien-dich" / "2026-thang-hanh-dong-vi-binh-dang-gioi" / "index.html"
    html = page.read_text("utf-8")
    parser = _Resources()
    parser.feed(html)
    local = [u for u in parser.urls if u.endswith((".css", ".js"))]
    assert any(u.endswith(".css") for u in local) and any(u.endswith(".js") for u in local)
    sizes = {"HTML": page.stat().st_size} | {Path(u).name: (page.parent / u).resolve().stat().st_size for u in local}
    total = sum(sizes.values())
    print(f"\narticle page weight: {total} bytes ({total / 1024:.1f} KB): " + ", ".join(f"{k} {v}" for k, v in sizes.items()))
    assert total <= PAGE_BUDGET, f"{total} bytes > {PAGE_BUDGET}: {sizes}"


def test_manifest_and_favicon_are_valid_and_referenced(demo):
    manifest = json.loads((demo / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["name"] and manifest["start_url"] and manifest["lang"] == "vi"
    for icon in manifest["icons"]:
        assert (demo / icon["src"]).is_file()
    for path in (demo / "index.html", demo / "ke-hoach" / "2024-quan-12" / "index.html"):
        html = path.read_text("utf-8")
        root = "./" if path.parent == demo else "../../"
        assert f'<link rel="manifest" href="{root}manifest.webmanifest">' in html
        icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
        assert (path.parent / icon).resolve().is_file()
        assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
        assert '<meta property="og:title"' in html and '<meta property="og:description"' in html


def test_every_demo_page_has_one_h1_and_tables_have_headers(demo):
    for path in demo.rglob("*.html"):
        html = path.read_text("utf-8")
        assert html.count("<h1") == 1, path
        for table in re.findall(r"<table.*?</table>", html, re.DOTALL):
            assert "<th" in table, path
