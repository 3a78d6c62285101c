"""Text handling shared by every phase: NFC, slugs, Markdown → safe HTML, hotline links.

Markdown is converted once per distinct body (the result is cached by content hash
in `render`), so the HTML produced here must not depend on where the page lives.
Site-internal links are therefore written with a placeholder for "the site root"
(`ROOT_MARK`) that the renderer swaps for the page's relative prefix (`../../`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

import markdown
import nh3
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# A private-use character cannot come from content (normalise_text strips it),
# so it can stand for "the site root" inside cached HTML.
ROOT_MARK = "\ue000"
_PRIVATE_MARKS = re.compile("[\ue000-\ue00f]")

# Bump when the HTML produced for the same Markdown changes, to invalidate caches.
MARKUP_VERSION = "3"  # 2: hotline cards; 3: reference links defined inside lists and quotes

ALLOWED_TAGS = frozenset(
    """a abbr b blockquote br caption code dd del dl dt em figcaption figure h2 h3 h4 h5 h6
    hr i img ins kbd li mark ol p pre s small strong sub sup table tbody td tfoot th thead tr u ul""".split()
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Nouns that make a number a count ("111 cuộc gọi"), not a phone number.
COUNTING_WORDS = (
    "cuộc",
    "trường hợp",
    "trẻ",
    "em",
    "người",
    "hộ",
    "lượt",
    "vụ",
    "lần",
    "ca",
    "gia đình",
    "học sinh",
    "cháu",
    "phụ nữ",
    "cán bộ",
    "xã",
    "phường",
    "đơn vị",
    "suất",
    "phần quà",
    "bé",
    "tin",
    "đồng",
    "năm",
    "ngày",
    "tháng",
    "tuổi",
)
# "năm", "ngày", "tháng" followed by a number start a date ("111 năm 2023" is not a count).
_DATE_WORDS = ("năm", "ngày", "tháng")
_COUNT_FOLLOWS = re.compile(
    r"\s+(?:"
    + "|".join(re.escape(w) + (r"(?!\s*\d)" if w in _DATE_WORDS else "") for w in COUNTING_WORDS)
    + r")\b",
    re.IGNORECASE,
)


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no BOM and none of our private marks."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _PRIVATE_MARKS.sub("", unicodedata.normalize("NFC", text))


class _Folded(dict[int, str]):
    """Character → the same without marks, filled in as characters are met."""

    def __missing__(self, code: int) -> str:  # str.translate looks characters up by code
        folded = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        self[code] = folded = unicodedata.normalize("NFC", folded)
        return folded


_FOLDED = _Folded({ord("đ"): "d", ord("Đ"): "D"})


def fold_diacritics(text: str) -> str:
    """Vietnamese without tone and vowel marks; `đ` → `d` (it has no decomposition)."""
    if text.isascii():
        return text
    # A table, character by character: slugs are made for every page and every
    # heading, and normalising whole strings twice was most of that time.
    folded = text.translate(_FOLDED)
    return folded if folded.isascii() else unicodedata.normalize("NFC", folded)


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, separator: str = "-") -> str:
    """ASCII slug: lower case, diacritics removed, `đ` → `d`, other runs → `-`."""
    return _NON_SLUG.sub(separator, fold_diacritics(text).lower()).strip(separator)


# --- hotline numbers -------------------------------------------------------------


def hotline_pattern(numbers: Iterable[str]) -> re.Pattern[str] | None:
    """A regex matching registered numbers as written in text.

    Long numbers may be written in groups ("1900 545 559", "1800.9069"); short ones
    (111) only as they are. Digits or a decimal separator next to the number mean it
    is part of something else (2111, 1.111).
    """
    alternatives = []
    for number in sorted(set(numbers), key=lambda n: (-len(n), n)):
        if len(number) >= 8:
            alternatives.append(r"[ .]?".join(re.escape(d) for d in number))
        else:
            alternatives.append(re.escape(number))
    if not alternatives:
        return None
    # What comes before the number is checked after its first digit: a pattern that
    # opens with a digit is searched for at C speed, one that opens with a look-behind
    # is tried at every position (twenty times slower on a page of text).
    before = r"(?<![\d.,/\ue001].)"
    return re.compile("(?:" + "|".join(a[0] + before + a[1:] for a in alternatives) + r")(?![\d]|[.,]\d|[/-]\w)")


def is_count(text: str, end: int) -> bool:
    """True when the number ending at `end` is followed by a counting word."""
    return _COUNT_FOLLOWS.match(text, end) is not None


def link_hotlines_in_text(text: str, pattern: re.Pattern[str] | None) -> str:
    """Escape plain text and turn registered hotline numbers in it into `tel:` links."""
    if pattern is None:
        return html.escape(text, quote=False)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        if is_count(text, match.end()):
            continue
        out.append(html.escape(text[last : match.start()], quote=False))
        out.append(_tel_anchor(match.group(0)))
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def _tel_anchor(written: str) -> str:
    digits = re.sub(r"\D", "", written)
    return f'<a class="tel" href="tel:{digits}">{html.escape(written)}</a>'


def _inside(fragment: str, position: int, opening: str, closing: str) -> bool:
    return fragment.rfind(opening, 0, position) > fragment.rfind(closing, 0, position)


# Elements whose text must not become a link: links themselves, and code.
_PROTECTING = (("<a ", "</a>"), ("<a>", "</a>"), ("<code", "</code>"), ("<pre", "</pre>"))


def protected_html(fragment: str) -> Callable[[int], bool]:
    """For one fragment: is a position inside a tag, a link, or code?

    Elements the fragment does not contain are not looked for: each look is a
    search back to the start of the fragment, and most bodies have no code.
    """
    pairs = [(opening, closing) for opening, closing in _PROTECTING if opening in fragment]

    def protected(position: int) -> bool:
        return _inside(fragment, position, "<", ">") or any(_inside(fragment, position, o, c) for o, c in pairs)

    return protected


def link_hotlines_in_html(fragment: str, pattern: re.Pattern[str] | None) -> str:
    """Link hotline numbers in the text of trusted HTML, leaving tags, links and code alone."""
    if pattern is None:
        return fragment
    out: list[str] = []
    last = 0
    protected = protected_html(fragment)
    for match in pattern.finditer(fragment):
        start = match.start()
        if protected(start) or is_count(fragment, match.end()):
            continue
        out.append(fragment[last:start])
        out.append(_tel_anchor(match.group(0)))
        last = match.end()
    if not out:
        return fragment
    out.append(fragment[last:])
    return "".join(out)


# --- Markdown ----------------------------------------------------------------------


def create_markdown(without: frozenset[str] = frozenset()) -> markdown.Markdown:
    """One converter to be reused (with reset()) for many bodies: building it is costly.

    `without` names inline patterns and block processors to leave out (see
    `MarkdownConverters`).
    """
    converter = markdown.Markdown(
        extensions=["tables", "sane_lists", HeadingIdExtension()],
        output_format="html",
    )
    for name in without:
        if name.startswith(BLOCK):
            converter.parser.blockprocessors.deregister(name.removeprefix(BLOCK))
        else:
            converter.inlinePatterns.deregister(name)
    for name, characters in _BLOCK_TRIGGERS:
        _quicken(converter.parser.blockprocessors[name], characters)
    # Asked about a hundred times a page; a set answers without walking a list of
    # forty tags (our extensions never add to it).
    converter.block_level_elements = frozenset(converter.block_level_elements)
    return converter


_STASH_MARK = re.compile("\x02wzxhzdk:\\d+\x03")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _HeadingIds(Treeprocessor):
    """Slug ids on headings (`đ` → `d`, not dropped) and a list of them.

    Does what the toc extension would for us, without building a table of contents
    nobody reads; a body's `#` becomes h2, since the page title is the only h1.
    """

    def run(self, root):
        used: set[str] = set()
        headings: list[tuple[int, str, str]] = []
        for element in root.iter():
            if element.tag not in _HEADINGS:
                continue
            if element.tag == "h1":
                element.tag = "h2"
            text = html.unescape(_STASH_MARK.sub("", "".join(element.itertext()))).strip()
            base = slugify(text) or "muc"
            ident, n = base, 1
            while ident in used:
                n += 1
                ident = f"{base}-{n}"
            used.add(ident)
            element.set("id", ident)
            headings.append((int(element.tag[1]), ident, text))
        self.md.heading_list = headings


class HeadingIdExtension(Extension):
    def extendMarkdown(self, md):
        md.heading_list = []
        md.treeprocessors.register(_HeadingIds(md), "heading_ids", 5)


# Python-Markdown tries every inline pattern on every run of text, and that is most
# of its time. A pattern whose trigger characters do not occur in a body can never
# match, so leaving it out gives byte-identical HTML, faster.
_INLINE_TRIGGERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("backtick", ("`",)),
    ("escape", ("\\",)),
    ("link", ("[",)),
    ("image_link", ("![",)),
    ("autolink", ("<",)),
    ("automail", ("<",)),
    ("html", ("<",)),
    ("linebreak", ("  \n",)),
    ("entity", ("&",)),
    ("em_strong", ("*", "_")),
)
# Reference-style patterns only ever produce output when the body defines a reference,
# and a definition is only ever found where "]:" is written (in a list or a quote too,
# so the line it is on may start with anything).
BLOCK = "block:"
_REFERENCE_PATTERNS = ("reference", "image_reference", "short_reference", "short_image_ref", BLOCK + "reference")

# Block processors try a regular expression on every block, but each of these can
# only match a block that holds one of its characters, which most paragraphs do not.
_BLOCK_TRIGGERS = (("hashheader", "#"), ("setextheader", "=-"), ("hr", "-_*"), ("quote", ">"), ("table", "|"))


def _quicken(processor: BlockProcessor, characters: str) -> None:
    """Answer "no" at once for blocks without any of `characters` (same answers, faster)."""
    slow = processor.test

    def test(parent, block: str) -> bool:
        return any(c in block for c in characters) and slow(parent, block)

    processor.test = test  # type: ignore[method-assign]


class MarkdownConverters:
    """Reusable converters, one per set of inline patterns (and block processors) a body can need."""

    def __init__(self) -> None:
        self._by_patterns: dict[frozenset[str], markdown.Markdown] = {}
        # The sanitiser with the allow-list, built once (building it per call was a
        # quarter of its time).
        self.cleaner = nh3.Cleaner(
            tags=set(ALLOWED_TAGS),
            attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
            url_schemes=set(ALLOWED_URL_SCHEMES),
            link_rel=None,
        )

    def for_source(self, source: str) -> markdown.Markdown:
        expanded = source.expandtabs(4) if "\t" in source else source
        without = {name for name, triggers in _INLINE_TRIGGERS if not any(t in expanded for t in triggers)}
        if "]:" not in expanded:
            without.update(_REFERENCE_PATTERNS)
        key = frozenset(without)
        converter = self._by_patterns.get(key)
        if converter is None:
            converter = self._by_patterns[key] = create_markdown(key)
        return converter


_ROOT_URL = re.compile(r'(\s(?:href|src)=")/(?!/)')
_TH = re.compile(r"<th(?=[ >])")


@dataclass(frozen=True)
class Fragment:
    """Safe HTML of a Markdown body, independent of the page it ends up on."""

    html: str
    headings: tuple[tuple[int, str, str], ...]  # (level, id, text)


# --- hotline cards ---------------------------------------------------------------------
#
# A paragraph that is only `[[đường dây nóng 111]]` (diacritics optional) becomes the
# card of that hotline. The cached fragment keeps a placeholder (CARD_OPEN number
# CARD_CLOSE) instead of the card, so a change to a hotline's name or hours never
# needs the Markdown converted again; the renderer fills it in per page.

CARD_OPEN, CARD_CLOSE = "\ue001", "\ue002"
HOTLINE_CARD = re.compile(
    r"^[ ]{0,3}\[\[[ \t]*(?:đường dây nóng|duong day nong)[ \t]+(\d(?:[ .]?\d)*)[ \t]*\]\][ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_CARD_PARAGRAPH = re.compile("<p>" + CARD_OPEN + r"(\d+)" + CARD_CLOSE + "</p>")
_CARD_SLOT = re.compile(CARD_OPEN + r"(\d+)" + CARD_CLOSE)


_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,}).*?^[ ]{0,3}\1[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def blank_code(source: str) -> str:
    """`source` with code blocks and spans turned to spaces, so offsets still match the file."""
    if "`" not in source and "~~~" not in source:
        return source
    return _CODE_SPAN.sub(_blank, _FENCE.sub(_blank, source))


def find_hotline_cards(source: str) -> list[tuple[int, int, str]]:
    """(start, end, digits of the number) of every card line outside code."""
    if "[[" not in source:
        return []
    return [(m.start(), m.end(), re.sub(r"\D", "", m.group(1))) for m in HOTLINE_CARD.finditer(blank_code(source))]


def _mark_hotline_cards(source: str) -> str:
    out, last = [], 0
    for start, end, number in find_hotline_cards(source):
        out.append(source[last:start])
        # Blank lines around it: a card is a paragraph of its own, whatever surrounds it.
        out.append("\n" + CARD_OPEN + number + CARD_CLOSE + "\n")
        last = end
    if not out:
        return source
    out.append(source[last:])
    return "".join(out)


def expand_hotline_cards(fragment_html: str, render_card) -> str:
    """Replace card placeholders with `render_card(number)` (trusted HTML)."""
    if CARD_OPEN not in fragment_html:
        return fragment_html
    return _CARD_SLOT.sub(lambda m: render_card(m.group(1)), fragment_html)


def render_markdown(source: str, converters: MarkdownConverters, hotlines: re.Pattern[str] | None) -> Fragment:
    """Markdown → sanitised HTML with hotline links and root-relative links marked."""
    source = _mark_hotline_cards(source)
    converter = converters.for_source(source)
    converter.reset()
    raw = converter.convert(source)
    clean = converters.cleaner.clean(raw)
    clean = _TH.sub('<th scope="col"', clean)
    # A card is a block of its own, not a paragraph; the slot is matched again after caching.
    clean = _CARD_PARAGRAPH.sub(lambda m: CARD_OPEN + m.group(1) + CARD_CLOSE, clean)
    clean = link_hotlines_in_html(clean, hotlines)
    clean = _ROOT_URL.sub(lambda m: m.group(1) + ROOT_MARK, clean)
    return Fragment(clean, tuple(converter.heading_list))


def resolve_root(fragment_html: str, root: str) -> str:
    """Swap the root placeholder for the page's relative prefix (`./`, `../../`)."""
    return fragment_html.replace(ROOT_MARK, root)


_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def plain_text(fragment_html: str) -> str:
    """Visible text of an HTML fragment on one line (for descriptions and feeds)."""
    without_cards = _CARD_SLOT.sub(" ", fragment_html)
    return _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", without_cards))).strip()


def shorten(text: str, limit: int = 200) -> str:
    """Cut at a word boundary and add an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–-") + "…"


# --- Vietnamese number and date formats ---------------------------------------------


def format_number(value: float | int | None) -> str:
    """`1.000`, `0,8`, `6,5`: thousands dot and decimal comma."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    whole, _, fraction = f"{value:.6f}".rstrip("0").partition(".")
    whole_text = f"{int(whole):,}".replace(",", ".") if whole not in ("", "-0") else whole or "0"
    return f"{whole_text},{fraction}" if fraction else whole_text


def format_date(day) -> str:
    """dd/mm/yyyy, the way dates are written in Vietnamese documents."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""
