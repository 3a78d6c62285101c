"""Legal references: found in plan text and Markdown bodies, one page each, linked in text.

A reference is a law by name ("Luật Trẻ em năm 2016") or a numbered document
("Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ"). `assemble_legal`
collects every mention, files mentions of one document together and gives each a
slug (`56/2017/NĐ-CP` → `56-2017-nd-cp`; a code two issuers share gets the issuer's
slug appended). A cited plan that is itself in `ke-hoach/` links to its plan page.

Markdown fragments are cached by content hash and must not depend on other files, so
mentions are linked after the cache, at render time (`LegalLinker.link_html`), the
way hotline numbers are: one compiled regex, tags, links and code left alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Mapping

from .markup import protected_html
from .markup import slugify as _slugify
from .model import Document, Plan

# Kind words, longest first so "Thông tư liên tịch" wins over "Thông tư".
KINDS = ("Thông tư liên tịch", "Nghị định", "Quyết định", "Thông tư", "Chỉ thị", "Nghị quyết", "Kế hoạch", "Công văn")
# How the index orders kinds: the weight of the document, roughly.
KIND_ORDER = ("Luật", "Nghị quyết", "Nghị định", "Chỉ thị", "Quyết định", "Thông tư liên tịch", "Thông tư", "Kế hoạch", "Công văn")

# A code character: letters ("QĐ-TTg" has a small g), digits, and "&" raw or escaped;
# a code needs at least one capital letter, which keeps dates (1/6/2023) out.
_C = r"(?:[A-Za-zĐđ0-9]|&amp;|&)"
_CODE = rf"(?P<code>\d{{1,5}}(?:/(?P<cyear>(?:19|20)\d\d))?[/-]{_C}*[A-ZĐ]{_C}*(?:[-/]{_C}+)*)(?![\wĐđ])"
_DATE = r"(?:\s+ngày\s+(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})))?"
_ISSUER = (
    r"(?:\s+của\s+(?P<issuer>[^\W\d_](?:&amp;|[^,;.()\n<>“”\"])*?)"
    r"(?=\s+(?:về|quy định|ban hành|hướng dẫn|phê duyệt|triển khai|thực hiện|tại|trong|đến|nhằm|và các"
    rf"|và\s+(?:{'|'.join(KINDS)}|Hướng dẫn|Luật))\b|[,;.()\n<“”\"]|$))?"
)
_LAW_STOP = (
    "và|năm|số|của|về|quy|ngày|được|đã|trong|đến|cho|tại|là|để|theo|với|nhằm|có|thì|trên|từ|sửa|"
    "Nghị|Quyết|Thông|Chỉ|Kế|Công|Luật|Bộ|Hiến"
)
_LAW = (
    rf"(?P<law>(?:Bộ luật|Luật)) (?P<lawname>[^\W\d_]\w*(?:(?: |, (?=chống\b)| và (?=gia đình\b))(?!(?:{_LAW_STOP})\b)\w+){{0,7}})"
    r"(?:\s+năm\s+(?P<lawyear>(?:19|20)\d\d))?"
)
PATTERN = re.compile(
    r"(?:"
    + rf"(?P<kind>{'|'.join(KINDS)})(?:\s+số)?\s+{_CODE}{_DATE}{_ISSUER}"
    + "|"
    + _LAW
    + ")"
)
# Where a reference can start. Searching for these plain words first and trying the full
# pattern only there is what keeps scanning 10,000 bodies cheap.
_TRIGGER = re.compile(r"Bộ luật|Luật|Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị|Kế hoạch|Công văn")
# Issuers and law names repeat across thousands of mentions; slugging them (Unicode
# decomposition) once each keeps assembly fast.
slugify = functools.lru_cache(maxsize=4096)(_slugify)
_YEAR_IN_CODE = re.compile(r"\d+/(?:19|20)\d\d/")
_TRAILING_JOINERS = re.compile(r"(?:\s+(?:và|hoặc|cùng|các))+$")


@dataclass(frozen=True)
class Mention:
    """One place a document is named in a text."""

    kind: str
    code: str | None  # "56/2017/NĐ-CP"; None for a law named only
    name: str  # "Nghị định số 56/2017/NĐ-CP", "Luật Trẻ em"
    year: int | None
    issued: dt.date | None
    issuer: str
    start: int
    end: int  # end of the part that becomes a link
    match_end: int  # end of everything recognised (date, issuer)

    @property
    def key(self) -> str:
        """What identifies the document before issuers are told apart."""
        return self.code if self.code is not None else "luat:" + slugify(self.name)


def iter_matches(text: str) -> Iterator[re.Match[str]]:
    """Matches of PATTERN that start a word, left to right, not overlapping."""
    position = 0
    while (trigger := _TRIGGER.search(text, position)) is not None:
        start = trigger.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            position = trigger.end()
            continue
        match = PATTERN.match(text, start)
        if match is None:
            position = trigger.end()
            continue
        yield match
        position = match.end()


def find_mentions(text: str) -> list[Mention]:
    """Every legal reference in a text (plain text or escaped HTML), in order."""
    mentions = []
    for match in iter_matches(text):
        mention = _mention(match)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _mention(match: re.Match[str]) -> Mention | None:
    if match.group("law"):
        name = _TRAILING_JOINERS.sub("", match.group("lawname"))
        if not name[:1].isupper():
            return None  # "luật pháp", "Luật sư" are words, not laws
        if name.split()[0] in ("sư",):
            return None
        law = match.group("law")
        year = int(match.group("lawyear")) if match.group("lawyear") and name == match.group("lawname") else None
        end = match.start("lawname") + len(name)
        return Mention(law, None, f"{law} {name}", year, None, "", match.start(), end, end if year is None else match.end())
    code = html.unescape(match.group("code"))
    issued = None
    day, month, year_text = match.group("d") or match.group("d2"), match.group("m") or match.group("m2"), match.group("y") or match.group("y2")
    if day:
        try:
            issued = dt.date(int(year_text), int(month), int(day))
        except ValueError:
            issued = None
    year = int(match.group("cyear")) if match.group("cyear") else (int(year_text) if year_text else None)
    issuer = html.unescape(match.group("issuer") or "").strip()
    if issuer and not issuer[0].isupper():
        issuer = ""
    kind = match.group("kind")
    return Mention(kind, code, f"{kind} số {code}", year, issued, issuer, match.start(), match.end("code"), match.end())


# --- the index -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A plan or page that names a document."""

    url: str  # the citing page's path, "ke-hoach/2024-quan-12/"
    title: str
    label: str  # "Kế hoạch", "Chiến dịch", "Tin tức", "Trang"
    year: int | None
    basis: bool  # named among the plan's legal bases (căn cứ)


