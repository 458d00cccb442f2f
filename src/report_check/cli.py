"""The command line: thin commands over the library.  Imports nothing heavy at start-up.

``report-check workbook.xlsx`` is ``report-check check workbook.xlsx``.
Exit codes: 0 no error, 1 findings, 2 input that cannot be used (or an output that cannot be written),
3 an internal error.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import OutputDirExists, OutputExists, OutputNotWritten, OutputProblem, OutputRefused

EXIT_INTERNAL = 3
MISSING_SHOWN = 20  # units of the roster that sent nothing, named on the terminal (all of them in 汇总.xlsx)
DEFAULT_TEMPLATE = "政府信息公开工作年度报告模板.xlsx"

F = TypeVar("F", bound=Callable[..., Any])


class _DefaultToCheck(click.Group):
    """A group whose first argument, when it is not a command, is a workbook to check."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _lang_option(func: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=lambda: os.environ.get("REPORT_CHECK_LANG", "zh"),
        show_default="zh",
        help="消息语言 / language of messages (env REPORT_CHECK_LANG).",
    )(func)


def _output_options(help_text: str) -> Callable[[F], F]:
    """-o/--output (a file, default beside the input) and --overwrite, for the commands that write one file."""

    def options(func: F) -> F:
        func = click.option("--overwrite", is_flag=True, help="覆盖已有文件 / replace an existing file.")(func)
        return click.option(
            "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, help=help_text
        )(func)

    return options


def _format_option(func: F) -> F:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="输出格式 / output format.",
    )(func)


def _blank_as_zero_option(func: F) -> F:
    return click.option(
        "--blank-as-zero", is_flag=True, help="空白单元格按 0 计算（降为警告）/ count blank cells as 0 (a warning)."
    )(func)


def _debug_option(func: F) -> F:
    return click.option("--debug", is_flag=True, help="出错时显示技术细节 / show a traceback on internal errors.")(func)


def _load_checking() -> None:
    """Import what checking needs (numpy and the rules) with the cyclic garbage collector paused, then freeze
    the imported objects out of its reach and make it run less often (check.quiet_gc).  pandas and pandera
    are not among them: they serve only the reference route of the tests."""
    gc.disable()
    try:
        import numpy  # noqa: F401

        from . import check
    finally:
        gc.enable()
    check.quiet_gc()


def _output_problem(exc: OutputProblem, en: bool) -> str:
    """What to tell the user about an output that was not written."""
    if isinstance(exc, OutputDirExists):
        return (
            f"{exc.path} is not empty; use --overwrite to replace it."
            if en
            else f"输出文件夹 {exc.path} 不是空的。如需替换，请加 --overwrite。"
        )
    if isinstance(exc, OutputExists):
        return (
            f"{exc.path} already exists; use --overwrite to replace it."
            if en
            else f"{exc.path} 已存在。如需覆盖，请加 --overwrite。"
        )
    if isinstance(exc, OutputNotWritten):
        return (
            f"Cannot write {exc.path}: {exc.reason}. Check that the folder can be written to, that the disk "
            "has space and that the file is not open in Excel, WPS or Word, then run again. Nothing was written."
            if en
            else f"无法写入 {exc.path}：{exc.reason}。请确认文件夹可以写入、磁盘有空间，并且文件没有在 Excel、"
            "WPS 或 Word 中打开，然后重新运行。没有写入任何文件。"
        )
    assert isinstance(exc, OutputRefused)
    if exc.reason == "suffix":
        return (
            f"Will not write {exc.path}: the file name must end in {exc.other}, or it will not open."
            if en
            else f"不能写入 {exc.path}：文件名应以 {exc.other} 结尾，否则打不开。"
        )
    if exc.reason == "is_input":
        return (
            f"Will not write {exc.path}: it is the workbook being read and would be overwritten. Name another "
            "file with -o."
            if en
            else f"不能写入 {exc.path}：它就是要读取的工作簿，会被覆盖。请用 -o 指定另一个文件名。"
        )
    return (
        f"Will not write into {exc.path}: it holds {exc.other}, which is read by this batch, and the output "
        "folder is replaced as a whole. Choose another output folder with -o."
        if en
        else f"不能把结果写入 {exc.path}：要读取的 {exc.other} 在这个文件夹里，而输出文件夹会被整个替换，"
        "那样会删除它。请用 -o 另选一个输出文件夹。"
    )


