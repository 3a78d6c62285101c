"""Located problems, bilingual messages, "did you mean" and exit codes.

Every problem found in content carries a `Location`; all of them are collected in
a `Report` and printed sorted at the end, so a communicator sees every mistake of
a run at once instead of fixing them one build at a time.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

EXIT_OK = 0
EXIT_CONTENT = 1
EXIT_USAGE = 2

Severity = Literal["error", "warning"]

_SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo"}


@dataclass(frozen=True, order=True)
class Location:
    """A place in a content file; line and column are 1-based."""

    path: str
    line: int = 1
    column: int = 1

    def shifted(self, lines: int) -> "Location":
        """The same place in a file whose text started `lines` lines further down."""
        return Location(self.path, self.line + lines, self.column)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    severity: Severity
    code: str
    vi: str
    en: str

    def sort_key(self) -> tuple:
        return (self.location, self.severity != "error", self.code, self.vi)

    def format(self) -> str:
        """`path:line:col: lỗi: …` followed by the English text on its own line."""
        return f"{self.location}: {_SEVERITY_VI[self.severity]}: {self.vi}\n    {self.severity}: {self.en}"

    def as_json(self) -> dict:
        loc = self.location
        return {
            "path": loc.path,
            "line": loc.line,
            "column": loc.column,
            "severity": self.severity,
            "code": self.code,
            "message_vi": self.vi,
            "message_en": self.en,
        }


@dataclass
class Report:
    """Collects diagnostics during one run; phases add to it, the CLI prints it."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, code: str, vi: str, en: str) -> None:
        self.diagnostics.append(Diagnostic(location, "error", code, vi, en))

    def warning(self, location: Location, code: str, vi: str, en: str) -> None:
        self.diagnostics.append(Diagnostic(location, "warning", code, vi, en))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        unique = {(d.location, d.severity, d.code, d.vi): d for d in self.diagnostics}
        return sorted(unique.values(), key=Diagnostic.sort_key)

    def counts(self) -> tuple[int, int]:
        errors = sum(1 for d in self.sorted() if d.severity == "error")
        return errors, len(self.sorted()) - errors

    def format_text(self) -> str:
        lines = [d.format() for d in self.sorted()]
        errors, warnings = self.counts()
        if errors or warnings:
            lines.append(
                f"{errors} lỗi, {warnings} cảnh báo — {errors} error(s), {warnings} warning(s)"
            )
        return "\n".join(lines)

    def format_json(self) -> str:
        errors, warnings = self.counts()
        payload = {
            "errors": errors,
            "warnings": warnings,
            "diagnostics": [d.as_json() for d in self.sorted()],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)


class ContentError(Exception):
    """Raised to stop a phase early when its input makes going on meaningless.

    The diagnostics are already in the report; the CLI prints them and exits 1.
    """


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working folder when inside it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if _is_inside_cwd(path) else path.as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def _is_inside_cwd(path: Path) -> bool:
    # Lexical, not resolved: this only chooses how a path is shown, and it runs for
    # every loaded file, where resolving each one cost a system call per folder level.
    cwd = os.getcwd()
    absolute = os.path.abspath(path)
    return absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep)


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest known name to a misspelt one, or None."""
    matches = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> tuple[str, str]:
    """Vietnamese and English tails for an unknown name: a suggestion or the list of valid names."""
    choices = sorted(choices)
    guess = suggest(word, choices)
    if guess:
        return f' Có phải ý bạn là "{guess}"?', f' Did you mean "{guess}"?'
    if not choices:
        return " Hiện chưa có giá trị nào được khai báo.", " None is declared yet."
    listed = ", ".join(choices)
    return f" Các giá trị hợp lệ: {listed}.", f" Valid values: {listed}."
