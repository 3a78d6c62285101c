"""Loudspeaker scripts: Vietnamese text written the way a ward announcer reads it.

A script is read aloud by a person, not a speech engine, so the aim is text that
can be read without stopping to work anything out: numbers, dates, times,
percentages, hotlines, legal references and abbreviations are written out in
words (Northern usage: "linh", "nghìn", "mùng"). Whatever could not be turned
into words is kept (or, for addresses, dropped) and listed in `unspoken`, so
the header of the printed script can warn the reader before going on air.

`speak` rewrites one piece of text in passes, each pass one kind of token, in
an order chosen so that a pass never sees digits another pass should have
read: legal codes (they contain abbreviations and years) before the glossary,
dates and times before phone numbers, phone numbers before plain numbers.
`speak_all` does the same for many texts at once, with the same result, in a
fraction of the time (see the comment above `_speak_all`). `compose_script`
turns a page (title, Markdown body, or the HTML the site made of it) into a
whole `Script`.
"""

from __future__ import annotations

import datetime
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from types import MappingProxyType
from typing import Literal

import markdown
import yaml

from .letters import LOWER_VIETNAMESE
from .markup import ALLOWED_TAGS, CARD_OPEN, ROOT_MARK, create_markdown, format_date, is_count, normalise_text

DEFAULT_GLOSSARY_PATH = Path(__file__).with_name("data") / "spoken.yaml"

# --- numbers -------------------------------------------------------------------

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 1_000_000_000
# Beyond this a figure is an identifier, not an amount, and is read digit by digit.
_LARGEST_SPELLED = 10**15


def spell_number(n: int, *, final_four: str = "tư") -> str:
    """Cardinal number in words: 21 → "hai mươi mốt", 105 → "một trăm linh năm".

    Northern rules: "mốt" for a final 1 after "mươi" (but "mười một"), "lăm" for a
    final 5 after "mười"/"mươi", "tư" for a final 4 after "mươi" (`final_four`
    gives "bốn" instead, as years are read), "linh" for an empty tens place, and
    "không trăm" inside a number (1.010 → "một nghìn không trăm mười").
    """
    if n < 0:
        return "âm " + spell_number(-n, final_four=final_four)
    if n == 0:
        return _DIGITS[0]
    if n >= _LARGEST_SPELLED:
        return spell_digits(str(n))
    return _spell_positive(n, leading=True, final_four=final_four)


def spell_year(year: int) -> str:
    """A year: 2024 → "hai nghìn không trăm hai mươi bốn" (years keep "bốn")."""
    return spell_number(year, final_four="bốn")


def _spell_positive(n: int, *, leading: bool, final_four: str) -> str:
    # `leading` is False for the part after a larger unit, where an empty hundreds
    # place must still be said ("một triệu không trăm linh năm").
    if n >= _BILLION:
        billions, rest = divmod(n, _BILLION)
        words = _spell_positive(billions, leading=leading, final_four=final_four) + " tỷ"
        return words + (" " + _spell_positive(rest, leading=False, final_four=final_four) if rest else "")
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    parts: list[str] = []
    for value, unit in ((millions, "triệu"), (thousands, "nghìn"), (units, "")):
        if value == 0:
            continue
        group = _spell_hundreds(value, full=not leading or bool(parts), final_four=final_four)
        parts.append(f"{group} {unit}" if unit else group)
    return " ".join(parts)


def _spell_hundreds(n: int, *, full: bool, final_four: str) -> str:
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += ["linh", _DIGITS[units]] if words else [_DIGITS[units]]
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: final_four, 5: "lăm"}.get(units, _DIGITS[units]))
    return " ".join(words)


def spell_digits(digits: str) -> str:
    """Each digit on its own: "111" → "một một một"."""
    return " ".join(_DIGITS[int(d)] for d in digits if d.isdigit())


def spell_decimal(written: str) -> str:
    """A number as written in Vietnamese: "1.000" → "một nghìn", "6,5" → "sáu phẩy năm".

    The dot groups thousands and the comma marks decimals. Up to two decimal
    digits are read as a number ("6,28" → "sáu phẩy hai mươi tám"); a leading
    zero or a longer tail is read digit by digit ("0,005" → "không phẩy không
    không năm"), as announcers do.
    """
    whole, _, fraction = written.strip().partition(",")
    integer = int(whole.replace(".", "") or "0")
    words = spell_number(integer)
    if not fraction:
        return words
    if len(fraction) <= 2 and not fraction.startswith("0"):
        return f"{words} phẩy {spell_number(int(fraction))}"
    return f"{words} phẩy {spell_digits(fraction)}"


def spell_ordinal(n: int) -> str:
    """The word after "thứ": 1 → "nhất", 4 → "tư", otherwise the cardinal."""
    return {1: "nhất", 4: "tư"}.get(n) or spell_number(n)


def spell_day(day: int) -> str:
    """Day of the month: "mùng" for the first ten days (01 → "mùng một")."""
    return f"mùng {spell_number(day)}" if 1 <= day <= 10 else spell_number(day)


def spell_month(month: int) -> str:
    """Month number after "tháng": 4 → "tư" (tháng tư), otherwise the cardinal."""
    return "tư" if month == 4 else spell_number(month)


def spell_date(day: int | None, month: int, year: int | None = None) -> str:
    """"ngày mùng một tháng sáu năm hai nghìn không trăm hai mươi ba" (day and year optional)."""
    words = f"tháng {spell_month(month)}"
    if day is not None:
        words = f"ngày {spell_day(day)} {words}"
    if year is not None:
        words += f" năm {spell_year(year)}"
    return words


def spell_time(hour: int, minute: int = 0) -> str:
    """"bảy giờ ba mươi phút"; on the hour just "bảy giờ"."""
    words = f"{spell_number(hour)} giờ"
    return f"{words} {spell_number(minute)} phút" if minute else words


def group_phone_digits(digits: str) -> tuple[str, ...]:
    """Split a phone number into the groups it is read in.

    111 → (111); 1900 numbers → 1900 545 559; 1800 numbers → 1800 9069;
    mobiles (10 digits from 0) → 0912 345 678; landlines (11) → 028 3891 2345.
    """
    if len(digits) <= 4:
        return (digits,)
    if digits.startswith(("1800", "1900")):
        return (digits[:4], *_chunk_digits(digits[4:]))
    if digits.startswith("0") and len(digits) == 10:
        return (digits[:4], digits[4:7], digits[7:])
    if digits.startswith("0") and len(digits) == 11:
        return (digits[:3], digits[3:7], digits[7:])
    return _chunk_digits(digits)


def _chunk_digits(digits: str) -> tuple[str, ...]:
    # Threes from the left; a lone last digit would sound cut off, so end on 2 + 2.
    if len(digits) <= 4:
        return (digits,)
    chunks = [digits[i : i + 3] for i in range(0, len(digits), 3)]
    if len(chunks[-1]) == 1:
        tail = chunks[-2] + chunks[-1]
        chunks[-2:] = [tail[:2], tail[2:]]
    return tuple(chunks)


def spell_phone(number: str, groups: Sequence[str] | None = None) -> str:
    """Digit by digit in groups: "1900545559" → "một chín không không, năm bốn năm, năm năm chín".

    `groups` keeps the grouping the writer chose ("1900 545 559").
    """
    digits = re.sub(r"\D", "", number)
    chosen = tuple(groups) if groups else group_phone_digits(digits)
    return ", ".join(spell_digits(group) for group in chosen if group)


def is_phone_shaped(digits: str) -> bool:
    """A number that can only be a phone number: 0 + 9–10 digits, or 1800/1900 numbers."""
    if digits.startswith("0"):
        return len(digits) in (10, 11)
    return digits.startswith(("1800", "1900")) and 8 <= len(digits) <= 10