@dataclass(frozen=True)
class LegalRef:
    slug: str
    kind: str
    code: str | None
    name: str
    year: int | None
    issued: dt.date | None
    issuer: str
    description: str
    plan: Plan | None  # the plan of this site this reference is
    citations: tuple[Citation, ...]

    @property
    def url(self) -> str:
        return self.plan.url if self.plan is not None else f"van-ban/{self.slug}/"

    @property
    def has_page(self) -> bool:
        return self.plan is None


@dataclass(frozen=True)
class LegalIndex:
    refs: tuple[LegalRef, ...]  # by kind, then name
    by_slug: Mapping[str, LegalRef]
    by_key_issuer: Mapping[tuple[str, str], str]  # (key, issuer slug) → slug
    by_context: Mapping[tuple[str, str], str]  # (citing page path, key) → slug
    by_key: Mapping[str, str]  # key → slug, where one document has it
    cited_by: Mapping[str, tuple[LegalRef, ...]] = field(default_factory=dict)  # page path → what it cites
    by_plan: Mapping[str, LegalRef] = field(default_factory=dict)  # plan id → the reference that is that plan

    def resolve(self, mention: Mention, context: str) -> LegalRef | None:
        """The document a mention on page `context` names, if we know it."""
        slug = None
        if mention.issuer and _needs_issuer(mention):
            slug = self.by_key_issuer.get((mention.key, slugify(mention.issuer)))
        if slug is None:
            slug = self.by_context.get((context, mention.key)) or self.by_key.get(mention.key)
        return self.by_slug.get(slug) if slug else None

    def pages(self) -> tuple[LegalRef, ...]:
        return tuple(r for r in self.refs if r.has_page)


