"""Links and images in Markdown bodies, checked against the output plan.

`check` is the gate a communicator runs before publishing, so a link to a page that
will not exist, or an image a blind reader cannot know, is caught here — located in
the Markdown source (`path:line:col` of the link itself), not in the rendered HTML.
Targets are resolved against the planned outputs, so every page kind any module adds
to the plan is a valid target without this module knowing about it.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

from .diagnostics import Location, Report, suggest
from .markup import normalise_text
from .model import Document, Plan
from .privacy import line_and_column

# Code is not prose: links written inside it are examples, not links.
_FENCED = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}\1[`~]*[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_INDENTED = re.compile(r"(?:(?<=\n\n)|\A)(?:(?: {4}|\t)[^\n]*\n?)+")

# `[text](` of `[text](url "title")` and `![alt](src)`; the text may hold one level of
# brackets. The destination is read by `_destination`, as Python-Markdown reads it
# (spaces and balanced parentheses allowed).
_INLINE_OPEN = re.compile(r"\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]\(")
_TITLE = re.compile(r"""^(?P<url>.*?)(?:\s+(?:"[^"]*"|'[^']*'))?\s*$""", re.DOTALL)
_REFERENCE_DEF = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]]+)\]:[ \t]*(?P<url><[^>\n]*>|\S+)", re.MULTILINE)
_REFERENCE_IMAGE = re.compile(r"!\[(?P<text>[^\[\]]*)\](?:\[(?P<label>[^\[\]]*)\])?(?![(:])")
_HTML_TAG = re.compile(r"<(?P<tag>a|img)\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_HTML_ATTR = re.compile(r"""(?P<name>[a-zA-Z_:][-\w:.]*)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


@dataclass(frozen=True)
class Link:
    """A link or image as written in a Markdown body."""

    offset: int  # where it starts in the body
    url: str
    image: bool
    alt: str | None = None  # images: the written alternative text


def _blank(match: re.Match[str]) -> str:
    """Spaces for the matched text, keeping its newlines so offsets stay true."""
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_code(body: str) -> str:
    """The body with code blocks and code spans blanked out, same length."""
    # Each pattern only runs where its trigger occurs: most bodies hold no code at all.
    if "```" in body or "~~~" in body:
        body = _FENCED.sub(_blank, body)
    if "    " in body or "\t" in body:
        body = _INDENTED.sub(_blank, body)
    if "`" in body:
        body = _CODE_SPAN.sub(_blank, body)
    return body


def _inline(text: str, match: re.Match[str]) -> tuple[Link, int] | None:
    """The link or image opened by `[text](`, and where it ends."""
    end = _closing_paren(text, match.end())
    if end is None:
        return None
    image = match.start() > 0 and text[match.start() - 1] == "!"
    start = match.start() - image
    return Link(start, _destination(text[match.end() : end]), image, match.group("text") if image else None), end


def find_links(body: str) -> list[Link]:
    """Every link and image in a Markdown body, in order."""
    if "[" not in body and "<" not in body:
        return []
    text = mask_code(body)
    links: list[Link] = []
    taken: list[tuple[int, int]] = []
    for match in _INLINE_OPEN.finditer(text) if "](" in text else ():
        found = _inline(text, match)
        if found is None:
            continue
        links.append(found[0])
        taken.append((found[0].offset, found[1] + 1))
        # An image inside a link's text (`[![alt](a.png)](/x/)`) is checked too.
        inner = _INLINE_OPEN.search(text, match.start("text"), match.end("text"))
        inner_found = _inline(text, inner) if inner else None
        if inner_found is not None and inner_found[1] < match.end("text"):
            links.append(inner_found[0])
    definitions = {}
    for match in _REFERENCE_DEF.finditer(text) if "]:" in text else ():
        definitions.setdefault(_label(match.group("label")), match)
        links.append(Link(match.start("url"), match.group("url").strip("<>"), False))
    for match in _REFERENCE_IMAGE.finditer(text) if definitions else ():
        if any(s <= match.start() < e for s, e in taken):
            continue
        label = _label(match.group("label") or match.group("text"))
        if label in definitions:
            links.append(Link(match.start(), "", True, match.group("text")))
    for match in _HTML_TAG.finditer(text) if "<" in text else ():
        attrs = {m.group("name").lower(): (m.group("value") or "").strip("\"'") for m in _HTML_ATTR.finditer(match.group("attrs"))}
        if match.group("tag").lower() == "a" and "href" in attrs:
            links.append(Link(match.start(), attrs["href"], False))
        elif match.group("tag").lower() == "img":
            links.append(Link(match.start(), attrs.get("src", ""), True, attrs.get("alt")))
    return sorted(links, key=lambda link: link.offset)


def _closing_paren(text: str, start: int) -> int | None:
    """Index of the `)` closing a link destination opened just before `start`."""
    depth = 0
    for index in range(start, min(len(text), start + 2000)):
        char = text[index]
        if char == "\n" and text.startswith("\n", index + 1):
            return None  # a blank line ends the paragraph
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return index
            depth -= 1
    return None


def _destination(inside: str) -> str:
    inside = inside.strip()
    if inside.startswith("<") and ">" in inside:
        return inside[1 : inside.index(">")]
    match = _TITLE.match(inside)
    return match.group("url").strip() if match else inside


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def resolve_target(url: str, page_url: str) -> str | None:
    """The site path a link leads to (`tin-tuc/a/`), or None for links off the site.

    `page_url` is the page's own folder (`tin-tuc/b/`); a root-relative link (`/x/`)
    starts from the site root, which the renderer rewrites for any sub-path.
    Returns `..` when the link climbs above the site root.
    """
    # As a browser reads it: entities decoded, tabs and newlines dropped, ends trimmed;
    # `jav&#x09;ascript:` is a scheme (the sanitiser's business), not a missing page.
    url = _TAB_OR_NEWLINE.sub("", html.unescape(url)).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    if not url or url.startswith(("#", "//", "\\", "/\\")) or _SCHEME.match(url):
        return None
    path = unquote(urlsplit(url).path)
    if not path:
        return None
    joined = path[1:] if path.startswith("/") else page_url + path
    if _climbs(joined):
        return ".."
    normal = posixpath.normpath(joined) if joined else ""
    normal = "" if normal == "." else normal
    folder = joined.endswith("/") or joined.rpartition("/")[2] in (".", "..")
    return normal + "/" if folder and normal else normal


def _climbs(path: str) -> bool:
    depth = 0
    for part in path.split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


def target_exists(target: str, planned: frozenset[str]) -> bool:
    """A path exists if it is planned as a file, or as a folder with an index.html."""
    if target in ("", "/"):
        return "index.html" in planned
    if target.endswith("/"):
        return target + "index.html" in planned
    return target in planned or target + "/index.html" in planned


def _page_urls(planned: Iterable[str]) -> list[str]:
    return sorted("/" + p.removesuffix("index.html") for p in planned)


@dataclass(frozen=True)
class MarkdownText:
    """A piece of Markdown on a page, and how to find its offsets in the source file."""

    text: str
    page_url: str  # the folder of the page it is shown on
    path: str  # the source file, as shown
    first_line: int = 1  # file line of the text's first line (0: unknown, search the file)
    file_text: str = ""  # the whole source file, to find texts of unknown line
    found: tuple[Link, ...] | None = None  # the links of `text`, when the loader found them

    @cached_property
    def links(self) -> list[Link]:
        """Found once, used by both checks (finding them is most of their time)."""
        return list(self.found) if self.found is not None else find_links(self.text)


def markdown_texts(documents: Iterable[Document], plans: Iterable[Plan] = ()) -> list[MarkdownText]:
    """Document bodies, and plan goals (the plan fields shown as Markdown)."""
    texts = [MarkdownText(d.body, d.url, d.source.path, d.body_line, found=d.links) for d in documents]
    for plan in plans:
        goals = [g for g in plan.goals if "[" in g or "<" in g]
        if goals:
            file_text = _read(plan.source.path)
            texts += [MarkdownText(goal, plan.url, plan.source.path, 0, file_text) for goal in goals]
    return texts


def _read(path: str) -> str:
    try:
        return normalise_text(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""


def check_links(texts: Iterable[MarkdownText], planned_paths: Iterable[str], report: Report) -> None:
    """Every internal link and image of every Markdown text must lead to a planned output."""
    planned = frozenset(planned_paths)
    choices: list[str] | None = None
    suggestions_left = 100  # each compares with every page: a site full of broken links stays fast
    for source in texts:
        for link in source.links:
            if link.image and not link.url and link.alt is not None:
                continue  # a reference image: its definition is checked as a link
            target = resolve_target(link.url, source.page_url)
            if target is None or target_exists(target, planned):
                continue
            if choices is None:
                choices = _page_urls(planned)
            location = _locate(source, link)
            if target == "..":
                report.error(
                    location,
                    "broken-link",
                    f'Liên kết "{link.url}" đi ra ngoài trang web. Hãy viết địa chỉ bắt đầu bằng "/", ví dụ /tin-tuc/ten-bai/.',
                    f'The link "{link.url}" leads outside the site. Write an address starting with "/", e.g. /tin-tuc/article-name/.',
                )
                continue
            guess = suggest("/" + target, choices) if suggestions_left > 0 else None
            suggestions_left -= 1
            hint_vi = f' Có phải ý bạn là "{guess}"?' if guess else ""
            hint_en = f' Did you mean "{guess}"?' if guess else ""
            if link.image or target.startswith("media/"):
                report.error(
                    location,
                    "broken-link",
                    f'Không có tệp "{link.url}" (/{target}). Hãy đặt tệp vào thư mục media/ và ghi đúng tên đã đổi (chữ thường, không dấu), ví dụ /media/anh-thang-6.jpg.{hint_vi}',
                    f'There is no file "{link.url}" (/{target}). Put the file in media/ and write its published name (lower case, no diacritics), e.g. /media/anh-thang-6.jpg.{hint_en}',
                )
            else:
                report.error(
                    location,
                    "broken-link",
                    f'Liên kết "{link.url}" dẫn tới /{target}, nhưng trang đó không có (hoặc là bản nháp). Hãy sửa địa chỉ.{hint_vi}',
                    f'The link "{link.url}" leads to /{target}, which does not exist (or is a draft). Correct the address.{hint_en}',
                )


def check_images(texts: Iterable[MarkdownText], report: Report) -> None:
    """Every image needs alternative text: a blind reader hears it instead of the picture.

    And it must come from the site: an image from another server tells that server
    who is reading about child abuse, and when (and the CSP would block it anyway).
    """
    for source in texts:
        for link in source.links:
            if link.image and _is_elsewhere(link.url):
                report.error(
                    _locate(source, link),
                    "image-external",
                    f'Ảnh lấy từ trang khác ("{link.url}"): khi người đọc mở trang, trang kia biết họ đang đọc gì. Hãy tải ảnh về, đặt vào media/ rồi ghi /media/ten-anh.jpg.',
                    f'The image comes from another site ("{link.url}"): that site would learn who reads this page. Download it into media/ and write /media/image-name.jpg.',
                )
            if link.image and not (link.alt or "").strip():
                report.error(
                    _locate(source, link),
                    "image-alt",
                    "Ảnh chưa có mô tả (alt). Viết mô tả ngắn trong ngoặc vuông để người khiếm thị nghe được: ![Mô tả ảnh](/media/anh.jpg).",
                    "The image has no alternative text. Describe it in the brackets so blind readers hear it: ![Description](/media/image.jpg).",
                )


def _is_elsewhere(url: str) -> bool:
    url = _TAB_OR_NEWLINE.sub("", html.unescape(url)).strip().lower()
    return url.startswith(("http:", "https:", "//", "\\\\", "/\\", "ftp:"))


def _locate(source: MarkdownText, link: Link) -> Location:
    line, column = line_and_column(source.text, link.offset)
    if source.first_line:
        return Location(source.path, source.first_line + line - 1, column)
    # A YAML value keeps no marks once converted: find the link's text in the file.
    written = source.text[link.offset : link.offset + 200].split("\n", 1)[0]
    at = source.file_text.find(written) if written else -1
    if at < 0 and link.url:
        at = source.file_text.find(link.url)
    return Location(source.path, *line_and_column(source.file_text, at)) if at >= 0 else Location(source.path)
