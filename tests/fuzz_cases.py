"""Malformed content for fuzzing: mutations of the real demo files, and random text.

Shared by tests/test_fuzz.py (a few hundred examples in CI) and benchmarks/fuzz.py
(ten thousand). A case is a small site — settings, registries, a plan, a campaign,
a news page and a standalone page, copied from the demo — with one or two of its
files mutated the way hands and editors break files: a deleted slice, a stray
character, a pasted fragment, a lost newline, a tab, a wrong encoding.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from site_builder.diagnostics import Report
from site_builder.pipeline import BuildOptions, build, check

PROJECT = Path(__file__).resolve().parents[1]
DEMO = PROJECT / "content"

# The small site each case starts from: real demo files, so mutations meet real YAML and Markdown.
BASE_FILES = {
    "site.yaml": "site.yaml",
    "hotlines.yaml": "hotlines.yaml",
    "topics.yaml": "topics.yaml",
    "agencies.yaml": "agencies.yaml",
    "spoken.yaml": "spoken.yaml",
    "ke-hoach/2024-quan-12.yaml": "ke-hoach/2024-quan-12.yaml",
    "ke-hoach/2022-dakrong.yaml": "ke-hoach/2022-dakrong.yaml",
    "chien-dich/2024-thang-hanh-dong-vi-tre-em.md": "chien-dich/2024-thang-hanh-dong-vi-tre-em.md",
    "tin-tuc/2024-06-trao-qua-thieu-nhi.md": "tin-tuc/2024-06-trao-qua-thieu-nhi.md",
    "tin-tuc/2022-07-zalo-111-va-tieng-dan-toc.md": "tin-tuc/2022-07-zalo-111-va-tieng-dan-toc.md",
    "tuyen-bo-tiep-can.md": "tuyen-bo-tiep-can.md",
    "media/tong-dai-111.svg": "media/tong-dai-111.svg",
}
MUTABLE = sorted(name for name in BASE_FILES if not name.startswith("media/"))

# What breaks YAML, front matter and Markdown in practice, and what attacks them.
TOKENS = [
    ":", ": ", '"', "'", "- ", "-", "[", "]", "{", "}", "\t", "\n", "\n\n", "---", "---\n", "...\n", "*", "&", "&a ",
    "*a", "!", "!!python/object:os.system", "!!binary", "%YAML 1.1\n", "@", "`", "#", "|", ">", "? ", "<<: *a",
    "\x00", "\ufeff", "\r", "\r\n", "\u2028", "\x85", "    ", "title:", "date:", "start:", "end: ", "topics: [", "hotlines: [\"",
    "2024-13-45", "2024-02-30", "9999999999999999999999", "-1", "1e400", ".nan", "~", "null", "yes", "true",
    "<script>alert(1)</script>", "](", "![", "[x](", "[x]: ", "\\", "đ", "\u0301", "\ue000", "0912 345 678", "111",
    "&#x0;", "&#xD800;", "\x7f", "<!--", "```", "    code", "|a|b|\n|-|-|\n", "# ", "######## ", "* * *", "<", ">",
    "[" * 50, "{" * 50, "- " * 50, "  " * 40 + "x", "x" * 3000, "\U0001f600", "ǅ", "İ", "ﬁ",
]
RAW_BYTES = [b"\xff", b"\xfe\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80", b"\xf4\x90\x80\x80"]

_texts = st.one_of(st.sampled_from(TOKENS), st.text(min_size=0, max_size=40))


@st.composite
def mutated_bytes(draw, original: bytes) -> bytes:
    """One to four edits of a file, at positions drawn as fractions of its length.

    Edits work on characters, so a cut never splits a Vietnamese letter by accident;
    invalid UTF-8 comes only from the explicit raw-bytes edit.
    """
    text = original.decode("utf-8")
    raw: tuple[int, bytes] | None = None
    for _ in range(draw(st.integers(1, 4))):
        size = len(text)
        at = int(draw(st.floats(0, 1)) * size)
        op = draw(st.sampled_from(["insert", "insert", "insert", "delete", "delete", "duplicate", "truncate", "replace", "replace", "bytes"]))
        if op == "insert":
            text = text[:at] + draw(_texts) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif op == "duplicate":
            to = int(draw(st.floats(0, 1)) * size)
            text = text[:to] + text[at : at + draw(st.integers(1, 300))] + text[to:]
        elif op == "truncate":
            text = text[:at]
        elif op == "replace":
            text = text[:at] + draw(_texts) + text[at + draw(st.integers(1, 20)) :]
        else:
            raw = (at, draw(st.sampled_from(RAW_BYTES)))
    if raw is None:
        return text.encode("utf-8", "surrogatepass")
    at = min(raw[0], len(text))
    return text[:at].encode("utf-8", "surrogatepass") + raw[1] + text[at:].encode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class Case:
    """The files that differ from the base site: path → bytes."""

    files: dict[str, bytes]


@st.composite
def cases(draw) -> Case:
    """A base site with one or two files mutated, or one file replaced by random text."""
    files: dict[str, bytes] = {}
    if draw(st.integers(0, 9)) == 0:
        name = draw(st.sampled_from(MUTABLE))
        files[name] = draw(st.text(max_size=400)).encode("utf-8", "surrogatepass")
        return Case(files)
    for name in draw(st.lists(st.sampled_from(MUTABLE), min_size=1, max_size=2, unique=True)):
        files[name] = draw(mutated_bytes((DEMO / BASE_FILES[name]).read_bytes()))
    return Case(files)


def write_case(folder: Path, case: Case) -> Path:
    content = folder / "content"
    for name, source in BASE_FILES.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.files.get(name, (DEMO / source).read_bytes()))
    return content


@dataclass(frozen=True)
class Outcome:
    ok: bool
    report: Report


def run_case(case: Case, *, build_too: bool, cache: Path | None = None) -> list[Outcome]:
    """`check` and optionally `build` on the case; any exception propagates (that is the bug)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        folder = Path(tmp)
        content = write_case(folder, case)
        options = BuildOptions(content=content, out=folder / "public", search=False, quiet=True, processes=1, cache_dir=cache)
        report = Report()
        check(options, report)
        outcomes = [Outcome(not report.has_errors, report)]
        if build_too:
            result = build(options)
            outcomes.append(Outcome(result.ok, result.report))
            if not result.ok:
                assert not (folder / "public").exists(), "a failed build left an output folder"
        return outcomes


def run_cli_in_process(case: Case, command: str = "check") -> tuple[int, str, str]:
    """`site_builder.cli.main` on the case with stdout and stderr captured."""
    from site_builder.cli import main

    with tempfile.TemporaryDirectory(prefix="fuzz-cli-") as tmp:
        folder = Path(tmp)
        content = write_case(folder, case)
        out, err = io.StringIO(), io.StringIO()
        args = [command, "--content", str(content), "--out", str(folder / "public"), "--no-search", "--quiet", "--today", "2024-06-10", "--cache-dir", str(folder / "cache")]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args + (["--format", "json"] if command == "check" else []))
        return code, out.getvalue(), err.getvalue()


def problems_with(outcome: Outcome) -> list[str]:
    """What is wrong with an outcome: errors must be located, and an error means not ok."""
    found = []
    for d in outcome.report.diagnostics:
        loc = d.location
        if not loc.path or loc.line < 1 or loc.column < 1:
            found.append(f"unlocated: {d.format()}")
        if not d.vi or not d.en:
            found.append(f"missing message: {d.code}")
    if outcome.ok == outcome.report.has_errors:
        found.append("ok disagrees with the report")
    return found
