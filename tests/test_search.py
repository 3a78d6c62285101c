"""The search index: what the indexer reads, what the build writes, how it fails."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from conftest import TODAY, Built, build_site, snapshot, write_site
from site_builder import search
from site_builder.pipeline import BuildOptions, build
from site_builder.model import Hotline
from site_builder.search_bundle import SIGNATURE, _decode, _encode

NEWS = """\
---
title: Đường dây nóng cho trẻ em
date: 2024-05-20
topics: [tre-em]
---
Gọi **1900 545 559** hoặc 111. Điều 25 của Luật Trẻ em.
"""

def build_indexed(root: Path, files: dict[str, str]) -> Built:
    """`build_site` with the search index (conftest's helper builds without it, for speed)."""
    content = write_site(root, files)
    out = root / "public"
    return Built(build(BuildOptions(content=content, out=out, today=TODAY, quiet=True)), out, content)


TOPICS = """\
- slug: tre-em
  name: Trẻ em
- slug: binh-dang-gioi
  name: Bình đẳng giới
"""


def test_fold_changes_only_text_and_keeps_letters_one_for_one():
    html = '<p data-pagefind-filter="chu-de:Bình đẳng giới" title="Đi">Đường đi <b>đến</b> Điều</p>'
    folded = search.fold_for_index(html)
    assert folded == (
        '<p data-pagefind-filter="chu-de:Bình đẳng giới" title="Đi">'
        "D\u0335ường d\u0335i <b>d\u0335ến</b> D\u0335iều</p>"
    )
    assert folded.replace("d\u0335", "đ").replace("D\u0335", "Đ") == html


@pytest.mark.parametrize(
    ("written", "grouped"),
    [("1900545559", "1900.545.559"), ("1900 545 559", "1900.545.559"), ("1900.545.559", "1900.545.559"), ("18001769", "1800.1769"), ("0912345678", "0912.345.678")],
)
def test_long_numbers_are_indexed_in_dotted_groups(written, grouped):
    pattern = search.long_numbers_of(Hotline(n, "x") for n in ["111", "1900545559", "18001769", "0912345678"])
    html = f'<p id="hl-{written}"><a href="tel:{written}">Gọi {written} ngay</a></p>'
    assert search.fold_for_index(html, pattern) == f'<p id="hl-{written}"><a href="tel:{written}">Gọi {grouped} ngay</a></p>'


def test_only_pages_that_ask_are_copied_and_only_their_main():
    page = '<!doctype html><html lang="vi"><head><title>t</title></head><body><nav>Đường dây nóng</nav><main id="x" data-pagefind-body><h1>Đi</h1></main><footer>f</footer></body></html>'
    copy = search.prepare_for_index(page)
    assert copy == '<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body><main id="x" data-pagefind-body><h1>D\u0335i</h1></main></body></html>'
    assert search.prepare_for_index(page.replace(" data-pagefind-body", "")) is None


def test_build_indexes_content_pages_and_leaves_published_pages_clean(site_dir: Path):
    built = build_indexed(
        site_dir,
        {"topics.yaml": TOPICS, "tin-tuc/duong-day.md": NEWS, "gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nTrang giới thiệu.\n"},
    )
    assert built.result.ok, built.messages
    entry = json.loads(built.read("pagefind/pagefind-entry.json"))
    # the news page, the standalone page, the hotlines page and the page of the law the news
    # cites; not home, lists, 404 or search
    assert entry["languages"]["vi"]["page_count"] == 4
    news = built.read("tin-tuc/duong-day/index.html")
    assert '<main id="noi-dung" tabindex="-1" data-pagefind-body>' in news
    assert 'data-pagefind-filter="loai:Tin tức"' in news and 'data-pagefind-filter="nam:2024"' in news
    assert 'data-pagefind-filter="chu-de:Trẻ em"' in news and "Bình đẳng giới" not in news
    assert 'data-pagefind-meta="ngay:20/05/2024"' in news
    for page in ("index.html", "404.html", "tim-kiem/index.html", "tin-tuc/index.html"):
        assert "data-pagefind-body" not in built.read(page), page
    published = "".join(p.read_text("utf-8") for p in built.out.rglob("*.html"))
    assert "\u0335" not in published and "1900.545.559" not in published
    fragments = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in (built.out / "pagefind/fragment").iterdir()]
    assert any("D\u0335iều 25" in f and "1900.545.559" in f for f in fragments)
    assert not list(site_dir.glob(".public.staging-*")), "the indexer copies are removed"
    assert not list(Path("/dev/shm").glob(f"{search.COPIES_PREFIX}{os.getpid()}-*")), "also from memory"


def test_no_search_writes_no_index(site_dir: Path):
    built = build_site(site_dir, {"tin-tuc/duong-day.md": NEWS})
    assert built.result.ok and not built.exists("pagefind")
    assert built.exists("tim-kiem/index.html")


def test_index_is_byte_identical_between_builds(site_dir: Path):
    files = {"topics.yaml": TOPICS, "tin-tuc/a.md": NEWS, "tin-tuc/b.md": NEWS.replace("2024-05-20", "2023-01-02").replace("[tre-em]", "[binh-dang-gioi]")}
    files["chien-dich/c.md"] = "---\ntitle: Chiến dịch\ntheme: Chủ đề\nstart: 2022-06-01\nend: 2022-06-30\ntopics: [tre-em, binh-dang-gioi]\n---\nNội dung.\n"
    first = build_indexed(site_dir / "one", files)
    second = build_indexed(site_dir / "two", files)
    assert first.result.ok and second.result.ok
    assert snapshot(first.out) == snapshot(second.out)


def test_bundle_codec_reads_back_what_pagefind_wrote(site_dir: Path):
    built = build_indexed(site_dir, {"topics.yaml": TOPICS, "tin-tuc/duong-day.md": NEWS})
    for path in [*(built.out / "pagefind").rglob("*.pf_meta"), *(built.out / "pagefind").rglob("*.pf_filter")]:
        raw = gzip.decompress(path.read_bytes())
        value, end = _decode(raw[len(SIGNATURE) :], 0)
        assert end == len(raw) - len(SIGNATURE) and _encode(value) == raw, path


def test_a_failing_indexer_is_a_located_error_and_the_old_site_stays(site_dir: Path, monkeypatch: pytest.MonkeyPatch):
    first = build_indexed(site_dir, {"tin-tuc/duong-day.md": NEWS})
    assert first.result.ok
    before = snapshot(first.out)
    monkeypatch.setattr(search, "pagefind_executable", lambda: Path("/bin/false"))
    again = build_indexed(site_dir, {"tin-tuc/moi.md": NEWS})
    assert not again.result.ok
    assert "public/pagefind:1:1: lỗi: Không lập được chỉ mục tìm kiếm" in again.messages
    assert "Could not build the search index" in again.messages
    assert snapshot(first.out) == before
    assert not list(site_dir.glob(".public.*")), "no staging or copies left behind"


def test_a_missing_indexer_says_how_to_fix_it(site_dir: Path, monkeypatch: pytest.MonkeyPatch):
    def missing() -> Path:
        raise FileNotFoundError("pagefind")

    monkeypatch.setattr(search, "pagefind_executable", missing)
    built = build_indexed(site_dir, {"tin-tuc/duong-day.md": NEWS})
    assert not built.result.ok
    assert "pip install 'pagefind[bin]'" in built.messages and "--no-search" in built.messages
