"""Builds that know what each file was made from: nothing is rendered twice for the same inputs.

A rebuild of unchanged content leaves the output folder alone; after a change only
the outputs whose inputs changed are rendered again, and the result is always the
same, byte for byte, as a fresh build of the same content.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Callable

import pytest

from conftest import TODAY, build_site, snapshot
from site_builder.manifest import VERSION
from site_builder.pipeline import BuildOptions, build
from site_builder.render import ASSETS, TEMPLATES

PLAN = 'title: Kế hoạch thử năm 2024\nnumber: "12/KH-UBND"\nissuer: Ủy ban nhân dân phường Thử\nyear: 2024\n'
FILES = {
    "tin-tuc/a.md": "---\ntitle: Tin A\ndate: 2024-05-20\nplans: [2024-thu]\n---\nNội dung A, gọi 111. Theo Luật Trẻ em 2016.\n",
    # Cites the plan, whose page lists the pages citing it (with their titles).
    "tin-tuc/b.md": "---\ntitle: Tin B\ndate: 2024-05-21\n---\nNội dung B. Thực hiện Kế hoạch số 12/KH-UBND ngày 01/02/2024 của Ủy ban nhân dân phường Thử.\n",
    "chien-dich/c.md": "---\ntitle: Chiến dịch C\ntheme: T\nstart: 2024-06-01\nend: 2024-06-30\n---\nGọi 111.\n\n[[đường dây nóng 111]]\n",
    "gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nVề cổng.\n",
    "ke-hoach/2024-thu.yaml": PLAN,
    "media/anh.png": b"\x89PNG\r\n\x1a\n-first",
}


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / relative
        path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    return apply


def remove(relative: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).unlink()


def add(relative: str, text: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).write_text(text, "utf-8")


def replace_bytes(relative: str, data: bytes) -> Callable[[Path], None]:
    return lambda root: (root / relative).write_bytes(data)


# Each change is applied to a copy of the project (content, templates, assets).
CHANGES = {
    "news body": edit("content/tin-tuc/b.md", "Nội dung B.", "Nội dung B đã sửa."),
    "news title": edit("content/tin-tuc/b.md", "title: Tin B", "title: Tin B mới"),
    "plan no longer cited": edit("content/tin-tuc/b.md", " Thực hiện Kế hoạch số 12/KH-UBND ngày 01/02/2024 của Ủy ban nhân dân phường Thử.", ""),
    "campaign dates": edit("content/chien-dich/c.md", "end: 2024-06-30", "end: 2024-06-05"),
    "standalone page": edit("content/gioi-thieu.md", "Về cổng.", "Về cổng thông tin."),
    "cited plan": edit("content/ke-hoach/2024-thu.yaml", "Kế hoạch thử", "Kế hoạch đã đổi"),
    "hotline registry": edit("content/hotlines.yaml", "Cảnh sát phản ứng nhanh", "Công an"),
    "site settings": edit("content/site.yaml", "Cổng thử nghiệm", "Cổng đã đổi tên"),
    "page removed": remove("content/tin-tuc/b.md"),
    "page added": add("content/tin-tuc/d.md", "---\ntitle: Tin D\ndate: 2024-05-22\n---\nD, theo Luật Trẻ em 2016.\n"),
    "media bytes": replace_bytes("content/media/anh.png", b"\x89PNG\r\n\x1a\n-second, longer"),
    "template": edit("templates/news.html", "<h1>{{ doc.title }}</h1>", "<h1 class=\"tieu-de\">{{ doc.title }}</h1>"),
    "hotline card partial": edit("templates/partials/hotline_card.html", "</", " </"),
    "asset": edit("assets/favicon.svg", "</svg>", "<!-- đổi --></svg>"),
}


def project(root: Path) -> Path:
    """Content, templates and assets of one test project under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    build_site(root, FILES, cache_dir=None)  # writes the content folder (and a first output)
    shutil.rmtree(root / "public")
    shutil.copytree(TEMPLATES, root / "templates")
    shutil.copytree(ASSETS, root / "assets")
    return root


def build_project(root: Path, *, cache: Path | None, today: dt.date = TODAY, out: Path | None = None):
    options = BuildOptions(
        content=root / "content", out=out or root / "public", today=today, search=False, quiet=True,
        cache_dir=cache, templates=root / "templates", assets=root / "assets", processes=1,
    )
    return build(options)


def fresh_build(root: Path, tmp: Path, today: dt.date = TODAY) -> dict[str, bytes]:
    """The same project built from scratch, without any cache."""
    copy = tmp / "fresh"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("public", "cache", ".public*"))
    result = build_project(copy, cache=None, today=today)
    assert result.ok, result.report.format_text()
    return snapshot(copy / "public")


