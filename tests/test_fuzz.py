"""Property-based fuzzing: malformed YAML, front matter and Markdown never crash `check` or `build`.

Whatever a file holds, the program answers with located, bilingual messages and
exit status 0 or 1 — never a traceback. CI runs a few hundred examples (the
"ci" profile); benchmarks/fuzz.py runs ten thousand.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import run_cli
from fuzz_cases import Case, cases, problems_with, run_case, run_cli_in_process, write_case

settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples on every run: a red CI is reproducible
    database=None,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@settings(max_examples=120)
@given(cases())
def test_check_never_raises_and_every_problem_is_located(case: Case) -> None:
    (outcome,) = run_case(case, build_too=False)
    assert problems_with(outcome) == []


@settings(max_examples=40)
@given(cases())
def test_build_never_raises_and_a_failed_build_writes_nothing(case: Case) -> None:
    for outcome in run_case(case, build_too=True):
        assert problems_with(outcome) == []


@settings(max_examples=40)
@given(cases(), st.sampled_from(["check", "build"]))
def test_the_command_line_exits_0_or_1_with_located_messages(case: Case, command: str) -> None:
    code, out, err = run_cli_in_process(case, command)
    assert code in (0, 1), err
    assert "Traceback" not in out + err
    if command == "check":
        payload = json.loads(out)
        assert (code == 1) == (payload["errors"] > 0)
        for d in payload["diagnostics"]:
            assert d["path"] and d["line"] >= 1 and d["column"] >= 1 and d["message_vi"] and d["message_en"]
    elif code == 1:
        assert ": lỗi: " in err


# A few known-nasty files through the real program in a subprocess.
NASTY = [
    Case({"site.yaml": b"\xff\xfe t\x00i\x00t\x00l\x00e\x00"}),
    Case({"hotlines.yaml": b"- number: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[" * 20}),
    Case({"tin-tuc/2024-06-trao-qua-thieu-nhi.md": b"---\ntitle: &a [*a, *a]\ndate: !!python/object/apply:os.system ['echo hi']\n---\n"}),
    Case({"ke-hoach/2024-quan-12.yaml": b"a: &a [" + b"*a, " * 1000 + b"]\n"}),
    Case({"chien-dich/2024-thang-hanh-dong-vi-tre-em.md": b"---\r\ntitle: x\r\n---\r\n" + b"[" * 5000 + b"](" * 2000}),
]


def test_nasty_files_through_the_real_program_never_print_a_traceback(tmp_path: Path) -> None:
    for n, case in enumerate(NASTY):
        folder = tmp_path / str(n)
        write_case(folder, case)
        for command in ("check", "build") if n == 0 else ("build",):  # build runs check first
            done = run_cli(command, "--no-search", "--today", "2024-06-10", cwd=folder, env={"SITE_BUILDER_CACHE": str(folder / "cache")})
            assert done.returncode in (0, 1), (n, command, done.stderr[-2000:])
            assert "Traceback" not in done.stdout + done.stderr, (n, command, done.stderr[-2000:])