_ROMAN_VALUES = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50), ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def parse_roman(numeral: str) -> int | None:
    """Value of a well-formed Roman numeral ("XIII" → 13), else None."""
    rest, value = numeral.upper(), 0
    for symbol, amount in _ROMAN_VALUES:
        while rest.startswith(symbol):
            rest, value = rest[len(symbol) :], value + amount
    if rest or not numeral or _roman_of(value) != numeral.upper():
        return None
    return value


def _roman_of(value: int) -> str:
    out = []
    for symbol, amount in _ROMAN_VALUES:
        count, value = divmod(value, amount)
        out.append(symbol * count)
    return "".join(out)


# --- the glossary ----------------------------------------------------------------


@dataclass(frozen=True)
class Glossary:
    """Written abbreviation → spoken form, longest written form first.

    The same table names the issuers of legal references ("CP" → "Chính phủ").
    The lookup table and the matching pattern are derived once per glossary.
    """

    entries: tuple[tuple[str, str], ...]

    def lookup(self, written: str) -> str | None:
        """The spoken form of an abbreviation, or None."""
        return self.table.get(written)

    @cached_property
    def table(self) -> Mapping[str, str]:
        return dict(self.entries)

    @cached_property
    def spoken_words(self) -> frozenset[str]:
        """Every word used in a spoken form; these are never reported as unreadable."""
        return frozenset(word for _, spoken in self.entries for word in re.findall(r"[^\W_]+", spoken))

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """Any written form, longest first, standing on its own."""
        if not self.entries:
            return None
        # A written form ending in a dot ("TP.") must not swallow a full stop: it
        # only counts when a word follows.
        alternatives = [
            re.escape(key) + (r"(?=\s*[^\W\d_])" if key.endswith(".") else r"(?![\w&])(?![/.,]\d)")
            for key, _ in sort_glossary_entries(self.entries)
        ]
        # The look-ahead on first letters is only for speed: it turns most positions
        # down before the alternatives are tried one by one.
        first_letters = "".join(sorted({re.escape(key[0]) for key, _ in self.entries}))
        return re.compile(rf"(?<![\w&])(?<!\d[/.,])(?=[{first_letters}])(?:" + "|".join(alternatives) + ")")

    @cached_property
    def hint(self) -> re.Pattern[str] | None:
        """Any written form anywhere: a quick test, as most paragraphs hold none."""
        if not self.entries:
            return None
        return re.compile("|".join(re.escape(key) for key, _ in self.entries))


def load_glossary(extra: Mapping[str, str] | None = None) -> Glossary:
    """The default glossary (package data) plus a site's own entries, which win.

    `extra` is the "abbreviations" mapping of content/spoken.yaml.
    """
    merged = read_glossary_file(DEFAULT_GLOSSARY_PATH)
    for written, spoken in (extra or {}).items():
        key, value = _check_glossary_entry(written, spoken)
        merged[key] = value
    return Glossary(entries=sort_glossary_entries(merged.items()))


def read_glossary_file(path: Path) -> dict[str, str]:
    """Read a spoken.yaml file ("abbreviations:" mapping) into a dict."""
    # BaseLoader keeps every scalar a string, so an abbreviation like NO or ON
    # stays text instead of becoming a boolean.
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
    entries = document.get("abbreviations", {}) if isinstance(document, dict) else None
    if not isinstance(entries, dict):
        raise ValueError(f'{path}: "abbreviations" must be a mapping of written form to spoken form')
    return dict(_check_glossary_entry(written, spoken) for written, spoken in entries.items())