def _guarded(func: F) -> F:
    """An output that was not written (it exists, is refused, or the system refused it) becomes a message and
    exit code 2; an unexpected failure a short message and exit code 3, never a traceback (unless --debug)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("已中断 / interrupted", err=True)
            sys.exit(130)
        except OutputProblem as exc:
            click.echo(_output_problem(exc, kwargs.get("lang") == "en"), err=True)
            sys.exit(2)
        except BrokenPipeError:
            # The reader of our output went away (`report-check … | head`): end quietly, as a program killed
            # by SIGPIPE would; stdout goes to /dev/null so that the flush at exit does not fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(128 + 13)
        except Exception as exc:
            if kwargs.get("debug"):
                traceback.print_exc()
            lang = kwargs.get("lang") or "zh"
            if lang == "en":
                click.echo(f"report-check: internal error: {type(exc).__name__}: {exc}", err=True)
                click.echo("Nothing was written. Run again with --debug and report the output.", err=True)
            else:
                click.echo(f"report-check 内部错误：{type(exc).__name__}: {exc}", err=True)
                click.echo("没有写入任何文件。请加 --debug 重新运行，并把输出报告给维护者。", err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="report-check")
def cli() -> None:
    """政府信息公开工作年度报告：模板、检查、转换。

    \b
    report-check 工作簿.xlsx              检查一个工作簿（同 check）
    report-check convert 工作簿.xlsx      检查并生成 Word 年度报告
    report-check template -o 模板.xlsx    生成官方格式的 Excel 模板
    report-check rules                    列出全部检查规则

    退出码：0 通过（可有警告），1 有错误，2 文件无法使用或输出无法写入，3 内部错误。
    Exit codes: 0 passed, 1 errors found, 2 input unusable or output not written, 3 internal error.
    """


@cli.command()
@click.argument("workbooks", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=True))
@_format_option
@_lang_option
@click.option("--strict", is_flag=True, help="有警告也按不通过处理（退出码 1）/ warnings fail too.")
@_blank_as_zero_option
@_debug_option
@_guarded
def check(
    workbooks: tuple[Path, ...], output_format: str, lang: str, strict: bool, blank_as_zero: bool, debug: bool
) -> None:
    """检查填好的工作簿（可以一次给几个）/ check filled-in workbooks (one or several).

    退出码取最坏的一个 / the exit code is the worst of them."""
    _load_checking()
    from .check import CheckOptions, check_workbook

    results = [check_workbook(workbook, CheckOptions(blank_as_zero=blank_as_zero)) for workbook in workbooks]
    if output_format == "json":
        import json

        from .render.json_report import result_dict

        data = [result_dict(result, lang) for result in results]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
    else:
        from .render.text_report import render as render_text

        click.echo("\n\n".join(render_text(result, lang, click.style, strict=strict) for result in results))
    sys.exit(max(result.exit_code(strict) for result in results))


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path))
@_output_options("Word 文件名（默认：工作簿同名 .docx）/ the .docx to write (default: beside the workbook).")
@click.option("--force", is_flag=True, help="有错误也生成（首页注明未通过检查）/ convert despite errors.")
@_blank_as_zero_option
@_lang_option
@_debug_option
@_guarded
def convert(
    workbook: Path, output: Path | None, force: bool, overwrite: bool, blank_as_zero: bool, lang: str, debug: bool
) -> None:
    """检查工作簿并生成 Word 年度报告 / check a workbook and write its Word report."""
    _load_checking()
    from .check import CheckOptions
    from .render.text_report import render as render_text
    from .word import convert_workbook

    conversion = convert_workbook(
        workbook, output, force=force, overwrite=overwrite, options=CheckOptions(blank_as_zero=blank_as_zero)
    )
    result = conversion.result
    if result.findings:
        click.echo(render_text(result, lang, click.style))
    en = lang == "en"
    if conversion.output is not None:
        done = f"Word report written: {conversion.output}" if en else f"已生成 Word 报告：{conversion.output}"
        if conversion.forced:
            done += (
                " (forced despite errors; its first page says so)"
                if en
                else "（有错误，按 --force 强制生成，首页已注明）"
            )
        click.echo(done)
    elif result.unusable is None:
        click.echo(
            "Not converted: the workbook has errors. Correct them, or use --force."
            if en
            else "工作簿有错误，未生成 Word 报告。请改正后重试，或加 --force 强制生成。",
            err=True,
        )
    sys.exit(result.exit_code())


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址 / the address to listen on.")
@click.option("--port", default=8765, show_default=True, type=int, help="端口 / the port.")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器 / do not open the browser.")
@_lang_option
@_debug_option
@_guarded
def serve(host: str, port: int, no_browser: bool, lang: str, debug: bool) -> None:
    """在本机打开检查页面（不必使用命令行）/ serve the checking page on this machine."""
    import webbrowser

    import uvicorn

    from .web import create_app

    en = lang == "en"
    address = f"http://{host if host not in ('0.0.0.0', '::') else '127.0.0.1'}:{port}/"
    click.echo(f"report-check page: {address}  (Ctrl-C stops it)" if en else f"检查页面：{address}（按 Ctrl-C 停止）")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"Warning: listening on {host}: anyone on the network can use this page."
            if en
            else f"注意：正在监听 {host}，同一网络中的任何人都能使用这个页面。",
            err=True,
        )
    if not no_browser:
        webbrowser.open(address)
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


@cli.command("import")
@click.argument("report", type=click.Path(path_type=Path))
@_output_options("要写的工作簿（默认：与报告同名的 .xlsx）/ the workbook to write (default: beside the report).")
@_lang_option
@_debug_option
@_guarded
def import_(report: Path, output: Path | None, overwrite: bool, lang: str, debug: bool) -> None:
    """把公开的年度报告（网页、Word、PDF、文字）或自编表格填入官方模板 / fill the template from a published
    report (page, Word, PDF, text) or an office's own spreadsheet.

    写出的工作簿与原报告的检查结果相同；原报告的问题照样列出 / the workbook checks as the report did; the
    report's findings are listed."""
    _load_checking()
    from .importer import import_report, left_blank
    from .outputs import atomic_write
    from .render.text_report import render as render_text

    target = output or report.with_name(
        f"{report.stem}.xlsx" if report.suffix.lower() != ".xlsx" else f"{report.stem}-模板.xlsx"
    )
    if target.suffix.lower() != ".xlsx":
        raise OutputRefused(target, "suffix", ".xlsx")
    if target.exists() and target.resolve() == report.resolve():
        raise OutputRefused(target, "is_input")
    if target.exists() and not overwrite:  # said before the report is read, not after
        raise OutputExists(target)
    result, data = import_report(report)
    click.echo(render_text(result, lang, click.style))
    if data is not None:
        atomic_write(target, data, overwrite=overwrite)
        click.echo(f"Template filled: {target}" if lang == "en" else f"已填入模板：{target}")
        if blank := left_blank(result):
            click.echo(
                f"Not stated in the report, left blank for you to fill in: {', '.join(f.label_en for f in blank)}"
                if lang == "en"
                else f"报告中没有写明、模板中留空待填：{'、'.join(f.label for f in blank)}"
            )
    sys.exit(result.exit_code())


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--outdir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="输出文件夹 / folder for the outputs.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default="所有核心 / all cores",
    help="并行进程数 / worker processes.",
)
@click.option(
    "--roster",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="应报送单位名单（.xlsx 或 .csv）/ the expected units.",
)
@click.option(
    "--previous",
    type=click.Path(path_type=Path, exists=True),
    multiple=True,
    help="上年报送的工作簿（文件或文件夹，可多次）/ last year's submissions.",
)
@click.option("--consolidate", is_flag=True, help="生成 合计.xlsx / write the totals.")
@click.option("--docx", "docx", is_flag=True, help="为通过检查的单位生成 Word 报告 / Word reports for passing units.")
@click.option("--overwrite", is_flag=True, help="替换已有的输出文件夹 / replace an existing OUTDIR.")
@_blank_as_zero_option
@_lang_option
@_debug_option
@_guarded
def batch(
    paths: tuple[Path, ...],
    outdir: Path,
    jobs: int,
    roster: Path | None,
    previous: tuple[Path, ...],
    consolidate: bool,
    docx: bool,
    overwrite: bool,
    blank_as_zero: bool,
    lang: str,
    debug: bool,
) -> None:
    """检查下级单位报送的全部工作簿 / check every submission under PATHS."""
    _load_checking()
    from .batch import BatchOptions, NoSubmissions, run_batch
    from .check import CheckOptions
    from .errors import UnusableInput

    en = lang == "en"
    missing_paths = [path for path in paths if not path.exists()]
    if missing_paths:
        names = ", ".join(str(p) for p in missing_paths)
        click.echo(f"Not found: {names}" if en else f"找不到：{names}", err=True)
        sys.exit(2)
    options = BatchOptions(
        jobs=jobs,
        roster=roster,
        previous=list(previous),
        consolidate=consolidate,
        docx=docx,
        overwrite=overwrite,
        lang=lang,
        check=CheckOptions(blank_as_zero=blank_as_zero),
    )
    try:
        result = run_batch(list(paths), outdir, options, _progress_bar(en))
    except NoSubmissions as exc:
        names = ", ".join(str(p) for p in paths)
        click.echo(
            f"No workbook (.xlsx, .xls, .ods …) or published report (.html, .docx, .txt) in {names} (subfolders "
            "included). Check the folder; nothing was written."
            if en
            else f"在 {names} 中（包括子文件夹）没有找到工作簿（.xlsx、.xls、.ods 等）或公开的报告"
            "（.html、.docx、.txt）。请确认文件夹是否正确；没有写入任何文件。",
            err=True,
        )
        for item in exc.skipped[:10]:
            click.echo(f"  {'not read' if en else '未读取'}  {item.name}：{item.text(lang)}", err=True)
        sys.exit(2)
    except UnusableInput as exc:  # the roster
        from .check import unusable_finding
        from .format import CURRENT

        message = unusable_finding(exc, roster or "").message(CURRENT, lang)
        click.echo(f"Roster: {message}" if en else f"名单：{message}", err=True)
        sys.exit(2)
    from collections import Counter

    from .batch.outputs import FAILED, LEFT_OUT, PASSED, SUPERSEDED, UNREADABLE, WARNED, status_text

    statuses = (PASSED, WARNED, FAILED, UNREADABLE, SUPERSEDED)
    counts = {s: sum(1 for sub in result.submissions if sub.status == s) for s in statuses}
    parts = [f"{status_text(s, lang)} {n}" for s, n in counts.items() if n or s != SUPERSEDED]
    units = sum(1 for sub in result.submissions if sub.status not in (UNREADABLE, SUPERSEDED))
    click.echo(
        f"{len(result.submissions)} files from {units} units: " + ", ".join(parts)
        if en
        else f"共 {len(result.submissions)} 个文件，来自 {units} 个单位：" + "，".join(parts)
    )
    if result.year is not None:
        others = sum(1 for sub in result.submissions if sub.metadata.year not in (None, result.year))
        if en:
            line = f"Report year of the batch: {result.year} (the year of most workbooks"
            click.echo(line + (f"; {others} of another year)" if others else ")"))
        else:
            line = f"本批报告年度：{result.year}（多数报送的年度"
            click.echo(line + (f"；另有 {others} 份为其他年度）" if others else "）"))
    if result.consolidated is not None:
        included, left_out = result.consolidated
        reasons = Counter(kind for _, kind, _ in left_out)
        listed = ("; " if en else "，").join(f"{LEFT_OUT[kind](lang)} {n}" for kind, n in reasons.items())
        click.echo(
            f"合计.xlsx: {len(included)} units summed; {len(left_out)} workbooks left out ({listed})"
            if en
            else f"合计.xlsx：计入 {len(included)} 个单位；未计入 {len(left_out)} 份（{listed}），原因见“合计说明”"
        )
    if result.skipped:
        reasons = Counter(item.text(lang) for item in result.skipped)
        listed = "; ".join(f"{reason} {count}" for reason, count in reasons.items())
        click.echo(
            f"Not read: {len(result.skipped)} files ({listed}); listed in the summary"
            if en
            else f"未读取：{len(result.skipped)} 个文件（{listed}），见汇总表"
        )
    if result.roster is not None:
        missing = len(result.roster.missing)
        click.echo(f"Not submitted: {missing}" if en else f"名单中未提交：{missing} 个单位")
        for unit in result.roster.missing[:MISSING_SHOWN]:
            note = unit.note(lang)
            shown = f"{unit.name} ({note})" if en and note else f"{unit.name}（{note}）" if note else unit.name
            click.echo(f"  {'not submitted' if en else '未提交'}  {shown}")
        strangers = [sub for sub in result.submissions if any(f.rule == "X01" for f in sub.result.findings)]
        if strangers:
            names = ("; " if en else "、").join(sub.metadata.org_name or sub.name for sub in strangers[:MISSING_SHOWN])
            more = len(strangers) - MISSING_SHOWN
            click.echo(
                f"Not on the roster: {len(strangers)} files ({names}{' …' if more > 0 else ''}): "
                "a unit the roster names otherwise is listed as not submitted"
                if en
                else f"不在名单上：{len(strangers)} 个文件（{names}{'……' if more > 0 else ''}），"
                "名单上写法不同的单位会因此列为未提交，请核对"
            )
        if missing > MISSING_SHOWN:
            click.echo(
                f"  … {missing - MISSING_SHOWN} more in 汇总.xlsx"
                if en
                else f"  ……另有 {missing - MISSING_SHOWN} 个，见汇总表"
            )
    if previous:
        matched, last = result.previous_matched, result.year - 1 if result.year else None
        among = (f" among the reports for {last}" if en else f"（只取 {last} 年度的报告）") if last else ""
        click.echo(
            f"Last year's reports: {matched} units matched by credit code or name{among}"
            if en
            else f"上年报告：{matched} 个单位按统一社会信用代码或名称对应上{among}"
        )
    for sub in result.submissions:
        if sub.status in (FAILED, UNREADABLE):
            first = sub.result.findings[0].message(sub.result.format, lang) if sub.result.findings else ""
            click.echo(f"  {status_text(sub.status, lang)}  {sub.name}  {first}")
    click.echo(
        (f"Outputs in {outdir}: " if en else f"输出在 {outdir}：")
        + ", ".join(str(p) for p in result.written[:6])
        + (" …" if len(result.written) > 6 else "")
    )
    sys.exit(result.exit_code)


