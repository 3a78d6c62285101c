"""The built site: URL scheme, relative links that resolve, lists, drafts, media, assets,
base URLs, machine-readable outputs and reproducibility."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import Built, build_site, snapshot, write_site
from site_builder.pipeline import BuildOptions, build

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def campaign(title: str, start: str, end: str, **extra: str) -> str:
    lines = "".join(f"{k}: {v}\n" for k, v in extra.items())
    return f"---\ntitle: {title}\ntheme: Chủ đề {title}\nstart: {start}\nend: {end}\n{lines}---\nNội dung {title}. Gọi 111.\n"


def news(title: str, date: str, **extra: str) -> str:
    lines = "".join(f"{k}: {v}\n" for k, v in extra.items())
    return f"---\ntitle: {title}\ndate: {date}\n{lines}---\nBài {title}.\n\n[Về trang chủ](/) · [Đường dây nóng](/duong-day-nong/) · [Kế hoạch](/ke-hoach/2024-quan-12/)\n"


PLAN = """\
kind: plan
number: "43/KH-UBND"
title: Công tác bảo vệ, chăm sóc trẻ em năm 2024
issuer: Ủy ban nhân dân quận 12
year: 2024
targets:
  - text: tỷ lệ trẻ em được đăng ký khai sinh
    value: 100
    unit: "%"
deadlines:
  - date: 2024-05-10
    title: Báo cáo 6 tháng
