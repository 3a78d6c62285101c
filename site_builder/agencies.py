"""Agencies across plans: canonical names, one page per agency, near-duplicate warnings.

Plans name the same office in many ways ("Phòng LĐTBXH", "Phòng Lao động – Thương
binh và Xã hội"). `agencies.yaml` lists the canonical name, the short name and the
aliases; every assignment is filed under the canonical agency. A name that is not
declared keeps its own page (slug of the name), and if it looks almost like another
agency, `check` says so at the plan line, so the communicator can add an alias.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping

from .diagnostics import Location, Report
from .markup import fold_diacritics, slugify
from .model import AgencyName, Plan

# Two folded names at least this similar are probably one agency written twice.
NEAR_DUPLICATE_RATIO = 0.88

_DASHES = re.compile(r"\s*[-‐‑‒–—―]\s*")
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Words that tell where an office sits rather than what it is ("Công an quận").
_LEVEL_WORDS = re.compile(r"\b(?:quan|huyen|thi xa|thanh pho|tinh|phuong|xa|thi tran|cac cap|tp)\b")


@dataclass(frozen=True)
class AgencyTask:
    """The tasks one plan gives an agency, under the name the plan uses."""

    plan: Plan
    written: str
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Agency:
    slug: str
    name: str
    short: str | None
    aliases: tuple[str, ...]
    assignments: tuple[AgencyTask, ...]  # newest plan first

    @property
    def url(self) -> str:
        return f"co-quan/{self.slug}/"

    @property
    def task_count(self) -> int:
        return sum(len(a.tasks) for a in self.assignments)

    def by_year(self) -> list[tuple[int, list[AgencyTask]]]:
        years: dict[int, list[AgencyTask]] = defaultdict(list)
        for assignment in self.assignments:
            years[assignment.plan.year].append(assignment)
        return sorted(years.items(), reverse=True)


@dataclass(frozen=True)
class Agencies:
    all: tuple[Agency, ...]  # by name
    by_slug: Mapping[str, Agency]
    slug_of: Mapping[str, str]  # a name as written in a plan → agency slug


def name_key(name: str) -> str:
    """How a name is compared with agencies.yaml: case, dashes and spaces do not count."""
    name = unicodedata.normalize("NFC", name).strip().casefold()
    return _SPACES.sub(" ", _DASHES.sub(" - ", name))


def _loose(name: str) -> str:
    """The name reduced for similarity: no diacritics, punctuation, "và" or level words."""
    folded = fold_diacritics(name).lower().replace("&", " ")
    folded = _NON_WORD.sub(" ", folded)
    folded = _LEVEL_WORDS.sub(" ", folded)
    folded = re.sub(r"\bva\b", " ", folded)
    return _SPACES.sub(" ", folded).strip()


def assemble_agencies(plans: Iterable[Plan], declared: tuple[AgencyName, ...], report: Report) -> Agencies:
    """File every assignment under its canonical agency; warn about look-alike names."""
    canonical: dict[str, AgencyName] = {}  # name_key → entry
    for entry in declared:
        for written in (entry.name, entry.short, *entry.aliases):
            if written:
                canonical.setdefault(name_key(written), entry)

    tasks: dict[str, list[AgencyTask]] = defaultdict(list)
    entries: dict[str, AgencyName] = {}
    slug_of: dict[str, str] = {}
    undeclared: dict[str, tuple[str, Location | None]] = {}  # slug → (first name as written, where)
    for plan in plans:
        for assignment in plan.assignments:
            slug = slug_of.get(assignment.agency)
            if slug is None:  # each distinct name is resolved once, however many plans use it
                entry = canonical.get(name_key(assignment.agency))
                if entry is None:
                    slug = slugify(assignment.agency) or "co-quan"
                    entries.setdefault(slug, AgencyName(assignment.agency))
                    undeclared.setdefault(slug, (assignment.agency, assignment.source or plan.source))
                else:
                    slug = slugify(entry.name) or "co-quan"
                    entries[slug] = entry
                slug_of[assignment.agency] = slug
            tasks[slug].append(AgencyTask(plan, assignment.agency, assignment.tasks))

    _warn_near_duplicates(undeclared, declared, report)

    agencies = []
    for slug, entry in entries.items():
        ordered = sorted(tasks[slug], key=lambda t: (-t.plan.year, t.plan.id))
        agencies.append(Agency(slug, entry.name, entry.short, entry.aliases, tuple(ordered)))
    agencies.sort(key=lambda a: (fold_diacritics(a.name).casefold(), a.slug))
    return Agencies(tuple(agencies), {a.slug: a for a in agencies}, slug_of)


def _warn_near_duplicates(
    undeclared: Mapping[str, tuple[str, Location | None]], declared: tuple[AgencyName, ...], report: Report
) -> None:
    """An undeclared name close to another agency's name is probably a variant of it."""
    known: list[tuple[str, str]] = []  # (loose form, canonical name)
    for entry in declared:
        for written in (entry.name, entry.short, *entry.aliases):
            if written:
                known.append((_loose(written), entry.name))
    earlier: list[tuple[str, str]] = []  # undeclared names already looked at: warn once per pair
    for slug, (name, where) in sorted(undeclared.items()):
        loose = _loose(name)
        similar = None
        for candidate_loose, candidate in known + earlier:
            if candidate == name:
                continue
            if candidate_loose == loose or difflib.SequenceMatcher(None, loose, candidate_loose).ratio() >= NEAR_DUPLICATE_RATIO:
                similar = candidate
                break
        earlier.append((loose, name))
        if similar is None:
            continue
        report.warning(
            where or Location("agencies.yaml"),
            "agency-near-duplicate",
            f"Tên cơ quan “{name}” gần giống “{similar}” nhưng chưa được khai báo. Nếu là một cơ quan, "
            f"hãy thêm “{name}” vào aliases của “{similar}” trong agencies.yaml.",
            f"The agency name “{name}” looks like “{similar}” but is not declared. If they are one agency, "
            f"add “{name}” to the aliases of “{similar}” in agencies.yaml.",
        )
