"""The output plan and the rendering of each output to bytes.

`plan_outputs` lists every file of the site before anything is written, so two
records that want one URL are caught as an error naming both. `Renderer.render`
turns one `Output` into bytes; it is pure given the `Site`, which is what lets the
pipeline render in several processes and `serve` re-render only what changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import jinja2
from markupsafe import Markup

from . import formats
from .diagnostics import Location, Report
from .hosting import render_headers_file
from .markup import (
    MARKUP_VERSION,
    Fragment,
    MarkdownConverters,
    format_date,
    format_number,
    hotline_pattern,
    link_hotlines_in_text,
    plain_text,
    render_markdown,
    resolve_root,
    shorten,
)
from .model import Document, Hotline, Plan, Site

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


def plan_outputs(site: Site, report: Report, assets: dict[str, str]) -> tuple[Output, ...]:
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
    for plan in site.plans:
        outputs.append(Output(plan.url + "index.html", "plan", plan.id, plan.source))
    for name, published in assets.items():
        outputs.append(Output(published, "asset", name))
    for media in site.media:
        outputs.append(Output(media.url, "media", media.source_path, Location(media.source_path)))
    if site.settings.hosting_headers:
        outputs.append(Output("_headers", "headers"))
    return tuple(_without_collisions(outputs, report))


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


class FragmentCache:
    """Markdown → HTML results on disk, keyed by everything that shapes them.

    Converting Markdown is most of a build's CPU; an unchanged body is never
    converted twice. Entries are small JSON files written atomically, so several
    build processes can share the folder.
    """

    def __init__(self, folder: Path | None, hotlines: Iterable[str]):
        self.folder = folder
        self.salt = MARKUP_VERSION + "|" + ",".join(sorted(hotlines)) + "|"

    def key(self, source: str) -> str:
        return hashlib.sha256((self.salt + source).encode("utf-8")).hexdigest()

    def get(self, key: str) -> Fragment | None:
        if self.folder is None:
            return None
        try:
            data = json.loads((self.folder / key[:2] / f"{key}.json").read_text("utf-8"))
            return Fragment(data["html"], tuple(tuple(h) for h in data["headings"]))
        except (OSError, ValueError, KeyError):
            return None

    def put(self, key: str, fragment: Fragment) -> None:
        if self.folder is None:
            return
        folder = self.folder / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temp = folder / f".{key}.{os.getpid()}.tmp"
            temp.write_text(json.dumps({"html": fragment.html, "headings": fragment.headings}, ensure_ascii=False), "utf-8")
            os.replace(temp, folder / f"{key}.json")
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower


# --- rendering ------------------------------------------------------------------------------


def root_for(path: str) -> str:
    """Relative prefix from an output file back to the site root."""
    depth = path.count("/")
    return "../" * depth if depth else "./"


def create_environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["vn_date"] = format_date
    env.filters["vn_number"] = format_number
    return env


class Renderer:
    """Turns outputs into bytes for one site; create it once, render many outputs."""

    def __init__(self, site: Site, *, env: jinja2.Environment, assets: dict[str, str], cache: FragmentCache):
        self.site = site
        self.env = env
        self.assets = assets
        self.cache = cache
        self.hotline_regex = hotline_pattern(h.number for h in site.hotlines)
        self.converters = MarkdownConverters()
        self.documents = {(d.kind, d.slug): d for d in site.documents}
        self.plans = {p.id: p for p in site.plans}
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
            "headers": lambda o: render_headers_file(self.site.settings, self.assets),
        }

    def render(self, output: Output) -> bytes:
        return self.handlers[output.kind](output)

    # shared pieces

    def fragment(self, source: str) -> Fragment:
        key = self.cache.key(source)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        fragment = render_markdown(source, self.converters, self.hotline_regex)
        self.cache.put(key, fragment)
        return fragment

    def markdown_html(self, source: str, root: str) -> Markup:
        return Markup(resolve_root(self.fragment(source).html, root))

    def inline_html(self, text: str) -> Markup:
        """Plain text from YAML, escaped, with hotline numbers linked."""
        return Markup(link_hotlines_in_text(text, self.hotline_regex))

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
            md=lambda source: self.markdown_html(source, root),
            inline=self.inline_html,
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
            body=self.markdown_html(document.body, root_for(output.path)),
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
        )

    def render_asset(self, output: Output) -> bytes:
        return (ASSETS / output.key).read_bytes()

    def sitemap_paths(self) -> list[str]:
        return sorted({""} | {d.url for d in self.site.documents} | {p.url for p in self.site.plans} | {"chien-dich/", "tin-tuc/", "ke-hoach/", "duong-day-nong/"})


def hotline_free_label(hotline: Hotline) -> str:
    if hotline.free is True:
        return "Miễn phí"
    if hotline.free is False:
        return "Có tính cước"
    return ""


def direction_label(direction: str) -> str:
    return {"at_least": "≥", "at_most": "≤", "equal": "="}.get(direction, "")
