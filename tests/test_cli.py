"""The command line as a user runs it: commands, exit status, quiet output, today."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import pytest

from conftest import PROJECT, run_cli, snapshot, write_site

SITE = {
    "chien-dich/2024-tre-em.md": "---\ntitle: Tháng hành động vì trẻ em 2024\ntheme: T\nstart: 2024-06-01\nend: 2024-06-30\n---\nGọi 111.\n",
    "chien-dich/2024-binh-dang-gioi.md": "---\ntitle: Tháng bình đẳng giới 2024\ntheme: T\nstart: 2024-11-15\nend: 2024-12-15\n---\nGọi 111.\n",
    "tin-tuc/a.md": "---\ntitle: Tin A\ndate: 2024-05-20\n---\nNội dung.\n",
}
BROKEN = {"tin-tuc/b.md": "---\ntitle: Tin B\ndate: 2024-13-01\n---\n"}


def cli(site_dir: Path, *args: str, env: dict[str, str] | None = None):
    return run_cli(*args, cwd=site_dir, env={"SITE_BUILDER_CACHE": str(site_dir / "cache"), **(env or {})})


def everything(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def test_no_command_builds(site_dir: Path) -> None:
    write_site(site_dir, SITE)
    done = cli(site_dir)
    assert done.returncode == 0, done.stderr
    assert (site_dir / "public" / "index.html").is_file()
    assert (site_dir / "public" / "chien-dich" / "2024-tre-em" / "index.html").is_file()
    assert "Traceback" not in done.stderr


def test_options_without_a_command_build(site_dir: Path) -> None:
    write_site(site_dir, SITE)
    done = cli(site_dir, "--out", "site", "--no-search", "--today", "2024-06-10")
    assert done.returncode == 0, done.stderr
    assert (site_dir / "site" / "index.html").is_file()


def test_check_writes_nothing(site_dir: Path) -> None:
    write_site(site_dir, SITE)
    before = everything(site_dir)
    done = cli(site_dir, "check", "--today", "2024-06-10")
    assert done.returncode == 0, done.stderr
    assert "Nội dung hợp lệ" in done.stderr and "Content is valid" in done.stderr
    assert everything(site_dir) == before


def test_check_with_errors_writes_nothing_and_exits_1(site_dir: Path) -> None:
    write_site(site_dir, SITE | BROKEN)
    before = everything(site_dir)
    done = cli(site_dir, "check")
    assert done.returncode == 1
    assert "content/tin-tuc/b.md:3:7: lỗi:" in done.stderr and "does not exist" in done.stderr
    assert "Traceback" not in done.stderr
    assert everything(site_dir) == before


def test_build_with_errors_exits_1_and_says_the_old_site_is_kept(site_dir: Path) -> None:
    write_site(site_dir, SITE)
    assert cli(site_dir, "build", "--no-search", "--quiet").returncode == 0
    before = snapshot(site_dir / "public")
    write_site(site_dir, BROKEN)
    done = cli(site_dir, "build", "--no-search")
    assert done.returncode == 1
    assert "content/tin-tuc/b.md:3:7: lỗi:" in done.stderr
    assert "previous site is unchanged" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(site_dir / "public") == before


@pytest.mark.parametrize(
    "args",
    [
        ("build", "--today", "2024-13-01"),
        ("check", "--today", "hôm nay"),
        ("build", "--no-such-option"),
        ("--no-such-option",),
        ("check", "--format", "xml"),
        ("new", "poem", "Tiêu đề"),
    ],
)
def test_usage_errors_exit_2(site_dir: Path, args: tuple[str, ...]) -> None:
    write_site(site_dir, SITE)
    done = cli(site_dir, *args)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    assert not (site_dir / "public").exists()


def test_bad_today_says_which_format(site_dir: Path) -> None:
    write_site(site_dir, SITE)
    done = cli(site_dir, "build", "--today", "10/06/2024")
    assert done.returncode == 2
    assert "YYYY-MM-DD" in done.stderr and "10/06/2024" in done.stderr


def test_missing_content_folder_is_a_located_error(site_dir: Path) -> None:
    done = cli(site_dir, "check", "--content", "khong-co")
    assert done.returncode == 1
    assert "khong-co" in done.stderr and "Traceback" not in done.stderr


def test_quiet_prints_nothing_on_success(site_dir: Path) -> None:
    write_site(site_dir, SITE)
    for args in (("build", "--no-search", "--quiet"), ("check", "--quiet")):
        done = cli(site_dir, *args)
        assert done.returncode == 0, done.stderr
        assert done.stdout == "" and done.stderr == "", (args, done.stdout, done.stderr)


def test_quiet_still_prints_errors(site_dir: Path) -> None:
    write_site(site_dir, SITE | BROKEN)
    done = cli(site_dir, "check", "--quiet")
    assert done.returncode == 1
    assert "content/tin-tuc/b.md:3:7: lỗi:" in done.stderr


def test_not_quiet_build_reports_what_it_did(site_dir: Path) -> None:
    write_site(site_dir, SITE)
    done = cli(site_dir, "build", "--no-search")
    assert done.returncode == 0, done.stderr
    assert "Built" in done.stderr and "public" in done.stderr


def test_source_date_epoch_sets_today(site_dir: Path) -> None:
    write_site(site_dir, SITE)
    epoch = calendar.timegm(dt.datetime(2024, 11, 20, 12, 0).timetuple())
    done = cli(site_dir, "build", "--no-search", "--quiet", "--out", "from-epoch", env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert done.returncode == 0, done.stderr
    done = cli(site_dir, "build", "--no-search", "--quiet", "--out", "from-option", "--today", "2024-11-20")
    assert done.returncode == 0, done.stderr
    from_epoch, from_option = snapshot(site_dir / "from-epoch"), snapshot(site_dir / "from-option")
    assert from_epoch == from_option
    home = from_epoch["index.html"].decode("utf-8")
    assert "Tháng bình đẳng giới 2024" in home[home.index('id="chien-dich-chinh"') :][:300]
    assert "20/11/2024" in home


def test_today_option_wins_over_source_date_epoch(site_dir: Path) -> None:
    write_site(site_dir, SITE)
    epoch = calendar.timegm(dt.datetime(2024, 11, 20).timetuple())
    done = cli(site_dir, "build", "--no-search", "--quiet", "--today", "2024-06-10", env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert done.returncode == 0, done.stderr
    home = (site_dir / "public" / "index.html").read_text(encoding="utf-8")
    assert "10/06/2024" in home and "20/11/2024" not in home
    assert "Tháng hành động vì trẻ em 2024" in home[home.index('id="chien-dich-chinh"') :][:300]


def test_json_report(site_dir: Path) -> None:
    import json

    write_site(site_dir, SITE | BROKEN)
    done = cli(site_dir, "check", "--format", "json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["errors"] == 1
    (problem,) = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert (problem["path"], problem["line"], problem["column"], problem["code"]) == ("content/tin-tuc/b.md", 3, 7, "date-impossible")


def test_demo_content_passes_check() -> None:
    done = run_cli("check", "--today", "2024-06-10", cwd=PROJECT)
    assert done.returncode == 0, done.stderr
    assert ": lỗi:" not in done.stderr
