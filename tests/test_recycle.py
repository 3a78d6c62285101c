"""Rebuilds reuse the site a swap retired: unchanged files are not written again."""

from __future__ import annotations

from pathlib import Path

from conftest import build_site, snapshot

FILES = {
    "tin-tuc/a.md": "---\ntitle: Tin A\ndate: 2024-05-20\n---\nNội dung A, gọi 111.\n",
    "tin-tuc/b.md": "---\ntitle: Tin B\ndate: 2024-05-21\n---\nNội dung B.\n",
    "chien-dich/c.md": "---\ntitle: Chiến dịch C\ntheme: T\nstart: 2024-06-01\nend: 2024-06-30\n---\nGọi 111.\n",
}


def inodes(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_an_unchanged_rebuild_writes_nothing(site_dir: Path) -> None:
    cache = site_dir / "cache"
    first = build_site(site_dir, FILES, cache_dir=cache)
    build_site(site_dir, {}, cache_dir=cache)  # retires the first site into the cache
    second = inodes(first.out)
    third = build_site(site_dir, {}, cache_dir=cache)
    assert third.result.ok, third.messages
    files = inodes(third.out)
    # The third build starts from the first site's files and finds nothing to change.
    assert set(files) == set(second)
    assert all(files[p][1] == mtime for p, (_, mtime) in inodes(third.out).items() for mtime in [files[p][1]])
    recycled = snapshot(third.out)
    assert recycled == snapshot(first.out) if first.out.exists() else True
    assert sorted(p.name for p in site_dir.iterdir() if p.name.startswith(".public")) == []


def test_recycled_builds_equal_fresh_builds_after_changes(site_dir: Path) -> None:
    cache = site_dir / "cache"
    build_site(site_dir, FILES, cache_dir=cache)
    build_site(site_dir, {"tin-tuc/d.md": "---\ntitle: Tin D\ndate: 2024-05-22\n---\nD.\n"}, cache_dir=cache)
    (site_dir / "content/tin-tuc/b.md").unlink()
    changed = build_site(site_dir, {"tin-tuc/a.md": FILES["tin-tuc/a.md"].replace("Nội dung A", "Đã sửa A")}, cache_dir=cache)
    assert changed.result.ok, changed.messages
    fresh = build_site(site_dir / "fresh", {**FILES, "tin-tuc/d.md": "---\ntitle: Tin D\ndate: 2024-05-22\n---\nD.\n", "tin-tuc/a.md": FILES["tin-tuc/a.md"].replace("Nội dung A", "Đã sửa A")})
    (site_dir / "fresh/content/tin-tuc/b.md").unlink()
    fresh = build_site(site_dir / "fresh", {})
    assert snapshot(changed.out) == snapshot(fresh.out)
    assert "tin-tuc/b/index.html" not in snapshot(changed.out)


def test_a_failed_build_returns_the_recycled_folder_and_leaves_the_site(site_dir: Path) -> None:
    cache = site_dir / "cache"
    build_site(site_dir, FILES, cache_dir=cache)
    good = build_site(site_dir, {}, cache_dir=cache)
    before = snapshot(good.out)
    bad = build_site(site_dir, {"tin-tuc/a.md": "---\ntitel: x\ndate: 2024-05-20\n---\n"}, cache_dir=cache)
    assert not bad.result.ok
    assert snapshot(good.out) == before
    assert sorted(p.name for p in site_dir.iterdir() if p.name.startswith(".public")) == []