"""

SITE = {
    "chien-dich/2022-tre-em.md": campaign("Tháng hành động 2022", "2022-06-01", "2022-06-30"),
    "chien-dich/2023-tre-em.md": campaign("Tháng hành động 2023", "2023-06-01", "2023-06-30"),
    "chien-dich/2024-tre-em.md": campaign("Tháng hành động vì trẻ em 2024", "2024-06-01", "2024-06-30", plans="[2024-quan-12]"),
    "chien-dich/2024-binh-dang-gioi.md": campaign("Tháng bình đẳng giới 2024", "2024-11-15", "2024-12-15"),
    "tin-tuc/tin-cu.md": news("Tin cũ nhất", "2023-03-01"),
    "tin-tuc/tin-moi.md": news("Tin mới nhất", "2024-06-05"),
    "tin-tuc/tin-giua.md": news("Tin ở giữa", "2024-01-15"),
    "tin-tuc/ban-nhap.md": news("Tin còn nháp", "2024-06-08", draft="true"),
    "gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nTrang giới thiệu. Xem [tin tức](/tin-tuc/) và ![logo](/media/tong-dai-111.svg).\n",
    "ke-hoach/2024-quan-12.yaml": PLAN,
    "media/tong-dai-111.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
}


@pytest.fixture
def site(site_dir: Path) -> Built:
    built = build_site(site_dir, SITE)
    assert built.result.ok, built.messages
    return built


# --- a small link crawler -------------------------------------------------------------------


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, dict[str, str | None]]] = []  # (tag, url, attrs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.links.append((tag, attributes[name] or "", attributes))

    handle_startendtag = handle_starttag


def links_of(html: str) -> list[tuple[str, str, dict[str, str | None]]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def broken_links(out: Path, base: str = "/", only: str | None = None) -> list[str]:
    """Every href/src of every HTML file (or of `only`) that does not lead to a file of the site.

    `base` is the site's base_url: links starting with it (only allowed in 404.html)
    are followed too.
    """
    problems = []
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    base_path = urlsplit(base).path
    for page in sorted(out.rglob("*.html")):
        here = page.relative_to(out).as_posix()
        if only is not None and here != only:
            continue
        for tag, url, attrs in links_of(page.read_text(encoding="utf-8")):
            if tag == "link" and attrs.get("rel") == "canonical":
                continue  # checked on its own: root-relative or absolute by design
            if base.startswith("https://") and url.startswith(base):
                url = base_path + url[len(base) :]
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                if parts.scheme not in ("http", "https", "tel", "mailto"):
                    problems.append(f"{here}: unexpected scheme {url}")
                continue
            if not parts.path:
                continue  # "#fragment" on the same page
            if parts.path.startswith("/"):
                if here != "404.html":
                    problems.append(f"{here}: root-relative link {url}")
                    continue
                if not parts.path.startswith(base_path):
                    problems.append(f"{here}: link outside base_url {url}")
                    continue
                target = parts.path[len(base_path) :] or "."
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(here), parts.path))
            if target == ".." or target.startswith("../"):
                problems.append(f"{here}: link leaves the site {url}")
                continue
            if target == ".":
                target = "index.html"
            elif parts.path.endswith("/"):
                target = target.rstrip("/") + "/index.html"
            if target not in files:
                problems.append(f"{here}: {url} → {target} does not exist")
    return problems


# --- URL scheme -------------------------------------------------------------------------------


def test_url_scheme(site: Built) -> None:
    for path in (
        "index.html",
        "chien-dich/index.html",
        "chien-dich/2024-tre-em/index.html",
        "chien-dich/2022-tre-em/index.html",
        "tin-tuc/index.html",
        "tin-tuc/tin-moi/index.html",
        "ke-hoach/index.html",
        "ke-hoach/2024-quan-12/index.html",
        "gioi-thieu/index.html",
        "duong-day-nong/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "feed.xml",
        "manifest.webmanifest",
        "media/tong-dai-111.svg",
    ):
        assert site.exists(path), path


def test_every_link_is_relative_and_resolves(site: Built) -> None:
    assert broken_links(site.out) == []


def test_links_resolve_under_a_sub_path_base_url(site_dir: Path) -> None:
    built = build_site(site_dir, SITE | {"site.yaml": 'title: Cổng\nbase_url: /cong-thong-tin/\nfeatured_hotlines: ["111"]\n'})
    assert built.result.ok, built.messages
    assert broken_links(built.out, "/cong-thong-tin/") == []
    assert 'href="/cong-thong-tin/"' in built.read("404.html")


def test_link_crawler_finds_a_broken_link(site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import site_builder.gate as gate

    monkeypatch.setattr(gate, "check_links", lambda *a, **k: None)  # `check` would stop this build; the crawler is tested here
    built = build_site(site_dir, {"tin-tuc/a.md": "---\ntitle: A\ndate: 2024-05-20\n---\n[mất](/khong-co/) và [ngoài](../../../../x/)\n"})
    problems = broken_links(built.out)
    assert any("/khong-co/" in p for p in problems) and any("leaves the site" in p for p in problems), problems


def test_pages_show_their_content(site: Built) -> None:
    page = site.read("chien-dich/2024-tre-em/index.html")
    assert "<h1>Tháng hành động vì trẻ em 2024</h1>" in page
    assert "01/06/2024" in page and "30/06/2024" in page
    assert 'href="../../ke-hoach/2024-quan-12/"' in page
    plan = site.read("ke-hoach/2024-quan-12/index.html")
    assert "Công tác bảo vệ, chăm sóc trẻ em năm 2024" in plan and "10/05/2024" in plan
    hotlines = site.read("duong-day-nong/index.html")
    for number in ("111", "113", "1900545559"):
        assert f'href="tel:{number}"' in hotlines


# --- lists and the home page -------------------------------------------------------------------


def order_of(text: str, *needles: str) -> list[int]:
    positions = [text.find(n) for n in needles]
    assert all(p >= 0 for p in positions), [n for n, p in zip(needles, positions) if p < 0]
    return positions


def test_campaigns_are_listed_by_year_newest_first(site: Built) -> None:
    listing = site.read("chien-dich/index.html")
    years = re.findall(r'<h2 id="nam-(\d{4})">', listing)
    assert years == ["2024", "2023", "2022"]
    section_2024 = listing[listing.index('id="nam-2024"') : listing.index('id="nam-2023"')]
    assert order_of(section_2024, "Tháng bình đẳng giới 2024", "Tháng hành động vì trẻ em 2024") == sorted(
        order_of(section_2024, "Tháng bình đẳng giới 2024", "Tháng hành động vì trẻ em 2024")
    )
    assert "Tháng hành động 2023" not in section_2024


def test_news_is_listed_newest_first(site: Built) -> None:
    listing = site.read("tin-tuc/index.html")
    positions = order_of(listing, "Tin mới nhất", "Tin ở giữa", "Tin cũ nhất")
    assert positions == sorted(positions)
    assert "05/06/2024" in listing


def lead_of(home: str) -> str:
    match = re.search(r'<h2 id="chien-dich-chinh"><a href="([^"]+)">([^<]+)</a></h2>', home)
    assert match, home
    return match.group(2)


@pytest.mark.parametrize(
    ("today", "lead", "state"),
    [
        (dt.date(2024, 6, 10), "Tháng hành động vì trẻ em 2024", "Đang diễn ra"),
        (dt.date(2024, 11, 20), "Tháng bình đẳng giới 2024", "Đang diễn ra"),
        (dt.date(2023, 6, 30), "Tháng hành động 2023", "Đang diễn ra"),
        (dt.date(2024, 8, 1), "Tháng bình đẳng giới 2024", "Sắp diễn ra"),
    ],
)
def test_home_leads_with_the_campaign_running_today(site_dir: Path, today: dt.date, lead: str, state: str) -> None:
    built = build_site(site_dir, SITE, today=today)
    home = built.read("index.html")
    assert lead_of(home) == lead
    assert state in home[: home.index('id="chien-dich-chinh"')]


def test_drafts_are_left_out(site: Built) -> None:
    assert not site.exists("tin-tuc/ban-nhap/index.html")
    for path in ("tin-tuc/index.html", "index.html", "feed.xml", "sitemap.xml"):
        text = site.read(path)
        assert "Tin còn nháp" not in text and "ban-nhap" not in text, path


def test_drafts_are_built_when_asked(site_dir: Path) -> None:
    built = build_site(site_dir, SITE, drafts=True)
    assert built.result.ok, built.messages
    page = built.read("tin-tuc/ban-nhap/index.html")
    assert "Tin còn nháp" in page and "Bản nháp" in page
    assert "Tin còn nháp" in built.read("tin-tuc/index.html")


# --- media and assets --------------------------------------------------------------------------


def test_media_are_copied_with_safe_names(site_dir: Path) -> None:
    photo = b"\xff\xd8\xff\xe0 not really a jpeg \x00\x01"
    files = {
        "media/Ảnh Tháng 6.JPG": photo,
        "media/Tài liệu/Kế hoạch số 43.pdf": b"%PDF-1.4 demo",
        "media/.DS_Store": b"junk",
        "tin-tuc/a.md": "---\ntitle: A\ndate: 2024-05-20\n---\n![Ảnh](/media/anh-thang-6.jpg)\n",
    }
    built = build_site(site_dir, files)
    assert built.result.ok, built.messages
    assert (built.out / "media/anh-thang-6.jpg").read_bytes() == photo
    assert (built.out / "media/tai-lieu/ke-hoach-so-43.pdf").read_bytes() == b"%PDF-1.4 demo"
    assert not list(built.out.rglob(".DS_Store"))
    assert 'src="../../media/anh-thang-6.jpg"' in built.read("tin-tuc/a/index.html")
    assert broken_links(built.out, only="tin-tuc/a/index.html") == []


def test_media_names_that_collide_are_an_error_naming_both(site_dir: Path) -> None:
    built = build_site(site_dir, {"media/Ảnh.png": b"1", "media/anh.png": b"2"})
    assert not built.result.ok
    message = built.messages
    assert "content/media/Ảnh.png" in message and "content/media/anh.png" in message and "media/anh.png" in message
    assert ": lỗi:" in message


def test_assets_are_fingerprinted(site: Built) -> None:
    assets = {p.name: p for p in (site.out / "assets").iterdir()}
    css = [name for name in assets if re.fullmatch(r"style\.[0-9a-f]{10}\.css", name)]
    js = [name for name in assets if re.fullmatch(r"site\.[0-9a-f]{10}\.js", name)]
    assert len(css) == 1 and len(js) == 1, sorted(assets)
    digest = hashlib.sha256(assets[css[0]].read_bytes()).hexdigest()[:10]
    assert css[0] == f"style.{digest}.css"
    assert "style.css" not in assets and "site.js" not in assets
    assert f'href="../../assets/{css[0]}"' in site.read("tin-tuc/tin-moi/index.html")
    assert f'href="./assets/{css[0]}"' in site.read("index.html") or f'href="assets/{css[0]}"' in site.read("index.html")


# --- base URLs and machine-readable outputs ---------------------------------------------------


def test_feed_is_atom_newest_first(site: Built) -> None:
    root = ET.fromstring((site.out / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles[:2] == ["Tháng bình đẳng giới 2024", "Tin mới nhất"]
    assert "Tin còn nháp" not in titles
    assert set(titles) == {
        "Tháng bình đẳng giới 2024",
        "Tin mới nhất",
        "Tháng hành động vì trẻ em 2024",
        "Tin ở giữa",
        "Tháng hành động 2023",
        "Tin cũ nhất",
        "Tháng hành động 2022",
    }
    for entry in root.findall(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")


def sitemap_locs(built: Built) -> list[str]:
    root = ET.fromstring((built.out / "sitemap.xml").read_bytes())
    assert root.tag == f"{SITEMAP}urlset"
    return [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]


def test_root_relative_urls_without_an_absolute_base_url(site: Built) -> None:
    locs = sitemap_locs(site)
    assert "/" in locs and "/tin-tuc/tin-moi/" in locs and "/ke-hoach/2024-quan-12/" in locs
    assert all(loc.startswith("/") for loc in locs)
    page = site.read("tin-tuc/tin-moi/index.html")
    assert '<link rel="canonical" href="/tin-tuc/tin-moi/">' in page
    feed = ET.fromstring((site.out / "feed.xml").read_bytes())
    assert {link.get("href") for link in feed.findall(f"{ATOM}entry/{ATOM}link")} >= {"/tin-tuc/tin-moi/"}
    assert "Sitemap:" not in site.read("robots.txt")
    assert any(d.code == "base-url-relative" and d.severity == "warning" for d in site.result.report.diagnostics)


def test_absolute_base_url_in_sitemap_feed_and_canonical(site_dir: Path) -> None:
    base = "https://tre-em.quan12.gov.vn/cong/"
    built = build_site(site_dir, SITE | {"site.yaml": f'title: Cổng\nbase_url: {base}\nfeatured_hotlines: ["111"]\n'})
    assert built.result.ok, built.messages
    locs = sitemap_locs(built)
    assert base in locs and f"{base}tin-tuc/tin-moi/" in locs
    assert all(loc.startswith(base) for loc in locs)
    assert f'<link rel="canonical" href="{base}tin-tuc/tin-moi/">' in built.read("tin-tuc/tin-moi/index.html")
    feed = ET.fromstring((built.out / "feed.xml").read_bytes())
    assert feed.findtext(f"{ATOM}id") == base
    hrefs = {link.get("href") for link in feed.iter(f"{ATOM}link")}
    assert f"{base}feed.xml" in hrefs and f"{base}tin-tuc/tin-moi/" in hrefs
    assert all(h.startswith(base) for h in hrefs)
    assert f"Sitemap: {base}sitemap.xml" in built.read("robots.txt")
    # pages still link to each other relatively; 404.html starts from base_url
    assert broken_links(built.out, base, only="tin-tuc/tin-moi/index.html") == []
    assert f'href="{base}"' in built.read("404.html")
    assert not any(d.code == "base-url-relative" for d in built.result.report.diagnostics)


def test_base_url_option_overrides_site_yaml(site_dir: Path) -> None:
    built = build_site(site_dir, SITE, base_url="https://example.gov.vn/")
    assert built.result.ok, built.messages
    assert "https://example.gov.vn/tin-tuc/tin-moi/" in sitemap_locs(built)


def test_robots_and_manifest(site: Built) -> None:
    robots = site.read("robots.txt")
    assert robots.startswith("User-agent: *\n")
    manifest = json.loads(site.read("manifest.webmanifest"))
    assert manifest["name"] == "Cổng thử nghiệm" and manifest["lang"] == "vi"
    for icon in manifest["icons"]:
        assert (site.out / icon["src"]).is_file()


def test_404_links_start_from_base_url(site: Built) -> None:
    page = site.read("404.html")
    hrefs = [url for tag, url, attrs in links_of(page) if tag == "a" and not url.startswith(("tel:", "http", "#"))]
    assert hrefs and all(h.startswith("/") for h in hrefs), hrefs


# --- reproducibility ---------------------------------------------------------------------------


def test_two_builds_are_byte_identical(site_dir: Path) -> None:
    first = write_site(site_dir / "a", SITE)
    second = site_dir / "b" / "content"
    shutil.copytree(first, second)
    options = dict(today=dt.date(2024, 6, 10), search=False, quiet=True)
    one = build(BuildOptions(content=first, out=site_dir / "out-1", **options))
    two = build(BuildOptions(content=second, out=site_dir / "elsewhere" / "out-2", **options))
    assert one.ok and two.ok
    a, b = snapshot(site_dir / "out-1"), snapshot(site_dir / "elsewhere" / "out-2")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    assert len(a) > 20


def test_parallel_rendering_gives_the_same_bytes(site_dir: Path) -> None:
    content = write_site(site_dir, SITE)
    options = dict(content=content, today=dt.date(2024, 6, 10), search=False, quiet=True)
    assert build(BuildOptions(out=site_dir / "serial", processes=1, **options)).ok
    assert build(BuildOptions(out=site_dir / "parallel", processes=3, **options)).ok
    assert snapshot(site_dir / "serial") == snapshot(site_dir / "parallel")


def test_today_changes_the_output_only_through_the_option(site_dir: Path) -> None:
    content = write_site(site_dir, SITE)
    options = dict(content=content, search=False, quiet=True)
    assert build(BuildOptions(out=site_dir / "a", today=dt.date(2024, 6, 10), **options)).ok
    assert build(BuildOptions(out=site_dir / "b", today=dt.date(2024, 11, 20), **options)).ok
    assert snapshot(site_dir / "a")["index.html"] != snapshot(site_dir / "b")["index.html"]
