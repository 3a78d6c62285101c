"""Markdown → safe HTML, slugs, hotline `tel:` links, Vietnamese numbers and dates.

The sanitiser is tested through a real build: the payload goes in a page, the
built page's HTML comes out.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import build_site
from site_builder.markup import (
    MarkdownConverters,
    format_date,
    format_number,
    hotline_pattern,
    link_hotlines_in_text,
    normalise_text,
    render_markdown,
    slugify,
)

HOTLINES = hotline_pattern(["111", "113", "1900545559"])


def md(source: str, hotlines=HOTLINES) -> str:
    return render_markdown(source, MarkdownConverters(), hotlines).html


# --- slugs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Phòng Lao động – Thương binh và Xã hội", "phong-lao-dong-thuong-binh-va-xa-hoi"),
        ("Đường dây nóng", "duong-day-nong"),
        ("ĐẮK LẮK", "dak-lak"),
        ("Tháng hành động vì trẻ em năm 2024", "thang-hanh-dong-vi-tre-em-nam-2024"),
        ("56/2017/NĐ-CP", "56-2017-nd-cp"),
        ("  --Bảo vệ__trẻ em!!  ", "bao-ve-tre-em"),
        ("Ủy ban nhân dân", "uy-ban-nhan-dan"),
        ("Ảnh Tháng 6", "anh-thang-6"),
        ("Crème brûlée ñandú", "creme-brulee-nandu"),
        ("Dấu kết hợp rời: a\u0301", "dau-ket-hop-roi-a"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slugify_is_the_same_for_nfc_and_nfd() -> None:
    import unicodedata

    text = "Phòng chống xâm hại trẻ em"
    assert slugify(unicodedata.normalize("NFD", text)) == slugify(text) == "phong-chong-xam-hai-tre-em"


def test_normalise_text_gives_nfc_without_bom_or_crlf() -> None:
    import unicodedata

    assert normalise_text("\ufeff" + unicodedata.normalize("NFD", "Trẻ em\r\nđi học")) == "Trẻ em\nđi học"


# --- Markdown -------------------------------------------------------------------------


def test_heading_ids_keep_d_for_dj() -> None:
    html = md("## Đường dây nóng\n\n### Phòng, chống xâm hại trẻ em\n")
    assert '<h2 id="duong-day-nong">Đường dây nóng</h2>' in html
    assert '<h3 id="phong-chong-xam-hai-tre-em">' in html


def test_tables_have_header_scope() -> None:
    html = md("| Chỉ tiêu | Kết quả |\n|---|---|\n| Khai sinh | 97% |\n")
    assert '<th scope="col">Chỉ tiêu</th>' in html and '<th scope="col">Kết quả</th>' in html
    assert "<td>Khai sinh</td>" in html
    assert "<th>" not in html


# --- hotline links ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "href", "shown"),
    [
        ("Hãy gọi 111 ngay.", "tel:111", "111"),
        ("gọi 113.", "tel:113", "113"),
        ("Tổng đài 1900 545 559 tư vấn.", "tel:1900545559", "1900 545 559"),
        ("Tổng đài 1900.545.559 tư vấn.", "tel:1900545559", "1900.545.559"),
        ("Tổng đài 1900545559.", "tel:1900545559", "1900545559"),
        ("(111)", "tel:111", "111"),
        ("111 là tổng đài miễn phí.", "tel:111", "111"),  # the first characters of the text
        ("Gọi 113 hoặc 111", "tel:111", "111"),  # the last ones
    ],
)
def test_hotline_numbers_become_tel_links(text: str, href: str, shown: str) -> None:
    assert f'<a class="tel" href="{href}">{shown}</a>' in md(text)


@pytest.mark.parametrize(
    "text",
    [
        "Năm qua có 111 cuộc gọi đến tổng đài.",
        "Đã hỗ trợ 113 trường hợp.",
        "Có 111 trẻ em được hỗ trợ.",
        "Mã số 2111 và 1110.",
        "Con số 1.111 và 111,5 và 111.5.",
        "Ngày 111/2024 không phải số điện thoại.",
        "Mã 5/111 và 0,111 và x.113.",
        "`gọi 111`",
        "    gọi 111 trong khối mã",
        "[số 111](https://tongdai111.vn/)",
        '<a href="https://example.vn/">gọi 111</a>',
    ],
)
def test_numbers_that_are_not_a_call_stay_plain(text: str) -> None:
    html = md(text)
    assert 'class="tel"' not in html, html


def test_hotline_link_in_plain_text_escapes_the_rest() -> None:
    assert link_hotlines_in_text("<b>gọi 111</b> & 113 lần", HOTLINES) == (
        '&lt;b&gt;gọi <a class="tel" href="tel:111">111</a>&lt;/b&gt; &amp; 113 lần'
    )


def test_no_registered_hotlines_means_no_links() -> None:
    assert md("gọi 111", None) == "<p>gọi 111</p>"


# --- Vietnamese numbers and dates -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1000, "1.000"),
        (0.8, "0,8"),
        (6.5, "6,5"),
        (90, "90"),
        (90.0, "90"),
        (1234567, "1.234.567"),
        (1234567.25, "1.234.567,25"),
        (-0.5, "-0,5"),
        (0, "0"),
        (None, ""),
    ],
)
def test_format_number(value, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("day", "text"),
    [(dt.date(2023, 6, 1), "01/06/2023"), (dt.date(2024, 12, 31), "31/12/2024"), (None, "")],
)
def test_format_date(day, text: str) -> None:
    assert format_date(day) == text


# --- the sanitiser, through a real build ------------------------------------------------------


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def prose_of(page: str) -> str:
    start = page.index('<div class="prose">') + len('<div class="prose">')
    return page[start : page.index("</div>", start)]


def page_with(site_dir: Path, body: str, **front: str) -> str:
    lines = "".join(f"{k}: {v}\n" for k, v in ({"title": "Tin thử", "date": "2024-05-20"} | front).items())
    built = build_site(site_dir, {"tin-tuc/tin.md": f"---\n{lines}---\n{body}\n"})
    assert built.result.ok, built.messages
    return built.read("tin-tuc/tin/index.html")


PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "script-block": "<script>\nalert(1)\n</script>",
    "script-upper": "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "img-onerror": '<img src="x.png" alt="x" onerror="alert(1)">',
    "img-onerror-unquoted": "<img src=x alt=x onerror=alert(1)>",
    "onclick": '<p onclick="alert(\'xss\')">bấm</p>',
    "javascript-link": '<a href="javascript:alert(\'xss\')">bấm</a>',
    "javascript-markdown-link": "[bấm](javascript:alert('xss'))",
    "javascript-mixed-case": '<a href="JaVaScRiPt:alert(\'xss\')">bấm</a>',
    "javascript-entity": '<a href="jav&#x09;ascript:alert(\'xss\')">bấm</a>',
    "data-link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bấm</a>',
    "data-image": "![ảnh](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "style-attribute": '<p style="position:fixed;top:0">che trang</p>',
    "style-tag": "<style>body{display:none}</style>",
    "svg-onload": '<svg onload="alert(1)"><circle r="1" /></svg>',
    "object-embed": '<object data="x.swf"></object><embed src="x.swf">',
    "form": '<form action="https://evil.example/"><input name="p"></form>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
}


def without_link_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` stops pages with links to missing files or images without alt text;
    these tests look at what the sanitiser makes of such pages, so the gate is taken out."""
    import site_builder.gate as gate

    monkeypatch.setattr(gate, "check_links", lambda *a, **k: None)
    monkeypatch.setattr(gate, "check_images", lambda *a, **k: None)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_sanitiser_removes_active_content(site_dir: Path, payload: str, monkeypatch: pytest.MonkeyPatch) -> None:
    without_link_gate(monkeypatch)
    page = page_with(site_dir, f"Đoạn đầu.\n\n{payload}\n\nĐoạn cuối gọi 111.")
    prose = prose_of(page)
    assert "Đoạn đầu." in prose and "Đoạn cuối" in prose
    for tag, attrs in tags_of(prose):
        assert tag not in {"script", "iframe", "style", "svg", "object", "embed", "form", "input", "meta", "link"}, prose
        for name, value in attrs.items():
            assert not name.startswith("on") and name != "style", prose
            if name in ("href", "src") and value:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower().split(":", 1)[0]
                assert scheme not in ("javascript", "data", "vbscript"), prose
    for tag, attrs in tags_of(page):
        assert not any(name.startswith("on") for name in attrs), tag
        assert not any("alert(" in (value or "") or "evil.example" in (value or "") for value in attrs.values()), (tag, attrs)
        if tag == "script":
            assert attrs.get("src", "").startswith("../../assets/site."), attrs
    # whatever is left of the payload is text, escaped: nothing can run
    assert "<script>alert" not in page and "alert(1)</script>" not in page


