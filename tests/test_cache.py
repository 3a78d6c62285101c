"""The content-keyed cache of Markdown fragments and scripts (one SQLite file)."""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.cache import FILE_NAME, KEEP_DAYS, DiskCache
from site_builder.parallel import map_slices


def test_entries_survive_to_the_next_build(tmp_path: Path) -> None:
    first = DiskCache(tmp_path, "salt")
    key = first.key("fragment", "Nội dung")
    first.store(key, {"html": "<p>Nội dung</p>", "headings": []})
    assert first.load(key) == {"html": "<p>Nội dung</p>", "headings": []}  # queued, already readable
    first.flush()
    later = DiskCache(tmp_path, "salt")
    assert later.load(key) == {"html": "<p>Nội dung</p>", "headings": []}
    assert later.load(later.key("fragment", "khác")) is None


def test_keys_depend_on_the_salt_and_every_part(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, "a")
    assert cache.key("x", "y") != DiskCache(tmp_path, "b").key("x", "y")
    assert cache.key("x", "y") != cache.key("xy")
    assert cache.key("x", "y") != cache.key("y", "x")


def test_forked_workers_write_side_by_side(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, "salt")
    cache.load(cache.key("open the parent's connection first"))

    def work(part, is_main):
        for n in part:
            cache.store(cache.key(str(n)), {"n": n})
        cache.flush()
        return len(part)

    assert sum(map_slices(work, list(range(200)), 2)) == 200
    reader = DiskCache(tmp_path, "salt")
    assert all(reader.load(reader.key(str(n))) == {"n": n} for n in range(200))


def test_a_file_that_is_no_database_is_replaced(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"not a database at all, " * 20)
    cache = DiskCache(tmp_path, "salt")
    key = cache.key("k")
    cache.store(key, {"v": 1})
    cache.flush()
    assert DiskCache(tmp_path, "salt").load(key) == {"v": 1}


def test_an_unwritable_cache_only_means_no_cache(tmp_path: Path) -> None:
    blocked = tmp_path / "tep"
    blocked.write_text("a file where the cache folder should be", "utf-8")
    cache = DiskCache(blocked / "cache", "salt")
    cache.store(cache.key("k"), {"v": 1})
    cache.flush()
    assert DiskCache(blocked / "cache", "salt").load(cache.key("k")) is None


def test_check_reads_but_never_writes(tmp_path: Path) -> None:
    reader = DiskCache(tmp_path / "cache", "salt", writable=False)
    reader.store(reader.key("k"), {"v": 1})
    reader.flush()
    assert reader.load(reader.key("k")) is None
    assert not (tmp_path / "cache").exists()


def test_entries_unused_for_a_month_are_dropped(tmp_path: Path) -> None:
    old = DiskCache(tmp_path, "salt")
    old.day -= KEEP_DAYS + 1
    old.store(old.key("cũ"), {"v": "cũ"})
    old.store(old.key("vẫn dùng"), {"v": "vẫn dùng"})
    old.flush()
    today = DiskCache(tmp_path, "salt")
    assert today.load(today.key("vẫn dùng")) == {"v": "vẫn dùng"}  # read today: kept
    today.flush()
    today.prune()
    after = DiskCache(tmp_path, "salt")
    assert after.load(after.key("cũ")) is None
    assert after.load(after.key("vẫn dùng")) == {"v": "vẫn dùng"}
    assert os.path.getsize(tmp_path / FILE_NAME) > 0
