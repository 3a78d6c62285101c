"""Expensive results kept between builds, keyed by everything that shapes them.

Converting Markdown and composing loudspeaker scripts are most of a build's CPU; an
unchanged input is never processed twice. Entries live in one SQLite file in the
cache folder (Python's own `sqlite3`): one file written in a few transactions costs
far less than a small file per entry, which on some disks cost more than the
Markdown it saved (creating a file there takes a third of a millisecond of system
time). SQLite also takes care of what a hand-made store would get wrong: several
build processes writing at once, and a build killed half-way.

Writes are batched: `store` queues, `flush` writes the queue in one transaction.
Every process flushes before it hands its results back (the build's workers are
forked, and each opens its own connection). Entries not used for `KEEP_DAYS` days
are dropped by `prune`, so edits do not make the file grow forever.

A cache that cannot be opened or written only makes builds slower: every error is
swallowed here and the build goes on without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path

FILE_NAME = "fragments.sqlite3"
KEEP_DAYS = 30
FLUSH_EVERY = 500  # queued entries; bounds the memory a long `serve` session holds
BUSY_TIMEOUT_MS = 30_000  # another build process may be committing
SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT NOT NULL, used INTEGER NOT NULL) WITHOUT ROWID"


def current_day() -> int:
    """Days since the epoch: when an entry was last used (never part of any output)."""
    return int(time.time() // 86400)


class DiskCache:
    """A key → JSON value store in the cache folder; `folder=None` keeps nothing."""

    def __init__(self, folder: Path | None, salt: str, *, writable: bool = True):
        self.folder = folder
        self.salt = salt + "|"
        self.writable = writable  # `check` reads the cache but writes nothing anywhere
        self.day = current_day()
        # One connection per process: a connection must not be used across fork().
        # The parent's stays referenced (and untouched) in a child, so it is never
        # closed from there.
        self._connections: dict[int, sqlite3.Connection | None] = {}
        self._pending: dict[str, str] = {}
        self._touched: list[str] = []
        # The keys the file held when this process first looked: asking SQLite about
        # each page is most of a cold build's cache time, and almost every answer is "no".
        self._present: dict[int, set[str]] = {}

    def key(self, *parts: str) -> str:
        digest = hashlib.sha256(self.salt.encode("utf-8"))
        for part in parts:
            digest.update(b"\0" + part.encode("utf-8"))
        return digest.hexdigest()

    def load(self, key: str) -> dict | None:
        pending = self._pending.get(key)
        if pending is not None:
            return json.loads(pending)
        connection = self._connection()
        if connection is None or key not in self._keys_present(connection):
            return None
        try:
            row = connection.execute("SELECT value, used FROM entries WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            if row[1] < self.day and self.writable:
                self._touched.append(key)
            return json.loads(row[0])
        except (sqlite3.Error, ValueError):
            return None

    def store(self, key: str, data: dict) -> None:
        if self.folder is None or not self.writable:
            return
        self._pending[key] = json.dumps(data, ensure_ascii=False)
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write what `store` queued (and when read entries were last used)."""
        if not self._pending and not self._touched:
            return
        pending, touched = self._pending, self._touched
        self._pending, self._touched = {}, []
        connection = self._connection()
        if connection is None:
            return
        try:
            with connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO entries (key, value, used) VALUES (?, ?, ?)",
                    ((key, value, self.day) for key, value in pending.items()),
                )
                connection.executemany("UPDATE entries SET used = ? WHERE key = ?", ((self.day, key) for key in touched))
        except sqlite3.Error:
            return  # the next build recomputes what was lost
        present = self._present.get(os.getpid())
        if present is not None:
            present.update(pending)

    def prune(self) -> None:
        """Drop entries no build has used for KEEP_DAYS days."""
        connection = self._connection() if self.writable else None
        if connection is None:
            return
        try:
            with connection:
                connection.execute("DELETE FROM entries WHERE used < ?", (self.day - KEEP_DAYS,))
        except sqlite3.Error:
            pass

    def _keys_present(self, connection: sqlite3.Connection) -> set[str]:
        pid = os.getpid()
        present = self._present.get(pid)
        if present is None:
            try:
                present = {key for (key,) in connection.execute("SELECT key FROM entries")}
            except sqlite3.Error:
                present = set()
            self._present[pid] = present
        return present

    def _connection(self) -> sqlite3.Connection | None:
        pid = os.getpid()
        if pid not in self._connections:
            self._connections[pid] = self._open() if self.folder is not None else None
        return self._connections[pid]

    def _open(self) -> sqlite3.Connection | None:
        assert self.folder is not None
        path = self.folder / FILE_NAME
        for attempt in range(2):
            try:
                if self.writable:
                    self.folder.mkdir(parents=True, exist_ok=True)
                elif not path.exists():
                    return None  # `check` creates nothing
                connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level="DEFERRED", check_same_thread=False)
                # A rollback journal, not WAL: a cold build stores tens of megabytes of
                # new pages, which WAL writes twice (log, then checkpoint) and a rollback
                # journal once (new pages need no journal). Writers take turns (the busy
                # timeout); each build process commits only a few times.
                connection.execute("PRAGMA journal_mode=DELETE")
                connection.execute("PRAGMA synchronous=NORMAL")
                connection.execute(SCHEMA)
                return connection
            except sqlite3.OperationalError:
                return None  # locked or busy (another build holds it): go on without it
            except sqlite3.DatabaseError:
                # Not a database (a crash mid-creation, a stray file): start afresh once.
                if attempt == 0 and self.writable:
                    for suffix in ("", "-journal", "-wal", "-shm"):
                        try:
                            os.unlink(str(path) + suffix)
                        except OSError:
                            pass
                    continue
                return None
            except OSError:
                return None
        return None