def test_a_rebuild_of_unchanged_content_leaves_the_output_folder_alone(site_dir: Path) -> None:
    root = project(site_dir / "p")
    cache = site_dir / "cache"
    first = build_project(root, cache=cache)
    assert first.ok and not first.unchanged and first.rendered == first.written
    out = root / "public"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    folder = out.stat().st_ino
    again = build_project(root, cache=cache)
    assert again.ok, again.report.format_text()
    assert again.unchanged and again.rendered == 0
    assert out.stat().st_ino == folder  # not even swapped
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")} == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == []


@pytest.mark.parametrize("first, second", [
    ("news body", "news title"),  # the plan's page shows the citing page's new title
    ("cited plan", "news body"),
    ("hotline registry", "standalone page"),
    ("site settings", "page added"),
    ("page removed", "campaign dates"),
    ("media bytes", "template"),
    ("hotline card partial", "asset"),
    ("page added", "page removed"),
    ("plan no longer cited", "page added"),
    ("news title", "plan no longer cited"),
])
def test_builds_after_changes_equal_fresh_builds(site_dir: Path, first: str, second: str) -> None:
    """The third build starts from the first site (kept in the cache) and its manifest."""
    root = project(site_dir / "p")
    cache = site_dir / "cache"
    assert build_project(root, cache=cache).ok
    CHANGES[first](root)
    assert build_project(root, cache=cache).ok
    CHANGES[second](root)
    third = build_project(root, cache=cache)
    assert third.ok, third.report.format_text()
    assert not third.unchanged
    assert snapshot(root / "public") == fresh_build(root, site_dir)


def test_a_change_to_one_page_renders_that_page_and_the_lists_only(site_dir: Path) -> None:
    root = project(site_dir / "p")
    cache = site_dir / "cache"
    build_project(root, cache=cache)
    CHANGES["news title"](root)
    build_project(root, cache=cache)  # the first site is now kept in the cache, with its manifest
    CHANGES["news body"](root)
    third = build_project(root, cache=cache)
    assert third.ok
    # Tin B's page, script page and script text, and the pages listing it; not the others.
    assert 3 <= third.rendered < third.written / 2, (third.rendered, third.written)


def test_a_new_day_renders_again(site_dir: Path) -> None:
    """`today` shows on every page (campaign states, the print footer)."""
    root = project(site_dir / "p")
    cache = site_dir / "cache"
    build_project(root, cache=cache)
    later = dt.date(2024, 7, 2)
    result = build_project(root, cache=cache, today=later)
    assert not result.unchanged and result.rendered == result.written
    assert snapshot(root / "public") == fresh_build(root, site_dir, today=later)


def test_an_output_file_changed_by_hand_is_built_again(site_dir: Path) -> None:
    root = project(site_dir / "p")
    cache = site_dir / "cache"
    build_project(root, cache=cache)
    build_project(root, cache=cache)
    page = root / "public" / "tin-tuc" / "a" / "index.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"Tin A", "Tin bị sửa tay".encode()))
    (root / "public" / "la.txt").write_text("tệp lạ", "utf-8")
    result = build_project(root, cache=cache)
    assert result.ok and not result.unchanged
    assert page.read_bytes() == good
    assert not (root / "public" / "la.txt").exists()
    assert snapshot(root / "public") == fresh_build(root, site_dir)


def test_a_lost_cache_only_means_a_full_build(site_dir: Path) -> None:
    root = project(site_dir / "p")
    cache = site_dir / "cache"
    build_project(root, cache=cache)
    shutil.rmtree(cache)
    result = build_project(root, cache=cache)
    assert result.ok and not result.unchanged and result.rendered == result.written


@pytest.mark.parametrize("spoil", [
    lambda text: '{"version": %d, "digests": [' % VERSION,  # cut short
    lambda text: text.replace('"durations":{"', '"durations":{"x":[1],"', 1),  # a value of the wrong shape
    lambda text: text.replace(f'"version":{VERSION}', f'"version":{VERSION - 1}', 1),  # written by another version
])
def test_a_spoilt_manifest_is_ignored(site_dir: Path, spoil: Callable[[str], str]) -> None:
    root = project(site_dir / "p")
    cache = site_dir / "cache"
    build_project(root, cache=cache)
    CHANGES["news body"](root)
    build_project(root, cache=cache)
    for manifest in (cache / "manifests").iterdir():
        manifest.write_text(spoil(manifest.read_text("utf-8")), "utf-8")
    CHANGES["news title"](root)
    result = build_project(root, cache=cache)
    assert result.ok and result.rendered == result.written
    assert snapshot(root / "public") == fresh_build(root, site_dir)


def test_long_script_warnings_are_repeated_when_nothing_is_rebuilt(site_dir: Path) -> None:
    long_body = " ".join(["Cha mẹ hãy dành thời gian trò chuyện với con mỗi ngày."] * 80)
    root = project(site_dir / "p")
    (root / "content" / "tin-tuc" / "dai.md").write_text(f"---\ntitle: Tin dài\ndate: 2024-05-23\n---\n{long_body}\n", "utf-8")
    cache = site_dir / "cache"
    first = build_project(root, cache=cache)
    again = build_project(root, cache=cache)
    assert again.unchanged
    codes = lambda result: [(d.code, d.location.path) for d in result.report.diagnostics]  # noqa: E731
    assert ("script-long", "p/content/tin-tuc/dai.md") in codes(first)
    assert codes(again) == codes(first)


