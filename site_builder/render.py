"""The output plan and the rendering of each output to bytes.

`plan_outputs` lists every file of the site before anything is written, so two
records that want one URL are caught as an error naming both. `Renderer.render`
turns one `Output` into bytes; it is pure given the `Site`, which is what lets the
pipeline render in several processes and `serve` re-render only what changed.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import hashlib
import html
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import jinja2
from markupsafe import Markup

from . import formats, plan_pages
from .diagnostics import Diagnostic, Location, Report
from .hosting import render_headers_file
from .markup import (
    MARKUP_VERSION,
    Fragment,
    MarkdownConverters,
    expand_hotline_cards,
    format_date,
    format_number,
    hotline_pattern,
    link_hotlines_in_text,
    plain_text,
    render_markdown,
    resolve_root,
    shorten,
)
from .legal import LegalLinker
from .model import Document, Hotline, Plan, Site
from .audio import AudioTools, render_speech
from .cache import DiskCache
from .spoken import Glossary, Script, compose_script, format_duration, load_glossary, render_script_text

# Bump when the scripts produced for the same page change, to invalidate caches.
SCRIPT_VERSION = "2"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT_ROOT / "templates"
ASSETS = PROJECT_ROOT / "assets"

# Assets whose name carries a content hash, so servers may cache them for a year.
FINGERPRINTED = (".css", ".js")


@dataclass(frozen=True)
class Output:
    """One file of the built site."""

    path: str  # relative POSIX path inside the output folder
    kind: str  # the renderer that produces it
    key: str = ""  # the record it shows (slug, id, asset name)
    source: Location | None = None


# --- the output plan -----------------------------------------------------------------


def asset_names(assets_dir: Path = ASSETS) -> dict[str, str]:
    """Asset file → published path (`style.css` → `assets/style.1a2b3c4d.css`)."""
    names = {}
    if assets_dir.is_dir():
        for path in sorted(p for p in assets_dir.rglob("*") if p.is_file() and not p.name.startswith(".")):
            relative = path.relative_to(assets_dir).as_posix()
            if path.suffix in FINGERPRINTED:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
                names[relative] = f"assets/{relative[: -len(path.suffix)]}.{digest}{path.suffix}"
            else:
                names[relative] = f"assets/{relative}"
    return names


def plan_outputs(site: Site, report: Report, assets: dict[str, str], *, audio_suffix: str | None = None) -> tuple[Output, ...]:
    """Every file of the site, with URL collisions reported."""
    outputs: list[Output] = [
        Output("index.html", "home"),
        Output("404.html", "not_found"),
        Output("chien-dich/index.html", "campaign_index"),
        Output("tin-tuc/index.html", "news_index"),
        Output("ke-hoach/index.html", "plan_index"),
        Output("duong-day-nong/index.html", "hotlines"),
        Output("tim-kiem/index.html", "search"),
        Output("feed.xml", "feed"),
        Output("sitemap.xml", "sitemap"),
        Output("robots.txt", "robots"),
        Output("manifest.webmanifest", "manifest"),
    ]
    for document in site.documents:
        outputs.append(Output(document.url + "index.html", document.kind, document.slug, document.source))
        if document.has_script:
            key = f"{document.kind}:{document.slug}"
            outputs.append(Output(document.url + "phat-thanh/index.html", "script_page", key, document.source))
            outputs.append(Output(document.url + "phat-thanh.txt", "script_text", key, document.source))
            if audio_suffix:
                outputs.append(Output(document.url + "phat-thanh" + audio_suffix, "script_audio", key, document.source))
    outputs.append(Output("phat-thanh/index.html", "script_index"))
    for plan in site.plans:
        outputs.append(Output(plan.url + "index.html", "plan", plan.id, plan.source))
    outputs.extend(plan_data_outputs(site))
    for name, published in assets.items():
        outputs.append(Output(published, "asset", name))
    for media in site.media:
        outputs.append(Output(media.url, "media", media.source_path, Location(media.source_path)))
    if site.settings.hosting_headers:
        outputs.append(Output("_headers", "headers"))
    return tuple(_without_collisions(outputs, report))


def plan_data_outputs(site: Site) -> list[Output]:
    """Agencies, legal documents, topics, the calendar and the targets overview."""
    outputs = [
        Output("co-quan/index.html", "agency_index"),
        Output("van-ban/index.html", "legal_index"),
        Output("chu-de/index.html", "topic_index"),
        Output("lich/index.html", "calendar"),
        Output("lich.ics", "calendar_file"),
        Output("chi-tieu/index.html", "targets"),
    ]
    outputs += [Output(a.url + "index.html", "agency", a.slug) for a in site.agencies]
    outputs += [Output(r.url + "index.html", "legal", r.slug) for r in (site.legal.pages() if site.legal else ())]
    outputs += [Output(t.url + "index.html", "topic", t.slug) for t in site.topic_pages]
    return outputs


def _without_collisions(outputs: Iterable[Output], report: Report) -> Iterable[Output]:
    owners: dict[str, Output] = {}
    for output in outputs:
        first = owners.get(output.path)
        if first is None:
            owners[output.path] = output
            yield output
            continue
        first_name = str(first.source.path) if first.source else f"trang {first.kind} của hệ thống"
        first_en = str(first.source.path) if first.source else f"the built-in {first.kind} page"
        report.error(
            output.source or Location(output.path),
            "url-collision",
            f'Trang này và {first_name} cùng ghi ra /{output.path.removesuffix("index.html")}. Hãy đổi tên tệp.',
            f'This page and {first_en} both produce /{output.path.removesuffix("index.html")}. Rename the file.',
        )


# --- cached Markdown ---------------------------------------------------------------------


def create_cache(folder: Path | None, site: Site, *, writable: bool = True) -> DiskCache:
    """A cache whose keys change whenever the hotline registry or our output formats do."""
    hotlines = ",".join(sorted(h.number for h in site.hotlines))
    return DiskCache(folder, f"{MARKUP_VERSION}|{SCRIPT_VERSION}|{hotlines}", writable=writable)


# --- rendering ------------------------------------------------------------------------------


def root_for(path: str) -> str:
    """Relative prefix from an output file back to the site root."""
    depth = path.count("/")
    return "../" * depth if depth else "./"


def create_environment(templates: Path = TEMPLATES, cache_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment; with `cache_dir`, compiled templates are kept there
    (Jinja checks each against its source), which spares compiling them every build."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(_ensured(cache_dir / "templates"))) if cache_dir else None,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates do not change during one build, and `serve` makes a new environment
        # when one does; without this Jinja stats each template file on every page.
        auto_reload=False,
    )
    env.filters["vn_date"] = format_date
    env.filters["vn_number"] = format_number
    return env


def _ensured(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # Jinja then only fails to store the compiled templates, which it ignores
    return folder


class Renderer:
    """Turns outputs into bytes for one site; create it once, render many outputs."""

    def __init__(
        self,
        site: Site,
        *,
        env: jinja2.Environment,
        assets: dict[str, str],
        cache: DiskCache,
        audio: AudioTools | None = None,
        glossary: Glossary | None = None,
        row_memo: dict[tuple, str] | None = None,
    ):
        self.site = site
        self.audio = audio
        self.env = env
        self.assets = assets
        self.cache = cache
        self.hotline_regex = hotline_pattern(h.number for h in site.hotlines)
        self.converters = MarkdownConverters()
        # `serve` passes the glossary and the script-index rows it kept from the last save.
        self.glossary = glossary or load_glossary(site.glossary)
        self.row_memo: dict[tuple, str] = row_memo if row_memo is not None else {}
        self.glossary_key = json.dumps(sorted(site.glossary.items()), ensure_ascii=False)
        # The script page and the .txt of one page are rendered one after the other;
        # a few recent scripts are kept so each is composed once, without holding all.
        self.scripts: collections.OrderedDict[tuple[str, str], Script] = collections.OrderedDict()
        self.fragments: collections.OrderedDict[str, Fragment] = collections.OrderedDict()
        self.durations: dict[str, tuple[int, int]] = {}  # "kind:slug" → (seconds, syllables), from the workers
        self.documents = {(d.kind, d.slug): d for d in site.documents}
        self.plans = {p.id: p for p in site.plans}
        self.legal_linker = LegalLinker(site.legal)
        self.topic_names = {t.slug: t.name for t in site.topic_pages}
        self.handlers: dict[str, Callable[[Output], bytes]] = {
            "home": self.render_home,
            "not_found": self.render_not_found,
            "campaign_index": self.render_campaign_index,
            "news_index": self.render_news_index,
            "plan_index": self.render_plan_index,
            "hotlines": self.render_hotlines,
            "search": self.render_search,
            "campaign": self.render_document,
            "news": self.render_document,
            "page": self.render_document,
            "plan": self.render_plan,
            "feed": lambda o: formats.render_feed(self.site, self.summary_of),
            "sitemap": lambda o: formats.render_sitemap(self.site, self.sitemap_paths()),
            "robots": lambda o: formats.render_robots(self.site),
            "manifest": lambda o: formats.render_manifest(self.site, self.assets),
            "asset": self.render_asset,
            "script_page": self.render_script_page,
            "script_text": self.render_script_text,
            "script_audio": self.render_script_audio,
            "script_index": self.render_script_index,
            **{kind: (lambda o, f=handler: f(self, o)) for kind, handler in PLAN_DATA_HANDLERS.items()},
            "headers": lambda o: render_headers_file(self.site.settings, self.assets),
        }

    def render(self, output: Output) -> bytes:
        return self.handlers[output.kind](output)

    # shared pieces

    def fragment(self, source: str) -> Fragment:
        key = self.cache.key("fragment", source)
        # A page and its loudspeaker script read the same body one after the other.
        recent = self.fragments.get(key)
        if recent is not None:
            return recent
        cached = self.cache.load(key)
        if cached is not None:
            fragment = Fragment(cached["html"], tuple(tuple(h) for h in cached["headings"]))
        else:
            fragment = render_markdown(source, self.converters, self.hotline_regex)
            self.cache.store(key, {"html": fragment.html, "headings": fragment.headings})
        self.fragments[key] = fragment
        if len(self.fragments) > 8:
            self.fragments.popitem(last=False)
        return fragment

    def script(self, document: Document) -> Script:
        """The loudspeaker script of a page, from the cache when nothing it reads changed."""
        memo = self.scripts.get((document.kind, document.slug))
        if memo is not None:
            return memo
        settings = self.site.settings
        broadcast = settings.broadcast
        featured = tuple(h.number for h in self.site.featured)
        key = self.cache.key(
            "script", document.title, document.summary, document.body, str(document.date),
            settings.locality, broadcast.station, str(broadcast.words_per_minute),
            broadcast.opening or "", broadcast.closing or "", ",".join(featured), self.glossary_key,
        )
        cached = self.cache.load(key)
        if cached is not None:
            script = script_from_json(cached)
        else:
            script = compose_script(
                title=document.title,
                markdown_body=document.body,
                summary=document.summary or None,
                locality=settings.locality,
                station=broadcast.station,
                date=document.date,
                featured_hotlines=featured,
                words_per_minute=broadcast.words_per_minute,
                glossary=self.glossary,
                hotlines=frozenset(h.number for h in self.site.hotlines),
                opening=broadcast.opening,
                closing=broadcast.closing,
                converter=self.converters.for_source(document.body),
                # The cached fragment (before cards, legal links and the root are filled
                # in) saves a second Markdown conversion; the script reads the same text.
                body_html=self.fragment(document.body).html,
            )
            self.cache.store(key, script_to_json(script))
        self.scripts[(document.kind, document.slug)] = script
        self.durations[f"{document.kind}:{document.slug}"] = (script.seconds, script.syllables)
        if len(self.scripts) > 8:
            self.scripts.popitem(last=False)
        return script

    def script_seconds(self, document: Document) -> int:
        known = self.durations.get(f"{document.kind}:{document.slug}")
        return known[0] if known is not None else self.script(document).seconds

    def markdown_html(self, source: str, root: str, context: str = "") -> Markup:
        # Hotline cards and legal mentions are filled in after the cache: they depend on other files.
        html = resolve_root(self.fragment(source).html, root)
        html = expand_hotline_cards(html, self.hotline_card_html)
        return Markup(self.legal_linker.link_html(html, root, context))

    def hotline_card_html(self, number: str) -> str:
        """The card a `[[đường dây nóng …]]` paragraph stands for (rendered after the cache)."""
        hotline = self.site.hotline_by_number.get(number)
        if hotline is None:  # `check` reports it; still leave a working link
            return f'<p><a class="tel" href="tel:{number}">{number}</a></p>'
        template = self.env.get_template("partials/hotline_card.html")
        return template.render(h=hotline, hotline_free=hotline_free_label, in_body=True)

    def inline_html(self, text: str, root: str = "", context: str = "") -> Markup:
        """Plain text from YAML, escaped, with hotline numbers (and, given a root, legal mentions) linked."""
        escaped = link_hotlines_in_text(text, self.hotline_regex)
        return Markup(self.legal_linker.link_html(escaped, root, context) if root else escaped)

    def summary_of(self, document: Document) -> str:
        if document.summary:
            return document.summary
        return shorten(plain_text(self.fragment(document.body).html), 180)

    def url(self, path: str) -> str:
        """Canonical URL of a site path: absolute with an absolute base_url, else root-relative."""
        settings = self.site.settings
        return (settings.absolute_base or settings.base_path) + path

    def page(self, template: str, output: Output, *, title: str, description: str = "", root: str | None = None, **context) -> bytes:
        root = root_for(output.path) if root is None else root
        canonical_path = output.path.removesuffix("index.html")
        html = self.env.get_template(template).render(
            site=self.site,
            settings=self.site.settings,
            featured=self.site.featured,
            root=root,
            asset=lambda name: root + self.assets[name],
            title=title,
            description=description or self.site.settings.title,
            canonical=self.url(canonical_path),
            page_path=canonical_path,
            md=lambda source: self.markdown_html(source, root, canonical_path),
            inline=lambda text: self.inline_html(text, root, canonical_path),
            hotline_free=hotline_free_label,
            **context,
        )
        return html.encode("utf-8")

    # page kinds

    def render_home(self, output: Output) -> bytes:
        site = self.site
        today = site.today
        running = [c for c in site.campaigns if c.running_on(today)]
        upcoming = sorted((c for c in site.campaigns if c.start > today), key=lambda c: c.start)
        lead = running[0] if running else upcoming[0] if upcoming else (site.campaigns[0] if site.campaigns else None)
        lead_state = "running" if running else "upcoming" if upcoming else "past"
        return self.page(
            "home.html",
            output,
            title=site.settings.title,
            lead=lead,
            lead_state=lead_state,
            lead_summary=self.summary_of(lead) if lead else "",
            news=site.news[:5],
            summary_of=self.summary_of,
            plans=[p for p in site.plans if p.year == today.year] or list(site.plans[:3]),
        )

    def render_not_found(self, output: Output) -> bytes:
        # Served for a missing URL at any depth, so its links start from base_url.
        settings = self.site.settings
        return self.page("404.html", output, title="Không tìm thấy trang", root=settings.absolute_base or settings.base_path)

    def render_campaign_index(self, output: Output) -> bytes:
        by_year: dict[int, list[Document]] = defaultdict(list)
        for campaign in self.site.campaigns:
            by_year[campaign.start.year].append(campaign)
        return self.page(
            "campaign_index.html",
            output,
            title="Chiến dịch truyền thông",
            description="Các tháng hành động và chiến dịch truyền thông, theo từng năm.",
            years=sorted(by_year.items(), reverse=True),
            summary_of=self.summary_of,
        )

    def render_news_index(self, output: Output) -> bytes:
        return self.page(
            "news_index.html",
            output,
            title="Tin tức",
            description="Tin tức và lời khuyên cho cha mẹ, mới nhất trước.",
            news=self.site.news,
            summary_of=self.summary_of,
        )

    def render_plan_index(self, output: Output) -> bytes:
        by_year: dict[int, list[Plan]] = defaultdict(list)
        for plan in self.site.plans:
            by_year[plan.year].append(plan)
        return self.page(
            "plan_index.html",
            output,
            title="Kế hoạch",
            description="Kế hoạch và văn bản hướng dẫn về trẻ em và bình đẳng giới, theo từng năm.",
            years=sorted(by_year.items(), reverse=True),
        )

    def render_hotlines(self, output: Output) -> bytes:
        return self.page(
            "hotlines.html",
            output,
            title="Đường dây nóng",
            description="Các số điện thoại để báo tin, xin tư vấn và giúp đỡ khi trẻ em gặp nguy hiểm.",
            hotlines=self.site.hotlines,
        )

    def render_search(self, output: Output) -> bytes:
        return self.page(
            "search.html",
            output,
            title="Tìm kiếm",
            description="Tìm trong các trang chiến dịch, tin tức, kế hoạch và đường dây nóng; gõ có dấu hay không dấu đều được.",
        )

    def render_document(self, output: Output) -> bytes:
        document = self.documents[(output.kind, output.key)]
        hotlines = self.site.hotline_by_number
        template = {"campaign": "campaign.html", "news": "news.html", "page": "page.html"}[document.kind]
        return self.page(
            template,
            output,
            title=document.title,
            description=self.summary_of(document),
            doc=document,
            body=self.markdown_html(document.body, root_for(output.path), document.url),
            hotlines=[hotlines[n] for n in document.hotlines],
            plans=[self.plans[p] for p in document.plans if p in self.plans],
        )

    def render_plan(self, output: Output) -> bytes:
        plan = self.plans[output.key]
        return self.page(
            "plan.html",
            output,
            title=plan.title,
            description=plan.summary or f"{plan.kind_label} {plan.number or ''} của {plan.issuer}".strip(),
            plan=plan,
            direction_label=direction_label,
            target_groups=plan_pages.group_targets(plan.targets),
            agency_slug_of=self.site.agency_slug_of,
            cited_as=self.site.legal.by_plan.get(plan.id) if self.site.legal else None,
            topic_name=lambda slug: self.topic_names.get(slug, slug),
        )

    def _scripted(self, output: Output) -> Document:
        kind, _, slug = output.key.partition(":")
        return self.documents[(kind, slug)]

    def render_script_text(self, output: Output) -> bytes:
        return render_script_text(self.script(self._scripted(output))).encode("utf-8")

    def render_script_audio(self, output: Output) -> bytes:
        assert self.audio is not None  # planned only when the tools are there
        script = self.script(self._scripted(output))
        return render_speech(script.text, self.site.settings.broadcast.words_per_minute, self.audio)

    def render_script_page(self, output: Output) -> bytes:
        document = self._scripted(output)
        script = self.script(document)
        return self.page(
            "script.html",
            output,
            title=f"Bản tin phát thanh: {document.title}",
            description=f"Bản tin để đọc trên loa truyền thanh, {format_duration(script.seconds)}.",
            doc=document,
            script=script,
            duration=format_duration(script.seconds),
            audio_file=("phat-thanh" + self.audio.suffix) if self.audio else None,
        )

    def render_script_index(self, output: Output) -> bytes:
        scripted = sorted((d for d in self.site.news + self.site.campaigns if d.has_script), key=lambda d: (d.date, d.url), reverse=True)
        return self.page(
            "script_index.html",
            output,
            title="Bản tin phát thanh",
            description="Bản tin để cán bộ đọc trên loa truyền thanh phường, xã, mới nhất trước.",
            items=scripted,
            rows=script_rows(((d, format_duration(self.script_seconds(d))) for d in scripted), root_for(output.path), self.row_memo),
        )

    def render_asset(self, output: Output) -> bytes:
        return (ASSETS / output.key).read_bytes()

    def sitemap_paths(self) -> list[str]:
        plan_data = {o.path.removesuffix("index.html") for o in plan_data_outputs(self.site) if o.path.endswith("index.html")}
        fixed = {"chien-dich/", "tin-tuc/", "ke-hoach/", "duong-day-nong/", "phat-thanh/"}
        return sorted({""} | {d.url for d in self.site.documents} | {p.url for p in self.site.plans} | fixed | plan_data)


PLAN_DATA_HANDLERS: dict[str, Callable[["Renderer", Output], bytes]] = {
    "agency_index": plan_pages.render_agency_index,
    "agency": plan_pages.render_agency,
    "legal_index": plan_pages.render_legal_index,
    "legal": plan_pages.render_legal,
    "topic_index": plan_pages.render_topic_index,
    "topic": plan_pages.render_topic,
    "calendar": plan_pages.render_calendar,
    "calendar_file": plan_pages.render_calendar_file,
    "targets": plan_pages.render_targets,
}


def hotline_free_label(hotline: Hotline) -> str:
    if hotline.free is True:
        return "Miễn phí"
    if hotline.free is False:
        return "Có tính cước"
    return ""


def direction_label(direction: str) -> str:
    return {"at_least": "≥", "at_most": "≤", "equal": "="}.get(direction, "")


def script_rows(items: Iterable[tuple[Document, str]], root: str, memo: dict[tuple, str]) -> Markup:
    """The script index's table rows, joined here rather than looped in the template:
    with ten thousand scripts, Jinja's per-value overhead was most of a live-preview save.
    `memo` keeps rows between renders (`serve` re-renders the index on every save)."""
    rows = []
    for document, duration in items:
        key = (root, document.url, document.title, document.date, duration)
        row = memo.get(key)
        if row is not None:
            rows.append(row)
            continue
        title = html.escape(document.title)
        href = html.escape(root + document.url)
        rows.append(
            f'    <tr>\n      <td><a href="{href}phat-thanh/">{title}</a></td>\n'
            f"      <td>{format_date(document.date)}</td>\n      <td>{html.escape(duration)}</td>\n"
            f'      <td><a href="{href}phat-thanh.txt">.txt<span class="visually-hidden"> — {title}</span></a></td>\n    </tr>\n'
        )
        memo[key] = rows[-1]
    return Markup("".join(rows))


def script_to_json(script: Script) -> dict:
    # A shallow copy of the fields: dataclasses.asdict deep-copies every string.
    data = {f.name: getattr(script, f.name) for f in dataclasses.fields(script)}
    data["date"] = script.date.isoformat() if script.date else None
    return data


def script_from_json(data: dict) -> Script:
    values = dict(data)
    values["date"] = dt.date.fromisoformat(values["date"]) if values["date"] else None
    values["body"] = tuple(values["body"])
    values["unspoken"] = tuple(values["unspoken"])
    return Script(**values)


# Outputs that summarise what other outputs computed (every script's duration):
# rendered after the others, when those results are at hand.
LATE_KINDS = frozenset({"script_index"})

# Announcers read short bulletins: about 400 syllables, three minutes, aired twice.
LONG_SCRIPT_SYLLABLES = 600


def long_script_warnings(site: Site, lengths: dict[str, tuple[int, int]]) -> list[Diagnostic]:
    """A warning for each script much longer than a bulletin, at the page's body."""
    problems = []
    for document in site.documents:
        facts = lengths.get(f"{document.kind}:{document.slug}")
        if facts is None or facts[1] <= LONG_SCRIPT_SYLLABLES:
            continue
        seconds, syllables = facts
        problems.append(
            Diagnostic(
                Location(document.source.path, document.body_line, 1),
                "warning",
                "script-long",
                f"Bản tin phát thanh của trang này dài {syllables} âm tiết ({format_duration(seconds)}); "
                f"một bản tin nên dưới khoảng {LONG_SCRIPT_SYLLABLES} âm tiết. Hãy rút gọn, tách thành hai bài, "
                "hoặc đặt broadcast: false nếu trang không dùng để phát thanh.",
                f"This page's loudspeaker script is {syllables} syllables (about {seconds // 60} min {seconds % 60} s); "
                f"a bulletin should stay under about {LONG_SCRIPT_SYLLABLES}. Shorten it, split it, or set broadcast: false.",
            )
        )
    return problems