def test_safe_markdown_survives_the_sanitiser(site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    without_link_gate(monkeypatch)
    body = (
        "## Cần làm gì\n\n**Quan trọng:** *luôn* gọi 111.\n\n"
        "> Trích dẫn\n\n- một\n- hai\n\n1. ba\n\n"
        "[Trang Bộ](https://molisa.gov.vn/) và [giới thiệu](/gioi-thieu/) và ![Tổng đài](/media/anh.png)\n"
    )
    prose = prose_of(page_with(site_dir, body))
    assert '<h2 id="can-lam-gi">Cần làm gì</h2>' in prose
    assert "<strong>Quan trọng:</strong> <em>luôn</em>" in prose
    assert "<blockquote>" in prose and "<ul>" in prose and "<ol>" in prose
    assert '<a href="https://molisa.gov.vn/"' in prose
    # root-relative links in content become relative to the page
    assert '<a href="../../gioi-thieu/">giới thiệu</a>' in prose
    assert 'src="../../media/anh.png"' in prose


def test_title_with_script_is_escaped_everywhere(site_dir: Path) -> None:
    title = "\"<script>alert('xss')</script> Tin <b>đậm</b>\""
    built = build_site(
        site_dir,
        {"tin-tuc/tin.md": f"---\ntitle: {title}\ndate: 2024-05-20\nsummary: \"<img src=x onerror=alert(1)>\"\n---\nNội dung.\n"},
    )
    assert built.result.ok, built.messages
    for path in ("tin-tuc/tin/index.html", "tin-tuc/index.html", "index.html", "feed.xml"):
        text = built.read(path)
        assert "<script>alert" not in text and "<img src=x" not in text, path
        assert "<b>đậm</b>" not in text, path
    page = built.read("tin-tuc/tin/index.html")
    assert "<h1>&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; Tin &lt;b&gt;đậm&lt;/b&gt;</h1>" in page
    assert "<title>&lt;script&gt;" in page


def test_hotlines_in_a_built_page_are_tel_links(site_dir: Path) -> None:
    body = "Khi cần, gọi 111 hoặc 1900 545 559. Năm 2023 có 111 cuộc gọi và 113 trường hợp; mã 2111."
    page = page_with(site_dir, body, summary="Gọi 113 khi khẩn cấp")
    prose = prose_of(page)
    assert 'gọi <a class="tel" href="tel:111">111</a> hoặc <a class="tel" href="tel:1900545559">1900 545 559</a>' in prose
    assert "có 111 cuộc gọi và 113 trường hợp; mã 2111." in prose
    assert prose.count('class="tel"') == 2
    assert 'Gọi <a class="tel" href="tel:113">113</a> khi khẩn cấp' in page


# --- converters chosen per body ------------------------------------------------------------

_MARKDOWN_PIECES = [
    "# Tiêu đề\n", "## Mục đích\n", "Đoạn văn gọi 111.\n", "\n", "- mục\n", "1. một\n", "> trích dẫn\n",
    "---\n", "***\n", "___\n", "Tiêu đề\n===\n", "Tiêu đề\n---\n", "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "a | b\n--|--\n1|2\n", "    mã\n", "[xem][r]\n", "[r]: https://a.vn/\n", "- [r]: /x/\n", "> [r]: /y/\n",
    "    [r]: /z/\n", "*nghiêng* _gạch_ **đậm**\n", "`mã`\n", "&amp; &copy;\n", "\\# không\n", "a  \nb\n",
    "\t- tab\n", "![ảnh](/m.jpg)\n", "<https://a.vn>\n", "#liền\n", "x # y\n", "-- gạch\n", "=\n", "|\n",
]


def test_converters_chosen_per_body_give_plain_python_markdown_output() -> None:
    """Leaving out patterns and quick block tests is only ever a shortcut: same HTML."""
    import random

    import markdown

    from site_builder.markup import HeadingIdExtension, MarkdownConverters

    plain = markdown.Markdown(extensions=["tables", "sane_lists", HeadingIdExtension()], output_format="html")
    converters = MarkdownConverters()
    rnd = random.Random(7)
    bodies = ["".join(rnd.choice(_MARKDOWN_PIECES) for _ in range(rnd.randint(1, 8))) for _ in range(1500)]
    for body in bodies:
        plain.reset()
        chosen = converters.for_source(body)
        chosen.reset()
        assert chosen.convert(body) == plain.convert(body), body


@pytest.mark.parametrize(
    "body",
    [
        "- mục: xem [trang][a]\n\n    [a]: https://example.vn/\n",
        "> xem [trang][a]\n>\n> [a]: https://example.vn/\n",
    ],
)
def test_reference_defined_inside_a_list_or_quote_is_linked(body: str) -> None:
    assert '<a href="https://example.vn/">trang</a>' in md(body)
