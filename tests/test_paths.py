"""No output leaves the output folder; nothing outside content/ is read through a link; media names are safe."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import build_site, check_site, snapshot, write_site
from site_builder.pipeline import BuildOptions, build
from site_builder.loaders import safe_media_name
from site_builder.publish import UnsafePath, safe_join, write_file

NEWS = "---\ntitle: Tin\ndate: 2024-05-20\n---\nNội dung.\n"
CAMPAIGN = "---\ntitle: Chiến dịch\ntheme: T\nstart: 2024-06-01\nend: 2024-06-30\n---\nGọi 111.\n"
PLAN = "title: Kế hoạch\nissuer: UBND\nyear: 2024\n"
PAGE = "---\ntitle: Trang\n---\nNội dung.\n"


@pytest.mark.parametrize(
    "bad",
    [
        "..",
        "../x",
        "a/../../x",
        "a/..",
        "/etc/passwd",
        "//server/share",
        "a\\..\\..\\b",
        "..\\x",
        "C:\\Windows\\x",
        "a\0b",
        "",
        "a/./../..",
    ],
)
def test_safe_join_refuses_every_escape(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UnsafePath):
        safe_join(tmp_path, bad)


def test_write_file_refuses_before_touching_the_disk(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    with pytest.raises(UnsafePath):
        write_file(root, "../thoat.html", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_symlinked_output_parent_still_writes_only_into_the_output(site_dir: Path) -> None:
    real = site_dir / "that-ra"
    real.mkdir()
    (real / "giu-nguyen.txt").write_text("không được động vào", encoding="utf-8")
    (site_dir / "lien-ket").symlink_to(real, target_is_directory=True)
    content = write_site(site_dir, {"tin-tuc/a.md": NEWS})
    out = site_dir / "lien-ket" / "public"
    for _ in range(2):  # the second build swaps a new site in beside the first
        result = build(BuildOptions(content=content, out=out, search=False, quiet=True))
        assert result.ok, result.report.format_text()
    assert sorted(p.name for p in real.iterdir()) == ["giu-nguyen.txt", "public"]
    assert (real / "public" / "tin-tuc" / "a" / "index.html").is_file()


@pytest.mark.parametrize(
    ("where", "text"),
    [("tin-tuc/lien-ket.md", NEWS), ("chien-dich/lien-ket.md", CAMPAIGN), ("ke-hoach/lien-ket.yaml", PLAN), ("lien-ket.md", PAGE)],
)
def test_symlinked_files_pointing_outside_content_are_refused_in_every_section(site_dir: Path, where: str, text: str) -> None:
    outside = site_dir / "ngoai" / Path(where).name
    outside.parent.mkdir()
    outside.write_text(text, encoding="utf-8")
    content = site_dir / "content"
    (content / where).parent.mkdir(parents=True, exist_ok=True)
    (content / where).symlink_to(outside)
    built = build_site(site_dir, {})
    assert not built.result.ok
    found = [d for d in built.result.report.sorted() if d.code == "symlink-outside"]
    assert [str(d.location) for d in found] == [f"content/{where}:1:1"]
    assert "trỏ ra ngoài" in found[0].vi and "outside the content folder" in found[0].en
    assert not built.out.exists()


@pytest.mark.parametrize("section", ["tin-tuc", "chien-dich", "ke-hoach"])
def test_a_section_folder_linked_to_outside_is_refused(site_dir: Path, section: str) -> None:
    outside = site_dir / "ngoai"
    outside.mkdir()
    (outside / "a.md").write_text(NEWS, encoding="utf-8")
    (outside / "a.yaml").write_text(PLAN, encoding="utf-8")
    content = site_dir / "content"
    content.mkdir()
    (content / section).symlink_to(outside, target_is_directory=True)
    report = check_site(site_dir, {})
    assert [d.code for d in report.sorted() if d.severity == "error"] == ["symlink-outside"]


def test_media_links_to_outside_files_and_folders_are_refused_and_never_copied(site_dir: Path) -> None:
    secret = site_dir / "bi-mat"
    secret.mkdir()
    (secret / "ho-so.pdf").write_bytes(b"%PDF ho so tre em")
    media = site_dir / "content" / "media"
    media.mkdir(parents=True)
    (media / "ho-so.pdf").symlink_to(secret / "ho-so.pdf")
    (media / "thu-muc").symlink_to(secret, target_is_directory=True)
    built = build_site(site_dir, {})
    assert [str(d.location) for d in built.result.report.sorted() if d.code == "symlink-outside"] == [
        "content/media/ho-so.pdf:1:1",
        "content/media/thu-muc:1:1",
    ]
    assert not built.out.exists()


def test_symlinks_inside_content_are_fine(site_dir: Path) -> None:
    content = site_dir / "content"
    (content / "media" / "goc").mkdir(parents=True)
    (content / "media" / "goc" / "anh.png").write_bytes(b"\x89PNG")
    (content / "media" / "ban-sao.png").symlink_to(content / "media" / "goc" / "anh.png")
    built = build_site(site_dir, {"tin-tuc/a.md": NEWS})
    assert built.result.ok, built.messages
    assert built.exists("media/ban-sao.png") and built.exists("media/goc/anh.png")


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Ảnh Tháng 6.JPG", "anh-thang-6.jpg"),
        ("Tài liệu/Kế hoạch số 43.pdf", "tai-lieu/ke-hoach-so-43.pdf"),
        ("..png", "tep.png"),
        ("...", "tep"),
        ("a b<script>.png", "a-b-script.png"),
        ("đường dây nóng 111.svg", "duong-day-nong-111.svg"),
        ("x.p h p", "x.php"),
        ("%2e%2e%2fx.png", "2e-2e-2fx.png"),
    ],
)
def test_media_names_are_made_safe(name: str, safe: str) -> None:
    assert safe_media_name(Path(name)) == safe


def test_every_published_media_path_is_plain_ascii(site_dir: Path) -> None:
    names = ["Ảnh bìa (1).PNG", "tệp có dấu cách.pdf", "Nghị định 56-2017-NĐ-CP.pdf", "a'\";<>.gif"]
    built = build_site(site_dir, {f"media/{n}": b"x" for n in names})
    assert built.result.ok, built.messages
    published = sorted(p for p in snapshot(built.out) if p.startswith("media/"))
    assert len(published) == len(names)
    for path in published:
        assert re.fullmatch(r"media/[a-z0-9][a-z0-9./-]*", path), path
        assert ".." not in path


def test_quick_exit_url_must_be_a_web_address(site_dir: Path) -> None:
    site = 'title: Cổng\nquick_exit_url: "javascript:alert(1)"\n'
    built = build_site(site_dir, {"site.yaml": site})
    found = [d for d in built.result.report.sorted() if d.code == "quick-exit-url"]
    assert [str(d.location) for d in found] == ["content/site.yaml:2:1"]
    assert not built.out.exists()


def test_svg_with_script_and_runnable_attachments_are_refused(site_dir: Path) -> None:
    svg_script = '<svg xmlns="http://www.w3.org/2000/svg">\n  <circle r="4"/>\n  <script>alert(1)</script>\n</svg>\n'
    svg_onload = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>\n'
    svg_clean = '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>Tổng đài 111</title><circle r="4"/></svg>\n'
    built = build_site(
        site_dir,
        {"media/a.svg": svg_script, "media/b.svg": svg_onload, "media/c.svg": svg_clean, "media/trang.html": "<script>alert(1)</script>", "media/x.js": "alert(1)"},
    )
    found = [(str(d.location), d.code) for d in built.result.report.sorted() if d.severity == "error"]
    assert found == [
        ("content/media/a.svg:3:3", "svg-script"),
        ("content/media/b.svg:1:41", "svg-script"),
        ("content/media/trang.html:1:1", "media-runnable"),
        ("content/media/x.js:1:1", "media-runnable"),
    ]
    assert not built.out.exists()
