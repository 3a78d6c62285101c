"""Command line: argument parsing, messages and exit status. `build.py` only calls `main()`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Sequence

from .audio import AudioTools, find_audio_tools
from .diagnostics import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, Report, display_path
from .markup import format_number
from .pipeline import BuildOptions, build, check, default_cache_dir

COMMANDS = ("build", "check", "serve", "new", "import")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ngày không hợp lệ / invalid date: {text!r} (NĂM-THÁNG-NGÀY / YYYY-MM-DD)"
        ) from None


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="thư mục nội dung / content folder (content/)")
    parser.add_argument("--out", type=Path, default=Path("public"), help="thư mục kết quả / output folder (public/)")
    parser.add_argument("--base-url", help="địa chỉ gốc, thay cho site.yaml / base URL, overrides site.yaml")
    parser.add_argument("--today", type=_date, help="ngày coi là hôm nay / the build's today (YYYY-MM-DD)")
    parser.add_argument("--drafts", action="store_true", help="dựng cả bản nháp / include drafts")
    parser.add_argument("--no-search", action="store_true", help="không tạo chỉ mục tìm kiếm / skip the search index")
    parser.add_argument("--quiet", action="store_true", help="chỉ in lỗi / print errors only")
    parser.add_argument("--cache-dir", type=Path, help="thư mục bộ nhớ đệm / cache folder")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="dạng báo cáo lỗi / report format")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="site-builder",
        description="Dựng cổng thông tin tĩnh về trẻ em và bình đẳng giới. / Builds the static portal.",
    )
    commands = parser.add_subparsers(dest="command")
    build_parser = commands.add_parser("build", help="dựng trang / build the site")
    _common(build_parser)
    build_parser.add_argument("--audio", action="store_true", help="thêm bản đọc thử bằng giọng máy (cần espeak-ng) / machine-voice previews of scripts (needs espeak-ng)")
    _common(commands.add_parser("check", help="kiểm tra nội dung, không ghi gì / validate without writing"))
    serve = commands.add_parser("serve", help="xem trước, tự tải lại / live preview")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    new = commands.add_parser("new", help="tạo trang mới từ mẫu / scaffold a page")
    new.add_argument("kind", choices=("campaign", "news", "plan"))
    new.add_argument("title")
    new.add_argument("--content", type=Path, default=Path("content"))
    new.add_argument("--today", type=_date)
    imp = commands.add_parser("import", help="chuyển văn bản kế hoạch thành YAML / draft a plan from its text")
    imp.add_argument("file", type=Path)
    imp.add_argument("-o", "--output", type=Path)
    return parser


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    argv = list(argv)
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")  # `python build.py` and `python build.py --out x` build
    return make_parser().parse_args(argv)


def options_from(args: argparse.Namespace) -> BuildOptions:
    interactive = sys.stderr.isatty() and not os.environ.get("CI") and not args.quiet
    return BuildOptions(
        content=args.content,
        out=args.out,
        base_url=args.base_url,
        today=args.today,
        drafts=args.drafts,
        search=not args.no_search,
        quiet=args.quiet,
        progress=interactive,
        cache_dir=args.cache_dir or default_cache_dir(),
        audio=_audio_tools(args),
    )


def _audio_tools(args: argparse.Namespace) -> AudioTools | None:
    if not getattr(args, "audio", False):
        return None
    tools = find_audio_tools()
    if tools is None:
        print("Chưa cài espeak-ng nên không tạo bản đọc thử (apt-get install espeak-ng). / espeak-ng is not installed; no audio previews.", file=sys.stderr)
    return tools


def print_report(report: Report, args: argparse.Namespace) -> None:
    if getattr(args, "format", "text") == "json":
        print(report.format_json())
        return
    text = report.format_text()
    if text and (report.has_errors or not args.quiet):
        print(text, file=sys.stderr)


def usage_problem(options: BuildOptions) -> str | None:
    """Refuse output folders whose replacement would destroy something else."""
    out, content = options.out.resolve(), options.content.resolve()
    if out == content or out in content.parents or content in out.parents:
        return "Thư mục kết quả không được trùng hoặc chứa thư mục nội dung. / The output folder must not be, contain or sit inside the content folder."
    if out == Path.cwd().resolve() or out == Path(out.anchor):
        return "Thư mục kết quả không được là thư mục hiện tại. / The output folder must not be the current folder."
    if out.is_dir() and any(out.iterdir()) and not ((out / "index.html").exists() or (out / "404.html").exists()):
        return (
            f"{display_path(options.out)} đã có tệp và không phải một trang đã dựng; không ghi đè. "
            f"/ {display_path(options.out)} holds files that are not a built site; not replacing it."
        )
    if out.exists() and not out.is_dir():
        return f"{display_path(options.out)} là một tệp, không phải thư mục. / {display_path(options.out)} is a file, not a folder."
    return None


def run_build(args: argparse.Namespace) -> int:
    options = options_from(args)
    problem = usage_problem(options)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    result = build(options)
    print_report(result.report, args)
    if not result.ok:
        print("Chưa dựng trang: hãy sửa các lỗi trên. Trang cũ vẫn giữ nguyên. / Not built: fix the errors above; the previous site is unchanged.", file=sys.stderr)
        return EXIT_CONTENT
    if not args.quiet and args.format == "text" and result.unchanged:
        seconds = format_number(round(result.seconds, 2))
        print(f"Nội dung không đổi: {display_path(options.out)} đã là bản mới nhất, không cần ghi lại ({seconds} giây). / Nothing changed: {display_path(options.out)} is up to date ({result.seconds:.2f} s).", file=sys.stderr)
    elif not args.quiet and args.format == "text":
        seconds = format_number(round(result.seconds, 2))
        if result.rendered < result.written:
            vi_part = f" (dựng lại {format_number(result.rendered)} tệp có thay đổi, giữ nguyên các tệp khác)"
            en_part = f" ({result.rendered} re-rendered, the rest unchanged)"
        else:
            vi_part = en_part = ""
        print(f"Đã dựng {format_number(result.written)} tệp vào {display_path(options.out)}{vi_part} trong {seconds} giây. / Built {result.written} files into {display_path(options.out)}{en_part} in {result.seconds:.2f} s.", file=sys.stderr)
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    report = Report()
    check(options_from(args), report)
    print_report(report, args)
    if report.has_errors:
        return EXIT_CONTENT
    if not args.quiet and args.format == "text":
        print("Nội dung hợp lệ. / Content is valid.", file=sys.stderr)
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    options = options_from(args)
    problem = usage_problem(options)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    return serve(options, host=args.host, port=args.port)


def run_new(args: argparse.Namespace) -> int:
    from .scaffold import write_scaffold

    return write_scaffold(args.kind, args.title, content=args.content, today=args.today or dt.date.today())


def run_import(args: argparse.Namespace) -> int:
    from .plan_import import run_import

    return run_import(args.file, args.output, stdout=sys.stdout, stderr=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    handlers = {"build": run_build, "check": run_check, "serve": run_serve, "new": run_new, "import": run_import}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        print("Đã dừng. / Interrupted.", file=sys.stderr)
        return 130
