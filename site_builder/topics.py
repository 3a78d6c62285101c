"""Topics: everything on one topic (plans, campaigns, news), with names from topics.yaml."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from .model import Document, Plan, Topic


@dataclass(frozen=True)
class TopicPage:
    slug: str
    name: str
    description: str
    plans: tuple[Plan, ...]  # newest first
    campaigns: tuple[Document, ...]
    news: tuple[Document, ...]

    @property
    def url(self) -> str:
        return f"chu-de/{self.slug}/"

    @property
    def count(self) -> int:
        return len(self.plans) + len(self.campaigns) + len(self.news)


def assemble_topics(topics: Iterable[Topic], plans: Iterable[Plan], campaigns: Iterable[Document], news: Iterable[Document]) -> tuple[TopicPage, ...]:
    """One page per declared or used topic; without topics.yaml a topic is named by its slug."""
    named = {t.slug: t for t in topics}
    on: dict[str, dict[str, list]] = defaultdict(lambda: {"plans": [], "campaigns": [], "news": []})
    for slug in named:
        on[slug]  # declared topics get a page even before anything is filed under them
    for plan in plans:
        for slug in plan.topics:
            on[slug]["plans"].append(plan)
    for kind, documents in (("campaigns", campaigns), ("news", news)):
        for document in documents:
            for slug in document.topics:
                on[slug][kind].append(document)
    pages = []
    for slug, items in on.items():
        topic = named.get(slug)
        pages.append(
            TopicPage(
                slug,
                topic.name if topic else slug.replace("-", " ").capitalize(),
                topic.description if topic else "",
                tuple(items["plans"]),
                tuple(items["campaigns"]),
                tuple(items["news"]),
            )
        )
    order = {slug: n for n, slug in enumerate(named)}
    pages.sort(key=lambda p: (order.get(p.slug, len(order)), p.slug))
    return tuple(pages)