def test_the_cli_says_when_nothing_changed(site_dir: Path) -> None:
    from conftest import run_cli, write_site

    write_site(site_dir, FILES)
    env = {"SITE_BUILDER_CACHE": str(site_dir / "cache")}
    first = run_cli("build", "--no-search", "--today", "2024-06-10", cwd=site_dir, env=env)
    assert first.returncode == 0, first.stderr
    second = run_cli("build", "--no-search", "--today", "2024-06-10", cwd=site_dir, env=env)
    assert second.returncode == 0, second.stderr
    assert "Nội dung không đổi" in second.stderr and "Nothing changed" in second.stderr
    assert os.path.isfile(site_dir / "public" / "index.html")


def age(root: Path, seconds: int = 3600) -> None:
    """Date every file of the project back, as if written long before the build."""
    past = os.stat(root).st_mtime - seconds
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def test_unchanged_input_files_are_not_even_loaded_again(site_dir: Path) -> None:
    """Like make: sizes and modification times of every input decide before any parsing."""
    root = project(site_dir / "p")
    long_body = " ".join(["Cha mẹ hãy dành thời gian trò chuyện với con mỗi ngày."] * 80)
    (root / "content" / "tin-tuc" / "dai.md").write_text(f"---\ntitle: Tin dài\ndate: 2024-05-23\n---\n{long_body}\n", "utf-8")
    age(root)
    cache = site_dir / "cache"
    first = build_project(root, cache=cache)
    assert first.ok
    again = build_project(root, cache=cache)
    assert again.unchanged and again.planned is None  # nothing was loaded
    assert [d.code for d in again.report.diagnostics] == [d.code for d in first.report.diagnostics]
    assert "script-long" in [d.code for d in again.report.diagnostics]
    # An edit changes the size or the time: the build loads and renders again.
    CHANGES["news body"](root)
    age(root)
    edited = build_project(root, cache=cache)
    assert edited.ok and not edited.unchanged and edited.planned is not None
    assert snapshot(root / "public") == fresh_build(root, site_dir)


def test_a_touched_file_is_loaded_but_nothing_is_rendered(site_dir: Path) -> None:
    root = project(site_dir / "p")
    age(root)
    cache = site_dir / "cache"
    build_project(root, cache=cache)
    (root / "content" / "tin-tuc" / "a.md").touch()  # same bytes, new time (a `git checkout`, say)
    touched = build_project(root, cache=cache)
    assert touched.unchanged and touched.planned is not None
    age(root)
    # The manifest now knows the new times: the next build is the quick one again.
    assert build_project(root, cache=cache).planned is not None  # ages changed the times once more
    quick = build_project(root, cache=cache)
    assert quick.unchanged and quick.planned is None


def test_changed_options_are_not_taken_for_unchanged_content(site_dir: Path) -> None:
    root = project(site_dir / "p")
    age(root)
    cache = site_dir / "cache"
    build_project(root, cache=cache)
    later = build_project(root, cache=cache, today=dt.date(2024, 7, 2))
    assert not later.unchanged and later.rendered == later.written


def test_the_search_bundle_is_part_of_the_site_that_is_left_alone(site_dir: Path) -> None:
    root = project(site_dir / "p")
    age(root)
    cache = site_dir / "cache"
    options = dict(
        content=root / "content", out=root / "public", today=TODAY, search=True, quiet=True,
        cache_dir=cache, templates=root / "templates", assets=root / "assets",
    )
    first = build(BuildOptions(**options))
    assert first.ok, first.report.format_text()
    bundle = snapshot(root / "public" / "pagefind")
    assert bundle
    again = build(BuildOptions(**options))
    assert again.unchanged and again.planned is None
    # Without search the bundle goes; with it again, it comes back the same.
    without = build(BuildOptions(**{**options, "search": False}))
    assert not without.unchanged and not (root / "public" / "pagefind").exists()
    back = build(BuildOptions(**options))
    assert not back.unchanged and snapshot(root / "public" / "pagefind") == bundle


def test_a_spoilt_quick_check_file_only_turns_the_quick_check_off(site_dir: Path) -> None:
    root = project(site_dir / "p")
    age(root)
    cache = site_dir / "cache"
    build_project(root, cache=cache)
    (quick,) = (cache / "manifests").glob("*.quick.json")
    quick.write_text(quick.read_text("utf-8").replace('"warning"', '"lỗi lạ"'), "utf-8")  # an unknown severity
    again = build_project(root, cache=cache)
    assert again.ok and again.unchanged and again.planned is not None  # loaded, compared, nothing rendered
    assert all(d.severity == "warning" for d in again.report.diagnostics)
    assert build_project(root, cache=cache).planned is None  # the manifest was written afresh