@dataclass
class _Group:
    """Mentions of one document while the index is being built."""

    key: str
    issuer_slug: str
    first: Mention
    issuer: str = ""
    year: int | None = None
    issued: dt.date | None = None
    description: str = ""
    citations: dict[str, Citation] = field(default_factory=dict)


def _plan_texts(plan: Plan) -> Iterable[tuple[str, bool]]:
    """(text, is a legal basis) for every piece of plan text that may cite something."""
    for basis in plan.bases:
        yield basis, True
    for text in (plan.summary, *plan.goals, plan.budget):
        yield text, False
    for target in plan.targets:
        yield target.text, False
    for activity in plan.activities:
        yield activity.title, False
        for item in activity.items:
            yield item, False
    for assignment in plan.assignments:
        for task in assignment.tasks:
            yield task, False
    for deadline in plan.deadlines:
        yield deadline.title, False


_DOCUMENT_LABELS = {"campaign": "Chiến dịch", "news": "Tin tức", "page": "Trang"}


def assemble_legal(plans: tuple[Plan, ...], documents: Iterable[Document], mentions_of: Callable[[str], list[Mention]] | None = None) -> LegalIndex:
    """Collect every mention, tell documents apart, give each a slug and its citing pages.

    `mentions_of` replaces `find_mentions` — `serve` passes a memo of it, since finding
    mentions in every body is most of this function's time.
    """
    finder = mentions_of or find_mentions
    # 1. mentions per citing page, with the page's Citation
    sources: list[tuple[Citation, list[tuple[Mention, str, bool]]]] = []
    for plan in plans:
        found = [(m, text, basis) for text, basis in _plan_texts(plan) if text for m in finder(text)]
        sources.append((Citation(plan.url, plan.title, plan.kind_label, plan.year, False), found))
    for document in documents:
        found = [(m, text, False) for text in (document.summary, document.body) if text for m in finder(text)]
        year = (document.date or document.start).year if (document.date or document.start) else None
        sources.append((Citation(document.url, document.title, _DOCUMENT_LABELS[document.kind], year, False), found))

    # 2. a mention without an issuer takes the issuer another mention on the same page gives
    groups: dict[tuple[str, str], _Group] = {}
    context_keys: dict[tuple[str, str], tuple[str, str]] = {}
    for citation, found in sources:
        page_issuer = {}
        for mention, _, _ in found:
            if mention.issuer and _needs_issuer(mention):
                page_issuer.setdefault(mention.key, slugify(mention.issuer))
        for mention, text, basis in found:
            issuer_slug = _issuer_slug(mention, page_issuer)
            group = groups.get((mention.key, issuer_slug))
            if group is None:
                group = groups[(mention.key, issuer_slug)] = _Group(mention.key, issuer_slug, mention)
            group.issuer = group.issuer or mention.issuer
            group.year = group.year or mention.year
            group.issued = group.issued or mention.issued
            if basis and not group.description and mention.start == _first_start(text):
                group.description = text[mention.match_end :].strip(" ,.;:–-")
            previous = group.citations.get(citation.url)
            if previous is None or (basis and not previous.basis):
                group.citations[citation.url] = Citation(citation.url, citation.title, citation.label, citation.year, basis)
            context_keys.setdefault((citation.url, mention.key), (mention.key, issuer_slug))

    # 3. a mention with no issuer anywhere joins the only issuer-named group of its code
    issuers_of: dict[str, list[str]] = defaultdict(list)
    for key, issuer_slug in groups:
        if issuer_slug:
            issuers_of[key].append(issuer_slug)
    for (key, issuer_slug), group in list(groups.items()):
        if not issuer_slug and len(issuers_of[key]) == 1:
            target = groups[(key, issuers_of[key][0])]
            for url, citation in group.citations.items():
                previous = target.citations.get(url)
                if previous is None or (citation.basis and not previous.basis):
                    target.citations[url] = citation
            target.year = target.year or group.year
            target.issued = target.issued or group.issued
            target.description = target.description or group.description
            del groups[(key, issuer_slug)]
            for context, value in list(context_keys.items()):
                if value == (key, ""):
                    context_keys[context] = (key, issuers_of[key][0])

    # 4. slugs: the code's slug, with the issuer's slug when issuers share the code
    shared = defaultdict(int)
    for key, _ in groups:
        shared[key] += 1
    slugs: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for group_key in sorted(groups):
        key, issuer_slug = group_key
        group = groups[group_key]
        base = slugify(group.first.name if group.first.code is None else group.first.code) or "van-ban"
        slug = f"{base}-{issuer_slug}" if shared[key] > 1 and issuer_slug else base
        while slug in used:
            slug += "-2"
        used.add(slug)
        slugs[group_key] = slug

    # 5. plans of this site cited by number and year
    plans_by_number: dict[tuple[str, int], list[Plan]] = defaultdict(list)
    for plan in plans:
        if plan.number:
            plans_by_number[(plan.number, plan.issued.year if plan.issued else plan.year)].append(plan)

    refs = []
    for group_key, group in groups.items():
        first = group.first
        matching = plans_by_number.get((first.code or "", group.year or 0), []) if first.code else []
        plan = matching[0] if len(matching) == 1 else None
        citations = tuple(
            sorted(
                (c for c in group.citations.values() if plan is None or c.url != plan.url),
                key=lambda c: (-(c.year or 0), c.url),
            )
        )
        refs.append(
            LegalRef(
                slug=slugs[group_key],
                kind=first.kind,
                code=first.code,
                name=first.name,
                year=group.year,
                issued=group.issued,
                issuer=group.issuer,
                description=group.description,
                plan=plan,
                citations=citations,
            )
        )
    refs.sort(key=lambda r: (_kind_rank(r.kind), -(r.year or 0), r.slug))
    by_slug = {r.slug: r for r in refs}
    by_key: dict[str, str] = {}
    for key, issuer_slug in groups:
        if shared[key] == 1 or not issuer_slug:
            by_key.setdefault(key, slugs[(key, issuer_slug)])
    cited_by: dict[str, list[LegalRef]] = defaultdict(list)
    for ref in refs:
        for citation in ref.citations:
            cited_by[citation.url].append(ref)
    return LegalIndex(
        refs=tuple(refs),
        by_slug=by_slug,
        by_key_issuer={k: s for k, s in slugs.items() if k[1]},
        by_context={context: slugs[value] for context, value in context_keys.items() if value in slugs},
        by_key=by_key,
        cited_by={url: tuple(found) for url, found in cited_by.items()},
        by_plan={r.plan.id: r for r in refs if r.plan is not None},
    )


