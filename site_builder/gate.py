"""`check` as the gate before publishing: what only the assembled site and its output plan can show.

Run after the output plan, so links resolve against every file any module plans.
Last of all, every message is masked: no log may repeat personal data, whichever
check happened to quote it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .diagnostics import Report, display_path
from .links import check_images, check_links, markdown_texts
from .loaders import allowed_contacts
from .media_safety import check_file_names, check_media
from .model import Site
from .privacy import mask_diagnostics


def check_publishable(site: Site, planned_paths: Iterable[str], report: Report) -> None:
    texts = markdown_texts(site.documents, site.plans)
    check_links(texts, planned_paths, report)
    check_images(texts, report)
    check_media(site.media, report)
    allowed = allowed_contacts(site.settings, site.hotlines)
    names = {d.source.path for d in site.documents} | {p.source.path for p in site.plans}
    check_file_names(sorted(names | {display_path(Path(m.source_path)) for m in site.media}), report, allowed)
    report.diagnostics[:] = mask_diagnostics(report.diagnostics, allowed)
