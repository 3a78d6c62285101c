"""Test helpers: write a small site inline, build or check it, look at the result.

In the style of Hugo's integration tests: each test states the files it needs and
asserts on the files the build wrote.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_builder.diagnostics import Report
from site_builder.pipeline import BuildOptions, BuildResult, build, check

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"

SITE_YAML = """\
title: Cổng thử nghiệm
locality: Phường Thử
featured_hotlines: ["111", "113"]
"""

HOTLINES_YAML = """\
- number: "111"
  name: Tổng đài điện thoại quốc gia bảo vệ trẻ em
  description: Miễn phí, 24/7.
  free: true
  hours: 24/7
  channels: ["Zalo: Tổng đài 111"]
- number: "113"
  name: Cảnh sát phản ứng nhanh
  free: true
  hours: 24/7
- number: "1900545559"
  name: Tổng đài tư vấn
  free: false
"""

TODAY = dt.date(2024, 6, 10)


def write_site(root: Path, files: dict[str, str], *, defaults: bool = True) -> Path:
    """Write `files` (path → text, dedented) under root/content; site.yaml and hotlines.yaml by default."""
    content = root / "content"
    all_files = ({"site.yaml": SITE_YAML, "hotlines.yaml": HOTLINES_YAML} if defaults else {}) | files
    for name, text in all_files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return content


@dataclass
class Built:
    result: BuildResult
    out: Path
    content: Path

    def read(self, relative: str) -> str:
        return (self.out / relative).read_text(encoding="utf-8")

    def exists(self, relative: str) -> bool:
        return (self.out / relative).exists()

    @property
    def messages(self) -> str:
        return self.result.report.format_text()


@pytest.fixture
def site_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary project folder that is also the working folder (paths show as content/…)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build_site(root: Path, files: dict[str, str], *, defaults: bool = True, today: dt.date = TODAY, **options) -> Built:
    content = write_site(root, files, defaults=defaults)
    out = root / "public"
    opts = BuildOptions(content=content, out=out, today=today, search=False, quiet=True, **options)
    return Built(build(opts), out, content)


def check_site(root: Path, files: dict[str, str], *, defaults: bool = True, today: dt.date = TODAY) -> Report:
    content = write_site(root, files, defaults=defaults)
    report = Report()
    check(BuildOptions(content=content, out=root / "public", today=today, search=False, quiet=True), report)
    return report


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real program in a subprocess, as a user runs it."""
    environment = {**os.environ, "PYTHONPATH": str(PROJECT), **(env or {})}
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, for byte-for-byte comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
