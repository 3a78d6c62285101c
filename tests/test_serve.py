"""`serve`: incremental rebuilds equal full builds, unchanged rebuilds write nothing,
broken edits keep the last good site and show in the browser, the real server answers."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

import pytest

from conftest import PROJECT, TODAY, snapshot, write_site
from site_builder.pipeline import BuildOptions, build
from site_builder.rebuild import State, rebuild, start

PLAN = """\
kind: plan
number: "43/KH-UBND"
title: Công tác bảo vệ, chăm sóc trẻ em năm 2024
issuer: Ủy ban nhân dân quận 12
year: 2024
summary: Kế hoạch năm.
targets:
  - text: tỷ lệ trẻ em được đăng ký khai sinh
    value: 100
    unit: "%"
"""

TOPICS = """\
- slug: tre-em
  name: Trẻ em
"""


def campaign(title: str, start: str, end: str, body: str = "Nội dung chiến dịch. Gọi 111.") -> str:
    return f"---\ntitle: {title}\ntheme: Vì trẻ em\nstart: {start}\nend: {end}\nplans: [2024-quan-12]\nhotlines: [\"111\"]\n---\n{body}\n"


def news(title: str, date: str, body: str, summary: str = "") -> str:
    extra = f"summary: {summary}\n" if summary else ""
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n{body}\n"


SITE = {
    "topics.yaml": TOPICS,
    "ke-hoach/2024-quan-12.yaml": PLAN,
    "chien-dich/2024-tre-em.md": campaign("Tháng hành động vì trẻ em 2024", "2024-06-01", "2024-06-30"),
    "chien-dich/2023-tre-em.md": campaign("Tháng hành động 2023", "2023-06-01", "2023-06-30"),
    "tin-tuc/mot.md": news("Tin một", "2024-05-01", "Bài thứ nhất, không có tóm tắt."),
    "tin-tuc/hai.md": news("Tin hai", "2024-05-02", "Bài thứ hai.", summary="Tóm tắt tin hai."),
    "tin-tuc/nhap.md": "---\ntitle: Tin nháp\ndate: 2024-05-03\ndraft: true\n---\nChưa đăng.\n",
    "gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nVề cổng thông tin.\n",
    "tin-tuc/bon.md": "---\ntitle: Tin bốn\ndate: 2024-05-04\ntopics: [tre-em]\n---\nBài thứ tư, theo Luật Trẻ em năm 2016.\n",
    "media/anh.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
}


@pytest.fixture
def project(site_dir: Path) -> Path:
    """A fixture site with its own copy of the templates and assets, so tests may edit them."""
    write_site(site_dir, SITE)
    shutil.copytree(PROJECT / "templates", site_dir / "templates")
    shutil.copytree(PROJECT / "assets", site_dir / "assets")
    return site_dir


def options(root: Path, out: str = "public", **extra) -> BuildOptions:
    return BuildOptions(
        content=root / "content",
        out=root / out,
        today=TODAY,
        drafts=True,
        search=False,
        quiet=True,
        cache_dir=None,
        templates=root / "templates",
        assets=root / "assets",
        **extra,
    )


def started(root: Path) -> State:
    state, result = start(options(root))
    assert result.ok, result.report.format_text()
    return state


def assert_equals_full_build(root: Path) -> None:
    full = build(options(root, "full"))
    assert full.ok, full.report.format_text()
    incremental, expected = snapshot(root / "public"), snapshot(root / "full")
    assert sorted(incremental) == sorted(expected)
    different = [path for path in expected if incremental[path] != expected[path]]
    assert not different, different


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text("utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new), "utf-8")
    return path


# --- incremental equals full ------------------------------------------------------------------

EDITS: dict[str, Callable[[Path], list[Path]]] = {
    "campaign-body": lambda c: [edit(c / "chien-dich/2024-tre-em.md", "Nội dung chiến dịch.", "Nội dung mới của chiến dịch.")],
    "campaign-dates": lambda c: [edit(c / "chien-dich/2023-tre-em.md", "start: 2023-06-01", "start: 2023-05-15")],
    "news-body-no-summary": lambda c: [edit(c / "tin-tuc/mot.md", "Bài thứ nhất", "Bài số một")],
    "news-body-with-summary": lambda c: [edit(c / "tin-tuc/hai.md", "Bài thứ hai.", "Bài thứ hai, đã sửa.")],
    "news-title": lambda c: [edit(c / "tin-tuc/hai.md", "title: Tin hai", "title: Tin hai (sửa)")],
    "draft-published": lambda c: [edit(c / "tin-tuc/nhap.md", "draft: true", "draft: false")],
    "page": lambda c: [edit(c / "gioi-thieu.md", "Về cổng", "Giới thiệu về cổng")],
    "plan": lambda c: [edit(c / "ke-hoach/2024-quan-12.yaml", "title: Công tác", "title: Kế hoạch công tác")],
    "hotlines": lambda c: [edit(c / "hotlines.yaml", "name: Cảnh sát phản ứng nhanh", "name: Công an phản ứng nhanh")],
    "site": lambda c: [edit(c / "site.yaml", "title: Cổng thử nghiệm", "title: Cổng thử nghiệm mới")],
    "topics": lambda c: [edit(c / "topics.yaml", "name: Trẻ em", "name: Trẻ em và gia đình")],
    "template": lambda c: [edit(c.parent / "templates/news.html", "<article", "<article data-sua")],
    "asset-css": lambda c: [edit(c.parent / "assets/style.css", "body", "html body")],
    "asset-js": lambda c: [edit(c.parent / "assets/site.js", "(", "( ")],
    "media": lambda c: [edit(c / "media/anh.svg", "<svg ", "<svg id=\"a\" ")],
    "add": lambda c: [write_file(c / "tin-tuc/ba.md", news("Tin ba", "2024-06-01", "Bài mới."))],
    "add-plan": lambda c: [write_file(c / "ke-hoach/2023-quan-12.yaml", PLAN.replace("2024", "2023"))],
    "delete": lambda c: [delete(c / "tin-tuc/mot.md")],
    "delete-media": lambda c: [delete(c / "media/anh.svg")],
    "rename": lambda c: [delete(c / "tin-tuc/hai.md"), write_file(c / "tin-tuc/hai-moi.md", news("Tin hai", "2024-05-02", "Bài thứ hai."))],
    "no-op-save": lambda c: [edit(c / "tin-tuc/mot.md", "Bài", "Bài")],
    # Pages built from what bodies say: legal documents cited, topic lists with summaries.
    "news-body-new-legal-mention": lambda c: [edit(c / "tin-tuc/mot.md", "Bài thứ nhất", "Theo Nghị định số 56/2017/NĐ-CP, bài thứ nhất")],
    "news-body-drops-legal-mention": lambda c: [edit(c / "tin-tuc/bon.md", ", theo Luật Trẻ em năm 2016", "")],
    "news-body-on-a-topic": lambda c: [edit(c / "tin-tuc/bon.md", "Bài thứ tư", "Bài số bốn")],
    # The plan's page lists the pages that cite it.
    "news-body-cites-the-plan": lambda c: [edit(c / "tin-tuc/mot.md", "Bài thứ nhất", "Thực hiện Kế hoạch số 43/KH-UBND ngày 01/02/2024 của Ủy ban nhân dân quận 12, bài thứ nhất")],
}


def write_file(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def delete(path: Path) -> Path:
    path.unlink()
    return path


@pytest.mark.parametrize("name", sorted(EDITS))
def test_incremental_rebuild_equals_full_build(project: Path, name: str) -> None:
    state = started(project)
    changed = EDITS[name](project / "content")
    state, result = rebuild(state, changed)
    assert result.ok, result.report.format_text()
    assert_equals_full_build(project)


def test_a_citing_page_edited_twice_keeps_the_plan_page_true(project: Path) -> None:
    """Citing the plan, retitling the citing page, then no longer citing it."""
    state = started(project)
    for old, new in (
        ("Bài thứ nhất", "Thực hiện Kế hoạch số 43/KH-UBND ngày 01/02/2024 của Ủy ban nhân dân quận 12"),
        ("title: Tin một", "title: Tin một (sửa)"),
        ("Thực hiện Kế hoạch số 43/KH-UBND ngày 01/02/2024 của Ủy ban nhân dân quận 12", "Bài thứ nhất"),
    ):
        state, result = rebuild(state, [edit(project / "content/tin-tuc/mot.md", old, new)])
        assert result.ok, result.report.format_text()
        assert_equals_full_build(project)


def test_a_body_edit_renders_only_its_page(project: Path) -> None:
    state = started(project)
    state, result = rebuild(state, [edit(project / "content/tin-tuc/hai.md", "Bài thứ hai.", "Bài thứ hai, sửa.")])
    # The page, its loudspeaker script page and text, and the script index (the script grew
    # by a syllable); the two legal-document pages are re-rendered (they may list any page)
    # but their bytes do not change.
    assert result.ok and result.written == 4 and result.rendered == 6


def test_rebuild_with_no_change_writes_nothing(project: Path) -> None:
    state = started(project)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (project / "public").rglob("*") if p.is_file()}
    every_input = [p for folder in ("content", "templates", "assets") for p in (project / folder).rglob("*") if p.is_file()]
    state, result = rebuild(state, every_input)
    assert result.ok and result.written == 0 and result.pruned == 0
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (project / "public").rglob("*") if p.is_file()}
    assert after == before


def test_successive_edits_stay_equal_to_full_build(project: Path) -> None:
    state = started(project)
    content = project / "content"
    for changed in (
        [edit(content / "tin-tuc/mot.md", "Bài thứ nhất", "Bài một")],
        [write_file(content / "tin-tuc/bon.md", news("Tin bốn", "2024-06-09", "Mới."))],
        [edit(content / "tin-tuc/bon.md", "Mới.", "Mới hơn.")],
        [delete(content / "tin-tuc/bon.md")],
    ):
        state, result = rebuild(state, changed)
        assert result.ok, result.report.format_text()
    assert_equals_full_build(project)


def test_drafts_show_with_a_badge(project: Path) -> None:
    started(project)
    page = (project / "public/tin-tuc/nhap/index.html").read_text("utf-8")
    assert "draft-badge" in page and "Bản nháp" in page


# --- broken edits -------------------------------------------------------------------------------


def test_broken_edit_keeps_last_good_site_and_the_fix_clears_it(project: Path) -> None:
    state = started(project)
    good = snapshot(project / "public")
    news_file = project / "content/tin-tuc/hai.md"
    state, result = rebuild(state, [edit(news_file, "title: Tin hai", "title: Tin hai: lỗi")])
    assert not result.ok
    assert snapshot(project / "public") == good
    [error] = state.errors
    assert str(error.location) == "content/tin-tuc/hai.md:2:15"
    assert "ngoặc kép" in error.vi and "quoted" in error.en

    # Another file's edit is still loaded while the first stays broken …
    state, result = rebuild(state, [edit(project / "content/tin-tuc/mot.md", "Bài thứ nhất", "Bài đầu")])
    assert not result.ok and len(state.errors) == 1
    assert snapshot(project / "public") == good

    # … and the fix brings both in.
    state, result = rebuild(state, [edit(news_file, "title: Tin hai: lỗi", 'title: "Tin hai: đã sửa"')])
    assert result.ok and not state.errors
    assert "Tin hai: đã sửa" in (project / "public/tin-tuc/hai/index.html").read_text("utf-8")
    assert "Bài đầu" in (project / "public/tin-tuc/mot/index.html").read_text("utf-8")
    assert_equals_full_build(project)


def test_broken_template_writes_nothing_and_names_the_template(project: Path) -> None:
    state = started(project)
    good = snapshot(project / "public")
    template = edit(project / "templates/news.html", "<article", "{{ khong_co }}<article")
    state, result = rebuild(state, [template])
    assert not result.ok
    assert any(e.location.path.endswith("news.html") for e in state.errors)
    assert snapshot(project / "public") == good
    assert not list((project / "public").rglob("*.serve-tmp"))
    state, result = rebuild(state, [edit(template, "{{ khong_co }}", "")])
    assert result.ok
    assert_equals_full_build(project)


def test_start_with_errors_builds_on_the_first_good_save(project: Path) -> None:
    broken = edit(project / "content/gioi-thieu.md", "title: Giới thiệu", "tieu_de: Giới thiệu")
    state, result = start(options(project))
    assert not result.ok and state.good is None
    state, result = rebuild(state, [edit(broken, "tieu_de:", "title:")])
    assert result.ok
    assert_equals_full_build(project)


# --- the real server ---------------------------------------------------------------------------


class Server:
    """`serve` running in a thread on an ephemeral port."""

    def __init__(self, root: Path) -> None:
        from site_builder.serve import serve

        self.ready = threading.Event()
        self.running = None
        self.exit_code = None

        def on_ready(running) -> None:
            self.running = running
            self.ready.set()

        def run() -> None:
            self.exit_code = serve(options(root), host="127.0.0.1", port=0, ready=on_ready)
            self.ready.set()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        assert self.ready.wait(30) and self.running is not None, "server did not start"
        self.base = f"http://127.0.0.1:{self.running.port}/"

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def wait_for(self, path: str, predicate: Callable[[str], bool], timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while True:
            _, page = self.get(path)
            if predicate(page) or time.monotonic() > deadline:
                return page
            time.sleep(0.02)

    def stop(self) -> None:
        self.running.stop()
        self.thread.join(10)


def test_server_serves_follows_saves_and_shows_errors(project: Path) -> None:
    server = Server(project)
    try:
        status, page = server.get("tin-tuc/hai/")
        assert status == 200 and "Bài thứ hai." in page
        assert "livereload.js" in page and 'id="loi-noi-dung"' not in page
        assert "livereload" not in (project / "public/tin-tuc/hai/index.html").read_text("utf-8")

        news_file = project / "content/tin-tuc/hai.md"
        edit(news_file, "Bài thứ hai.", "Bài thứ hai, vừa lưu.")
        assert "vừa lưu" in server.wait_for("tin-tuc/hai/", lambda p: "vừa lưu" in p)

        edit(news_file, "title: Tin hai", "title: Tin hai: lỗi")
        page = server.wait_for("", lambda p: 'id="loi-noi-dung"' in p)
        assert 'id="loi-noi-dung"' in page
        assert "content/tin-tuc/hai.md:2:15" in page and "ngoặc kép" in page and "must be quoted" in page
        status, missing = server.get("khong-co/")
        assert status == 404 and 'id="loi-noi-dung"' in missing
        assert 'id="loi-noi-dung"' not in (project / "public/index.html").read_text("utf-8")

        edit(news_file, "title: Tin hai: lỗi", 'title: "Tin hai: đã sửa"')
        page = server.wait_for("tin-tuc/hai/", lambda p: 'id="loi-noi-dung"' not in p)
        assert 'id="loi-noi-dung"' not in page and "Tin hai: đã sửa" in page
    finally:
        server.stop()
    assert server.exit_code == 0


def test_port_in_use_is_a_clear_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from site_builder.serve import serve

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert serve(options(project), host="127.0.0.1", port=port) == 2
    message = capsys.readouterr().err
    assert f"Cổng {port}" in message and "already in use" in message and "Traceback" not in message
    assert not (project / "public").exists()  # nothing built for a server that cannot start


def test_ctrl_c_stops_the_cli_cleanly(project: Path) -> None:
    import re
    import signal
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "serve", "--port", "0", "--today", "2024-06-10", "--no-search"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        for line in process.stderr:
            lines.append(line)
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if found:
                break
        assert found, "".join(lines)
        with urllib.request.urlopen(f"http://127.0.0.1:{found.group(1)}/gioi-thieu/", timeout=10) as response:
            assert "Về cổng thông tin." in response.read().decode("utf-8")
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=15)[1]
    finally:
        process.kill()
    assert process.returncode == 0, rest
    assert "Đã dừng" in rest and "Traceback" not in rest


def test_browser_reloads_after_each_quick_save(project: Path) -> None:
    """Two saves in quick succession both reach an open page, with no click (livereload over a WebSocket)."""
    from playwright.sync_api import sync_playwright

    server = Server(project)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
            )
            try:
                page = browser.new_page()
                connected = "() => window.LiveReload && window.LiveReload.connector._isSocketConnected() && window.LiveReload.connector.protocol"
                page.goto(server.base + "tin-tuc/hai/")
                page.wait_for_function(connected, timeout=10000)
                news_file = project / "content/tin-tuc/hai.md"
                edit(news_file, "Bài thứ hai.", "Lần lưu thứ nhất.")
                page.wait_for_selector("text=Lần lưu thứ nhất.", timeout=10000)
                page.wait_for_function(connected, timeout=10000)
                time.sleep(0.1)  # the server counts the page once its "info" message arrives
                edit(news_file, "Lần lưu thứ nhất.", "Lần lưu thứ hai.")
                page.wait_for_selector("text=Lần lưu thứ hai.", timeout=10000)
            finally:
                browser.close()
    finally:
        server.stop()


def test_search_reindex_waits_for_a_pause_in_edits() -> None:
    from site_builder.serve import Debounced

    runs: list[float] = []
    debounced = Debounced(0.15, lambda: runs.append(time.monotonic()))
    first = time.monotonic()
    for _ in range(5):  # five quick saves …
        debounced.poke()
        time.sleep(0.03)
    last = time.monotonic()
    time.sleep(0.5)
    assert len(runs) == 1  # … one re-index,
    assert runs[0] - last >= 0.1 and runs[0] - first >= 0.2  # after the pause that followed the last one
