"""Loudspeaker scripts in the built site: pages, text files, the index, the check warning."""

from __future__ import annotations

from pathlib import Path

from conftest import build_site, check_site

NEWS = """\
---
title: Phòng chống đuối nước cho trẻ em
date: 2024-05-20
hotlines: ["111"]
---
## Cha mẹ cần làm gì

- Dạy trẻ bơi từ 6-16 tuổi.
- Khi cần, gọi Tổng đài 111.

Năm 2023 có 105 trẻ em được học bơi, đạt 90%.

| cột | cột |
|---|---|
| bảng | không đọc |
"""

CAMPAIGN = """\
---
title: Tháng hành động vì trẻ em năm 2024
theme: Hành động thiết thực, ưu tiên nguồn lực cho trẻ em
start: 2024-06-01
end: 2024-06-30
---
Tháng hành động bắt đầu từ ngày 01/6/2024.
"""

SILENT = """\
---
title: Tin không phát thanh
date: 2024-06-02
broadcast: false
---
Nội dung.
"""


def test_every_scripted_page_has_a_printable_page_and_a_text_file(site_dir: Path) -> None:
    built = build_site(site_dir, {"tin-tuc/duoi-nuoc.md": NEWS, "chien-dich/thang-6.md": CAMPAIGN, "tin-tuc/im-lang.md": SILENT})
    assert built.result.ok, built.messages
    text = built.read("tin-tuc/duoi-nuoc/phat-thanh.txt")
    header, separator, body = text.partition("=" * 60)
    assert separator, text
    assert header.startswith("Phòng chống đuối nước cho trẻ em\n")
    assert "Đài: Đài truyền thanh phường" in header and "Ngày: 20/05/2024" in header and "Thời lượng: khoảng" in header
    assert "Phường Thử" in body and "Đài truyền thanh phường" in body
    assert "sáu đến mười sáu tuổi" in body and "một một một" in body
    assert "một trăm linh năm trẻ em" in body and "chín mươi phần trăm" in body
    assert "không đọc" not in body and "|" not in body  # tables do not appear
    assert body.count("một một một") >= 3  # the body's mention and the closing's two
    assert text.endswith("\n")
    page = built.read("tin-tuc/duoi-nuoc/phat-thanh/index.html")
    assert "sáu đến mười sáu tuổi" in page and 'href="../phat-thanh.txt"' in page
    assert built.exists("chien-dich/thang-6/phat-thanh.txt")
    assert "ngày mùng một tháng sáu năm hai nghìn không trăm hai mươi bốn" in built.read("chien-dich/thang-6/phat-thanh.txt")
    assert not built.exists("tin-tuc/im-lang/phat-thanh.txt")
    assert not built.exists("tin-tuc/im-lang/phat-thanh/index.html")


def test_pages_link_to_their_script(site_dir: Path) -> None:
    built = build_site(site_dir, {"tin-tuc/duoi-nuoc.md": NEWS, "tin-tuc/im-lang.md": SILENT})
    assert 'href="phat-thanh/"' in built.read("tin-tuc/duoi-nuoc/index.html")
    assert 'href="phat-thanh/"' not in built.read("tin-tuc/im-lang/index.html")


def test_script_index_lists_newest_first_with_durations(site_dir: Path) -> None:
    built = build_site(site_dir, {"tin-tuc/duoi-nuoc.md": NEWS, "chien-dich/thang-6.md": CAMPAIGN, "tin-tuc/im-lang.md": SILENT})
    index = built.read("phat-thanh/index.html")
    assert index.index("chien-dich/thang-6/phat-thanh/") < index.index("tin-tuc/duoi-nuoc/phat-thanh/")
    assert "im-lang" not in index
    assert index.count("khoảng") >= 2


def test_scripts_are_the_same_in_one_or_several_processes(site_dir: Path) -> None:
    files = {f"tin-tuc/tin-{i}.md": NEWS.replace("2024-05-20", f"2024-05-{i + 1:02d}") for i in range(12)}
    one = build_site(site_dir / "a", files, processes=1)
    two = build_site(site_dir / "b", files, processes=2)
    assert one.read("phat-thanh/index.html") == two.read("phat-thanh/index.html")
    assert one.read("tin-tuc/tin-3/phat-thanh.txt") == two.read("tin-tuc/tin-3/phat-thanh.txt")


def test_overlong_script_is_a_located_warning_in_check_and_build(site_dir: Path) -> None:
    long_body = "\n\n".join("Cha mẹ hãy dành thời gian trò chuyện với con mỗi ngày để con tin tưởng và kể chuyện." for _ in range(40))
    files = {"tin-tuc/dai.md": "---\ntitle: Bài rất dài\ndate: 2024-05-20\n---\n" + long_body + "\n"}
    report = check_site(site_dir, files)
    warnings = [d for d in report.sorted() if d.code == "script-long"]
    assert len(warnings) == 1 and not report.has_errors
    assert str(warnings[0].location) == "content/tin-tuc/dai.md:5:1"
    assert "âm tiết" in warnings[0].vi and "syllables" in warnings[0].en
    built = build_site(site_dir, files)
    assert built.result.ok
    assert any(d.code == "script-long" for d in built.result.report.sorted())


def test_audio_previews_are_machine_voice_files_and_reproducible(site_dir: Path) -> None:
    from site_builder.audio import find_audio_tools

    tools = find_audio_tools()
    assert tools is not None, "espeak-ng must be installed for this test (.ci/run installs it)"
    one = build_site(site_dir / "a", {"tin-tuc/duoi-nuoc.md": NEWS, "tin-tuc/im-lang.md": SILENT}, audio=tools)
    two = build_site(site_dir / "b", {"tin-tuc/duoi-nuoc.md": NEWS, "tin-tuc/im-lang.md": SILENT}, audio=tools)
    name = "tin-tuc/duoi-nuoc/phat-thanh" + tools.suffix
    data = (one.out / name).read_bytes()
    assert data[:4] in (b"OggS", b"RIFF") and len(data) > 10_000
    assert data == (two.out / name).read_bytes()
    assert not one.exists("tin-tuc/im-lang/phat-thanh" + tools.suffix)
    page = one.read("tin-tuc/duoi-nuoc/phat-thanh/index.html")
    assert "giọng máy" in page and f'src="../phat-thanh{tools.suffix}"' in page