def _needs_issuer(mention: Mention) -> bool:
    """Only a code without a year ("56/KH-UBND") is reused by other issuers; "56/2017/NĐ-CP" is unique."""
    return mention.code is not None and not _YEAR_IN_CODE.match(mention.code)


def _issuer_slug(mention: Mention, page_issuer: Mapping[str, str]) -> str:
    if not _needs_issuer(mention):
        return ""
    return slugify(mention.issuer) if mention.issuer else page_issuer.get(mention.key, "")


def _first_start(text: str) -> int:
    match = next(iter_matches(text), None)
    return match.start() if match else -1


def _kind_rank(kind: str) -> int:
    kind = "Luật" if kind in ("Luật", "Bộ luật") else kind
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


# --- linking mentions at render time -------------------------------------------------------------


class LegalLinker:
    """Links mentions in trusted HTML to their document's page."""

    def __init__(self, index: LegalIndex | None):
        self.index = index

    def link_html(self, fragment: str, root: str, context: str) -> str:
        """`fragment` with each known mention linked; tags, links and code left alone."""
        if self.index is None or not self.index.refs:
            return fragment
        out: list[str] = []
        last = 0
        protected = protected_html(fragment)
        for match in iter_matches(fragment):
            if protected(match.start()):
                continue
            mention = _mention(match)
            if mention is None:
                continue
            ref = self.index.resolve(mention, context)
            if ref is None or ref.url == context:
                continue
            out.append(fragment[last : mention.start])
            out.append(f'<a class="legal-ref" href="{root}{ref.url}">{fragment[mention.start : mention.end]}</a>')
            last = mention.end
        if not out:
            return fragment
        out.append(fragment[last:])
        return "".join(out)
