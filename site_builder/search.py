"""The search index: Pagefind over the staged site, folded for Vietnamese typed without diacritics.

Why the index is built from a copy of each page
------------------------------------------------
Most people type Vietnamese on a phone without diacritics ("duong day nong"). Pagefind
1.5 already matches words with their tone and vowel marks stripped ("nong" finds
"nóng"), because it decomposes each word and drops the combining marks. But `đ`/`Đ`
is its own letter with no Unicode decomposition, so "duong" never reaches "đường" and
"dieu" never reaches "Điều".

We close the gap without touching the published pages: for every page that asks to be
indexed (its `<main>` carries `data-pagefind-body`, see `templates/base.html`), the
indexer reads a *copy* in which, in text only (never in attributes, so filter values
stay as written):

* `đ` becomes `d` + U+0335 COMBINING SHORT STROKE OVERLAY (`Đ` → `D` + U+0335). Pagefind
  drops the combining mark like any other diacritic, so the word is indexed as
  "duong"; the stored text still reads "d̵ường", one letter for one letter, and the
  search page turns every `d`/`D` + U+0335 back into `đ`/`Đ` before showing titles
  and excerpts. Vietnamese text never contains U+0335 itself, so the mapping back is
  exact (unlike plain `d`, which would be ambiguous: "dường như" is a word too).
* a registered hotline of eight or more digits, however it is written ("1900545559",
  "1900 545 559", "1900.545.559"), becomes its dotted grouping ("1900.545.559"): for a
  word joined by a full stop Pagefind indexes the whole ("1900545559") and each part
  ("1900", "545", "559"), so the number is found typed with or without spaces, and
  the excerpt shows the usual Vietnamese way of writing it.

The search page folds the query the same way (`đ` → `d`, assets/search.js). Since no
indexed word keeps an `đ`, every query then finds the same pages typed with or
without diacritics; Pagefind still ranks exact-diacritic matches first.

The copy holds only `<html lang>` and the `<main>` element, which is all Pagefind reads
when pages mark their body, so it parses less HTML than the published pages. Copies
are written by several processes, into memory where possible (`create_copies_folder`), then the Pagefind binary shipped in the
`pagefind_bin` wheel indexes them into `<staging>/pagefind/`. We run the binary rather
than the `pagefind` Python API because that API's service client reads one reply per
0.1 s: adding pages one by one costs ~0.1 s per page, and its `add_directory` is the
same work as the command line with less readable failures.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .diagnostics import Diagnostic, Location, display_path
from .markup import hotline_pattern
from .model import Hotline
from .parallel import default_processes, map_slices
from .publish import safe_join
from .search_bundle import UnknownFormat, stabilise_bundle

BUNDLE = "pagefind"
STROKE = "\u0335"  # COMBINING SHORT STROKE OVERLAY: d + stroke stands in for đ in the index
TIMEOUT_SECONDS = 900
COPIES_PREFIX = "site-builder-search-"
MEMORY_HEADROOM = 2 << 30  # use /dev/shm only with 2 GiB free: copies of 10,000 pages take ~120 MB

# An `đ` in text: the next angle bracket after it opens a tag. Inside a tag (attribute
# values are escaped, so they hold no `<` or `>`) the next one closes it.
_D_IN_TEXT = re.compile("đ(?=[^<>]*<)")
_CAPITAL_D_IN_TEXT = re.compile("Đ(?=[^<>]*<)")
_MAIN_OPEN = re.compile(r"<main\b[^>]*>")
_HTML_OPEN = re.compile(r"<html\b[^>]*>")
_BODY_MARK = "data-pagefind-body"


def build_search_index(staging: Path, paths: Iterable[str], hotlines: Iterable[Hotline], *, out: Path, processes: int | None = None) -> list[Diagnostic]:
    """Index the staged site into `<staging>/pagefind/`; problems come back as located errors.

    `paths` are the site's output paths (only `.html` ones are read); `out` is the output
    folder as the user named it, for messages.
    """
    pages = [p for p in paths if p.endswith(".html")]
    copies: Path | None = None
    try:
        copies = create_copies_folder(staging)
        long_numbers = long_numbers_of(hotlines)
        count, failures = write_index_copies(staging, copies, pages, long_numbers, processes)
        if failures:
            return [_problem(out, f"không đọc hoặc ghi được {failures[0]}", f"could not read or write {failures[0]}")]
        if count == 0:
            return []  # nothing asks to be indexed; the search page says search is unavailable
        problems = run_pagefind(copies, staging / BUNDLE, out=out)
        if not problems:
            stabilise_bundle(staging / BUNDLE)
        return problems
    except (UnknownFormat, ValueError, KeyError, IndexError):
        # A newer Pagefind wrote files we cannot sort: search works, only not byte-stable.
        return [
            Diagnostic(
                Location(display_path(out / BUNDLE)),
                "warning",
                "search-unstable",
                "Chỉ mục tìm kiếm vẫn dùng được nhưng có thể khác nhau giữa hai lần dựng (phiên bản Pagefind lạ).",
                "The search index works but may differ between two builds (unfamiliar Pagefind version).",
            )
        ]
    except OSError as exc:
        return [_problem(out, f"không ghi được bản sao để lập chỉ mục ({exc})", f"could not write the copies to index ({exc})")]
    finally:
        if copies is not None:
            shutil.rmtree(copies, ignore_errors=True)


def create_copies_folder(staging: Path) -> Path:
    """A folder for the indexer copies: in memory (/dev/shm) where there is one with room.

    The copies are written, read once by Pagefind and deleted; on this kind of disk,
    deleting ten thousand small files and folders can take longer than indexing them,
    while in memory it takes a fraction of a second. Folders left by killed builds
    (their process is gone) are removed first; beside the staging folder, the next
    build's leftover recovery removes them.
    """
    shared = Path("/dev/shm")
    if shared.is_dir() and os.access(shared, os.W_OK) and shutil.disk_usage(shared).free > MEMORY_HEADROOM:
        for stale in shared.glob(f"{COPIES_PREFIX}*"):
            pid = stale.name.removeprefix(COPIES_PREFIX).partition("-")[0]
            if pid.isdigit() and not _process_alive(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)
        return Path(tempfile.mkdtemp(prefix=f"{COPIES_PREFIX}{os.getpid()}-", dir=shared))
    copies = staging.parent / f"{staging.name}.search"
    shutil.rmtree(copies, ignore_errors=True)
    copies.mkdir()
    return copies


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_index_copies(staging: Path, copies: Path, pages: Sequence[str], long_numbers: LongNumbers | None, processes: int | None) -> tuple[int, list[str]]:
    """Write the folded copy of every page that asks to be indexed, in several processes.

    Returns how many were written and the pages that could not be read or written
    (described, so that a failure in a worker process still becomes a message).
    """

    def work(part: Sequence[str], is_main: bool) -> tuple[int, list[str]]:
        written, failures = 0, []
        for relative in part:
            try:
                copy = prepare_for_index(safe_join(staging, relative).read_text(encoding="utf-8"), long_numbers)
                if copy is None:
                    continue
                target = safe_join(copies, relative)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(copy, encoding="utf-8")
                written += 1
            except (OSError, UnicodeError) as exc:
                failures.append(f"/{relative}: {exc}")
        return written, failures

    parts = map_slices(work, pages, processes or default_processes(len(pages)))
    return sum(n for n, _ in parts), [f for _, fs in parts for f in fs]


def prepare_for_index(html: str, long_numbers: LongNumbers | None = None) -> str | None:
    """The page as the indexer should read it, or None when it does not ask to be indexed."""
    if _BODY_MARK not in html:
        return None
    main = _MAIN_OPEN.search(html)
    if main is not None and _BODY_MARK in main.group():
        end = html.find("</main>", main.end())
        html_tag = _HTML_OPEN.search(html)
        opening = html_tag.group() if html_tag else "<html>"
        body = html[main.start() : end + len("</main>")] if end >= 0 else html[main.start() :]
        html = f'<!doctype html>{opening}<head><meta charset="utf-8"></head><body>{body}</body></html>'
    # else: the body mark sits on another element; index the whole page, folded the same way.
    return fold_for_index(html, long_numbers)


def fold_for_index(html: str, long_numbers: LongNumbers | None = None) -> str:
    """`đ`/`Đ` in text → `d`/`D` + U+0335; long hotline numbers → their dotted grouping."""
    html = _D_IN_TEXT.sub("d" + STROKE, html)
    html = _CAPITAL_D_IN_TEXT.sub("D" + STROKE, html)
    if long_numbers is not None and any(prefix in html for prefix in long_numbers.prefixes):
        html = long_numbers.pattern.sub(lambda m: group_number(m.group()), html)
    return html


@dataclass(frozen=True)
class LongNumbers:
    """Registered hotlines of eight or more digits, as the indexer copy rewrites them."""

    pattern: re.Pattern[str]  # as written in text only (see `text_only`)
    prefixes: tuple[str, ...]  # first three digits: a cheap test that skips the regex on most pages


def long_numbers_of(hotlines: Iterable[Hotline]) -> LongNumbers | None:
    numbers = sorted({h.number for h in hotlines if len(h.number) >= 8})
    pattern = text_only(hotline_pattern(numbers))
    return None if pattern is None else LongNumbers(pattern, tuple(sorted({n[:3] for n in numbers})))


def text_only(pattern: re.Pattern[str] | None) -> re.Pattern[str] | None:
    """`pattern`, matching only in text: ids and links keep the number as written (anchors stay valid)."""
    return None if pattern is None else re.compile(pattern.pattern + "(?=[^<>]*<)")


def group_number(written: str) -> str:
    """A phone number in dotted groups: the writer's groups if any, else 4 digits then threes.

    "1900 545 559" → "1900.545.559", "1900545559" → "1900.545.559", "18001769" → "1800.1769".
    """
    groups = [g for g in re.split(r"[ .]", written) if g]
    if len(groups) > 1:
        return ".".join(groups)
    digits = groups[0] if groups else written
    head, rest = digits[:4], digits[4:]
    if len(rest) in (0, 4):
        tail = [rest] if rest else []
    else:
        tail = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    return ".".join([head, *tail])


def pagefind_executable() -> Path:
    """The Pagefind binary from the `pagefind_bin` wheel (never downloaded at build time)."""
    from pagefind_bin import get_executable

    return get_executable()


def run_pagefind(site: Path, bundle: Path, *, out: Path) -> list[Diagnostic]:
    """Run Pagefind's command line over `site`, writing the search bundle to `bundle`."""
    try:
        executable = pagefind_executable()
    except (ImportError, FileNotFoundError) as exc:
        return [
            _problem(
                out,
                f"không tìm thấy chương trình Pagefind ({exc}). Cài lại gói: pip install 'pagefind[bin]', hoặc dựng với --no-search",
                f"the Pagefind program was not found ({exc}). Reinstall it: pip install 'pagefind[bin]', or build with --no-search",
            )
        ]
    command = [str(executable), "--site", str(site), "--output-path", str(bundle), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        return [_problem(out, f"Pagefind chạy quá {TIMEOUT_SECONDS} giây", f"Pagefind ran longer than {TIMEOUT_SECONDS} s")]
    except OSError as exc:
        return [_problem(out, f"không chạy được Pagefind ({exc})", f"could not run Pagefind ({exc})")]
    if done.returncode != 0:
        said = " ".join((done.stderr + " " + done.stdout).split())[-400:] or f"exit {done.returncode}"
        return [_problem(out, f"Pagefind báo lỗi: {said}", f"Pagefind failed: {said}")]
    return []


def _problem(out: Path, vi: str, en: str) -> Diagnostic:
    return Diagnostic(
        Location(display_path(out / BUNDLE)),
        "error",
        "search-index",
        f"Không lập được chỉ mục tìm kiếm: {vi}. Trang cũ vẫn giữ nguyên.",
        f"Could not build the search index: {en}. The previous site is unchanged.",
    )
