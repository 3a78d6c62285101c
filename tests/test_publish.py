"""Atomic publishing: a failed build leaves the previous site exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site, run_cli, snapshot, write_site
from site_builder.publish import UnsafePath, safe_join
from site_builder.render import Renderer

GOOD = {
    "tin-tuc/a.md": "---\ntitle: Tin A\ndate: 2024-05-20\n---\nNội dung A.\n",
    "tin-tuc/b.md": "---\ntitle: Tin B\ndate: 2024-05-21\n---\nNội dung B.\n",
    "chien-dich/c.md": "---\ntitle: Chiến dịch C\ntheme: T\nstart: 2024-06-01\nend: 2024-06-30\n---\nGọi 111.\n",
}


def beside(out: Path) -> list[str]:
    """What a build left in the output's parent folder next to the output itself."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.fixture
def published(site_dir: Path) -> tuple[Path, dict[str, bytes]]:
    built = build_site(site_dir, GOOD)
    assert built.result.ok, built.messages
    return built.out, snapshot(built.out)


def test_a_build_replaces_the_site_and_prunes_stale_files(site_dir: Path, published) -> None:
    out, before = published
    (site_dir / "content/tin-tuc/b.md").unlink()
    built = build_site(site_dir, {"tin-tuc/d.md": "---\ntitle: Tin D\ndate: 2024-05-22\n---\nD.\n"})
    assert built.result.ok, built.messages
    after = snapshot(out)
    assert "tin-tuc/d/index.html" in after and "tin-tuc/d/index.html" not in before
    assert "tin-tuc/b/index.html" not in after
    assert beside(out) == []


def test_a_content_error_leaves_the_previous_site_untouched(site_dir: Path, published) -> None:
    out, before = published
    built = build_site(site_dir, {"tin-tuc/a.md": "---\ntitel: Tin A\ndate: 2024-05-20\n---\n"})
    assert not built.result.ok
    assert snapshot(out) == before
    assert beside(out) == []


def test_a_crash_mid_render_leaves_the_previous_site_untouched(site_dir: Path, published, monkeypatch: pytest.MonkeyPatch) -> None:
    out, before = published
    original = Renderer.render
    calls = []

    def failing_render(self, output):
        calls.append(output.path)
        if len(calls) == 5:
            raise RuntimeError("disk on fire")
        return original(self, output)

    monkeypatch.setattr(Renderer, "render", failing_render)
    with pytest.raises(RuntimeError, match="disk on fire"):
        build_site(site_dir, {"tin-tuc/a.md": GOOD["tin-tuc/a.md"].replace("Nội dung A", "Sửa A")}, processes=1)
    assert len(calls) == 5
    assert snapshot(out) == before
    assert beside(out) == []


def test_leftovers_of_a_killed_build_are_removed_by_the_next(site_dir: Path, published) -> None:
    out, _ = published
    stale = out.parent / f".{out.name}.staging-999999"
    (stale / "tin-tuc").mkdir(parents=True)
    (stale / "tin-tuc" / "half.html").write_text("nửa chừng", encoding="utf-8")
    old = out.parent / f".{out.name}.old-999998"
    old.mkdir()
    (old / "index.html").write_text("cũ", encoding="utf-8")
    built = build_site(site_dir, {})
    assert built.result.ok, built.messages
    assert beside(out) == []
    assert not list(out.rglob("half.html"))


def test_a_site_moved_away_by_a_killed_build_comes_back(site_dir: Path, published) -> None:
    out, before = published
    moved = out.parent / f".{out.name}.old-999998"
    out.rename(moved)
    from site_builder.publish import recover_leftovers

    recover_leftovers(out)
    assert snapshot(out) == before
    assert beside(out) == []


def test_out_folder_that_is_not_a_built_site_is_refused(site_dir: Path) -> None:
    write_site(site_dir, GOOD)
    precious = site_dir / "tai-lieu"
    precious.mkdir()
    (precious / "bao-cao.docx").write_bytes(b"quan trong")
    done = run_cli("build", "--out", "tai-lieu", "--no-search", "--today", "2024-06-10", cwd=site_dir, env={"SITE_BUILDER_CACHE": str(site_dir / "cache")})
    assert done.returncode == 2, done.stderr
    assert "tai-lieu" in done.stderr and "not a built site" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(precious) == {"bao-cao.docx": b"quan trong"}
    assert beside(precious) == []


@pytest.mark.parametrize("out", ["content", "content/public", "."])
def test_out_folder_overlapping_content_or_cwd_is_refused(site_dir: Path, out: str) -> None:
    write_site(site_dir, GOOD)
    before = snapshot(site_dir / "content")
    done = run_cli("build", "--out", out, "--no-search", cwd=site_dir, env={"SITE_BUILDER_CACHE": str(site_dir / "cache")})
    assert done.returncode == 2, done.stderr
    assert snapshot(site_dir / "content") == before


def test_an_empty_existing_out_folder_is_accepted(site_dir: Path) -> None:
    write_site(site_dir, GOOD)
    (site_dir / "public").mkdir()
    done = run_cli("build", "--no-search", "--quiet", "--today", "2024-06-10", cwd=site_dir, env={"SITE_BUILDER_CACHE": str(site_dir / "cache")})
    assert done.returncode == 0, done.stderr
    assert (site_dir / "public" / "index.html").is_file()


@pytest.mark.parametrize("bad", ["/etc/passwd", "../x", "a/../../x", "", "a\\..\\b", "a\0b"])
def test_safe_join_refuses_paths_that_escape(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UnsafePath):
        safe_join(tmp_path, bad)


def test_safe_join_keeps_paths_inside(tmp_path: Path) -> None:
    assert safe_join(tmp_path, "tin-tuc/a/index.html") == tmp_path / "tin-tuc" / "a" / "index.html"