def _progress_bar(en: bool) -> Any:
    from contextlib import contextmanager

    labels = {
        "读取并检查": "reading and checking",
        "读取上年报告": "reading last year",
        "写标注副本": "annotating",
        "生成 Word 报告": "Word reports",
    }

    @contextmanager
    def bar(label: str, total: int) -> Any:
        with click.progressbar(
            length=total, label=labels.get(label, label) if en else label, file=sys.stderr, show_pos=True
        ) as progress:
            yield progress.update

    return bar


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_TEMPLATE,
    show_default=True,
    help="模板文件名 / where to write the template.",
)
@click.option("--overwrite", is_flag=True, help="覆盖已有文件 / replace an existing file.")
@_lang_option
@_debug_option
@_guarded
def template(output: Path, overwrite: bool, lang: str, debug: bool) -> None:
    """生成官方格式的 Excel 模板 / write the official Excel template."""
    from .outputs import atomic_write
    from .template.writer import template_bytes

    if output.suffix.lower() != ".xlsx":
        raise OutputRefused(output, "suffix", ".xlsx")
    atomic_write(output, template_bytes(), overwrite=overwrite)
    click.echo(f"Template written: {output}" if lang == "en" else f"已生成模板：{output}")


@cli.command()
@_format_option
@_lang_option
@_debug_option
@_guarded
def rules(output_format: str, lang: str, debug: bool) -> None:
    """列出全部检查规则 / list every rule."""
    from .rules.registry import RULES

    if output_format == "json":
        import json

        items = []
        for rule in RULES.values():
            summary, rationale, _ = rule.text(lang)
            items.append(
                {"code": rule.code, "severity": str(rule.severity), "summary": summary, "rationale": rationale}
            )
        click.echo(json.dumps({"schema_version": 1, "rules": items}, ensure_ascii=False, indent=2))
        return
    severity_words = {"error": ("错误", "error"), "warning": ("警告", "warning")}
    for rule in RULES.values():
        summary, rationale, _ = rule.text(lang)
        word = severity_words[str(rule.severity)][1 if lang == "en" else 0]
        click.echo(f"{rule.code:<4} {word:<7}  {summary}")
        click.echo(f"      {rationale}")


def _terminated(signum: int, frame: object) -> None:
    # SIGTERM (kill, a closing terminal) unwinds like Ctrl-C: temporary outputs are removed on the way out.
    raise SystemExit(128 + signum)


# What a console that cannot show a symbol gets instead (a GBK console on Chinese Windows has no ✗; ASCII has no
# Chinese at all): the nearest ASCII, else "?".  Output never fails for its encoding.
_FALLBACKS = {"✗": "x", "✓": "v", "—": "-", "–": "-", "…": "...", "“": '"', "”": '"', "‘": "'", "’": "'", "×": "x"}


def _replace_unencodable(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    text = error.object[error.start : error.end]
    return "".join(_FALLBACKS.get(char, "?") for char in text), error.end


def _safe_streams() -> None:
    """stdout and stderr that replace what their encoding cannot hold instead of raising UnicodeEncodeError."""
    import codecs

    codecs.register_error("report_check_replace", _replace_unencodable)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="report_check_replace")


def main() -> None:
    signal.signal(signal.SIGTERM, _terminated)
    _safe_streams()
    cli(prog_name="report-check")