def sort_glossary_entries(entries: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Longest written form first so that "LĐ-TB&XH" wins over "TB&XH"."""
    return tuple(sorted(entries, key=lambda item: (-len(item[0]), item[0])))


def _check_glossary_entry(written: object, spoken: object) -> tuple[str, str]:
    if not isinstance(written, str) or not isinstance(spoken, str):
        raise ValueError(f"glossary entries must be text: {written!r}: {spoken!r}")
    key, value = normalise_text(written).strip(), normalise_text(spoken).strip()
    if not key or not value:
        raise ValueError(f"empty glossary entry: {written!r}: {spoken!r}")
    return key, value


# --- speaking one piece of text ------------------------------------------------------


@dataclass(frozen=True)
class Spoken:
    """Text as it is read aloud, and what could not be put into words."""

    text: str
    unspoken: tuple[str, ...]


# Kinds of legal documents, by the code that names them inside a reference
# ("56/2017/NĐ-CP" is a Nghị định). Said when the text does not say it already.
DOCUMENT_TYPES: Mapping[str, str] = MappingProxyType({
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết liên tịch",
    "CT": "Chỉ thị",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "KH": "Kế hoạch",
    "CV": "Công văn",
    "HD": "Hướng dẫn",
    "HĐ": "Hướng dẫn",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "CĐ": "Công điện",
    "KL": "Kết luận",
    "TTr": "Tờ trình",
    "PL": "Pháp lệnh",
})
_JOINT_TYPES = frozenset({"TTLT", "NQLT"})

# Words after which a number is a phone number ("gọi 115", "Tổng đài 111").
_PHONE_TRIGGER = re.compile(
    r"(?<![^\W\d_])(?:gọi|tổng đài|đường dây nóng|đường dây|số điện thoại|điện thoại|hotline|số máy|liên hệ|nhắn tin)(?![^\W\d_])",
    re.IGNORECASE,
)
# A number right after these words is a date part, an amount or an ordinal, never a phone.
_NOT_PHONE_AFTER = frozenset(
    "năm ngày tháng thứ quý khóa khoá lần đợt đoạn mùng mồng khoảng gần hơn trên dưới tổng cộng".split()
)
# Words before a date that already say "ngày" / "tháng".
_DAY_WORDS = frozenset({"ngày", "mùng", "mồng", "hôm"})
_DATE_CONTEXT = frozenset({"ngày", "từ", "đến", "tới", "trước", "sau", "hạn", "vào", "mùng", "mồng"})
_ROMAN_CONTEXT = frozenset({"khóa", "khoá", "kỳ", "phần", "chương", "quý", "hội", "thứ"})

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_START = r"(?<![\w.,/])"  # not inside another number or code
_END = r"(?![\w/]|[.,]\d)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"

_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"“”]+|(?<![\w@.])(?:[a-z0-9-]+\.)+(?:vn|com|org|net|info|gov)(?:/[^\s<>()\[\]\"“”]*)?(?![\w@])", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LEGAL_CODE = re.compile(
    r"(?<![\w/.,-])(?:"
    r"(?P<num>\d{1,6})(?:/(?P<year>(?:19|20)\d{2}))?/(?P<code>[A-ZĐ][A-Za-zĐđƯư&]*\d{0,2}(?:(?:[-/]| - )[A-ZĐ][A-Za-zĐđƯư&]*\d{0,2})*)"
    r"|(?P<pnum>\d{1,6})-(?P<ptype>[A-ZĐ]{2,5})/(?P<pcode>[A-ZĐ][A-Za-zĐđƯư]*)"
    r")(?![\w&])"
)
_ROMAN = re.compile(r"(?<![\w])(?P<roman>[IVXLC]{1,7})(?:/(?P<year>(?:19|20)\d{2}))?(?![\w])")
_DATE_RANGE = re.compile(
    _START
    + rf"(?P<a>(?P<ad>{_DAY})(?:/(?P<am>{_MONTH})(?:/(?P<ay>\d{{4}}))?)?)"
    + rf"\s?[-–]\s?(?P<bd>{_DAY})/(?P<bm>{_MONTH})(?:/(?P<by>\d{{4}}))?"
    + _END
)
_FULL_DATE = re.compile(_START + rf"(?P<d>{_DAY})(?P<sep>[/.-])(?P<m>{_MONTH})(?P=sep)(?P<y>\d{{4}})" + _END)
_NUMBER_YEAR = re.compile(_START + r"(?P<n>\d{1,5})/(?P<y>(?:19|20)\d{2})" + _END)
_DAY_MONTH = re.compile(_START + rf"(?P<d>{_DAY})/(?P<m>{_MONTH})" + _END)
_TIME_TOKEN = r"(?:[01]?\d|2[0-4])(?:[hH](?:[0-5]\d)?'?|:[0-5]\d)"
_TIME = re.compile(r"(?<![\w.,/:])(?P<a>" + _TIME_TOKEN + r")(?:\s?[-–]\s?(?P<b>" + _TIME_TOKEN + r"))?(?![\w/:]|[.,]\d)")
_TIME_PARTS = re.compile(r"(\d+)[hH:]?(\d*)")
_GROUPED_PHONE = re.compile(_START + r"\d{2,4}(?:[ .-]\d{2,4}){1,3}" + _END)
_DIGIT_RUN = re.compile(_START + r"\d{3,12}(?![\w/]|[.,]\d|\s?%)")
_COMPARISON_WORDS = {"≥": "ít nhất", "≤": "không quá", ">": "trên", "<": "dưới", "≈": "khoảng", "~": "khoảng", "=": "bằng"}
_COMPARISON = re.compile(r"([≥≤><≈~=])\s*")
_PER_UNIT = re.compile(r"(?<=[\d%])\s?/\s?(?=(?:năm|tháng|tuần|ngày|giờ|người|lượt)(?![^\W\d_]))")
_WORD_PER_NUMBER = re.compile(r"(?<=[^\W\d_])\s?/\s?(?=\d)")
_RATIO = re.compile(_START + rf"(?P<a>{_NUM})/(?P<b>{_NUM})" + _END)
_RANGE = re.compile(_START + rf"(?P<a>{_NUM})(?P<ap>\s?%)?\s?[-–—]\s?(?P<b>{_NUM})(?P<bp>\s?%)?" + _END)
_DOTTED = re.compile(_START + r"\d+(?:\.\d+)+" + _END)
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_UNITS = {"km": "ki-lô-mét", "kg": "ki-lô-gam", "cm": "xăng-ti-mét", "mm": "mi-li-mét", "ha": "héc-ta", "m2": "mét vuông", "m²": "mét vuông", "m": "mét", "g": "gam", "đ": "đồng"}
_NUMBER = re.compile(
    _START
    + rf"(?P<n>{_NUM})(?:(?P<pct>\s?%)|(?P<unit>km|kg|cm|mm|ha|m2|m²|m|g|đ)(?!\w)|\s(?P<sunit>km|kg|cm|ha)(?!\w))?"
    + r"(?![\w/]|[.,]\d)"
)
_WORD_SLASH_WORD = re.compile(r"(?<=[^\W\d_])\s?/\s?(?=[^\W\d_])")
# Anything but letters, digits, spaces and the punctuation a reader pauses on.
_STRAY_SYMBOL = re.compile(r"[^\w\s.,;:!?()\"'“”‘’«»\-–—…]|_")
_SENTENCE_END = ".!?…"


def speak(text: str, *, glossary: Glossary, hotlines: frozenset[str] = frozenset()) -> Spoken:
    """Rewrite `text` the way it is read aloud, and list what could not be."""
    return speak_all([text], glossary=glossary, hotlines=hotlines)[0]


def speak_all(texts: Sequence[str], *, glossary: Glossary, hotlines: Iterable[str] = ()) -> list[Spoken]:
    """`speak` for each text, faster than one by one (the paragraphs of a page)."""
    return _speak_all(texts, glossary, registered_digits(hotlines))


def registered_digits(hotlines: Iterable[str]) -> frozenset[str]:
    """Hotline numbers as bare digits ("1900 545 559" → "1900545559")."""
    return frozenset(re.sub(r"\D", "", h) for h in hotlines)


# How `_speak_all` saves time, without changing a character of the result:
#
# - The texts are joined into one, separated by a mark that no text holds
#   (normalise_text removes private-use marks) and no pattern matches, so a
#   pass that does not care what is around a match (the "&" → "và" kind) runs
#   once per page instead of once per paragraph.
# - A pass that reads the text around a match (the word before a number, the
#   start of the sentence) or notes what it drops runs on each part alone, as
#   `speak` would, and only on the parts where its hint is found.
# - A hint is a quick pattern found in whatever its pass would match, so a part
#   without the hint is one the pass leaves alone. Hints are written to be
#   searched fast: a rare character first, the rest checked around it.
_PART_BREAK = "\ue00f"

# A class of plain characters is searched several times faster than \d or \w:
# "[^{_COMMON}]" passes over lower-case letters, capitals A–Z, spaces and the
# commonest punctuation at that speed, and a look-behind checks what it stops at.
_LOWER_VIETNAMESE = LOWER_VIETNAMESE
_COMMON = _LOWER_VIETNAMESE + "A-Z .,"
_AT_DIGIT = rf"[^{_COMMON}](?<=\d)"  # a digit, found fast; a hint may go on after it
_DIGIT = re.compile(_AT_DIGIT)
_NUMBER_HINT = re.compile(rf"[^{_COMMON}](?<=[\d%])")  # "%" for the per-unit pass: "50%/năm"
_STRAY_SYMBOL_HINT = re.compile(rf"[^{_COMMON}0-9](?<=[^\w\s.,;:!?()\"'“”‘’«»\-–—…\ue00f]|_)")
# E-mail, scheme, "www." or a domain's ".vn", ".com" …: what _URL and _EMAIL need.
# (_URL ignores case, and so matches "ı" and "İ" for "i" in "info".)
_ADDRESS_HINT = re.compile(r"@|://|\.(?:(?<=[wW]{3}\.)|(?=[vVcCoOnNiIgGıİ]))")
_LEGAL_CODE_HINT = re.compile(r"[/-](?<=\d[/-])[A-ZĐ]")  # "…/2017/NĐ…", "26-NQ…"
_ROMAN_HINT = re.compile(r"[IVXLC](?!\w)")  # a numeral's last letter, then no letter
_DIGIT_SLASH = re.compile(r"/(?<=\d/)")
_DASH_DAY_SLASH = re.compile(r"[-–]\s?\d\d?/")
_DIGIT_DOT_DIGIT = re.compile(r"\.(?<=\d\.)\d")
_DIGIT_SEPARATOR_DIGIT = re.compile(_AT_DIGIT + r"[ ./-]\d")
_HOUR_MARK = re.compile(_AT_DIGIT + r"[hH:]")
_THREE_DIGITS = re.compile(_AT_DIGIT + r"\d\d")
_SLASH_AFTER_NUMBER = re.compile(r"/(?:(?<=[\d%]/)|(?<=[\d%]\s/))")
_SLASH_BEFORE_DIGIT = re.compile(r"/\s?\d")
_DASH_AFTER_NUMBER = re.compile(_AT_DIGIT + r"(?:\s?%)?\s?[-–—]")
# A capital inside a word, the only place a code's second capital can be.
_INNER_CAPITAL = re.compile(rf"[^{_LOWER_VIETNAMESE} .,](?<=[^\W\d_][^\W\d_])")


def _speak_all(texts: Sequence[str], glossary: Glossary, registered: frozenset[str]) -> list[Spoken]:
    notes: list[list[str]] = [[] for _ in texts]
    s = _prepare(_PART_BREAK.join(normalise_text(text) for text in texts))
    s = _rewrite_parts(s, notes, _ADDRESS_HINT, _remove_addresses)
    s = _rewrite_parts(s, notes, _LEGAL_CODE_HINT, lambda part, found: _speak_legal_codes(part, glossary, found))
    if glossary.hint is not None:
        s = _rewrite_parts(s, notes, glossary.hint, lambda part, _: _replace_glossary(part, glossary))
    s = s.replace("&", " và ")
    s = _rewrite_parts(s, notes, _ROMAN_HINT, lambda part, _: _ROMAN.sub(_speak_roman, part))
    if any(symbol in s for symbol in _COMPARISON_WORDS):
        s = _COMPARISON.sub(lambda m: _COMPARISON_WORDS[m.group(1)] + " ", s)
    # After the glossary, as a site's spoken form may contain digits.
    s = _rewrite_parts_together(s, _NUMBER_HINT, lambda numbered: _speak_numbers(numbered, registered))
    s = s.replace("%", " phần trăm ")
    if "/" in s:
        s = _WORD_SLASH_WORD.sub(", ", s)
    s = _rewrite_parts(s, notes, _STRAY_SYMBOL_HINT, _drop_stray_symbols)
    s = _tidy(s)
    parts = [part.strip() for part in s.split(_PART_BREAK)]
    for i in sorted({*_parts_matching(s, _DIGIT), *_parts_matching(s, _INNER_CAPITAL)}):
        notes[i] += _find_unreadable(parts[i], glossary)
    return [Spoken(text=part, unspoken=_unique(found)) for part, found in zip(parts, notes)]


def _rewrite_parts(
    s: str,
    notes: list[list[str]],
    hint: re.Pattern[str],
    rewrite: Callable[[str, list[str]], str],
) -> str:
    """`rewrite(part, notes of the part)` each part of `s` in which `hint` is found."""
    return _rewrite_chosen(s, _parts_matching(s, hint), lambda i, part: rewrite(part, notes[i]))


def _rewrite_chosen(s: str, chosen: Iterable[int], rewrite: Callable[[int, str], str]) -> str:
    """`rewrite(i, part)` the parts of `s` numbered in `chosen`."""
    if not chosen:
        return s
    parts = s.split(_PART_BREAK)
    for i in chosen:
        parts[i] = rewrite(i, parts[i])
    return _PART_BREAK.join(parts)


def _rewrite_parts_together(s: str, hint: re.Pattern[str], rewrite: Callable[[str], str]) -> str:
    """`rewrite` the parts of `s` in which `hint` is found, joined as `s` is (for passes that note nothing)."""
    chosen = _parts_matching(s, hint)
    if not chosen:
        return s
    parts = s.split(_PART_BREAK)
    rewritten = rewrite(_PART_BREAK.join(parts[i] for i in chosen)).split(_PART_BREAK)
    for i, part in zip(chosen, rewritten):
        parts[i] = part
    return _PART_BREAK.join(parts)


def _parts_matching(s: str, hint: re.Pattern[str]) -> list[int]:
    """The numbers of the parts of `s` in which `hint` is found (no hint matches across parts)."""
    chosen: list[int] = []
    part, counted_to = 0, 0
    match = hint.search(s)
    while match is not None:
        part += s.count(_PART_BREAK, counted_to, match.start())
        chosen.append(part)
        # The rest of this part need not be searched.
        counted_to = s.find(_PART_BREAK, match.end()) + 1
        if counted_to == 0:
            break
        part += 1
        match = hint.search(s, counted_to)
    return chosen


def _speak_legal_codes(s: str, glossary: Glossary, notes: list[str]) -> str:
    return _LEGAL_CODE.sub(lambda m: _speak_legal_code(m, glossary, notes), s)


def _speak_numbers(s: str, registered: frozenset[str]) -> str:
    """Dates, times, phone numbers, then plain numbers, in that order."""
    found: dict[re.Pattern[str], list[int]] = {}  # hint → parts, while the text is unchanged
    for pattern, replacement, hint in (
        (_DATE_RANGE, _speak_date_range, _DASH_DAY_SLASH),
        (_FULL_DATE, _speak_full_date, _DIGIT_SEPARATOR_DIGIT),
        (_NUMBER_YEAR, _speak_number_year, _DIGIT_SLASH),
        (_DAY_MONTH, _speak_day_month, _DIGIT_SLASH),
        (_TIME, _speak_time, _HOUR_MARK),
        (_GROUPED_PHONE, lambda m: _speak_grouped_phone(m, registered), _DIGIT_SEPARATOR_DIGIT),
        (_DIGIT_RUN, lambda m: _speak_digit_run(m, registered), _THREE_DIGITS),
        (_PER_UNIT, " mỗi ", _SLASH_AFTER_NUMBER),
        (_WORD_PER_NUMBER, " trên ", _SLASH_BEFORE_DIGIT),
        (_RATIO, _speak_ratio, _DIGIT_SLASH),
        (_RANGE, _speak_range, _DASH_AFTER_NUMBER),
        (_DOTTED, _speak_dotted, _DIGIT_DOT_DIGIT),
        (_NUMBER, _speak_number, _DIGIT),
    ):
        if hint not in found:
            found[hint] = _parts_matching(s, hint)
        if found[hint]:
            rewritten = _rewrite_chosen(s, found[hint], lambda _, part: pattern.sub(replacement, part))
            if rewritten != s:
                s = rewritten
                found.clear()
    return s


def _prepare(s: str) -> str:
    # Plans pasted from PDFs carry TeX ("$\geq 95\%$"); keep what it means.
    if "\\" in s or "$" in s:
        s = _rewrite_chosen(s, range(s.count(_PART_BREAK) + 1), lambda _, part: _read_tex(part))
    return _strip_parts(_collapse_spaces(s))


def _read_tex(text: str) -> str:
    text = re.sub(r"\\geq?\b", "≥", text)
    text = re.sub(r"\\leq?\b", "≤", text)
    text = text.replace("\\%", "%")
    return re.sub(r"\$([^$\n]*)\$", r"\1", text)


def _strip_parts(s: str) -> str:
    """Strip each part of `s` (after _collapse_spaces, which strips the whole)."""
    return s.replace(" " + _PART_BREAK, _PART_BREAK).replace(_PART_BREAK + " ", _PART_BREAK)


def _collapse_spaces(text: str) -> str:
    # re.sub(r"\s+", " ", text).strip(), faster: str.split() and the `\s` of a
    # str pattern count exactly the same characters as spaces.
    return " ".join(text.split())


def _remove_addresses(s: str, notes: list[str]) -> str:
    def drop(match: re.Match[str]) -> str:
        found = match.group(0)
        address = found.rstrip(".,;:!?")
        notes.append(address)
        return found[len(address) :]

    return _URL.sub(drop, _EMAIL.sub(drop, s))


# --- context helpers --------------------------------------------------------------

_LAST_WORD = re.compile(r"([^\W\d_]+)\s*$")


def _previous_word(s: str, start: int) -> str:
    """The word right before `start` (only spaces between), lower-cased, or ""."""
    match = _LAST_WORD.search(s, max(0, start - 40), start)
    return match.group(1).lower() if match else ""


def _fit_case(words: str, s: str, start: int) -> str:
    """Capitalise words that now open a sentence."""
    before = s[:start].rstrip(" \"'“‘(«*")
    if words and (not before or before[-1] in _SENTENCE_END):
        return words[0].upper() + words[1:]
    return words


def _replace_glossary(s: str, glossary: Glossary) -> str:
    if glossary.hint is None or not glossary.hint.search(s):
        return s
    table = glossary.table

    def replace(match: re.Match[str]) -> str:
        written = match.group(0)
        # "24/7" in a glossary means round the clock, but "ngày 24/7" is a date.
        if written[0].isdigit() and _previous_word(s, match.start()) in _DATE_CONTEXT:
            return written
        spoken = _fit_case(table[written], s, match.start())
        glued = written.endswith(".") and not s[match.end() : match.end() + 1].isspace()
        return spoken + " " if glued else spoken

    return glossary.pattern.sub(replace, s)


# --- legal references ---------------------------------------------------------------


def _speak_legal_code(match: re.Match[str], glossary: Glossary, notes: list[str]) -> str:
    s = match.string
    if match.group("pnum"):  # party documents: 26-NQ/TU
        number, year, parts = match.group("pnum"), None, [match.group("ptype"), match.group("pcode")]
    else:
        number, year, parts = match.group("num"), match.group("year"), re.split(r" ?[-/] ?", match.group("code"))
    doc_type, issuer_codes = _split_document_code(parts, glossary)
    issuers: list[str] = []
    for code in issuer_codes:
        spoken = glossary.lookup(code)
        if spoken is None:
            # Unknown first issuer: say nothing rather than guess, and warn the reader.
            # Unknown codes after a known issuer are the issuer's own department
            # ("SLĐTBXH-TE&BDG"), which listeners do not need.
            if not issuers:
                notes.append(code)
            break
        issuers.append(spoken)
        if doc_type not in _JOINT_TYPES:
            break
    words = f"số {spell_number(int(number))}"
    before = s[: match.start()]
    if re.search(r"(?<![^\W\d_])số\s*$", before, re.IGNORECASE):
        words = spell_number(int(number))
    elif doc_type and not _ends_with_document_name(before):
        words = f"{DOCUMENT_TYPES[doc_type]} {words}"
    if year:
        words += f" năm {spell_year(int(year))}"
    if issuers and not _names_issuer_after(s, match.end()):
        words += " của " + _join_words(issuers)
    return _fit_case(words, s, match.start())


_ISSUER_AFTER = re.compile(r"(?<![^\W\d_])của\s+(\w)")


def _names_issuer_after(s: str, end: int) -> bool:
    """Whether the clause goes on to name the issuer itself ("… ngày 09/5/2017 của Chính phủ")."""
    clause = re.split(r"[,;.!?:](?:\s|$)", s[end : end + 120], maxsplit=1)[0]
    return any(m.group(1).isupper() for m in _ISSUER_AFTER.finditer(clause))


def _split_document_code(parts: list[str], glossary: Glossary) -> tuple[str | None, list[str]]:
    first, rest = parts[0], parts[1:]
    if first in DOCUMENT_TYPES:
        return first, rest
    # Codes written without their hyphen: "NĐCP".
    for doc_type in sorted(DOCUMENT_TYPES, key=len, reverse=True):
        if first.startswith(doc_type) and glossary.lookup(first[len(doc_type) :]):
            return doc_type, [first[len(doc_type) :], *rest]
    return None, parts


def _ends_with_document_name(before: str) -> bool:
    tail = before.rstrip().lower()
    return any(tail.endswith(name.lower()) for name in DOCUMENT_TYPES.values())


def _join_words(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " và " + items[-1]


# --- dates and times --------------------------------------------------------------------


def _speak_roman(match: re.Match[str]) -> str:
    # Only after words that take a number ("khóa XIII", "quý IV"); elsewhere
    # capitals like "CV" or "VI" are more likely codes or words.
    numeral, year = match.group("roman"), match.group("year")
    value = parse_roman(numeral)
    previous = _previous_word(match.string, match.start())
    if value is None or previous not in _ROMAN_CONTEXT:
        return match.group(0)
    words = spell_ordinal(value) if previous == "thứ" else spell_number(value)
    return f"{words} năm {spell_year(int(year))}" if year else words


def _date_words(day: str, month: str | None, year: str | None) -> str:
    if month is None:
        return f"ngày {spell_day(int(day))}"
    return spell_date(int(day), int(month), int(year) if year else None)


def _speak_date_range(match: re.Match[str]) -> str:
    s, start = match.string, match.start()
    first = _date_words(match.group("ad"), match.group("am"), match.group("ay"))
    second = _date_words(match.group("bd"), match.group("bm"), match.group("by"))
    if _previous_word(s, start) in _DAY_WORDS:
        first = first.removeprefix("ngày ")
    words = f"{first} đến {second}"
    if _previous_word(s, start) not in ("từ", *_DAY_WORDS):
        words = "từ " + words
    return _fit_case(words, s, start)


def _speak_full_date(match: re.Match[str]) -> str:
    s, start = match.string, match.start()
    words = spell_date(int(match.group("d")), int(match.group("m")), int(match.group("y")))
    if _previous_word(s, start) in _DAY_WORDS:
        words = words.removeprefix("ngày ")
    return _fit_case(words, s, start)


def _speak_number_year(match: re.Match[str]) -> str:
    s, start = match.string, match.start()
    n, year = int(match.group("n")), spell_year(int(match.group("y")))
    previous = _previous_word(s, start)
    if previous == "quý" or previous == "số" or not 1 <= n <= 12:
        # "quý 2/2024", "số 12/2023": a quarter or a document number, then its year.
        return f"{spell_number(n)} năm {year}"
    words = f"{spell_month(n)} năm {year}"
    if previous != "tháng":
        words = "tháng " + words
    return _fit_case(words, s, start)


def _speak_day_month(match: re.Match[str]) -> str:
    s, start, end = match.string, match.start(), match.end()
    day, month = int(match.group("d")), int(match.group("m"))
    if is_count(s, end) or re.match(r"\s+số(?![^\W\d_])", s[end:]):
        # "1/3 số hộ": a fraction.
        denominator = "tư" if month == 4 else spell_number(month)
        return _fit_case(f"{spell_number(day)} phần {denominator}", s, start)
    words = spell_date(day, month)
    if _previous_word(s, start) in _DAY_WORDS:
        words = words.removeprefix("ngày ")
    return _fit_case(words, s, start)


def _time_words(token: str) -> str:
    hour, minute = _TIME_PARTS.match(token).groups()  # type: ignore[union-attr]
    return spell_time(int(hour), int(minute or 0))


def _speak_time(match: re.Match[str]) -> str:
    words = _time_words(match.group("a"))
    if match.group("b"):
        words += " đến " + _time_words(match.group("b"))
    return _fit_case(words, match.string, match.start())


# --- phone numbers --------------------------------------------------------------------


_SENTENCE_BREAK = re.compile(r"[.!?;](?:\s|$)")
_LISTED_NUMBER = re.compile(r"\(?\d{3,}[),:]*")


def _follows_trigger(s: str, start: int) -> bool:
    """True when a phone word ("gọi", "tổng đài", …) leads up to the number in this sentence."""
    segment = _SENTENCE_BREAK.split(s[max(0, start - 160) : start])[-1]
    last = None
    for last in _PHONE_TRIGGER.finditer(segment):
        pass
    if last is None:
        return False
    between = segment[last.end() :].split()
    # A few words may sit between ("gọi ngay Tổng đài"), and earlier numbers of a list.
    return len(between) <= 6 and all(not any(c.isdigit() for c in w) or _LISTED_NUMBER.fullmatch(w) for w in between)


def _is_phone(digits: str, s: str, start: int, end: int, registered: frozenset[str]) -> bool:
    if is_count(s, end):
        return False
    if is_phone_shaped(digits):
        return True
    if _previous_word(s, start) in _NOT_PHONE_AFTER:
        return False
    return digits in registered or _follows_trigger(s, start)


def _speak_grouped_phone(match: re.Match[str], registered: frozenset[str]) -> str:
    # Only whole numbers written in groups; "2021-2025" or "10.000" go on to later passes.
    written = match.group(0)
    digits = re.sub(r"\D", "", written)
    if (is_phone_shaped(digits) or digits in registered) and _is_phone(digits, match.string, match.start(), match.end(), registered):
        return spell_phone(digits, re.split(r"[ .-]", written))
    return written


def _speak_digit_run(match: re.Match[str], registered: frozenset[str]) -> str:
    digits = match.group(0)
    if _is_phone(digits, match.string, match.start(), match.end(), registered):
        return _fit_case(spell_phone(digits), match.string, match.start())
    return digits


# --- plain numbers ------------------------------------------------------------------------


def _speak_ratio(match: re.Match[str]) -> str:
    # "17/100.000 trẻ em": seventeen per hundred thousand.
    words = f"{spell_decimal(match.group('a'))} trên {spell_decimal(match.group('b'))}"
    return _fit_case(words, match.string, match.start())


def _number_in_context(written: str, s: str, start: int, end: int) -> str:
    """A number, read as the word before it asks: "thứ 4" → tư, "ngày 5" → mùng năm."""
    previous = _previous_word(s, start)
    if "," in written or "." in written:
        return spell_decimal(written)
    n = int(written)
    if previous == "thứ":
        return spell_ordinal(n)
    if previous == "ngày" and 1 <= n <= 31 and not is_count(s, end):
        return spell_day(n)
    if previous == "tháng" and 1 <= n <= 12 and not is_count(s, end):
        return spell_month(n)
    if _looks_like_year(written, previous) and not is_count(s, end):
        return spell_year(n)
    return spell_number(n)


def _looks_like_year(written: str, previous: str) -> bool:
    # Amounts of a thousand or more are written with a dot (1.500), so four bare
    # digits in this span are a year ("giai đoạn 2021-2025"), as is anything after "năm".
    return len(written) == 4 and (1900 <= int(written) <= 2100 or previous == "năm")


def _speak_range(match: re.Match[str]) -> str:
    s, start = match.string, match.start()
    previous = _previous_word(s, start)
    first = _number_in_context(match.group("a"), s, start, match.end("a"))
    second = _number_in_context(match.group("b"), s, start, match.end())
    if match.group("ap"):
        first += " phần trăm"
    if match.group("bp"):
        second += " phần trăm"
    if previous in ("thứ", "ngày", "tháng"):
        # "thứ 2-6" → "thứ hai đến thứ sáu": the second end needs its word too.
        second = f"{previous} {second}"
    return _fit_case(f"{first} đến {second}", s, start)


def _speak_dotted(match: re.Match[str]) -> str:
    written = match.group(0)
    if _THOUSANDS.fullmatch(written):
        return written  # a plain number, for the next pass
    # Section numbers and versions: "mục 2.5", "4.0" → "hai chấm năm".
    words = " chấm ".join(spell_number(int(part)) for part in written.split("."))
    return _fit_case(words, match.string, match.start())


def _speak_number(match: re.Match[str]) -> str:
    s, start = match.string, match.start()
    words = _number_in_context(match.group("n"), s, start, match.end("n"))
    if match.group("pct"):
        words += " phần trăm"
    unit = match.group("unit") or match.group("sunit")
    if unit:
        words += " " + _UNITS[unit]
    return _fit_case(words, s, start)


# --- what is left -----------------------------------------------------------------------------


def _drop_stray_symbols(s: str, notes: list[str]) -> str:
    def drop(match: re.Match[str]) -> str:
        notes.append(match.group(0))
        return " "

    return _STRAY_SYMBOL.sub(drop, s)


_EMPTY_BRACKETS = re.compile(r"\(\s*\)")
# A space before closing punctuation or after opening punctuation (the text
# has single spaces by then); removing both kinds at once gives what removing
# one kind and then the other would.
_SPACE_INSIDE_PUNCTUATION = re.compile(r" (?:(?=[,.;:!?…)”’»])|(?<=[(“‘«] ))")
_PAUSE_BEFORE_STOP = re.compile(r"[,:;][,:;]*(?=[.!?,])")  # not "[,:;]+": a class first is searched faster
_REPEATED_COMMAS = re.compile(r",{2,}")


def _tidy(s: str) -> str:
    if "(" in s:
        s = _EMPTY_BRACKETS.sub(" ", s)  # what was in them was dropped
    s = _strip_parts(_collapse_spaces(s))  # so a single space is all the patterns below need to see
    s = _SPACE_INSIDE_PUNCTUATION.sub("", s)
    s = _PAUSE_BEFORE_STOP.sub("", s)
    if ",," in s:
        s = _REPEATED_COMMAS.sub(",", s)
    return s.strip()


_VOWEL_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn: part of the vowel
_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)


def is_vietnamese_syllable(word: str) -> bool:
    """Whether `word` spells one Vietnamese syllable ("MỤC" yes, "UBND" no)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    base = "".join(c for c in decomposed if not unicodedata.combining(c) or c in _VOWEL_SHAPE_MARKS)
    base = unicodedata.normalize("NFC", base)
    return "ii" not in base and _SYLLABLE.fullmatch(base) is not None


_WITH_DIGITS = re.compile(r"(?:[\w&]+[.,/-])*[\w&]*\d[\w&]*(?:[.,/-][\w&]+)*")
_LETTERS = re.compile(r"[^\W\d_]+")


def _find_unreadable(s: str, glossary: Glossary) -> list[str]:
    """Leftover digits, and capitalised codes that are not Vietnamese words ("UBND-VX" → "VX")."""
    found = [token.strip("&.,") for token in _WITH_DIGITS.findall(s)] if _DIGIT.search(s) else []
    if not _INNER_CAPITAL.search(s):
        return found
    for word in _LETTERS.findall(s):
        if word.islower() or word.istitle() or word in glossary.spoken_words:
            continue
        if sum(1 for c in word if c.isupper()) >= 2 and not is_vietnamese_syllable(word):
            found.append(word)
    return found


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


_SYLLABLE_WORD = re.compile(r"[^\W_]+")


def count_syllables(text: str) -> int:
    """Written words (Vietnamese syllables) in the text; punctuation does not count."""
    return _SYLLABLE_WORD.subn("", text)[1]  # counts without a list of the words


# --- Markdown to readable blocks --------------------------------------------------------------


BlockKind = Literal["heading", "item", "paragraph"]


@dataclass(frozen=True)
class Block:
    """One paragraph to read: a heading, a list item or a plain paragraph."""

    kind: BlockKind
    text: str


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = frozenset({"p", "div", "blockquote", "section", "article", "dd", "dt", "figcaption", "ul", "ol", "hr", "li", *_HEADINGS})
_SKIPPED_TAGS = frozenset({"script", "style", "pre", "code", "table", "iframe", "object", "svg", "noscript", "template", "head", "math"})
# Left out, but the reader is told: their text may matter ("bảng: Khi nào | Gọi số").
_NOTED_TAGS = {"table": "bảng", "pre": "mã", "code": "mã"}
_VOID_TAGS = frozenset({"img", "br", "hr", "input", "meta", "link", "source", "wbr", "embed", "area", "col"})


class _BlockCollector(HTMLParser):
    """Collects the readable blocks of Markdown's HTML and notes what is left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.notes: list[str] = []
        self._buffer: list[str] = []
        self._kind: BlockKind = "paragraph"
        self._list_depth = 0
        self._skipping: list[str] = []
        self._table_headers: list[str] = []
        self._skipped_text = ""
        self._in_header_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self._skipping:
            if tag == "th":
                self._in_header_cell, self._table_headers = True, [*self._table_headers, ""]
            if tag not in _VOID_TAGS:
                self._skipping.append(tag)
            return
        if tag in _SKIPPED_TAGS:
            if tag != "code":  # inline code sits inside a sentence
                self._flush()
            self._skipping.append(tag)
            self._table_headers, self._skipped_text = [], ""
            return
        if tag in _BLOCK_TAGS:
            self._flush()
            if tag == "li":
                self._list_depth += 1
            self._kind = "heading" if tag in _HEADINGS else ("item" if self._list_depth else "paragraph")
        elif tag == "br":
            self._buffer.append(" ")
        elif tag == "img":
            self.notes.append("hình ảnh: " + (attributes.get("alt") or attributes.get("src") or "").strip())
        elif tag == "a":
            href = attributes.get("href") or ""
            if href.startswith(("http://", "https://", "mailto:")):
                self.notes.append(href.removeprefix("mailto:"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == "th":
                self._in_header_cell = False
            if tag in self._skipping:
                while self._skipping and self._skipping.pop() != tag:
                    pass
                if not self._skipping and tag in _NOTED_TAGS:
                    self._note_left_out(tag)
            return
        if tag in _BLOCK_TAGS:
            self._flush()
            if tag == "li":
                self._list_depth = max(0, self._list_depth - 1)
            self._kind = "item" if self._list_depth else "paragraph"

    def _note_left_out(self, tag: str) -> None:
        label = _NOTED_TAGS[tag]
        if tag == "table":
            detail = " | ".join(h.strip() for h in self._table_headers if h.strip())
        else:
            detail = _collapse_spaces(self._skipped_text)
        self.notes.append(f"{label}: {detail}" if detail else label)

    def handle_data(self, data: str) -> None:
        if self._skipping:
            if self._in_header_cell and self._table_headers:
                self._table_headers[-1] += data
            self._skipped_text += data
            return
        self._buffer.append(data)

    def _flush(self) -> None:
        text = _collapse_spaces("".join(self._buffer))
        self._buffer = []
        if text:
            self.blocks.append(Block(self._kind, text))

    def close(self) -> None:
        super().close()
        self._flush()


def split_markdown_blocks(
    markdown_text: str, converter: markdown.Markdown | None = None
) -> tuple[tuple[Block, ...], tuple[str, ...]]:
    """Markdown → readable blocks, plus notes on what was left out (tables, images, links).

    Pass a `converter` (from `markup.create_markdown`) to reuse one across pages.
    """
    source = normalise_text(markdown_text)
    if _PLAIN_PARAGRAPH.fullmatch(source):
        # Markdown would only wrap it in <p>: a summary, usually.
        block = _prepare_block(Block("paragraph", _collapse_spaces(source)))
        return ((block,) if block.text else ()), ()
    converter = converter or create_markdown()
    converter.reset()
    collector = _BlockCollector()
    collector.feed(converter.convert(source))
    collector.close()
    blocks = tuple(b for b in (_prepare_block(block) for block in collector.blocks) if b.text)
    return blocks, _unique(collector.notes)


# One line that Markdown would only wrap in <p>: a letter first (no heading,
# list, quote or code block), no line break, no character of inline markup
# (emphasis, code, links, HTML, entities, escapes, tables), no control character.
_PLAIN_PARAGRAPH = re.compile(r"[^\W\d_][^\x00-\x1f<>&\\`*_\[\]|]*")


def split_html_blocks(fragment_html: str) -> tuple[tuple[Block, ...], tuple[str, ...]]:
    """The body as the site rendered it → the blocks and notes `split_markdown_blocks` gives.

    `fragment_html` is `markup.render_markdown(...).html`: the same Markdown,
    sanitised, with hotline links and root-relative links marked. Reading it
    saves converting the Markdown a second time. Raw HTML in the Markdown is
    the one difference: what the sanitiser removed (the edges of a `<div>`, a
    `<script>`) is not seen here either.
    """
    # Links and images were written relative to the site root ("/media/…") in
    # the Markdown; the notes name them that way again.
    collector = _collect_sanitised_html(fragment_html.replace(ROOT_MARK, "/"))
    blocks = tuple(b for b in (_prepare_block(block) for block in collector.blocks) if b.text)
    return blocks, _unique(collector.notes)


# A tag as the sanitiser (nh3) writes it: lower-case name, double-quoted values;
# or any other "<".
_SANITISED_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z-]*="[^"]*")*)\s*(/?)>|<')
_SANITISED_ATTRIBUTE = re.compile(r'([a-z][a-z-]*)="([^"]*)"')


def _collect_sanitised_html(fragment_html: str) -> _BlockCollector:
    """Give a collector the events HTMLParser would, several times faster.

    HTMLParser's generality costs more than speaking the text, and sanitised
    HTML needs none of it. Anything else (a comment, a stray "<", a tag the
    sanitiser does not allow) is left to HTMLParser after all.
    """
    collector = _BlockCollector()
    # Text, then the four groups of a tag, then text, and so on.
    pieces = _SANITISED_TAG.split(fragment_html)
    for i in range(1, len(pieces), 5):
        if pieces[i + 1] not in ALLOWED_TAGS:  # None for a stray "<"
            collector = _BlockCollector()
            collector.feed(fragment_html)
            collector.close()
            return collector
    for i in range(0, len(pieces), 5):
        if pieces[i]:
            text = pieces[i]
            collector.handle_data(html.unescape(text) if "&" in text else text)
        if i + 1 == len(pieces):
            break
        closing, tag, attributes, self_closing = pieces[i + 1 : i + 5]
        if closing:
            collector.handle_endtag(tag)
            continue
        # Only links' and images' attributes are read.
        pairs = [(name, html.unescape(value)) for name, value in _SANITISED_ATTRIBUTE.findall(attributes)] if tag in ("a", "img") else []
        if self_closing:
            collector.handle_startendtag(tag, pairs)
        else:
            collector.handle_starttag(tag, pairs)
    collector.close()
    return collector


_ENUMERATOR = re.compile(r"^(?:(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđA-Z])[.)]|\d{1,3}(?:\.\d{1,3})+)\s+")


def _prepare_block(block: Block) -> Block:
    # Section numbers ("I.", "2.1.", "a)") help the eye, not the ear.
    text = _ENUMERATOR.sub("", block.text, count=1).strip()
    text = _sentence_case_if_shouting(text)
    if block.kind == "heading":
        text = text.rstrip(":").rstrip()
    if block.kind != "paragraph":
        # Each heading and list item is read as a sentence of its own.
        text = text[:1].upper() + text[1:]
    return Block(block.kind, _end_sentence(text) if text else text)


_LOWER_CASE_LETTER = re.compile(f"[{_LOWER_VIETNAMESE}]")


def _sentence_case_if_shouting(text: str) -> str:
    """"MỤC ĐÍCH, YÊU CẦU" → "Mục đích, yêu cầu"; abbreviations keep their capitals."""
    if _LOWER_CASE_LETTER.search(text):  # quick answer for most text
        return text
    words = re.findall(r"[^\W\d_]+", text)
    if len(words) < 2 or any(not w.isupper() for w in words):
        return text
    if sum(1 for w in words if is_vietnamese_syllable(w)) < 2:
        return text

    def lower(match: re.Match[str]) -> str:
        word = match.group(0)
        return word.lower() if is_vietnamese_syllable(word) else word

    lowered = re.sub(r"[^\W\d_]+", lower, text)
    return lowered[:1].upper() + lowered[1:]


def _end_sentence(text: str) -> str:
    """Make a block end like a sentence so the reader pauses.

    A colon stays: it introduces what follows. A comma or semicolon, left from
    a list written as one long sentence, becomes a full stop.
    """
    core = text.rstrip(")\"'”’»")
    if not core or core[-1] in _SENTENCE_END or core[-1] == ":":
        return text
    if core[-1] in ",;":
        return core[:-1] + "." + text[len(core) :] if core == text else text + "."
    return text + "."


# --- scripts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Script:
    """A loudspeaker script for one page."""

    title: str  # as written, for the header
    station: str
    locality: str
    date: datetime.date | None
    opening: str
    body: tuple[str, ...]  # paragraphs to read
    closing: str
    text: str  # everything to read: opening, title, body, closing, separated by blank lines
    syllables: int
    seconds: int
    unspoken: tuple[str, ...]
    spoken_title: str = ""


DEFAULT_OPENING = "Kính thưa bà con nhân dân {locality}! Đây là {station}. Xin mời bà con cùng nghe bản tin sau đây."
DEFAULT_OPENING_NO_LOCALITY = "Kính thưa bà con! Đây là {station}. Xin mời bà con cùng nghe bản tin sau đây."
DEFAULT_SIGN_OFF = "{station} xin cảm ơn bà con đã chú ý lắng nghe."
HOTLINE_REMINDER = (
    "Khi phát hiện trẻ em hoặc bất kỳ ai bị bạo lực, xâm hại hoặc có nguy cơ bị bạo lực, xâm hại, "
    "bà con hãy gọi ngay Tổng đài {hotlines}. "
    "Xin nhắc lại: khi cần giúp đỡ, hãy gọi Tổng đài {hotlines}."
)


def compose_script(
    *,
    title: str,
    markdown_body: str,
    summary: str | None,
    locality: str,
    station: str,
    date: datetime.date | None,
    featured_hotlines: Sequence[str],
    words_per_minute: int,
    glossary: Glossary,
    hotlines: frozenset[str],
    opening: str | None = None,
    closing: str | None = None,
    converter: markdown.Markdown | None = None,
    body_html: str | None = None,
) -> Script:
    """Build the script of a page: opening, title, body, closing, and its reading time.

    `opening` and `closing` replace the default wording; "{locality}",
    "{station}" and "{hotlines}" in them are filled in. The closing always
    gives the featured hotlines twice: when a custom closing does not place
    "{hotlines}" itself, the standard reminder is read before it. `converter`
    reuses a Markdown converter across pages. `body_html`, the site's own
    rendering of `markdown_body` as cached (`markup.render_markdown(...).html`,
    before cards, legal links and the root are filled in), spares converting
    the Markdown again; see `split_html_blocks`.
    """
    if words_per_minute <= 0:
        raise ValueError(f"words_per_minute must be positive, not {words_per_minute}")
    numbers = tuple(dict.fromkeys(re.sub(r"\D", "", h) for h in featured_hotlines if re.sub(r"\D", "", h)))
    fill = {"{locality}": locality.strip(), "{station}": station.strip()}
    opening_template = opening or (DEFAULT_OPENING if locality.strip() else DEFAULT_OPENING_NO_LOCALITY)
    written_title = _end_sentence(_sentence_case_if_shouting(normalise_text(title).strip()))

    # A hotline card's placeholder keeps the number, not the words written; the
    # Markdown says what a script without the card reads there.
    if body_html is not None and CARD_OPEN not in body_html:
        blocks, left_out = split_html_blocks(body_html)
    else:
        converter = converter or create_markdown()  # shared with the summary
        blocks, left_out = split_markdown_blocks(markdown_body, converter)
    left_out = list(left_out)
    body_blocks = list(blocks)
    if summary and summary.strip():
        summary_blocks, summary_notes = split_markdown_blocks(summary, converter)
        body_text = _comparable(" ".join(b.text for b in blocks))
        if _comparable(" ".join(b.text for b in summary_blocks)) not in body_text:
            body_blocks = [*summary_blocks, *body_blocks]
            left_out.extend(summary_notes)

    # Everything is spoken in one go (see speak_all); the notes keep reading order.
    opening_said, title_said, *body_said, closing_said = _speak_all(
        [
            _fill_template(opening_template, fill),
            written_title,
            *(block.text for block in body_blocks),
            _compose_closing(closing, numbers, fill),
        ],
        glossary,
        registered_digits(frozenset(hotlines) | frozenset(numbers)),
    )
    notes = [*opening_said.unspoken, *title_said.unspoken, *left_out]
    for said in (*body_said, closing_said):
        notes.extend(said.unspoken)
    opening_text, spoken_title, closing_text = opening_said.text, title_said.text, closing_said.text
    body = tuple(said.text for said in body_said if said.text)
    text = "\n\n".join(part for part in (opening_text, spoken_title, *body, closing_text) if part)
    syllables = count_syllables(text)
    return Script(
        title=normalise_text(title).strip(),
        station=station.strip(),
        locality=locality.strip(),
        date=date,
        opening=opening_text,
        body=body,
        closing=closing_text,
        text=text,
        syllables=syllables,
        seconds=estimate_seconds(syllables, words_per_minute),
        unspoken=_unique(notes),
        spoken_title=spoken_title,
    )


_WORD = re.compile(r"\w+")


def _fill_template(template: str, values: Mapping[str, str]) -> str:
    # Plain replacement, not str.format: a communicator's text may contain braces.
    for placeholder, value in values.items():
        template = template.replace(placeholder, value)
    return template


def _compose_closing(closing: str | None, numbers: Sequence[str], fill: Mapping[str, str]) -> str:
    listed = _join_alternatives(numbers)
    values = {**fill, "{hotlines}": listed}
    sign_off = closing or DEFAULT_SIGN_OFF
    if not numbers:
        return _fill_template(sign_off.replace("{hotlines}", ""), fill)
    if "{hotlines}" in sign_off:
        return _fill_template(sign_off, values)
    return _fill_template(HOTLINE_REMINDER + " " + sign_off, values)


def _join_alternatives(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " hoặc " + items[-1]


def _comparable(text: str) -> str:
    # re.sub(r"\W+", " ", text).strip().lower(), faster.
    return " ".join(_WORD.findall(text)).lower()


def estimate_seconds(syllables: int, words_per_minute: int) -> int:
    """Reading time in whole seconds, rounded half up."""
    return (syllables * 60 * 2 + words_per_minute) // (2 * words_per_minute)


def format_duration(seconds: int) -> str:
    """"khoảng 3 phút 10 giây", for the reader's header."""
    minutes, rest = divmod(max(0, seconds), 60)
    if minutes and rest:
        return f"khoảng {minutes} phút {rest} giây"
    if minutes:
        return f"khoảng {minutes} phút"
    return f"khoảng {rest} giây"


SEPARATOR = "=" * 60


def render_script_text(script: Script, *, duration_label: str | None = None) -> str:
    """The plain UTF-8 script: a header for the reader, a separator line, the text to read."""
    header = [script.title, f"Đài: {script.station}"]
    if script.locality:
        header.append(f"Địa bàn: {script.locality}")
    if script.date is not None:
        header.append(f"Ngày: {format_date(script.date)}")
    header.append(f"Thời lượng: {duration_label or format_duration(script.seconds)}")
    if script.unspoken:
        header.append("Cần xem lại trước khi đọc: " + "; ".join(script.unspoken))
    return "\n".join(header) + "\n" + SEPARATOR + "\n\n" + script.text.strip() + "\n"
