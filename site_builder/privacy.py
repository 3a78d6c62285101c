"""Personal data that must not be published: private e-mails, ID-card numbers, phone numbers.

The seed plans insist that children's information stays confidential, and a portal
about abuse is exactly where a well-meaning communicator pastes a victim's phone
number. Anything that looks like contact data and is neither a registered hotline
nor an official contact listed in `site.yaml` is reported, masked so that the
build log never repeats it.
"""

from __future__ import annotations

import re
import dataclasses
from dataclasses import dataclass
from typing import Iterable

from .diagnostics import Diagnostic, Location
from .letters import LOWER_VIETNAMESE

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Vietnamese phone shapes: 0 or +84 then 8–10 more digits, optionally grouped by
# spaces, dots or hyphens; and the 1800/1900 service numbers.
# A slash next to a number usually makes it a date or a document code (01/6/2023,
# 43/KH-UBND), but two mobiles are often written "0912345678/0987654321".
PHONE = re.compile(
    r"(?<![\w/.,+-])(?:\+84[ .-]?|\(\+84\)[ .-]?|84(?=[35789]\d{8}(?!\d))|0)\d(?:[ .-]?\d){7,9}(?![\w/]|[.,-]\d)"
    r"|(?<![\w/.,+-])1[89]00[ .-]?\d(?:[ .-]?\d){3,6}(?![\w/]|[.,-]\d)"
    r"|(?<![\w.,+-])0[35789]\d{8}(?!\w|[.,-]\d)"
)
# Cheap first pass: phones and ID numbers can only stand inside a long run of digits.
# Exactly r"\+?\d[\d .-]{7,}\d", written to pass over words fast (see letters.py): a
# character that is no letter, space, comma or line break, then "+digit" or a digit.
_DIGIT_RUN = re.compile(rf"[^{LOWER_VIETNAMESE}A-Z ,\n](?:(?<=\+)\d|(?<=\d))[\d .-]{{7,}}\d")
# CMND has 9 digits, CCCD 12: a bare run of exactly that many digits.
ID_NUMBER = re.compile(r"(?<![\w/.,+-])(?:\d{12}|\d{9})(?![\w/]|[.,-]\d)")

KIND_VI = {"email": "địa chỉ e-mail cá nhân", "id": "số CMND/CCCD", "phone": "số điện thoại chưa đăng ký"}
KIND_EN = {"email": "personal e-mail address", "id": "ID-card number", "phone": "unregistered phone number"}


@dataclass(frozen=True)
class Allowed:
    """What may be published: registered hotlines and official contacts."""

    numbers: frozenset[str] = frozenset()  # digits only
    emails: frozenset[str] = frozenset()  # lower case
    email_domains: tuple[str, ...] = ()  # lower case, without "@"


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str  # "email" | "id" | "phone"
    masked: str


def digits_of(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    international = text.startswith(("+84", "(+84)")) or len(digits) == 11 and digits.startswith("84")
    return "0" + digits[2:] if international else digits


def mask(text: str) -> str:
    """`0791•••••234` for numbers, `ng•••@gmail.com` for e-mails."""
    if "@" in text:
        local, _, domain = text.partition("@")
        shown = 2 if len(local) > 4 else 1 if len(local) > 2 else 0  # never the whole local part
        return local[:shown] + "•••@" + domain
    digits = digits_of(text)
    if len(digits) <= 7:
        return "•" * len(digits)
    return digits[:4] + "•" * (len(digits) - 7) + digits[-3:]


def _email_allowed(address: str, allowed: Allowed) -> bool:
    address = address.lower()
    domain = address.rpartition("@")[2]
    return address in allowed.emails or any(
        domain == d or domain.endswith("." + d) for d in allowed.email_domains
    )


def find_personal_data(text: str, allowed: Allowed) -> list[Finding]:
    """Every piece of personal contact data in `text`, in order, not overlapping."""
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    if "@" in text:
        for match in EMAIL.finditer(text):
            taken.append(match.span())
            if not _email_allowed(match.group(0), allowed):
                findings.append(Finding(match.start(), match.end(), "email", mask(match.group(0))))
    for run in _DIGIT_RUN.finditer(text):
        # The detailed patterns look one character back and two ahead of a match;
        # "(+84) 912…": the country code in brackets stands before the run.
        start, end = max(0, run.start() - 6), min(len(text), run.end() + 2)
        for kind, pattern in (("phone", PHONE), ("id", ID_NUMBER)):
            for match in pattern.finditer(text, start, end):
                if not free(*match.span()):
                    continue
                taken.append(match.span())
                if digits_of(match.group(0)) not in allowed.numbers:
                    findings.append(Finding(match.start(), match.end(), kind, mask(match.group(0))))
    return sorted(findings, key=lambda f: f.start)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def scrub(text: str, findings: Iterable[Finding]) -> str:
    """`text` with each finding replaced by its masked form (for drafts and logs)."""
    out, last = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        out.append(text[last : f.start])
        out.append(f.masked)
        last = f.end
    out.append(text[last:])
    return "".join(out)


# In a file name, `-`, `_`, `.` and `/` separate words: "cccd-079123456789" holds an ID
# number, but "2023-06-01-tin" is a date. "|" has the same length and stops every pattern.
_NAME_SEPARATORS = re.compile(r"[-_./\\\s]")


def find_in_name(name: str, allowed: Allowed) -> list[Finding]:
    """Personal data in a file name or path, part by part (offsets are the name's)."""
    return find_personal_data(_NAME_SEPARATORS.sub("|", name), allowed)


def _mask_text(text: str, allowed: Allowed) -> str:
    """Masked as prose, then as names (a message may quote a file name or a slug)."""
    text = scrub(text, find_personal_data(text, allowed))
    return scrub(text, find_in_name(text, allowed))


def mask_diagnostics(diagnostics: Iterable[Diagnostic], allowed: Allowed) -> list[Diagnostic]:
    """The same diagnostics with personal data in their paths and messages masked.

    Other checks quote what they found ('"date": "0912345678" is not a date'); the
    privacy error for it is already in the report, and no log may repeat the value.
    """
    masked = []
    for d in diagnostics:
        path = scrub(d.location.path, find_in_name(d.location.path, allowed))
        vi, en = _mask_text(d.vi, allowed), _mask_text(d.en, allowed)
        if (path, vi, en) != (d.location.path, d.vi, d.en):
            d = dataclasses.replace(d, location=Location(path, d.location.line, d.location.column), vi=vi, en=en)
        masked.append(d)
    return masked
